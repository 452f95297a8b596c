"""Every private or version-fragile API of Sphinx, docutils, MyST and furo we rely on.

Each use goes through one small function here, whose comment names the version it was
checked against (:data:`CHECKED_VERSIONS`, the pins in ``requirements.txt``) and why it
is needed. ``tests/core/test_compat.py`` fails when an installed version differs from the
pin or behaves differently, so an upgrade forces a re-check of this file. Nothing here
degrades quietly: when a third-party shape is not the expected one we raise
:class:`CompatError` (naming the package and its version) or warn
(``handbook.compat``, an error under ``-W``).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import os
import queue
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from myst_parser.config.main import merge_file_level
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.warnings_ import create_warning
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.util import logging as sphinx_logging

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project

#: The versions every function below was checked against (``requirements.txt``).
CHECKED_VERSIONS: dict[str, str] = {
    "sphinx": "9.0.4",
    "docutils": "0.22.4",
    "myst-parser": "5.2.0",
    "furo": "2025.12.19",
    "sphinx-sitemap": "2.9.0",
}


class CompatError(ExtensionError):
    """A third-party package does not behave as the version we checked against did."""

    def __init__(self, package: str, what: str) -> None:
        super().__init__(
            f"{package} {installed_version(package)} (cx_handbook.core.compat was checked "
            f"against {CHECKED_VERSIONS[package]}): {what}. Re-check core/compat.py and "
            "tests/core/test_compat.py for this version."
        )


def installed_version(package: str) -> str:
    """The installed version of *package* (a distribution name)."""
    return version(package)


# -- furo: the navigation tree (site/navigation.py) ------------------------------------

#: The keyword arguments furo passes to ``toctree()`` for its navigation tree.
#: furo 2025.12.19, ``furo._compute_navigation_tree``. Needed to recognise (and make
#: free) furo's one expensive call per page.
FURO_NAVIGATION_CALL: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}


def furo_navigation_tree(toctree_html: str) -> str:
    """The checkbox-annotated navigation HTML for Sphinx's global toctree HTML.

    furo 2025.12.19: ``furo.navigation.get_navigation_tree(toctree_html: str) -> str``
    (private, lru-cached). Needed so the tree computed once per build is furo's own
    markup, not a copy of it.
    """
    from furo.navigation import get_navigation_tree

    return get_navigation_tree(toctree_html)


def check_furo_navigation() -> None:
    """Raise :class:`CompatError` unless furo computes its tree the way we replace.

    Probes furo 2025.12.19's private ``_compute_navigation_tree(context)``: it must call
    ``context["toctree"]`` once with :data:`FURO_NAVIGATION_CALL` and hand the result to
    ``get_navigation_tree(toctree_html)``. Run at ``builder-inited``, so a furo that
    changed fails the build at its start instead of rendering a stale tree.
    """
    import furo
    from furo import navigation

    tree_function = getattr(navigation, "get_navigation_tree", None)
    if tree_function is None:
        raise CompatError("furo", "furo.navigation.get_navigation_tree is gone")
    parameters = list(inspect.signature(tree_function).parameters)
    if parameters != ["toctree_html"]:
        raise CompatError(
            "furo", f"get_navigation_tree takes {parameters}, expected ['toctree_html']"
        )
    compute = getattr(furo, "_compute_navigation_tree", None)
    if compute is None:
        raise CompatError("furo", "furo._compute_navigation_tree is gone")
    calls: list[dict[str, Any]] = []

    def recording_toctree(*args: Any, **kwargs: Any) -> str:
        calls.append({"args": args, **kwargs})
        return ""

    result = compute({"toctree": recording_toctree})
    expected = [{"args": (), **FURO_NAVIGATION_CALL}]
    if calls != expected or result != "":
        raise CompatError(
            "furo", f"its navigation tree calls toctree() as {calls}, expected {expected}"
        )


# -- Sphinx: the page's toctree() helper (site/navigation.py) --------------------------

#: Where Sphinx 9.0.4 defines the ``toctree`` callable of the page context:
#: ``StandaloneHTMLBuilder.handle_page`` sets ``ctx['toctree'] = lambda **kwargs:
#: self._get_local_toctree(pagename, **kwargs)`` (also for ``singlehtml`` and ours).
SPHINX_TOCTREE_HELPER = ("sphinx.builders.html", "StandaloneHTMLBuilder.handle_page.")
#: sphinx-notfound-page (1.1.0) hands its 404 page a ``toctree`` of its own, whose links
#: start at the site root; that page keeps furo's own computation, on purpose.
NOTFOUND_TOCTREE_MODULE = "notfound.extension"


def toctree_helper_origin(helper: Any) -> str:
    """``module:qualname`` of a page's ``toctree`` callable (for messages and tests)."""
    return f"{getattr(helper, '__module__', '?')}:{getattr(helper, '__qualname__', '?')}"


def is_sphinx_toctree(helper: Any) -> bool:
    """True when *helper* is the page's ``toctree()`` as Sphinx 9.0.4 makes it.

    Needed because the fast navigation may only stand in for Sphinx's own helper:
    another extension's helper (sphinx-notfound-page's) may link differently.
    """
    module, prefix = SPHINX_TOCTREE_HELPER
    return (
        callable(helper)
        and getattr(helper, "__module__", "") == module
        and getattr(helper, "__qualname__", "").startswith(prefix)
    )


def is_notfound_toctree(helper: Any) -> bool:
    """True when *helper* is sphinx-notfound-page's ``toctree()`` (its 404 page)."""
    return getattr(helper, "__module__", "") == NOTFOUND_TOCTREE_MODULE


# -- Sphinx: toctree nodes (site/ordering.py) ------------------------------------------


def toctree_entries(toctree: addnodes.toctree) -> list[tuple[str | None, str]]:
    """The ``(title, docname or URL)`` entries of a parsed toctree node.

    Sphinx 9.0.4: ``TocTree.parse_content`` fills ``toctree['entries']`` and
    ``toctree['includefiles']`` (docnames, in entry order); the toctree collector
    (``doctree-read``) copies ``includefiles`` into ``env.toctree_includes`` and the
    adapters render ``entries``. Needed to sort and hide entries in a transform.
    """
    return list(toctree["entries"])


def set_toctree_entries(toctree: addnodes.toctree, entries: list[tuple[str | None, str]]) -> None:
    """Keep *entries* (a subset, any order) and the included files in the same order."""
    included = set(toctree["includefiles"])
    toctree["entries"] = list(entries)
    toctree["includefiles"] = [doc for _title, doc in entries if doc in included]


# -- Sphinx: toctree captions in HTML (outputs/a11y.py) --------------------------------

#: The start tag Sphinx 9.0.4's ``HTML5Translator.visit_title`` writes for a toctree
#: caption (``starttag(node, 'p', '', CLASS='caption', ROLE='heading')``), no ids.
SPHINX_CAPTION_START = '<p class="caption" role="heading">'


def is_toctree_caption(node: nodes.Node) -> bool:
    """True for a toctree's caption title (Sphinx 9.0.4's own test in ``visit_title``)."""
    parent = node.parent
    return isinstance(parent, addnodes.compact_paragraph) and bool(parent.get("toctree"))


def add_caption_level(body: list[str], start: int, level: str) -> None:
    """Give the caption tag Sphinx wrote at ``body[start]`` the ``aria-level`` it lacks.

    Sphinx 9.0.4 writes ``<p class="caption" role="heading">`` (axe:
    aria-required-attr). We let Sphinx write its markup and add only the attribute,
    first as ``starttag`` sorts it; a different tag raises :class:`CompatError`.
    """
    tag = body[start] if start < len(body) else ""
    if not (tag.startswith("<p ") and 'class="caption' in tag and 'role="heading"' in tag):
        raise CompatError("sphinx", f"a toctree caption starts {tag!r}, expected <p ...>")
    body[start] = f'<p aria-level="{level}" {tag.removeprefix("<p ")}'


# -- Sphinx: numbers in one-page HTML (outputs/pdf.py) ---------------------------------


def section_number_key(anchor_id: str) -> str:
    """The key the HTML writer looks a section number up by, for our one-page builder.

    Sphinx 9.0.4 ``HTML5Translator.get_secnumber``: a builder *named* ``singlehtml``
    is asked for ``<docname>/#<id>``, any other for ``#<id>`` (``""`` for a page's
    first heading). The PDF builder is not named ``singlehtml``, so it hands the
    writer one flat ``#<id>`` table from ``assemble_toc_secnumbers``.
    """
    return f"#{anchor_id}" if anchor_id else ""


def figure_number_key(figtype: str) -> str:
    """The key the HTML writer looks figure numbers up by (``add_fignumber``).

    Sphinx 9.0.4: ``<docname>/<figtype>`` for a builder named ``singlehtml``, else the
    figure type alone, as ``assemble_toc_fignumbers`` of the PDF builder returns it.
    """
    return figtype


# -- MyST: the parser configuration and heading slugs (sources/, content/timeline.py) --


def myst_config(env: BuildEnvironment) -> MdParserConfig:
    """The site's MyST configuration.

    myst-parser 5.2.0 sets ``env.myst_config`` (an ``MdParserConfig``) at
    ``builder-inited`` and reads it back in its Sphinx parser; it is not a documented
    API. Needed to parse Markdown snippets with the site's settings.
    """
    config = getattr(env, "myst_config", None)
    if config is None:
        raise CompatError("myst-parser", "env.myst_config is not set at read time")
    return config


def heading_slug_func(env: BuildEnvironment) -> Callable[[str], str]:
    """The function MyST makes heading anchors with (``myst_heading_slug_func``).

    myst-parser 5.2.0: ``MdParserConfig.heading_slug_func`` is ``None`` for the
    default, :func:`myst_parser.slugs.github_slugify`.
    """
    from myst_parser.slugs import github_slugify

    slugify = myst_config(env).heading_slug_func
    return slugify if callable(slugify) else github_slugify


def set_heading_slug(node: nodes.Element, slug: str) -> None:
    """Give *node* the anchor MyST gives a heading.

    myst-parser 5.2.0: the renderer stores a heading's slug as ``node["slug"]`` and the
    ``AddSlugIds`` transform (priority 700) appends it to the node's ids unless taken.
    Needed so a timeline phase title keeps the anchor its heading had.
    """
    node["slug"] = slug


@contextmanager
def page_slugs_kept(env: BuildEnvironment) -> Iterator[None]:
    """Keep the page's heading slugs while MyST renders a snippet into it.

    myst-parser 5.2.0: ``DocutilsRenderer._render_finalise`` overwrites
    ``env.metadata[docname]["myst_slugs"]`` (read by MyST's reference resolution)
    with the slugs of whatever it rendered last.
    """
    metadata = env.metadata.get(env.docname, {})
    slugs = metadata.get("myst_slugs")
    try:
        yield
    finally:
        if slugs is not None:
            metadata["myst_slugs"] = slugs


# -- MyST: the front matter we read, handed to MyST's renderer (model/page.py) --------


class _FrontMatterDataRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, given already-read front-matter data for the block we read.

    myst-parser 5.2.0: ``DocutilsRenderer.render_front_matter`` parses ``token.content``
    when it is a string and takes it as the data otherwise (the way MyST-NB passes
    notebook metadata). Broken or non-mapping YAML becomes ``{}``: our read already
    warned, and MyST then renders nothing (as it did after its own warning).
    """

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        """Render our data for the block we read (MyST's own read for any other)."""
        expected: tuple[str, Any] | None = self.md_options.get(_FRONT_MATTER_OPTION)
        if expected is not None and token.content == expected[0]:
            data = expected[1]
            token.token.content = copy.deepcopy(data) if isinstance(data, dict) else {}
        super().render_front_matter(token)


_FRONT_MATTER_OPTION = "cx_front_matter"


def parse_myst_with_front_matter(
    inputstring: str, document: nodes.document, yaml_text: str, data: Any
) -> None:
    """MyST's ``MystParser.parse``, with front-matter *data* we read in place of its own.

    myst-parser 5.2.0: the body of ``myst_parser.parsers.sphinx_.MystParser.parse`` with
    ``read_topmatter`` replaced by *data*; ``merge_file_level``, ``create_md_parser`` and
    ``create_warning`` are MyST's own. Needed so a page's YAML is parsed once per build.
    """
    config = myst_config(document.settings.env)
    if isinstance(data, dict) and data:

        def warning(wtype: Any, msg: str) -> None:
            create_warning(document, msg, wtype, line=1, append_to=document)

        config = merge_file_level(config, data, warning)
    parser = create_md_parser(config, _FrontMatterDataRenderer)
    parser.options["document"] = document
    parser.options[_FRONT_MATTER_OPTION] = (yaml_text, data)
    parser.render(inputstring)


# -- Sphinx: generated documents (site/topics.py) -------------------------------------


def add_generated_document(project: Project, docname: str, source: Path) -> None:
    """Make *docname* a document of *project*, read from the generated file *source*.

    Sphinx 9.0.4: ``Project`` maps docnames to source paths in the private
    ``_docname_to_path`` / ``_path_to_docname`` (paths relative to the source folder);
    its public ``doc2path``/``path2doc`` read them. Sphinx has no public API for a
    document whose source lives outside the source folder (ours live in the doctrees
    folder, never in ``docs/``). The path is stored relative, as Sphinx stores its own.
    """
    try:
        path = Path(os.path.relpath(source, project.srcdir))
    except ValueError:  # another drive (Windows): no relative path exists
        path = Path(source)
    project.docnames.add(docname)
    project._docname_to_path[docname] = path
    project._path_to_docname[path] = docname


def set_search_filename(builder: StandaloneHTMLBuilder, docname: str, filename: str) -> None:
    """Record *filename* as *docname*'s source in the search index.

    Sphinx 9.0.4: ``IndexBuilder.feed`` stores ``env.doc2path(docname, False)`` in the
    private ``_filenames``, written to ``searchindex.js`` by ``dump_search_index``
    after ``html-collect-pages``. For a generated page that path runs through the build
    folder (``../_build/html/.doctrees/...``), so the published index would say where a
    machine built it; the page's own name says nothing of the kind.
    """
    indexer = getattr(builder, "indexer", None)
    if indexer is None:  # search off (html_search_language, non-HTML builders)
        return
    filenames: dict[str, str] = indexer._filenames
    if docname in filenames:
        filenames[docname] = filename


# -- Sphinx: message catalogs of extensions (core/i18n.py) -----------------------------


def reset_message_catalog(catalog: str) -> None:
    """Forget the translations Sphinx holds for *catalog*, before loading this build's.

    Sphinx 9.0.4: ``sphinx.locale.init`` *merges* a catalog into the translator it
    already holds in the module-level ``sphinx.locale.translators`` (keyed
    ``(namespace, catalog)``), so in one process a Spanish build's words would leak
    into a later English build. Needed because tests and ``make check`` run several
    Sphinx applications, in different languages, in one process.
    """
    from sphinx import locale

    translators = getattr(locale, "translators", None)
    if not isinstance(translators, dict):
        raise CompatError("sphinx", "sphinx.locale.translators is no longer a dict")
    translators.pop(("general", catalog), None)


# -- Sphinx: one long-lived application (tools/liveserver.py) ------------------------


def build_update_keeping_environment(builder: Builder) -> set[str]:
    """``builder.build_update()`` without pickling the environment; the pages read.

    Sphinx 9.0.4: the body of ``Builder.build_update`` and ``Builder.build`` (both
    ``@final``), less the ``pickle.dump`` of the environment that ``build`` makes after
    every read (and the info messages). A live preview keeps its environment in memory
    and pickles it once the writer pauses (:func:`save_environment`): at 500 pages the
    dump costs more than reading and writing the edited page. ``tests/core/test_compat.py``
    pins the two method bodies by hash, so a Sphinx that changes them stops the tests.
    """
    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.parallel import SerialTasks, parallel_available

    forget_cached_doctrees(builder.env)
    builder.compile_update_catalogs()
    outdated = builder.get_outdated_docs()
    docnames: set[str] | list[str] = ["__all__"] if isinstance(outdated, str) else set(outdated)
    app = builder._app
    with (
        contextlib.nullcontext() if app._exception_on_warning else sphinx_logging.pending_warnings()
    ):
        updated = set(builder.read())
    updated.update(builder.env.check_dependents(app, updated))
    if updated:
        builder.phase = BuildPhase.CONSISTENCY_CHECK
        builder.env.check_consistency()
    builder.phase = BuildPhase.RESOLVING
    if docnames and docnames != ["__all__"]:
        docnames = set(docnames) & builder.env.found_docs
    builder.parallel_ok = bool(
        parallel_available
        and app.parallel > 1
        and builder.allow_parallel
        and app.is_parallel_allowed("write")
    )
    builder.finish_tasks = SerialTasks()
    builder.write(docnames, updated, "update")
    builder.finish()
    builder.finish_tasks.join()
    return updated


def forget_cached_doctrees(env: BuildEnvironment) -> None:
    """Drop the doctrees *env* keeps from the last build, so a page read again is seen.

    Sphinx 9.0.4: ``BuildEnvironment.get_doctree`` keeps every pickled doctree it loaded
    in the private ``_pickled_doctree_cache`` and ``master_doctree`` is a
    ``cached_property``; neither is emptied when a page is read again, so a second build
    in the same process would write pages from the old doctrees (the global toctree
    from the old root page). ``sphinx.testing``'s ``SphinxTestApp.build`` clears the
    first for the same reason.
    """
    env._pickled_doctree_cache.clear()
    env.__dict__.pop("master_doctree", None)


def save_environment(builder: Builder) -> None:
    """Pickle the environment where ``sphinx-build`` loads it (Sphinx 9.0.4's own way).

    ``Builder.build`` writes ``<doctrees>/environment.pickle`` with
    ``pickle.dump(env, f, pickle.HIGHEST_PROTOCOL)``; written to a temporary file first
    here, so a process stopped half-way never leaves a truncated pickle.
    """
    import pickle

    from sphinx.application import ENV_PICKLE_FILENAME

    target = Path(builder.doctreedir) / ENV_PICKLE_FILENAME
    partial = target.with_name(f"{ENV_PICKLE_FILENAME}.partial")
    with partial.open("wb") as file:
        pickle.dump(builder.env, file, pickle.HIGHEST_PROTOCOL)
    partial.replace(target)


def defer_search_index(builder: StandaloneHTMLBuilder) -> Callable[[], None]:
    """Keep *builder*'s search index in memory between builds; return its writer.

    Sphinx 9.0.4: ``StandaloneHTMLBuilder.prepare_writing`` makes a new ``IndexBuilder``
    and ``load_indexer`` reads ``searchindex.js`` back from disk before every write;
    ``handle_finish`` queues ``dump_search_index`` and ``dump_inventory`` after it. In a
    long-lived application the index of the last build is still in memory: we hand it
    back (pruned as ``load_indexer`` prunes) and write it only when the returned
    function is called (when the writer pauses). Pruning leaves words of pages written
    again with no page at all (the private ``_mapping`` and ``_title_mapping``); those
    are dropped before writing, so the index is a clean build's.
    """
    kept: dict[str, Any] = {}
    original_load = builder.load_indexer

    def load_indexer(docnames: Any) -> None:
        previous = kept.get("indexer")
        if previous is None:
            original_load(docnames)
        else:
            builder.indexer = previous
            previous.prune(set(builder.env.all_docs).difference(docnames))
        kept["indexer"] = builder.indexer

    def handle_finish() -> None:
        kept["indexer"] = builder.indexer

    def write_index() -> None:
        current = builder.indexer
        builder.indexer = indexer = kept.get("indexer", current)
        if indexer is not None:
            indexer.prune(builder.env.all_docs)
            for mapping in (indexer._mapping, indexer._title_mapping):
                for word in [word for word, pages in mapping.items() if not pages]:
                    del mapping[word]
        try:
            builder.dump_search_index()
            builder.dump_inventory()
        finally:
            builder.indexer = current

    builder.load_indexer = load_indexer  # type: ignore[method-assign]
    builder.handle_finish = handle_finish  # type: ignore[method-assign]
    return write_index


# -- Sphinx: a -j N HTML build that pays on few cores (outputs/parallel.py) -------------

#: The search index's tables keyed by page, and those mapping a word to a set of pages
#: (Sphinx 9.0.4 ``IndexBuilder.feed`` fills exactly these).
SEARCH_PAGE_TABLES = ("_titles", "_filenames", "_all_titles", "_index_entries")
SEARCH_WORD_TABLES = ("_mapping", "_title_mapping")


def deal(items: list[str], parts: int) -> list[list[str]]:
    """*items* dealt round to at most *parts* hands, in order within each hand.

    Dealt rather than cut into runs: the pages of one section (a heavy landing page, a
    run of long guides) are shared out, so the jobs finish at about the same time
    (500 generated pages: readers 7.6 and 8.1 s, where runs gave 8.8 and 10.0 s).
    """
    return [hand for index in range(parts) if (hand := items[index::parts])]


def read_one_chunk_per_process(builder: Builder, *, smallest: int) -> None:
    """Make *builder*'s parallel read fork one process per job, not one per 50 pages.

    Sphinx 9.0.4: ``Builder._read_parallel`` splits the pages with ``make_chunks``
    (chunks of about the square root of 5 x pages per job), forks a process per chunk,
    and each pickles its whole environment back to the main process. At 500 pages and
    ``-j 2`` that is ten forks and ten environments pickled, merged in whichever order
    they finish. With one chunk per job the read takes 8.7 s in place of 10.6 s (15.8 s
    serial). Fewer than *smallest* pages (an edit) are read in this process, sparing a
    fork and an environment pickled. ``tests/core/test_compat.py`` pins the bodies of
    ``_read_parallel`` and ``_read_serial`` by hash.
    """
    import sphinx.builders

    read_parallel = type(builder)._read_parallel

    def _read_parallel(docnames: list[str], nproc: int) -> None:
        if len(docnames) < smallest:
            builder._read_serial(docnames)
            return
        stock = sphinx.builders.make_chunks
        sphinx.builders.make_chunks = lambda arguments, nproc, maxbatch=10: deal(
            list(arguments), nproc
        )
        try:
            read_parallel(builder, docnames, nproc)
        finally:
            sphinx.builders.make_chunks = stock

    builder._read_parallel = _read_parallel  # type: ignore[method-assign]


def write_pages_in_workers(builder: StandaloneHTMLBuilder, *, smallest: int) -> None:
    """Make *builder*'s parallel write resolve and write every page in the workers.

    Sphinx 9.0.4: ``Builder._write_parallel`` loads, resolves and indexes every page in
    the main process and hands the doctrees to ``parallel - 1`` forked writers, so with
    ``-j 2`` one writer and the main process share the work and the write is slower
    than a serial one (11.8 s against 9.3 s at 500 pages). Here the first page is
    written in the main process (as Sphinx does, to warm the caches and run every
    handler once there), then each of ``parallel`` forked workers takes an equal share of
    the rest through Sphinx's own ``_write_docname`` (resolve, ``write_doc_serialized``,
    ``write_doc``) and sends back what those change in the main process's builder: the
    images to copy and its pages' entries of the search index. Warnings travel back as
    in Sphinx (``ParallelTasks``). Fewer than *smallest* pages are written serially.
    """
    from sphinx.builders import _write_docname
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks

    write_documents = builder.write_documents

    def write_one(docname: str) -> None:
        _write_docname(docname, env=builder.env, builder=builder, tags=builder.tags)

    def write_process(docnames: list[str]) -> dict[str, Any]:
        for docname in docnames:
            write_one(docname)
        return _written_state(builder, docnames)

    def merge(docnames: list[str], state: dict[str, Any]) -> None:
        _merge_written_state(builder, state)
        next(progress)

    def write_in_workers(docnames: Any) -> None:
        nproc = builder._app.parallel
        if not builder.parallel_ok or nproc < 2 or len(docnames) < max(smallest, 2):
            builder.parallel_ok = False
            write_documents(docnames)
            return
        first, *rest = sorted(docnames)
        write_one(first)
        chunks = deal(rest, nproc)
        nonlocal progress
        progress = status_iterator(
            chunks, "writing output... ", "darkgreen", len(chunks), builder.config.verbosity
        )
        tasks = ParallelTasks(nproc)
        for chunk in chunks:
            tasks.add_task(write_process, chunk, merge)
        tasks.join()

    progress: Iterator[Any] = iter(())
    builder.write_documents = write_in_workers  # type: ignore[method-assign]


def _written_state(builder: StandaloneHTMLBuilder, docnames: list[str]) -> dict[str, Any]:
    """What writing *docnames* changed in a worker's builder that the main process needs."""
    state: dict[str, Any] = {"images": dict(builder.images)}
    indexer = getattr(builder, "indexer", None)
    if indexer is not None:
        pages = set(docnames)
        state["pages"] = {
            table: {name: getattr(indexer, table)[name] for name in docnames
                    if name in getattr(indexer, table)}
            for table in SEARCH_PAGE_TABLES
        }  # fmt: skip
        state["words"] = {
            table: {word: names & pages for word, names in getattr(indexer, table).items()
                    if not pages.isdisjoint(names)}
            for table in SEARCH_WORD_TABLES
        }  # fmt: skip
    return state


def _merge_written_state(builder: StandaloneHTMLBuilder, state: dict[str, Any]) -> None:
    """Add a worker's :func:`_written_state` to the main process's builder."""
    builder.images.update(state["images"])
    indexer = getattr(builder, "indexer", None)
    if indexer is None or "pages" not in state:
        return
    for table, entries in state["pages"].items():
        getattr(indexer, table).update(entries)
    for table, words in state["words"].items():
        mapping = getattr(indexer, table)
        for word, names in words.items():
            mapping.setdefault(word, set()).update(names)


def wrap_event_handlers(
    app: Sphinx, event: str, module: str, wrap: Callable[[Callable[..., Any]], Callable[..., Any]]
) -> int:
    """Replace each handler of *event* defined in *module* by ``wrap(handler)``; how many.

    Sphinx 9.0.4: ``app.events.listeners[event]`` is a list of ``EventListener``
    named tuples ``(id, handler, priority)``; ``emit`` sorts and calls them. Sphinx has no
    public way to change another extension's handler, which the live preview needs to
    write sphinx-notfound-page's 404 page only when the navigation it shows changed.
    """
    listeners = app.events.listeners[event]
    wrapped = 0
    for position, listener in enumerate(listeners):
        if getattr(listener.handler, "__module__", None) == module:
            listeners[position] = listener._replace(handler=wrap(listener.handler))
            wrapped += 1
    return wrapped


# -- sphinx-sitemap: the queue of the sitemap's pages (site/findable.py) -------------

SITEMAP_MODULE = "sphinx_sitemap"


def sort_sitemap_links(app: Sphinx) -> None:
    """Put the pages sphinx-sitemap recorded back in its queue, in address order.

    sphinx-sitemap 2.9.0 writes ``sitemap.xml`` in the order pages were written, which in
    a parallel build is the order the workers finish: the same site would give a
    different file each build. Its ``create_sitemap`` (``build-finished``) drains
    ``app.sitemap_links`` with ``get_nowait``; call this before it.
    """
    links = getattr(app, "sitemap_links", None)
    if links is None:
        return
    entries = []
    while True:
        try:
            entries.append(links.get_nowait())
        except queue.Empty:
            break
    for entry in sorted(entries, key=lambda entry: entry[0]):
        links.put(entry)


def serial_sitemap_queue(app: Sphinx) -> None:
    """Give sphinx-sitemap a plain queue when every page is written in this process.

    sphinx-sitemap 2.9.0: its one ``builder-inited`` handler, ``record_builder_type``,
    sets ``env.is_directory_builder`` and ``app.sitemap_links = Manager().Queue()``, a
    queue served by a helper process so that forked parallel writers can all put to it;
    ``add_html_link`` puts each page, ``create_sitemap`` takes them with ``empty`` and
    ``get_nowait``. Starting that process costs every build 30-40 ms (more than anything
    else a build with nothing to do runs at ``builder-inited``); a serial build gets a
    ``queue.Queue``, which answers the same three calls. Called before ``builder-inited``;
    ``tests/core/test_compat.py`` pins the handler's body by hash.
    """

    def serial(record: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(record)
        def record_builder_type(app: Sphinx) -> None:
            builder = getattr(app, "builder", None)
            if app.parallel > 1 or builder is None:
                record(app)
                return
            builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
            app.sitemap_links = queue.Queue()

        return record_builder_type

    if wrap_event_handlers(app, "builder-inited", SITEMAP_MODULE, serial) != 1:
        raise CompatError(
            "sphinx-sitemap", "record_builder_type is not its one builder-inited handler"
        )
