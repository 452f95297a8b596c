extensions = ["myst_parser", "notfound.extension", "cx_handbook"]
html_theme = "furo"
myst_title_to_header = True
# A section of more than 5 pages is large here (news/ has 12).
handbook_nav_section_limit = 5
handbook_nav_neighbours = 1
