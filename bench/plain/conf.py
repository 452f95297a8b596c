"""The plain stack the benchmark compares against: Sphinx + MyST + furo.

The MyST settings are read from the project's own conf.py, so both stacks parse the
same pages the same way and the difference is what our extensions cost.
"""

import runpy
from pathlib import Path

_ours = runpy.run_path(str(Path(__file__).resolve().parents[2] / "conf.py"))

project = "Synthetic handbook"
extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton"]
html_theme = "furo"
myst_enable_extensions = _ours["myst_enable_extensions"]
myst_title_to_header = _ours["myst_title_to_header"]
myst_heading_anchors = _ours["myst_heading_anchors"]
