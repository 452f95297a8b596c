"""Stage 7, tools: commands around the build, never part of it.

Owns the live preview's pre-build step (:mod:`.livepreview`) and the URL-coverage
report (:mod:`.urlcoverage`: do the URLs of each source reach its built page). May
import any stage; no stage imports it, and no ``setup()`` here is wired into the
extension.
"""
