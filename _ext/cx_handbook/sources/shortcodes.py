"""Hugo shortcodes, expanded into MyST before the page is parsed.

Pages from digital.gov use Hugo shortcodes (``{{< note >}} … {{< /note >}}``,
``{{< ref "x.md" >}}``). This module is the only text-level step of the build:

* :func:`.shortcode_syntax.parse` reads a page into a tree of text spans and shortcodes.
* :func:`expand` renders the tree with :data:`shortcode_mapping.MAPPING` into MyST
  text, keeping a map from each expanded line to the original line, so warnings name
  the line the writer sees.
* ``ref``/``relref`` become their target (``[text](/section/page)``, ``href="x.md"``),
  which the one link resolver (:mod:`..model.links`) finds once every page is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core.assets import add_stylesheet
from ..core.warnings import WarningKind, warn
from .hugo_site import find_hugo_site, read_data_files, read_records
from .markdown_repair import repair_markdown
from .shortcode_mapping import renderer_for
from .shortcode_syntax import DEFAULT_CDN_URL, Context, Expansion, flatten, line_map, parse

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

LINE_MAP_KEY = "cx_shortcode_line_map"


def expand(text: str, ctx: Context | None = None) -> Expansion:
    """Expand every shortcode in *text* (after line-neutral Markdown repairs)."""
    repaired, repairs = repair_markdown(text)
    if ctx is None:
        ctx = Context(repaired)
    ctx.source = repaired
    if ctx.renderer_for is None:
        ctx.renderer_for = renderer_for
    ctx._line_starts = []
    ctx.problems.extend(repairs)
    if "{{" not in repaired:
        return Expansion(repaired, [], ctx.problems)
    tree, stray = parse(repaired)
    for message, offset in stray:
        ctx.problem(WarningKind.SHORTCODE, f"{message}; remove it", offset)
    parts = ctx.render(tree)
    return Expansion(flatten(parts), line_map(parts, ctx), ctx.problems)


# -- Sphinx wiring ---------------------------------------------------------------


def hugo_images(app: Sphinx) -> dict[str, dict[str, object]]:
    """The image records of the Hugo site around the source folder, read once per build."""
    records = getattr(app, "_cx_hugo_images", None)
    if records is None:
        site = find_hugo_site(Path(app.srcdir))
        folder = site.data_dir / "images" if site and site.data_dir else None
        records = read_records(folder) if folder else {}
        app._cx_hugo_images = records
    return records


def hugo_data(app: Sphinx) -> tuple[str, dict[str, object]]:
    """The Hugo site's ``baseURL`` and its ``data/*.yml`` files by name, read once per build.

    ``("", {})`` when the source folder is not a Hugo site's content folder.
    """
    found = getattr(app, "_cx_hugo_data", None)
    if found is None:
        site = find_hugo_site(Path(app.srcdir))
        data = read_data_files(site.data_dir) if site and site.data_dir else {}
        found = ((site.config.base_url.rstrip("/") if site else ""), data)
        app._cx_hugo_data = found
    return found


def _forget_images(app: Sphinx) -> None:
    app._cx_hugo_images = None
    app._cx_hugo_data = None


def _context(app: Sphinx, docname: str | None, path: Path) -> Context:
    return Context(
        "",
        docname=docname,
        srcdir=Path(app.srcdir),
        docdir=path.parent,
        cdn_url=app.config.handbook_hugo_cdn_url.rstrip("/"),
        base_url=hugo_data(app)[0],
        data=hugo_data(app)[1],
        images=hugo_images(app),
    )


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
        return
    result = expand(source[0], _context(app, docname, path))
    for problem in result.problems:
        warn(problem.kind, problem.message, (docname, problem.line))
    source[0] = result.text
    app.env.current_document[LINE_MAP_KEY] = result.line_map


def _on_include_read(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    path = Path(app.srcdir) / relative_path
    parent = Path(app.env.doc2path(parent_docname))
    if path.suffix == ".rst" or parent.suffix != ".md":
        return
    result = expand(content[0], _context(app, None, path))
    for problem in result.problems:
        warn(problem.kind, problem.message, f"{path}:{problem.line}")
    content[0] = result.text


class RestoreOriginalLines(SphinxTransform):
    """Give every node the line it has in the file as written, not as expanded."""

    default_priority = 1

    def apply(self, **kwargs: object) -> None:
        """Map each node's line back through the expansion's line map."""
        lines: list[int] = self.env.current_document.get(LINE_MAP_KEY) or []
        if not lines:
            return
        source = self.document.get("source")
        for node in self.document.findall(nodes.Element):
            line = node.line
            if line and node.source == source and 0 < line <= len(lines):
                node.line = lines[line - 1]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Expand Hugo shortcodes after the front matter is read (priority 300)."""
    app.add_config_value("handbook_hugo_cdn_url", DEFAULT_CDN_URL, "env", types=[str])
    app.connect("builder-inited", _forget_images)
    app.connect("source-read", _on_source_read, priority=500)
    app.connect("include-read", _on_include_read, priority=500)
    app.add_transform(RestoreOriginalLines)
    add_stylesheet(app, "cx-shortcodes.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
