"""Keyboard: the skip link, visible focus everywhere, toggles and search, one stop per card,
and the language switch (English and Spanish pages)."""

from __future__ import annotations

import pytest
from conftest import DOCS_PREFIX, MODES, Mode, Site, new_context

pytestmark = pytest.mark.a11y

DESKTOP_LIGHT, DESKTOP_DARK, PHONE_LIGHT, PHONE_DARK = MODES
MAX_STOPS = 120

#: What the focused element is, and whether a reader can see that it has focus.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A visually hidden drawer toggle shows its focus on the icon a reader sees.
  let shown = el;
  if (el.classList.contains("sidebar-toggle")) {
    shown = [...document.querySelectorAll(`label[for="${el.id}"]`)]
      .find((l) => l.offsetParent !== null && !l.classList.contains("overlay")) || el;
  }
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const box = shown.getBoundingClientRect();
  const cls = typeof el.className === "string" ? el.className : "";
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
          `${cls ? "." + cls.trim().split(/\\s+/).join(".") : ""}` +
          ` "${(el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40)}"`,
    visible: outline || shadow,
    onScreen: box.width > 0 && box.height > 0,
    inMain: !!el.closest("#furo-main-content"),
    classes: cls,
  };
}"""

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)
CARDS = ".cx-resource-card, .cx-card, .sd-card"
# A stop is a focusable element the browser renders: not inside a closed <details>
# (a sphinx-design dropdown), whose content Chromium lays out but never focuses.
CARD_STOPS = f"""() => [...document.querySelectorAll("{CARDS}")].map((card) => ({{
  card: card.className,
  stops: [card, ...card.querySelectorAll("{FOCUSABLE}")]
    .filter((el) => el.matches("{FOCUSABLE}") && el.getClientRects().length > 0
                    && el.checkVisibility()).length,
}}))"""


@pytest.fixture(scope="module")
def open_page(browser, site: Site):
    contexts = {}

    def _open(mode: Mode, path: str):
        if mode.id not in contexts:
            contexts[mode.id] = new_context(browser, mode, site.origin)
        page = contexts[mode.id].new_page()
        page.goto(f"{site.origin}{path}", wait_until="load")
        return page

    yield _open
    for context in contexts.values():
        context.close()


def tab_to(page, css_class: str) -> dict | None:
    """Press Tab until the element of *css_class* has focus; its state (None if never)."""
    first = None
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["what"] == first:
            return None
        if css_class in state["classes"].split():
            return state
        first = first or state["what"]
    return None


def open_phone_menu(page) -> None:
    """Open the navigation drawer from the keyboard (skip link, then the menu button)."""
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "__navigation"
    page.keyboard.press("Space")
    page.wait_for_timeout(300)  # the drawer slides in


def tab_through(page) -> list[dict]:
    """Press Tab until focus comes back round; what each stop was."""
    stops: list[dict] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state["what"] == stops[0]["what"]):
            break
        stops.append(state)
    return stops


@pytest.mark.parametrize("mode", [DESKTOP_LIGHT, PHONE_LIGHT], ids=lambda m: m.id)
def test_skip_link_is_first_and_moves_focus_to_the_content(open_page, mode: Mode) -> None:
    page = open_page(mode, f"{DOCS_PREFIX}focus-areas/customer-experience.html")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert "skip-to-content" in first["classes"], first
    assert first["onScreen"] and first["visible"], first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#furo-main-content"
    assert page.evaluate("document.activeElement.id") == "furo-main-content"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STATE)["inMain"]


@pytest.mark.parametrize(
    "mode", [DESKTOP_LIGHT, DESKTOP_DARK, PHONE_LIGHT, PHONE_DARK], ids=lambda m: m.id
)
@pytest.mark.parametrize(
    "path",
    [
        f"{DOCS_PREFIX}index.html",  # listing cards
        f"{DOCS_PREFIX}focus-areas/customer-experience.html",  # hero CTA, timeline
        f"{DOCS_PREFIX}toolkit/customer-experience-toolkit.html",  # resource cards
        f"{DOCS_PREFIX}writing/markdown.html",
        f"{DOCS_PREFIX}es/index.html",  # Spanish: translated, language switch
        f"{DOCS_PREFIX}es/focus-areas/customer-experience.html",  # out-of-date notice
    ],
)
def test_focus_is_visible_on_every_stop(open_page, mode: Mode, path: str) -> None:
    page = open_page(mode, path)
    stops = tab_through(page)
    assert len(stops) > 5
    hidden = [s["what"] for s in stops if not s["visible"]]
    assert not hidden, f"no visible focus indicator [{mode.id}] on {path}: {hidden}"
    offscreen = [s["what"] for s in stops if not s["onScreen"]]
    assert not offscreen, f"focus on something a reader cannot see [{mode.id}]: {offscreen}"


@pytest.mark.parametrize("mode", [DESKTOP_LIGHT, PHONE_LIGHT], ids=lambda m: m.id)
def test_theme_toggle_and_search_are_reachable_by_tab(open_page, mode: Mode) -> None:
    page = open_page(mode, f"{DOCS_PREFIX}index.html")
    stops = tab_through(page)
    classes = [s["classes"] for s in stops]
    assert any("theme-toggle" in c for c in classes), [s["what"] for s in stops]
    if mode.device == "desktop":
        assert any("sidebar-search" in c for c in classes), [s["what"] for s in stops]


def test_phone_menu_opens_from_the_keyboard_and_reaches_search(open_page) -> None:
    page = open_page(PHONE_LIGHT, f"{DOCS_PREFIX}index.html")
    assert not page.locator(".sidebar-search").is_visible()
    open_phone_menu(page)
    assert page.locator(".sidebar-search").is_visible()
    stops = [page.evaluate(FOCUS_STATE) for _ in range(6) if not page.keyboard.press("Tab")]
    assert any("sidebar-search" in s["classes"] for s in stops), stops


def test_theme_toggle_changes_the_theme_from_the_keyboard(open_page) -> None:
    page = open_page(DESKTOP_LIGHT, f"{DOCS_PREFIX}index.html")
    page.locator(".theme-toggle-content .theme-toggle").focus()
    before = page.evaluate("document.body.dataset.theme")
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.dataset.theme") != before


def test_every_card_is_one_tab_stop(open_page, site: Site) -> None:
    problems, cards = [], 0
    for url in site.urls:
        page = open_page(DESKTOP_LIGHT, site.path_of(url))
        for card in page.evaluate(CARD_STOPS):
            cards += 1
            if card["stops"] > 1:
                problems.append(f"{site.path_of(url)}: {card['card']} has {card['stops']} stops")
        page.close()
    assert cards, "no card in the sites under test"
    assert not problems, "\n".join(problems)


#: A page in each language, the same page in the other, and that one's ``lang``.
COUNTERPARTS = [
    (
        f"{DOCS_PREFIX}focus-areas/customer-experience.html",
        f"{DOCS_PREFIX}es/focus-areas/customer-experience.html",
        "es",
    ),
    (
        f"{DOCS_PREFIX}es/toolkit/customer-experience-toolkit.html",
        f"{DOCS_PREFIX}toolkit/customer-experience-toolkit.html",
        "en",
    ),
]


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.id)
@pytest.mark.parametrize(("path", "counterpart", "lang"), COUNTERPARTS, ids=["en-es", "es-en"])
def test_language_switch_is_a_tab_stop_that_opens_the_other_language(
    open_page, site: Site, mode: Mode, path: str, counterpart: str, lang: str
) -> None:
    """Tab reaches the other language's link (in the menu on a phone), its focus shows,
    and Enter opens the same page in that language."""
    page = open_page(mode, path)
    if mode.device == "phone":
        open_phone_menu(page)
    link = tab_to(page, "cx-language-switch__link")
    assert link is not None, f"the language switch is not reached by Tab [{mode.id}] on {path}"
    assert link["visible"] and link["onScreen"], link
    assert page.evaluate("document.activeElement.hreflang") == lang
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.origin}{counterpart}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == lang
    current = page.locator(".cx-language-switch [aria-current=true]")
    assert current.get_attribute("lang") == lang
    page.close()
