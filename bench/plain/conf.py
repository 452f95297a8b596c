"""The plain stack the benchmark compares against: Sphinx + MyST + furo, same MyST settings."""

project = "Synthetic handbook"
extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton"]
html_theme = "furo"
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
myst_title_to_header = True
myst_heading_anchors = 3
