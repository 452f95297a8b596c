"""Front-matter fields a reader needs, shown on the page: events, sources, communities.

A ``doctree-read`` handler (after the hero, see :mod:`.hero`) adds standard docutils
nodes, so every builder (HTML, the PDF book, text, LaTeX) shows them::

    container.cx-moved                 redirectto: "This page has moved to <link>."
    section
      title
      container.cx-hero                (the hero)
      container.cx-event               an event: start, end and time zone, format,
        definition_list.cx-facts       venue (with its map), organizer, host, captions,
        paragraph.cx-cta-row           recording; "Register" (registration_url) and
                                       "Add to calendar" (the page's .ics file)
      paragraph.cx-source              "Originally published by 18F on 18f.gsa.gov."
                                       (source, source_url or canonical); services and
                                       source records: "Website: <domain>"
      container.cx-join                a community's community_list: how to join
      …the page's body

Every word of the boxes comes from the extension's catalog (:mod:`..core.i18n`), so a
translated build shows them in its language; a sentence with a link in it is translated
whole (``"This page has moved to {link}."``) and its link put where the translation has it.

Every event page also gets an iCalendar file beside its HTML page (``<page>.ics``,
written by :func:`write_calendar_files` when an HTML build finishes), which the
"Add to calendar" link opens.
"""

from __future__ import annotations

import posixpath
import re
import string
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from babel.numbers import format_decimal
from docutils import nodes
from sphinx.util.i18n import format_date

from ..core.assets import add_stylesheet
from ..core.i18n import N_, _
from ..model.links import is_site_path, page_link
from ..model.page import FrontMatter, JoinChannel, Venue, get_front_matter
from ..model.siteindex import get_site_index
from .cta import cta_node, safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: How the event box writes a day and a time (translated: each language has its order).
# Translators: a strftime format; Spanish writes "%A, %-d de %B de %Y".
DATE_FORMAT = N_("%A, %B %-d, %Y")
# Translators: a strftime format; Spanish writes the 24-hour "%H:%M".
TIME_FORMAT = N_("%-I:%M %p")
#: Sections whose ``source_url`` is the service's own site, not an original article.
WEBSITE_SECTIONS = ("services", "sources")
SOURCES_SECTION = "sources"
PLATFORMS = {
    "zoom": "Zoom",
    "youtube_live": "YouTube Live",
    "youtube-live": "YouTube Live",
    "adobe_connect": "Adobe Connect",
    "google": "Google Meet",
    "in-person": N_("In person"),
    "online": N_("Online"),
}
#: The formats that are words (translated), not the names of products.
FORMAT_WORDS = frozenset({"In person", "Online"})
AUDIENCES = {
    "public": N_(" (open to everyone)"),
    "government": N_(" (for government employees)"),
}
#: How a community's channel is named when its platform is one we know.
CHANNEL_KINDS = {"mailing list": N_("the mailing list"), "email list": N_("the email list")}
YOUTUBE_WATCH = "https://www.youtube.com/watch?v="
ICS_SUFFIX = ".ics"


# -- small node helpers ---------------------------------------------------------------


def _link(url: str, text: str, *, docname: str, line: int | None) -> nodes.Element:
    """A link to *url*: a page of this site through the resolver, else a plain reference."""
    if is_site_path(url):
        return page_link(url, [nodes.Text(text)], docname=docname, line=line, missing="site")
    return nodes.reference("", text, refuri=url)


def _sentence(template: str, **parts: nodes.Node | str) -> list[nodes.Node]:
    """A translated *template* with ``{name}`` fields as text and nodes, in its order."""
    result: list[nodes.Node] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            result.append(nodes.Text(literal))
        if name is not None:
            part = parts[name]
            result.append(nodes.Text(part) if isinstance(part, str) else part)
    return result


def _host(url: str) -> str:
    """``https://www.18f.gsa.gov/blog/x`` → ``18f.gsa.gov`` (the URL when it has none)."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return host or url


def _fact(term: str, *content: nodes.Node | str) -> nodes.definition_list_item:
    para = nodes.paragraph()
    for part in content:
        para += nodes.Text(part) if isinstance(part, str) else part
    return nodes.definition_list_item("", nodes.term("", term), nodes.definition("", para))


# -- times ----------------------------------------------------------------------------


def utc_offset(moment: datetime) -> str:
    """``UTC−05:00`` for a time with a zone; empty for a time without one."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    sign = "+" if offset >= timedelta(0) else "\u2212"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def event_times(matter: FrontMatter) -> tuple[datetime, datetime | None]:
    """The event's start and end (None unless after the start), in the start's zone.

    An end written without a zone (or a start without one) takes the other's zone.
    """
    start, end = matter.date, matter.end_date
    assert start is not None
    if end is not None and (end.tzinfo is None) != (start.tzinfo is None):
        if end.tzinfo is None:
            end = end.replace(tzinfo=start.tzinfo)
        else:
            start = start.replace(tzinfo=end.tzinfo)
    return start, end if end is not None and end > start else None


def event_when(start: datetime, end: datetime | None, language: str) -> str:
    """``Thursday, December 19, 2024, 2:00 PM – 3:00 PM (UTC−05:00)``."""

    def day(moment: datetime) -> str:
        return format_date(str(_(DATE_FORMAT)), date=moment, language=language)

    def time(moment: datetime) -> str:
        return format_date(str(_(TIME_FORMAT)), date=moment, language=language)

    text = f"{day(start)}, {time(start)}"
    if end is not None and end != start:
        same_day = end.date() == start.date() and end.utcoffset() == start.utcoffset()
        text += f" \u2013 {time(end)}" if same_day else f" \u2013 {day(end)}, {time(end)}"
    zone = utc_offset(start)
    return f"{text} ({zone})" if zone else text


def venue_text(venue: Venue) -> str:
    """The venue on one line: name, room, street, city, state, zip, country."""
    numbered = venue.room and venue.room.isdigit()
    room = _("Room {room}").format(room=venue.room) if numbered else venue.room
    region = " ".join(part for part in (venue.state, venue.zip) if part)
    parts = (venue.venue_name, room, venue.address, venue.city, region, venue.country)
    return ", ".join(part for part in parts if part)


# -- the boxes ------------------------------------------------------------------------


class PageFields:
    """Builds the field boxes of one page from its front matter."""

    def __init__(self, app: Sphinx, docname: str, matter: FrontMatter) -> None:
        self.app, self.docname, self.matter = app, docname, matter

    def line(self, key: str, *path: int | str) -> int | None:
        """The file line of *key* (the page's first line when unknown)."""
        return self.matter.key_line(key, *path) or 1

    def url(self, key: str, value: str | None) -> str | None:
        """*value* if it is a safe URL (warned and dropped otherwise)."""
        return safe_url(value, (self.docname, self.line(key)))

    def moved(self) -> nodes.container | None:
        """``redirectto``: where the page has moved, as a link."""
        target = self.url("redirectto", self.matter.redirectto)
        if not target:
            return None
        link = _link(target, target, docname=self.docname, line=self.line("redirectto"))
        para = nodes.paragraph("", "", *_sentence(_("This page has moved to {link}."), link=link))
        return nodes.container("", para, classes=["cx-moved"])

    def event(self) -> nodes.container | None:
        """The event box: when, where, who, captions, recording, and its actions."""
        matter = self.matter
        if not matter.is_event:
            return None
        facts = nodes.definition_list(classes=["cx-facts"])
        if matter.date is not None:
            when = event_when(*event_times(matter), self.app.config.language)
            facts += _fact(_("When"), when)
        formats = [PLATFORMS.get(kind.lower(), kind) for kind in matter.event_type]
        formats = [_(kind) if kind in FORMAT_WORDS else kind for kind in formats]
        if matter.event_platform:
            platform = PLATFORMS.get(matter.event_platform.lower(), matter.event_platform)
            platform = _(platform) if platform in FORMAT_WORDS else platform
            online = _("Online ({platform})").format(platform=platform)
            formats = [online if kind == _("Online") else kind for kind in formats]
            if online not in formats and platform not in formats:
                formats.append(online)
        if formats:
            facts += _fact(_("Format"), ", ".join(dict.fromkeys(formats)))
        venue = matter.event_venue
        if venue is not None:
            where: list[nodes.Node | str] = [venue_text(venue)]
            map_url = self.url("map", venue.map)
            if map_url:
                line = self.line("venue", "map") if matter.venue else self.line("map")
                link = _link(map_url, _("map"), docname=self.docname, line=line)
                where += [" (", link, ")"]
            facts += _fact(_("Where"), *where)
        if matter.event_organizer:
            facts += _fact(_("Organizer"), matter.event_organizer)
        if matter.host:
            facts += _fact(_("Host"), matter.host)
        captions = self.url("captions", matter.captions)
        if captions:
            text = _("Live captions on {host}").format(host=_host(captions))
            facts += _fact(
                _("Captions"),
                _link(captions, text, docname=self.docname, line=self.line("captions")),
            )
        if matter.youtube_id:
            title = matter.youtube_title or _("the recording")
            facts += _fact(
                _("Recording"),
                nodes.reference("", _("Watch {title} on YouTube").format(title=title),
                                refuri=YOUTUBE_WATCH + quote(matter.youtube_id)),
            )  # fmt: skip
        box = nodes.container("", classes=["cx-event"])
        box += nodes.paragraph("", _("Event details"), classes=["cx-event__heading"])
        box += facts
        actions = nodes.paragraph("", "", classes=["cx-cta-row", "cx-event__actions"])
        registration = self.url("registration_url", matter.registration_url)
        if registration:
            line = self.line("registration_url")
            actions += cta_node(
                _("Register for this event"), registration, docname=self.docname, line=line
            ).children
        if matter.date is not None:
            name = posixpath.basename(self.docname) + ICS_SUFFIX
            actions += nodes.Text(" ")
            actions += nodes.reference(
                "", _("Add to calendar"), refuri=name, classes=["cx-cta", "cx-cta--secondary"],
                cx_calendar=True,
            )  # fmt: skip
        if actions.children:
            box += actions
        return box

    def source(self) -> nodes.paragraph | None:
        """Who published the page first and where, or a service's own website."""
        matter = self.matter
        section = self.docname.partition("/")[0]
        if section in WEBSITE_SECTIONS:
            key = "source_url" if matter.source_url else "domain"
            url = self.url(key, matter.source_url or matter.domain)
            if not url:
                return None
            link = _link(url, _host(url), docname=self.docname, line=self.line(key))
            return nodes.paragraph(
                "", "", *_sentence(_("Website: {link}"), link=link), classes=["cx-source"]
            )
        key = "source_url" if matter.source_url else "canonical"
        url = self.url(key, matter.source_url or matter.canonical)
        publisher = source_name(self.app.env, matter.source) if matter.source else None
        if not url and not publisher:
            return None
        if not url:
            template = _("Originally published by {publisher}.")
        elif publisher:
            template = _("Originally published by {publisher} on {link}.")
        else:
            template = _("Originally published on {link}.")
        link = _link(url, _host(url), docname=self.docname, line=self.line(key)) if url else ""
        words = _sentence(template, publisher=publisher or "", link=link)
        return nodes.paragraph("", "", *words, classes=["cx-source"])

    def contact(self) -> nodes.paragraph | None:
        """A service's contact: an email address as a link, anything else as text."""
        contact = self.matter.contact
        if not contact:
            return None
        if "@" in contact and " " not in contact:
            shown: nodes.Node = nodes.reference("", contact, refuri=f"mailto:{contact}")
        else:
            shown = nodes.Text(contact)
        words = _sentence(_("Contact: {contact}"), contact=shown)
        return nodes.paragraph("", "", *words, classes=["cx-contact"])

    def members(self) -> nodes.paragraph | None:
        """``members``: how many people a community or mailing list has."""
        if not self.matter.members:
            return None
        return nodes.paragraph("", f"Members: {self.matter.members}", classes=["cx-members"])

    def further_reading(self) -> nodes.paragraph | None:
        """``additional_resources``: a link to the guide's page of further reading."""
        target = self.matter.additional_resources
        if not target:
            return None
        para = nodes.paragraph("", "More to read: ", classes=["cx-further-reading"])
        line = self.line("additional_resources")
        para += _link(target, "Additional resources", docname=self.docname, line=line)
        return para

    def join(self) -> nodes.container | None:
        """A community's ways to join: mailing lists and sign-up forms."""
        channels = self.matter.community_list
        if not channels:
            return None
        items = nodes.bullet_list(classes=["cx-join__channels"])
        for index, channel in enumerate(channels):
            item = self.channel(index, channel)
            if item is not None:
                items += item
        if not items.children:
            return None
        heading = nodes.paragraph("", _("How to join"), classes=["cx-join__heading"])
        return nodes.container("", heading, items, classes=["cx-join"])

    def channel(self, index: int, channel: JoinChannel) -> nodes.list_item | None:
        """One way to join, with who may join and how busy it is."""
        para = nodes.paragraph()
        platform = (channel.platform or "mailing list").replace("listserv", "email list")
        if platform in CHANNEL_KINDS:
            kind = _(CHANNEL_KINDS[platform])
        else:
            kind = _("the {platform}").format(platform=platform)
        audience = AUDIENCES.get((channel.type or "").lower())
        audience = (_(audience) if audience else f" ({channel.type})") if channel.type else ""
        if channel.subscribe_email:
            address = channel.subscribe_email
            query = [
                f"{name}={quote(value)}"
                for name, value in (
                    ("subject", channel.subscribe_email_subject),
                    ("body", channel.subscribe_email_body),
                )
                if value
            ]
            url = f"mailto:{address}" + (f"?{'&'.join(query)}" if query else "")
            link = nodes.reference("", address, refuri=url)
            if channel.subscribe_email_subject:
                template = _(
                    "Join {kind}{audience}: send an email to {address} "
                    "with the subject \u201c{subject}\u201d."
                )
            else:
                template = _("Join {kind}{audience}: send an email to {address}.")
            para += _sentence(
                template,
                kind=kind,
                audience=audience,
                address=link,
                subject=channel.subscribe_email_subject or "",
            )
        form = self.url("community_list", channel.subscribe_form)
        if form:
            link = _link(form, _("sign up on {host}").format(host=_host(form)),
                         docname=self.docname,
                         line=self.line("community_list", index, "subscribe_form"))  # fmt: skip
            if para.children:
                para += _sentence(_(" Or {link}."), link=link)
            else:
                template = _("Join {kind}{audience}: {link}.")
                para += _sentence(template, kind=kind, audience=audience, link=link)
        if not para.children:
            return None
        notes = [channel.terms or ""]
        language = self.app.config.language
        if channel.members:
            members = local_number(channel.members, language)
            notes.append(_("{count} members").format(count=members))
        if channel.emails_per_week:
            emails = local_number(channel.emails_per_week, language)
            notes.append(_("about {count} emails a week").format(count=emails))
        extra = "; ".join(note.rstrip(".") for note in notes if note)
        if extra:
            para += nodes.Text(f" {extra}.")
        return nodes.list_item("", para)


#: A number as front matter writes it: ``71``, ``"2,807"``, ``2.62``.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def local_number(text: str, language: str) -> str:
    """*text*, a number written the English way, as the reader's language writes it.

    ``"2,807"`` and ``2.62`` are ``2.807`` and ``2,62`` in Spanish; text that is not a
    plain number (``"about 3,000"``) is kept as written.
    """
    if not _NUMBER.fullmatch(text.strip()):
        return text
    number = Decimal(text.strip().replace(",", ""))
    return format_decimal(number, locale=language or "en", decimal_quantization=False)


def source_name(env: BuildEnvironment, slug: str) -> str:
    """The display name of a source record (``content/sources``) by slug, else the slug."""
    names = _source_names(env)
    return names.get(slug, slug)


_SOURCE_NAMES: dict[int, tuple[Any, dict[str, str]]] = {}


def _source_names(env: BuildEnvironment) -> dict[str, str]:
    index = get_site_index(env)
    cached = _SOURCE_NAMES.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    names: dict[str, str] = {}
    for docname, model in index.pages.items():
        if docname.partition("/")[0] == SOURCES_SECTION and model.slug:
            names[model.slug] = model.name or model.title or model.slug
    _SOURCE_NAMES.clear()
    _SOURCE_NAMES[id(index)] = (index, names)
    return names


# -- Sphinx wiring --------------------------------------------------------------------


def _insert_after_hero(section: nodes.Element, boxes: list[nodes.Node]) -> None:
    position = 1
    for index, child in enumerate(section.children):
        if isinstance(child, nodes.container) and "cx-hero" in child["classes"]:
            position = index + 1
            break
    section[position:position] = boxes


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    fields = PageFields(app, docname, get_front_matter(app.env, docname))
    moved = fields.moved()
    boxes = [
        box
        for box in (
            fields.event(),
            fields.source(),
            fields.contact(),
            fields.members(),
            fields.join(),
            fields.further_reading(),
        )
        if box is not None
    ]
    if moved is None and not boxes:
        return
    section = doctree.next_node(nodes.section)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        doctree[0:0] = [node for node in (moved, *boxes) if node is not None]
        return
    if moved is not None:
        section.insert(1, moved)
    _insert_after_hero(section, boxes)


def _calendar_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The "Add to calendar" link for builders that do not write the .ics files."""
    if app.builder.name == "html":
        return
    for ref in list(doctree.findall(nodes.reference)):
        if not ref.get("cx_calendar"):
            continue
        if app.builder.name == "dirhtml":
            ref["refuri"] = "../" + ref["refuri"]
        elif app.config.html_baseurl:
            ref["refuri"] = app.config.html_baseurl.rstrip("/") + f"/{docname}{ICS_SUFFIX}"
        else:
            ref.replace_self(nodes.Text(ref.astext()))


# -- iCalendar files ---------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    """*moment* in UTC; a time without a zone stays as written (floating)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def calendar_file(env: BuildEnvironment, docname: str, matter: FrontMatter) -> bytes:
    """The iCalendar (RFC 5545) file of one event page."""
    from icalendar import Calendar, Event

    config = env.config
    page_url = config.html_baseurl.rstrip("/") + f"/{docname}.html" if config.html_baseurl else ""
    start, end = event_times(matter)
    calendar = Calendar()
    calendar.add("prodid", f"-//{config.project}//CX Handbook//EN")
    calendar.add("version", "2.0")
    event = Event()
    host = urlsplit(config.html_baseurl).netloc or "cx-handbook.invalid"
    event.add("uid", f"{docname.replace('/', '-')}@{host}")
    # DTSTAMP is required; the event's own start keeps the file reproducible.
    event.add("dtstamp", _utc(start))
    # A fixed offset (``-0500``) has no zone name: the times are written in UTC.
    event.add("dtstart", _utc(start))
    event.add("dtend", _utc(end or start + timedelta(hours=1)))
    event.add("summary", matter.title or docname)
    lines = [matter.lead or ""]
    if matter.registration_url:
        lines.append(_("Register: {url}").format(url=matter.registration_url))
    if matter.captions:
        lines.append(_("Captions: {url}").format(url=matter.captions))
    if matter.event_organizer:
        lines.append(_("Organizer: {name}").format(name=matter.event_organizer))
    event.add("description", "\n".join(line for line in lines if line))
    venue = matter.event_venue
    location = venue_text(venue) if venue else matter.registration_url
    if location:
        event.add("location", location)
    if page_url:
        event.add("url", page_url)
    calendar.add_component(event)
    return calendar.to_ical()


def write_calendar_files(app: Sphinx, exception: Exception | None) -> None:
    """Write ``<page>.ics`` beside the HTML page of every event (HTML builders only)."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    env = app.env
    outdir = Path(app.outdir)
    for docname in sorted(env.found_docs):
        matter = get_front_matter(env, docname)
        if not matter.is_event or matter.date is None:
            continue
        target = outdir / f"{docname}{ICS_SUFFIX}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(calendar_file(env, docname, matter))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Show events, sources, communities and moved pages; write each event's .ics file."""
    app.connect("doctree-read", _on_doctree_read, priority=600)
    app.connect("doctree-resolved", _calendar_links)
    app.connect("build-finished", write_calendar_files)
    add_stylesheet(app, "cx-fields.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
