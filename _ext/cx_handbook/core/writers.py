"""Custom nodes get a visitor for every writer, registered in one place.

Most of the handbook's output is standard docutils nodes. The few custom nodes need
a visitor for html and for each other writer the handbook supports (latex, text,
man, texinfo; epub and singlehtml use html's), else those builders fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The writers besides html that must know every custom node.
OTHER_WRITERS = ("latex", "text", "man", "texinfo", "typst")

Visitor = tuple[Callable[[Any, Any], None], Callable[[Any, Any], None] | None]


def skip_node(self: Any, node: nodes.Node) -> None:
    """A visitor that leaves the node and its children out of the output."""
    raise nodes.SkipNode


SKIP: Visitor = (skip_node, None)


def add_node(app: Sphinx, node: type[nodes.Element], *, html: Visitor, others: Visitor) -> None:
    """Register *node* with *html*'s visitor, and *others* for every other writer."""
    app.add_node(node, html=html, **dict.fromkeys(OTHER_WRITERS, others))
