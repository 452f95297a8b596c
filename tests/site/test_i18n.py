"""A bilingual site: the Spanish build of a small root, then the real handbook in both languages.

``test-i18n`` has a page translated in full, one whose catalog holds a fuzzy message and
one without a translation, plus a tiny ``cx_handbook.po`` of its own that overrides one
word of the extension's shipped Spanish catalog.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from helpers import REPO_ROOT, SiteBuild, build_site, heading_text

UNTRANSLATED = "Esta página todavía no está traducida; por eso se muestra en inglés."
OUTDATED = (
    "La página en inglés ha cambiado desde que se tradujo; esta traducción puede estar "
    "desactualizada."
)
PARTIAL = "Algunas partes de esta página todavía no están traducidas; se muestran en inglés."


@dataclass
class Built:
    outdir: Path
    status: str
    warnings: str

    def page(self, name: str) -> BeautifulSoup:
        html = (self.outdir / f"{name}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")


def build(srcdir: Path, builddir: Path, language: str = "en") -> Built:
    """One in-process build of *srcdir* in *language* (``<builddir>/html``, kept)."""
    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=builddir,
        confoverrides={"language": language},
        status=status,
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(
        Path(app.outdir), strip_colors(status.getvalue()), strip_colors(warning.getvalue())
    )


def build_project(srcdir: Path, language: str) -> Built:
    """A subprocess build like ``make html``'s: English at the root, Spanish under es/."""
    outdir = srcdir.parent / "html" / ("" if language == "en" else language)
    extra = [] if language == "en" else ["-D", f"language={language}"]
    result = build_site(srcdir, outdir, confdir=srcdir, extra=extra)
    return Built(outdir, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def project(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("i18n") / "src"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    return srcdir


@pytest.fixture(scope="module")
def spanish(project: Path) -> Built:
    built = build_project(project, "es")
    assert "WARNING" not in built.warnings, built.warnings
    return built


@pytest.fixture(scope="module")
def english(project: Path) -> Built:
    built = build_project(project, "en")
    assert "WARNING" not in built.warnings, built.warnings
    return built


def notice(soup: BeautifulSoup) -> str | None:
    found = soup.select_one("article .cx-translation-notice")
    return found.get_text(strip=True) if found else None


# -- the extensions' words, in Spanish ---------------------------------------------------


def test_extension_words_come_from_the_catalogs(spanish: Built) -> None:
    soup = spanish.page("translated")
    hero = soup.select_one("div.cx-hero")
    # The project's cx_handbook.po overrides the shipped "Publicado el {date}"; the
    # date's format ("%-d de %B de %Y") comes from the shipped catalog.
    assert hero.select_one(".cx-hero__date").get_text() == "Publicado en 5 de marzo de 2024"
    card = soup.select_one(".cx-resource-card")
    facts = [b.get_text() for b in card.select(".cx-badge")]
    assert facts == ["PDF", "12 páginas"]
    hidden = card.select_one(".cx-resource-card__link .visually-hidden").get_text()
    assert hidden == " (PDF, 12 páginas; enlace externo)"


def words(tag) -> str:
    """The text of *tag* as a reader sees it: its words, single-spaced."""
    return " ".join(tag.get_text().split())


def event_facts(soup: BeautifulSoup) -> dict[str, str]:
    terms = soup.select("article .cx-event dl.cx-facts > dt")
    assert terms
    return {words(dt): words(dt.find_next_sibling("dd")) for dt in terms}


def test_event_source_community_and_moved_boxes_are_in_spanish(spanish: Built) -> None:
    event = spanish.page("events/monthly-call")
    assert words(event.select_one(".cx-event__heading")) == "Detalles del evento"
    assert event_facts(event) == {
        "Cuándo": "jueves, 19 de diciembre de 2024, 14:00 \u2013 15:00 (UTC\u221205:00)",
        "Formato": "En línea (Zoom)",
        "Organiza": "Digital.gov",
        "Subtítulos": "Subtítulos en directo en streamtext.net",
        "Grabación": "Vea la grabación en YouTube",
    }
    actions = [words(a) for a in event.select(".cx-event__actions a.cx-cta")]
    assert actions == ["Inscríbase en este evento", "Añadir al calendario"]
    source = spanish.page("news/long-term-teams").select_one("article .cx-source")
    assert words(source) == "Publicado originalmente por 18F en 18f.gsa.gov."
    assert source.find("a")["href"] == "https://18f.gsa.gov/2019/12/03/long-term-teams/"
    join = spanish.page("communities/plain-language").select_one("article .cx-join")
    assert words(join.select_one(".cx-join__heading")) == "Cómo unirse"
    assert [words(li) for li in join.select("li")] == [
        "Únase a la lista de correo electrónico (para empleados del Gobierno): envíe un "
        "correo electrónico a plain-subscribe-request@listserv.gsa.gov con el asunto "
        "\u201cSubscribe\u201d. 2.807 miembros; unos 2,62 correos a la semana."
    ]
    moved = spanish.page("moved").select_one("article .cx-moved")
    assert words(moved) == "Esta página se ha trasladado a https://tts.gsa.gov/services/."
    assert moved.find("a")["href"] == "https://tts.gsa.gov/services/"


def test_spanish_calendar_file_describes_the_event_in_spanish(spanish: Built) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical((spanish.outdir / "events" / "monthly-call.ics").read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["description"]).splitlines() == [
        "Inscripción: https://example.gov/register",
        "Subtítulos: https://www.streamtext.net/player?event=CX",
        "Organiza: Digital.gov",
    ]


def test_a_translated_event_page_stays_translated(spanish: Built) -> None:
    """The event's buttons are the extension's words, not messages of the page's catalog."""
    soup = spanish.page("events/monthly-call")
    assert heading_text(soup.find("h1")) == "Llamada mensual"
    assert notice(soup) is None
    assert not soup.select("article [lang=en]")


def test_search_summary_has_spanish_words(spanish: Built) -> None:
    """Sphinx's Spanish catalog leaves the summary empty; a search must still say so."""
    text = (spanish.outdir / "_static" / "translations.js").read_text(encoding="utf-8")
    catalog = json.loads(text[text.index("{") : text.rindex("}") + 1])
    assert text.startswith("Documentation.addTranslations(")
    forms = catalog["messages"]["Search finished, found one page matching the search query."]
    assert forms[0] == "Búsqueda finalizada: se encontró una página que coincide con la consulta."
    assert len(forms) == 3 and forms[1] == forms[2]
    assert forms[2].startswith("Búsqueda finalizada: se encontraron ${resultCount} páginas")
    empty = [
        k for k, v in catalog["messages"].items() if not all(v if isinstance(v, list) else [v])
    ]
    assert not empty
    assert catalog["messages"]["Search Results"] == "Resultados de la búsqueda"


def test_an_empty_script_word_we_have_no_words_for_is_shown_in_english() -> None:
    from cx_handbook.site.i18n import fill_script_words

    messages = {"Index &#x2013; %(key)s": "", "Hide": "Ocultar", "Pages": ["una", ""]}
    assert fill_script_words(messages) == {"Hide": "Ocultar"}


def test_english_build_keeps_the_source_words(english: Built) -> None:
    hero = english.page("translated").select_one("div.cx-hero")
    assert hero.select_one(".cx-hero__date").get_text() == "Published March 5, 2024"
    assert english.page("translated").select_one(".cx-translation-notice") is None
    event = english.page("events/monthly-call")
    assert words(event.select_one(".cx-event__heading")) == "Event details"
    assert event_facts(event)["When"] == (
        "Thursday, December 19, 2024, 2:00 PM \u2013 3:00 PM (UTC\u221205:00)"
    )
    source = english.page("news/long-term-teams").select_one("article .cx-source")
    assert words(source) == "Originally published by 18F on 18f.gsa.gov."


# -- pages and their status --------------------------------------------------------------


def test_translated_page_is_spanish_throughout(spanish: Built) -> None:
    soup = spanish.page("translated")
    assert soup.html["lang"] == "es"
    assert heading_text(soup.find("h1")) == "Formularios"
    assert soup.select_one(".cx-hero__lead").get_text() == (
        "Cómo diseñar un formulario que la gente termine."
    )
    assert soup.select_one("a.cx-cta").get_text(strip=True).startswith("Lea la guía")
    assert notice(soup) is None
    assert not soup.select("article [lang=en]")


def test_fuzzy_message_makes_the_page_out_of_date(spanish: Built) -> None:
    soup = spanish.page("outdated")
    assert notice(soup) == OUTDATED
    english = [p.get_text() for p in soup.select("article p[lang=en]")]
    assert english == ["Test each question with real people before you send it."]
    assert "Haga encuestas breves." in soup.select_one("article").get_text()


def test_page_without_translation_is_english_under_a_spanish_notice(spanish: Built) -> None:
    soup = spanish.page("untranslated")
    box = soup.select_one("article .cx-translation-notice")
    assert box["lang"] == "es" and notice(soup) == UNTRANSLATED
    assert soup.find("h1")["lang"] == "en"
    assert soup.select_one("article p[lang=en]").get_text() == "Listen more than you talk."


def test_links_to_an_untranslated_page_say_its_title_is_english(spanish: Built) -> None:
    """The sidebar entry and the previous/next link keep the English title's ``lang``."""
    soup = spanish.page("outdated")  # its next page is the untranslated one
    sidebar = {a.get_text(strip=True): a.get("lang") for a in soup.select(".sidebar-tree a")}
    assert sidebar["Formularios"] is None
    assert sidebar["Interviews"] == "en"
    following = soup.select_one("a.next-page .title")
    assert following.get_text(strip=True) == "Interviews"
    assert following.select_one("[lang=en]") is not None
    assert soup.title.get_text().startswith(heading_text(soup.find("h1")))


def test_listing_cards_show_translated_titles_and_leads(spanish: Built, english: Built) -> None:
    """A listed page's card is in Spanish where its catalog is, ``lang="en"`` where not."""
    cards = spanish.page("index").select("article .cx-cards--featured-pages li.cx-card")
    shown = [
        (
            words(card.select_one(".cx-card__title")),
            card.select_one(".cx-card__title").get("lang"),
            [words(p) for p in card.select(".cx-card__text")],
        )
        for card in cards
    ]
    assert shown == [
        ("Formularios", None, ["Cómo diseñar un formulario que la gente termine."]),
        ("Interviews", "en", []),
    ]
    cards = english.page("index").select("article .cx-cards--featured-pages li.cx-card")
    assert [words(c.select_one(".cx-card__title")) for c in cards] == ["Forms", "Interviews"]
    assert not english.page("index").select("article [lang]")


# -- counterparts --------------------------------------------------------------------------


def test_spanish_pages_link_to_their_english_versions(spanish: Built) -> None:
    soup = spanish.page("outdated")
    switch = soup.select_one("nav.cx-language-switch")
    assert switch["aria-label"] == "Idioma"
    link = switch.select_one("a[hreflang=en]")
    assert link["href"] == "../outdated.html" and link["lang"] == "en"
    assert link.get_text() == "English"
    current = switch.select_one("[aria-current=true]")
    assert current.get_text() == "Español" and current.name == "span"
    alternates = {a["hreflang"]: a["href"] for a in soup.select("link[rel=alternate]")}
    assert alternates == {
        "en": "https://example.gov/hb/outdated.html",
        "es": "https://example.gov/hb/es/outdated.html",
        "x-default": "https://example.gov/hb/outdated.html",
    }
    assert soup.select_one("link[rel=canonical]")["href"] == (
        "https://example.gov/hb/es/outdated.html"
    )


def test_english_pages_link_to_their_spanish_versions(english: Built) -> None:
    soup = english.page("outdated")
    assert soup.html["lang"] == "en"
    link = soup.select_one("nav.cx-language-switch a[hreflang=es]")
    assert link["href"] == "es/outdated.html" and link["lang"] == "es"
    assert (english.outdir / link["href"]).parent.name == "es"


# -- incremental builds ------------------------------------------------------------------


def test_editing_an_english_page_marks_its_translation_out_of_date(
    rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    english_out, spanish_out = tmp_path / "en", tmp_path / "es"
    build(srcdir, english_out, "en")
    first = build(srcdir, spanish_out, "es")
    assert notice(first.page("translated")) is None, first.warnings

    page = srcdir / "translated.md"
    page.write_text(
        page.read_text().replace("Ask only what you need.", "Ask only what you truly need."),
        encoding="utf-8",
    )
    for outdir, language in ((english_out, "en"), (spanish_out, "es")):
        again = build(srcdir, outdir, language)
        read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", again.status)
        assert read == ["translated"], (language, again.status)
    spanish = Built(spanish_out / "html", "", "")
    assert notice(spanish.page("translated")) == OUTDATED
    edited = spanish.page("translated").select_one("article p[lang=en]")
    assert edited.get_text() == "Ask only what you truly need."
    assert notice(spanish.page("untranslated")) == UNTRANSLATED


# -- the real handbook, both languages --------------------------------------------------------


@pytest.fixture(scope="module")
def docs_es(docs_build: SiteBuild) -> SiteBuild:
    """docs/ in Spanish, under the English build's es/ as `make html` lays it out."""
    built = build_site(REPO_ROOT / "docs", docs_build.outdir / "es", extra=["-D", "language=es"])
    assert built.returncode == 0, built.stderr
    return built


def test_every_page_has_its_counterpart_in_both_languages(
    docs_build: SiteBuild, docs_es: SiteBuild
) -> None:
    english_pages = [
        p for p in docs_build.pages() if "es" not in p.relative_to(docs_build.outdir).parts
    ]
    assert len(english_pages) >= 10
    for path in english_pages:
        name = path.relative_to(docs_build.outdir).as_posix()
        for outdir, lang, other in ((docs_build.outdir, "en", "es"), (docs_es.outdir, "es", "en")):
            soup = BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")
            assert soup.html["lang"] == lang, name
            link = soup.select_one(f"nav.cx-language-switch a[hreflang={other}]")
            assert link is not None, (lang, name)
            target = (outdir / name).parent / link["href"]
            assert target.resolve().is_file(), (lang, name, link["href"])
            hreflangs = {a["hreflang"] for a in soup.select("link[rel=alternate][hreflang]")}
            assert hreflangs == {"en", "es", "x-default"}, (lang, name)


def test_handbook_shows_translated_out_of_date_and_untranslated_pages(docs_es: SiteBuild) -> None:
    assert notice(docs_es.page("index")) is None
    assert heading_text(docs_es.page("index").find("h1")) == "Manual de CX"
    assert notice(docs_es.page("focus-areas/customer-experience")) == OUTDATED
    assert notice(docs_es.page("toolkit/customer-experience-toolkit")) == PARTIAL
    assert notice(docs_es.page("writing/pdf")) == UNTRANSLATED
    # The translated roadmap keeps its timeline: Spanish period headings are periods.
    phases = docs_es.page("focus-areas/customer-experience").select(".cx-timeline .rubric")
    assert [p.get_text(strip=True) for p in phases][:2] == ["0-6 meses", "6-12 meses"]


def test_spanish_search_finds_a_spanish_word(docs_es: SiteBuild) -> None:
    text = (docs_es.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    stem = snowballstemmer.stemmer("spanish").stemWord("encuestas")
    docnames = index["docnames"]
    found = index["terms"].get(stem)
    found = [found] if isinstance(found, int) else found or []
    assert "index" in [docnames[i] for i in found]


def test_robots_txt_names_both_sitemaps(docs_build: SiteBuild, docs_es: SiteBuild) -> None:
    robots = (docs_build.outdir / "robots.txt").read_text()
    assert "Sitemap: https://example.gov/cx-handbook/sitemap.xml" in robots
    assert "Sitemap: https://example.gov/cx-handbook/es/sitemap.xml" in robots
    sitemap = (docs_es.outdir / "sitemap.xml").read_text()
    assert "https://example.gov/cx-handbook/es/focus-areas/customer-experience.html" in sitemap
