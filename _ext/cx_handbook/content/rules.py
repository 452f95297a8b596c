"""Horizontal rules where docutils allows none stay rules, as Hugo shows them.

A Markdown rule (``---``) is a docutils *transition*, which may only stand between two
body elements of a page or section. Hugo pages put them anywhere: last thing on the
page, first thing under a heading, inside a list item, two in a row. docutils would
warn ("Document may not end with a transition") though the writer did nothing wrong,
and Hugo simply draws the line. :class:`KeepRulesAsHugoDraws` turns each such rule
into the ``<hr>`` Sphinx writes for a transition (builders that are not HTML leave it
out, as they would any decoration), before docutils checks (priority 830).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

RULE_HTML = '<hr class="docutils" />'
_STARTS = (nodes.title, nodes.subtitle, nodes.meta, nodes.decoration)


def _ends_document(node: nodes.Node) -> bool:
    """True when nothing follows *node* up to the end of the document."""
    while node.parent is not None:
        if node.parent.index(node) != len(node.parent) - 1:
            return False
        node = node.parent
    return True


def misplaced(node: nodes.transition) -> bool:
    """True for a rule docutils would warn about (see ``docutils.transforms.misc``)."""
    parent = node.parent
    if not isinstance(parent, (nodes.document, nodes.section)):
        return True
    before = node.previous_sibling()
    if parent.index(node) == 0 or isinstance(before, (*_STARTS, nodes.transition)):
        return True
    return _ends_document(node)


class KeepRulesAsHugoDraws(SphinxTransform):
    """Draw a misplaced rule as ``<hr>`` instead of warning about it."""

    default_priority = 825  # docutils' Transitions is 830

    def apply(self, **kwargs: Any) -> None:
        """Replace every misplaced transition of the page."""
        for rule in list(self.document.findall(nodes.transition)):
            if misplaced(rule):
                rule.replace_self(nodes.raw("", RULE_HTML, format="html"))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform."""
    app.add_transform(KeepRulesAsHugoDraws)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
