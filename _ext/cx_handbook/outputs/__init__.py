"""Stage 5, outputs: what a builder writes.

Owns the PDF handbook (:mod:`.pdf`: the ``handbookpdf`` builder and the site's download
link) and the fixes to the HTML that Sphinx and furo write (:mod:`.a11y`). May import
every earlier stage; nothing earlier imports it.
"""
