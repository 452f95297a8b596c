"""Stage 4, the site: how pages relate to one another and to the web.

Owns navigation order (:mod:`.ordering`), the cached furo navigation
(:mod:`.navigation`), page listings (:mod:`.listings`), topic pages (:mod:`.topics`),
redirects for old addresses (:mod:`.redirects`), being found (:mod:`.findable`: sitemap
companions, robots.txt, dates), meta tags (:mod:`.meta`), the theme settings
(:mod:`.theme`) and the languages of the site (:mod:`.i18n`: switch, hreflang,
translation notices). May import every earlier stage: :mod:`..core`, :mod:`..sources`,
:mod:`..model` and :mod:`..content`.
"""
