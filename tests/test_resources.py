"""Resource cards: the directives, detection in lists, accessibility, other builders."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def card_titled(soup: BeautifulSoup, title: str):
    for card in soup.select(".cx-resource-card"):
        link = card.select_one(".cx-resource-card__title")
        if link is not None and link.get_text(" ", strip=True).startswith(title):
            return card
    raise AssertionError(f"no card titled {title!r}")


def badges(card) -> dict[str, str]:
    return {
        next(c for c in b["class"] if c.startswith("cx-badge--")).removeprefix("cx-badge--"): (
            b.get_text()
        )
        for b in card.select(".cx-badge")
    }


@pytest.mark.sphinx("html", testroot="resources")
def test_directive_card(app, warning) -> None:
    app.build()
    soup = page(app, "directive")
    card = card_titled(soup, "Sample CCO performance evaluation criteria")
    link = card.select("a")
    assert len(link) == 1
    assert link[0]["href"] == "https://example.gov/cco.pdf"
    hidden = link[0].select_one(".visually-hidden").get_text()
    assert hidden == " (PDF, 83 KB, 2 pages; external link)"
    assert badges(card) == {
        "type": "PDF",
        "size": "83 KB",
        "count": "2 pages",
        "date": "December 2015",
    }
    # :publisher: decodes HTML entities (MyST leaves options as written)
    publisher = card.select_one(".cx-resource-card__publisher").get_text()
    assert publisher == "General Services Administration – GSA"
    assert card.select_one(".cx-resource-card__description em").get_text() == "supervisor"


@pytest.mark.sphinx("html", testroot="resources")
def test_resources_container_is_a_list_of_cards(app, warning) -> None:
    app.build()
    soup = page(app, "directive")
    grid = soup.select_one("ul.cx-resource-list")
    items = grid.find_all("li", recursive=False)
    assert len(items) == 2
    assert all(li.select_one(".cx-resource-card") for li in items)
    assert badges(items[0]) == {"type": "Excel spreadsheet", "size": "82 KB", "count": "2 tabs"}


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_unsafe_url_is_refused_at_its_line(app, warning) -> None:
    app.build()
    src = app.srcdir / "directive.md"
    assert f"{src}:22: WARNING: resource 'Two': refused the unsafe URL" in warning.getvalue()
    assert "[handbook.unsafe_url]" in warning.getvalue()
    card = card_titled(page(app, "directive"), "Two")
    assert card.find("a") is None
    assert "javascript" not in str(card)
