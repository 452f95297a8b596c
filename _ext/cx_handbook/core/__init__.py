"""Stage 0, the foundation: what every later stage may use, and nothing about pages.

Owns the handbook's typed warnings (:mod:`.warnings`), the registration of custom nodes
with a visitor for every builder (:mod:`.writers`), the static files we ship
(:mod:`.assets`), the Font Awesome icons (:mod:`.icons`), the message catalog of the
words our extensions print (:mod:`.i18n`) and every use of a private API
of Sphinx, docutils, MyST or furo (:mod:`.compat`, each pinned and tested). It imports
only third-party packages: no other subpackage of ``cx_handbook``.
"""
