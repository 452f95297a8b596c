extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_enable_extensions = ["colon_fence", "attrs_block", "deflist"]
myst_title_to_header = True
myst_heading_anchors = 3
project = "Timelines"
author = "CX Handbook"
copyright = "2025, CX Handbook"
version = "1.0"
