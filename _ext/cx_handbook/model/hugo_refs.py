"""Hugo ``ref``/``relref`` links, resolved once every page has been read.

The shortcode expansion writes ``{{< ref "x.md" >}}`` as ``cx-ref:<line>:x.md`` (the
line is the one in the page as written). At that point only the current page is
known, so :class:`ResolveHugoRefs` (a post-transform, when every page's front matter
is in ``env.cx_frontmatter``) finds the page the target names, by

* path (``/resources/x.md``, ``/communities``; ``_index.md`` names its folder),
* file name (``x.md``; Hugo's dated ``2013-12-12-x.md`` names too),
* front-matter ``slug`` or an ``aliases`` entry,

and turns the link into a cross-reference that every builder resolves. A target that
is not in the project keeps its link text, without a link, and is reported
(``handbook.ref``, which a site owner can silence).
"""

from __future__ import annotations

import re
from posixpath import basename
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.warnings import WarningKind, warn
from .page import get_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

SCHEME = "cx-ref"
_PLACEHOLDER = re.compile(r"^cx-ref:(?P<line>\d+):(?P<target>.*)$")
_RAW_HREF = re.compile(r"""\shref=(["'])cx-ref:(?P<line>\d+):(?P<target>[^"']*)\1""")
TITLE_CLASS = "cx-ref-title"


def normalise(target: str) -> str:
    """A Hugo page reference as a lookup key: no slashes at the ends, no ``.md``."""
    path = unquote(target).split("#", 1)[0].split("?", 1)[0].strip().lower()
    path = path.strip("/").removesuffix(".md")
    for index in ("/_index", "/index"):
        path = path.removesuffix(index)
    return "" if path in ("_index", "index") else path


def page_index(env: BuildEnvironment) -> dict[str, str]:
    """Lookup keys (paths, file names, slugs, aliases) → docname, most specific first."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        key = normalise(docname)
        exact.setdefault(key, docname)
        loose.setdefault(basename(key) or key, docname)
        matter = get_front_matter(env, docname)
        for alias in matter.aliases:
            exact.setdefault(normalise(alias), docname)
        if matter.slug:
            loose.setdefault(normalise(matter.slug), docname)
    return {**loose, **exact}


def find_page(index: dict[str, str], target: str) -> str | None:
    """The docname *target* names, or ``None``."""
    key = normalise(target)
    if not key:
        return None
    return index.get(key) or index.get(basename(key))


def parse_placeholder(uri: str) -> tuple[int, str] | None:
    """``(line, target)`` of a ``cx-ref:`` URL."""
    match = _PLACEHOLDER.match(uri)
    if not match:
        return None
    return int(match.group("line")), unquote(match.group("target"))


class ResolveHugoRefs(SphinxPostTransform):
    """Turn ``cx-ref:`` links into cross-references, or into text with a warning."""

    default_priority = 5  # before Sphinx resolves pending_xref nodes (10)

    def run(self, **kwargs: Any) -> None:
        """Resolve every ``cx-ref:`` link and raw-HTML ``href`` of the page."""
        index: dict[str, str] | None = None
        for node in list(self.document.findall(nodes.reference)):
            found = parse_placeholder(node.get("refuri", ""))
            if found is None:
                continue
            index = index if index is not None else page_index(self.env)
            self._resolve(node, *found, index)
        for raw in list(self.document.findall(nodes.raw)):
            if "cx-ref:" in raw.astext():
                index = index if index is not None else page_index(self.env)
                self._resolve_raw(raw, index)

    def _resolve(self, node: nodes.reference, line: int, target: str, index: dict) -> None:
        docname = find_page(index, target)
        if docname is None:
            self._missing(target, line, node.astext())
            node.parent.replace(node, list(node.children) or [nodes.Text(target)])
            return
        fragment = target.split("#", 1)[1] if "#" in target else ""
        if fragment:
            uri = self.app.builder.get_relative_uri(self.env.docname, docname)
            node["refuri"] = f"{uri}#{fragment}"
            node["internal"] = True
            return
        explicit = TITLE_CLASS not in node["classes"]
        xref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget="/" + docname,
            refexplicit=explicit,
            refwarn=True,
            refdoc=self.env.docname,
        )
        xref.source, xref.line = node.source, line
        content = nodes.inline("", "", *node.children, classes=["std", "std-doc"])
        xref += content if explicit else nodes.inline("", node.astext())
        node.replace_self(xref)

    def _resolve_raw(self, raw: nodes.raw, index: dict) -> None:
        def swap(match: re.Match[str]) -> str:
            target = unquote(match.group("target"))
            docname = find_page(index, target)
            if docname is None:
                self._missing(target, int(match.group("line")), "")
                return ""
            uri = self.app.builder.get_relative_uri(self.env.docname, docname)
            fragment = target.split("#", 1)[1] if "#" in target else ""
            return f' href="{uri}{"#" + fragment if fragment else ""}"'

        text = _RAW_HREF.sub(swap, raw.astext())
        raw.replace(raw[0], nodes.Text(text))

    def _missing(self, target: str, line: int, text: str) -> None:
        shown = f"'{text}' " if text else ""
        warn(
            WarningKind.REF,
            f"link {shown}points to Hugo page {target!r}, which is not in this project; "
            "its text is kept without a link. Add the page, or link to its full URL",
            (self.env.docname, line),
        )


def _allow_scheme(app: Sphinx, config: Config) -> None:
    """Let MyST keep ``cx-ref:`` links as links until they are resolved."""
    schemes = config.myst_url_schemes
    if isinstance(schemes, dict):
        schemes.setdefault(SCHEME, None)
    elif SCHEME not in schemes:
        config.myst_url_schemes = [*schemes, SCHEME]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Resolve ``ref``/``relref`` targets after every page is read."""
    app.connect("config-inited", _allow_scheme)
    app.add_post_transform(ResolveHugoRefs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
