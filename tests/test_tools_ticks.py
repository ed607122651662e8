"""Take your ticks with you: download every checklist's ticks as JSON, import them elsewhere (merged,
validated, reported), and never crash on a bad file."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT
from tools_pages import watched_page_in

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import load_all  # noqa: E402

pytestmark = pytest.mark.browser

PAGE = "tools/take-it-with-you/"
FORMAT = "connect-with-care/ticks/v1"


@pytest.fixture(scope="module")
def catalog():
    return load_all(ROOT)


def stored_ticks(page) -> dict[str, dict]:
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('cwc:v1:'))
            .map(k => [k, JSON.parse(localStorage.getItem(k))]))"""
    )


def open_tool(page, site_server):
    page.goto(site_server.url + PAGE)
    tool = page.locator('[data-cwc-tool="ticks"]')
    tool.wait_for(state="visible")
    return tool


def import_file(tool, tmp_path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    tool.get_by_label("Import ticks from a file you downloaded").set_input_files(str(path))
    report = tool.locator("[data-report]")
    report.filter(has_text="mport").wait_for()
    return report.inner_text()


def test_export_then_import_restores_the_same_ticks(watched_page, site_server, catalog, tmp_path, browser) -> None:
    page = watched_page
    pre, pruning = catalog.get("pre-connect"), catalog.get("pruning")
    # Tick through the real checklist pages, as a reader would.
    page.goto(site_server.url + "checklists/pre-connect/")
    for item in pre.items[:3]:
        page.locator(f"#cwc-pre-connect--{item.id}").check()
    page.goto(site_server.url + "checklists/pruning/")
    page.locator(f"#cwc-pruning--{pruning.items[-1].id}").check()
    before = stored_ticks(page)
    assert len(before) == 2

    tool = open_tool(page, site_server)
    assert "3 of" in tool.locator('[data-count-for="pre-connect"]').inner_text()
    with page.expect_download() as info:
        tool.get_by_role("button", name="Download my ticks").click()
    download = info.value
    assert download.suggested_filename.startswith("connect-with-care-ticks-") and download.suggested_filename.endswith(".json")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert data["ticks"] == {"pre-connect": sorted(i.id for i in pre.items[:3]), "pruning": [pruning.items[-1].id]}
    assert "Downloaded 4 ticks from 2 checklists" in tool.locator("[data-report]").inner_text()

    # Another browser (a fresh context: empty storage) imports the file.
    other = browser.new_context()
    try:
        page2 = watched_page_in(other, site_server.origin)
        tool2 = open_tool(page2, site_server)
        report = import_file(tool2, tmp_path, "moved.json", saved.read_text(encoding="utf-8"))
        assert "Imported 4 ticks into 2 checklists" in report
        assert stored_ticks(page2) == before
        page2.goto(site_server.url + "checklists/pre-connect/")
        for item in pre.items[:3]:
            assert page2.locator(f"#cwc-pre-connect--{item.id}").is_checked()
        page2.watch.assert_clean()
    finally:
        other.close()
    page.watch.assert_clean()


def test_import_merges_and_reports_what_it_skipped(watched_page, site_server, catalog, tmp_path) -> None:
    page = watched_page
    pre = catalog.get("pre-connect")
    tool = open_tool(page, site_server)
    page.evaluate(f"() => localStorage.setItem('cwc:v1:pre-connect', JSON.stringify({{'{pre.items[0].id}': true, 'old-item': true}}))")
    file = {
        "format": FORMAT,
        "ticks": {
            "pre-connect": [pre.items[0].id, pre.items[1].id, "no-such-item", 7],
            "no-such-checklist": ["x"],
            "Bad Id": "nope",
        },
    }
    report = import_file(tool, tmp_path, "mixed.json", json.dumps(file))
    assert "Imported 1 tick into 1 checklist" in report
    assert "1 was already ticked" in report
    assert "4 entries skipped" in report
    ticks = stored_ticks(page)["cwc:v1:pre-connect"]
    # Merged: nothing removed, not even an item this site no longer has.
    assert ticks == {pre.items[0].id: True, "old-item": True, pre.items[1].id: True}
    page.watch.assert_clean()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not valid JSON"),
        ("[1, 2, 3]", "not a ticks file"),
        ('{"format": "something-else", "ticks": {}}', "not a ticks file from this guide"),
        ('{"format": "connect-with-care/ticks/v1", "ticks": [1]}', "missing or not an object"),
        ('{"__proto__": {"x": 1}, "format": "connect-with-care/ticks/v1"}', "missing or not an object"),
        ('{"format": "connect-with-care/ticks/v1", "ticks": {"constructor": ["x"], "__proto__": ["y"], "toString": 1}}',
         "3 entries skipped"),
        ("{" * 5000, "not valid JSON"),
    ],
    ids=["binary", "array", "other-format", "ticks-not-object", "proto", "object-builtins", "deep-garbage"],
)
def test_a_bad_file_imports_nothing_and_says_why(watched_page, site_server, tmp_path, content, reason) -> None:
    page = watched_page
    tool = open_tool(page, site_server)
    page.evaluate("() => localStorage.setItem('cwc:v1:pruning', JSON.stringify({'recall-why': true}))")
    report = import_file(tool, tmp_path, "bad.json", content)
    assert report.startswith(("Nothing imported from “bad.json”", "Imported 0 ticks")) and reason in report, report
    assert stored_ticks(page) == {"cwc:v1:pruning": {"recall-why": True}}
    page.watch.assert_clean()


def test_a_huge_file_is_refused(watched_page, site_server, tmp_path) -> None:
    tool = open_tool(watched_page, site_server)
    report = import_file(tool, tmp_path, "huge.json", " " * (300 * 1024))
    assert "far too big" in report
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", ["pre-connect", "pruning"])
def test_checklist_page_prints_with_my_ticks(watched_page, site_server, catalog, cid) -> None:
    page = watched_page
    page.goto(site_server.url + f"checklists/{cid}/")
    item = catalog.get(cid).items[1]
    page.locator(f"#cwc-{cid}--{item.id}").check()
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button = page.get_by_role("button", name="Print with my ticks")
    button.click()
    assert page.evaluate("window.__printed") == 1
    # On paper: the ticks, not the buttons.
    page.emulate_media(media="print")
    assert page.locator(f"#cwc-{cid}--{item.id}").is_checked()
    assert page.locator(f"#cwc-{cid}--{item.id}").is_visible()
    assert not button.is_visible()
    page.watch.assert_clean()


def test_print_with_my_ticks_needs_javascript_so_it_hides_without(browser, site_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + "checklists/pre-connect/")
        assert page.locator("button[data-cwc-print]").count() == 1
        assert not page.locator("button[data-cwc-print]").is_visible()
        page.watch.assert_clean()
    finally:
        context.close()
