extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_title_to_header = True
suppress_warnings = ["myst.topmatter"]
html_theme = "furo"
