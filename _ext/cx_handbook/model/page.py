"""One typed front-matter model, read once per page.

Pages arrive in two CMS dialects: Netlify CMS / Gatsby (``templateKey, title, icon,
description, order, cta, cta_link, items``) and Hugo (``slug, date, title, summary,
topics, authors, weight, aliases, draft, …``). Both are read here, once, at
``source-read``, into a :class:`FrontMatter` stored in ``env.cx_frontmatter``.
Everything downstream (the hero, timelines, listings, ``make check``) asks
:func:`get_front_matter` instead of reading YAML or ``env.metadata`` again.

Bad values never stop a page: each is reported as a :class:`Problem` naming the key
and its line, dropped (or repaired), and the rest of the page renders.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from dateutil import parser as date_parser
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from ..core.warnings import WarningKind, warn
from ..sources.frontmatter import (
    KeyLines,
    load_yaml,
    move_leading_blank_lines,
    split_front_matter,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

UNSAFE_URL_SCHEMES = ("javascript:", "data:", "vbscript:")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
WEIGHT_HIDDEN, WEIGHT_LISTED, WEIGHT_FEATURED = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page's front matter."""

    key: str
    line: int | None
    message: str
    kind: WarningKind = WarningKind.FRONTMATTER


# -- value cleaning -------------------------------------------------------------


def clean_text(value: Any) -> Any:
    """Decode HTML entities and strip surrounding white space from a text value."""
    if isinstance(value, str):
        return html.unescape(value).strip()
    return value


def is_unsafe_url(url: str) -> bool:
    """True for URLs a browser would run as script or inline data."""
    squashed = _CONTROL_AND_SPACE.sub("", html.unescape(url)).lower()
    return squashed.startswith(UNSAFE_URL_SCHEMES)


def parse_date(value: Any) -> datetime | None:
    """Read the date forms real pages use (``2016-01-07 5:52:31 -0400``, ISO, ``Z``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is a number, not a date")
    return date_parser.parse(str(value))


def _report(info: ValidationInfo, key: str | tuple[Any, ...], message: str, **kw: Any) -> None:
    problems = (info.context or {}).get("problems")
    if problems is not None:
        problems.append((key if isinstance(key, tuple) else (key,), message, kw))


# -- the model ------------------------------------------------------------------


class HandbookModel(BaseModel):
    """Base for front-matter models: lenient on extra keys, text cleaned."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")
    url_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _clean_strings(cls, value: Any, info: ValidationInfo) -> Any:
        value = clean_text(value)
        is_url = info.field_name in cls.url_fields and isinstance(value, str)
        if is_url and is_unsafe_url(value):
            _report(
                info,
                info.field_name,
                f"unsafe URL {value[:40]!r} refused; use an http(s) or site-relative link",
                kind=WarningKind.UNSAFE_URL,
            )
            return None
        return value


class TimelineItem(HandbookModel):
    """A phase of a roadmap written in front matter (CT area pages' ``items``)."""

    title: str
    description: str = ""


class Card(HandbookModel):
    """A card in a nested front-matter list (CT ``projects``, digital.gov ``featured_links``).

    CT cards carry ``cta_text`` + ``cta_link``; digital.gov cards ``href`` (featured
    links) or only ``link`` (featured resources, legislation).
    """

    url_fields: ClassVar[tuple[str, ...]] = ("cta_link", "cta_url", "href", "url", "link")

    title: str | None = None
    description: str | None = None
    summary: str | None = None
    cta_text: str | None = None
    cta_link: str | None = None
    cta_url: str | None = None
    href: str | None = None
    link: str | None = None
    image: str | None = None  # CT announcements: a site image we do not ship (not shown)

    @property
    def text(self) -> str | None:
        """The card's body text: description (CT) or summary (digital.gov)."""
        return self.description or self.summary

    @property
    def url(self) -> str | None:
        """Where the card leads: ``cta_link``, ``cta_url``, ``href`` or ``link``."""
        return self.cta_link or self.cta_url or self.href or self.link


class CardList(HandbookModel):
    """A titled block of cards: CT ``projects``/``resources``, digital.gov ``featured_links``.

    The cards sit under ``projects`` (CT) or ``resources`` (digital.gov); CT blocks also
    have a ``header`` and an intro ``text``; CT's home ``focus`` block a CTA of its own.
    """

    url_fields: ClassVar[tuple[str, ...]] = ("cta_link", "cta_url")

    header: str | None = None
    title: str | None = None
    text: str | None = None
    cta_text: str | None = None
    cta_link: str | None = None
    cta_url: str | None = None
    projects: list[Card] = Field(default_factory=list)
    resources: list[Card] = Field(default_factory=list)

    @property
    def heading(self) -> str | None:
        """The block's heading: ``header`` (CT) or ``title`` (digital.gov)."""
        return self.header or self.title

    @property
    def cards(self) -> list[Card]:
        """Every card of the block, in the order written."""
        return [*self.projects, *self.resources]

    @property
    def cta(self) -> Card | None:
        """The block's own call to action, as a card-like link (CT ``focus``)."""
        url = self.cta_link or self.cta_url
        if not self.cta_text and not url:
            return None
        return Card(cta_text=self.cta_text, cta_link=url)


class Hero(HandbookModel):
    """CT home page ``hero``: intro text, a CTA and announcement cards."""

    text: str | None = None
    cta_text: str | None = None
    button_text: str | None = None  # a newsletter form's button: no form here, not shown
    bg: str | None = None  # a background image we do not ship: not shown
    announcements_title: str | None = None
    announcements: list[Card] = Field(default_factory=list)


class Quote(HandbookModel):
    """CT home page ``quote``: a pull quote with a heading."""

    title: str | None = None
    text: str | None = None


class PageSwitches(HandbookModel):
    """Per-page switches under the ``handbook:`` key."""

    detect_timelines: bool = True
    detect_resources: bool = True
    #: ``make check`` rules silenced on this page (``[vague-link-text]``)
    ignore_checks: list[str] = Field(default_factory=list)

    @field_validator("ignore_checks", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value


class FrontMatter(HandbookModel):
    """The front matter of one page, in both CMS dialects."""

    url_fields: ClassVar[tuple[str, ...]] = (
        "cta_link",
        "source_url",
        "primary_image",
        "registration_url",
    )

    # shared
    title: str | None = None
    description: str | None = None
    # Netlify CMS / Gatsby (Connecticut)
    template_key: str | None = Field(default=None, alias="templateKey")
    icon: str | None = None
    order: float | None = None
    cta: str | None = None
    cta_link: str | None = None
    items: list[TimelineItem] = Field(default_factory=list)
    # Hugo (digital.gov)
    slug: str | None = None
    date: datetime | None = None
    summary: str | None = None
    deck: str | None = None
    kicker: str | None = None
    topics: list[str] = Field(default_factory=list)
    authors: list[str] = Field(default_factory=list)
    weight: int | None = None
    aliases: list[str] = Field(default_factory=list)
    draft: bool = False
    expirydate: datetime | None = None
    source: str | None = None
    source_url: str | None = None
    primary_image: str | None = None
    end_date: datetime | None = None  # events: shown by the hero helper when it does
    # nested card blocks (rendered after the body by cards.py)
    projects: CardList | None = None  # CT work page
    resources: CardList | None = None  # CT work page
    featured_links: CardList | None = None  # digital.gov topic page
    featured_resources: CardList | None = None  # digital.gov topic page (links only)
    legislation: Card | None = None  # digital.gov topic page
    hero: Hero | None = None  # CT home page
    focus: CardList | None = None  # CT home page
    quote: Quote | None = None  # CT home page
    principles: CardList | None = None  # CT home page (a heading only)
    # accepted, not shown: they drove parts of the old sites that the handbook has no
    # counterpart for (see docs/writing/site-structure.md)
    featured_communities: list[str] = Field(default_factory=list)
    guide: str | None = None
    host: str | None = None
    event_organizer: str | None = None
    event_platform: str | None = None
    registration_url: str | None = None
    # Sphinx's own file-wide metadata
    orphan: bool = False
    nosearch: bool = False
    tocdepth: int | None = None
    # ours
    handbook: PageSwitches = Field(default_factory=PageSwitches)

    #: ``("items", 0, "title")`` → the 1-based file line of that key or list entry.
    _key_lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)
    #: Text values whose text starts on another line than their key (block scalars).
    _text_lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("date", "expirydate", "end_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> datetime | None:
        try:
            return parse_date(value)
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"not a date ({exc}); write it as 2024-01-31") from None

    @field_validator("topics", "authors", "aliases", "featured_communities", mode="before")
    @classmethod
    def _slug_lists(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return value
        kept: list[str] = []
        for index, entry in enumerate(value):
            entry = clean_text(entry)
            if entry is None or entry == "":
                _report(info, (info.field_name, index), "empty entry ignored; remove it")
            elif entry not in kept:
                kept.append(str(entry))
        return kept

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value > WEIGHT_FEATURED:
            _report(
                info,
                "weight",
                f"weight {value} is outside 0 (hidden), 1 (listed), 2 (featured); "
                f"treated as {WEIGHT_FEATURED} (featured)",
            )
            return WEIGHT_FEATURED
        if isinstance(value, int) and value < WEIGHT_HIDDEN:
            raise ValueError(f"weight {value} is below 0; use 0 to hide the page")
        return value

    # -- derived values -----------------------------------------------------------

    @property
    def lead(self) -> str | None:
        """The lead paragraph: description (CT), summary or deck (digital.gov)."""
        return self.description or self.summary or self.deck

    @property
    def is_hidden(self) -> bool:
        """Weight 0: reachable by URL but left out of listings and navigation."""
        return self.weight == WEIGHT_HIDDEN

    @property
    def is_featured(self) -> bool:
        """Weight 2 (or more): highlighted on the home page."""
        return self.weight is not None and self.weight >= WEIGHT_FEATURED

    def key_line(self, key: str, *path: int | str | None) -> int | None:
        """The 1-based file line of *key*, or of a place inside it, if known.

        ``key_line("topics", 2)`` is the third topic's line, ``key_line("items", 0,
        "title")`` the first item's title; a place not written falls back to the
        nearest enclosing one (the item, then the key).
        """
        loc = (key, *(part for part in path if part is not None))
        return _line_for(self._key_lines, loc)

    def text_line(self, key: str, *path: int | str) -> int | None:
        """The file line where a text value's text starts (the line after ``key: |``)."""
        loc = (key, *path)
        return self._text_lines.get(loc) or _line_for(self._key_lines, loc)

    def with_lines(self, lines: KeyLines) -> FrontMatter:
        """Attach the file lines of the front matter this model was read from."""
        self._key_lines, self._text_lines = lines.keys, lines.texts
        return self

    @property
    def card_blocks(self) -> list[CardList]:
        """The page's nested card blocks, in the order the old sites showed them."""
        blocks = [
            self.focus,
            self.projects,
            self.resources,
            self.featured_resources,
            self.featured_links,
        ]
        return [b for b in blocks if b is not None]

    def unknown_keys(self) -> list[str]:
        """Keys the model does not know (kept in ``model_extra``)."""
        return sorted(self.model_extra or {})

    def is_expired(self, today: datetime | None = None) -> bool:
        """True when ``expirydate`` has passed."""
        if self.expirydate is None:
            return False
        now = today or datetime.now(UTC)
        expiry = self.expirydate
        if expiry.tzinfo is None:
            expiry = expiry.replace(tzinfo=UTC)
        return expiry < now


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for size in range(len(loc), 0, -1):
        if loc[:size] in lines:
            return lines[loc[:size]]
    return None


def parse_front_matter(text: str) -> tuple[FrontMatter, list[Problem]]:
    """Read a page's front matter into a :class:`FrontMatter` and a list of problems.

    The function is pure: the Sphinx extension and ``make check`` both call it.
    """
    split = split_front_matter(text)
    if split.yaml_text is None:
        return FrontMatter(), []
    problems: list[Problem] = []
    try:
        data, found = load_yaml(split.yaml_text, split.yaml_first_line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = split.yaml_first_line + mark.line if mark is not None else split.yaml_first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(
            Problem(
                "",
                line,
                f"front matter is not valid YAML ({reason}); the page is built without it. "
                "Check indentation and quote values that contain ':'",
                WarningKind.YAML,
            )
        )
        return FrontMatter(), problems
    if data is None:
        return FrontMatter(), []
    if not isinstance(data, dict):
        problems.append(
            Problem("", split.yaml_first_line, "front matter must be 'key: value' lines")
        )
        return FrontMatter(), problems

    lines = found.keys
    data = {str(k): v for k, v in data.items()}
    for _ in range(len(data) + 1):
        reported: list[tuple[tuple[Any, ...], str, dict[str, Any]]] = []
        try:
            model = FrontMatter.model_validate(data, context={"problems": reported})
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                key = str(loc[0]) if loc else ""
                value = data.pop(key, None)
                problems.append(
                    Problem(
                        key,
                        _line_for(lines, loc),
                        f"'{key}': {_describe(error, value)}; the value is ignored",
                    )
                )
            continue
        for loc, message, extra in reported:
            problems.append(
                Problem(str(loc[0]), _line_for(lines, loc), f"'{loc[0]}': {message}", **extra)
            )
        model.with_lines(found)
        for key in model.unknown_keys():
            problems.append(
                Problem(
                    key,
                    _line_for(lines, (key,)),
                    f"unknown front-matter key '{key}' is kept but not shown",
                    WarningKind.FRONTMATTER_UNKNOWN_KEY,
                )
            )
        return model, problems
    return FrontMatter(), problems  # pragma: no cover - every loop drops a key


def _describe(error: Any, value: Any) -> str:
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    return f"{value!r} is not valid ({message})"


# -- Sphinx wiring -----------------------------------------------------------------


def get_front_matter(env: BuildEnvironment, docname: str) -> FrontMatter:
    """The page's front matter (an empty model for pages without one)."""
    store: dict[str, FrontMatter] = getattr(env, "cx_frontmatter", {})
    return store.get(docname) or FrontMatter()


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    model, problems = parse_front_matter(text)
    if not hasattr(app.env, "cx_frontmatter"):
        app.env.cx_frontmatter = {}
    app.env.cx_frontmatter[docname] = model
    for problem in problems:
        warn(problem.kind, problem.message, (docname, problem.line))
    source[0] = move_leading_blank_lines(text)


def _on_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "cx_frontmatter", {}).pop(docname, None)


def _on_merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    if not hasattr(env, "cx_frontmatter"):
        env.cx_frontmatter = {}
    theirs = getattr(other, "cx_frontmatter", {})
    env.cx_frontmatter.update({d: theirs[d] for d in docnames if d in theirs})


def setup(app: Sphinx) -> ExtensionMetadata:
    """Read every page's front matter into the typed model."""
    # Runs before other source-read handlers (shortcodes) so they see clean text.
    app.connect("source-read", _on_source_read, priority=300)
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-merge-info", _on_merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
