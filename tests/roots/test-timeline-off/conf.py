extensions = ["myst_parser", "cx_handbook"]
myst_title_to_header = True
suppress_warnings = ["myst.topmatter"]
handbook_detect_timelines = False
