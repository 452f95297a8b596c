"""Pages without ``title:`` get the title Hugo would give them.

Hugo does not require a title. When the front matter has none, the page's title is
(:func:`hugo_title`):

* ``linkTitle``, or a name the page's own kind carries (``name`` on digital.gov's
  source pages, an author term page's ``display_name`` or first and last name);
* for the home page ``content/_index.md``, the site's ``title`` from ``config.yml``;
* for a section or taxonomy term page (``news/_index.md``,
  ``topics/accessibility/_index.md``), its folder's name, made readable;
* for a page that moved (``redirectto``), whose reader is sent on, its file name.

That title is the page's title everywhere (its H1, navigation, listings), given to MyST
with the page's front matter, so no warning is due. A regular page with none of these
still gets one from its file name, with a ``handbook.no_title`` warning
(:mod:`..outputs.a11y`): only there would a reader see nothing the writer wrote.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .data import title_from_slug
from .hugo import hugo_config
from .page import FrontMatter, YamlSource

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SECTION_PAGE = "_index"


def hugo_title(docname: str, model: FrontMatter, site_title: str = "") -> str | None:
    """The title Hugo gives a page whose front matter has no ``title`` (None: no rule)."""
    if model.title:
        return model.title
    named = model.linktitle or model.name or model.person_name
    if named:
        return named
    if posixpath.basename(docname) != SECTION_PAGE:
        # a page that moved sends its reader on: its file name is title enough
        return title_from_slug(posixpath.basename(docname)) if model.redirectto else None
    folder = posixpath.dirname(docname)
    if not folder:
        return site_title or None
    return title_from_slug(posixpath.basename(folder))


def _give_title(app: Sphinx, docname: str, source: list[str]) -> None:
    """Give the page read a moment ago (``model.page``, priority 300) its Hugo title.

    MyST renders the H1 from the YAML as written, so a title written ``Title:`` (Hugo
    reads keys in any case) or derived here is handed to it as ``title``.
    """
    store = getattr(app.env, "cx_frontmatter", {})
    model: FrontMatter | None = store.get(docname)
    if model is None:
        return
    title = model.title or hugo_title(docname, model, hugo_config(app).title or app.config.project)
    if not title:
        return
    if title != model.title:
        store[docname] = model.model_copy(update={"title": title})
    pending: dict[str, YamlSource] = getattr(app.env, "cx_pending_yaml", {})
    read = pending.get(docname)
    if read is not None and isinstance(read.data, dict) and not read.data.get("title"):
        pending[docname] = YamlSource(read.text, {**read.data, "title": title})


def setup(app: Sphinx) -> ExtensionMetadata:
    """Derive missing titles right after the front matter is read."""
    app.connect("source-read", _give_title, priority=310)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
