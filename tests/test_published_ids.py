"""Published item ids (checklists/ids/published.yml, issue 15 item 4): readers' ticks are saved by item
id, so an id that has been on the site cannot silently disappear (the ticks would be lost) or come back
meaning something else (an old tick would sit on new advice). A rename is recorded, and the saved
ticks follow it in the browser. Reproduce: `.venv/bin/python -m pytest tests/test_published_ids.py`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, StaticServer, copy_project, new_watched_page, run_build, site_path_prefix

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import ChecklistError, load_all  # noqa: E402
from cwc_checklists.published import main, record_text, unrecorded, with_new_ids  # noqa: E402
from cwc_checklists.yamldata import read_yaml  # noqa: E402

RECORD = "checklists/ids/published.yml"
CID = "pre-connect"


def _project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _record_line(project: Path, checklist: str, item: str) -> int:
    lines = (project / RECORD).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{checklist}:")
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.strip() == f"- {item}")


def _remove_item(project: Path, item: str) -> None:
    path = project / "checklists" / f"{CID}.yml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^  - id: {item}\n(?:    .*\n|\s*\n)*?(?=  - id: |\Z)", "", text, flags=re.M)
    assert count == 1, f"test setup: no item {item!r}"
    path.write_text(new, encoding="utf-8")


def _add_to_entry(project: Path, key: str, value: str) -> int:
    """Add `value` (`old: new` or an id) to the flow-style `renamed: {...}` / `retired: [...]` of CID's
    entry in the record (made if missing); the line it is on."""
    path = project / RECORD
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"{CID}:\n")
    end = next((n for n in range(start + 1, len(lines)) if not lines[n].startswith(" ")), len(lines))
    at = next((n for n in range(start + 1, end) if lines[n].startswith(f"  {key}: ")), None)
    if at is None:
        at = start + 1
        lines.insert(at, f"  {key}: {{{value}}}\n" if key == "renamed" else f"  {key}: [{value}]\n")
    else:
        line = lines[at].rstrip("\n")
        lines[at] = line[:-1] + f", {value}" + line[-1] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def _problems(project: Path) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        load_all(project)
    return [str(p) for p in caught.value.problems]


# ----------------------------------------------------------------------------
# The record
# ----------------------------------------------------------------------------


def test_the_record_lists_every_item_id_on_the_site() -> None:
    """A new item's id goes into the record in the same change (CONTRIBUTING.md, "Item ids")."""
    record, _, problems = read_yaml(ROOT / RECORD, RECORD)
    assert not problems, problems
    missing = unrecorded(record, list(load_all(ROOT).checklists))
    assert not missing, f"{RECORD} does not list {missing}; run `PYTHONPATH=hooks .venv/bin/python -m cwc_checklists.published`"


def _read(path: Path):
    data, lines, problems = read_yaml(path, RECORD)
    assert not problems, problems
    return data, lines


def test_the_writer_writes_the_record_back_byte_for_byte() -> None:
    """Nothing new: the text the writer makes is the file as it is, header and notes included."""
    text = (ROOT / RECORD).read_text(encoding="utf-8")
    record, lines = _read(ROOT / RECORD)
    assert record_text(text, record, lines, {}, RECORD) == text


def test_the_command_adds_a_missing_id_where_it_was_and_keeps_the_rest(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path)
    before = (project / RECORD).read_text(encoding="utf-8")
    _edit(project, RECORD, "    - note-says-why\n", "")  # the last id of pre-connect: as if its item were new
    assert main([str(project)]) == 0
    assert capsys.readouterr().out == f"{RECORD}: 1 new id(s) recorded\n"
    assert (project / RECORD).read_text(encoding="utf-8") == before
    assert main([str(project)]) == 0
    assert capsys.readouterr().out == f"{RECORD}: 0 new id(s) recorded\n"
    assert (project / RECORD).read_text(encoding="utf-8") == before


def test_the_command_adds_a_checklist_the_record_lacks_and_it_reads_back(tmp_path: Path) -> None:
    project = _project(tmp_path)
    text = (project / RECORD).read_text(encoding="utf-8")
    start = text.index("\nafter-connecting:\n") + 1
    end = text.index("\npruning:\n") + 1
    (project / RECORD).write_text(text[:start] + text[end:], encoding="utf-8")
    assert main([str(project)]) == 0
    record, _ = _read(project / RECORD)
    ids = [item.id for item in load_all(project).get("after-connecting").items]
    assert list(record) == ["pre-connect", "incoming-request", "introductions", "pruning", "after-connecting"]
    assert record["after-connecting"] == {"published": ids}
    assert (project / RECORD).read_text(encoding="utf-8").startswith(text[:start])


def test_the_command_makes_a_missing_record_with_its_header(tmp_path: Path) -> None:
    """A new fork without a record: the command writes one listing every id on the site, in checklist order."""
    project = _project(tmp_path)
    (project / RECORD).unlink()
    assert main([str(project)]) == 0
    text = (project / RECORD).read_text(encoding="utf-8")
    assert text.startswith("# Every checklist item id that has been published, by checklist")
    record, _ = _read(project / RECORD)
    checklists = load_all(project).checklists
    assert record == {c.id: {"published": [item.id for item in c.items]} for c in checklists}
    assert list(record) == [c.id for c in checklists]


def test_a_comment_the_writer_would_drop_stops_it_naming_the_line(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path)
    _edit(project, RECORD, "    - know-your-why\n", "    - know-your-why  # the first one\n")
    _edit(project, RECORD, "    - note-says-why\n", "")
    before = (project / RECORD).read_text(encoding="utf-8")
    line = _record_line(project, CID, "know-your-why  # the first one")
    assert main([str(project)]) == 1
    assert capsys.readouterr().err == (f"{RECORD}:{line}: this comment would be lost when new ids are added; "
                                       "put it on a line of its own above a checklist id or key\n")
    assert (project / RECORD).read_text(encoding="utf-8") == before
    assert not (project / RECORD).with_name("published.yml.new").exists()


_IDS = st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z") | st.sampled_from(["null", "true", "false", "yes", "no", "on", "1", "0x1", "1e3", "1-2"])


@given(
    record=st.dictionaries(_IDS, st.fixed_dictionaries({}, optional={
        "published": st.lists(_IDS, max_size=4),
        "renamed": st.dictionaries(_IDS, _IDS, max_size=2),
        "retired": st.lists(_IDS, max_size=2),
    }), max_size=3),
    new=st.dictionaries(_IDS, st.lists(_IDS, min_size=1, max_size=3), max_size=3),
    note=st.booleans(),
)
def test_what_the_writer_writes_reads_back_as_the_record_plus_the_new_ids(tmp_path_factory, record, new, note) -> None:
    """Any record, written, then read by the build's loader: the same data, the new ids at the end of each list."""
    path = tmp_path_factory.mktemp("record") / "published.yml"
    first = record_text("", record, {}, {}, RECORD)
    note = note and any(record.values())
    if note:  # a note above the first key of the first checklist with keys
        cid = next(cid for cid, keys in record.items() if keys)
        plain = re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", cid) and cid not in ("null", "true", "false")
        heading = f"\n{cid if plain else json.dumps(cid)}:\n"
        assert heading in first
        first = first.replace(heading, heading + "  # a note\n", 1)
    path.write_text(first, encoding="utf-8")
    written, lines = _read(path)
    assert written == record
    path.write_text(record_text(first, written, lines, new, RECORD), encoding="utf-8")
    again, _ = _read(path)
    assert again == with_new_ids(written, new)
    assert path.read_text(encoding="utf-8").startswith("# ")
    if note:
        assert "\n  # a note\n" in path.read_text(encoding="utf-8")


def test_a_published_id_that_disappears_fails_naming_the_way_out(tmp_path: Path) -> None:
    project = _project(tmp_path)
    line = _record_line(project, CID, "no-pitch")
    _remove_item(project, "no-pitch")
    assert _problems(project) == [
        f"checklists/{CID}.yml: item 'no-pitch' was published ({RECORD}:{line}) and is gone, so readers' saved ticks on it would be lost: "
        f"put it back, or record it in {RECORD} under {CID}: as renamed: {{no-pitch: <its new id>}} (the ticks follow) or as retired: [no-pitch]"
    ]


def test_a_silent_rename_fails_and_a_recorded_one_carries_the_ticks_over(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _edit(project, f"checklists/{CID}.yml", "  - id: know-your-why\n", "  - id: why-first\n")
    assert any("item 'know-your-why' was published" in m for m in _problems(project))
    _add_to_entry(project, "renamed", "know-your-why: why-first")
    checklist = load_all(project).get(CID)
    assert ("know-your-why", "why-first") in checklist.renamed


def test_a_retired_id_cannot_come_back(tmp_path: Path) -> None:
    """`no-pitch` given opposite advice keeps readers' old ticks on it: a changed meaning needs a new id."""
    project = _project(tmp_path)
    _add_to_entry(project, "retired", "no-pitch")
    problems = _problems(project)
    assert len(problems) == 1 and problems[0].startswith(f"checklists/{CID}.yml: item id 'no-pitch' was retired ({RECORD}:"), problems
    assert problems[0].endswith("an old id is never reused: give the item a new id")


def test_a_rename_to_an_id_the_checklist_lacks_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    line = _add_to_entry(project, "renamed", "know-your-why: nowhere")
    assert (f"{RECORD}:{line}: {CID}: 'know-your-why' is renamed to 'nowhere', which checklists/{CID}.yml has no item for; "
            "name the item's new id") in _problems(project)


@pytest.mark.parametrize(
    ("insert", "expected"),
    [
        ("  renamed: [know-your-why]\n",
         f"{RECORD}:@KEY@: {CID}: 'renamed' must map old ids to new ids, e.g. renamed: {{know-your-why: why-first}}"),
        ("  retierd: [x]\n", f"{RECORD}:@KEY@: {CID}: unknown key 'retierd'; the keys are published, renamed, retired"),
    ],
    ids=["rename-as-a-list", "unknown-key"],
)
def test_a_wrong_record_entry_is_one_line(tmp_path: Path, insert: str, expected: str) -> None:
    project = _project(tmp_path)
    text = (project / RECORD).read_text(encoding="utf-8")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("  renamed:")) if "renamed" in insert else text
    (project / RECORD).write_text(text, encoding="utf-8")
    heading = text.splitlines().index(f"{CID}:") + 1
    _edit(project, RECORD, f"\n{CID}:\n", f"\n{CID}:\n{insert}")
    assert expected.replace("@KEY@", str(heading + 1)) in _problems(project)


def test_a_vanished_id_fails_the_strict_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _remove_item(project, "no-pitch")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert f"checklists/{CID}.yml: item 'no-pitch' was published ({RECORD}:" in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------
# The browser: ticks saved on the old id show on the new one
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("renamed")
    project = copy_project(base / "project")
    _edit(project, f"checklists/{CID}.yml", "  - id: know-your-why\n", "  - id: why-first\n")
    _add_to_entry(project, "renamed", "know-your-why: why-first")
    result = run_build(project, base / "site")
    assert result.ok, result.output[-3000:]
    return base / "site"


def test_the_rename_is_in_the_page_and_the_json_export(renamed_site: Path) -> None:
    html = (renamed_site / "checklists" / CID / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-renamed="\{[^"]*(&#34;|&quot;)know-your-why(&#34;|&quot;):(&#34;|&quot;)why-first(&#34;|&quot;)', html), "no rename on the form"
    assert html.index("renamed-ticks.js") < html.index("javascripts/checklists.js"), "the ticks must move before checklists.js reads them"
    exported = json.loads((renamed_site / "checklists" / f"{CID}.json").read_text(encoding="utf-8"))
    assert exported["renamed"]["know-your-why"] == "why-first"
    other = (renamed_site / "checklists" / "after-connecting" / "index.html").read_text(encoding="utf-8")
    assert "data-renamed" not in other and "renamed-ticks.js" not in other


@pytest.mark.browser
def test_ticks_saved_on_a_renamed_id_follow_it(browser, renamed_site: Path) -> None:
    with StaticServer(renamed_site, prefix=site_path_prefix()) as server:
        context = browser.new_context()
        try:
            page = new_watched_page(context, server.origin)
            page.goto(server.url + "checklists/")
            page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"cwc:v1:{CID}", json.dumps({"know-your-why": True, "do-homework": True})])
            page.goto(server.url + f"checklists/{CID}/")
            form = page.locator("form.cwc-checklist.cwc-live")
            form.wait_for()
            assert form.locator('input[data-item="why-first"]').is_checked(), "the tick saved on the old id did not follow"
            assert form.locator('input[data-item="do-homework"]').is_checked()
            stored = json.loads(page.evaluate("k => localStorage.getItem(k)", f"cwc:v1:{CID}"))
            assert stored == {"why-first": True, "do-homework": True}
            page.watch.assert_clean()
        finally:
            context.close()
