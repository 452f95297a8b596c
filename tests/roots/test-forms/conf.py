extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_enable_extensions = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "html_admonition",
    "html_image",
    "tasklist",
]
root_doc = "index"
exclude_patterns = ["_build"]
project = "Forms"
author = "CX Handbook tests"
copyright = "2025, CX Handbook tests"
version = release = "1"
