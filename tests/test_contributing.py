"""The contributor's path, end to end: CONTRIBUTING.md's own example goes through `make check`, the build,
the interactive page, the print page (still one page) and the JSON export; bad contributions fail with
file, line and fix. Also: `make check` itself, the near-duplicate rule, "Edit this page" and "Suggest a tip".

Reproduce a failure by hand: copy the repo, paste CONTRIBUTING.md's example under `items:` in
checklists/pruning.yml, run `make check`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from conftest import ROOT, StaticServer, copy_project, run_build, site_path_prefix

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TARGET = "pruning"  # the checklist CONTRIBUTING.md's example belongs to
# Everything `make check` reads, on top of what a build needs (conftest.PROJECT_PARTS).
CHECK_PARTS = ("Makefile", "scripts", "requirements", "pyproject.toml", ".codespellrc", ".codespell-words.txt",
               ".pymarkdown.json", ".github", "README.md", "CONTRIBUTING.md")
# `make check` must not reach the network: proxies point at a closed port and pip may not use an index.
OFFLINE_ENV = {
    **os.environ,
    "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": "",
    "PIP_NO_INDEX": "1",
}
# Distinct filler items (no two alike) to fill a checklist up to its limit.
FILLERS = [
    "Water the office plants on Fridays.",
    "Archive old invoices from last quarter.",
    "Calibrate the projector before the talk.",
    "Label every cable behind the desk.",
    "Test the fire alarm with facilities.",
    "Renew the domain name in March.",
    "Sharpen pencils for the workshop.",
    "Defrost the kitchen freezer monthly.",
    "Back up photos to the external drive.",
]


def _load_check_module():
    spec = importlib.util.spec_from_file_location("cwc_check", ROOT / "scripts" / "check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cwc_check"] = module
    spec.loader.exec_module(module)
    return module


check = _load_check_module()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def example_item() -> str:
    """The YAML block CONTRIBUTING.md tells contributors to paste under `items:`, exactly as written there."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    match = re.search(r"<!-- example-item:start.*?-->\s*\n(?P<body>.*?)<!-- example-item:end -->", text, re.S)
    assert match, "CONTRIBUTING.md has no <!-- example-item:start --> ... <!-- example-item:end --> block"
    fence = re.search(r"^(?P<indent>[ ]*)```ya?ml\n(?P<code>.*?)^(?P=indent)```", match["body"], re.S | re.M)
    assert fence, "the example block in CONTRIBUTING.md holds no ```yaml fence"
    indent = fence["indent"]
    lines = [line[len(indent):] if line.startswith(indent) else line for line in fence["code"].splitlines()]
    return "\n".join(lines) + "\n"


def example_id() -> str:
    return re.search(r"- id: (\S+)", example_item()).group(1)


def example_text() -> str:
    return re.search(r"^\s+text: (.+)$", example_item(), re.M).group(1).strip()


def contributor_copy(tmp_path: Path) -> Path:
    """A copy of the repository as a contributor's clone, sharing this checkout's installed .venv."""
    project = copy_project(tmp_path / "clone")
    for part in CHECK_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        elif src.exists():
            shutil.copy2(src, project / part)
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return project


def add_item(project: Path, checklist_id: str, block: str) -> int:
    """Append `block` at the end of the checklist's `items:` list, as a contributor would; return its first line."""
    path = project / "checklists" / f"{checklist_id}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "items:")
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and not lines[i].startswith((" ", "-", "#")):
            end = i
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = [block if block.endswith("\n") else block + "\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return end + 1


def item_count(project: Path, checklist_id: str) -> int:
    text = (project / "checklists" / f"{checklist_id}.yml").read_text(encoding="utf-8")
    return len(re.findall(r"^  - id: ", text, re.M))


def drop_last_item(project: Path, checklist_id: str) -> None:
    path = project / "checklists" / f"{checklist_id}.yml"
    text = path.read_text(encoding="utf-8")
    last = [m.start() for m in re.finditer(r"^  - id: ", text, re.M)][-1]
    rest = re.search(r"^\S", text[last:], re.M)
    path.write_text(text[:last] + (text[last + rest.start():] if rest else ""), encoding="utf-8")


def run_make_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "check"], cwd=project, capture_output=True, text=True,
                          env=OFFLINE_ENV, timeout=600)


def run_check_script(project: Path, only: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(project / "scripts" / "check.py"), "--project", str(project), "--only", only]
    return subprocess.run(cmd, capture_output=True, text=True, env=OFFLINE_ENV, timeout=600)


def line_of(project: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ----------------------------------------------------------------------------
# CONTRIBUTING.md says what the project does
# ----------------------------------------------------------------------------


def test_contributing_gives_the_three_commands() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for command in ("make serve", "make check", "make test"):
        assert f"`{command}`" in text or f"\n{command}" in text, f"CONTRIBUTING.md does not give `{command}`"


def test_contributing_lists_the_essays_and_tags_the_data_accepts() -> None:
    """The source ids and tags CONTRIBUTING.md names are the ones the registry and the schema accept."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    registry = (ROOT / "checklists" / "sources.yml").read_text(encoding="utf-8")
    essays = re.findall(r"- id: (\S+)\n(?:  .*\n)*?  kind: essay", registry)
    assert len(essays) == 5
    for essay in essays:
        assert f"| `{essay}` |" in text, f"CONTRIBUTING.md does not list the essay id {essay!r}"
    assert "- id: contributor-experience" in registry and "`contributor-experience`" in text
    schema = json.loads((ROOT / "checklists" / "checklist.schema.json").read_text(encoding="utf-8"))
    tags = schema["$defs"]["item"]["properties"]["tags"]["items"]["enum"]
    row = next(line for line in text.splitlines() if line.startswith("| `tags` |"))
    assert re.findall(r"`([a-z-]+)`", row)[1:] == tags, "CONTRIBUTING.md's tag list differs from the schema's"
    limit = schema["$defs"]["item"]["properties"]["text"]["maxLength"]
    assert f"{limit} characters" in text


def test_contributing_states_the_near_duplicate_thresholds_in_use() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert f"**{check.DUPLICATE_THRESHOLD:.2f} or more**" in text
    assert f"**{check.DUPLICATE_THRESHOLD_ACROSS:.2f} or more**" in text


def test_every_checklist_file_names_its_json_schema_for_editor_autocompletion() -> None:
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name}: first line should be '# yaml-language-server: $schema=<schema>.json'"
        assert (path.parent / match.group(1)).is_file(), f"{path.name}: schema {match.group(1)} not found"


def test_the_example_item_is_a_well_formed_community_tip() -> None:
    item = example_item()
    assert item.startswith("  - id: "), "the example must paste under `items:` as it is (two-space indent)"
    assert "sources: [contributor-experience]" in item
    assert len(example_text()) <= 90


# ----------------------------------------------------------------------------
# The contributor's path, end to end
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory):
    """A clone with CONTRIBUTING.md's example added to its checklist, checked with `make check`, and built."""
    tmp = tmp_path_factory.mktemp("contribution")
    project = contributor_copy(tmp)
    if item_count(project, TARGET) >= 9:
        drop_last_item(project, TARGET)  # make room: this test is about the happy path
    add_item(project, TARGET, example_item())
    proc = run_make_check(project)
    build = run_build(project, tmp / "site")
    return project, proc, build


def test_make_check_accepts_the_example_contribution(contributed) -> None:
    _, proc, _ = contributed
    assert proc.returncode == 0, f"`make check` rejected CONTRIBUTING.md's own example:\n{proc.stdout}{proc.stderr}"
    assert "0 failed, 0 skipped" in proc.stdout and "All good" in proc.stdout


def test_the_new_tip_is_on_the_interactive_page_as_a_community_tip(contributed) -> None:
    _, _, build = contributed
    assert build.ok, build.output
    page = soup(build.site_dir / "checklists" / TARGET / "index.html")
    item = page.select_one(f"li#{TARGET}--{example_id()}")
    assert item is not None, "the new item is not on the interactive page"
    assert item.select_one("label").get_text() == example_text()
    badge = item.select_one(".cwc-community")
    assert badge is not None and badge.get_text() == "Community tip"
    assert item.select_one("input")["aria-describedby"] == badge["id"]
    assert item.select_one(".cwc-sources").get_text(" ", strip=True) == "Source: Contributor’s experience"
    # The essays' items carry no such label.
    others = [li for li in page.select("li.cwc-item") if li is not item]
    assert others and not any(li.select_one(".cwc-community") for li in others)


def test_the_new_tip_is_listed_on_the_guide_page(contributed) -> None:
    project, _, build = contributed
    guide = re.search(r"^guide_page: ([a-z0-9-]+)\.md", (project / "checklists" / f"{TARGET}.yml").read_text(encoding="utf-8"), re.M)
    page = soup(build.site_dir / guide.group(1) / "index.html")
    entries = [li for li in page.select(".cwc-glance li") if example_text() in li.get_text()]
    assert entries, f"the new tip is not listed on the guide page {guide.group(1)}.md"
    assert entries[0].select_one(".cwc-community").get_text() == "Community tip"


def test_the_new_tip_is_in_the_json_export(contributed) -> None:
    _, _, build = contributed
    data = json.loads((build.site_dir / "checklists" / f"{TARGET}.json").read_text(encoding="utf-8"))
    item = next((i for i in data["items"] if i["id"] == example_id()), None)
    assert item is not None, "the new item is not in the JSON export"
    assert item["text"] == example_text()
    assert item["community"] is True
    assert [s["id"] for s in item["sources"]] == ["contributor-experience"]
    assert item["sources"][0]["kind"] == "community"


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_print_page_shows_the_new_tip_and_still_prints_on_one_page(contributed, browser, paper: str) -> None:
    from pypdf import PdfReader

    _, _, build = contributed
    prefix = site_path_prefix(build.project_dir)
    with StaticServer(build.site_dir, prefix=prefix) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + f"checklists/{TARGET}/print/", wait_until="networkidle")
        texts = page.locator("ol li").all_inner_texts()
        assert any(example_text() in t and "community tip" in t for t in texts), texts
        pdf = page.pdf(format=paper, print_background=True, prefer_css_page_size=True)
        context.close()
    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    assert pages == 1, f"with the new tip, the {TARGET} print page takes {pages} {paper} pages"


@pytest.mark.browser
def test_the_new_tip_can_be_ticked_in_the_browser(contributed, browser) -> None:
    _, _, build = contributed
    with StaticServer(build.site_dir, prefix=site_path_prefix(build.project_dir)) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + f"checklists/{TARGET}/", wait_until="networkidle")
        box = page.get_by_role("checkbox", name=example_text(), exact=True)
        box.check()
        page.reload(wait_until="networkidle")
        assert page.get_by_role("checkbox", name=example_text(), exact=True).is_checked(), "the tick was not kept"
        assert page.locator(f"#{TARGET}--{example_id()} .cwc-community").is_visible()
        context.close()


def test_a_tenth_item_fails_with_a_clear_message(tmp_path: Path) -> None:
    project = contributor_copy(tmp_path)
    for filler in FILLERS[: 9 - item_count(project, TARGET)]:
        slug = re.sub(r"[^a-z]+", "-", filler.lower()).strip("-")
        add_item(project, TARGET, f"  - id: {slug}\n    text: {filler}\n    why: A filler.\n    sources: [halpert]\n")
    assert item_count(project, TARGET) == 9
    add_item(project, TARGET, example_item())
    proc = run_make_check(project)
    assert proc.returncode != 0, proc.stdout
    items_line = line_of(project, f"checklists/{TARGET}.yml", "items:")
    assert f"checklists/{TARGET}.yml:{items_line}: too many items (10); a checklist has 5 to 9 items" in proc.stdout, proc.stdout


# ----------------------------------------------------------------------------
# Bad contributions: the check fails, naming file, line and fix
# ----------------------------------------------------------------------------

BAD_CONTRIBUTIONS = {
    # name: (change to the example block, line marker, expected message after "file:line: ")
    "typo-in-a-key": (("    text: ", "    txt: "), "txt:", "item '{id}': unknown key 'txt' (did you mean 'text'?)"),
    "missing-source": (("    sources: [contributor-experience]\n", ""), "- id: {id}", "item '{id}': missing key 'sources'"),
    "unknown-source": (("[contributor-experience]", "[contributors-experience]"), "contributors-experience",
                       "item '{id}': unknown source 'contributors-experience' (did you mean 'contributor-experience'?)"),
    "text-too-long": (("    text: ", "    text: Always, without exception and on every single occasion, "), "text:",
                      "item '{id}': 'text' is"),
}


@pytest.mark.parametrize("name", BAD_CONTRIBUTIONS)
def test_a_bad_contribution_fails_make_check_naming_file_line_and_fix(name: str, tmp_path: Path) -> None:
    (old, new), marker, expected = BAD_CONTRIBUTIONS[name]
    project = contributor_copy(tmp_path)
    block = example_item()
    assert old in block
    first = add_item(project, TARGET, block.replace(old, new, 1))
    rel = f"checklists/{TARGET}.yml"
    marker = marker.format(id=example_id())
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if n >= first and marker in text)
    proc = run_make_check(project) if name == "typo-in-a-key" else run_check_script(project, "data,tips")
    assert proc.returncode != 0, f"{name}: the check passed:\n{proc.stdout}"
    assert f"{rel}:{line}: {expected.format(id=example_id())}" in proc.stdout, proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    if name == "missing-source":
        assert f"{rel}:{line}: item {example_id()!r}: cites no source; add `sources: [<id>]` (an essay id" in proc.stdout


def test_a_duplicate_item_id_fails_naming_both_lines(tmp_path: Path) -> None:
    project = contributor_copy(tmp_path)
    rel = f"checklists/{TARGET}.yml"
    existing = re.search(r"^  - id: (\S+)", (project / rel).read_text(encoding="utf-8"), re.M).group(1)
    first_line = line_of(project, rel, f"- id: {existing}")
    added = add_item(project, TARGET, example_item().replace(f"- id: {example_id()}", f"- id: {existing}", 1))
    proc = run_make_check(project)
    assert proc.returncode != 0, proc.stdout
    assert (f"{rel}:{added}: item id {existing!r} is used twice (first at line {first_line}); give each item its own id"
            in proc.stdout), proc.stdout


def test_a_near_duplicate_tip_fails_naming_the_item_it_repeats(tmp_path: Path) -> None:
    project = contributor_copy(tmp_path)
    rel = f"checklists/{TARGET}.yml"
    text = (project / rel).read_text(encoding="utf-8")
    existing_id, existing_text = re.search(r"^  - id: (\S+)\n    text: (.+)$", text, re.M).groups()
    reworded = existing_text.rstrip(".") + ", please."
    first = add_item(project, TARGET, example_item().replace(f"text: {example_text()}", f"text: {reworded}", 1))
    proc = run_check_script(project, "tips")
    assert proc.returncode != 0, proc.stdout
    assert f"{rel}:{first + 1}: item {example_id()!r} is a near-duplicate of {rel}:" in proc.stdout, proc.stdout
    assert f"item {existing_id!r}" in proc.stdout and "merge it into that item" in proc.stdout


@pytest.mark.parametrize(
    ("step", "file", "change", "expected"),
    [
        ("spelling", "docs/pruning.md", ("\n\n", "\n\nThis is teh best advice.\n\n"), ": 'teh' looks misspelled; write the"),
        ("markdown", "docs/pruning.md", ("\n\n", "\n\n#Heading without a space\n\n"), "(rule MD018;"),
        ("build,links", "docs/contributing.md", ("\n\n", '\n\n<a href="#no-such-anchor">raw HTML link</a>\n\n'),
         ": link '#no-such-anchor': no heading or element with id 'no-such-anchor'"),
        ("build", "docs/pruning.md", ("\n\n", "\n\n[a link](no-such-page.md)\n\n"), "no-such-page.md"),
        ("pages", "docs/pruning.md", ("\n\n", '\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n\n'),
         ": raw HTML <meta>: a <meta> can redirect readers to another site"),
    ],
    ids=["spelling", "markdown-lint", "broken-anchor-in-html", "broken-link-in-markdown", "redirect-in-a-guide-page"],
)
def test_other_check_steps_fail_naming_file_and_line(step: str, file: str, change: tuple[str, str], expected: str, tmp_path: Path) -> None:
    project = contributor_copy(tmp_path)
    path = project / file
    text = path.read_text(encoding="utf-8")
    # Insert after the first paragraph break that follows the front matter and the title.
    at = text.index("\n\n", text.index("\n# ") + 1)
    path.write_text(text[:at] + change[1] + text[at + 2:], encoding="utf-8")
    line = text[:at].count("\n") + 3
    proc = run_check_script(project, step)
    assert proc.returncode != 0, proc.stdout
    assert re.search(rf"{re.escape(file)}:{line}\b.*{re.escape(expected)}", proc.stdout), proc.stdout


# ----------------------------------------------------------------------------
# make check and make test
# ----------------------------------------------------------------------------


def test_make_check_passes_on_this_tree_offline_and_prints_a_summary() -> None:
    proc = subprocess.run(["make", "--no-print-directory", "check"], cwd=ROOT, capture_output=True, text=True,
                          env=OFFLINE_ENV, timeout=600)
    assert proc.returncode == 0, f"`make check` fails on the repository:\n{proc.stdout}{proc.stderr}"
    for step in check.STEPS:
        assert re.search(rf"^ok\s+{step}\b", proc.stdout, re.M), f"step {step!r} did not pass:\n{proc.stdout}"
    assert re.search(r"^make check: 8 passed, 0 failed, 0 skipped in [\d.]+s\. All good\.$", proc.stdout, re.M)


def test_make_test_runs_make_check_first() -> None:
    proc = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    commands = proc.stdout.splitlines()
    check_at = next(i for i, c in enumerate(commands) if "scripts/check.py" in c)
    pytest_at = next(i for i, c in enumerate(commands) if "-m pytest" in c)
    assert check_at < pytest_at


# ----------------------------------------------------------------------------
# Near-duplicates
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Read their profile first.", "First, read their profile."),
        ("Leave any sales pitch out of your first messages.", "Leave the sales pitch out of your first message."),
        ("Look for a shared contact before you send a stranger a cold request.",
         "Before sending a cold request to a stranger, look for a shared contact."),
        ("Say in one sentence why you want to connect with this person.",
         "Write one sentence on why you want to connect with them."),
    ],
)
def test_rewordings_are_near_duplicates(a: str, b: str) -> None:
    assert check.similarity(a, b) >= check.DUPLICATE_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Read their profile first.", "Send a thank-you note within a day."),
        ("Ask only a contact who really knows the person.",
         "If you don't really know the person asking, say so instead of vouching."),
        ("Accept only if you would trust them with access to your contacts.",
         "Keep only people you would trust with access to your contacts."),
    ],
)
def test_different_tips_are_not_near_duplicates_across_checklists(a: str, b: str) -> None:
    assert check.similarity(a, b) < check.DUPLICATE_THRESHOLD_ACROSS


def test_no_two_real_items_are_near_duplicates() -> None:
    items, _ = check.read_items(ROOT)
    assert len(items) >= 25
    assert check.near_duplicates(items) == []


# ----------------------------------------------------------------------------
# Edit this page, Suggest a tip
# ----------------------------------------------------------------------------


def test_every_page_has_an_edit_link_to_a_file_in_the_repository(built_site: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    edit_base = config["repo_url"].rstrip("/") + "/edit/main/"
    missing, wrong = [], []
    for page in sorted(built_site.rglob("index.html")):
        rel = page.relative_to(built_site).as_posix()
        if rel.endswith("print/index.html"):
            continue  # the print page has no site chrome by design; its interactive page links to the data
        link = soup(page).select_one("a.md-content__button[href*='/edit/']")
        if link is None:
            missing.append(rel)
            continue
        href = link["href"]
        target = href[len(edit_base):] if href.startswith(edit_base) else None
        if target is None or not (ROOT / os.path.normpath(target)).is_file():
            wrong.append(f"{rel}: {href}")
    assert not missing, f"pages without 'Edit this page': {missing}"
    assert not wrong, f"'Edit this page' opens a file that is not in the repository: {wrong}"


def test_checklist_pages_edit_their_yaml_file(built_site: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    for data in sorted((ROOT / "checklists").glob("*.yml")):
        if data.name == "sources.yml":
            continue
        link = soup(built_site / "checklists" / data.stem / "index.html").select_one("a.md-content__button[href*='/edit/']")
        assert link is not None and link["href"] == f"{config['repo_url'].rstrip('/')}/edit/main/checklists/{data.name}"


def test_every_page_offers_suggest_a_tip_which_opens_the_issue_form(built_site: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    form_url = f"{config['repo_url'].rstrip('/')}/issues/new?template=suggest-a-tip.yml"
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / urlsplit(form_url).query.split("=", 1)[1]).is_file()
    without = []
    for page in sorted(built_site.rglob("index.html")):
        rel = page.relative_to(built_site).as_posix()
        if rel.endswith("print/index.html"):
            continue
        links = [a for a in soup(page).select("a[href]") if a["href"] == form_url]
        if not any(a.get_text(strip=True) == "Suggest a tip" for a in links):
            without.append(rel)
    assert not without, f"pages without a 'Suggest a tip' link to {form_url}: {without}"


def test_contribute_page_is_in_the_nav_and_links_to_the_forms(built_site: Path) -> None:
    home = soup(built_site / "index.html")
    assert any(a["href"].rstrip("/").endswith("contributing") for a in home.select("nav.md-nav a[href]")), "no nav link to the Contribute page"
    page = soup(built_site / "contributing" / "index.html")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    assert any(h.endswith("template=suggest-a-tip.yml") for h in hrefs)
    assert any(h.endswith("template=report-a-problem.yml") for h in hrefs)
    assert any(h.endswith("/CONTRIBUTING.md") for h in hrefs)
