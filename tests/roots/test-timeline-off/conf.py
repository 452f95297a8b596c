extensions = ["myst_parser", "cx_handbook"]
myst_title_to_header = True
handbook_detect_timelines = False
