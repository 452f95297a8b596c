from cx_handbook.sources.markdown import MYST_EXTENSIONS

extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
# The fixtures parse as the site parses its pages.
myst_enable_extensions = list(MYST_EXTENSIONS)
root_doc = "index"
exclude_patterns = ["_build"]
project = "Forms"
author = "CX Handbook tests"
copyright = "2025, CX Handbook tests"
version = release = "1"
