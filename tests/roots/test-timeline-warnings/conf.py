extensions = ["myst_parser", "cx_handbook"]
myst_enable_extensions = ["colon_fence"]
myst_title_to_header = True
