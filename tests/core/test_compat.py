"""Each function of ``core/compat.py`` against the installed packages, loudly.

A failure here means a pinned package changed: re-check the compat function named in the
test (and its comment's version) before updating the pin.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
import warnings
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import furo
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from myst_parser.mdit_to_docutils.transforms import AddSlugIds
from myst_parser.slugs import github_slugify
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.deprecation import RemovedInSphinx11Warning
from sphinx.project import Project
from sphinx.search import IndexBuilder
from sphinx.util.docutils import docutils_namespace
from sphinx.writers.html5 import HTML5Translator

from cx_handbook.core import compat
from helpers import REPO_ROOT, ROOTS

FURO_THEME = Path(furo.__file__).parent / "theme" / "furo"
#: sha256 of furo 2025.12.19's templates that _templates/page.html rebuilds the frame of.
FURO_TEMPLATE_HASHES = {
    "page.html": "ad8bad98317b2e09e018cde7113e90a32b3a87e0440cfab385d1bb7ca1c9cd6d",
    "base.html": "c6b65a3fc4089f835cc613050c1aeaf2eecbdb66118195291c5ce7651e7095de",
}


def pinned_versions() -> dict[str, str]:
    pins = {}
    for line in (REPO_ROOT / "requirements.txt").read_text().splitlines():
        name, sep, pin = line.partition("==")
        if sep:
            pins[name.strip().lower()] = pin.strip()
    return pins


@pytest.mark.parametrize("package", sorted(compat.CHECKED_VERSIONS))
def test_installed_version_is_the_one_compat_was_checked_against(package: str) -> None:
    checked = compat.CHECKED_VERSIONS[package]
    assert compat.installed_version(package) == checked, f"re-check core/compat.py for {package}"
    assert pinned_versions()[package] == checked, "requirements.txt and compat disagree"


@pytest.mark.parametrize("template", sorted(FURO_TEMPLATE_HASHES))
def test_furo_templates_our_page_html_follows_are_unchanged(template: str) -> None:
    digest = hashlib.sha256((FURO_THEME / template).read_bytes()).hexdigest()
    assert digest == FURO_TEMPLATE_HASHES[template], (
        f"furo's {template} changed: compare it with _templates/page.html and keep ours in step"
    )


# -- a small real build: Sphinx, MyST and the helpers we recognise ----------------------

INDEX = """\
# Home page

```{toctree}
:caption: Guide pages
:glob:

second
third*
```

## A heading here
"""


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory) -> SimpleNamespace:
    src = tmp_path_factory.mktemp("compat")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser"]\nhtml_theme = "basic"\nmyst_heading_anchors = 2\n'
    )
    (src / "index.md").write_text(INDEX)
    for name in ("second", "third-a", "third-b"):
        (src / f"{name}.md").write_text(f"# Page {name}\n")
    seen = SimpleNamespace(helpers={}, toctrees=[], slugs=None, myst=None)
    with docutils_namespace():  # a module-wide app: leave docutils' registries as found
        app = Sphinx(
            src,
            src,
            src / "_build",
            src / "_build" / ".doctrees",
            "html",
            status=StringIO(),
            warning=StringIO(),
            freshenv=True,
        )

        def read(app, doctree):
            if app.env.docname == "index":
                seen.toctrees = [dict(t.attributes) for t in doctree.findall(addnodes.toctree)]
                seen.slugs = dict(app.env.metadata["index"].get("myst_slugs", {}))
                seen.myst = compat.myst_config(app.env)

        def page(app, pagename, templatename, context, doctree):
            seen.helpers[pagename] = context.get("toctree")

        app.connect("doctree-read", read)
        app.connect("html-page-context", page)
        app.build()
    seen.app = app
    seen.html = (src / "_build" / "index.html").read_text()
    return seen


def test_the_page_toctree_helper_is_recognised_as_sphinxs(tiny_build) -> None:
    helper = tiny_build.helpers["index"]
    assert compat.is_sphinx_toctree(helper), compat.toctree_helper_origin(helper)
    assert not compat.is_sphinx_toctree(lambda **kwargs: "")
    assert not compat.is_notfound_toctree(helper)


def test_notfound_hands_its_404_page_a_toctree_of_its_own() -> None:
    from notfound import extension

    source = inspect.getsource(extension)
    assert "context['toctree'] = toctree" in source
    assert extension.__name__ == compat.NOTFOUND_TOCTREE_MODULE


def test_toctree_entries_are_what_the_collector_reads(tiny_build) -> None:
    (toctree,) = tiny_build.toctrees
    expected = [(None, "second"), (None, "third-a"), (None, "third-b")]
    assert toctree["entries"] == expected
    assert toctree["includefiles"] == ["second", "third-a", "third-b"]
    assert tiny_build.app.env.toctree_includes["index"] == toctree["includefiles"]


def test_set_toctree_entries_keeps_includefiles_in_entry_order() -> None:
    node = addnodes.toctree(entries=[(None, "a"), ("X", "https://x.gov"), (None, "b")])
    node["includefiles"] = ["a", "b"]
    assert compat.toctree_entries(node) == node["entries"]
    compat.set_toctree_entries(node, [(None, "b"), ("X", "https://x.gov"), (None, "a")])
    assert node["includefiles"] == ["b", "a"]
    assert node["entries"][0] == (None, "b")


def test_sphinx_writes_the_caption_tag_compat_amends(tiny_build) -> None:
    assert f'{compat.SPHINX_CAPTION_START}<span class="caption-text">Guide pages' in (
        tiny_build.html
    )
    body = ["<div>", compat.SPHINX_CAPTION_START, '<span class="caption-text">']
    compat.add_caption_level(body, 1, "2")
    assert body[1] == '<p aria-level="2" class="caption" role="heading">'
    with pytest.raises(compat.CompatError, match=r"sphinx 9\.0\.4"):
        compat.add_caption_level(["<div>", '<span class="caption">'], 1, "2")


def test_is_toctree_caption_matches_sphinxs_own_test() -> None:
    source = inspect.getsource(HTML5Translator.visit_title)
    assert "isinstance(node.parent, addnodes.compact_paragraph)" in source
    assert "CLASS='caption', ROLE='heading'" in source
    caption = nodes.title("", "Guide")
    addnodes.compact_paragraph("", "", caption, toctree=True)
    assert compat.is_toctree_caption(caption)
    assert not compat.is_toctree_caption(nodes.section("", nodes.title("", "x"))[0])


def test_the_writer_reads_flat_number_tables_for_a_builder_not_named_singlehtml() -> None:
    section = nodes.section(ids=["goals"])
    section += nodes.title("", "Goals")
    builder = SimpleNamespace(name="handbookpdf", secnumbers={})
    writer = SimpleNamespace(builder=builder, docnames=["index"])
    builder.secnumbers = {compat.section_number_key("goals"): (2, 1)}
    assert HTML5Translator.get_secnumber(writer, section[0]) == (2, 1)
    builder.name = "singlehtml"  # the builder name Sphinx keys by docname instead
    assert HTML5Translator.get_secnumber(writer, section[0]) is None

    figure = nodes.figure(ids=["map"])
    domain = SimpleNamespace(get_enumerable_node_type=lambda node: "figure")
    figure_writer = SimpleNamespace(
        builder=SimpleNamespace(
            name="handbookpdf", fignumbers={compat.figure_number_key("figure"): {"map": (3,)}}
        ),
        docnames=["index"],
        body=[],
        config=SimpleNamespace(numfig_format={"figure": "Fig. %s"}),
        _domains=SimpleNamespace(standard_domain=domain),
    )
    HTML5Translator.add_fignumber(figure_writer, figure)
    assert "".join(figure_writer.body) == '<span class="caption-number">Fig. 3 </span>'


def test_myst_config_and_slug_function(tiny_build) -> None:
    config = tiny_build.myst
    assert type(config).__name__ == "MdParserConfig"
    assert config.heading_anchors == 2
    assert config.heading_slug_func is None
    assert compat.heading_slug_func(tiny_build.app.env) is github_slugify
    with pytest.raises(compat.CompatError, match=r"myst-parser 5\.2\.0"):
        compat.myst_config(SimpleNamespace())


def test_myst_keeps_page_slugs_in_the_metadata_compat_preserves(tiny_build) -> None:
    assert "a-heading-here" in tiny_build.slugs
    env = SimpleNamespace(docname="p", metadata={"p": {"myst_slugs": {"kept": 1}}})
    with compat.page_slugs_kept(env):
        env.metadata["p"]["myst_slugs"] = {"overwritten": 1}
    assert env.metadata["p"]["myst_slugs"] == {"kept": 1}


def test_a_slug_attribute_becomes_an_id_through_mysts_transform() -> None:
    document = new_document("test", get_default_settings(Parser))
    rubric = nodes.rubric("", "0-6 months", ids=["phase"])
    document += rubric
    compat.set_heading_slug(rubric, "0-6-months")
    AddSlugIds(document).apply()
    assert rubric["ids"] == ["phase", "0-6-months"]


# -- furo ------------------------------------------------------------------------------


def test_furo_computes_its_tree_as_compat_expects() -> None:
    compat.check_furo_navigation()  # raises CompatError otherwise
    html = (
        '<ul><li class="toctree-l1"><a class="reference internal" href="a.html">A</a>'
        '<ul><li class="toctree-l2"><a class="reference internal" href="b.html">B</a></li>'
        "</ul></li></ul>"
    )
    soup = BeautifulSoup(compat.furo_navigation_tree(html), "html.parser")
    parent = soup.select_one("li.toctree-l1")
    assert "has-children" in parent["class"]
    box = parent.find("input", class_="toctree-checkbox", recursive=False)
    assert box is not None and box.get("type") == "checkbox"
    assert parent.find("label", recursive=False)["for"] == box["id"]
    assert compat.furo_navigation_tree("") == ""


def test_a_furo_calling_toctree_differently_stops_the_build(monkeypatch) -> None:
    def changed(context):
        return context["toctree"](collapse=True, titles_only=True, maxdepth=-1)

    monkeypatch.setattr(furo, "_compute_navigation_tree", changed)
    with pytest.raises(compat.CompatError, match=r"furo 2025\.12\.19.*expected"):
        compat.check_furo_navigation()


# -- nothing of ours uses what Sphinx 11 removes ----------------------------------------


def test_our_extension_uses_nothing_sphinx_11_removes(tmp_path) -> None:
    root = ROOTS / "test-navigation"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=RemovedInSphinx11Warning, module=r"cx_handbook\.")
        app = Sphinx(
            root,
            root,
            tmp_path / "out",
            tmp_path / "doctrees",
            "html",
            status=StringIO(),
            warning=StringIO(),
            freshenv=True,
        )
        app.build()
    assert app.statuscode == 0


def test_add_generated_document_reads_outside_srcdir_and_names_no_absolute_path(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "docs"
    srcdir.mkdir()
    source = tmp_path / "_build" / ".doctrees" / "_cx_generated" / "topics" / "cx.md"
    source.parent.mkdir(parents=True)
    source.write_text("# CX\n", encoding="utf-8")
    project = Project(srcdir, [".md"])

    compat.add_generated_document(project, "topics/cx", source)

    assert "topics/cx" in project.docnames
    assert Path(project.doc2path("topics/cx", absolute=True)).resolve() == source.resolve()
    relative = str(project.doc2path("topics/cx", absolute=False))
    assert not Path(relative).is_absolute()
    assert str(tmp_path) not in relative
    assert relative.endswith("_cx_generated/topics/cx.md")
    assert project.path2doc(relative) == "topics/cx"


def test_search_index_keeps_the_filename_set_for_a_page(tmp_path: Path) -> None:
    """``IndexBuilder`` still stores file names in ``_filenames`` and dumps them."""
    indexer = object.__new__(IndexBuilder)  # its constructor needs a whole environment
    builder = SimpleNamespace(indexer=indexer)
    assert "self._filenames[docname] = " in inspect.getsource(IndexBuilder.feed)
    indexer._filenames = {"topics/cx": "../_build/x/topics/cx.md"}
    compat.set_search_filename(builder, "topics/cx", "topics/cx.md")
    assert builder.indexer._filenames == {"topics/cx": "topics/cx.md"}
    # ``freeze`` (what ``dump`` writes) still takes the file names from there.
    assert "self._filenames" in inspect.getsource(IndexBuilder.freeze)


# -- the live preview's one long-lived application (tools/liveserver.py) --------------

#: sha256 of Sphinx 9.0.4's methods whose bodies build_update_keeping_environment copies.
SPHINX_BUILD_HASHES = {
    "build": "98501f7f3c98d44a7fcf11f25297aefeed61292a474d668c7af079a2e71e7f19",
    "build_update": "c7e75df5e778cc9313c472d4dd788c0bd48479f6b0a28a203ad6e9ee4b8e1b7e",
}


@pytest.mark.parametrize("method", sorted(SPHINX_BUILD_HASHES))
def test_the_build_methods_the_live_build_copies_are_unchanged(method: str) -> None:
    from sphinx.builders import Builder

    source = inspect.getsource(getattr(Builder, method))
    assert hashlib.sha256(source.encode()).hexdigest() == SPHINX_BUILD_HASHES[method], (
        f"Builder.{method} changed: copy it again into build_update_keeping_environment"
    )


def test_the_environment_caches_doctrees_where_compat_forgets_them() -> None:
    from sphinx.environment import BuildEnvironment

    assert "self._pickled_doctree_cache[docname]" in inspect.getsource(BuildEnvironment.get_doctree)
    assert isinstance(
        inspect.getattr_static(BuildEnvironment, "master_doctree"), functools.cached_property
    )
    env = object.__new__(BuildEnvironment)
    env._pickled_doctree_cache = {"index": b"old"}
    env.__dict__["master_doctree"] = "old"
    compat.forget_cached_doctrees(env)
    assert env._pickled_doctree_cache == {}
    assert "master_doctree" not in env.__dict__


def test_the_html_builder_loads_and_dumps_its_index_where_compat_defers_it() -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert "self.load_indexer(docnames)" in inspect.getsource(StandaloneHTMLBuilder.prepare_writing)
    handle_finish = inspect.getsource(StandaloneHTMLBuilder.handle_finish)
    assert "self.dump_search_index" in handle_finish
    assert "self.dump_inventory" in handle_finish
    for mapping in ("self._mapping", "self._title_mapping"):
        assert mapping in inspect.getsource(IndexBuilder.prune)
        assert mapping in inspect.getsource(IndexBuilder.get_terms)  # what dump writes


def test_another_extensions_handler_can_be_wrapped() -> None:
    from sphinx.events import EventListener, EventManager

    assert EventListener._fields == ("id", "handler", "priority")
    assert "self.listeners[name]" in inspect.getsource(EventManager.emit)
    import notfound.extension

    assert notfound.extension.html_collect_pages.__module__ == "notfound.extension"
    calls: list[str] = []
    app = SimpleNamespace(events=SimpleNamespace(listeners={"e": []}))
    app.events.listeners["e"].append(EventListener(1, notfound.extension.html_collect_pages, 500))

    def wrap(handler):
        return lambda app: calls.append(handler.__name__)

    assert compat.wrap_event_handlers(app, "e", "notfound.extension", wrap) == 1
    app.events.listeners["e"][0].handler(app)
    assert calls == ["html_collect_pages"]


# -- sphinx-sitemap's queue (site/findable.py) -----------------------------------------

#: sha256 of sphinx-sitemap 2.9.0's handler whose body serial_sitemap_queue repeats.
SITEMAP_RECORD_HASH = "466ad5192a92d0ff53b33d691e119566d52aaf0cf71ff010f81156c7a687f058"


def test_the_sitemap_handler_serial_sitemap_queue_repeats_is_unchanged() -> None:
    import sphinx_sitemap

    source = inspect.getsource(sphinx_sitemap.record_builder_type)
    assert hashlib.sha256(source.encode()).hexdigest() == SITEMAP_RECORD_HASH, (
        "sphinx-sitemap's record_builder_type changed: repeat it in serial_sitemap_queue"
    )
    # The three calls the sitemap makes on its queue, which queue.Queue answers too.
    assert ".sitemap_links.put(" in inspect.getsource(sphinx_sitemap.add_html_link)
    create = inspect.getsource(sphinx_sitemap.create_sitemap)
    assert ".sitemap_links.empty()" in create
    assert ".sitemap_links.get_nowait()" in create


@pytest.mark.parametrize(("parallel", "manager"), [(1, False), (2, True)])
def test_only_a_parallel_build_starts_the_sitemaps_queue_process(
    monkeypatch, parallel: int, manager: bool
) -> None:
    import queue

    import sphinx_sitemap
    from sphinx.events import EventListener

    started: list[bool] = []
    managed = SimpleNamespace(Queue=lambda: "managed queue")
    monkeypatch.setattr(sphinx_sitemap, "Manager", lambda: started.append(True) or managed)
    app = SimpleNamespace(
        parallel=parallel,
        events=SimpleNamespace(listeners={"builder-inited": []}),
        extensions={"sphinx_sitemap": None},
    )
    app.builder = SimpleNamespace(env=SimpleNamespace(app=app))
    listener = EventListener(1, sphinx_sitemap.record_builder_type, 500)
    app.events.listeners["builder-inited"].append(listener)
    compat.serial_sitemap_queue(app)
    app.events.listeners["builder-inited"][0].handler(app)
    assert bool(started) is manager
    assert isinstance(app.sitemap_links, queue.Queue) is not manager
    assert app.builder.env.is_directory_builder is False


def test_a_sitemap_without_its_handler_stops_the_build() -> None:
    app = SimpleNamespace(events=SimpleNamespace(listeners={"builder-inited": []}))
    with pytest.raises(compat.CompatError, match="sphinx-sitemap"):
        compat.serial_sitemap_queue(app)


# -- a -j N build that pays on few cores (outputs/parallel.py) --------------------------

#: sha256 of Sphinx 9.0.4's code that read_one_chunk_per_process and
#: write_pages_in_workers stand in for or call: what the main process must get back
#: from a worker (images, the search index's tables) is read off these bodies.
SPHINX_PARALLEL_HASHES = {
    "Builder._read_parallel": "d9e655ec9d49afee63308c6a0174a8d68fa341b929a4e421ce1d8966dfa2ecab",
    "Builder._read_serial": "15d677529451d1e2b9390514a9d3902c05b810b2434bfd1f00542ac88c500608",
    "Builder._write_parallel": "3ea209a4e854b6097c4b4441fe96c4583063da9f854004bde8255971aa453fbe",
    "Builder.write_documents": "8bedf99edbb2e71f96ce29c373aee53ed4d6bfa02d4e965a73ef105451224532",
    "_write_docname": "b15f93fe8a33c9ca8b8a9c285e59a61fd9e90b3438b7d8e6ea59c720c1b82e21",
    "IndexBuilder.feed": "056af53b330d8dac4d0d499a39e57cffbc1aec743757f0fd2d59034635611a48",
    "StandaloneHTMLBuilder.write_doc_serialized": (
        "1ed76ac0a1a3aec730f806a990f6558a762b25f247c3a63e709db79f53ac5739"
    ),
}


@pytest.mark.parametrize("name", sorted(SPHINX_PARALLEL_HASHES))
def test_the_code_the_parallel_build_relies_on_is_unchanged(name: str) -> None:
    import sphinx.builders
    from sphinx.builders.html import StandaloneHTMLBuilder

    owners = {
        "Builder": sphinx.builders.Builder,
        "IndexBuilder": IndexBuilder,
        "StandaloneHTMLBuilder": StandaloneHTMLBuilder,
    }
    owner, _, attribute = name.rpartition(".")
    code = getattr(owners[owner], attribute) if owner else getattr(sphinx.builders, name)
    source = inspect.getsource(code)
    assert hashlib.sha256(source.encode()).hexdigest() == SPHINX_PARALLEL_HASHES[name], (
        f"Sphinx's {name} changed: re-check compat.read_one_chunk_per_process and "
        "compat.write_pages_in_workers (what a worker must send back)"
    )


def test_feed_fills_exactly_the_tables_a_worker_sends_back() -> None:
    source = inspect.getsource(IndexBuilder.feed)
    filled = set(re.findall(r"self\.(_\w+)\[docname\] = ", source))
    filled |= set(re.findall(r"self\.(_\w+)\.setdefault\(", source))
    assert filled == {*compat.SEARCH_PAGE_TABLES, *compat.SEARCH_WORD_TABLES}


def test_sort_sitemap_links_orders_the_queue_by_address() -> None:
    import queue

    links: queue.Queue = queue.Queue()
    for entry in (("b.html", None), ("a.html", "2026-01-01"), ("c/index.html", None)):
        links.put(entry)
    app = SimpleNamespace(sitemap_links=links)
    compat.sort_sitemap_links(app)
    drained = [links.get_nowait() for _ in range(3)]
    assert [link for link, _ in drained] == ["a.html", "b.html", "c/index.html"]
    assert drained[0] == ("a.html", "2026-01-01")
