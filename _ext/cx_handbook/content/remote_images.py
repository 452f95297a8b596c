"""Images on another host become links to them: a page fetches nothing from elsewhere.

A Markdown image (``![A chart](https://cdn.example.com/chart.png)``) would make every
reader's browser ask another host for it, which the handbook never does (no
third-party requests). It becomes a link to the image named by its alt text, as a raw
``<img>`` on another host does (:func:`..sources.markdown_repair.remote_image_link`) and
as the image shortcodes show the site's remote images; an image that is already a
link's content becomes its words inside that link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..sources.markdown_repair import is_remote_image, remote_image_words

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

LINK_CLASS = "cx-image-link"


def image_as_words(image: nodes.image) -> nodes.Element:
    """The remote *image* as a link to it (or as its words, inside a link already)."""
    uri = image["uri"]
    if uri.startswith("//"):
        uri = "https:" + uri
    words = remote_image_words(uri, image.get("alt", "") or image.get("title", ""))
    if isinstance(image.parent, nodes.reference):
        return nodes.inline(words, words)
    return nodes.reference(words, words, refuri=uri, classes=[LINK_CLASS])


class RemoteImagesAsLinks(SphinxTransform):
    """Replace every image whose address is on another host by a link to it."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        """Swap each remote image; a block-level one keeps a paragraph of its own."""
        for image in list(self.document.findall(nodes.image)):
            if not is_remote_image(image.get("uri", "")):
                continue
            words = image_as_words(image)
            if isinstance(image.parent, (nodes.TextElement, nodes.reference)):
                image.replace_self(words)
            else:  # a block (figure, body): the link stands in a paragraph
                image.replace_self(nodes.paragraph("", "", words))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform."""
    app.add_transform(RemoteImagesAsLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
