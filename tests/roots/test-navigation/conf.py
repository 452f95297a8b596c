extensions = ["myst_parser", "cx_handbook"]
html_theme = "furo"
myst_title_to_header = True
