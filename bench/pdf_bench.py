"""Benchmark the PDF handbook: seconds per PDF page and file size (a report, not a test).

    .venv/bin/python bench/pdf_bench.py            # the real docs/
    .venv/bin/python bench/pdf_bench.py --synthetic 200

Each run is a full `sphinx-build -b handbookpdf` (reading, writing Typst, compiling, merging), timed
from outside, so the numbers are what `make pdf` costs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")

PARAGRAPH = (
    "Agencies that measure what people go through can fix the steps that fail them. "
    "This paragraph stands in for the prose of a real page, with a link to "
    "[a federal resource](https://www.performance.gov/cx/) and some **bold** text. "
)


def synthetic_docs(pages: int) -> Path:
    """A docs/ folder of *pages* pages in sections of ten, each about one printed page."""
    docs = OUT / f"synthetic-{pages}" / "docs"
    shutil.rmtree(docs.parent, ignore_errors=True)
    docs.mkdir(parents=True)
    sections = []
    for section in range(0, pages, 10):
        name = f"section-{section // 10 + 1:02d}"
        (docs / name).mkdir()
        entries = []
        for number in range(section, min(section + 10, pages)):
            entries.append(f"page-{number:03d}")
            links = "\n".join(
                f"- [Resource {number}.{i}](https://example.gov/resources/{number}/{i}) – Agency"
                for i in range(6)
            )
            (docs / name / f"page-{number:03d}.md").write_text(
                f"---\ntitle: Page {number}\ndescription: Synthetic page {number}.\n---\n\n"
                f"{PARAGRAPH * 3}\n\n## Guideposts\n\n{PARAGRAPH * 2}\n\n"
                f"### Resources\n\n{links}\n\n"
                "| Phase | Action |\n| --- | --- |\n| 0-6 months | Set standards |\n"
                "| 6-12 months | Build shared tools |\n",
                encoding="utf-8",
            )
        toctree = "\n".join(entries)
        (docs / name / "index.md").write_text(
            f"---\ntitle: Section {section // 10 + 1}\n---\n\n{PARAGRAPH}\n\n"
            f"```{{toctree}}\n{toctree}\n```\n",
            encoding="utf-8",
        )
        sections.append(f"{name}/index")
    toctree = "\n".join(sections)
    (docs / "index.md").write_text(
        f"---\ntitle: Synthetic handbook\n---\n\n{PARAGRAPH}\n\n```{{toctree}}\n{toctree}\n```\n",
        encoding="utf-8",
    )
    return docs


def build(docs: Path, outdir: Path) -> tuple[float, Path]:
    shutil.rmtree(outdir, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(SPHINX_BUILD), "-q", "-c", str(REPO), "-b", "handbookpdf", str(docs), str(outdir)],
        check=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, next(outdir.glob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="N generated pages")
    args = parser.parse_args()
    if args.synthetic:
        docs, label = synthetic_docs(args.synthetic), f"synthetic {args.synthetic} pages"
    else:
        docs, label = REPO / "docs", "handbook (docs/)"
    elapsed, pdf = build(docs, docs.parent / "_pdf" if args.synthetic else OUT / "pdf")
    count = len(PdfReader(pdf).pages)
    size = pdf.stat().st_size
    print(
        f"{label}: {count} PDF pages in {elapsed:.1f} s = {elapsed / count:.2f} s/page; "
        f"{size / 1_000_000:.2f} MB ({pdf})"
    )


if __name__ == "__main__":
    main()
