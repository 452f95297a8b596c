"""`make check`: content checks with file:line findings, a summary, JSON and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cx_handbook.checks.build import sphinx_project
from cx_handbook.checks.findings import RULES, Severity
from cx_handbook.checks.readability import sentences
from cx_handbook.checks.runner import main, read_pages, run_checks
from helpers import REPO_ROOT, build_site, make_project

FINDING_LINE = r"^(?P<file>[^:]+):(?P<line>\d+): (?P<severity>error|warning): (?P<msg>.+) \[(?P<rule>[\w-]+)\]$"  # noqa: E501
SEED_000 = "seeds/000_d3c6ec6c2fea7950.md"
SEED_003 = "seeds/003_aa1d836e22493dcd.md"


def check(tmp_path: Path, pages: dict[str, Path | str], *, build: bool = False, conf=REPO_ROOT):
    srcdir = make_project(tmp_path, pages)
    return run_checks([srcdir], srcdir=srcdir, confdir=conf, build=build)


def write_conf(folder: Path, text: str = "") -> Path:
    """A conf.py in *folder* that reads Markdown with the handbook's extensions, plus *text*."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(
        'extensions = ["myst_parser", "cx_handbook"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
        "myst_title_to_header = True\n" + text,
        encoding="utf-8",
    )
    return folder


def by_rule(report, rule: str, file_part: str = "") -> list:
    return [f for f in report.findings if f.rule == rule and file_part in f.file]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if needle in t)


# -- real pages ------------------------------------------------------------------------


def test_seed_000_placeholder_items_reported_on_their_lines(shared_dir: Path, tmp_path) -> None:
    seed = shared_dir / SEED_000
    report = check(tmp_path, {"area": seed})
    found = {(f.line, f.severity) for f in by_rule(report, "placeholder-text", "area.md")}
    expected_lines = {
        line_of(seed, "title: This is a test"),
        line_of(seed, "title: Here is another test"),
    }
    description_lines = {
        i
        for i, t in enumerate(seed.read_text().splitlines(), 1)
        if "description: Here is some test content" in t
    }
    assert {line for line, _ in found} == expected_lines | description_lines
    assert {severity for _, severity in found} == {Severity.ERROR}
    messages = [f.message for f in by_rule(report, "placeholder-text")]
    assert any("items[0].title" in m and "This is a test" in m for m in messages)
    assert report.exit_code() == 1


def test_seed_000_vague_cta_reported(shared_dir: Path, tmp_path) -> None:
    seed = shared_dir / SEED_000
    report = check(tmp_path, {"area": seed})
    vague = by_rule(report, "vague-link-text")
    assert [f.line for f in vague] == [line_of(seed, "cta: Learn More")]
    assert "'Learn More'" in vague[0].message
    # "Learn more about our efforts …" says where it goes: not vague.
    assert len(vague) == 1


def test_seed_003_broken_glossary_link_reported_from_sphinx(shared_dir: Path, tmp_path) -> None:
    seed = shared_dir / SEED_003
    report = check(tmp_path, {"toolkit": seed}, build=True)
    broken = by_rule(report, "broken-link", "toolkit.md")
    line = line_of(seed, "[DHS CX Glossary]([url](")
    ref_line = line_of(seed, '{{< ref "/communities" >}}')
    assert sorted(f.line for f in broken) == [line, ref_line]
    glossary = next(f for f in broken if f.line == line)
    assert "dhs.gov/cx/glossary" in glossary.message
    assert glossary.severity is Severity.ERROR
    # The Hugo ref names a page that is not in this project.
    assert "/communities" in next(f for f in broken if f.line == ref_line).message


def test_seed_003_file_links_without_size_reported(shared_dir: Path, tmp_path) -> None:
    seed = shared_dir / SEED_003
    report = check(tmp_path, {"toolkit": seed})
    flagged = {f.line: f.message for f in by_rule(report, "file-link-annotation")}
    # "(PDF) – ClickTools": a type but no size.
    soup = line_of(seed, "Navigating-the-Alphabet-Soup")
    assert "does not say its size" in flagged[soup]
    # A PDF link with no annotation at all.
    apr = line_of(seed, "DHS-FY-2014-FY-2016-APR")
    assert "does not say its type and size" in flagged[apr]
    # Annotated inside the link text and after it: fine.
    assert line_of(seed, "a11_2021-FY22.pdf") not in flagged
    assert line_of(seed, "Position-Description-for-Chief-Customer-Officer") not in flagged


def test_corpus_vague_link_text_and_web_addresses(shared_dir: Path, tmp_path) -> None:
    corpus = sorted((shared_dir / "corpus").rglob("*.md"))
    pages = {path.stem: path for path in corpus if path.name != "SOURCES.md"}
    report = check(tmp_path, pages)
    vague = by_rule(report, "vague-link-text", "an-introduction-to-pronouns.md")
    pronouns = pages["an-introduction-to-pronouns"]
    assert [f.line for f in vague] == [line_of(pronouns, "([what’s this?](")]
    assert "'what’s this?'" in vague[0].message
    assert "describe the destination" in vague[0].message
    addresses = by_rule(report, "url-link-text", "required-web-content-and-links.md")
    assert any("'www.nih.gov'" in f.message for f in addresses)
    # "Learn more about our efforts …" (the CT call to action) names its destination.
    assert not by_rule(report, "vague-link-text", "focus-area-customer-experience.md")
    for finding in [*by_rule(report, "vague-link-text"), *by_rule(report, "url-link-text")]:
        text = finding.message.split("'")[1]
        assert text in pages[Path(finding.file).stem].read_text(encoding="utf-8")


# -- rules on small pages ------------------------------------------------------------------

PAGE = """---
title: Services
---

Read the [guide](https://example.gov/guide) or [click here](https://example.gov/x).
See [https://example.gov/plain](https://example.gov/plain) too.
Get the [form](https://example.gov/form.pdf) and the
[budget (Excel spreadsheet, 80 KB)](https://example.gov/b.xlsx).

![](map.png)

<img src="logo.png">

<img src="rule.png" alt="">

#### Too deep

## TODO write this

Lorem ipsum dolor sit amet.
"""


def test_rules_on_one_page(tmp_path) -> None:
    report = check(tmp_path, {"page": PAGE})
    got = {(f.rule, f.line) for f in report.findings if f.file.endswith("page.md")}
    assert ("vague-link-text", 5) in got
    assert ("vague-link-text", 5) in got and ("url-link-text", 6) in got
    assert ("file-link-annotation", 7) in got
    assert ("file-link-annotation", 8) not in got
    assert ("image-alt-text", 10) in got and ("image-alt-text", 12) in got
    assert ("image-alt-text", 14) not in got  # alt="" marks a decorative image
    assert ("heading-levels", 16) in got
    assert ("placeholder-text", 18) in got and ("placeholder-text", 20) in got


def test_missing_title_wrong_types_unknown_keys_unsafe_url(tmp_path) -> None:
    page = (
        "---\norder: first\ncolour: blue\ncta: Apply\n"
        "cta_link: 'javascript:alert(1)'\n---\n\nText.\n"
    )
    report = check(tmp_path, {"bad": page})
    got = {(f.rule, f.line, f.severity) for f in report.findings if "bad.md" in f.file}
    assert ("missing-title", 1, Severity.ERROR) in got
    assert ("front-matter", 2, Severity.ERROR) in got
    assert ("unknown-key", 3, Severity.WARNING) in got
    assert ("unsafe-url", 5, Severity.ERROR) in got


def test_duplicate_titles(tmp_path) -> None:
    same = "---\ntitle: Customer experience\n---\n\nText.\n"
    report = check(tmp_path, {"a": same, "b": same})
    assert {Path(f.file).name for f in by_rule(report, "duplicate-title")} == {"a.md", "b.md"}


def test_reading_grade_and_long_sentences_follow_conf(tmp_path) -> None:
    hard = (
        "Organizational transformation necessitates comprehensive institutional "
        "commitment, interdepartmental collaboration and sustained administrative "
        "prioritization of constituent-centered operational methodologies. "
    ) * 12
    page = f"---\ntitle: Hard\n---\n\n{hard}\n"
    report = check(tmp_path / "a", {"hard": page})
    grade = by_rule(report, "reading-grade")
    assert grade and "above the target of grade 8" in grade[0].message
    conf = write_conf(
        tmp_path / "conf",
        "handbook_check_reading_grade = 40\nhandbook_check_sentence_words = 100\n",
    )
    report = check(tmp_path / "b", {"hard": page}, conf=conf)
    assert report.pages == 2 and not by_rule(report, "build-warning")  # the page was read
    assert not by_rule(report, "reading-grade") and not by_rule(report, "long-sentence")


def test_sentence_lines_follow_line_breaks() -> None:
    got = list(sentences("One short one. Then e.g. this\nline goes on. Last one", 10))
    assert [(s.line, s.words) for s in got] == [(10, 3), (10, 7), (11, 2)]


def test_code_and_directive_bodies(tmp_path) -> None:
    page = (
        "---\ntitle: Code\n---\n\n```markdown\n[click here](x.md) TODO\n```\n\n"
        ":::{note}\nSee [here](https://example.gov/) now.\n:::\n"
    )
    srcdir = make_project(tmp_path, {"code": page})
    with sphinx_project(srcdir, REPO_ROOT, resolve=False) as project:
        parsed = read_pages(project, frozenset({"colon_fence"}))[srcdir / "code.md"]
    assert [(link.text, link.line) for link in parsed.links] == [("here", 10)]


def test_directive_options_are_not_read_as_prose(tmp_path) -> None:
    page = (
        "---\ntitle: Options\n---\n\n:::{dropdown} Title\n:open:\n:class-container: TODO\n\n"
        "Open [click here](https://example.gov/) now.\n:::\n"
    )
    report = check(tmp_path, {"opts": page})
    assert [f.line for f in by_rule(report, "vague-link-text")] == [9]
    assert not by_rule(report, "placeholder-text")  # the option value is not prose


# -- the text the build reads -------------------------------------------------------------

LONG_TITLE = "A policy title that, read as prose, " + "goes on and on " * 8
SHORTCODES = f"""---
title: Shortcodes
---

{{{{< note >}}}}
A note the shortcode turns into an admonition.
{{{{< /note >}}}}

Read [click here]({{{{< ref "other.md" >}}}}) for more.

{{{{< card-policy src="https://example.gov/a11.pdf" kicker="Policy" title="{LONG_TITLE}" >}}}}
Agencies should publish their data.
{{{{< /card-policy >}}}}
"""


def test_rules_read_the_text_with_shortcodes_expanded(tmp_path) -> None:
    report = check(tmp_path, {"page": SHORTCODES, "other": "---\ntitle: Other\n---\n\nHi.\n"})
    page = tmp_path / "docs" / "page.md"
    # A link whose address a shortcode writes is a link (and on its line in the file).
    vague = by_rule(report, "vague-link-text", "page.md")
    assert [f.line for f in vague] == [line_of(page, "[click here]")]
    # The policy card's link exists only once the shortcode is expanded: it is a PDF link.
    files = by_rule(report, "file-link-annotation", "page.md")
    assert [f.line for f in files] == [line_of(page, "{{< card-policy")]
    assert "'View the full text'" in files[0].message
    # The shortcode tag itself is not prose, so it is no long sentence.
    assert not by_rule(report, "long-sentence")


def test_sphinx_warning_becomes_finding_from_its_record(tmp_path) -> None:
    (tmp_path / "emit_warning.py").write_text(
        "from docutils import nodes\n"
        "from sphinx.util import logging\n"
        "def warn(app, doctree):\n"
        "    if app.env.docname == 'page':\n"
        "        para = next(iter(doctree.findall(nodes.paragraph)))\n"
        "        logging.getLogger(__name__).warning(\n"
        "            'two lines\\nand [brackets] here', type='toc', subtype='made_up',\n"
        "            location=para)\n"
        "def setup(app):\n"
        "    app.connect('doctree-read', warn)\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    conf = write_conf(
        tmp_path / "conf",
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\nextensions.append('emit_warning')\n",
    )
    page = "---\ntitle: Page\n---\n\n{{< note >}}\nIn a note.\n{{< /note >}}\n\nThe paragraph.\n"
    report = check(tmp_path / "site", {"page": page}, conf=conf, build=True)
    found = [f for f in report.findings if "two lines" in f.message.lower()]
    # The type (toc) names the rule; the node's line is the line in the file.
    assert [(Path(f.file).name, f.line, f.rule) for f in found] == [("page.md", 6, "toctree")]
    assert found[0].message == "Two lines\nand [brackets] here"


def test_conf_py_is_evaluated_once(tmp_path) -> None:
    runs = tmp_path / "runs.txt"
    conf = write_conf(tmp_path / "conf", f"open({str(runs)!r}, 'a').write('run\\n')\n")
    report = check(
        tmp_path / "site", {"page": "---\ntitle: Page\n---\n\nText.\n"}, conf=conf, build=True
    )
    assert report.pages == 2
    assert runs.read_text().splitlines() == ["run"]


# -- silencing -------------------------------------------------------------------------------


def test_ignore_per_page_inline_and_site_wide(tmp_path) -> None:
    page_wide = (
        "---\ntitle: A\nhandbook:\n  ignore_checks: [vague-link-text]\n---\n\n"
        "[here](https://example.gov)\n"
    )
    inline = (
        "---\ntitle: B\n---\n\n<!-- check: ignore vague-link-text -->\n"
        "[here](https://example.gov/a)\n\n[here](https://example.gov/b)\n"
    )
    report = check(tmp_path / "one", {"a": page_wide, "b": inline})
    assert [(Path(f.file).name, f.line) for f in by_rule(report, "vague-link-text")] == [
        ("b.md", 8)
    ]
    assert not [f for f in report.findings if f.file.endswith("a.md")]
    conf = write_conf(
        tmp_path / "conf", "handbook_check_ignore = ['vague-link-text', 'no-such-rule']\n"
    )
    report = check(tmp_path / "two", {"b": inline}, conf=conf)
    assert not by_rule(report, "vague-link-text")
    assert next(f.message for f in by_rule(report, "check-config")).startswith(
        "handbook_check_ignore names 'no-such-rule'"
    )


# -- command line ------------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "_ext")}
    return subprocess.run(
        [sys.executable, "-m", "cx_handbook.checks", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_cli_format_summary_json_and_exit_codes(tmp_path) -> None:
    srcdir = make_project(tmp_path, {"page": PAGE})
    report_file = tmp_path / "report.json"
    proc = run_cli(str(srcdir), "--srcdir", str(srcdir), "--json", str(report_file))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.strip().splitlines()
    # The findings, then (conf.py's catalogs hold an index page) the translation report.
    end = lines.index("Translations:") if "Translations:" in lines else -1
    assert all(re.match(FINDING_LINE, line) for line in lines[:end]), lines
    assert re.fullmatch(r"\d+ errors?, \d+ warnings? in 2 pages", lines[-1])
    data = json.loads(report_file.read_text())
    assert data["version"] == 1
    assert set(data["summary"]) == {"errors", "warnings", "pages"}
    assert data["summary"]["pages"] == 2
    for finding in data["findings"]:
        assert set(finding) == {"file", "line", "rule", "message", "severity"}
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert finding["rule"] in RULES
        assert finding["severity"] in ("error", "warning")
    assert len(data["findings"]) == len(lines[:end])
    as_json = run_cli(str(srcdir), "--no-build", "--format", "json")
    assert json.loads(as_json.stdout)["summary"]["pages"] == 2


def test_cli_warnings_fail_only_when_strict(tmp_path) -> None:
    page = "---\ntitle: Links\n---\n\nSee [here](https://example.gov/) for more.\n"
    srcdir = make_project(tmp_path, {"page": page})
    assert run_cli(str(srcdir), "--no-build").returncode == 0
    assert run_cli(str(srcdir), "--no-build", "--strict").returncode == 1
    assert run_cli(str(tmp_path / "nowhere")).returncode == 2


def test_handbook_docs_pass_make_check() -> None:
    proc = subprocess.run(
        ["make", "-s", "-o", ".venv/.stamp-runtime", "check", f"BIN={Path(sys.executable).parent}"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 errors, " in f" {proc.stdout.strip().splitlines()[-1]}"


def test_main_in_process(tmp_path, capsys) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: Fine\n---\n\nAll good.\n"})
    assert main([str(srcdir), "--no-build"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 errors, 0 warnings in 2 pages")


# -- a writer's YAML mistake still builds --------------------------------------------------


@pytest.mark.e2e
def test_page_with_yaml_error_builds_with_its_body(tmp_path) -> None:
    page = "---\ntitle: Broken: yes: no\n  bad indent\n---\n\nThe body still shows.\n"
    srcdir = make_project(tmp_path, {"broken": page})
    built = build_site(srcdir, tmp_path / "html", strict=False)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert "The body still shows." in built.page("broken").get_text()
    yaml_warnings = [w for w in built.warnings if "broken.md:2" in w and "YAML" in w]
    assert yaml_warnings, built.stderr
    report = run_checks([srcdir], srcdir=srcdir, confdir=REPO_ROOT, build=False)
    assert [f.line for f in by_rule(report, "front-matter")] == [2]


def test_file_link_annotation_reads_annotations_as_resource_cards_do(tmp_path) -> None:
    page = (
        "---\ntitle: Files\n---\n\n"
        "- [Plan](https://x.gov/plan.docx) (Word document, 23 KB, 4 pages) – GSA\n"
        "- [Report (1.5 MB PDF)](https://x.gov/report.pdf)\n"
        "- [Sizes](https://x.gov/sizes.xlsx) (2 MB)\n"
        "- [Slides (PDF)](https://x.gov/slides.pptx)\n"
        "- [Data](https://x.gov/data.csv)\n"
    )
    report = check(tmp_path, {"files": page})
    flagged = {f.line: f.message for f in by_rule(report, "file-link-annotation")}
    assert set(flagged) == {7, 8}
    assert "does not say its type:" in flagged[7]
    assert "does not say its size" in flagged[8]
