"""Calls to action: a prominent button link, from front matter or the ``{cta}`` directive.

Both routes build the same standard nodes with :func:`cta_node`::

    paragraph.cx-cta-row
      reference.cx-cta.cx-cta--primary  (the button; its label is the link text)
      inline.cx-cta__url.no-search      (" (https://…)", external links only)

The URL inline lets the text, man and LaTeX builders and the printed page show
where the button goes; the HTML stylesheet hides it on screen. Unsafe URLs are never
written: the label is shown as plain text and ``handbook.unsafe_url`` explains why.
Site paths (``/work/``) become links to the page they name (see :mod:`.links`).

Writers use::

    ```{cta} Read the toolkit
    :url: /toolkit/customer-experience-toolkit
    :style: secondary
    ```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.warnings import WarningKind, warn
from ..model.links import is_site_path, page_link
from ..model.page import clean_text, is_unsafe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

STYLES = ("primary", "secondary")


def cta_node(
    label: str,
    url: str | None,
    *,
    docname: str,
    line: int | None,
    style: str = "primary",
) -> nodes.paragraph:
    """The call-to-action paragraph: a button link, or the label as text without *url*."""
    row = nodes.paragraph("", "", classes=["cx-cta-row"])
    if not url:
        row += nodes.inline("", label, classes=["cx-cta-text"])
        return row
    classes = ["cx-cta", f"cx-cta--{style}"]
    if is_site_path(url):
        row += page_link(
            url, [nodes.Text(label)], docname=docname, line=line, classes=classes, missing="site"
        )
        return row
    row += nodes.reference("", label, refuri=url, classes=classes)
    if not url.startswith("#"):
        row += nodes.inline("", f" ({url})", classes=["cx-cta__url", "no-search"])
    return row


def safe_url(url: str | None, location: tuple[str, int | None]) -> str | None:
    """*url* decoded and stripped, or None (with a warning) when it is unsafe."""
    url = clean_text(url) or None
    if url and is_unsafe_url(url):
        warn(
            WarningKind.UNSAFE_URL,
            f"unsafe call-to-action URL {url[:40]!r} refused; the label is shown as text. "
            "Use an https:// link or the path of a page in this handbook",
            location,
        )
        return None
    return url


def _style(argument: str | None) -> str:
    return directives.choice((argument or "primary").strip().lower(), STYLES)


class CtaDirective(SphinxDirective):
    """``{cta} Label`` with ``:url:`` and ``:style: primary|secondary``."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar = {"url": directives.unchanged, "style": _style}

    def run(self) -> list[nodes.Node]:
        """Build the call to action; a missing or unsafe URL leaves the label as text."""
        location = (self.env.current_document.docname, self.lineno)
        label = clean_text(self.arguments[0])
        url = safe_url(self.options.get("url"), location)
        if url is None and not self.options.get("url", "").strip():
            warn(
                WarningKind.CTA,
                f"call to action {label!r} has no ':url:'; the label is shown as text. "
                "Add ':url: https://…' or the path of a page in this handbook",
                location,
            )
        node = cta_node(
            label,
            url,
            docname=location[0],
            line=self.lineno,
            style=self.options.get("style", "primary"),
        )
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``cta`` directive (its styles are in ``cx-hero.css``, see :mod:`.hero`)."""
    app.add_directive("cta", CtaDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
