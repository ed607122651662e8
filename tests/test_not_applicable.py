"""An item that does not apply to every reader ("If you work for a competitor, ...", marked
`conditional: true` in checklists/*.yml) has a second box, "Doesn't apply" (issue 16, item 5), in
headless Chromium: only on those items, labelled, counted as done, shown as not applicable (not as
ticked), saved as "na" under the checklist's key like a tick, through reload, Reset and Undo, two
tabs, export and import, stored values it does not know, the keyboard, the builder, and on paper.

Reproduce one with `.venv/bin/python -m pytest tests/test_not_applicable.py -k <name>`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from conftest import ROOT, checked_items, checklist_box, checklist_items, new_watched_page

pytestmark = pytest.mark.browser

CID = "pre-connect"
KEY = f"cwc:v1:{CID}"
TICKS_TOOL = "tools/take-it-with-you/"
BUILDER = "tools/checklist-builder/"


def _conditional() -> dict[str, list[str]]:
    """Each checklist's conditional item ids, from the data."""
    out = {}
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "items" in data:
            out[data["id"]] = [i["id"] for i in data["items"] if i.get("conditional")]
    return out


CONDITIONAL = _conditional()


def _open(page: Page, site_server, cid: str = CID):
    page.goto(site_server.url + f"checklists/{cid}/")
    form = page.locator(f'form.cwc-checklist[data-checklist="{cid}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    return form


def _na(form, item: str):
    return form.locator(f'input[type=checkbox][data-na="{item}"]')


def _stored(page: Page, key: str = KEY):
    return page.evaluate("k => JSON.parse(localStorage.getItem(k))", key)


def _not_applicable(form) -> list[str]:
    return form.locator("input[data-na]").evaluate_all("l => l.filter(b => b.checked).map(b => b.dataset.na)")


def test_the_data_marks_the_five_if_items_and_only_them() -> None:
    texts = {}
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "items" in data:
            for item in data["items"]:
                texts[(data["id"], item["id"])] = (item["text"].startswith("If "), bool(item.get("conditional")))
    assert sum(cond for _, cond in texts.values()) == 5
    assert all(starts_if == cond for starts_if, cond in texts.values()), texts


@pytest.mark.parametrize("cid", sorted(CONDITIONAL))
def test_only_conditional_items_have_a_labelled_doesnt_apply_box(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    assert form.locator("input[data-na]").evaluate_all("l => l.map(b => b.dataset.na)") == CONDITIONAL[cid]
    for item in CONDITIONAL[cid]:
        li = form.locator(f"li:has(> input[data-item='{item}'])")
        text = li.locator(":scope > label").inner_text()
        # Chromium puts a space before the visually hidden part: "Doesn't apply : If you ..."
        box = li.get_by_role("checkbox", name=re.compile(r"^Doesn't apply ?: " + re.escape(text) + "$"))
        expect(box).to_have_count(1)
        expect(li.locator(".cwc-na label")).to_have_text(re.compile(r"^Doesn't apply"))
        expect(li.locator(".cwc-na label")).to_be_visible()
    expect(form.locator(".cwc-count")).not_to_contain_text("when it doesn't apply")
    watched_page.watch.assert_clean()


def test_doesnt_apply_counts_as_done_and_all_done_when_every_other_item_is_ticked(watched_page: Page, site_server) -> None:
    form = _open(watched_page, site_server)
    items, conditional = checklist_items(form), CONDITIONAL[CID]
    n = len(items)
    status = form.locator(".cwc-progress")
    for item in items:
        if item not in conditional:
            checklist_box(form, item).check()
    expect(status).to_have_text(f"{n - len(conditional)} of {n} done")
    _na(form, conditional[0]).check()
    expect(status).to_contain_text(f"{n - len(conditional) + 1} of {n} done")
    expect(form.locator(".cwc-count")).to_contain_text(f"{n - len(conditional) + 1} of {n} done")
    for item in conditional[1:]:
        _na(form, item).check()
    expect(status).to_contain_text(f"{n} of {n} done")
    expect(status).to_contain_text("All done")
    # Shown as not applicable, not as ticked: its own box stays empty and its text is greyed.
    expect(checklist_box(form, conditional[0])).not_to_be_checked()
    li = form.locator(f"li:has(> input[data-item='{conditional[0]}'])")
    other = form.locator(f"li:has(> input[data-item='{items[0]}'])")
    assert li.locator(":scope > label").evaluate("e => getComputedStyle(e).color") != other.locator(":scope > label").evaluate("e => getComputedStyle(e).color")
    assert _stored(watched_page)[conditional[0]] == "na"
    # Ticking the item clears "doesn't apply", and the other way round; the count stays right.
    checklist_box(form, conditional[0]).check()
    expect(_na(form, conditional[0])).not_to_be_checked()
    assert _stored(watched_page)[conditional[0]] is True
    _na(form, conditional[0]).check()
    expect(checklist_box(form, conditional[0])).not_to_be_checked()
    expect(status).to_contain_text(f"{n} of {n} done")
    _na(form, conditional[0]).uncheck()
    expect(status).not_to_contain_text("All done")
    assert conditional[0] not in _stored(watched_page)
    watched_page.watch.assert_clean()


def test_doesnt_apply_persists_across_reload_and_old_true_ticks_still_work(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url)
    first = CONDITIONAL[CID][0]
    # An old stored tick (true) on a conditional item, as before this change: still a tick.
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, {first: True}])
    form = _open(page, site_server)
    expect(checklist_box(form, first)).to_be_checked()
    expect(_na(form, first)).not_to_be_checked()
    _na(form, first).check()
    page.reload()
    form = _open(page, site_server)
    expect(_na(form, first)).to_be_checked()
    expect(checklist_box(form, first)).not_to_be_checked()
    expect(form.locator(".cwc-progress")).to_contain_text(f"1 of {len(checklist_items(form))} done")
    assert _stored(page) == {first: "na"}
    page.watch.assert_clean()


def test_reset_clears_doesnt_apply_and_undo_brings_it_back(watched_page: Page, site_server) -> None:
    page = watched_page
    form = _open(page, site_server)
    items, conditional = checklist_items(form), CONDITIONAL[CID]
    plain = next(i for i in items if i not in conditional)
    checklist_box(form, plain).check()
    _na(form, conditional[0]).check()
    form.get_by_role("button", name="Reset").click()
    expect(_na(form, conditional[0])).not_to_be_checked()
    assert checked_items(form) == [] and _stored(page) is None
    form.get_by_role("button", name="Undo").click()
    expect(_na(form, conditional[0])).to_be_checked()
    expect(checklist_box(form, conditional[0])).not_to_be_checked()
    assert checked_items(form) == [plain]
    assert _stored(page) == {plain: True, conditional[0]: "na"}
    expect(form.locator(".cwc-progress")).to_contain_text(f"2 of {len(items)} done")
    page.watch.assert_clean()


def test_a_stale_write_from_another_tab_does_not_lose_a_doesnt_apply(context, site_server) -> None:
    """The other tab marks an item "doesn't apply" (its recent record written) but its write of the
    whole entry is stale and lacks it: this tab puts it back, as it does for ticks."""
    here, there = new_watched_page(context, site_server.origin), new_watched_page(context, site_server.origin)
    form = _open(here, site_server)
    _open(there, site_server)
    plain = next(i for i in checklist_items(form) if i not in CONDITIONAL[CID])
    item = CONDITIONAL[CID][0]
    there.evaluate(
        "([k, recent, plain, item]) => { localStorage.setItem(recent, JSON.stringify(['na', Date.now()]));"
        " localStorage.setItem(k, JSON.stringify({[plain]: true})); }",
        [KEY, f"cwc:recent:{CID}:{item}", plain, item],
    )
    expect(_na(form, item)).to_be_checked()
    expect(checklist_box(form, plain)).to_be_checked()
    assert _stored(here) == {plain: True, item: "na"}
    here.watch.assert_clean()
    there.watch.assert_clean()


def test_unknown_or_misplaced_stored_values_do_not_break_the_page(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url)
    conditional = CONDITIONAL[CID]
    form_items = yaml.safe_load((ROOT / "checklists" / f"{CID}.yml").read_text(encoding="utf-8"))["items"]
    plain = [i["id"] for i in form_items if not i.get("conditional")]
    stored = {
        conditional[0]: "na",  # the real thing
        conditional[1]: "NA",  # unknown value: neither ticked nor "doesn't apply"
        plain[0]: "na",  # "doesn't apply" on an item that has no such box: not done
        plain[1]: {"na": True},
        plain[2]: 1,
        "gone-item": "na",  # an item this version lacks: kept
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, stored])
    form = _open(page, site_server)
    assert _not_applicable(form) == [conditional[0]]
    assert checked_items(form) == []
    expect(form.locator(".cwc-progress")).to_contain_text(f"1 of {len(form_items)} done")
    # The page still works, and keeps what it does not know.
    checklist_box(form, plain[3]).check()
    after = _stored(page)
    assert after[plain[3]] is True and after["gone-item"] == "na" and after[conditional[0]] == "na"
    # A recent record with an unknown state is ignored, not applied.
    page.evaluate("k => localStorage.setItem(k, JSON.stringify(['maybe', Date.now()]))", f"cwc:recent:{CID}:{plain[4]}")
    page.evaluate("() => dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(checklist_box(form, plain[4])).not_to_be_checked()
    assert "maybe" not in json.dumps(_stored(page))
    page.watch.assert_clean()


def test_doesnt_apply_works_from_the_keyboard_with_a_visible_focus_and_a_24px_target(watched_page: Page, site_server) -> None:
    page = watched_page
    page.set_viewport_size({"width": 400, "height": 800})
    form = _open(page, site_server)
    item = CONDITIONAL[CID][0]
    checklist_box(form, item).focus()
    page.keyboard.press("Space")
    expect(checklist_box(form, item)).to_be_checked()
    page.keyboard.press("Tab")
    na = _na(form, item)
    expect(na).to_be_focused()
    outline = na.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, f"no visible focus ring: {outline}"
    page.keyboard.press("Space")
    expect(na).to_be_checked()
    expect(checklist_box(form, item)).not_to_be_checked()
    box = na.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    page.watch.assert_clean()


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_COLOURS = """e => {
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  let bg = null;
  for (let el = e; el && !bg; el = el.parentElement) { const c = rgba(getComputedStyle(el).backgroundColor); if (c[3] > 0) bg = c; }
  bg = bg || [255, 255, 255, 1];
  const fg = rgba(getComputedStyle(e).color);
  return [fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3])), bg.slice(0, 3)];
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_doesnt_apply_and_a_greyed_item_meet_aa_contrast(watched_page: Page, site_server, scheme: str) -> None:
    page = watched_page
    form = _open(page, site_server)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    item = CONDITIONAL[CID][0]
    _na(form, item).check()
    li = form.locator(f"li:has(> input[data-item='{item}'])")
    for label in (li.locator(".cwc-na label"), li.locator(":scope > label")):
        fg, bg = label.evaluate(_COLOURS)
        hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        ratio = (hi + 0.05) / (lo + 0.05)
        assert ratio >= 4.5, f"{scheme}: {label.inner_text()!r} has contrast {ratio:.2f}"
    page.watch.assert_clean()


def test_the_builder_offers_doesnt_apply_and_shares_it_with_the_checklist_page(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + BUILDER + f"#at={CID}")
    group = page.locator(f'[data-group="{CID}"] form')
    expect(group).to_have_class(re.compile(r"\bcwc-live\b"))
    shown = group.locator("input[data-na]").evaluate_all("l => l.map(b => b.dataset.na)")
    assert shown == CONDITIONAL[CID]
    item = shown[0]
    done = group.locator("[data-done]")
    group.locator(f'input[data-item="{item}"]').check()
    expect(done).to_have_text("1")
    group.locator(f'input[data-na="{item}"]').check()
    expect(group.locator(f'input[data-item="{item}"]')).not_to_be_checked()
    expect(done).to_have_text("1")
    assert _stored(page) == {item: "na"}
    form = _open(page, site_server)
    expect(_na(form, item)).to_be_checked()
    page.goto(site_server.url + BUILDER + f"#at={CID}")
    expect(group.locator(f'input[data-na="{item}"]')).to_be_checked()
    expect(done).to_have_text("1")
    page.watch.assert_clean()


def test_the_whole_guide_counts_doesnt_apply_as_done(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + "whole-guide/")
    form = page.locator(f'form.cwc-checklist[data-checklist="{CID}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    for item in CONDITIONAL[CID]:
        _na(form, item).check()
    expect(form.locator(".cwc-progress")).to_contain_text(f"{len(CONDITIONAL[CID])} of")
    assert _stored(page) == {item: "na" for item in CONDITIONAL[CID]}
    page.watch.assert_clean()


def test_export_and_import_round_trip_doesnt_apply(browser, watched_page: Page, site_server, tmp_path: Path) -> None:
    page = watched_page
    form = _open(page, site_server)
    item = CONDITIONAL[CID][0]
    plain, other_plain = [i for i in checklist_items(form) if i not in CONDITIONAL[CID]][:2]
    checklist_box(form, plain).check()
    _na(form, item).check()
    page.goto(site_server.url + TICKS_TOOL)
    tool = page.locator('[data-cwc-tool="ticks"]')
    expect(tool).to_be_visible()
    expect(tool.locator(f'[data-count-for="{CID}"]')).to_contain_text("1 doesn't apply")
    with page.expect_download() as info:
        tool.get_by_role("button", name="Download my ticks").click()
    saved = tmp_path / "ticks.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["ticks"] == {CID: [plain]}
    assert data["not_applicable"] == {CID: [item]}
    expect(tool.locator("[data-report]")).to_contain_text("Downloaded 1 tick and 1 “doesn't apply” from 1 checklist")

    other = browser.new_context()
    try:
        page2 = new_watched_page(other, site_server.origin)
        page2.goto(site_server.url + TICKS_TOOL)
        tool2 = page2.locator('[data-cwc-tool="ticks"]')
        expect(tool2).to_be_visible()
        # Also a "doesn't apply" on an item that has none, which is skipped.
        data["not_applicable"][CID].append(other_plain)
        tool2.locator('input[type="file"]').set_input_files(
            files=[{"name": "ticks.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()}]
        )
        report = tool2.locator("[data-report]")
        expect(report).to_contain_text("Imported 1 tick and 1 “doesn't apply” into 1 checklist")
        expect(report).to_contain_text("1 entry skipped")
        assert _stored(page2) == {plain: True, item: "na"}
        form2 = _open(page2, site_server)
        expect(_na(form2, item)).to_be_checked()
        expect(checklist_box(form2, plain)).to_be_checked()
        page2.watch.assert_clean()
    finally:
        other.close()
    page.watch.assert_clean()


def test_a_ticks_file_with_a_bad_not_applicable_entry_is_refused(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + TICKS_TOOL)
    tool = page.locator('[data-cwc-tool="ticks"]')
    expect(tool).to_be_visible()
    bad = {"format": "connect-with-care/ticks/v1", "ticks": {}, "not_applicable": ["x"]}
    tool.locator('input[type="file"]').set_input_files(files=[{"name": "bad.json", "mimeType": "application/json", "buffer": json.dumps(bad).encode()}])
    expect(tool.locator("[data-report]")).to_contain_text('its "not_applicable" entry is not an object')
    page.watch.assert_clean()


def test_the_print_page_has_a_doesnt_apply_box_on_conditional_items_only(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + f"checklists/{CID}/print/")
    rows = page.locator(".cwc-print-items > li")
    marked = []
    for index in range(rows.count()):
        row = rows.nth(index)
        if row.locator(".cwc-na").count():
            expect(row.locator(".cwc-na")).to_have_text("(or doesn't apply)")
            expect(row.locator(".cwc-na .cwc-box")).to_be_visible()
            marked.append(row.inner_text())
    assert len(marked) == len(CONDITIONAL[CID]) and all(text.startswith("If ") for text in marked), marked
    page.emulate_media(media="print")
    expect(page.locator(".cwc-na .cwc-box").first).to_be_visible()
    page.watch.assert_clean()


def test_print_with_my_ticks_shows_the_doesnt_apply_box(watched_page: Page, site_server) -> None:
    page = watched_page
    form = _open(page, site_server)
    item = CONDITIONAL[CID][0]
    _na(form, item).check()
    page.emulate_media(media="print")
    expect(_na(form, item)).to_be_visible()
    expect(_na(form, item)).to_be_checked()
    expect(form.locator(f"li:has(> input[data-item='{item}']) .cwc-na label")).to_be_visible()
    page.watch.assert_clean()
