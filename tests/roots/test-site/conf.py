extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_title_to_header = True
html_theme = "furo"
