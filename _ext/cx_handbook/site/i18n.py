"""One handbook in several languages: each page's counterparts, its translation status.

The source language (``handbook_source_language``, English) builds at the site root;
every other language of ``handbook_languages`` is a second ``sphinx-build`` of the same
pages with ``-D language=<lang>`` into ``<site>/<lang>/`` (``make html`` runs both).
Sphinx's own i18n machinery translates each page from ``locales/<lang>/LC_MESSAGES/
<page>.po``; this module adds what a reader of a multilingual site needs:

- ``html_baseurl`` (and the 404 page's prefix) of a translated build gain ``<lang>/``;
- every page links to its other-language versions: a language switch in the sidebar
  (``_templates/sidebar/cx-language.html``) and ``<link rel="alternate" hreflang>``
  (``x-default`` is the source language);
- front-matter words Sphinx's transform never sees (the hero's lead and kicker, the
  call to action) are translated from the same page catalog;
- a translated page's status comes from its catalog (:func:`page_status`): a page with
  no translation is shown in English under a notice saying so; a page whose catalog
  misses messages of the current English text, or holds fuzzy ones, says its
  translation may be out of date. Blocks still in English get ``lang="en"``;
- a page's translated title and lead are kept (:func:`translated_title`,
  :func:`translated_lead`) for the listings of other pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import addnodes
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from ..core.assets import add_stylesheet
from ..core.i18n import CATALOG, N_, _, translate_setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

LANGUAGE_PARTIAL = "sidebar/cx-language.html"
NOTICE_CLASS = "cx-translation-notice"
#: sphinx-notfound-page's (1.1.0) default 404 title: its default text gets translated.
NOTFOUND_DEFAULT_TITLE = "Page not found"
#: Front-matter text our transforms put on the page, which Sphinx's Locale never sees.
FRONT_MATTER_TEXT_CLASSES = ("cx-hero__lead", "cx-hero__kicker", "cx-cta-row")
#: Rows of those classes whose words are the extension's own (the event box's
#: "Register" and "Add to calendar"), translated by its catalog, not the page's.
EXTENSION_TEXT_CLASSES = ("cx-event__actions",)

#: ``env.metadata`` keys: a translated page's title and lead, for other pages' listings.
TITLE_KEY, LEAD_KEY = "cx_title", "cx_lead"
#: Sphinx's words for its scripts, copied from its catalog by the HTML builder.
JS_TRANSLATIONS = Path("_static", "translations.js")
#: Words of Sphinx's scripts that its catalog of a language may leave empty, and ours
#: for them (one, many). Sphinx 9.0.4's Spanish catalog has no words for the search
#: page's summary, so a Spanish search ended without saying what it found.
SPHINX_SCRIPT_WORDS = {
    "Search finished, found one page matching the search query.": (
        N_("Search finished, found one page matching the search query."),
        N_("Search finished, found ${resultCount} pages matching the search query."),
    ),
}

SETTINGS: dict[str, tuple[Any, frozenset[type], str]] = {
    "handbook_languages": (
        {},
        frozenset({dict}),
        "Languages of the site, code -> name in that language ({'en': 'English', "
        "'es': 'Español'}); empty: one language, no switch.",
    ),
    "handbook_source_language": (
        "en",
        frozenset({str}),
        "The language the pages are written in; built at the site root.",
    ),
    "handbook_site_baseurl": (
        "",
        frozenset({str}),
        "The source language's html_baseurl (set by the build; translated builds "
        "publish under <it>/<lang>/).",
    ),
}


class Status(StrEnum):
    """How far a page is translated."""

    TRANSLATED = "translated"
    """Every message of the page's current text has a translation."""
    UNTRANSLATED = "untranslated"
    """No message of the page is translated: shown in the source language."""
    PARTIAL = "partial"
    """Some messages are in the catalog but not translated yet (shown in English)."""
    OUTDATED = "outdated"
    """The source changed after the translation: fuzzy messages, or messages of the
    current text that the catalog does not have at all."""


@dataclass
class PageTranslation:
    """What a page's catalog says about its translation."""

    status: Status
    total: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class PageCatalog:
    """The messages of a page's ``.po`` files, by state."""

    translated: set[str] = field(default_factory=set)
    identical: set[str] = field(default_factory=set)
    """Kept in the source language on purpose (``msgstr`` equal to ``msgid``)."""
    empty: set[str] = field(default_factory=set)
    fuzzy: set[str] = field(default_factory=set)

    @property
    def known(self) -> set[str]:
        """Every message the catalog has."""
        return self.translated | self.identical | self.empty | self.fuzzy


def read_page_catalog(po_paths: list[Path]) -> PageCatalog:
    """Sort the messages of the page's ``.po`` files."""
    found = PageCatalog()
    for path in po_paths:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            msgid = str(message.id)
            if message.fuzzy:
                found.fuzzy.add(msgid)
            elif not message.string:
                found.empty.add(msgid)
            elif message.string == message.id:
                found.identical.add(msgid)
            else:
                found.translated.add(msgid)
    return found


def is_translated_build(config: Config) -> bool:
    """True when this build is one of the site's translations."""
    language = config.language or config.handbook_source_language
    return language != config.handbook_source_language


def language_prefix(config: Config) -> str:
    """``es/`` in a translated build, ``""`` in the source language's."""
    return f"{config.language}/" if is_translated_build(config) else ""


def site_root(outdir: Path, config: Config) -> Path:
    """The source-language site's folder (a translated build writes into ``<it>/<lang>``)."""
    if is_translated_build(config) and outdir.name == config.language:
        return outdir.parent
    return outdir


# -- configuration -------------------------------------------------------------------


def translated_languages(
    srcdir: Path,
    languages: Iterable[str],
    source_language: str,
    locale_dirs: Iterable[Path],
    suffixes: Iterable[str],
) -> list[str]:
    """The *languages* that have catalogs for pages of *srcdir* (the source one aside).

    A language is built for a source folder once its catalog folder has a page catalog
    (``locales/es/LC_MESSAGES/<page>.po``, an untranslated one from ``make gettext``
    too) made from a page of that folder: the page exists and holds one of the
    catalog's messages. The handbook's ``docs/`` has Spanish catalogs; a Hugo site's
    folder built with the same conf.py has none, so it is built in its own language
    only, with no switch to pages that do not exist.
    """
    suffixes = list(suffixes)
    found = []
    for code in languages:
        if code == source_language:
            continue
        if any(
            _catalog_of_page(po, srcdir / po.relative_to(messages).with_suffix(""), suffixes)
            for folder in locale_dirs
            if (messages := Path(folder) / code / "LC_MESSAGES").is_dir()
            for po in messages.rglob("*.po")
            if po.name != f"{CATALOG}.po"
        ):
            found.append(code)
    return found


def _catalog_of_page(po: Path, page: Path, suffixes: list[str]) -> bool:
    """Whether the catalog *po* was made from *page* (with one of *suffixes*)."""
    source = next((page.with_suffix(s) for s in suffixes if page.with_suffix(s).is_file()), None)
    if source is None:
        return False
    text = source.read_text(encoding="utf-8")
    with po.open("rb") as handle:
        return any(isinstance(m.id, str) and m.id and m.id in text for m in read_po(handle))


def _offer_translated_languages(app: Sphinx, config: Config) -> None:
    """The source language's build offers only the languages it has catalogs for.

    Run once every parser has named its suffixes (Sphinx merges them at priority 800);
    a translated build keeps every language (:func:`translated_languages`).
    """
    if is_translated_build(config):
        return
    confdir = Path(app.confdir or app.srcdir)
    others = translated_languages(
        Path(app.srcdir),
        config.handbook_languages,
        config.handbook_source_language,
        [confdir / folder for folder in config.locale_dirs],
        config.source_suffix,
    )
    built = {config.handbook_source_language, *others}
    config.handbook_languages = {
        code: name for code, name in config.handbook_languages.items() if code in built
    }


def _configure(app: Sphinx, config: Config) -> None:
    """Publish a translated build under ``<lang>/`` of the site's address."""
    if not config.handbook_site_baseurl:
        config.handbook_site_baseurl = config.html_baseurl or ""
    if not is_translated_build(config):
        return
    if config.html_title:
        config.html_title = translate_setting(config.html_title)
    base = config.handbook_site_baseurl
    if base:
        config.html_baseurl = f"{base.rstrip('/')}/{config.language}/"
    prefix = getattr(config, "notfound_urls_prefix", None)
    if isinstance(prefix, str) and prefix:
        config.notfound_urls_prefix = f"{prefix.rstrip('/')}/{config.language}/"
    context = getattr(config, "notfound_context", None)
    if isinstance(context, dict) and context.get("title") == NOTFOUND_DEFAULT_TITLE:
        # sphinx-notfound-page's default words, in the build's language.
        title = _("Page not found")
        text = _("Sorry, we could not find the page you were looking for.")
        config.notfound_context = {**context, "title": title, "body": f"<h1>{title}</h1>\n\n{text}"}


# -- counterparts: switch and hreflang --------------------------------------------------


def counterpart_paths(target_uri: str, config: Config) -> dict[str, str]:
    """The page's URL in each language, relative to the page (``../es/x.html``)."""
    up = "../" * target_uri.count("/")
    if is_translated_build(config):
        up += "../"
    paths = {}
    for code in config.handbook_languages:
        prefix = "" if code == config.handbook_source_language else f"{code}/"
        paths[code] = f"{up}{prefix}{target_uri}"
    return paths


def counterpart_urls(target_uri: str, config: Config) -> dict[str, str]:
    """The page's absolute URL in each language (empty without ``html_baseurl``)."""
    base = config.handbook_site_baseurl
    if not base:
        return {}
    base = base.rstrip("/") + "/"
    urls = {}
    for code in config.handbook_languages:
        prefix = "" if code == config.handbook_source_language else f"{code}/"
        urls[code] = f"{base}{prefix}{target_uri}"
    return urls


def alternate_links(urls: dict[str, str], source_language: str) -> str:
    """``<link rel="alternate" hreflang>`` for every language, and ``x-default``."""
    links = [f'<link rel="alternate" hreflang="{code}" href="{url}">' for code, url in urls.items()]
    if source_language in urls:
        links.append(f'<link rel="alternate" hreflang="x-default" href="{urls[source_language]}">')
    return "\n".join(links)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    if app.builder.format != "html" or len(config.handbook_languages) < 2:
        return
    if not hasattr(app.builder, "get_target_uri") or app.builder.name == "handbookpdf":
        return
    target = app.builder.get_target_uri(pagename)
    paths = counterpart_paths(target, config)
    prefix = getattr(config, "notfound_urls_prefix", None)
    if pagename == "404" and isinstance(prefix, str) and prefix:
        # The 404 page is served at any depth: its links start at the site's root.
        root = prefix.removesuffix(language_prefix(config))
        paths = {
            code: f"{root}{'' if code == config.handbook_source_language else code + '/'}{target}"
            for code in paths
        }
    current = config.language or config.handbook_source_language
    context["cx_language_switch"] = {
        "label": _("Language"),
        "current": current,
        "languages": [
            {"code": code, "name": name, "url": paths[code], "current": code == current}
            for code, name in config.handbook_languages.items()
        ],
    }
    urls = counterpart_urls(target, config)
    if urls:
        links = alternate_links(urls, config.handbook_source_language)
        context["metatags"] = f"{context.get('metatags', '')}\n{links}"
    sidebars = list(context.get("sidebars") or [])
    if sidebars and LANGUAGE_PARTIAL not in sidebars:
        above = ("sidebar/search.html", "sidebar/cx-pdf-download.html")
        after = [s for s in above if s in sidebars]
        position = max(sidebars.index(s) for s in after) + 1 if after else len(sidebars)
        sidebars.insert(position, LANGUAGE_PARTIAL)
        context["sidebars"] = sidebars


# -- translation status, from the catalogs --------------------------------------------


def catalog_paths(app: Sphinx, docname: str, suffix: str) -> list[Path]:
    """The page's compiled (``.mo``) or source (``.po``) catalogs that exist."""
    domain = docname_to_domain(docname, app.config.gettext_compact)
    language = app.config.language
    paths = [
        Path(app.srcdir, d, language, "LC_MESSAGES", f"{domain}{suffix}")
        for d in app.config.locale_dirs
    ]
    return [p for p in paths if p.is_file()]


def _compiled(app: Sphinx, docname: str) -> list[Catalog]:
    catalogs = []
    for path in catalog_paths(app, docname, ".mo"):
        with path.open("rb") as handle:
            catalogs.append(read_mo(handle))
    return catalogs


def translate_front_matter_text(document: nodes.document, catalogs: list[Catalog]) -> None:
    """Translate the hero's lead and kicker and the call to action from the page catalog.

    Each holds one text (a call to action's is its label, the first text of its link).
    Its paragraph gets that text as its source so the gettext builder extracts it into
    the page's ``.pot``; in a translated build the text is looked up and the paragraph
    marked ``translated`` like the nodes Sphinx's own transform handled.
    """
    source = document.get("source", "")
    for node in list(document.findall(nodes.paragraph)):
        if not any(c in node["classes"] for c in FRONT_MATTER_TEXT_CLASSES):
            continue
        if any(c in node["classes"] for c in EXTENSION_TEXT_CLASSES):
            continue
        text = next((t for t in node.findall(nodes.Text) if t.strip()), None)
        if text is None:
            continue
        msgid = " ".join(str(text).split())
        node.rawsource = msgid
        if not node.source:
            node.source, node.line = source, 1
        if not catalogs:
            continue
        found = next((c.get(msgid) for c in catalogs if c.get(msgid) is not None), None)
        if found is not None and found.string:
            text.parent.replace(text, nodes.Text(str(found.string)))
            node["translated"] = True
        else:
            node["translated"] = False


def translation_marks(
    document: nodes.document, catalog: PageCatalog | None
) -> list[tuple[str, bool]]:
    """Each message of the page that a catalog could translate, and whether it was.

    Nodes added after Sphinx's Locale transform (by our transforms) carry no mark and
    are not counted. Sphinx marks a toctree caption untranslated even when it
    translated it, so for those the catalog decides.
    """
    marks = []
    for node, msgid in extract_messages(document):
        if isinstance(node, addnodes.translatable):
            known = catalog.translated | catalog.identical if catalog else set()
            marks.append((msgid, msgid in known))
        elif "translated" in node:
            marks.append((msgid, bool(node["translated"])))
    return marks


def page_status(document: nodes.document, catalog: PageCatalog | None) -> PageTranslation:
    """The page's status from the ``translated`` marks of Sphinx's Locale and ours.

    A message still in the source language is *missing* when the catalog does not
    have it (the source changed since ``make gettext``) and *fuzzy* when the catalog
    flags it; either makes the page out of date. Messages the catalog has but leaves
    empty make it partly translated.
    """
    messages = translation_marks(document, catalog)
    total, translated = len(messages), sum(done for _msgid, done in messages)
    if catalog is None or translated == 0:
        return PageTranslation(Status.UNTRANSLATED, total, translated)
    fuzzy, missing, empty = [], [], []
    for msgid, done in messages:
        if done:
            continue
        if msgid in catalog.fuzzy:
            fuzzy.append(msgid)
        elif msgid in catalog.empty:
            empty.append(msgid)
        else:
            missing.append(msgid)
    if fuzzy or missing:
        status = Status.OUTDATED
    elif empty or translated < total:
        status = Status.PARTIAL
    else:
        status = Status.TRANSLATED
    return PageTranslation(status, total, translated, fuzzy, missing)


def notice_text(status: Status) -> str:
    """The notice a reader sees, in the build's language."""
    if status is Status.UNTRANSLATED:
        return _("This page has not been translated yet, so it is shown in English.")
    if status is Status.PARTIAL:
        return _("Parts of this page have not been translated yet; they are shown in English.")
    return _(
        "The English page has changed since it was translated, so this translation "
        "may be out of date."
    )


def notice_node(status: Status, language: str) -> nodes.container:
    """The notice: real text in the reader's language, ahead of the page's text."""
    paragraph = nodes.paragraph("", notice_text(status), classes=[f"{NOTICE_CLASS}__text"])
    return nodes.container(
        "",
        paragraph,
        classes=[NOTICE_CLASS, f"{NOTICE_CLASS}--{status.value}", f"language-{language}"],
    )


def mark_source_language(
    document: nodes.document, source_language: str, catalog: PageCatalog | None
) -> None:
    """``lang`` of the source language on every block that is still in it.

    Without a catalog that is every translatable block; with one, the blocks Sphinx
    left untranslated and those the catalog keeps as they are (resource titles).
    """
    marker = f"language-{source_language}"
    for node, msgid in extract_messages(document):
        if catalog is None:
            english = True
        elif isinstance(node, addnodes.translatable):
            english = msgid not in catalog.translated
        else:
            english = node.get("translated") is False or msgid in catalog.identical
        if english and marker not in node["classes"]:
            node["classes"].append(marker)


def mark_title_language(env: BuildEnvironment, docname: str, document: nodes.document) -> None:
    """Links to the page elsewhere say its title's language when the title is untranslated.

    Sphinx copies a page's title into its table of contents (the sidebar's entry) and
    ``env.titles`` (previous and next links) without the title's ``lang``; both get it
    back here, so a screen reader does not speak an English title with Spanish sounds.
    """
    section = document.next_node(nodes.section)
    title = section[0] if section is not None and section.children else None
    if not isinstance(title, nodes.title):
        return
    marks = [c for c in title["classes"] if c.startswith("language-")]
    if not marks:
        return
    toc = env.tocs.get(docname)
    entry = toc.next_node(nodes.reference) if toc is not None else None
    if entry is not None and marks[0] not in entry["classes"]:
        entry["classes"].append(marks[0])
    short = env.titles.get(docname)
    if short is not None and short.children:
        words = nodes.inline("", "", *short.children, classes=[marks[0]])
        short.children = []
        short += words


def translated_words(document: nodes.document) -> dict[str, str]:
    """The page's title and hero lead, each if its translation was found."""
    found = {}
    section = document.next_node(nodes.section)
    title = section[0] if section is not None and section.children else None
    if isinstance(title, nodes.title) and title.get("translated"):
        found[TITLE_KEY] = title.astext()
    for node in document.findall(nodes.paragraph):
        if "cx-hero__lead" in node["classes"]:
            if node.get("translated"):
                found[LEAD_KEY] = node.astext()
            break
    return found


def translated_title(env: BuildEnvironment, docname: str) -> str | None:
    """The page's title in this build's language, if the page's catalog translates it."""
    return env.metadata.get(docname, {}).get(TITLE_KEY)


def translated_lead(env: BuildEnvironment, docname: str) -> str | None:
    """The page's hero lead in this build's language, if its catalog translates it."""
    return env.metadata.get(docname, {}).get(LEAD_KEY)


def insert_notice(document: nodes.document, notice: nodes.Element) -> None:
    """Right after the page's H1, else at the top."""
    section = document.next_node(nodes.section)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        document.insert(0, notice)


def _on_doctree_read(app: Sphinx, document: nodes.document) -> None:
    env = app.env
    docname = env.current_document.docname
    translated_build = is_translated_build(app.config)
    compiled = _compiled(app, docname) if translated_build else []
    translate_front_matter_text(document, compiled)
    if not translated_build:
        return
    po_paths = catalog_paths(app, docname, ".po")
    for path in po_paths:
        env.note_dependency(str(path))
    catalog = read_page_catalog(po_paths) if po_paths else None
    if catalog is not None and not (catalog.translated | catalog.identical | catalog.fuzzy):
        catalog = None  # an empty catalog (sphinx-intl made it): nothing translated yet
    translation = page_status(document, catalog)
    env.metadata[docname]["cx_translation"] = translation.status.value
    env.metadata[docname].update(translated_words(document))
    mark_source_language(document, app.config.handbook_source_language, catalog)
    mark_title_language(env, docname, document)
    if translation.status is not Status.TRANSLATED:
        insert_notice(document, notice_node(translation.status, app.config.language))


# -- sitemaps -------------------------------------------------------------------------


def _list_translated_sitemaps(app: Sphinx, exception: Exception | None) -> None:
    """robots.txt at the site root names every language's sitemap."""
    if exception is not None or app.builder.format != "html" or is_translated_build(app.config):
        return
    robots = Path(app.outdir) / "robots.txt"
    base = app.config.handbook_site_baseurl
    if not robots.is_file() or not base:
        return
    text = robots.read_text(encoding="utf-8")
    filename = getattr(app.config, "sitemap_filename", None) or "sitemap.xml"
    for code in app.config.handbook_languages:
        if code == app.config.handbook_source_language:
            continue
        line = f"Sitemap: {base.rstrip('/')}/{code}/{filename}"
        if line not in text:
            text = text.rstrip("\n") + f"\n{line}\n"
    robots.write_text(text, encoding="utf-8")


# -- Sphinx's own script words --------------------------------------------------------


def fill_script_words(messages: dict[str, Any]) -> dict[str, Any]:
    """*messages* of Sphinx's script catalog without an empty translation.

    An empty form would show nothing at all: ours takes its place (the first form is
    the one for a single page, as in Spanish's ``plural_expr``), or, when we have none,
    the message is left out and the reader sees Sphinx's English.
    """
    filled = {}
    for msgid, value in messages.items():
        forms = value if isinstance(value, list) else [value]
        if all(forms):
            filled[msgid] = value
            continue
        ours = SPHINX_SCRIPT_WORDS.get(msgid)
        if ours is None:
            continue
        one, many = (str(_(words)) for words in ours)
        if (one, many) == ours:
            continue  # our catalog has no words for it either
        filled[msgid] = [one, *[many] * (len(forms) - 1)] if isinstance(value, list) else one
    return filled


def _fill_sphinx_script_words(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite ``translations.js`` when Sphinx's catalog left some of its words empty."""
    if exception is not None or app.builder.format != "html" or not is_translated_build(app.config):
        return
    path = Path(app.outdir) / JS_TRANSLATIONS
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return
    catalog = json.loads(text[start : end + 1])
    messages = catalog.get("messages", {})
    filled = fill_script_words(messages)
    if filled == messages:
        return
    catalog["messages"] = filled
    body = json.dumps(catalog, indent=4, ensure_ascii=True)
    path.write_text(f"{text[:start]}{body}{text[end + 1 :]}", encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the language settings, the switch, the notices and the sitemaps."""
    for name, (default, types, _help) in SETTINGS.items():
        app.add_config_value(name, default, "env", types=types)
    app.connect("config-inited", _configure, priority=200)
    app.connect("config-inited", _offer_translated_languages, priority=850)
    app.connect("doctree-read", _on_doctree_read, priority=900)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _list_translated_sitemaps, priority=600)
    app.connect("build-finished", _fill_sphinx_script_words)
    add_stylesheet(app, "cx-i18n.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
