"""Read the file annotations real pages put beside links: ``(PDF, 420 kb, 11 pages, 2021)``.

Pure functions, no Sphinx: the resource transform, the ``resource`` directive, the
shortcode expander and ``make check`` all read annotations through this module.

* :func:`parse_annotation` reads one annotation (``PDF, 420 kb, 11 pages, 2021``,
  ``(Word document, 23 KB, 4 pages)``, ``PDF &#8211; 11 pages &#8211; 717 KB``,
  ``[PDF, 2 MB]``) into an :class:`Annotation`, or returns None.
* :func:`split_link_text` takes an annotation off the end of a link's text.
* :func:`split_publisher` reads what follows a link: annotation, publisher, description.
* :func:`link_facts` reads both for one link: what a resource card and ``make check``
  take the link's annotation, publisher and description to be.

Fields come in any order, separated by commas, semicolons or spaced dashes. A field
that is not recognised is kept in :attr:`Annotation.extra`, never dropped. None of
these functions raises on any string (no blanket ``except``: the property tests run the
parser itself).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import cache
from urllib.parse import urlsplit

__all__ = [
    "Annotation",
    "annotation_from_fields",
    "link_facts",
    "normalise_count",
    "normalise_size",
    "normalise_type",
    "parse_annotation",
    "plausibility_problems",
    "split_link_text",
    "split_publisher",
    "type_from_url",
]

# -- File types ------------------------------------------------------------------

#: Display name of each file type, and the spellings real pages use for it.
FILE_TYPES: dict[str, tuple[str, ...]] = {
    "PDF": ("pdf", "pdf file", "pdf document", "adobe pdf", "acrobat pdf"),
    "Word document": (
        "word",
        "word document",
        "word doc",
        "word file",
        "microsoft word",
        "ms word",
        "doc",
        "docx",
    ),
    "Excel spreadsheet": (
        "excel",
        "excel spreadsheet",
        "excel file",
        "excel workbook",
        "microsoft excel",
        "ms excel",
        "spreadsheet",
        "xls",
        "xlsx",
    ),
    "PowerPoint presentation": (
        "powerpoint",
        "powerpoint presentation",
        "powerpoint slides",
        "power point",
        "power point presentation",
        "microsoft powerpoint",
        "ppt",
        "pptx",
    ),
    "CSV": ("csv", "csv file"),
    "ZIP": ("zip", "zip file"),
    "EPUB": ("epub", "ebook", "e-book"),
    "Text file": ("txt", "text file", "plain text"),
    "MP3": ("mp3", "mp3 file", "audio", "audio file", "podcast"),
    "Video": (
        "video",
        "videos",
        "mp4",
        "recorded video",
        "video recording",
    ),
    "Webinar": ("webinar", "recorded webinar", "online webinar"),
}
_TYPE_BY_SPELLING = {
    spelling: display for display, spellings in FILE_TYPES.items() for spelling in spellings
}
_TYPE_BY_SPELLING.update({display.lower(): display for display in FILE_TYPES})

#: File extensions of each type (to check a link's URL against its annotation).
TYPE_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "PDF": (".pdf",),
    "Word document": (".doc", ".docx", ".rtf", ".odt"),
    "Excel spreadsheet": (".xls", ".xlsx", ".ods"),
    "PowerPoint presentation": (".ppt", ".pptx", ".odp"),
    "CSV": (".csv",),
    "ZIP": (".zip",),
    "EPUB": (".epub",),
    "Text file": (".txt",),
    "MP3": (".mp3", ".m4a", ".wav", ".ogg"),
    "Video": (".mp4", ".mov", ".webm", ".m4v"),
}
_TYPE_BY_EXTENSION = {ext: t for t, exts in TYPE_EXTENSIONS.items() for ext in exts}
#: Extensions of web pages: a link to one of these is not a file download.
WEB_PAGE_EXTENSIONS = (".html", ".htm", ".cfm", ".asp", ".aspx", ".php", ".jsp", ".shtml")

# -- Field patterns ----------------------------------------------------------------

#: A number as annotations write it: ``1,114``, ``2.96``, ``.5``. At most fifteen digits
#: before the point and six after, so reading one never overflows a float or an int.
_NUMBER = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?|\.\d{1,6}"
_SIZE = re.compile(
    rf"^(?:about\s+|approx\.?\s+|~\s*)?(?P<num>{_NUMBER})\s*"
    r"(?P<unit>bytes?|[kmgt]i?b|[kmgt]b?|kbytes|mbytes|kilobytes?|megabytes?|gigabytes?)$",
    re.IGNORECASE,
)
_UNIT_POWER = {"b": 0, "k": 1, "m": 2, "g": 3, "t": 4}
_COUNT_UNITS = (
    r"pages?|pgs?\.?|pp\.?|slides?|tabs?|sheets?|worksheets?|minutes?|mins?\.?|hours?|hrs?\.?"
    r"|seconds?|secs?\.?|videos?|episodes?|chapters?|modules?|lessons?|sessions?"
    r"|questions?|items?|sections?|parts?|files?|images?|records?|rows?|words?|tracks?"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|forty-five|fifty|sixty|ninety|half"
)
_COUNT = re.compile(
    rf"^(?:(?:about|approx\.?|approximately|around|nearly|over|under|totall?ing|total"
    rf"|in\s+total|a)\s+)?(?P<num>{_NUMBER}|{_NUMBER_WORDS})(?:\s*[-\s]\s*|\s*)"
    rf"(?:(?P<adj>[a-z]+)\s+)?(?P<unit>{_COUNT_UNITS})(?:\s+(?:long|total|in\s+total))?$",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_SEASONS = r"spring|summer|fall|autumn|winter"
_YEAR = r"(?:19|20)\d{2}"
_MONTH_OR_SEASON = rf"(?:{_MONTHS}|{_SEASONS})\.?"
_DATE_JOINER = r"\s*(?:[-–/&]|or|and)\s*"


@cache
def _date_pattern() -> re.Pattern[str]:
    """A date as annotations write it, compiled on first use (a large pattern)."""
    return re.compile(
        rf"^(?:(?:updated|revised|published|released|rev\.|as\s+of|dated|fy|fiscal\s+year)\s+)?"
        rf"(?:"
        rf"(?P<y1>{_YEAR})(?:\s*[-–—/]\s*(?:{_YEAR}|\d{{2}}))?"  # 2021, 2014-2016, 2022-26
        rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"  # Jan 26, 2022
        rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+(?P<y3>{_YEAR})"  # 26 January 2022
        # April 2016, April-May 2016, Spring and Summer 2020. Written so that a text has one
        # way to match: a run of month names without a year must not backtrack exponentially.
        rf"|{_MONTH_OR_SEASON}(?:(?:{_DATE_JOINER}|\s*){_MONTH_OR_SEASON})*(?:{_DATE_JOINER})?"
        rf",?\s+(?P<y4>{_YEAR})"
        rf"|(?P<y5>{_YEAR})-\d{{2}}-\d{{2}}"  # 2022-01-26
        rf"|\d{{1,2}}/\d{{1,2}}/(?P<y6>{_YEAR})"  # 1/26/2022
        rf")$",
        re.IGNORECASE,
    )


#: Words that only introduce a type ("YouTube video", "one-hour webinar").
_TYPE_PREFIX = re.compile(
    rf"^(?:(?:{_NUMBER_WORDS}|\d+)[-\s](?:hour|minute|min|day)s?|short|live|free|online"
    rf"|recorded|archived|full|official|youtube|vimeo|zoom)$",
    re.IGNORECASE,
)
# A comma separates fields except inside a number (``1,114 KB``).
_DURATION = re.compile(rf"^(?:{_NUMBER_WORDS}|\d+)[-\s](?:hour|minute|min|day)s?$", re.I)
_FIELD_SEPARATORS = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d{3}(?:\D|$)))\s*|\s*[;|]\s*|\s+[-–—]+\s+|\s+·\s+"
)
_MONTH_DAY = re.compile(rf"^(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?$", re.IGNORECASE)
_BRACKETED = re.compile(r"^\s*(?:\((?P<p>[^()]*)\)|\[(?P<s>[^\[\]]*)\])\s*$")
_TRAILING_GROUP = re.compile(r"(?:\((?P<p>[^()]*)\)|\[(?P<s>[^\[\]]*)\])[\s.]*$")
_ANY_GROUP = re.compile(r"\((?P<p>[^()]*)\)|\[(?P<s>[^\[\]]*)\]")
_SPACE = re.compile(r"\s+")
#: ``from GSA``, ``from the Office of Personnel Management``: a publisher, introduced.
_FROM_PUBLISHER = re.compile(r"^from\s+(?P<name>(?:the\s+)?(?P<bare>\S.*))$", re.IGNORECASE)
_STARTS_WITH_MONTH = re.compile(rf"^(?:{_MONTHS})\.?\s", re.IGNORECASE)

# -- The result --------------------------------------------------------------------


@dataclass(frozen=True)
class Annotation:
    """What an annotation says about a linked resource; every field optional."""

    file_type: str | None = None
    """Normalised display type: ``PDF``, ``Word document``, ``Video``, ``Webinar``."""
    size: str | None = None
    """Normalised display size: ``420 KB``, ``1.8 MB``."""
    size_bytes: int | None = None
    count: str | None = None
    """Pages, slides, tabs, minutes… as written: ``11 pages``, ``16 short videos``."""
    date: str | None = None
    """The date as written: ``2021``, ``April 2016``, ``January 26, 2022``."""
    year: int | None = None
    extra: tuple[str, ...] = field(default=())
    """Fields that were not recognised, kept as written."""
    text: str = ""
    """The annotation as written (entities decoded, brackets removed)."""

    @property
    def facts(self) -> tuple[str, ...]:
        """The fields a reader sees, in a fixed order: type, size, count, date, extras."""
        found = (self.file_type, self.size, self.count, self.date, *self.extra)
        return tuple(f for f in found if f)

    @property
    def summary(self) -> str:
        """Type, size and count, comma separated: what a link's accessible name adds."""
        return ", ".join(f for f in (self.file_type, self.size, self.count) if f)

    @property
    def is_file(self) -> bool:
        """True for a download (a type with file extensions, or a size)."""
        return self.size is not None or self.file_type in TYPE_EXTENSIONS

    def merged(self, other: Annotation | None) -> Annotation:
        """Return a copy with the fields it lacks taken from *other*."""
        if other is None:
            return self
        return replace(
            self,
            file_type=self.file_type or other.file_type,
            size=self.size or other.size,
            size_bytes=self.size_bytes if self.size else other.size_bytes,
            count=self.count or other.count,
            date=self.date or other.date,
            year=self.year if self.date else other.year,
            extra=self.extra + other.extra,
            text="; ".join(t for t in (self.text, other.text) if t),
        )


# -- Field readers -----------------------------------------------------------------


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def normalise_type(text: str) -> str | None:
    """The display name of a file type as real pages spell it (``Docx`` → ``Word document``)."""
    key = _fold(text).lower().strip(".")
    if key.startswith("."):
        key = key[1:]
    return _TYPE_BY_SPELLING.get(key)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _display_number(text: str) -> str:
    cleaned = text.replace(",", "")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    if "." in cleaned:
        return cleaned
    return f"{int(cleaned):,}"


def normalise_size(text: str) -> tuple[str, int] | None:
    """``420 kb`` → (``420 KB``, 430080); ``1,114 KB``, ``2MB``, ``23 K`` work too."""
    match = _SIZE.match(_fold(text))
    if not match:
        return None
    unit = match.group("unit").lower()
    power = 0 if unit.startswith("byte") else _UNIT_POWER[unit[0]]
    value = _number(match.group("num"))
    display_unit = "bytes" if power == 0 else "KMGT"[power - 1] + "B"
    size_bytes = round(value * 1024**power)  # _NUMBER is short: never an overflow
    return f"{_display_number(match.group('num'))} {display_unit}", size_bytes


def normalise_count(text: str) -> str | None:
    """A count as written (``11 pages``), a bare number read as pages (``11`` → ``11 pages``)."""
    folded = _fold(text)
    if re.fullmatch(r"\d{1,6}", folded):
        return f"{folded} page" if folded == "1" else f"{folded} pages"
    if _COUNT.match(folded):
        return folded
    return None


def _read_date(text: str) -> tuple[str, int] | None:
    folded = _fold(text)
    match = _date_pattern().match(folded)
    if not match:
        return None
    year = next(g for g in match.groups() if g)
    return folded, int(year)


def _read_type_phrase(text: str) -> tuple[str, str | None] | None:
    """Read a type and the qualifier written before it (kept: nothing written is lost).

    ``PDF`` → (PDF, None); ``one-hour webinar`` → (Webinar, ``one-hour``).
    """
    folded = _fold(text)
    found = normalise_type(folded)
    if found:
        return found, None
    words = folded.rsplit(" ", 1)
    if len(words) == 2 and _TYPE_PREFIX.match(words[0]):
        found = normalise_type(words[1])
        if found:
            return found, words[0]
    return None


def _split_fields(text: str) -> list[str]:
    """Split on separators, then rejoin ``January 26`` + ``2022``."""
    pieces = [p for p in _FIELD_SEPARATORS.split(text) if p and p.strip()]
    fields: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if fields and _MONTH_DAY.match(fields[-1]) and re.fullmatch(_YEAR, piece):
            fields[-1] = f"{fields[-1]}, {piece}"
        else:
            fields.append(piece)
    return fields


def _strip_brackets(text: str) -> str:
    match = _BRACKETED.match(text)
    if match:
        return match.group("p") if match.group("p") is not None else match.group("s")
    return text


# -- Public API --------------------------------------------------------------------


def parse_annotation(text: str) -> Annotation | None:
    """Read an annotation such as ``PDF, 420 kb, 11 pages, 2021``; None if it is not one.

    Accepted when it names a file type or a size (other fields may then be
    unrecognised and are kept in ``extra``), or when every field is a count or a date
    (``(December 2021)``, ``(16 short videos, totalling 26 minutes)``).
    """
    written = _fold(_strip_brackets(_fold(html.unescape(text))))
    if not written or len(written) > 200:
        return None
    values: dict[str, object] = {}
    counts: list[str] = []
    extra: list[str] = []
    for item in _split_fields(written):
        if _read_field(item, values, counts):
            continue
        # "1.5 MB PDF", "PDF 2 MB": a size and a type in one field.
        words = item.split(" ")
        if len(words) >= 2 and _read_pair(words, values, counts):
            continue
        extra.append(item)
    qualifiers: tuple[str, ...] = values.pop("qualifiers", ())  # type: ignore[assignment]
    if counts:
        values["count"] = ", ".join(counts)
    has_file_fact = "file_type" in values or "size" in values
    if not values or (extra and not has_file_fact):
        return None
    return Annotation(extra=(*qualifiers, *extra), text=written, **values)  # type: ignore[arg-type]


def _read_field(item: str, values: dict[str, object], counts: list[str]) -> bool:
    """Store *item* as the first field it matches; False when it matches none."""
    typed = _read_type_phrase(item)
    if typed and "file_type" not in values:
        values["file_type"], qualifier = typed
        if qualifier and _DURATION.match(qualifier):
            counts.append(qualifier)
        elif qualifier:
            values["qualifiers"] = (*values.get("qualifiers", ()), qualifier)  # type: ignore[misc]
        return True
    size = normalise_size(item)
    if size and "size" not in values:
        values["size"], values["size_bytes"] = size
        return True
    if _COUNT.match(item):
        counts.append(item)
        return True
    date = _read_date(item)
    if date and "date" not in values:
        values["date"], values["year"] = date
        return True
    return False


def _read_pair(words: list[str], values: dict[str, object], counts: list[str]) -> bool:
    """A field holding two facts without a separator (``1.5 MB PDF``, ``PDF 2MB``)."""
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        trial: dict[str, object] = dict(values)
        trial_counts = list(counts)
        if _read_field(head, trial, trial_counts) and _read_field(tail, trial, trial_counts):
            values.update(trial)
            counts[:] = trial_counts
            return True
    return False


def annotation_from_fields(
    *,
    file_type: str | None = None,
    size: str | None = None,
    count: str | None = None,
    date: str | None = None,
) -> Annotation | None:
    """An annotation from separate values (directive options); unknown forms kept as written.

    ``file_type="docx"`` → ``Word document``; ``size="420 kb"`` → ``420 KB``;
    ``count="11"`` → ``11 pages``; ``date="April 2016"`` → year 2016. None if all are empty.
    """
    values = {
        k: _fold(html.unescape(v or ""))
        for k, v in {"file_type": file_type, "size": size, "count": count, "date": date}.items()
    }
    if not any(values.values()):
        return None
    sized = normalise_size(values["size"]) if values["size"] else None
    dated = _read_date(values["date"]) if values["date"] else None
    typed = _read_type_phrase(values["file_type"]) if values["file_type"] else None
    extra = (typed[1],) if typed and typed[1] and not _DURATION.match(typed[1]) else ()
    counts = [typed[1]] if typed and typed[1] and _DURATION.match(typed[1]) else []
    if values["count"]:
        counts.append(normalise_count(values["count"]) or values["count"])
    return Annotation(
        file_type=typed[0] if typed else values["file_type"] or None,
        size=sized[0] if sized else values["size"] or None,
        size_bytes=sized[1] if sized else None,
        count=", ".join(counts) or None,
        date=values["date"] or None,
        year=dated[1] if dated else None,
        extra=extra,
        text=", ".join(v for v in values.values() if v),
    )


def split_link_text(title: str) -> tuple[str, Annotation | None]:
    """``Title (PDF, 420 kb, 11 pages, 2021)`` → (``Title``, annotation).

    Only a bracketed group at the very end is read; a group that is not an annotation
    (``(CX CoE)``, ``(AGPs)``) stays in the title. Never returns an empty title.
    """
    decoded = html.unescape(title)
    match = _TRAILING_GROUP.search(decoded)
    if not match:
        return title, None
    annotation = parse_annotation(match.group(0).strip().rstrip("."))
    head = decoded[: match.start()].rstrip(" ,;:–—-")
    if annotation is None or not head.strip():
        return title, None
    return head, annotation


def split_publisher(trailing: str) -> tuple[Annotation | None, str | None, str | None]:
    """Read the text after a link: (annotation, publisher, description).

    ``(Word document, 23 KB, 4 pages) &#8211; GSA`` → (annotation, ``GSA``, None);
    ``&mdash; one-hour webinar; Digital.gov Event`` → (Webinar, ``Digital.gov Event``, None);
    `` online training course (16 short videos) – SBA`` → (count, ``SBA``, ``online
    training course``). Text that is neither annotation nor publisher is returned as
    the description, so nothing is lost.
    """
    return _split_publisher(trailing)


def link_facts(link_text: str, trailing: str) -> tuple[Annotation | None, str | None, str | None]:
    """One link's (annotation, publisher, description).

    The annotation ending the link's text (``[Guide (PDF, 2 MB)](…)``) is merged with
    the one after the link (``[Guide](…) (PDF, 2 MB) – GSA``).
    """
    in_title = split_link_text(link_text)[1]
    found, publisher, description = split_publisher(trailing)
    annotation = in_title.merged(found) if in_title else found
    return annotation, publisher, description


def _split_publisher(trailing: str) -> tuple[Annotation | None, str | None, str | None]:
    text = _fold(html.unescape(trailing))
    annotation: Annotation | None = None
    descriptions: list[str] = []
    publisher: str | None = None

    # 1. Text before the first separator: bracketed annotations and a short description.
    head, tail = _cut_at_separator(text)
    head, annotation = _take_groups(head, annotation)
    if head:
        descriptions.append(head)

    # 2. After the separator: parts split on ";" are annotations, a publisher or text.
    # A bracketed annotation may follow the publisher (``– from GSA (Word, 20 KB)``).
    if tail is not None:
        parts = [p.strip() for p in tail.split(";") if p.strip()]
        for part in parts:
            if "(" in part or "[" in part:
                bare, found = _take_groups(part, None)
                named = _FROM_PUBLISHER.match(bare)
                publisher_like = looks_like_publisher(named.group("bare") if named else bare)
                if found is not None and found.is_file and (not bare or publisher_like):
                    part = bare
                    annotation = found if annotation is None else annotation.merged(found)
                if not part:
                    continue
            sourced = _FROM_PUBLISHER.match(part)
            if sourced and publisher is None and looks_like_publisher(sourced.group("bare")):
                publisher = sourced.group("name")
                continue
            found = parse_annotation(part)
            if found is not None and all(_TYPE_PREFIX.match(x) for x in found.extra):
                annotation = found if annotation is None else annotation.merged(found)
                continue
            leading_type = _leading_type(part)
            if leading_type and (annotation is None or annotation.file_type is None):
                annotation = (annotation or Annotation()).merged(Annotation(file_type=leading_type))
                if _read_type_phrase(part):
                    continue
                descriptions.append(part)
                continue
            if publisher is None and looks_like_publisher(part):
                publisher = part
            else:
                descriptions.append(part)
    description = "; ".join(descriptions) or None
    return annotation, publisher, description


def _take_groups(text: str, annotation: Annotation | None) -> tuple[str, Annotation | None]:
    """Take the bracketed groups that are annotations out of *text*, merged into *annotation*."""
    for match in list(_ANY_GROUP.finditer(text)):
        found = parse_annotation(match.group(0))
        if found is not None:
            annotation = found if annotation is None else annotation.merged(found)
            text = text.replace(match.group(0), " ", 1)
    return _fold(text).strip(" ,;"), annotation


def _cut_at_separator(text: str) -> tuple[str, str | None]:
    """Split at the first separator outside brackets: (before, after or None).

    Separators: an en or em dash (spaced or not), a hyphen with a space after it at a
    word start (`` - GovLoop``), or a comma/semicolon when nothing precedes it.
    """
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif char in "–—":
            return text[:index], text[index:].lstrip("–—- ")
        elif char == "-" and (index == 0 or text[index - 1] == " "):
            rest = text[index:].lstrip("-")
            if not rest or rest[0] == " ":
                return text[:index], rest.strip()
        elif char in ",;" and not text[:index].strip():
            return "", text[index + 1 :]
    return text, None


def _leading_type(part: str) -> str | None:
    """``YouTube video featuring …`` → ``Video`` (the first one or two words name a type)."""
    words = part.split(" ")
    for size in (2, 1):
        if len(words) >= size:
            found = _read_type_phrase(" ".join(words[:size]))
            if found:
                return found[0]
    return None


def looks_like_publisher(text: str) -> bool:
    """A name: starts with a capital or digit, short, not a sentence."""
    folded = _fold(text)
    if not folded or len(folded) > 120 or len(folded.split(" ")) > 14:
        return False
    if not (folded[0].isupper() or folded[0].isdigit()):
        return False
    if _STARTS_WITH_MONTH.match(folded):
        return False  # "April and August 2023 online courses" describes, it does not name
    return not folded.endswith((".", "!", "?", ":")) or folded.endswith(
        ("Inc.", "Co.", "Corp.", "Ltd.", "U.S.")
    )


def type_from_url(url: str) -> str | None:
    """The file type a URL's path extension names (``…/plan.pdf`` → ``PDF``)."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return None
    for ext, file_type in _TYPE_BY_EXTENSION.items():
        if path.endswith(ext):
            return file_type
    return None


def plausibility_problems(annotation: Annotation, url: str | None = None) -> list[str]:
    """Why an annotation looks wrong, as short sentences (empty when it looks right)."""
    problems: list[str] = []
    if url and annotation.file_type in TYPE_EXTENSIONS:
        try:
            path = urlsplit(url).path.lower()
        except ValueError:
            path = ""
        url_type = type_from_url(url)
        if path.endswith(WEB_PAGE_EXTENSIONS) or (url_type and url_type != annotation.file_type):
            ext = path.rsplit(".", 1)[-1]
            problems.append(
                f"the link is marked {annotation.file_type} but its URL ends in '.{ext}'"
            )
    pages = _page_count(annotation.count)
    if annotation.size_bytes is not None and pages:
        per_page = annotation.size_bytes / pages
        if per_page < 256:
            problems.append(
                f"{annotation.size} for {annotation.count} is less than 256 bytes a page"
            )
    for item in annotation.extra:
        if any(c.isdigit() for c in item):
            problems.append(f"'{item}' is not a size, count or date the handbook recognises")
    return problems


def _page_count(count: str | None) -> int | None:
    if not count:
        return None
    match = re.match(rf"^({_NUMBER})\s+pages?\b", count)
    return int(_number(match.group(1))) if match else None
