"""GitHub integration: workflows and issue forms are valid for GitHub, and do what CONTRIBUTING.md promises.

Schema validation uses check-jsonschema's vendored schemas, offline. Reproduce one failure with e.g.
`.venv/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
# Any attempt to reach the network goes to a closed local port and fails at once.
OFFLINE_ENV = dict(
    os.environ,
    HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", ALL_PROXY="http://127.0.0.1:9",
    http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", NO_PROXY="", no_proxy="",
)


def load_yaml(path: Path):
    """YAML 1.2, as GitHub reads it (`on:` stays a string key)."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, env=OFFLINE_ENV, timeout=120)


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def workflow_named(trigger: str) -> tuple[Path, dict]:
    """The one workflow that runs on `trigger` (pull_request or push)."""
    found = [(p, load_yaml(p)) for p in WORKFLOWS if trigger in (load_yaml(p).get("on") or {})]
    assert len(found) == 1, f"expected exactly one workflow with `on: {trigger}`, found {[p.name for p, _ in found]}"
    return found[0]


# ----------------------------------------------------------------------------
# Valid for GitHub
# ----------------------------------------------------------------------------


def test_there_are_workflows_and_issue_forms() -> None:
    assert WORKFLOWS, "no .github/workflows/*.yml"
    assert {p.name for p in ISSUE_FORMS} >= {"suggest-a-tip.yml", "report-a-problem.yml"}
    assert (GITHUB / "ISSUE_TEMPLATE" / "config.yml").is_file()
    assert (GITHUB / "PULL_REQUEST_TEMPLATE.md").is_file()


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
    ids=["workflows", "issue-forms", "issue-config"],
)
def test_github_files_match_githubs_schemas_offline(schema: str, files: list[Path]) -> None:
    proc = check_jsonschema(schema, *files)
    assert proc.returncode == 0, f"{schema} rejects {[f.name for f in files]}:\n{proc.stdout}{proc.stderr}"


@pytest.mark.parametrize(
    ("schema", "name", "breakage", "expected"),
    [
        ("vendor.github-workflows", "pages.yml", ("pages: write", "pages: writ"), "writ"),
        ("vendor.github-workflows", "test.yml", ("runs-on: ubuntu-24.04", "run-on: ubuntu-24.04"), "runs-on"),
        ("vendor.github-issue-forms", "suggest-a-tip.yml", ("type: textarea", "type: text-area"), "text-area"),
        ("vendor.github-issue-forms", "suggest-a-tip.yml", ("description: Propose", "descripton: Propose"), "descripton"),
    ],
    ids=["workflow-permission-typo", "workflow-missing-runs-on", "form-unknown-field-type", "form-key-typo"],
)
def test_schema_check_rejects_a_broken_file(tmp_path: Path, schema: str, name: str, breakage: tuple[str, str], expected: str) -> None:
    source = next(p for p in WORKFLOWS + ISSUE_FORMS if p.name == name)
    text = source.read_text(encoding="utf-8")
    assert breakage[0] in text, f"{name} no longer contains {breakage[0]!r}; update this test's breakage"
    broken = tmp_path / name
    broken.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    proc = check_jsonschema(schema, broken)
    assert proc.returncode != 0, f"check-jsonschema accepted a broken {name}"
    assert expected in proc.stdout + proc.stderr


def test_make_check_reports_a_broken_workflow_with_file_and_line(tmp_path: Path) -> None:
    """`scripts/check.py --only github` on a copy with a bad permission names the file, line and value."""
    shutil.copytree(GITHUB, tmp_path / ".github")
    pages = tmp_path / ".github" / "workflows" / "pages.yml"
    lines = pages.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.strip() == "pages: write")
    lines[number - 1] = lines[number - 1].replace("pages: write", "pages: writ")
    pages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--project", str(tmp_path), "--only", "github"],
        capture_output=True, text=True, env=OFFLINE_ENV, timeout=120,
    )
    assert proc.returncode != 0, proc.stdout
    assert f".github/workflows/pages.yml:{number}:" in proc.stdout, proc.stdout
    assert "'writ' is not one of" in proc.stdout, proc.stdout


# ----------------------------------------------------------------------------
# What the workflows do
# ----------------------------------------------------------------------------


def test_every_action_is_pinned_to_a_full_version_or_a_commit() -> None:
    loose = []
    for path in WORKFLOWS:
        for step in steps_of(load_yaml(path)):
            uses = step.get("uses")
            if uses and not re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", uses):
                loose.append(f"{path.name}: {uses}")
    assert not loose, "actions not pinned to vX.Y.Z or a commit SHA:\n" + "\n".join(loose)


def test_pull_requests_run_the_readme_test_command_and_upload_the_site() -> None:
    path, workflow = workflow_named("pull_request")
    steps = steps_of(workflow)
    runs = [step.get("run", "") for step in steps]
    assert any(re.search(r"(^|\n)\s*make test\s*($|\n)", run) for run in runs), f"{path.name} does not run `make test`"
    build = next((i for i, run in enumerate(runs) if "make build" in run), None)
    assert build is not None, f"{path.name} does not build the site for reviewers"
    upload = next((i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@")), None)
    assert upload is not None and upload > build, f"{path.name} does not upload the built site after building it"
    assert steps[upload]["with"]["path"].rstrip("/") == "site", "the uploaded artifact is not the built site/ folder"
    assert workflow.get("permissions") == {"contents": "read"}, "pull-request runs need only read access"


def test_pushes_to_main_deploy_to_pages_with_the_official_actions() -> None:
    path, workflow = workflow_named("push")
    assert workflow["on"]["push"]["branches"] == ["main"], f"{path.name} must deploy from main only"
    assert workflow.get("concurrency", {}).get("group"), f"{path.name} has no concurrency group"
    used = [s.get("uses", "").split("@")[0] for s in steps_of(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used, f"{path.name} does not use {action}"
    deploy = next(job for job in workflow["jobs"].values() if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    build_runs = " ".join(s.get("run", "") for s in steps_of(workflow))
    assert "make build" in build_runs and "make check" in build_runs, f"{path.name} must check, then build with the Makefile"
    # Only the deploy job may publish; workflow-level rights stay read-only.
    assert workflow.get("permissions") == {"contents": "read"}


def test_ci_installs_nothing_but_debian_packages_and_the_locked_requirements() -> None:
    """CI runs in Debian with Debian's Chromium, as locally; no browser download step."""
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert "playwright install" not in text, f"{path.name} downloads a browser"
        assert "pip install" not in text, f"{path.name} installs packages outside the lock files"


# ----------------------------------------------------------------------------
# Issue forms
# ----------------------------------------------------------------------------


def test_suggest_a_tip_form_asks_for_the_tip_why_and_source() -> None:
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "suggest-a-tip.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for needed in ("tip", "why", "source"):
        assert needed in fields, f"suggest-a-tip.yml has no {needed!r} field"
        assert fields[needed].get("validations", {}).get("required") is True, f"{needed!r} should be required"
    source_help = fields["source"]["attributes"]["description"].lower()
    assert "contributor's experience" in source_help and "essay" in source_help


def test_report_a_problem_form_asks_where_and_what() -> None:
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "report-a-problem.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert {"page", "what"} <= set(fields)


def test_pull_request_template_carries_the_reviewers_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*(.+?)[:*]", text, re.M)
    for needed in ("Actionable", "Short", "Respectful of other people's networks", "No self-promotion or sales", "Sourced", "Checks pass"):
        assert needed in boxes, f"PULL_REQUEST_TEMPLATE.md has no '{needed}' box"
