"""Every private API of Sphinx, docutils, MyST or furo we rely on, each pinned and tested."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.project import Project

# -- Generated documents (used by site.topics) ------------------------------------------------
# Checked against Sphinx 9.0.4: ``Project`` maps docnames to source paths in the private
# ``_docname_to_path`` / ``_path_to_docname`` (paths relative to the source folder); its public
# ``doc2path``/``path2doc`` read them. Sphinx has no public API for a document whose source
# lives outside the source folder. ``tests/test_compat.py`` pins the behaviour.


def add_generated_document(project: Project, docname: str, source: Path) -> None:
    """Make *docname* a document of *project*, read from the generated file *source*.

    The path is stored relative to the source folder, as Sphinx stores a writer's own
    pages, so what Sphinx writes from it (the search index's file names) never holds the
    build machine's absolute path.
    """
    try:
        path = Path(os.path.relpath(source, project.srcdir))
    except ValueError:  # another drive (Windows): no relative path exists
        path = Path(source)
    project.docnames.add(docname)
    project._docname_to_path[docname] = path
    project._path_to_docname[path] = docname
