extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_enable_extensions = ["colon_fence"]
myst_title_to_header = True
html_baseurl = "https://example.gov/hb/"
