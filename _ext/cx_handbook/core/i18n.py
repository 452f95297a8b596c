"""The words our extensions print, in the reader's language: one message catalog.

Every reader-facing word that our code writes (hero labels, "Published", resource card
words, timeline statuses, the PDF's cover and footers) goes through :func:`_`, which
looks it up in the ``cx_handbook`` message catalog for the build's ``language``::

    from ..core.i18n import _
    label = _("Topics")

The catalogs are standard gettext files. The extension ships its own
(``_ext/cx_handbook/locales/<lang>/LC_MESSAGES/cx_handbook.po``); a project may add
or override words with a ``cx_handbook.po`` in its own ``locale_dirs``. Both are
compiled into one ``.mo`` in the doctree folder at the start of every build (nothing
compiled is committed), so a changed ``.po`` is used by the next build.
``python -m cx_handbook.tools.catalog`` writes the template, ``cx_handbook.pot``,
from the code and templates.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale

from .compat import reset_message_catalog
from .warnings import WarningKind, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The gettext domain of our extensions' words (``cx_handbook.pot``, ``.po``, ``.mo``).
CATALOG = "cx_handbook"
#: The catalogs the extension ships.
PACKAGE_LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"
#: Where the build keeps the compiled catalog, under the doctree folder.
COMPILED_DIR = "cx_locale"

#: Translate one of our messages (a lazy proxy when no catalog is loaded yet).
_ = locale.get_translation(CATALOG)
#: The same, for modules where ``_`` is a throwaway name.
gettext = _


class CatalogError(Exception):
    """A ``.po`` file that cannot be read or compiled (at :attr:`line`)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


#: A PO keyword line (``msgid "…"``, ``msgstr[0] "…"``) or a continued string (``"…"``).
_PO_LINE = re.compile(
    r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$'
)


def po_syntax_errors(text: str) -> list[tuple[int, str]]:
    """The lines of a ``.po`` file that gettext's ``msgfmt`` would refuse.

    babel reads an unterminated or unescaped string without a word (and drops or
    changes text); this is the line-by-line check that it leaves out.
    """
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(stripped):
            errors.append((number, f"line {number} is not a quoted PO string: {stripped[:60]!r}"))
    return errors


def catalog_sources(srcdir: Path, locale_dirs: list[str], language: str) -> list[Path]:
    """The ``cx_handbook.po`` files for *language*: the extension's, then the project's."""
    dirs = [PACKAGE_LOCALE_DIR, *(srcdir / d for d in locale_dirs)]
    paths = [Path(d, language, "LC_MESSAGES", f"{CATALOG}.po") for d in dirs]
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    return [p for p in unique if p.is_file()]


def read_catalog(path: Path) -> Catalog:
    """Read one ``.po`` file strictly (a syntax error raises :class:`CatalogError`)."""
    try:
        data = path.read_bytes()
        errors = po_syntax_errors(data.decode("utf-8"))
        if errors:
            line, problem = errors[0]
            raise CatalogError(f"{path}:{line}: {problem}", line)
        return read_po(io.BytesIO(data), abort_invalid=True)
    except CatalogError:
        raise
    except Exception as error:  # babel raises PoFileError, ValueError, UnicodeError
        raise CatalogError(f"{path}: {error}", getattr(error, "lineno", 1) or 1) from error


_BRACE_FIELD = re.compile(r"\{(\w*)\}")


def placeholder_problem(message: Message) -> str | None:
    """What a ``python-brace-format`` translation got wrong about ``{fields}``, if anything.

    ``"Publicado {fecha}"`` for ``"Published {date}"`` would stop the build with a
    ``KeyError`` when the words are filled in.
    """
    if "python-brace-format" not in message.flags or not message.string:
        return None
    expected = set(_BRACE_FIELD.findall(str(message.id)))
    found = set(_BRACE_FIELD.findall(str(message.string)))
    if expected == found:
        return None
    wanted = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "none"
    return f"the translation of {str(message.id)!r} must keep the placeholders {wanted}"


def merged_catalog(paths: list[Path], language: str) -> Catalog:
    """One catalog of every translated, non-fuzzy message; later files win.

    A translation whose placeholders do not match is left out (warned), so the build
    shows the source words instead of failing.
    """
    merged = Catalog(locale=language, domain=CATALOG)
    for path in paths:
        for message in read_catalog(path):
            problem = placeholder_problem(message)
            if problem:
                warn(
                    WarningKind.TRANSLATION,
                    f"{path}:{message.lineno}: {problem}; the English words are shown. "
                    "Fix the .po file",
                )
                continue
            if message.id and message.string and not message.fuzzy:
                merged.delete(message.id)
                merged.add(message.id, message.string)
    return merged


def compile_catalog(paths: list[Path], language: str, target_root: Path) -> Path:
    """Write the merged ``.mo`` under *target_root* (only when its bytes change)."""
    buffer = io.BytesIO()
    write_mo(buffer, merged_catalog(paths, language))
    target = target_root / language / "LC_MESSAGES" / f"{CATALOG}.mo"
    data = buffer.getvalue()
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return target


def load_catalog(app: Sphinx, config: Config) -> None:
    """Compile and load this build's catalog; an English build gets the source words."""
    reset_message_catalog(CATALOG)
    language = config.language or "en"
    paths = catalog_sources(Path(app.srcdir), list(config.locale_dirs), language)
    if not paths:
        locale.init([], None, CATALOG)
        return
    target_root = Path(app.doctreedir) / COMPILED_DIR
    try:
        compile_catalog(paths, language, target_root)
    except CatalogError as error:
        warn(
            WarningKind.TRANSLATION,
            f"cannot compile the message catalog {error}; the words of the extensions stay "
            "in English. Fix the .po file (msgfmt --check-format shows the line)",
        )
        locale.init([], None, CATALOG)
        return
    locale.init([target_root], language, CATALOG)


def _template_gettext(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Templates translate our words with ``cx_gettext("...")`` (``_()`` is Sphinx's)."""
    context["cx_gettext"] = _


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load the extensions' message catalog before anything prints a word."""
    app.connect("config-inited", load_catalog, priority=100)
    app.connect("html-page-context", _template_gettext)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def translate_setting(value: str) -> str:
    """A site owner's words from ``conf.py`` (the project's title), translated.

    The project's ``cx_handbook.po`` holds them; an empty value stays empty.
    """
    return _(value) if value.strip() else value


def N_(message: str) -> str:
    """Mark *message* for the catalog without translating it (translated where shown)."""
    return message


#: ``11 pages`` as the annotation parser writes counts of pages.
_PAGE_COUNT = re.compile(r"(?P<count>\d[\d,.]*) (?P<unit>pages?)")


def translate_fact(text: str) -> str:
    """A resource fact in the reader's language: ``Word document``, ``11 pages``."""
    if not text.strip():
        return text
    match = _PAGE_COUNT.fullmatch(text)
    if match is None:
        return _(text)
    if match["unit"] == "page":
        return _("{count} page").format(count=match["count"])
    return _("{count} pages").format(count=match["count"])
