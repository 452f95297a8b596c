"""Icon names resolve to Font Awesome Free 6 icons, without the alias table when they can."""

from __future__ import annotations

import pytest

from cx_handbook.core import icons


def test_every_free_svg_is_its_own_name_in_the_alias_table() -> None:
    """The shortcut in resolve_icon (a name with an SVG is a Free 6 name) agrees with it."""
    table = icons._aliases()
    names = {
        p.stem for style in icons.STYLES for p in (icons.FA_ROOT / "svgs" / style).glob("*.svg")
    }
    assert names
    assert {name for name in names if table.get(name) != name} == set()


@pytest.mark.parametrize(
    ("written", "resolved"),
    [
        ("house", "house"),
        ("fas fa-house", "house"),
        ("fa-home", "house"),  # an alias
        ("comments-alt", "comments"),  # a Pro name of ours
        ("../solid/house", None),  # never a path
        ("no-such-icon", None),
    ],
)
def test_resolve_icon(written: str, resolved: str | None) -> None:
    assert icons.resolve_icon(written) == resolved
