"""Generate a synthetic handbook of N pages that uses every feature of the project.

Each page is about 1,000 words: front matter in one of the two CMS dialects, headings,
lists, about 20 external links, a few internal links, a table, a call to action,
timeline phases, an annotated resource list and Hugo shortcodes. The output is
deterministic for a given N, so runs compare like with like.

    python bench/generate.py 500 bench/out/site-500
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

PAGES_PER_SECTION = 50
TOPICS = ["customer-experience", "accessibility", "analytics", "design", "research"]
WORDS = [
    "service",
    "people",
    "agency",
    "form",
    "online",
    "help",
    "answer",
    "question",
    "visit",
    "page",
    "team",
    "research",
    "design",
    "measure",
    "improve",
    "trust",
    "simple",
    "clear",
    "task",
    "journey",
    "feedback",
    "survey",
    "digital",
    "phone",
    "office",
    "staff",
    "policy",
    "content",
    "plain",
    "language",
    "public",
]
PHASES = ["0-6 months", "6-12 months", "12-18+ months", "Ongoing"]
FILE_TYPES = [
    ("PDF", "420 KB", "11 pages", "pdf"),
    ("Word document", "23 KB", "4 pages", "docx"),
    ("Excel spreadsheet", "82 KB", "2 tabs", "xlsx"),
    ("PowerPoint presentation", "2 MB", "13 slides", "pptx"),
]


def sentence(rng: random.Random, words: int = 14) -> str:
    """A plain sentence of *words* words."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    """A paragraph of a few sentences."""
    return " ".join(sentence(rng) for _ in range(sentences))


def front_matter(rng: random.Random, index: int, title: str) -> str:
    """CT (Netlify CMS) front matter on even pages, digital.gov (Hugo) on odd ones."""
    if index % 2 == 0:
        return (
            "---\n"
            "templateKey: area\n"
            f'title: "{title}"\n'
            "icon: comments-alt\n"
            f"description: {sentence(rng, 16)}\n"
            f"order: {index}\n"
            "cta: See how teams put this into practice\n"
            f"cta_link: 'https://example.gov/work/{index}'\n"
            "---\n"
        )
    topics = "\n".join(f"  - {t}" for t in rng.sample(TOPICS, 2))
    return (
        "---\n"
        f"slug: page-{index}\n"
        f"date: 2021-0{1 + index % 9}-1{index % 10} 09:30:00 -0400\n"
        f'title: "{title}"\n'
        f'summary: "{sentence(rng, 18)}"\n'
        f"topics:\n{topics}\n"
        "authors:\n  - rflagg\n"
        f"weight: {1 + index % 2}\n"
        "---\n"
    )


def page(rng: random.Random, index: int, section: int, total: int) -> str:
    """One synthetic page of about 1,000 words."""
    title = f"Practice {index}: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
    out = [front_matter(rng, index, title), paragraph(rng, 4), ""]
    out += ["## Why it matters", "", paragraph(rng, 6), ""]
    out += ["- " + sentence(rng, 10) for _ in range(5)] + [""]
    out += ["## Resources", ""]
    for n in range(8):
        kind, size, count, suffix = FILE_TYPES[n % len(FILE_TYPES)]
        out.append(
            f"- [Guide {index}.{n} ({kind}, {size}, {count}, 20{10 + n})]"
            f"(https://example.gov/files/{index}/{n}.{suffix}) &#8211; Agency {n}"
        )
    for n in range(6):
        out.append(
            f"- [Case study {index}.{n}](https://example.org/case/{index}/{n}) – Publisher {n}"
        )
    out.append("")
    out += ["## Key actions and timelines", ""]
    for phase in PHASES:
        out += [f"### {phase}", "", f"\\-{sentence(rng, 8)}", "", f"\\-{sentence(rng, 8)}", ""]
    out += ["## In practice", "", paragraph(rng, 6), ""]
    out += ['{{< note variant="tip" >}}', paragraph(rng, 2), "{{< /note >}}", ""]
    other = [(index + k) % total for k in (1, 7, 31)]
    for k in other:
        out.append(
            f"See also [practice {k}](../section-{k // PAGES_PER_SECTION}/page-{k}.md) "
            f'and the [Hugo-style link]({{{{< ref "page-{k}.md" >}}}}).'
        )
    out.append("")
    out += ["| Step | Owner | When |", "| --- | --- | --- |"]
    out += [f"| {sentence(rng, 4)} | Team {n} | Week {n} |" for n in range(5)]
    out.append("")
    out += ["## Further reading", ""]
    out += [f"- [{sentence(rng, 5)}](https://example.com/read/{index}/{n})" for n in range(6)]
    out += ["", paragraph(rng, 8), "", paragraph(rng, 8), ""]
    return "\n".join(out)


def generate(pages: int, target: Path, seed: int = 2026) -> Path:
    """Write a handbook of *pages* pages into ``target/docs`` (replacing it)."""
    rng = random.Random(seed)
    docs = target / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    sections = (pages + PAGES_PER_SECTION - 1) // PAGES_PER_SECTION
    for section in range(sections):
        folder = docs / f"section-{section}"
        folder.mkdir(parents=True)
        members = range(section * PAGES_PER_SECTION, min(pages, (section + 1) * PAGES_PER_SECTION))
        for index in members:
            (folder / f"page-{index}.md").write_text(page(rng, index, section, pages), "utf-8")
        toctree = "\n".join(f"page-{i}" for i in members)
        (folder / "index.md").write_text(
            f"---\ntitle: Section {section}\n---\n\n{paragraph(rng, 2)}\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n",
            "utf-8",
        )
    data = docs / "_data"
    data.mkdir()
    (data / "topics.yml").write_text(
        "".join(f"{t}:\n  title: {t.replace('-', ' ').capitalize()}\n" for t in TOPICS), "utf-8"
    )
    (data / "authors.yml").write_text("rflagg:\n  display_name: Rachel Flagg\n", "utf-8")
    toctree = "\n".join(f"section-{s}/index" for s in range(sections))
    (docs / "index.md").write_text(
        f"---\ntitle: Synthetic handbook\n---\n\n{paragraph(rng, 3)}\n\n"
        f"```{{toctree}}\n:maxdepth: 2\n:caption: Sections\n\n{toctree}\n```\n",
        "utf-8",
    )
    return docs


def main() -> None:
    """Command line: ``generate.py PAGES TARGET``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    docs = generate(args.pages, args.target)
    print(f"wrote {args.pages} pages to {docs}")


if __name__ == "__main__":
    main()
