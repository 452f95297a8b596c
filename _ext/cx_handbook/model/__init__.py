"""Stage 2, the model: what the site is made of, read once and typed.

Owns the typed page model and its one read per page (:mod:`.page`), the site index of
every page's front matter known before any page is read (:mod:`.siteindex`), the site
data files (:mod:`.data`: authors, topics) and the one resolver of links to pages of
this site, however written, Hugo ``ref`` targets too (:mod:`.links`). May import
:mod:`..core` and :mod:`..sources`.
"""
