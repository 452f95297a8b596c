"""Stage 1, sources: reading a page's text, before anything knows what it means.

Owns the front-matter block as text (:mod:`.frontmatter`: the YAML data and the line of
every key), Hugo shortcodes (:mod:`.shortcode_syntax` parses them,
:mod:`.shortcode_mapping` says what each becomes in MyST, :mod:`.shortcodes` expands a
page at ``source-read``), line-neutral Markdown repairs (:mod:`.markdown_repair`), the
file annotations beside links (:mod:`.annotations`), draft text left in pages
(:mod:`.placeholders`) and MyST's parser for Markdown
snippets (:mod:`.markdown`). May import :mod:`..core` only.
"""
