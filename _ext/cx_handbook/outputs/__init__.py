"""Stage 5, outputs: what a builder writes.

Owns the PDF handbook (:mod:`.pdf`: the ``handbookpdf`` builder and the site's download
link; :mod:`.typst_writer`: the book's doctree as Typst markup; :mod:`.pdf_merge`: the
book's parts merged into one tagged PDF), the fixes to the HTML that Sphinx and furo
write (:mod:`.a11y`), the search and 404 pages left as they are when a build changed
nothing (:mod:`.unchanged`), and a ``-j N`` build that gives every job a share of
reading and writing (:mod:`.parallel`). May import every earlier stage; nothing earlier
imports it.
"""
