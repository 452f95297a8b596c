r"""Timelines: roadmap phases as one accessible, numbered list.

Three ways in, one shape out:

* the ``timeline`` directive with ``phase`` children (written on purpose);
* body headings that look like periods (``## 0-6 months`` … ``## Ongoing``), turned into
  a timeline by :class:`TimelineTransform`, with each ``\-`` escaped-dash line made its
  own action;
* front-matter ``items`` (``title`` + Markdown ``description``), rendered after the body.

The shape is standard docutils, as sphinx-design's ``steps``: a :class:`timeline_list`
(an ``enumerated_list``) of ``list_item`` phases, each opening with a ``rubric`` that
carries ``heading-level`` (an ``<h2>``–``<h6>`` in HTML), then an optional status/dates
line, then the phase's content (usually a bullet list of actions). Every builder renders
it; the markers and the connecting line are CSS only (``_static/cx-timeline.css``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..core.assets import add_stylesheet
from ..core.compat import heading_slug_func, set_heading_slug
from ..core.i18n import N_, gettext
from ..core.warnings import WarningKind, warn
from ..core.writers import add_node
from ..model.page import get_front_matter
from ..sources.markdown import render_markdown
from ..sources.placeholders import find_placeholder

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# -- period titles --------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?\+?"
_UNIT = r"(?:days?|weeks?|wks?|months?|mos?|quarters?|qtrs?|years?|yrs?|mes(?:es)?|años?)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_TO = r"\s*(?:-|to|through|until)\s*"
_PERIOD_FORMS = (
    rf"{_NUM}{_TO}{_NUM}\s*{_UNIT}",  # 0-6 months, 12-18+ months
    rf"(?:(?:first|next|last|within|in)\s+(?:the\s+)?)?{_NUM}\s*{_UNIT}",  # first 90 days
    rf"{_UNIT}\s+{_NUM}(?:{_TO}{_NUM})?",  # month 6, months 1-3, year 1, years 2-3
    rf"q[1-4](?:{_TO}q[1-4])?(?:\s*(?:fy\s*)?'?\d{{2,4}})?",  # Q3, Q3 2025, Q1-Q2 FY25
    rf"(?:fy|fiscal year)\s*'?\d{{2,4}}(?:{_TO}'?\d{{2,4}})?",  # FY 2025, FY25-26
    rf"h[12]\s*(?:fy\s*)?{_YEAR}",  # H1 2025
    rf"{_YEAR}(?:{_TO}(?:{_YEAR}|\d{{2}}))?",  # 2025, 2025-2026, 2025-26
    rf"{_MONTH}(?:\s+{_YEAR})?{_TO}{_MONTH}\s+{_YEAR}",  # Jan-Mar 2025
    rf"{_MONTH}\s+{_YEAR}",  # January 2025
    rf"(?:spring|summer|fall|autumn|winter)\s+{_YEAR}",
    r"ongoing|continuous(?:ly)?|continuing|now|next|later|future|immediate(?:ly)?|en curso",
    r"(?:short|medium|mid|long|near)\s*-?\s*term",
)
_PERIOD = (
    r"(?:(?:beyond|after|over|more than|up to|by)\s+)?"
    rf"(?:{'|'.join(_PERIOD_FORMS)})"
    r"(?:\s*\+|\s+and (?:beyond|later|after)|\s+onwards?)?"
)


@cache
def period_title() -> re.Pattern[str]:
    """The pattern of "0-6 months", "0-6 months: Foundations", "Foundations (0-6 months)".

    Compiled on first use: it is the largest pattern of the extension, and a build that
    reads no page never needs it.
    """
    return re.compile(rf"^(?:{_PERIOD}|{_PERIOD}\s*[:(].*|[^()]+\(\s*{_PERIOD}\s*\))$")


#: Headings that announce a roadmap (an empty one is where front-matter phases go).
TIMELINE_HEADING = re.compile(
    r"^(?:key actions\s*(?:&|and)\s*)?(?:timelines?|roadmaps?|phases|milestones|schedule)$"
)
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
_DASH_LINE = re.compile(r"^\s*[\u2013\u2014\u2022-]\s*")
_SOFT_BREAK_BEFORE_DASH = re.compile(r"\n\s*(?=[\u2013\u2014\u2022-])")
_TRAILING_SPACE = re.compile(r"\s+$")


def normalise_title(text: str) -> str:
    """A title as compared across forms: no emphasis marks, one dash, folded space and case.

    ``"**12 – 18+ Months** "`` and ``"12-18+ months"`` normalise to the same string.
    """
    text = re.sub(r"[*_`]", "", text).casefold()
    text = _DASHES.sub("-", text)
    return " ".join(text.split()).strip(" .:")


def display_title(text: str) -> str:
    """A heading's text without stray emphasis marks or spaces (``** 0–6 months **``)."""
    return " ".join(text.strip().strip("*_ ").split())


def is_period_title(text: str) -> bool:
    """True for titles naming a period of a roadmap (``0-6 months``, ``Q3 2025``, ``Ongoing``)."""
    return bool(period_title().match(normalise_title(text)))


# -- statuses -------------------------------------------------------------------------

#: Status value -> (CSS modifier, label the reader sees).
STATUSES: dict[str, tuple[str, str]] = {
    "done": ("done", N_("Done")),
    "in progress": ("in-progress", N_("In progress")),
    "planned": ("planned", N_("Planned")),
}
_STATUS_ALIASES = {
    "complete": "done",
    "completed": "done",
    "finished": "done",
    "in-progress": "in progress",
    "in_progress": "in progress",
    "inprogress": "in progress",
    "active": "in progress",
    "current": "in progress",
    "doing": "in progress",
    "upcoming": "planned",
    "future": "planned",
    "next": "planned",
}


def parse_status(value: str) -> str | None:
    """The canonical status for *value* (``None`` when it is not one we know)."""
    key = " ".join(value.casefold().split())
    key = _STATUS_ALIASES.get(key, key)
    return key if key in STATUSES else None


# -- nodes ----------------------------------------------------------------------------

TIMELINE_CLASS = "cx-timeline"
PHASE_CLASS = "cx-timeline__phase"
TITLE_CLASS = "cx-timeline__title"
ACTIONS_CLASS = "cx-timeline__actions"
EXTRA_ITEMS_CLASS = "cx-timeline-extra-items"


class timeline_list(nodes.enumerated_list):
    """The timeline: an ``enumerated_list`` that keeps its list role in HTML.

    CSS hides the native numbers (``list-style: none``) to draw its own markers, which
    makes WebKit drop the list semantics; ``role="list"`` restores them. Other writers
    render it exactly as an ``enumerated_list`` (a numbered list in text, LaTeX, man).
    """


def _visit_timeline_html(self: Any, node: timeline_list) -> None:
    attributes = {"start": node["start"]} if "start" in node else {}
    self.body.append(self.starttag(node, "ol", role="list", **attributes))


def _depart_timeline_html(self: Any, node: timeline_list) -> None:
    self.body.append("</ol>\n")


def _visit_as_enumerated_list(self: Any, node: timeline_list) -> None:
    self.visit_enumerated_list(node)


def _depart_as_enumerated_list(self: Any, node: timeline_list) -> None:
    self.depart_enumerated_list(node)


def new_timeline(source: str | None = None, line: int | None = None) -> timeline_list:
    """An empty timeline list."""
    timeline = timeline_list("", classes=[TIMELINE_CLASS], enumtype="arabic", prefix="", suffix=".")
    timeline.source, timeline.line = source, line
    return timeline


def new_phase(
    title: Iterable[nodes.Node],
    title_text: str,
    *,
    status: str | None = None,
    dates: str | None = None,
    source: str | None = None,
    line: int | None = None,
) -> nodes.list_item:
    """A phase: a heading-level rubric (the period), a status/dates line, no content yet."""
    classes = [PHASE_CLASS]
    if status:
        classes.append(f"{PHASE_CLASS}--{STATUSES[status][0]}")
    phase = nodes.list_item("", classes=classes)
    heading = nodes.rubric(title_text, "", *title, classes=[TITLE_CLASS])
    meta = nodes.paragraph("", classes=["cx-timeline__meta"])
    if status:
        modifier, label = STATUSES[status][0], gettext(STATUSES[status][1])
        meta += nodes.inline(
            label, label, classes=["cx-timeline__status", f"cx-timeline__status--{modifier}"]
        )
    if dates:
        if len(meta):  # shown by text builders; HTML spaces the badge with CSS instead
            meta += nodes.inline(" · ", " · ", classes=["cx-timeline__separator"])
        meta += nodes.inline(dates, dates, classes=["cx-timeline__dates"])
    for node in (phase, heading, meta):
        node.source, node.line = source, line
    phase += heading
    if len(meta):
        phase += meta
    return phase


def phase_title(phase: nodes.list_item) -> nodes.rubric | None:
    """The phase's title rubric."""
    first = phase.children[0] if phase.children else None
    return first if isinstance(first, nodes.rubric) else None


def mark_actions(blocks: Iterable[nodes.Node]) -> None:
    """Class the bullet lists among a phase's blocks as its actions."""
    for block in blocks:
        if isinstance(block, nodes.bullet_list) and ACTIONS_CLASS not in block["classes"]:
            block["classes"].append(ACTIONS_CLASS)


# -- directives -----------------------------------------------------------------------


class TimelineDirective(SphinxDirective):
    """``timeline``: a numbered list of ``phase`` directives."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        """Parse the phases; anything else is kept, after the timeline, with a warning."""
        timeline = new_timeline()
        self.set_source_info(timeline)
        timeline["classes"] += self.options.get("class", [])
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        after: list[nodes.Node] = []
        for child in holder.children:
            if isinstance(child, nodes.list_item) and PHASE_CLASS in child["classes"]:
                timeline += child
            elif isinstance(child, nodes.comment | nodes.target | nodes.system_message):
                after.append(child)
            else:
                warn(
                    WarningKind.TIMELINE,
                    "only 'phase' blocks belong inside a 'timeline'; this content is shown "
                    "after the timeline. Move it into a phase or out of the timeline",
                    (self.env.docname, child.line or self.lineno),
                )
                after.append(child)
        if not len(timeline):
            warn(
                WarningKind.TIMELINE,
                "this timeline has no phases; add ':::{phase} 0-6 months' blocks inside it",
                (self.env.docname, self.lineno),
            )
        return [timeline, *after]


class PhaseDirective(SphinxDirective):
    """``phase <period>``: one phase of a ``timeline``, with optional status and dates."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "status": directives.unchanged,
        "dates": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Build the phase list item; a phase outside a timeline gets a timeline of its own."""
        title = self.arguments[0]
        status = None
        if raw := self.options.get("status", "").strip():
            status = parse_status(raw)
            if status is None:
                warn(
                    WarningKind.TIMELINE,
                    f"phase '{title}': unknown status '{raw}' is ignored; "
                    "use done, in progress or planned",
                    (self.env.docname, self.lineno),
                )
        title_nodes, messages = self.state.inline_text(title, self.lineno)
        source, line = self.get_source_info()
        phase = new_phase(
            title_nodes,
            title,
            status=status,
            dates=self.options.get("dates", "").strip() or None,
            source=source,
            line=line,
        )
        phase["classes"] += self.options.get("class", [])
        phase += messages
        content = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, content)
        mark_actions(content.children)
        phase += content.children
        _set_slug(phase_title(phase), self.env, self.state.document, title)
        return [phase]


# -- body form: period sections -------------------------------------------------------


def _is_dash_line(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph) and bool(_DASH_LINE.match(node.astext()))


def _split_dash_paragraph(paragraph: nodes.paragraph) -> list[list[nodes.Node]]:
    """The ``-``-prefixed lines of one paragraph, each as inline nodes without the dash."""
    lines: list[list[nodes.Node]] = [[]]
    for child in _merge_text(paragraph.children):
        if isinstance(child, nodes.Text):
            for index, part in enumerate(_SOFT_BREAK_BEFORE_DASH.split(str(child))):
                if index:
                    lines.append([])
                if part:
                    lines[-1].append(nodes.Text(part))
        else:
            lines[-1].append(child)
    for line in lines:
        _strip_text(line, _DASH_LINE, at_start=True)
        _strip_text(line, _TRAILING_SPACE, at_start=False)
    return [line for line in lines if line]


def _merge_text(children: Iterable[nodes.Node]) -> list[nodes.Node]:
    """Adjacent Text nodes as one (MyST gives a soft line break its own Text node)."""
    merged: list[nodes.Node] = []
    for child in children:
        if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
            merged[-1] = nodes.Text(str(merged[-1]) + str(child))
        else:
            merged.append(child)
    return merged


def _strip_text(line: list[nodes.Node], pattern: re.Pattern[str], *, at_start: bool) -> None:
    index = 0 if at_start else -1
    if line and isinstance(line[index], nodes.Text):
        text = pattern.sub("", str(line[index]), count=1)
        if text:
            line[index] = nodes.Text(text)
        else:
            line.pop(index)


def dash_lines_to_actions(blocks: list[nodes.Node]) -> list[nodes.Node]:
    """Turn runs of ``-``-prefixed paragraphs into one bullet list of actions.

    A paragraph that follows an action and starts in lower case ("incremental delivery")
    is the rest of that action's line, broken by a blank line in the source: it is joined.
    """
    result: list[nodes.Node] = []
    actions: nodes.bullet_list | None = None
    for block in blocks:
        if _is_dash_line(block):
            if actions is None:
                actions = nodes.bullet_list("", bullet="-", classes=[ACTIONS_CLASS])
                actions.source, actions.line = block.source, block.line
                result.append(actions)
            for line in _split_dash_paragraph(block):
                paragraph = nodes.paragraph("", "", *line)
                item = nodes.list_item("", paragraph)
                for node in (paragraph, item):
                    node.source, node.line = block.source, block.line
                actions += item
            continue
        text = block.astext() if isinstance(block, nodes.paragraph) else ""
        if actions is not None and text[:1].islower():
            last = actions[-1][-1]
            last += nodes.Text(" ")
            last += block.children
            continue
        actions = None
        result.append(block)
    return result


def _move_ids(source: nodes.Element, target: nodes.Element, document: nodes.document) -> None:
    """Give *target* the ids, names and slug of *source* (a heading that disappears)."""
    for key in ("ids", "names", "dupnames"):
        for value in source[key]:
            if value not in target[key]:
                target[key].append(value)
    if "slug" in source and "slug" not in target:
        target["slug"] = source["slug"]
    for node_id in source["ids"]:
        document.ids[node_id] = target


def flatten_sections(
    blocks: Iterable[nodes.Node], level: int | None, document: nodes.document
) -> list[nodes.Node]:
    """Sections cannot sit in a list item: each becomes a rubric (at *level*) and its body."""
    result: list[nodes.Node] = []
    for block in blocks:
        if not isinstance(block, nodes.section):
            result.append(block)
            continue
        title = block[0]
        rubric = nodes.rubric(title.astext(), "", *title.children)
        if level is not None:
            rubric["heading-level"] = min(level, 6)
        rubric.source, rubric.line = title.source or block.source, title.line or block.line
        _move_ids(block, rubric, document)
        result.append(rubric)
        deeper = None if level is None else level + 1
        result += flatten_sections(block.children[1:], deeper, document)
    return result


def _is_action_list(node: nodes.Node) -> bool:
    return isinstance(node, nodes.bullet_list) and ACTIONS_CLASS in node["classes"]


def phase_from_section(
    section: nodes.section, level: int, document: nodes.document, env: Any
) -> nodes.list_item:
    """One period section as a phase (its heading's ids move to the phase title)."""
    title = section[0]
    text = display_title(title.astext())
    phase = new_phase([nodes.Text(text)], text, line=title.line)
    phase.source = title.source or section.source
    heading = phase_title(phase)
    heading.source = phase.source
    _move_ids(section, heading, document)
    if (slug := _normalised_slug(env, text)) and slug not in document.ids:
        heading["ids"].append(slug)
        document.ids[slug] = heading
    blocks = flatten_sections(section.children[1:], level + 1, document)
    blocks = dash_lines_to_actions(blocks)
    mark_actions(blocks)
    phase += blocks
    return phase


def _has_actions(phase: nodes.Node) -> bool:
    return any(_is_action_list(child) for child in phase.children)


def _as_actions(paragraphs: list[nodes.paragraph]) -> nodes.bullet_list:
    """Paragraphs as one action list, an item each (bullets lost in the CMS)."""
    actions = nodes.bullet_list("", bullet="-", classes=[ACTIONS_CLASS])
    actions.source, actions.line = paragraphs[0].source, paragraphs[0].line
    for paragraph in paragraphs:
        item = nodes.list_item("", paragraph)
        item.source, item.line = paragraph.source, paragraph.line
        actions += item
    return actions


def first_paragraph_as_action(phase: nodes.list_item) -> None:
    """The last phase's action that lost its ``*`` (the other phases have bullets).

    ``## Ongoing`` / ``Continuous improvement…`` / ``[Learn more](…)``: the first
    paragraph is the phase's action; what follows it is the page's closing text, moved
    after the timeline by :func:`split_trailing_content`.
    """
    if _has_actions(phase):
        return
    for child in phase.children:
        if isinstance(child, nodes.rubric) or "cx-timeline__meta" in child.get("classes", ()):
            continue
        if isinstance(child, nodes.paragraph) and not child["classes"]:
            phase.replace(child, _as_actions([child]))
        return


def split_trailing_content(phase: nodes.list_item) -> list[nodes.Node]:
    """Detach what follows the last phase's actions (a page's closing links).

    Real pages end with "Learn more about our work" right after the last phase; it is
    not an action of "Ongoing", so it goes after the timeline instead.
    """
    children = list(phase.children)
    last_actions = max((i for i, c in enumerate(children) if _is_action_list(c)), default=None)
    if last_actions is None:
        return []
    trailing = children[last_actions + 1 :]
    for node in trailing:
        phase.remove(node)
    return trailing


# -- the transform --------------------------------------------------------------------


@dataclass
class _Walk:
    """What one walk over the doctree found."""

    sections: list[tuple[nodes.Element, int]]  # (section or document, depth)
    timelines: list[tuple[timeline_list, int]]
    empty_timeline_sections: list[tuple[nodes.section, int]]
    stray_phases: list[tuple[nodes.list_item, int]]


def _walk(document: nodes.document) -> _Walk:
    found = _Walk([(document, 0)], [], [], [])
    stack: list[tuple[nodes.Node, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, nodes.section):
            depth += 1
            found.sections.append((node, depth))
            body = [c for c in node.children[1:] if not isinstance(c, nodes.target)]
            if not body and TIMELINE_HEADING.match(normalise_title(node[0].astext())):
                found.empty_timeline_sections.append((node, depth))
        elif isinstance(node, timeline_list):
            found.timelines.append((node, depth))
        elif (
            isinstance(node, nodes.list_item)
            and PHASE_CLASS in node["classes"]
            and not isinstance(node.parent, timeline_list)
        ):
            found.stray_phases.append((node, depth))
        if isinstance(node, nodes.Element):
            stack.extend((child, depth) for child in reversed(node.children))
    found.sections.sort(key=lambda pair: -pair[1])  # deepest first: inner runs first
    return found


def _period_runs(parent: nodes.Element) -> Iterator[list[nodes.section]]:
    """Runs of two or more consecutive child sections titled like periods."""
    run: list[nodes.section] = []
    for child in [*parent.children, None]:
        if isinstance(child, nodes.section) and is_period_title(child[0].astext()):
            run.append(child)
            continue
        if isinstance(child, nodes.target) and run:
            continue
        if len(run) >= 2:
            yield run
        run = []


class TimelineTransform(SphinxTransform):
    """Period sections and front-matter ``items`` become one timeline per roadmap.

    Runs after ids are settled (PropagateTargets, 260) and before MyST adds slug ids
    (700) and resolves ``#anchor`` links (879), so old anchors keep working.
    """

    default_priority = 600

    def apply(self, **kwargs: Any) -> None:
        """Detect, merge and place the page's timelines."""
        docname = self.env.docname
        front_matter = get_front_matter(self.env, docname)
        found = _walk(self.document)
        # every timeline of the page, with the depth of the section holding it
        placed = list(found.timelines)
        for phase, depth in found.stray_phases:
            placed.append((self._wrap_stray_phase(phase), depth))
        detect = self.config.handbook_detect_timelines and front_matter.handbook.detect_timelines
        if detect:
            for parent, depth in found.sections:
                for run in list(_period_runs(parent)):
                    placed.append((self._timeline_from_run(parent, run, depth + 1), depth))
        if front_matter.items:
            built = self._add_front_matter_items([t for t, _ in placed], found)
            if built is not None:
                placed.append(built)
        if placed:
            self._drop_empty_timeline_headings(found, placed[-1][0])
        for timeline, depth in placed:
            _set_heading_levels(timeline, depth)

    def _wrap_stray_phase(self, phase: nodes.list_item) -> timeline_list:
        warn(
            WarningKind.TIMELINE,
            "a 'phase' outside a 'timeline' is shown as a timeline of its own; "
            "put the phases of one roadmap inside one ':::{timeline}' block",
            phase,
        )
        timeline = new_timeline(phase.source, phase.line)
        phase.replace_self(timeline)
        timeline += phase
        return timeline

    # -- body form

    def _timeline_from_run(
        self, parent: nodes.Element, run: list[nodes.section], level: int
    ) -> timeline_list:
        timeline = new_timeline(run[0].source, run[0].line)
        for section in run:
            timeline += phase_from_section(section, level, self.document, self.env)
        if any(_has_actions(phase) for phase in timeline[:-1]):
            first_paragraph_as_action(timeline[-1])
        trailing = split_trailing_content(timeline[-1])
        index = parent.index(run[0])
        for section in run:
            parent.remove(section)
        for node in reversed([timeline, *trailing]):
            parent.insert(index, node)
        for phase in timeline:
            phase_title(phase)["heading-level"] = min(level, 6)
        return timeline

    # -- front-matter form

    def _add_front_matter_items(
        self, timelines: list[timeline_list], found: _Walk
    ) -> tuple[timeline_list, int] | None:
        """Merge items into the page's timeline, or build one after the body.

        An item whose title matches a phase adds what that phase does not already say.
        Other items join the timeline that matched, else fill an empty "Timelines"
        heading, else join the page's last timeline, else form a timeline at the end.
        Returns the new timeline, and the depth of its section, when one was built.
        """
        matter = get_front_matter(self.env, self.env.docname)
        items = matter.items
        phases = {
            normalise_title(phase_title(phase).astext()): phase
            for timeline in timelines
            for phase in timeline
            if phase_title(phase) is not None
        }
        new_phases: list[nodes.list_item] = []
        matched: timeline_list | None = None
        extras: list[tuple[str, list[nodes.Node], int | None, str]] = []
        contents = [
            self._render_markdown(item.description, matter.text_line("items", index, "description"))
            for index, item in enumerate(items)
        ]
        placeholder = [is_placeholder_item(item) for item in items]
        real = [c for c, p in zip(contents, placeholder, strict=True) if not p]
        if any(isinstance(b, nodes.bullet_list) for content in real for b in content):
            contents = [
                c if p else _paragraphs_as_actions(c)
                for c, p in zip(contents, placeholder, strict=True)
            ]
        for index, (item, content) in enumerate(zip(items, contents, strict=True)):
            where = matter.key_line("items", index)
            existing = phases.get(normalise_title(item.title))
            if placeholder[index]:
                extras.append((item.title, content, where, PLACEHOLDER_EXTRA))
            elif existing is not None:
                _merge_into(existing, content)
                if isinstance(existing.parent, timeline_list):
                    matched = matched or existing.parent
            elif timelines and not is_period_title(item.title):
                extras.append((item.title, content, where, NOT_A_PERIOD_EXTRA))
            else:
                phase = new_phase(
                    [nodes.Text(item.title)],
                    item.title,
                    source=self.document["source"],
                    line=where,
                )
                _set_slug(phase_title(phase), self.env, self.document, item.title)
                mark_actions(content)
                phase += content
                new_phases.append(phase)
                phases[normalise_title(item.title)] = phase
        built = None
        if not matched and timelines and not found.empty_timeline_sections:
            matched = timelines[-1]
        if new_phases and matched is not None:
            matched += new_phases
        elif new_phases:
            timeline = new_timeline(self.document["source"], new_phases[0].line)
            timeline += new_phases
            home, depth = self._front_matter_home(found)
            home += timeline
            built = (timeline, depth)
        if extras:
            self._add_extras(extras)
        return built

    def _front_matter_home(self, found: _Walk) -> tuple[nodes.Element, int]:
        """Where a front-matter timeline goes: an empty "Timelines" section, else the end."""
        if found.empty_timeline_sections:
            return found.empty_timeline_sections.pop()
        return self._page_end()

    def _page_end(self) -> tuple[nodes.Element, int]:
        """The element whose end is the end of the page's body (its top section), and depth."""
        tops = [c for c in self.document.children if isinstance(c, nodes.section)]
        return (tops[-1], 1) if tops else (self.document, 0)

    def _add_extras(self, extras: list[tuple[str, list[nodes.Node], int | None, str]]) -> None:
        """Items that are no phase, after the page: not periods, or CMS placeholders."""
        listing = nodes.definition_list("", classes=[EXTRA_ITEMS_CLASS])
        for title, content, line, reason in extras:
            warn(
                WarningKind.TIMELINE,
                f"front-matter item '{title}' {reason}, so it is shown after the page as "
                "a plain entry, not as a phase; give it a period title or remove it",
                (self.env.docname, line),
            )
            entry = nodes.definition_list_item(
                "", nodes.term(title, title), nodes.definition("", *content)
            )
            entry.source, entry.line = self.document["source"], line
            listing += entry
        self._page_end()[0].append(listing)

    def _render_markdown(self, text: str, first_line: int | None) -> list[nodes.Node]:
        """Parse a front-matter Markdown value with the page's MyST settings."""
        if not text.strip():
            return []
        blocks = render_markdown(text, self.document, self.env, first_line)
        return flatten_sections(blocks, None, self.document)

    # -- tidying

    def _drop_empty_timeline_headings(self, found: _Walk, timeline: timeline_list) -> None:
        """An empty "## Timelines" left by the CMS: its anchor moves to the timeline."""
        for section, _ in found.empty_timeline_sections:
            if section.parent is not None:
                _move_ids(section, timeline, self.document)
                section.parent.remove(section)


NOT_A_PERIOD_EXTRA = (
    "is not a period (such as '0-6 months') and this page's timeline comes from its headings"
)
PLACEHOLDER_EXTRA = "holds CMS placeholder text (a sample entry, never a phase of the roadmap)"


def is_placeholder_item(item: Any) -> bool:
    """A front-matter item whose title, and description if any, are draft text.

    ``This is a test`` / ``Here is some test content``: what a CMS's sample entry says
    (the words ``make check`` reports as ``placeholder-text``).
    """
    description = str(item.description or "").strip()
    return bool(find_placeholder(str(item.title))) and (
        not description or bool(find_placeholder(description))
    )


def _paragraphs_as_actions(content: list[nodes.Node]) -> list[nodes.Node]:
    """A description of plain paragraphs, among items with bullets, as its actions."""
    if content and all(isinstance(b, nodes.paragraph) and not b["classes"] for b in content):
        return [_as_actions(content)]  # type: ignore[arg-type]
    return content


def _set_heading_levels(timeline: timeline_list, depth: int) -> None:
    """Phase titles sit one level below the section holding the timeline (h2 at least)."""
    for phase in timeline:
        title = phase_title(phase)
        if title is not None and "heading-level" not in title:
            title["heading-level"] = min(max(depth + 1, 2), 6)


def _set_slug(rubric: nodes.rubric, env: Any, document: nodes.document, title: str) -> None:
    """Give a phase title the anchor a heading would have had (``#0-6-months``).

    MyST's ``AddSlugIds`` turns the ``slug`` attribute into an id, unless it is taken.
    """
    slug = _normalised_slug(env, title)
    if slug and slug not in document.ids:
        set_heading_slug(rubric, slug)


def _normalised_slug(env: Any, title: str) -> str:
    """The anchor of a period in any spelling: ``** 0–6 Months **`` -> ``0-6-months``."""
    return heading_slug_func(env)(normalise_title(title))


def _merge_into(phase: nodes.list_item, content: list[nodes.Node]) -> None:
    """Add to *phase* whatever of *content* it does not already say (no phase twice)."""
    said = {normalise_title(item.astext()) for item in phase.findall(nodes.list_item)}
    said |= {normalise_title(p.astext()) for p in phase.findall(nodes.paragraph)}
    actions = next((c for c in phase.children if _is_action_list(c)), None)
    for block in content:
        if isinstance(block, nodes.bullet_list):
            for item in block.children:
                if normalise_title(item.astext()) in said:
                    continue
                if actions is None:
                    actions = nodes.bullet_list("", bullet="-", classes=[ACTIONS_CLASS])
                    phase += actions
                actions += item
        elif normalise_title(block.astext()) not in said:
            phase += block


# -- wiring ---------------------------------------------------------------------------


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, the detection transform and the stylesheet."""
    app.add_config_value("handbook_detect_timelines", True, "env", types=frozenset({bool}))
    add_node(
        app,
        timeline_list,
        html=(_visit_timeline_html, _depart_timeline_html),
        others=(_visit_as_enumerated_list, _depart_as_enumerated_list),
    )
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("phase", PhaseDirective)
    app.add_transform(TimelineTransform)
    add_stylesheet(app, "cx-timeline.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
