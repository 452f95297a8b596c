"""The page hero: front matter a reader sees at the top of a page.

A ``doctree-read`` handler puts standard docutils nodes around the H1 that MyST makes
from ``title`` (so html, singlehtml/PDF, LaTeX, text, man and epub all show them)::

    container.cx-hero-head           (before the page's section: kicker, icon)
      paragraph.cx-hero__kicker      "User Experience"
      container.cx-hero__icon        raw HTML SVG, aria-hidden (other writers skip it)
    section
      title                          the H1, untouched: navigation and search see only it
      container.cx-hero              (right after the title)
        paragraph.cx-hero__lead      description / summary / deck
        container.cx-hero__meta      "By Rachel Flagg", "Published January 7, 2016"
        container.cx-hero__topics    "Topics" + a list of links to ``topics/<slug>``
        paragraph.cx-cta-row         the call to action (see :mod:`.cta`)

The kicker and icon stay out of the title node, so the navigation title, the
browser tab and the search index hold exactly the page's title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.i18n import format_date

from ..core.assets import add_stylesheet
from ..core.i18n import _
from ..core.icons import icon_node
from ..core.warnings import WarningKind, warn
from ..model.data import get_site_data, title_from_slug
from ..model.links import page_link
from ..model.page import FrontMatter, get_front_matter
from .cta import cta_node, safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: How the hero writes a date; translated, so each language orders it its own way.
DATE_FORMAT = "%B %-d, %Y"
TOPICS_DOCDIR = "topics"


# -- the hero -----------------------------------------------------------------------


def _para(text: str, css_class: str) -> nodes.paragraph:
    return nodes.paragraph("", text, classes=[css_class])


def byline_text(names: list[str]) -> str:
    """``By A``, ``By A and B``, ``By A, B and C``."""
    if len(names) == 1:
        return _("By {name}").format(name=names[0])
    return _("By {names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


class PageHero:
    """Builds the page hero of one page from its front matter."""

    def __init__(self, app: Sphinx, document: nodes.document) -> None:
        self.app, self.env, self.config = app, app.env, app.config
        self.document = document

    def apply(self) -> None:
        """Insert the hero for the page being read, if its front matter has one."""
        docname = self.env.current_document.docname
        matter = get_front_matter(self.env, docname)
        head = self._head(docname, matter)
        body = self._body(docname, matter)
        if head is None and body is None:
            return
        section = self.document.next_node(nodes.section)
        if section is None or not isinstance(section[0], nodes.title):
            index = self.document.first_child_not_matching_class(nodes.PreBibliographic)
            index = len(self.document) if index is None else index
            for node in (body, head):
                if node is not None:
                    self.document.insert(index, node)
            return
        if body is not None:
            section.insert(1, body)
        if head is not None:
            section.parent.insert(section.parent.index(section), head)

    def _head(self, docname: str, matter: FrontMatter) -> nodes.container | None:
        parts: list[nodes.Node] = []
        if matter.kicker_line:
            parts.append(_para(matter.kicker_line, "cx-hero__kicker"))
        if matter.icon:
            svg = icon_node(matter.icon, css_class="cx-icon")
            if svg is None:
                warn(
                    WarningKind.ICON,
                    f"unknown icon {matter.icon!r}; the page is shown without an icon. "
                    "Use a Font Awesome Free name such as 'comments' or 'chart-line'",
                    (docname, matter.key_line("icon") or 1),
                )
            else:
                parts.append(nodes.container("", svg, classes=["cx-hero__icon"]))
        if not parts:
            return None
        return nodes.container("", *parts, classes=["cx-hero-head"])

    def _body(self, docname: str, matter: FrontMatter) -> nodes.container | None:
        parts: list[nodes.Node] = []
        if matter.lead:
            parts.append(_para(matter.lead, "cx-hero__lead"))
        meta = self._meta(docname, matter)
        if meta is not None:
            parts.append(meta)
        if matter.topics:
            parts.append(self._topics(docname, matter))
        if matter.cta or matter.cta_link:
            line = matter.key_line("cta_link") or 1
            url = safe_url(matter.cta_link, (docname, line))
            parts.append(cta_node(matter.cta or url or "", url, docname=docname, line=line))
        if not parts:
            return None
        byline = matter.authors or matter.author
        kind = matter.template_key or ("article" if matter.date or byline else "page")
        return nodes.container("", *parts, classes=["cx-hero", f"cx-hero--{kind}"])

    def _meta(self, docname: str, matter: FrontMatter) -> nodes.container | None:
        parts: list[nodes.Node] = []
        if matter.authors:
            site = get_site_data(self.app)
            names = []
            for index, slug in enumerate(matter.authors):
                author = site.author(slug)
                if author is None:
                    warn(
                        WarningKind.AUTHOR,
                        f"author {slug!r} has no page authors/{slug}/_index.md and is not in "
                        f"{self.config.handbook_data_dir}/authors.yml; the byline shows the "
                        f"slug. Fix the slug, or add the author with a 'display_name'",
                        (docname, matter.key_line("authors", index) or 1),
                    )
                names.append(author.display_name if author else slug)
            parts.append(_para(byline_text(names), "cx-hero__byline"))
        elif matter.author:  # Hugo's one-name ``author`` parameter
            parts.append(_para(byline_text([matter.author]), "cx-hero__byline"))
        if matter.date:
            # Translators: a strftime format; Spanish writes "%-d de %B de %Y".
            date_format = _("%B %-d, %Y")
            when = format_date(date_format, date=matter.date, language=self.config.language)
            parts.append(_para(_("Published {date}").format(date=when), "cx-hero__date"))
        if not parts:
            return None
        return nodes.container("", *parts, classes=["cx-hero__meta"])

    def _topics(self, docname: str, matter: FrontMatter) -> nodes.container:
        site = get_site_data(self.app)
        items = nodes.bullet_list("", classes=["cx-tags"])
        line = matter.key_line("topics") or 1
        for slug in matter.topics:
            topic = site.topic(slug)
            label = topic.title if topic else title_from_slug(slug)
            target = f"/{topic.docname}" if topic and topic.docname else f"/{TOPICS_DOCDIR}/{slug}"
            link = page_link(
                target,
                [nodes.Text(label)],
                docname=docname,
                line=line,
                classes=["cx-tag"],
                missing="quiet",
                exact=True,
            )
            items += nodes.list_item("", nodes.paragraph("", "", link))
        label = _para(_("Topics"), "cx-hero__label")
        return nodes.container("", label, items, classes=["cx-hero__topics"])


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    PageHero(app, doctree).apply()


def setup(app: Sphinx) -> ExtensionMetadata:
    """Build each page's hero when it is read, and link its stylesheet."""
    app.connect("doctree-read", _on_doctree_read)
    add_stylesheet(app, "cx-hero.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
