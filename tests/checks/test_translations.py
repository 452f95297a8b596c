"""``make check``'s translation report, on the ``test-i18n`` root and on broken catalogs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cx_handbook.checks.runner import run_checks
from helpers import REPO_ROOT

LC = Path("locales", "es", "LC_MESSAGES")


@pytest.fixture
def project(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    return srcdir


def run_cli(srcdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "_ext")}
    return subprocess.run(
        [sys.executable, "-m", "cx_handbook.checks", "--confdir", ".", "--srcdir", ".", ".", *args],
        capture_output=True,
        text=True,
        cwd=srcdir,
        env=env,
        check=False,
    )


def test_report_gives_each_page_its_share_and_fuzzy_messages(project: Path) -> None:
    report = run_checks([project], srcdir=project, confdir=project, build=False)
    by_file = {Path(t.file).name: t for t in report.translations}
    assert [t.language for t in report.translations] == ["es"] * 8
    assert (by_file["translated.md"].translated, by_file["translated.md"].total) == (4, 4)
    # An event page's own words ("Register for this event") are not the page's messages.
    event = by_file["monthly-call.md"]
    assert (event.translated, event.total, event.fuzzy) == (2, 2, ())
    outdated = by_file["outdated.md"]
    assert (outdated.translated, outdated.total, outdated.share) == (2, 3, 67)
    [fuzzy] = outdated.fuzzy
    assert fuzzy.line == 7 and fuzzy.message.startswith("Test each question")
    assert fuzzy.catalog.endswith("outdated.po") and fuzzy.catalog_line == 17  # its msgid
    assert by_file["untranslated.md"].catalog is None
    assert report.errors == 0


def test_cli_prints_the_report_with_file_and_line(project: Path) -> None:
    done = run_cli(project, "--no-build")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "es outdated.md: 67% translated (2 of 3 messages), 1 fuzzy" in lines
    assert any(
        line.startswith("  outdated.md:7: fuzzy (es): 'Test each question") for line in lines
    )
    assert "es untranslated.md: no catalog yet (run 'make gettext')" in lines
    report = json.loads(run_cli(project, "--no-build", "--format", "json").stdout)
    entry = next(t for t in report["translations"] if t["file"] == "outdated.md")
    assert entry["fuzzy"][0]["line"] == 7


@pytest.mark.parametrize(
    ("catalog", "text", "line", "problem"),
    [
        ("outdated.po", 'msgid "Surveys"\nmsgstr "Encuestas\n', 2, "cannot be read"),
        (
            "cx_handbook.po",
            '#, python-brace-format\nmsgid "Published {date}"\nmsgstr "Publicado {fecha}"\n',
            None,
            "Published {date}",
        ),
    ],
)
def test_a_catalog_that_does_not_compile_fails_make_check(
    project: Path, catalog: str, text: str, line: int | None, problem: str
) -> None:
    path = project / LC / catalog
    path.write_text(text, encoding="utf-8")
    done = run_cli(project, "--no-build")
    assert done.returncode == 1, done.stdout
    [finding] = [ln for ln in done.stdout.splitlines() if "[translation-catalog]" in ln]
    assert finding.startswith(f"{LC / catalog}:")
    assert ": error: this message catalog" in finding and problem in finding
    if line is not None:
        assert finding.startswith(f"{LC / catalog}:{line}:")
