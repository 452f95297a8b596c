"""MyST's own Markdown parser, for Markdown that is not a page of its own.

Two kinds of Markdown are parsed outside Sphinx's reading of a page, and both go
through MyST's markdown-it parser (never a parser of our own), so what counts as a
link, a list or a heading is what counts in the build:

* :func:`markdown_tokens`: ``make check`` reads a page as markdown-it tokens, with the
  site's ``myst_enable_extensions``;
* :func:`render_markdown`: a front-matter value written in Markdown (a timeline item's
  ``description``) becomes docutils nodes, with the page's MyST settings, its lines
  counted from the value's line in the file.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser

from ..core.compat import myst_config, page_slugs_kept

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.environment import BuildEnvironment


#: The MyST syntax extensions the handbook's pages are written with (conf.py's
#: ``myst_enable_extensions``; test roots that must parse like the site import it too).
MYST_EXTENSIONS = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "html_admonition",
    "html_image",
    "tasklist",
]


@cache
def _token_parser(extensions: frozenset[str]) -> MarkdownIt:
    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def markdown_tokens(text: str, extensions: frozenset[str] = frozenset()) -> list[Token]:
    """*text* as markdown-it tokens, parsed with MyST and *extensions* enabled."""
    return _token_parser(extensions).parse(text)


def render_markdown(
    text: str, document: nodes.document, env: BuildEnvironment, first_line: int | None
) -> list[nodes.Element]:
    """Render Markdown *text* into nodes for *document* (the page being read).

    Lines in warnings are counted from *first_line* of the file. Ids the text makes
    (heading anchors) are registered with *document*; the page's own heading slugs
    are left as they were. Returns the top-level nodes (sections included).
    """
    md = create_md_parser(myst_config(env), SphinxRenderer)
    nested = new_document(document["source"], document.settings)
    nested.reporter = document.reporter
    md.options["document"] = nested
    md_env: dict[str, Any] = {}
    tokens = md.parse(text + "\n", md_env)
    offset = (first_line - 1) if first_line else 0
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + offset, token.map[1] + offset]
    with page_slugs_kept(env):
        md.renderer.render(tokens, md.options, md_env)
    for node_id, node in nested.ids.items():
        document.ids.setdefault(node_id, node)
    return [c for c in nested.children if not isinstance(c, nodes.meta)]
