"""Stage 3, content: what a reader sees on one page, built from the model.

Owns the page hero (:mod:`.hero`), calls to action (:mod:`.cta`), timelines
(:mod:`.timeline`), resource cards (:mod:`.resources`), front-matter card lists
(:mod:`.cards`), the sanitiser of raw HTML (:mod:`.raw_html`) and remote images as links
(:mod:`.remote_images`). Everything here is
built from docutils nodes or nodes with a visitor for every builder. May import
:mod:`..core`, :mod:`..sources` and :mod:`..model`.
"""
