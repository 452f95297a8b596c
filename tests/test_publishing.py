"""Publishing: the Read the Docs and GitHub Pages configs build the site and the PDF."""

from __future__ import annotations

import yaml

from helpers import REPO_ROOT


def test_read_the_docs_builds_site_and_pdf_into_its_output() -> None:
    config = yaml.safe_load((REPO_ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = "\n".join(config["build"]["commands"])
    assert "make html pdf" in commands
    assert "$READTHEDOCS_OUTPUT/html" in commands and "$READTHEDOCS_OUTPUT/pdf" in commands


def test_github_pages_workflow_builds_and_deploys() -> None:
    path = REPO_ROOT / ".github" / "workflows" / "pages.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert steps[0]["with"]["fetch-depth"] == 0  # git dates need the history
    assert any("make html pdf" in s.get("run", "") for s in steps)
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages")
