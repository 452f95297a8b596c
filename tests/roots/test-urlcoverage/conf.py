extensions = ["myst_parser", "cx_handbook"]
myst_title_to_header = True
suppress_warnings = ["handbook.frontmatter_unknown_key"]
