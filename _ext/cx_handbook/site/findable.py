"""Being found: robots.txt beside the sitemap, and "last updated" dates that never warn.

sphinx-sitemap writes ``sitemap.xml``, sphinx-notfound-page the 404 page and
sphinx-last-updated-by-git the footer's date (all configured in ``conf.py``). This module
adds the two things they leave to the site:

- ``robots.txt`` at the site root, pointing crawlers at the sitemap under
  ``html_baseurl`` (a ``robots.txt`` the project ships in ``html_extra_path`` wins);
- a project outside any git work tree (a test project, an unpacked tarball) gets no
  dates instead of a "git log failed" warning that would stop a strict build.

A serial build also spares sphinx-sitemap its helper process (``compat.serial_sitemap_queue``),
and every build lists its pages in address order, whichever worker wrote them first
(``compat.sort_sitemap_links``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.compat import SITEMAP_MODULE, serial_sitemap_queue, sort_sitemap_links
from .topics import GENERATED_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

SETTINGS: dict[str, tuple[str, str]] = {
    "handbook_repository": ("", "URL of the repository ('Edit this page' links to it)."),
    "handbook_branch": ("main", "The repository branch pages are edited on."),
}


def in_git_work_tree(path: Path) -> bool:
    """True when *path* is inside a git work tree (and git is installed)."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return False
    return proc.returncode == 0 and proc.stdout.strip() == "true"


def _skip_git_dates_outside_git(app: Sphinx, config: Config) -> None:
    """No git dates outside a work tree, nor for generated pages (they live in the doctrees)."""
    if "git_exclude_patterns" not in config:
        return
    if not in_git_work_tree(Path(app.srcdir)):
        config.git_exclude_patterns = ["**"]
    else:
        config.git_exclude_patterns = [*config.git_exclude_patterns, f"**/{GENERATED_DIR}/**"]


def _serial_sitemap_queue(app: Sphinx, config: Config) -> None:
    # At config-inited: every extension is set up, and builder-inited is still to come.
    if SITEMAP_MODULE in app.extensions:
        serial_sitemap_queue(app)


def _sort_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and SITEMAP_MODULE in app.extensions:
        sort_sitemap_links(app)


def robots_txt(baseurl: str, sitemap_filename: str = "sitemap.xml") -> str:
    """The text of a robots.txt that allows everything and names the sitemap."""
    lines = ["User-agent: *", "Allow: /"]
    if baseurl:
        lines += ["", f"Sitemap: {baseurl.rstrip('/')}/{sitemap_filename}"]
    return "\n".join(lines) + "\n"


def _write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "robots.txt"
    if target.exists():  # the project ships its own (html_extra_path)
        return
    filename = getattr(app.config, "sitemap_filename", None) or "sitemap.xml"
    target.write_text(robots_txt(app.config.html_baseurl or "", filename), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the repository settings, robots.txt and the git guard."""
    for name, (default, _help) in SETTINGS.items():
        app.add_config_value(name, default, "html", types=frozenset({str}))
    app.connect("config-inited", _skip_git_dates_outside_git, priority=600)
    app.connect("config-inited", _serial_sitemap_queue)
    app.connect("build-finished", _write_robots_txt)
    app.connect("build-finished", _sort_sitemap, priority=400)  # before sphinx-sitemap's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
