"""Static files (CSS, JS, images) that the extensions ship in the repository's ``_static/``.

Each capability module asks for its own stylesheet with :func:`add_stylesheet`; the
file is only linked when the builder writes HTML, as sphinx-design does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The repository (``_ext/cx_handbook/core/assets.py`` is three folders down).
REPOSITORY = Path(__file__).resolve().parents[3]
STATIC_DIR = REPOSITORY / "_static"
TEMPLATES_DIR = REPOSITORY / "_templates"


def add_stylesheet(app: Sphinx, filename: str) -> None:
    """Link ``_static/<filename>`` into every HTML page (only for HTML builders)."""

    def _add(app: Sphinx) -> None:
        if app.builder.format == "html":
            app.add_css_file(filename)

    app.connect("builder-inited", _add)


def _register_static_dir(app: Sphinx, config: Config) -> None:
    """Make ``_static/`` available to every project that loads the extension."""
    confdir = Path(app.confdir)
    known = {(confdir / str(p)).resolve() for p in config.html_static_path}
    if STATIC_DIR not in known:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the repository's ``_static/`` as a static path."""
    app.connect("config-inited", _register_static_dir)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
