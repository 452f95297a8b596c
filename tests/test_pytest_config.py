"""The test run's own settings: third-party deprecations are quiet, ours are not."""

from __future__ import annotations

import warnings

from sphinx.deprecation import RemovedInSphinx11Warning


def _action(category: type[Warning], module: str) -> str:
    """What the active filters do with *category* raised from *module*."""
    for action, _message, cat, mod, _line in warnings.filters:
        if issubclass(category, cat) and (mod is None or mod.match(module)):
            return action
    return "default"


def test_third_party_deprecations_are_silenced_ours_are_not() -> None:
    assert _action(RemovedInSphinx11Warning, "myst_parser.sphinx_ext.myst_refs") == "ignore"
    assert _action(DeprecationWarning, "docutils.nodes") == "ignore"
    for module in ("cx_handbook", "cx_handbook.content.timeline", "cx_handbook.checks.page"):
        assert _action(RemovedInSphinx11Warning, module) != "ignore"
        assert _action(DeprecationWarning, module) != "ignore"
