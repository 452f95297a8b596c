"""Accessibility fixes to what Sphinx and furo write, applied from outside.

furo's own markup is fixed in ``_templates/`` (``page.html``, ``search.html``,
``sidebar/brand.html``) and ``_static/cx-a11y.css``; this module fixes what comes
from the document tree:

- toctree captions are ``<p role="heading">`` without ``aria-level`` (axe:
  aria-required-attr): :class:`AccessibleHTMLTranslator` adds ``aria-level="2"``;
- MyST task-list checkboxes have no label (axe: label): :class:`LabelTaskListCheckboxes`
  names each one by its item's text;
- a page without a title has no ``<h1>`` and is "<no title>" in the navigation (axe:
  page-has-heading-one): :class:`EnsurePageTitle` gives it one from its file name and
  warns (``handbook.no_title``) so the writer can add ``title:`` to the front matter.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator

from ..core.assets import add_stylesheet
from ..core.compat import add_caption_level, is_toctree_caption
from ..core.warnings import WarningKind, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Builders whose pages readers (or the PDF renderer) see as HTML.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
CAPTION_LEVEL = "2"


class AccessibleHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, with toctree captions that are complete headings."""

    def visit_title(self, node: nodes.title) -> None:
        """Sphinx's markup; a toctree caption also gets the ``aria-level`` it requires."""
        start = len(self.body)
        super().visit_title(node)
        if is_toctree_caption(node):
            add_caption_level(self.body, start, CAPTION_LEVEL)


def task_checkbox_html(checked: bool, label_id: str) -> str:
    """A read-only task checkbox named by the element *label_id* (its item's text)."""
    state = ' checked="checked"' if checked else ""
    return (
        f'<input class="task-list-item-checkbox"{state} disabled="disabled" '
        f'type="checkbox" aria-labelledby="{html.escape(label_id)}">'
    )


class LabelTaskListCheckboxes(SphinxTransform):
    """Name each task-list checkbox by the text of its list item."""

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        """Walk the task-list items once and relabel their checkbox."""
        docname = self.env.docname
        for number, item in enumerate(self.document.findall(nodes.list_item)):
            if "task-list-item" not in item["classes"] or not item.children:
                continue
            para = item.children[0]
            if not isinstance(para, nodes.paragraph) or not para.children:
                continue
            box = para.children[0]
            if not (isinstance(box, nodes.raw) and "task-list-item-checkbox" in box.astext()):
                continue
            if not para["ids"]:
                para["ids"].append(f"task-{nodes.make_id(docname)}-{number}")
            checked = 'checked="checked"' in box.astext()
            para.replace(
                box, nodes.raw("", task_checkbox_html(checked, para["ids"][0]), format="html")
            )


def title_from_docname(docname: str, project: str) -> str:
    """A readable title from a file name: ``focus-area-x`` -> ``Focus area x``."""
    parts = docname.split("/")
    last = parts[-1] not in ("index", "_index")
    stem = parts[-1] if last else (parts[-2] if len(parts) > 1 else "")
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else project


class EnsurePageTitle(SphinxTransform):
    """Give a page without any section title one, so it has an ``<h1>`` and a name."""

    # After the other transforms (one may add a title), before doctree-read (880)
    # collects the page's title.
    default_priority = 860

    def apply(self, **kwargs: Any) -> None:
        """Wrap the whole page in a section titled from its file name."""
        document = self.document
        if any(isinstance(child, nodes.section) for child in document.children):
            return
        if any(
            isinstance(child, nodes.raw) and "<h1" in child.astext() for child in document.children
        ):
            return
        docname = self.env.docname
        title = title_from_docname(docname, self.config.project)
        section = nodes.section(
            ids=[nodes.make_id(title) or "page"], names=[nodes.fully_normalize_name(title)]
        )
        section += nodes.title(title, title)
        children = list(document.children)
        keep = [c for c in children if isinstance(c, (nodes.docinfo, nodes.meta))]
        del document[:]
        section.extend([c for c in children if c not in keep])
        document.extend([*keep, section])
        warn(
            WarningKind.NO_TITLE,
            f"this page has no title; it is shown as {title!r}. Add `title:` to its front matter.",
            (docname, 1),
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the translator, the transforms and the accessibility stylesheet."""
    for builder in HTML_BUILDERS:
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
    app.add_transform(LabelTaskListCheckboxes)
    app.add_transform(EnsurePageTitle)
    add_stylesheet(app, "cx-a11y.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
