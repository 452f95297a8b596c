"""Prototype and measure the two routes to a PDF that scales (issue #15), on the same pages.

    .venv/bin/python bench/pdf_routes.py 100 500                  # every step, both sizes
    .venv/bin/python bench/pdf_routes.py 100 --steps prepare,weasy
    .venv/bin/python bench/pdf_routes.py 500 --typst-python /tmp/pdfvenv/bin/python
    .venv/bin/python bench/pdf_routes.py 500 --steps typst-parts

For each size N, bench/generate.py writes the synthetic handbook into
``bench/out/pdf-routes/site-N`` and then:

``prepare``  runs the ``handbookpdf`` builder in this process with WeasyPrint switched off:
             it writes the book's HTML (``book/index.html``) as ``make pdf`` does, and
             pickles the assembled whole-book doctree (``book.doctree``) for the Typst
             route. This is the part both routes share (reading, transforms, assembly).
``weasy``    route (a): splits the book's HTML into chunks (the cover and contents, then
             consecutive chapters of about ``--chunk-pages`` source pages, never splitting
             a chapter) and renders each chunk in its own WeasyPrint process. Every
             chunk's CPU time, peak RSS and PDF pages are measured; the estimate of wall
             time on 2 processes is a greedy 2-way schedule of the chunk CPU times. It
             then merges the chunks with pikepdf (structure trees, ParentTree, bookmarks)
             and measures that too (``merge``).
``typst``    route (b): converts the pickled doctree to Typst markup (a minimal writer:
             sections, paragraphs, lists, links, tables, code, emphasis, admonitions,
             cover, outline, running header and "Page N of M" footer), then compiles it
             with the PyPI ``typst`` package (in ``--typst-python``, a separate venv:
             ``python3 -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install typst==0.15.0``)
             with PDF/UA-1 on. It times the conversion and the compile separately, then
             the route end to end as a builder would run it (``sphinx-build`` assembling
             the book's doctree and writing Typst instead of HTML, then the compile).
``typst-parts``  (not in the default steps; needs ``typst``'s ``book.typ``) compiles the
             book as separate Typst documents of two parts (sections) each, one process
             per document, to show the memory of a split compile; merge them with
             ``--child merge OUT.pdf site-N/part-*/typst.pdf``.
``check``    runs the pdfua validator and the pikepdf checks of tests/helpers.py on each
             PDF produced, and checks every page's and annotation's ParentTree entry
             (what a merge renumbers).

Every measured step runs as a child process under ``/usr/bin/time -v``: CPU time is user +
sys of the child and its children, peak RSS is the largest single process (ru_maxrss).
CPU time is what to compare on a shared machine; wall time is printed but noisy. Results
go to ``bench/out/pdf-routes/results.json`` and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "pdf-routes"
sys.path.insert(0, str(BENCH))


# -- measuring ---------------------------------------------------------------------------


def timed(command: list[str], label: str, log: Path | None = None) -> dict:
    """Run *command* under ``/usr/bin/time -v``; its CPU seconds, peak MB and wall seconds."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if log is not None:
        log.write_text(proc.stdout + proc.stderr, "utf-8")
    fields = dict(re.findall(r"^\s*(.+?): (.+)$", proc.stderr, re.MULTILINE))
    if proc.returncode != 0:
        sys.exit(f"{label} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    peak = int(fields["Maximum resident set size (kbytes)"]) / 1024
    result = {"label": label, "cpu_s": round(cpu, 2), "peak_mb": round(peak), "wall_s": wall}
    out = proc.stdout.strip().splitlines()
    if out and out[-1].startswith("{"):
        result.update(json.loads(out[-1]))
    print(f"  {label}: cpu {cpu:.1f} s, peak {peak:.0f} MB, wall {wall:.1f} s", flush=True)
    return result


def two_process_wall(cpu_times: list[float]) -> float:
    """Wall time of running jobs of *cpu_times* in order on 2 processes (greedy, no overhead)."""
    lanes = [0.0, 0.0]
    for cpu in cpu_times:
        lanes[lanes.index(min(lanes))] += cpu
    return max(lanes)


# -- prepare: the shared part (children) -------------------------------------------------


def child_prepare(site: Path) -> None:
    """Build the book's HTML and pickle its doctree, WeasyPrint switched off."""
    sys.path.insert(0, str(REPO / "_ext"))
    from sphinx.application import Sphinx

    from cx_handbook.outputs import pdf

    kept: dict = {}
    assemble = pdf.HandbookPDFBuilder.assemble_doctree

    def assemble_and_keep(self):  # type: ignore[no-untyped-def]
        tree = assemble(self)
        kept["tree"] = tree
        return tree

    def no_pdf(self):  # type: ignore[no-untyped-def]
        chapters = [(c.docname, c.title, c.depth) for c in self.chapters]
        tree = kept["tree"]
        tree.settings.env = None
        tree.reporter = None
        tree.transformer = None
        with (site / "book.doctree").open("wb") as handle:
            pickle.dump({"tree": tree, "chapters": chapters, "renamed": self.renamed_ids}, handle)

    pdf.HandbookPDFBuilder.assemble_doctree = assemble_and_keep
    pdf.HandbookPDFBuilder.write_pdf = no_pdf
    app = Sphinx(
        str(site / "docs"),
        str(REPO),
        str(site / "book"),
        str(site / "doctrees"),
        "handbookpdf",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()


def prepare(pages: int) -> dict:
    from generate import generate

    site = OUT / f"site-{pages}"
    generate(pages, site)
    print(f"{pages} pages: prepare", flush=True)
    return timed([sys.executable, __file__, "--child", "prepare", str(site)], "prepare (HTML)")


# -- route (a): WeasyPrint per chunk of chapters, merged with pikepdf ----------------------

CHAPTER = '<div class="cx-chapter '


def split_book(html: str, chunk_pages: int) -> list[str]:
    """The book's HTML as chunks: cover and contents, then runs of whole chapters.

    ``lay_out_book`` makes every page a sibling ``div.cx-chapter`` in ``main``, so the
    chapters split on their opening tags. Each chunk keeps the book's ``<head>``
    (stylesheets, fonts, metadata).
    """
    head, _, body = html.partition("<body>")
    front, _, main = body.partition('<main class="cx-book">')
    main, _, _tail = main.rpartition("</main>")
    starts = [m.start() for m in re.finditer(re.escape(CHAPTER), main)]
    chapters = [main[a:b] for a, b in zip(starts, [*starts[1:], len(main)], strict=True)]
    opening = main[: starts[0]]
    chunks = [f"{head}<body>{front}</body></html>"]
    run: list[str] = []
    for chapter in chapters:
        run.append(chapter)
        if len(run) >= chunk_pages:
            chunks.append(run)
            run = []
    if run:
        chunks.append(run)
    documents = [chunks[0]]
    for index, run in enumerate(chunks[1:]):
        prefix = opening if index == 0 else ""
        documents.append(
            f'{head}<body><main class="cx-book">{prefix}{"".join(run)}</main></body></html>'
        )
    return documents


def child_weasy(source: Path, target: Path) -> None:
    """Render one chunk's HTML to a PDF/UA-1 file; print its page count as JSON."""
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from weasyprint import HTML

    document = HTML(filename=str(source)).render()
    document.write_pdf(str(target), pdf_variant="pdf/ua-1", pdf_identifier=None)
    print(json.dumps({"pdf_pages": len(document.pages)}))


def child_merge(target: Path, *parts: Path) -> None:
    """Merge chunk PDFs with the builder's merge (``cx_handbook.outputs.pdf_merge``).

    It was prototyped here: structure trees, ParentTree renumbering, bookmarks, named
    destinations and the ``IDTree``; the package's version also resolves links across
    parts and keeps table-cell ids unique.
    """
    sys.path.insert(0, str(REPO / "_ext"))
    from cx_handbook.outputs.pdf_merge import merge_parts

    print(json.dumps({"pdf_pages": merge_parts(list(parts), target)}))


def route_weasy(pages: int, chunk_pages: int, jobs: int) -> dict:
    """Render every chunk (``jobs`` at a time), then merge; the figures."""
    from concurrent.futures import ThreadPoolExecutor

    site = OUT / f"site-{pages}"
    book = site / "book"
    html = (book / "index.html").read_text("utf-8")
    chunks = split_book(html, chunk_pages)
    paths = []
    for index, text in enumerate(chunks):
        # Beside index.html, so _static/ and relative URLs resolve as in the book.
        path = book / f"chunk-{index:03d}.html"
        path.write_text(text, "utf-8")
        paths.append(path)
    print(f"{pages} pages: WeasyPrint, {len(chunks)} chunks of <= {chunk_pages} chapters")
    start = time.perf_counter()

    def render(path: Path) -> dict:
        command = [sys.executable, __file__, "--child", "weasy", str(path)]
        return timed([*command, str(path.with_suffix(".pdf"))], path.stem)

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(render, paths))
    render_wall = time.perf_counter() - start
    merge = timed(
        [sys.executable, __file__, "--child", "merge", str(site / "weasy-merged.pdf"),
         *(str(p.with_suffix(".pdf")) for p in paths)],
        "merge",
    )  # fmt: skip
    cpus = [r["cpu_s"] for r in results]
    return {
        "chunks": results,
        "merge": merge,
        "render_cpu_s": round(sum(cpus), 1),
        "render_peak_mb": max(r["peak_mb"] for r in results),
        "render_wall_s": round(render_wall, 1),
        "estimated_wall_2_processes_s": round(two_process_wall(cpus) + merge["cpu_s"], 1),
        "pdf_pages": merge.get("pdf_pages"),
        "pdf": str(site / "weasy-merged.pdf"),
    }


# -- route (b): a doctree -> Typst writer, compiled by the typst package -------------------

TYPST_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~=\-+/'\"])")


def typst_text(text: str) -> str:
    """*text* as Typst markup that prints exactly it."""
    return TYPST_SPECIAL.sub(r"\\\1", " ".join(text.split()) if "\n" in text else text)


def typst_label(name: str) -> str:
    """An id as a Typst label name (letters, digits, ``_-.:`` only)."""
    return re.sub(r"[^\w.:-]", ":", name)


def typst_string(text: str) -> str:
    """*text* as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


TYPST_PREAMBLE = """\
#set document(title: {title}, author: {author}, keywords: {keywords})
#set text(lang: {lang}, font: ("Source Sans 3", "DejaVu Sans"), size: 10.5pt, fill: rgb("#1b1b1b"))
#set par(justify: false, leading: 0.6em, spacing: 0.9em)
#show heading: set text(font: ("Public Sans", "DejaVu Sans"), fill: rgb("#1a4480"))
#show heading.where(level: 1): set text(size: 24pt)
#show heading.where(level: 2): set text(size: 20pt)
#show heading.where(level: 3): set text(size: 15pt)
#show heading.where(level: 4): set text(size: 12pt)
#show raw: set text(font: ("Source Code Pro", "DejaVu Sans Mono"), size: 0.86em)
#show link: set text(fill: rgb("#005ea2"))
#let chapter = state("chapter", "")
#set page(
  paper: "us-letter",
  numbering: "1",
  margin: (x: 0.9in, top: 0.9in, bottom: 0.8in),
  header: context {{
    set text(size: 8.5pt, fill: rgb("#5c5c5c"))
    [{title_markup} #h(1fr) #chapter.get()]
  }},
  footer: context {{
    set text(size: 8.5pt, fill: rgb("#3d3d3d"))
    h(1fr)
    [{page_footer}]
  }},
)
// cx-front
#page(header: none, footer: none)[
  #v(2in)
  #text(size: 14pt)[{organization}]
  #v(1em)
  #text(size: 36pt, weight: "bold", fill: rgb("#1a4480"))[{title_markup}]
  #v(1em)
  #text(size: 16pt)[{subtitle}]
  #v(1fr)
  {edition}
]
#outline(title: [{contents}], depth: {outline_depth})
// cx-body
"""


class TypstWriter:
    """The assembled book's doctree as Typst markup (the prototype's subset).

    Headings: a chapter's page title is a heading of the chapter's depth (parts 1,
    pages 2), its sections go deeper and stay out of the contents. Only ids that a
    reference points at get a label; an internal link prints " (page N)" with Typst's
    own ``ref(<label>, form: "page")``. (A ``context`` block per link that asks
    ``counter(page).at(<label>)`` or ``locate(<label>).page()`` made the compile
    superlinear: 2.2 s at 100 pages, 18.7 s at 500; ``ref`` stays linear.)
    """

    def __init__(self, referenced: set[str], words: dict[str, str]) -> None:
        self.referenced = referenced
        self.words = words
        self.out: list[str] = []
        self.depth = 0
        self.section_level = 0
        self.pending = ""

    def label(self, node) -> str:  # type: ignore[no-untyped-def]
        ids = [i for i in node.get("ids", []) if i in self.referenced]
        return "".join(f" #metadata(none) <{typst_label(i)}>" for i in ids)

    def visit_start_of_file(self, node) -> None:  # type: ignore[no-untyped-def]
        self.pending = f"document-{node['docname']}"
        self.children(node)

    def walk(self, node) -> None:  # type: ignore[no-untyped-def]
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            self.children(node)
        else:
            method(node)

    def children(self, node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            self.walk(child)

    def inline(self, node) -> str:  # type: ignore[no-untyped-def]
        saved, self.out = self.out, []
        self.children(node)
        text, self.out = "".join(self.out), saved
        return text

    # blocks
    def visit_container(self, node) -> None:  # type: ignore[no-untyped-def]
        from docutils import nodes

        classes = node.get("classes", [])
        depth = next((c for c in classes if c.startswith("cx-depth-")), None)
        if depth is not None:
            self.depth = int(depth.rsplit("-", 1)[1])
            self.section_level = 0
            if self.depth == 1:
                self.out.append("\n// cx-part\n")
            # The running header reads the state at the top of its page: update it
            # before the break so a chapter's first page shows its own title.
            title = node.next_node(nodes.title)
            plain = typst_string(title.astext() if title is not None else "")
            self.out.append(f"\n#chapter.update({plain})\n#pagebreak(weak: true)\n")
        self.out.append(self.label(node))
        self.children(node)

    def visit_section(self, node) -> None:  # type: ignore[no-untyped-def]
        self.section_level += 1
        self.out.append(self.label(node))
        self.children(node)
        self.section_level -= 1

    def visit_title(self, node) -> None:  # type: ignore[no-untyped-def]
        text = self.inline(node)
        if self.section_level == 1:
            level = max(1, self.depth)
            self.out.append(f"\n#heading(level: {level}, outlined: true)[{text}]")
            if self.pending in self.referenced:
                self.out.append(f" <{typst_label(self.pending)}>")
            self.pending = ""
            self.out.append("\n")
        else:
            level = max(1, self.depth) + self.section_level - 1
            self.out.append(f"\n#heading(level: {min(level, 6)}, outlined: false)[{text}]\n")

    def visit_paragraph(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append("\n" + self.label(node) + self.inline(node).strip() + "\n")

    def visit_rubric(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append(f"\n#strong[{self.inline(node)}]\n")

    def _list(self, node, function: str) -> None:  # type: ignore[no-untyped-def]
        items = [f"[{self.inline(item)}]" for item in node.children]
        self.out.append(f"\n#{function}({', '.join(items)})\n")

    def visit_bullet_list(self, node) -> None:  # type: ignore[no-untyped-def]
        self._list(node, "list")

    def visit_enumerated_list(self, node) -> None:  # type: ignore[no-untyped-def]
        self._list(node, "enum")

    def visit_literal_block(self, node) -> None:  # type: ignore[no-untyped-def]
        lang = node.get("language", "")
        self.out.append(
            f"\n#raw(block: true, lang: {typst_string(lang)}, {typst_string(node.astext())})\n"
        )

    def visit_admonition(self, node) -> None:  # type: ignore[no-untyped-def]
        body = self.inline(node)
        self.out.append(
            f'\n#block(width: 100%, inset: 8pt, fill: rgb("#f0f0f0"), '
            f'stroke: (left: 3pt + rgb("#005ea2")))[{body}]\n'
        )

    visit_note = visit_tip = visit_warning = visit_important = visit_admonition

    def visit_table(self, node) -> None:  # type: ignore[no-untyped-def]
        from docutils import nodes

        tgroup = node.next_node(nodes.tgroup)
        columns = int(tgroup["cols"]) if tgroup is not None else 1
        head, body = [], []
        for row in node.findall(nodes.row):
            cells = [f"[{self.inline(entry)}]" for entry in row.children]
            (head if isinstance(row.parent, nodes.thead) else body).extend(cells)
        header = f"table.header({', '.join(head)}), " if head else ""
        self.out.append(
            f'\n#table(columns: {columns}, inset: 5pt, stroke: 0.5pt + rgb("#a9aeb1"), '
            f"{header}{', '.join(body)})\n"
        )

    def visit_raw(self, node) -> None:  # type: ignore[no-untyped-def]
        pass

    def visit_visually_hidden(self, node) -> None:  # type: ignore[no-untyped-def]
        pass

    def visit_comment(self, node) -> None:  # type: ignore[no-untyped-def]
        pass

    def visit_image(self, node) -> None:  # type: ignore[no-untyped-def]
        pass

    # inline
    def visit_Text(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append(typst_text(node.astext()))

    def visit_emphasis(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append(f"#emph[{self.inline(node)}]")

    def visit_strong(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append(f"#strong[{self.inline(node)}]")

    def visit_literal(self, node) -> None:  # type: ignore[no-untyped-def]
        self.out.append(f"#raw({typst_string(node.astext())})")

    def visit_inline(self, node) -> None:  # type: ignore[no-untyped-def]
        if "sd-badge" in node.get("classes", []):
            body = self.inline(node)
            self.out.append(f'#box(inset: (x: 3pt), stroke: 0.5pt + rgb("#71767a"))[{body}]')
        else:
            self.out.append(self.label(node) + self.inline(node))

    def visit_reference(self, node) -> None:  # type: ignore[no-untyped-def]
        text = self.inline(node)
        uri = node.get("refuri", "")
        refid = node.get("refid") or (uri[1:] if uri.startswith("#") else "")
        if refid:
            if refid in self.referenced:
                before, _, after = self.words["page_reference"].partition("{page}")
                page = f'#ref(<{typst_label(refid)}>, form: "page", supplement: none)'
                self.out.append(
                    f"#link(<{typst_label(refid)}>)[{text}]"
                    f"{typst_text(before)}{page}{typst_text(after)}"
                )
            else:
                self.out.append(text)
        elif uri:
            self.out.append(f"#link({typst_string(uri)})[{text}]")
        else:
            self.out.append(text)


def child_typst_write(site: Path) -> None:
    """Convert the pickled book doctree to ``book.typ``."""
    sys.path.insert(0, str(REPO / "_ext"))

    with (site / "book.doctree").open("rb") as handle:
        data = pickle.load(handle)
    text = typst_markup(data["tree"])
    (site / "book.typ").write_text(text, "utf-8")
    print(json.dumps({"typ_chars": len(text)}))


def child_typst_compile(site: Path) -> None:
    """Compile ``book.typ`` to PDF/UA-1 (run by the venv that has ``typst``)."""
    import typst

    # The book's fonts come from the project's venv (fontpkg-* in requirements.txt).
    packages = sorted((REPO / ".venv" / "lib").glob("python3*/site-packages"))
    fonts = [
        str(folder)
        for base in [*map(Path, sys.path), *packages]
        for folder in sorted(base.glob("fontpkg_*/files"))
    ]
    typst.compile(
        str(site / "book.typ"),
        output=str(site / "typst.pdf"),
        font_paths=fonts,
        pdf_standards=["ua-1"],
    )


def typst_markup(tree) -> str:  # type: ignore[no-untyped-def]
    """The whole book (cover, contents, chapters) as Typst markup."""
    from docutils import nodes

    referenced: set[str] = set()
    known: set[str] = set()
    for node in tree.findall(nodes.Element):
        known.update(node.get("ids", []))
        if node.get("docname") and type(node).__name__ == "start_of_file":
            known.add(f"document-{node['docname']}")
        if node.get("refid"):
            referenced.add(node["refid"])
        uri = node.get("refuri", "")
        if uri.startswith("#") and len(uri) > 1:
            referenced.add(uri[1:])
    referenced &= known
    words = {"page_reference": " (page {page})", "page_footer": "Page {page} of {pages}"}
    writer = TypstWriter(referenced, words)
    writer.walk(tree)
    footer = (
        typst_text("Page ")
        + "#counter(page).display()"
        + typst_text(" of ")
        + "#counter(page).final().first()"
    )
    preamble = TYPST_PREAMBLE.format(
        title=typst_string("CX Handbook"),
        title_markup=typst_text("CX Handbook"),
        author=typst_string("Digital Services Team"),
        keywords=typst_string("customer experience, handbook"),
        lang=typst_string("en"),
        organization=typst_text("Digital Services Team"),
        subtitle=typst_text("Customer experience for government digital services"),
        edition=typst_text("December 2026"),
        contents=typst_text("Contents"),
        outline_depth=2,
        page_footer=footer,
    )
    return preamble + "".join(writer.out)


def child_typst_build(site: Path, typst_python: str) -> None:
    """Route (b) end to end as a builder would run it: read, assemble, write .typ, compile.

    The ``handbookpdf`` builder assembles the book's doctree as ``make pdf`` does, but
    writes Typst instead of HTML (no singlehtml rendering), then compiles in a child
    process while this one waits. Prints both processes' peaks: the tree's peak is at
    most their sum.
    """
    import resource

    sys.path.insert(0, str(REPO / "_ext"))
    from sphinx.application import Sphinx

    from cx_handbook.outputs import pdf

    def write_documents(self, _docnames):  # type: ignore[no-untyped-def]
        tree = self.assemble_doctree()
        (site / "book.typ").write_text(typst_markup(tree), "utf-8")

    pdf.HandbookPDFBuilder.write_documents = write_documents
    pdf.HandbookPDFBuilder.finish = lambda self: None
    started = time.process_time()
    app = Sphinx(
        str(site / "docs"), str(REPO), str(site / "typst-build"), str(site / "typst-doctrees"),
        "handbookpdf", status=None, warning=None, freshenv=True,
    )  # fmt: skip
    app.build()
    sphinx_cpu = time.process_time() - started
    sphinx_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    compiled = subprocess.run(
        [typst_python, __file__, "--child", "typst_compile", str(site)], check=True
    )
    del compiled
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "sphinx_cpu_s": round(sphinx_cpu, 1),
                "sphinx_peak_mb": round(sphinx_peak),
                "typst_cpu_s": round(child.ru_utime + child.ru_stime, 1),
                "typst_peak_mb": round(child.ru_maxrss / 1024),
                "tree_peak_upper_bound_mb": round(sphinx_peak + child.ru_maxrss / 1024),
            }
        )
    )


def split_typst(text: str, sections_per_part: int) -> list[str]:
    """``book.typ`` as separate documents of *sections_per_part* parts each.

    The first keeps the cover and contents; the others get the preamble only. Links and
    page references to labels in another document become plain text (a real split
    would take those page numbers from a first pass).
    """
    head, _, body = text.partition("// cx-body\n")
    settings = head.partition("// cx-front\n")[0]
    intro, *parts = body.split("// cx-part\n")
    groups = [intro + "".join(parts[:sections_per_part])]
    groups += [
        "".join(parts[i : i + sections_per_part])
        for i in range(sections_per_part, len(parts), sections_per_part)
    ]
    documents = []
    for index, group in enumerate(groups):
        defined = set(re.findall(r"<([\w.:-]+)>\n", group))
        defined |= set(re.findall(r"#metadata\(none\) <([\w.:-]+)>", group))

        def local(match: re.Match, defined: set[str] = defined) -> str:
            return match.group(0) if match.group(1) in defined else "?"

        group = re.sub(r'#ref\(<([\w.:-]+)>, form: "page", supplement: none\)', local, group)
        group = re.sub(
            r"#link\(<([\w.:-]+)>\)",
            lambda m, defined=defined: m.group(0) if m.group(1) in defined else "#emph",
            group,
        )
        documents.append((head if index == 0 else settings) + "// cx-body\n" + group)
    return documents


def route_typst_parts(pages: int, typst_python: str, sections_per_part: int) -> dict:
    """Compile the book as separate Typst documents (one process each, in turn)."""
    site = OUT / f"site-{pages}"
    text = (site / "book.typ").read_text("utf-8")
    results = []
    for index, document in enumerate(split_typst(text, sections_per_part)):
        part = site / f"part-{index:02d}"
        part.mkdir(exist_ok=True)
        (part / "book.typ").write_text(document, "utf-8")
        command = [typst_python, __file__, "--child", "typst_compile", str(part)]
        results.append(timed(command, f"typst part {index}"))
    cpus = [r["cpu_s"] for r in results]
    return {
        "parts": results,
        "cpu_s": round(sum(cpus), 1),
        "peak_mb": max(r["peak_mb"] for r in results),
        "estimated_wall_2_processes_s": round(two_process_wall(cpus), 1),
    }


def route_typst(pages: int, typst_python: str) -> dict:
    site = OUT / f"site-{pages}"
    print(f"{pages} pages: Typst")
    write = timed([sys.executable, __file__, "--child", "typst_write", str(site)], "doctree->typ")
    compiled = timed(
        [typst_python, __file__, "--child", "typst_compile", str(site)], "typst compile"
    )
    build = timed(
        [sys.executable, __file__, "--child", "typst_build", str(site), typst_python],
        "typst route end to end (sphinx-build + compile)",
    )
    return {"write": write, "compile": compiled, "build": build, "pdf": str(site / "typst.pdf")}


# -- check: the PDF/UA checks of tests/helpers.py -----------------------------------------


def _parent_tree_errors(pdf) -> list[str]:  # type: ignore[no-untyped-def]
    """Pages and annotations whose ParentTree entry is missing or points elsewhere.

    Every page's ``/StructParents`` key must map to an array of structure elements whose
    ``/Pg`` (or whose parent's) is that page; every annotation's ``/StructParent`` to an
    element. This is what a merge has to renumber, so it is checked beyond pdfua.
    """
    sys.path.insert(0, str(REPO / "_ext"))
    from cx_handbook.outputs.pdf_merge import flat_numbers

    root = pdf.Root.StructTreeRoot
    nums = flat_numbers(root.ParentTree)
    table = {int(k): v for k, v in zip(nums[::2], nums[1::2], strict=True)}
    errors = []
    for number, page in enumerate(pdf.pages, 1):
        key = page.obj.get("/StructParents")
        if key is not None:
            entry = table.get(int(key))
            if entry is None:
                errors.append(f"page {number}: no ParentTree entry {int(key)}")
            else:
                for element in entry:
                    if not hasattr(element, "get"):
                        continue
                    owner = element.get("/Pg")
                    if owner is not None and owner.objgen != page.obj.objgen:
                        errors.append(f"page {number}: key {int(key)} names another page")
                        break
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot and int(annot.StructParent) not in table:
                errors.append(f"page {number}: annotation without ParentTree entry")
    return errors


def child_check(path: Path) -> None:
    """pdfua findings, the pikepdf tags, pages and top-level bookmarks of one PDF."""
    sys.path.insert(0, str(REPO / "tests"))
    import pikepdf

    from helpers import pdf_tags, pdf_ua_findings

    findings = pdf_ua_findings(path)
    tags = pdf_tags(path)
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
        bookmarks = len(list(pdf.open_outline().root))
        parent_tree_errors = _parent_tree_errors(pdf)
    print(
        json.dumps(
            {
                "pdfua_findings": findings[:20],
                "pdfua_finding_count": len(findings),
                "tags": tags.__dict__,
                "pdf_pages": pages,
                "top_bookmarks": bookmarks,
                "parent_tree_errors": parent_tree_errors[:10],
            }
        )
    )


def check(pages: int) -> dict:
    checked = {}
    site = OUT / f"site-{pages}"
    for route, pdf in (("weasy", site / "weasy-merged.pdf"), ("typst", site / "typst.pdf")):
        if pdf.is_file():
            command = [sys.executable, __file__, "--child", "check", str(pdf)]
            result = timed(command, f"check {route}")
            print(
                f"    {result['pdfua_finding_count']} pdfua findings, {result['tags']}, "
                f"{len(result['parent_tree_errors'])} ParentTree errors, "
                f"{result['pdf_pages']} pages, {result['top_bookmarks']} top-level bookmarks"
            )
            checked[route] = result
    return checked


# -- the command line --------------------------------------------------------------------

CHILDREN = {
    "prepare": child_prepare,
    "weasy": child_weasy,
    "merge": child_merge,
    "typst_write": child_typst_write,
    "typst_compile": child_typst_compile,
    "check": child_check,
    "typst_build": child_typst_build,
}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        name, *rest = sys.argv[2:]
        CHILDREN[name](*(Path(a) if "/" in a else a for a in rest))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--steps", default="prepare,weasy,typst,check")
    parser.add_argument("--chunk-pages", type=int, default=25, help="chapters per chunk (a)")
    parser.add_argument("--jobs", type=int, default=2, help="WeasyPrint processes at once (a)")
    parser.add_argument("--typst-python", default="/tmp/pdfvenv/bin/python")
    parser.add_argument(
        "--sections-per-part", type=int, default=2, help="sections per Typst document (parts)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results_file = OUT / "results.json"
    steps = args.steps.split(",")
    for pages in args.sizes:
        figures: dict = {}
        if "prepare" in steps:
            figures["prepare"] = prepare(pages)
        if "weasy" in steps:
            figures["weasy"] = route_weasy(pages, args.chunk_pages, args.jobs)
        if "typst" in steps:
            figures["typst"] = route_typst(pages, args.typst_python)
        if "typst-parts" in steps:
            figures["typst_parts"] = route_typst_parts(
                pages, args.typst_python, args.sections_per_part
            )
        if "check" in steps:
            figures["check"] = check(pages)
        # Re-read: another run (another size) may have written meanwhile.
        results = json.loads(results_file.read_text()) if results_file.exists() else {}
        results.setdefault(str(pages), {}).update(figures)
        results_file.write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    main()
