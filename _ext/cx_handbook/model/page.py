"""One typed front-matter model, read once per page per build.

Pages arrive in two CMS dialects: Netlify CMS / Gatsby (``templateKey, title, icon,
description, order, cta, cta_link, items``) and Hugo (``slug, date, title, summary,
topics, authors, weight, aliases, draft, …``). Both are read here into a
:class:`FrontMatter` by :func:`read_front_matter`, once per file stamp: the
:class:`FrontMatterCache` (kept beside the doctrees) serves the site index before
reading, ``source-read`` (which stores the model in ``env.cx_frontmatter`` and reports
its problems) and MyST (:class:`HandbookMystParser` renders the title, docinfo and
``html_meta`` from the same data). Everything downstream (the hero, timelines,
listings, ``make check``) asks :func:`get_front_matter` instead of reading YAML or
``env.metadata`` again.

Bad values never stop a page: each is reported as a :class:`Problem` naming the key
path and its line, and only that value is dropped (or repaired): one bad card drops
that card, not the list. The rest of the page renders.
"""

from __future__ import annotations

import copy
import hashlib
import html
import pickle
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from myst_parser.parsers.sphinx_ import MystParser
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..core.compat import parse_myst_with_front_matter
from ..core.warnings import WarningKind, warn
from ..sources import frontmatter as frontmatter_module
from ..sources.frontmatter import (
    KeyLines,
    load_yaml,
    move_leading_blank_lines,
    split_front_matter,
)

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

UNSAFE_URL_SCHEMES = ("javascript:", "data:", "vbscript:")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
WEIGHT_HIDDEN, WEIGHT_LISTED, WEIGHT_FEATURED = 0, 1, 2
#: The validation error an unsafe URL raises (the value is dropped, with its own kind).
UNSAFE_URL_ERROR = "unsafe_url"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page's front matter."""

    key: str
    line: int | None
    message: str
    kind: WarningKind = WarningKind.FRONTMATTER
    #: where, as written: ``("featured_links", "resources", 1, "href")``
    path: tuple[Any, ...] = ()


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
    from dateutil import parser as date_parser  # here: only a page being read needs it

    return date_parser.parse(str(value))


#: Front-matter keys whose entries are taxonomy terms (Hugo's ``topics``, ``authors``).
TAXONOMY_KEYS = frozenset({"topics", "authors"})


def taxonomy_term(name: str) -> str:
    """A term as Hugo files it: ``Artificial Intelligence`` → ``artificial-intelligence``.

    Hugo makes a term's page path from its name (``urlize``): lower case, spaces as
    hyphens; so ``social media`` and ``social-media`` are the same topic.
    """
    return re.sub(r"\s+", "-", name.strip()).lower()


def _report(info: ValidationInfo, key: str | tuple[Any, ...], message: str, **kw: Any) -> None:
    problems = (info.context or {}).get("problems")
    if problems is not None:
        problems.append((key if isinstance(key, tuple) else (key,), message, kw))


# -- the model ------------------------------------------------------------------

#: Values that say nothing: an unknown key holding one is accepted quietly (``author:``).
EMPTY: tuple[Any, ...] = (None, "", [], {})
#: Keys Hugo sites carry that hold nothing a reader sees: accepted without a warning
#: (Hugo's keys are case-insensitive, so these are compared in lower case). A key whose
#: value is a URL or text a reader needs is never here: it is shown or it is warned.
#: ``docs/writing/site-structure.md`` lists them with the reason.
QUIET_KEYS = frozenset(
    {
        # Hugo's own page settings: templates, outputs, build options
        "layout",
        "type",
        "outputs",
        "build",
        "cascade",
        "markup",
        "sitemap",
        "headless",
        "translationkey",
        "iscjklanguage",
        # taxonomies the site's config.yml does not declare: Hugo makes no pages of them
        "tag",
        "tags",
        "categories",
        # digital.gov author pages: where the profile photo comes from (not shipped)
        "github",
        "profile_photo",
        "profile_source",
        # digital.gov images and logos by record uid (images are not shipped)
        "featured_image",
        "image",
        "logo",
        "dg_logo",
        "uid",
        # digital.gov switches for its theme: a summary box, a newsletter form, a highlight
        "summary_box",
        "subscribe_form",
        "dg_highlight",
        # digital.gov workflow and theme data: the CMS's date parts, a guide's glossary
        # file and order among guides, the API pages' output format
        "cms_date",
        "glossary",
        "guide_weight",
        "feed",
        # the time of day of ``date`` as the CMS kept it apart (``time: 16:00:00``)
        "time",
        # digital.gov navigation: the community whose event list shows this page
        "event_cop",
    }
)


class HandbookModel(BaseModel):
    """Base for front-matter models: lenient on extra keys, text cleaned."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", defer_build=True)
    url_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _clean_strings(cls, value: Any, info: ValidationInfo) -> Any:
        value = clean_text(value)
        is_url = info.field_name in cls.url_fields and isinstance(value, str)
        if is_url and is_unsafe_url(value):
            raise PydanticCustomError(
                UNSAFE_URL_ERROR,
                "unsafe URL {url} refused; use an http(s) or site-relative link",
                {"url": repr(value[:40])},
            )
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


# -- fields a reader needs: events, news sources, communities, moved pages -------------
# (typed here, shown by content/fields.py)


def _text_or_none(value: Any) -> Any:
    """Empty values are absent; numbers written bare (``zip: 20006``) are text."""
    value = clean_text(value)
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


class OptionalTextModel(HandbookModel):
    """A block of optional text values: empty ones are absent, bare numbers are text."""

    @field_validator("*", mode="before")
    @classmethod
    def _optional_text(cls, value: Any) -> Any:
        return _text_or_none(value)

    @property
    def is_empty(self) -> bool:
        """True when none of the values is written."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class Venue(OptionalTextModel):
    """Where an in-person event takes place (Hugo ``venue:`` or its keys at the top)."""

    url_fields: ClassVar[tuple[str, ...]] = ("map",)

    venue_name: str | None = None
    room: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    map: str | None = None


class JoinChannel(OptionalTextModel):
    """One way to join a community (digital.gov ``community_list`` entry)."""

    url_fields: ClassVar[tuple[str, ...]] = ("subscribe_form",)

    platform: str | None = None
    type: str | None = None
    subscribe_email: str | None = None
    subscribe_email_subject: str | None = None
    subscribe_email_body: str | None = None
    subscribe_form: str | None = None
    join_cop_button: str | None = None
    terms: str | None = None
    members: str | None = None  # ``members: 71`` or ``"2,807"``
    emails_per_week: str | None = None

    @field_validator("subscribe_form", mode="before")
    @classmethod
    def _form_address(cls, value: Any) -> Any:
        return None if isinstance(value, bool) else value  # ``true``: a form, no address


EVENT_KEYS = ("end_date", "event_organizer", "registration_url", "captions", "event_platform")


class FrontMatter(HandbookModel):
    """The front matter of one page, in both CMS dialects."""

    url_fields: ClassVar[tuple[str, ...]] = (
        "cta_link",
        "additional_resources",
        "source_url",
        "primary_image",
        "registration_url",
        "captions",
        "canonical",
        "domain",
        "redirectto",
        "map",
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
    primary_image: str | None = None
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
    # -- fields a reader needs (content/fields.py shows them) ------------------------
    # events: ``date`` is the start
    end_date: datetime | None = None
    event_organizer: str | None = None
    host: str | None = None
    event_platform: str | None = None
    event_type: list[str] = Field(default_factory=list)  # online, in-person, zoom
    registration_url: str | None = None
    captions: str | None = None
    youtube_id: str | None = None
    youtube_title: str | None = None
    venue: Venue | None = None
    venue_name: str | None = None  # the venue's keys may also stand at the top
    room: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    map: str | None = None
    # news, resources, services: who published it first, and where
    source: str | None = None
    source_url: str | None = None
    canonical: str | None = None
    # source records (``content/sources``, their ``name`` is below) and communities
    domain: str | None = None
    contact: str | None = None  # services: an email address or a phone number
    community_list: list[JoinChannel] = Field(default_factory=list)
    members: str | None = None  # a mailing list's or community's size (``members: 95``)
    # a guide's page of further reading (digital.gov guides: ``next-steps.md``)
    additional_resources: str | None = None
    # a page that moved: where it went
    redirectto: str | None = None
    # Hugo: titles by other names, and taxonomy term pages (authors/<slug>/_index.md)
    linktitle: str | None = Field(default=None, alias="linkTitle")
    name: str | None = None  # digital.gov sources/*: the source's name
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    agency_full_name: str | None = None
    agency: str | None = None  # an author's agency, as some author pages write it
    location: str | None = None  # where an author works ("Washington, DC")
    author: str | None = None  # Hugo's one-name byline parameter ("Rachel Flagg")
    dg_shortname: str | None = None  # a community's short name ("User Experience")
    dg_acronym: str | None = None  # and its acronym ("UX"), shown with the kicker
    # Hugo: where the page was served (site/redirects writes a redirect from there)
    url: str | None = None
    # Sphinx's own file-wide metadata
    orphan: bool = False
    nosearch: bool = False
    tocdepth: int | None = None
    # ours
    # every switch at its default, unvalidated: see empty_front_matter
    handbook: PageSwitches = Field(default_factory=PageSwitches.model_construct)

    #: ``("items", 0, "title")`` → the 1-based file line of that key or list entry.
    _key_lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)
    #: Text values whose text starts on another line than their key (block scalars).
    _text_lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator(
        "event_organizer", "host", "event_platform", "registration_url",
        "captions", "youtube_id", "youtube_title", "venue_name", "room", "address", "city",
        "state", "zip", "country", "map", "source", "source_url", "canonical", "name",
        "domain", "contact", "redirectto", "venue", "members", "additional_resources",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _optional_fields(cls, value: Any) -> Any:
        return _text_or_none(value)

    @field_validator("community_list", mode="before")
    @classmethod
    def _channel_list(cls, value: Any) -> Any:
        return [] if value is None or value == "" else value

    @property
    def is_event(self) -> bool:
        """True for an event page: it has an end, an organizer or a way to attend."""
        return any(getattr(self, key) for key in EVENT_KEYS)

    @property
    def event_venue(self) -> Venue | None:
        """The venue, from ``venue:`` or from its keys at the top; None when unwritten."""
        venue = self.venue or Venue(
            **{key: getattr(self, key) for key in Venue.model_fields if key != "map"},
            map=self.map,
        )
        return None if venue.is_empty else venue

    @field_validator("date", "expirydate", "end_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> datetime | None:
        try:
            return parse_date(value)
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"not a date ({exc}); write it as 2024-01-31") from None

    @field_validator(
        "topics", "authors", "aliases", "featured_communities", "event_type", mode="before"
    )
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
                continue
            if info.field_name in TAXONOMY_KEYS:
                entry = taxonomy_term(str(entry))
            if entry not in kept:
                kept.append(str(entry))
        return kept

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any, info: ValidationInfo) -> Any:
        # 3 or more: Hugo's ordering weight (a guide's steps), kept as written
        if isinstance(value, int) and value < WEIGHT_HIDDEN:
            raise ValueError(f"weight {value} is below 0; use 0 to hide the page")
        return value

    # -- derived values -----------------------------------------------------------

    @property
    def lead(self) -> str | None:
        """The lead paragraph: description (CT), summary or deck (digital.gov).

        An author term page without them leads with the author's agency and location.
        """
        place = [p for p in (self.agency_full_name or self.agency, self.location) if p]
        return self.description or self.summary or self.deck or " · ".join(place) or None

    @property
    def date_key(self) -> float:
        """The page's date as a number to sort by (pages without a date oldest)."""
        if self.date is None:
            return float("-inf")
        when = self.date if self.date.tzinfo else self.date.replace(tzinfo=UTC)
        return when.timestamp()

    @property
    def kicker_line(self) -> str | None:
        """The line above the title: ``kicker``, and a community's short name and acronym."""
        name = self.dg_shortname or ""
        if self.dg_acronym:
            name = f"{name} ({self.dg_acronym})" if name else self.dg_acronym
        return " · ".join(part for part in (self.kicker, name) if part) or None

    @property
    def person_name(self) -> str | None:
        """An author term page's name: ``display_name``, else first and last name, else title."""
        full = " ".join(n for n in (self.first_name, self.last_name) if n)
        return self.display_name or full or self.title

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
        """Keys the model does not know (kept in ``model_extra``), but quiet or empty ones."""
        extra = self.model_extra or {}
        return sorted(k for k, v in extra.items() if k.lower() not in QUIET_KEYS and v not in EMPTY)

    def is_expired(self, today: datetime | None = None) -> bool:
        """True when ``expirydate`` has passed."""
        if self.expirydate is None:
            return False
        now = today or datetime.now(UTC)
        expiry = self.expirydate
        if expiry.tzinfo is None:
            expiry = expiry.replace(tzinfo=UTC)
        return expiry < now


@cache
def _empty_prototype() -> FrontMatter:
    return FrontMatter.model_construct()


def empty_front_matter() -> FrontMatter:
    """The model of a page without front matter, equal to ``FrontMatter()``.

    Made without validation (every field takes its default), so a build that reads no
    page never builds the model's validators (``defer_build``) just to say "nothing";
    copied from one prototype, as ``model_construct`` takes ten times longer than a copy.
    """
    return _empty_prototype().model_copy(deep=True)


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for size in range(len(loc), 0, -1):
        if loc[:size] in lines:
            return lines[loc[:size]]
    return None


@dataclass(frozen=True)
class YamlSource:
    """The front-matter block as read: its text and the data YAML gave (None if broken)."""

    text: str
    data: Any


@dataclass(frozen=True)
class FrontMatterRead:
    """One read of a page's front matter: the typed model, its problems and the YAML."""

    model: FrontMatter
    problems: tuple[Problem, ...] = ()
    source: YamlSource | None = None


def read_front_matter(text: str) -> FrontMatterRead:
    """Read a page's front matter once: YAML to data and key lines, then the typed model.

    The function is pure. Everything in a build reads a page's front matter through it,
    once per file stamp (:class:`FrontMatterCache`); ``make check`` calls it through
    :func:`parse_front_matter`.
    """
    split = split_front_matter(text)
    if split.yaml_text is None:
        return FrontMatterRead(FrontMatter())
    try:
        data, found = load_yaml(split.yaml_text, split.yaml_first_line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = split.yaml_first_line + mark.line if mark is not None else split.yaml_first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem = Problem(
            "",
            line,
            f"front matter is not valid YAML ({reason}); the page is built without it. "
            "Check indentation and quote values that contain ':'",
            WarningKind.YAML,
        )
        return FrontMatterRead(FrontMatter(), (problem,), YamlSource(split.yaml_text, None))
    source = YamlSource(split.yaml_text, data)
    if data is None:
        return FrontMatterRead(FrontMatter(), (), source)
    if not isinstance(data, dict):
        problem = Problem("", split.yaml_first_line, "front matter must be 'key: value' lines")
        return FrontMatterRead(FrontMatter(), (problem,), source)
    model, problems = _validate(*hugo_key_case({str(k): v for k, v in data.items()}, found))
    return FrontMatterRead(model, tuple(problems), source)


@cache
def _key_spellings() -> dict[str, str]:
    """Every key the model reads (field names and aliases), by its lower-case spelling."""
    spellings: dict[str, str] = {}
    for name, info in FrontMatter.model_fields.items():
        for key in (name, info.alias):
            if key:
                spellings.setdefault(key.lower(), key)
    return spellings


def hugo_key_case(data: dict[str, Any], found: KeyLines) -> tuple[dict[str, Any], KeyLines]:
    """Hugo reads front-matter keys in any case: ``Youtube_title`` is ``youtube_title``.

    A key the model knows in another case is renamed (lines too), unless the page also
    has the key as the model spells it.
    """
    spellings = _key_spellings()
    exact = set(spellings.values())
    renamed = {
        key: spellings[key.lower()]
        for key in data
        if key not in exact and key.lower() in spellings and spellings[key.lower()] not in data
    }
    if not renamed:
        return data, found

    def moved(table: dict[tuple[Any, ...], int]) -> dict[tuple[Any, ...], int]:
        return {(renamed.get(p[0], p[0]), *p[1:]) if p else p: v for p, v in table.items()}

    data = {renamed.get(key, key): value for key, value in data.items()}
    return data, KeyLines(moved(found.keys), moved(found.texts))


def parse_front_matter(text: str) -> tuple[FrontMatter, list[Problem]]:
    """Read a page's front matter into a :class:`FrontMatter` and a list of problems."""
    read = read_front_matter(text)
    return read.model, list(read.problems)


def _validate(data: dict[str, Any], found: KeyLines) -> tuple[FrontMatter, list[Problem]]:
    """Validate *data*; drop each invalid value (the innermost one), keep everything else.

    A bad card in a list of cards drops that card, a bad nested value that value; the
    problem names the key path as written and its line. Each round drops at least one
    value, so the loop ends.
    """
    lines = _PathLines(dict(found.keys), dict(found.texts))
    problems: list[Problem] = []
    copied = False
    for _ in range(len(found.keys) + len(data) + 2):
        reported: list[tuple[tuple[Any, ...], str, dict[str, Any]]] = []
        try:
            model = FrontMatter.model_validate(data, context={"problems": reported})
        except ValidationError as exc:
            if not copied:  # the YAML data stays as written (MyST renders it)
                data, copied = copy.deepcopy(data), True
            drops = []
            for error in exc.errors():
                problem, path = _drop_problem(data, error, lines)
                problems.append(problem)
                drops.append(path)
            for path in _outermost_last(drops):
                _drop(data, path, lines)
            continue
        for loc, message, extra in reported:
            problems.append(
                Problem(
                    str(loc[0]),
                    _line_for(lines.keys, loc),
                    f"'{loc[0]}': {message}",
                    path=loc,
                    **extra,
                )
            )
        model.with_lines(KeyLines(lines.keys, lines.texts))
        for key in model.unknown_keys():
            problems.append(
                Problem(
                    key,
                    _line_for(lines.keys, (key,)),
                    unknown_key_message(key, data.get(key)),
                    WarningKind.FRONTMATTER_UNKNOWN_KEY,
                    path=(key,),
                )
            )
        return model, problems
    return FrontMatter(), problems  # pragma: no cover - every round drops a value


def unknown_key_message(key: str, value: Any) -> str:
    """The warning for an unknown key: what it holds, when that is a link or text."""
    message = f"unknown front-matter key '{key}' is kept but not shown"
    if isinstance(value, str) and re.match(r"^(https?:|mailto:|www\.|/)", value.strip()):
        return f"{message}: readers never see its link {value.strip()[:60]!r}; put it in the text"
    if isinstance(value, str) and len(value.split()) > 2:
        return f"{message}: readers never see its text; put it in the page's text or remove it"
    return message


@dataclass
class _PathLines:
    """Key lines during validation, renumbered as list entries are dropped."""

    keys: dict[tuple[Any, ...], int]
    texts: dict[tuple[Any, ...], int]
    #: the current path of each written place → its path as written (entries shift)
    written: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.written = {path: path for path in self.keys}

    def as_written(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        for size in range(len(path), 0, -1):
            if path[:size] in self.written:
                return self.written[path[:size]] + path[size:]
        return path


def _existing(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The longest start of *loc* that is a place in *data* (at least the top key)."""
    node, found = data, 0
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        node = node[part]
        found += 1
    return loc[: max(found, 1)]


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _drop_problem(
    data: dict[str, Any], error: Any, lines: _PathLines
) -> tuple[Problem, tuple[Any, ...]]:
    """The problem one validation error reports, and the place it drops."""
    loc = tuple(error["loc"])
    missing = error["type"] == "missing" and len(loc) > 1
    path = _existing(data, loc[:-1] if missing else loc)
    label = _path_label(lines.as_written(path))
    what = "entry" if isinstance(path[-1], int) else "value"
    if missing:
        message = f"{label}: '{loc[-1]}' is required; the {what} is ignored"
    elif error["type"] == UNSAFE_URL_ERROR:
        message = f"{label}: {error['msg']}"
    else:
        message = f"{label}: {_describe(error, _value_at(data, path))}; the {what} is ignored"
    kind = WarningKind.UNSAFE_URL if error["type"] == UNSAFE_URL_ERROR else WarningKind.FRONTMATTER
    line = _line_for(lines.keys, loc if not missing else path)
    return Problem(str(path[0]), line, message, kind, path=lines.as_written(path)), path


def _path_label(path: tuple[Any, ...]) -> str:
    """A key path as a writer reads it: entries counted from 1.

    ``("featured_links", "resources", 1, "href")`` → ``'featured_links.resources' entry 2,
    'href'``.
    """
    parts: list[str] = []
    keys: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"'{'.'.join(keys)}' entry {part + 1}" if keys else f"entry {part + 1}")
            keys = []
        else:
            keys.append(str(part))
    if keys:
        parts.append(f"'{'.'.join(keys)}'")
    return ", ".join(parts)


def _outermost_last(paths: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The places to drop, later list entries first (so earlier indices stay right)."""
    unique = set(paths)
    kept = [p for p in unique if not any(o != p and p[: len(o)] == o for o in unique)]

    def order(path: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
        return tuple((1, part) if isinstance(part, int) else (0, str(part)) for part in path)

    return sorted(kept, key=order, reverse=True)


def _drop(data: dict[str, Any], path: tuple[Any, ...], lines: _PathLines) -> None:
    """Remove the value at *path*; a dropped list entry's followers move up, lines too."""
    parent = _value_at(data, path[:-1])
    last = path[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
        return
    if not isinstance(parent, list) or not isinstance(last, int):
        return  # pragma: no cover - _existing only returns places that exist
    del parent[last]
    depth = len(path) - 1
    for table in (lines.keys, lines.texts, lines.written):
        renumbered = {}
        for place, value in table.items():
            if place[: depth + 1] == path:
                continue
            inside = place[:depth] == path[:depth] and len(place) > depth
            if inside and isinstance(place[depth], int) and place[depth] > last:
                place = (*place[:depth], place[depth] - 1, *place[depth + 1 :])
            renumbered[place] = value
        table.clear()
        table.update(renumbered)


def _describe(error: Any, value: Any) -> str:
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    return f"{value!r} is not valid ({message})"


# -- one read per page per build: the stamp cache -------------------------------------

#: Read front matter, kept between builds beside the doctrees (path → stamp, read).
FRONT_MATTER_CACHE_FILE = "cx_front_matter_scan.pickle"
Stamp = tuple[int, int]


class FrontMatterCache:
    """Every source file's :class:`FrontMatterRead`, by path, valid while its stamp is.

    The stamp is the file's modification time and size. The cache is loaded from the
    last build's doctree folder and saved there when a build finishes; a change to the
    model's code (this module or the YAML reader) starts it afresh.
    """

    def __init__(self, entries: dict[str, tuple[Stamp, FrontMatterRead]] | None = None) -> None:
        self.entries = entries or {}
        self.used: set[str] = set()
        #: True once a file was read afresh (the saved cache no longer matches)
        self.changed = False

    @classmethod
    def load(cls, doctreedir: Path) -> FrontMatterCache:
        """The cache the last build saved in *doctreedir* (empty if none or stale)."""
        try:
            version, entries = pickle.loads((doctreedir / FRONT_MATTER_CACHE_FILE).read_bytes())
        except Exception:
            return cls()
        return cls(entries) if version == cache_version() else cls()

    def save(self, doctreedir: Path) -> None:
        """Keep the entries used in this build and those of files that still exist.

        A build that read nothing afresh and used every entry would write the very file
        it loaded, so it writes nothing.
        """
        target = doctreedir / FRONT_MATTER_CACHE_FILE
        if not self.changed and self.used >= self.entries.keys() and target.exists():
            return
        kept = {p: e for p, e in self.entries.items() if p in self.used or Path(p).exists()}
        doctreedir.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((cache_version(), kept), protocol=pickle.HIGHEST_PROTOCOL)
        target.write_bytes(payload)

    def read(self, path: Path | str, text: str | None = None) -> FrontMatterRead:
        """The front matter of the file at *path*: cached while its stamp holds, else read.

        *text*, when given, is the file's text already in hand (``source-read``).
        """
        key = str(path)
        self.used.add(key)
        try:
            stat = Path(path).stat()
        except OSError:
            return read_front_matter(text) if text is not None else FrontMatterRead(FrontMatter())
        stamp = (stat.st_mtime_ns, stat.st_size)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        try:
            read = read_front_matter(
                text if text is not None else Path(path).read_text(encoding="utf-8")
            )
        except (OSError, UnicodeDecodeError):
            read = FrontMatterRead(FrontMatter())
        self.entries[key] = (stamp, read)
        self.changed = True
        return read


def cache_version() -> str:
    """A digest of the model's code: any change to it makes the cache start afresh."""
    digest = hashlib.sha256()
    for module_file in (__file__, frontmatter_module.__file__):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()


def front_matter_cache(app: Sphinx) -> FrontMatterCache:
    """Return this build's cache (loaded from the last build's doctrees on first use)."""
    cache: FrontMatterCache | None = getattr(app, "_cx_front_matter_cache", None)
    if cache is None:
        cache = FrontMatterCache.load(Path(app.doctreedir))
        app._cx_front_matter_cache = cache
    return cache


def read_page_file(app: Sphinx, path: Path | str) -> FrontMatterRead:
    """The front matter of the source file at *path*, read at most once per file stamp."""
    return front_matter_cache(app).read(path)


def _save_cache(app: Sphinx, exception: Exception | None) -> None:
    cache: FrontMatterCache | None = getattr(app, "_cx_front_matter_cache", None)
    if exception is None and cache is not None:
        cache.save(Path(app.doctreedir))


# -- MyST renders the same read --------------------------------------------------------


class HandbookMystParser(MystParser):
    """MyST's parser, reading the page's front matter from our one read of it."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        """Parse as MyST does, with the file-level config and data from our read."""
        env = document.settings.env
        source = getattr(env, "cx_pending_yaml", {}).pop(env.docname, None)
        if source is None or split_front_matter(inputstring).yaml_text != source.text:
            super().parse(inputstring, document)  # not the block we read: MyST reads it
            return
        parse_myst_with_front_matter(inputstring, document, source.text, source.data)


# -- Sphinx wiring -----------------------------------------------------------------


def get_front_matter(env: BuildEnvironment, docname: str) -> FrontMatter:
    """The page's front matter (an empty model for pages without one)."""
    store: dict[str, FrontMatter] = getattr(env, "cx_frontmatter", {})
    return store.get(docname) or empty_front_matter()


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Take the page's read from the cache (read now only if its file changed) and warn."""
    text = source[0]
    read = front_matter_cache(app).read(app.env.doc2path(docname), text)
    if not hasattr(app.env, "cx_frontmatter"):
        app.env.cx_frontmatter = {}
    app.env.cx_frontmatter[docname] = read.model
    # For the parser, which reads this page next (one page at a time per process).
    app.env.cx_pending_yaml = {docname: read.source} if read.source is not None else {}
    for problem in read.problems:
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
    """Read every page's front matter into the typed model, once per file stamp."""
    # Runs before other source-read handlers (shortcodes) so they see clean text.
    app.connect("source-read", _on_source_read, priority=300)
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-merge-info", _on_merge)
    app.connect("build-finished", _save_cache)
    # MyST renders the front matter from our read (title H1, docinfo, html_meta).
    app.add_source_parser(HandbookMystParser, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
