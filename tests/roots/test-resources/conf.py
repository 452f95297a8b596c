extensions = ["myst_parser", "sphinx_design", "cx_handbook"]
myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline", "deflist", "fieldlist"]
root_doc = "index"
exclude_patterns = ["_build"]
