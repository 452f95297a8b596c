"""Stage 7, tools: commands around the build, never part of it.

Owns the live preview: the long-lived application, server and watcher of
``make livehtml`` (:mod:`.liveserver`) and its check for stale environments
(:mod:`.livepreview`); the URL-coverage report (:mod:`.urlcoverage`: do the URLs of
each source reach its built page); and the extensions' message catalog template
(:mod:`.catalog`, ``make gettext``). May import any stage; no stage imports it, and no
``setup()`` here is wired into the extension.
"""
