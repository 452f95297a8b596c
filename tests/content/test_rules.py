"""Rules (``---``) where docutils allows none are drawn, as Hugo draws them, quietly."""

from __future__ import annotations

from helpers import SiteBuild


def test_misplaced_rules_are_drawn_without_a_warning(hugo_build: SiteBuild) -> None:
    article = hugo_build.page("services/rules").find("article")
    assert len(article.find_all("hr")) == 4
    assert "Text between rules." in article.get_text()
    assert not [w for w in hugo_build.warnings if "services/rules.md" in w]
