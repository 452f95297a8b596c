"""Sphinx, run once in this process: the pages as the build reads them, and its warnings.

:func:`sphinx_project` starts one :class:`~sphinx.application.Sphinx` application with
the project's ``conf.py`` (evaluated once; ``make check`` reads its settings from the
application's ``config``) and the ``dummy`` builder, which reads every page and resolves
every reference but writes nothing. While it runs:

* a ``source-read`` handler at the latest priority records each page's text after every
  other handler has run (front matter split, Markdown repaired, shortcodes expanded),
  with the shortcode line map, so the rules read what the build reads and still name
  the line as written in the file;
* a :class:`logging.Handler` on Sphinx's logger turns each warning record into a
  :class:`BuildWarning` from the record's own ``location``, ``type`` and ``subtype``.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives, languages
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import docutils_namespace, new_document, patch_docutils

from ..sources.shortcodes import LINE_MAP_KEY
from .findings import Finding

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive

#: ``source-read`` priorities: before every handler (the text as in the file) and after.
FIRST_PRIORITY = 0
LAST_PRIORITY = 1000

#: As ``make html`` runs (``-n``), with drafts and expired pages read too: a writer
#: checks a page before it is published.
CHECK_OVERRIDES = {"nitpicky": True, "handbook_build_drafts": True, "handbook_build_expired": True}

#: Warning kinds the page rules already report from the same model.
REPORTED_BY_RULES = frozenset(
    {
        "handbook.frontmatter",
        "handbook.frontmatter_unknown_key",
        "handbook.yaml",
        "handbook.unsafe_url",
        "myst.header",  # non-consecutive heading levels: the heading-levels rule
    }
)


class BuildFailed(Exception):
    """Sphinx could not read the project (a broken ``conf.py``, an extension's error)."""


@dataclass(frozen=True)
class SourceText:
    """One page's text: as Sphinx read it from the file, and as the parser receives it."""

    docname: str
    path: Path
    raw: str
    text: str
    #: 1-based line in the file of each line of *text* (empty: the lines are the same)
    line_map: tuple[int, ...] = ()

    def file_line(self, line: int) -> int:
        """The line in the file of *line* (1-based) of the expanded text."""
        if 0 < line <= len(self.line_map):
            return self.line_map[line - 1]
        return line


@dataclass(frozen=True)
class BuildWarning:
    """A warning record of the build: where, of what kind, and its message."""

    path: Path | None
    line: int | None
    type: str
    subtype: str
    message: str

    @property
    def kind(self) -> str:
        """``type.subtype`` as in ``suppress_warnings`` (``myst.xref_missing``)."""
        return f"{self.type}.{self.subtype}" if self.subtype else self.type


@dataclass
class Project:
    """The running application, the pages it read and the warnings it gave."""

    app: Sphinx
    sources: dict[str, SourceText] = field(default_factory=dict)
    warnings: list[BuildWarning] = field(default_factory=list)
    _raw: dict[str, str] = field(default_factory=dict)
    _document: nodes.document | None = None

    def directive(self, name: str) -> type[Directive] | None:
        """The directive class *name* stands for in this build (None when unknown)."""
        if self._document is None:
            self._document = new_document("<make check>")
        found, _messages = directives.directive(name, languages.get_language("en"), self._document)
        return found

    def _record_raw(self, app: Sphinx, docname: str, source: list[str]) -> None:
        self._raw[docname] = source[0]

    def _record_expanded(self, app: Sphinx, docname: str, source: list[str]) -> None:
        line_map = app.env.current_document.get(LINE_MAP_KEY) or ()
        path = Path(app.env.doc2path(docname)).resolve()
        raw = self._raw.pop(docname, source[0])
        self.sources[docname] = SourceText(docname, path, raw, source[0], tuple(line_map))


class WarningRecorder(sphinx_logging.WarningStreamHandler):
    """Sphinx's warning records, kept as :class:`BuildWarning` (written nowhere).

    A :class:`~sphinx.util.logging.WarningStreamHandler`, so Sphinx holds records back
    from it while it reads, as from its own warning stream, and hands each over once.
    Records of kinds ``suppress_warnings`` names are dropped, as the build drops them.
    """

    def __init__(self, app: Sphinx, into: list[BuildWarning]) -> None:
        super().__init__(io.StringIO())
        self.setLevel(logging.WARNING)
        self.app = app
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        """Keep *record* unless ``suppress_warnings`` silences it."""
        kind = str(getattr(record, "type", "") or "")
        subtype = str(getattr(record, "subtype", "") or "")
        if sphinx_logging.is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        path, line = self._where(getattr(record, "location", None))
        # The message without the location prefix Sphinx's own translator may have added.
        message = logging.LogRecord.getMessage(record)
        suffix = f" [{kind}.{subtype}]" if subtype else f" [{kind}]"
        message = message.removesuffix(suffix) if kind else message
        self.into.append(BuildWarning(path, line, kind, subtype, message))

    def _where(self, location: Any) -> tuple[Path | None, int | None]:
        """A record's ``location`` (``(docname, line)``, a node, or text) as path and line."""
        env = self.app.env
        if isinstance(location, tuple):
            docname, line = location
            return (Path(env.doc2path(docname)) if docname else None), line
        if isinstance(location, nodes.Node):
            source, line = get_source_line(location)
            return (Path(source) if source else None), line
        if isinstance(location, str) and location:
            where, _, number = location.rpartition(":")
            if where and (number.isdigit() or not number):
                return Path(where), int(number) if number else None
            return Path(env.doc2path(location)), None
        return None, None


@contextmanager
def sphinx_project(srcdir: Path, confdir: Path, *, resolve: bool = True) -> Iterator[Project]:
    """Read *srcdir* with the ``conf.py`` in *confdir*, once, in this process.

    With *resolve*, every reference is resolved too (Sphinx's write phase, which the
    ``dummy`` builder runs without writing). The :class:`Project` stays usable inside
    the ``with`` block (the build's directives are registered there).
    """
    with (
        tempfile.TemporaryDirectory(prefix="cx-check-") as tmp,
        patch_docutils(confdir),
        docutils_namespace(),
    ):
        logger = logging.getLogger(sphinx_logging.NAMESPACE)
        recorder: WarningRecorder | None = None
        try:
            app = Sphinx(
                srcdir,
                confdir,
                Path(tmp, "out"),
                Path(tmp, "doctrees"),
                "dummy",
                confoverrides=CHECK_OVERRIDES,
                status=None,
                warning=None,
                freshenv=True,
            )
            project = Project(app)
            app.connect("source-read", project._record_raw, priority=FIRST_PRIORITY)
            app.connect("source-read", project._record_expanded, priority=LAST_PRIORITY)
            recorder = WarningRecorder(app, project.warnings)
            # First in line, so it sees each record before Sphinx's own handler rewrites it.
            logger.handlers.insert(0, recorder)
            if resolve:
                app.build(force_all=True)
            else:
                app.builder.read()
        except Exception as error:
            raise BuildFailed(" ".join(str(error).split()) or type(error).__name__) from error
        finally:
            if recorder is not None:
                logger.removeHandler(recorder)
        yield project


def rule_for(warning_kind: str) -> str:
    """The check rule id a Sphinx warning kind (``type.subtype``) belongs to."""
    if warning_kind.startswith(("ref.", "myst.xref")) or warning_kind in (
        "handbook.ref",
        "handbook.markdown",
    ):
        return "broken-link"
    if warning_kind.startswith("toc."):
        return "toctree"
    if warning_kind.startswith("image."):
        return "missing-image"
    return "build-warning"


def sphinx_findings(warnings: list[BuildWarning], label: dict[Path, str]) -> Iterator[Finding]:
    """The build's *warnings* on checked pages as findings.

    *label* maps each checked page's resolved path to the name findings use; warnings
    on other files are dropped (a check of one page reports on that page).
    """
    for warning in warnings:
        if warning.kind in REPORTED_BY_RULES or warning.path is None:
            continue
        name = label.get(warning.path.resolve())
        if name is None:
            continue
        message = _explain(warning.message, warning.kind)
        yield Finding.of(rule_for(warning.kind), name, warning.line, message)


def _explain(message: str, warning_kind: str) -> str:
    """Sphinx's message, with what to do when Sphinx does not say it."""
    message = message[0].upper() + message[1:] if message else message
    if "](" in message and warning_kind in ("myst.xref_missing", "handbook.markdown"):
        return (
            f"{message}: the link is written twice, as [text]([text](address)); "
            "write it once, e.g. [DHS CX glossary](https://www.dhs.gov/cx/glossary)"
        )
    if warning_kind.startswith("myst.xref"):
        return (
            f"{message}: the link points at no page or heading of the handbook; "
            "fix the address (a web address needs https://) or the page name"
        )
    if warning_kind == "toc.not_included":
        return f"{message}: add the page to its section's toctree (in that folder's index.md)"
    return message
