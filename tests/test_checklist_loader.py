"""Loader and validator of checklists/*.yml: every kind of mistake gives one exact, fixable line."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import ChecklistError, Problem, load_all  # noqa: E402

# A valid checklist; the line numbers below are the ones the expected messages cite.
VALID = """\
# yaml-language-server: $schema=checklist.schema.json
id: sample
title: Send a request worth accepting
pause_point: Before you click Connect
kind: do-confirm
revised: 2026-11-23
guide_page: sending-a-request.md
items:
  - id: do-homework
    text: Read their profile first.
    why: A request is easier to accept when it shows you looked.
    sources: [network-thoughtfully]
  - id: say-why
    text: Say why you want to connect.
    why: A blank request reads like a cold call.
    sources: [linking-in, halpert]
  - id: offer
    text: Offer something before you ask.
    why: Networking is *helping*, not selling.
    sources: [know-your-why]
  - id: be-kind
    text: Keep it kind.
    why: Kindness goes a long way.
    sources: [chernecky]
  - id: no-pitch
    text: Do not pitch in the first message.
    why: You would not sell to someone you just met.
    sources: [network-thoughtfully]
"""

EXTRA_ITEM = """\
  - id: extra-{n}
    text: Another step.
    why: Because.
    sources: [halpert]
"""

F = "checklists/sample.yml"


def make_project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A project with the real schemas and sources registry, one guide page, and `files` under checklists/."""
    project = tmp_path / "project"
    (project / "checklists").mkdir(parents=True)
    for name in ("checklist.schema.json", "sources.schema.json", "sources.yml"):
        shutil.copy2(ROOT / "checklists" / name, project / "checklists" / name)
    (project / "docs").mkdir()
    (project / "docs" / "sending-a-request.md").write_text("# Sending a request\n", encoding="utf-8")
    for name, content in files.items():
        path = project / "checklists" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


def edited(old: str, new: str, text: str = VALID) -> str:
    """VALID with `old` replaced once by `new` (the test fails if `old` is not there)."""
    assert old in text, f"test setup: {old!r} not in the valid checklist"
    return text.replace(old, new, 1)


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        load_all(make_project(tmp_path, files))
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


# ----------------------------------------------------------------------------
# Bad input, one case per mistake: (files under checklists/, expected lines)
# ----------------------------------------------------------------------------

TOO_MANY = VALID + "".join(EXTRA_ITEM.format(n=n) for n in range(5))
TOO_FEW = VALID[: VALID.index("  - id: no-pitch")]

CASES = {
    "invalid-yaml": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [network-thoughtfully")},
        [f"{F}:13: invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'"],
    ),
    "several-yaml-documents": (
        {"sample.yml": VALID + "---\nid: x\n"},
        [f"{F}:29: invalid YAML: expected a single document in the stream, but found another document"],
    ),
    "duplicate-key": (
        {"sample.yml": edited("    text: Read their profile first.\n", "    text: Read their profile first.\n    text: again\n")},
        [f"{F}:11: duplicate key 'text' (first at line 10); keep only one"],
    ),
    "misspelt-item-key": (
        {"sample.yml": edited("    text: Read", "    txt: Read")},
        [
            f"{F}:9: item 'do-homework': missing key 'text'",
            f"{F}:10: item 'do-homework': unknown key 'txt' (did you mean 'text'?)",
        ],
    ),
    "unknown-top-level-key": (
        {"sample.yml": VALID + "colour: blue\n"},
        [f"{F}:29: unknown key 'colour' (allowed keys: guide_page, id, items, kind, order, pause_point, revised, summary, title)"],
    ),
    "missing-item-key": (
        {"sample.yml": edited("    why: A request is easier to accept when it shows you looked.\n", "")},
        [f"{F}:9: item 'do-homework': missing key 'why'"],
    ),
    "missing-title": (
        {"sample.yml": edited("title: Send a request worth accepting\n", "")},
        [f"{F}:2: missing key 'title'"],
    ),
    "sources-not-a-list": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: network-thoughtfully")},
        [f"{F}:12: item 'do-homework': 'sources' must be a list, not a string"],
    ),
    "text-is-a-number": (
        {"sample.yml": edited("text: Read their profile first.", "text: 42")},
        [f"{F}:10: item 'do-homework': 'text' must be a string, not a number"],
    ),
    "item-not-a-mapping": (
        {"sample.yml": edited(VALID[VALID.index("  - id: do-homework"):VALID.index("  - id: say-why")], "  - Read their profile first.\n")},
        [f"{F}:9: item 1: the entry must be a mapping, not a string"],
    ),
    "file-is-a-list": (
        {"sample.yml": "- a\n- b\n"},
        [f"{F}:1: the file must hold a mapping of keys, not a list"],
    ),
    "empty-file": (
        {"sample.yml": ""},
        [f"{F}: file is empty; start from a copy of another checklist"],
    ),
    "duplicate-item-id": (
        {"sample.yml": edited("id: say-why", "id: do-homework")},
        [f"{F}:13: item id 'do-homework' is used twice (first at line 9); give each item its own id"],
    ),
    "duplicate-checklist-id": (
        {"sample.yml": VALID, "other.yml": VALID},
        [
            "checklists/other.yml:2: id 'sample' does not match the file name; use id: other (or rename the file to sample.yml)",
            f"{F}: checklist id 'sample' is already used by checklists/other.yml; give each checklist its own id",
        ],
    ),
    "too-few-items": (
        {"sample.yml": TOO_FEW},
        [f"{F}:8: too few items (4); a checklist has 5 to 9 items"],
    ),
    "too-many-items": (
        {"sample.yml": TOO_MANY},
        [f"{F}:8: too many items (10); a checklist has 5 to 9 items: cut or split it"],
    ),
    "empty-text": (
        {"sample.yml": edited("text: Read their profile first.", 'text: ""')},
        [f"{F}:10: item 'do-homework': 'text' is empty"],
    ),
    "blank-text": (
        {"sample.yml": edited("text: Read their profile first.", 'text: "   "')},
        [f"{F}:10: item 'do-homework': 'text' is empty"],
    ),
    "text-on-two-lines": (
        {"sample.yml": edited("text: Read their profile first.", "text: |\n      Read their\n      profile first.")},
        [f"{F}:10: item 'do-homework': 'text' must be one line"],
    ),
    "text-too-long": (
        {"sample.yml": edited("text: Read their profile first.", "text: " + "x" * 91)},
        [f"{F}:10: item 'do-homework': 'text' is 91 characters; keep it to 90 or fewer"],
    ),
    "why-too-long": (
        {"sample.yml": edited("why: A request is easier to accept when it shows you looked.", "why: " + "y" * 601)},
        [f"{F}:11: item 'do-homework': 'why' is 601 characters; keep it to 600 or fewer"],
    ),
    "why-links-to-javascript": (
        {"sample.yml": edited("why: Kindness goes a long way.", "why: '[Kindness](javascript:alert(1)) goes a long way.'")},
        [f"{F}:23: item 'be-kind': 'why' links to 'javascript:alert(1)'; use a full https:// address"],
    ),
    "why-has-an-image": (
        {"sample.yml": edited("why: Kindness goes a long way.", "why: '![smile](https://example.org/s.png) Kindness.'")},
        [f"{F}:23: item 'be-kind': 'why' contains an image ('https://example.org/s.png'); images are not allowed, describe it in words"],
    ),
    "invisible-character": (
        {"sample.yml": edited("text: Read their profile first.", "text: Read their\u200b profile first.")},
        [f"{F}:10: item 'do-homework': 'text' contains the invisible character U+200B (ZERO WIDTH SPACE) at position 11; delete it (it can make text read differently from how it looks)"],
    ),
    "invisible-character-written-as-an-escape": (
        {"sample.yml": edited("text: Read their profile first.", 'text: "Read their\\u202e profile first."')},
        [f"{F}:10: item 'do-homework': 'text' contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 11; delete it (it can make text read differently from how it looks)"],
    ),
    "unknown-source-close-to-a-known-one": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [halpret]")},
        [f"{F}:12: item 'do-homework': unknown source 'halpret' (did you mean 'halpert'?); sources are listed in checklists/sources.yml"],
    ),
    "unknown-source": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [wikipedia]")},
        [
            f"{F}:12: item 'do-homework': unknown source 'wikipedia' (known sources: chernecky, contributor-experience, guide, "
            "halpert, know-your-why, linking-in, network-thoughtfully); sources are listed in checklists/sources.yml"
        ],
    ),
    "no-sources": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: []")},
        [f"{F}:12: item 'do-homework': 'sources' is empty; list at least one"],
    ),
    "source-cited-twice": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [halpert, halpert]")},
        [f"{F}:12: item 'do-homework': 'sources' lists 'halpert' twice"],
    ),
    "id-not-file-name": (
        {"sample.yml": edited("id: sample", "id: pre-connect")},
        [f"{F}:2: id 'pre-connect' does not match the file name; use id: sample (or rename the file to pre-connect.yml)"],
    ),
    "item-id-not-a-slug": (
        {"sample.yml": edited("id: do-homework", "id: Do Homework")},
        [
            f"{F}:9: item 'Do Homework': 'id' 'Do Homework' is not a safe slug; use lowercase letters, digits "
            "and single hyphens, e.g. 'do-homework'"
        ],
    ),
    "file-name-not-a-slug": (
        {"Sample File.yml": VALID},
        ["checklists/Sample File.yml: file name 'Sample File.yml' is not a safe slug; rename it to sample-file.yml"],
    ),
    "yaml-extension": (
        {"sample.yml": VALID, "other.yaml": VALID},
        ["checklists/other.yaml: checklist files end in .yml; rename it to other.yml"],
    ),
    "misspelt-kind": (
        {"sample.yml": edited("kind: do-confirm", "kind: do-confirn")},
        [f"{F}:5: 'kind' is 'do-confirn' (did you mean 'do-confirm'?)"],
    ),
    "unknown-tag": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [network-thoughtfully]\n    tags: [jobseeker]")},
        [f"{F}:13: item 'do-homework': 'tags' entry 1 is 'jobseeker' (did you mean 'job-seeker'?)"],
    ),
    "if-item-not-conditional": (
        {"sample.yml": edited("text: Read their profile first.", "text: If you can, read their profile first.")},
        [f"{F}:10: item 'do-homework': its text begins with “If”, so it does not apply to every reader: add `conditional: true` to the item (readers can then mark it “Doesn't apply”, which counts as done), or reword it"],
    ),
    "conditional-not-true-or-false": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: [network-thoughtfully]\n    conditional: sometimes")},
        [f"{F}:13: item 'do-homework': 'conditional' must be true or false, not a string"],
    ),
    "impossible-date": (
        {"sample.yml": edited("revised: 2026-11-23", "revised: 2026-02-30")},
        [f"{F}:6: 'revised' '2026-02-30' is not a real date; write it YYYY-MM-DD"],
    ),
    "date-in-another-format": (
        {"sample.yml": edited("revised: 2026-11-23", "revised: 23/11/2026")},
        [f"{F}:6: 'revised' '23/11/2026' must be a date written YYYY-MM-DD"],
    ),
    "guide-page-missing": (
        {"sample.yml": edited("guide_page: sending-a-request.md", "guide_page: sending-request.md")},
        [f"{F}:7: 'guide_page' 'sending-request.md' is not a page in docs/ (did you mean 'sending-a-request.md'?)"],
    ),
    "html-in-title": (
        {"sample.yml": edited("title: Send a request worth accepting", "title: Send <b>a</b> request")},
        [f"{F}:3: 'title' must be plain text without <, > or \" (use “ ” for quotes)"],
    ),
    "order-out-of-range": (
        {"sample.yml": edited("kind:", "order: 0\nkind:")},
        [f"{F}:5: 'order' is 0; use a number from 1 to 99"],
    ),
    "yaml-alias": (
        {"sample.yml": edited("sources: [network-thoughtfully]", "sources: &s [network-thoughtfully]")},
        [f"{F}:12: YAML anchors and aliases (&name, *name) are not allowed; write the value out"],
    ),
    "alias-bomb": (
        {"sample.yml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"},
        [f"{F}:1: YAML anchors and aliases (&name, *name) are not allowed; write the value out"],
    ),
    "python-object-tag": (
        {"sample.yml": edited("kind: do-confirm", "kind: !!python/object/apply:os.system [echo hi]")},
        [f"{F}:5: YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed; write a plain value"],
    ),
    "file-too-large": (
        {"sample.yml": VALID + "#" * 70_000 + "\n"},
        [f"{F}: file is {len(VALID) + 70_001} bytes; data files are limited to 64 KB"],
    ),
    "not-utf8": (
        {"sample.yml": edited("title: Send a request", "title: Caf\udce9 request").encode("utf-8", "surrogateescape")},
        [f"{F}:3: not valid UTF-8 text; save the file as UTF-8"],
    ),
    "bad-sources-registry": (
        {"sample.yml": VALID, "sources.yml": "- id: halpert\n  title: Stop\n  author: Marc\n  lable: Halpert\n  kind: essay\n"},
        [
            "checklists/sources.yml:1: source 'halpert': missing key 'label'",
            "checklists/sources.yml:4: source 'halpert': unknown key 'lable' (did you mean 'label'?)",
        ],
    ),
    "duplicate-source-id": (
        {"sample.yml": VALID, "sources.yml": "- {id: halpert, title: A, author: B, label: C, kind: essay}\n"
                                             "- {id: halpert, title: D, author: E, label: F, kind: essay}\n"},
        ["checklists/sources.yml:2: source id 'halpert' is used twice; give each source its own id"],
    ),
    # Issue 15 item 9: ids whose pages collide with the build's own.
    "reserved-id-index": (
        {"index.yml": edited("id: sample", "id: index")},
        ["checklists/index.yml:2: checklist id 'index' is reserved (checklists/index.md is the list of all checklists); choose another id and rename the file to match"],
    ),
    "reserved-id-print": (
        {"print.yml": edited("id: sample", "id: print")},
        ["checklists/print.yml:2: checklist id 'print' is reserved (print is the name of every checklist's print page); choose another id and rename the file to match"],
    ),
    # Issue 15 item 14: messages that said the wrong thing, or said too much.
    "empty-sources-registry": (
        {"sample.yml": VALID, "sources.yml": ""},
        ["checklists/sources.yml: file is empty; list the sources checklist items cite, as in sources.schema.json"],
    ),
    "very-long-item-id": (
        {"sample.yml": edited("  - id: do-homework", "  - id: " + "A" * 60_000)},
        [f"{F}:9: item '{'A' * 57}…' (60000 characters): 'id' '{'A' * 57}…' (60000 characters) is not a safe slug; "
         f"use lowercase letters, digits and single hyphens, e.g. '{'a' * 57}…' (60000 characters)",
         f"{F}:9: item '{'A' * 57}…' (60000 characters): 'id' is 60000 characters; keep it to 40 or fewer"],
    ),
}


@pytest.mark.parametrize("files, expected", list(CASES.values()), ids=list(CASES))
def test_bad_checklist_is_reported_exactly(tmp_path: Path, files: dict, expected: list[str]) -> None:
    assert problems_for(tmp_path, files) == expected


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    files = {
        "sample.yml": edited("text: Read their profile first.", 'text: ""'),
        "other.yml": edited("id: sample", "id: other", edited("kind: do-confirm", "kind: read-only")),
    }
    assert problems_for(tmp_path, files) == [
        "checklists/other.yml:5: 'kind' is 'read-only' (did you mean 'read-do'?)",
        f"{F}:10: item 'do-homework': 'text' is empty",
    ]


def test_missing_checklists_folder_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_all(tmp_path)
    assert caught.value.problems == [Problem("checklists/", None, "folder not found; create it with one <id>.yml file per checklist")]


def test_valid_checklist_loads_into_frozen_data(tmp_path: Path) -> None:
    catalog = load_all(make_project(tmp_path, {"sample.yml": VALID}))
    (checklist,) = catalog.checklists
    assert checklist.id == "sample"
    assert checklist.path == F
    assert str(checklist.revised) == "2026-11-23"
    assert [item.id for item in checklist.items] == ["do-homework", "say-why", "offer", "be-kind", "no-pitch"]
    assert checklist.items[1].sources == ("linking-in", "halpert")
    assert catalog.sources["halpert"].label == "Halpert"
    with pytest.raises(AttributeError):
        checklist.title = "changed"  # type: ignore[misc]


def test_checklists_come_in_their_intended_order(tmp_path: Path) -> None:
    first = edited("id: sample", "id: zeta", edited("kind:", "order: 1\nkind:"))
    second = edited("id: sample", "id: alpha", edited("kind:", "order: 2\nkind:"))
    catalog = load_all(make_project(tmp_path, {"zeta.yml": first, "alpha.yml": second}))
    assert [c.id for c in catalog.checklists] == ["zeta", "alpha"]


def test_the_project_checklists_load_cleanly() -> None:
    catalog = load_all(ROOT)
    assert [c.id for c in catalog.checklists] == ["pre-connect", "incoming-request", "introductions", "after-connecting", "pruning"]
    for checklist in catalog.checklists:
        for item in checklist.items:
            assert set(item.sources) <= set(catalog.sources), f"{checklist.path}: item {item.id!r} cites an unknown source"


# ----------------------------------------------------------------------------
# Files that are not read, or are read from outside the repository (issue 15 item 11)
# ----------------------------------------------------------------------------


def _unread(tmp_path: Path, make) -> list[str]:
    project = make_project(tmp_path, {"sample.yml": VALID})
    make(project / "checklists")
    return [str(p) for p in load_all(project).warnings]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: (d / "other.YML").write_text(VALID, encoding="utf-8"),
         "checklists/other.YML: is not read: checklist files end in .yml, in lower case; rename it to other.yml"),
        (lambda d: ((d / "sub").mkdir(), (d / "sub" / "other.yml").write_text(VALID, encoding="utf-8")),
         "checklists/sub/other.yml: is not read: checklists are read from checklists/*.yml only, not from sub-folders; move it to checklists/other.yml"),
        (lambda d: (d / "other.yml ").write_text(VALID, encoding="utf-8"),
         "checklists/other.yml : is not read: its name 'other.yml ' begins or ends with a space; rename it to other.yml"),
        (lambda d: (d / "other.yml").mkdir(),
         "checklists/other.yml/: is a folder, not a file, so it is not read; a checklist is one file checklists/<id>.yml"),
        (lambda d: (d / "other.yml").symlink_to(d / "missing.yml"),
         "checklists/other.yml: is not read: it is a symbolic link to a file that does not exist; remove the link or restore its target"),
    ],
    ids=["upper-case-extension", "in-a-sub-folder", "trailing-space", "a-folder", "dangling-symlink"],
)
def test_what_looks_like_a_checklist_but_is_not_read_is_a_warning(tmp_path: Path, make, expected: str) -> None:
    assert _unread(tmp_path, make) == [expected]


def test_the_decisions_folder_and_the_projects_own_files_give_no_warning() -> None:
    assert load_all(ROOT).warnings == ()


def test_an_unread_file_fails_the_strict_build(tmp_path: Path) -> None:
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    (project / "checklists" / "extra.YML").write_text(VALID, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert "checklists/extra.YML: is not read: checklist files end in .yml, in lower case; rename it to extra.yml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["outside.yml", "sources.yml"])
def test_a_symlink_leaving_the_repository_is_refused(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path / "in", {"sample.yml": VALID})
    outside = tmp_path / "elsewhere.yml"
    shutil.copy2(project / "checklists" / ("sources.yml" if name == "sources.yml" else "sample.yml"), outside)
    if name == "outside.yml":
        outside.write_text(VALID.replace("id: sample", "id: outside"), encoding="utf-8")
    (project / "checklists" / name).unlink(missing_ok=True)
    (project / "checklists" / name).symlink_to(outside)
    with pytest.raises(ChecklistError) as caught:
        load_all(project)
    assert f"checklists/{name}: is a symbolic link to a file outside the repository, which the build would publish; copy the file into the repository instead" in [
        str(p) for p in caught.value.problems]


def test_a_symlink_inside_the_repository_is_read(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.yml": VALID})
    (project / "shared").mkdir()
    (project / "shared" / "other.yml").write_text(VALID.replace("id: sample", "id: other"), encoding="utf-8")
    (project / "checklists" / "other.yml").symlink_to(project / "shared" / "other.yml")
    assert [c.id for c in load_all(project).checklists] == ["other", "sample"]


def test_sources_registry_as_a_folder_says_so(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.yml": VALID})
    (project / "checklists" / "sources.yml").unlink()
    (project / "checklists" / "sources.yml").mkdir()
    with pytest.raises(ChecklistError) as caught:
        load_all(project)
    assert [str(p) for p in caught.value.problems] == [
        "checklists/sources.yml/: is a folder; it must be a file listing the sources checklist items cite (see sources.schema.json)"]


@pytest.mark.parametrize("module", ["cwc_checklists"])
def test_generate_into_an_existing_file_is_one_line(tmp_path: Path, module: str) -> None:
    """`python -m cwc_checklists --out <a file>` ended in a NotADirectoryError traceback."""
    import subprocess

    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", module, "--out", str(target)], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"--out {target}: is a file, not a folder; name a folder (it is created if missing)"
    assert target.read_text(encoding="utf-8") == "x"
