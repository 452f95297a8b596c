extensions = ["myst_parser", "notfound.extension", "cx_handbook"]
html_theme = "furo"
myst_title_to_header = True
# The 404 page renders its own toctree() with site-root URLs: it must stay furo's.
notfound_urls_prefix = "/nav/"
