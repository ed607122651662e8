"""Readers' stored ticks when the browser's storage is old, damaged, shared or failing.

Complements tests/test_checklist_browser.py (which covers corrupt JSON, a full storage, blocked
storage and a second tab) with what loses data quietly: keys this page does not know (removed items,
other versions, prototype names, wrong types) must survive every write including Reset; a read that
fails must not lead to a write that replaces ticks; a tab that missed the other tab's `storage` event
must not overwrite its ticks with stale ones; without JavaScript the page still ticks and prints on
one page. Each test ends with a working checklist and no console errors.
Reproduce: `.venv/bin/python -m pytest tests/test_stored_state.py -k <name>`.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import checked_items as _checked, checklist_box as _box, checklist_items as _items, new_watched_page

pytestmark = pytest.mark.browser

CID = "pre-connect"
KEY = f"cwc:v1:{CID}"


def test_unknown_keys_and_wrong_types_survive_ticks_and_reset(watched_page: Page, site_server) -> None:
    """Only this page's items are shown or changed; everything else stored is kept, even by Reset."""
    form = _open(watched_page, site_server)
    first, second, third = _items(form)[:3]
    foreign = {
        "an-item-that-was-removed": True,
        second: "yes",  # a value of the wrong type: not a tick, but not ours to delete either
        "constructor": True,
        "__proto__": {"polluted": True},
        "nested": {"deep": [1, 2, {"x": None}]},
    }
    other_keys = {
        "cwc:v0:pre-connect": '{"old-format": 1}',  # an older storage format of this checklist
        "cwc:v1:pruning": json.dumps({"keep-it": True}),  # another checklist
        "cwc:v1:a-checklist-that-was-removed": json.dumps({"x": True}),
    }
    _store(watched_page, {KEY: json.dumps(foreign), **other_keys})
    form = _reload(watched_page)
    assert _checked(form) == [], "stored values that are not `true` ticked a box"
    expect(form.locator("[data-done]")).to_have_text("0")

    _box(form, first).check()
    _box(form, third).check()
    _box(form, third).uncheck()
    stored = _stored(watched_page, KEY)
    assert stored == {**foreign, first: True}, f"a tick lost or changed stored keys: {stored}"

    form.get_by_role("button", name="Reset").click()
    assert _checked(form) == []
    stored = _stored(watched_page, KEY)
    shown = set(_items(form))
    assert stored == {k: v for k, v in foreign.items() if k not in shown}, f"Reset dropped keys it does not show: {stored}"
    for key, value in other_keys.items():
        assert watched_page.evaluate("k => localStorage.getItem(k)", key) == value, f"{key} changed"
    assert watched_page.evaluate("() => ({}).polluted") is None, "a stored __proto__ polluted Object.prototype"
    _assert_works(watched_page, form, first)


def test_huge_and_odd_stored_values_do_not_break_the_page(watched_page: Page, site_server) -> None:
    form = _open(watched_page, site_server)
    first = _items(form)[0]
    for raw in ['{"a": ' * 5000 + "1" + "}" * 5000, json.dumps({f"k{i}": True for i in range(20000)}), "\ufeff{}", "true", ""]:
        _store(watched_page, {KEY: raw})
        form = _reload(watched_page)
        assert _checked(form) == []
        _box(form, first).check()
        saved = watched_page.evaluate("([k, i]) => JSON.parse(localStorage.getItem(k))[i]", [KEY, first])
        assert saved is True, f"no tick saved over {raw[:40]!r}"
        _box(form, first).uncheck()
    _assert_works(watched_page, form, first)


def test_a_read_that_fails_never_overwrites_saved_ticks(watched_page: Page, site_server) -> None:
    """getItem throws, setItem works: the page must not save {new tick} over ticks it could not read."""
    form = _open(watched_page, site_server)
    first, second = _items(form)[:2]
    _store(watched_page, {KEY: json.dumps({first: True})})
    watched_page.add_init_script(
        "Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };"
    )
    form = _reload(watched_page)
    expect(form.locator(".cwc-storage-note")).to_be_visible()
    _box(form, second).check()
    expect(_box(form, second)).to_be_checked()
    expect(form.locator("[data-done]")).to_have_text("1")
    raw = watched_page.evaluate("k => localStorage[k]", KEY)  # named access bypasses getItem
    assert json.loads(raw) == {first: True}, f"the saved ticks were replaced: {raw}"
    watched_page.watch.assert_clean()


def test_importing_ticks_never_replaces_ticks_it_could_not_read(watched_page: Page, site_server) -> None:
    """The ticks tool merges an imported file into what is stored; a read that fails must stop it."""
    watched_page.goto(site_server.url + "tools/take-it-with-you/")
    tool = watched_page.locator("[data-cwc-tool=ticks]")
    first, second = json.loads(tool.get_attribute("data-known"))[CID][:2]
    _store(watched_page, {KEY: json.dumps({first: True})})
    watched_page.add_init_script(
        "Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };"
    )
    watched_page.reload()
    ticks_file = {"format": "connect-with-care/ticks/v1", "ticks": {CID: [second]}}
    tool.locator('input[type="file"]').set_input_files(
        files=[{"name": "ticks.json", "mimeType": "application/json", "buffer": json.dumps(ticks_file).encode()}]
    )
    expect(tool.locator("[data-report]")).to_contain_text("Nothing imported")
    assert json.loads(watched_page.evaluate("k => localStorage[k]", KEY)) == {first: True}
    watched_page.watch.assert_clean()


def test_storage_that_fills_up_mid_session(watched_page: Page, site_server) -> None:
    """The first tick is saved, then storage is full: ticking goes on, the page says so, nothing is lost."""
    watched_page.add_init_script(
        "(() => { const set = Storage.prototype.setItem; let writes = 0;"
        " Storage.prototype.setItem = function (k, v) {"
        "   if (k.startsWith('cwc:v1:') && ++writes > 1) throw new DOMException('full', 'QuotaExceededError');"
        "   return set.call(this, k, v); }; })();"
    )
    form = _open(watched_page, site_server)
    first, second, third = _items(form)[:3]
    note = form.locator(".cwc-storage-note")
    expect(note).to_be_hidden()
    _box(form, first).check()
    expect(note).to_be_hidden()
    _box(form, second).check()
    expect(note).to_be_visible()
    _box(form, third).check()
    assert _checked(form) == [first, second, third]
    expect(form.locator("[data-done]")).to_have_text("3")
    assert _stored(watched_page, KEY) == {first: True}
    watched_page.watch.assert_clean()


def test_corrupt_theme_storage_does_not_break_the_page(watched_page: Page, site_server) -> None:
    """Material keeps the palette choice in storage too; a damaged value must not throw on every page."""
    form = _open(watched_page, site_server)
    scope = watched_page.evaluate("__md_scope.pathname")
    _store(watched_page, {f"{scope}.__palette": "not json {", f"{scope}.__tabs": "[", KEY: "{"})
    form = _reload(watched_page)
    _assert_works(watched_page, form, _items(form)[0])


def test_blocked_storage_leaves_the_console_clean(watched_page: Page, site_server) -> None:
    """Site data blocked (reading localStorage throws): the checklist says so and nothing throws."""
    watched_page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    form = _open(watched_page, site_server)
    expect(form.locator(".cwc-storage-note")).to_be_visible()
    first = _items(form)[0]
    _box(form, first).check()
    expect(form.locator("[data-done]")).to_have_text("1")
    watched_page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    watched_page.watch.assert_clean()


def test_a_tab_that_missed_the_other_tabs_tick_does_not_overwrite_it(context, site_server) -> None:
    """Each write merges with what is stored now, so a stale tab adds its tick instead of replacing."""
    deaf, other = _page(context, site_server), _page(context, site_server)
    # This tab never hears `storage` events (as when it is frozen in the background).
    deaf.add_init_script("addEventListener('storage', (e) => e.stopImmediatePropagation(), true);")
    form_deaf, form_other = _open(deaf, site_server), _open(other, site_server)
    first, second, third = _items(form_deaf)[:3]

    _box(form_other, first).check()
    _box(form_deaf, second).check()  # this tab still shows `first` unticked
    _box(form_other, third).check()
    _box(form_deaf, second).uncheck()
    assert _stored(other, KEY) == {first: True, third: True}
    deaf.reload()
    assert _checked(_ready(deaf)) == [first, third]
    for page in (deaf, other):
        page.watch.assert_clean()


def test_reset_in_one_tab_clears_the_other(context, site_server) -> None:
    here, there = _page(context, site_server), _page(context, site_server)
    form_here, form_there = _open(here, site_server), _open(there, site_server)
    first, second = _items(form_here)[:2]
    _box(form_here, first).check()
    _box(form_here, second).check()
    expect(_box(form_there, second)).to_be_checked()
    form_there.get_by_role("button", name="Reset").click()
    expect(_box(form_here, first)).not_to_be_checked()
    expect(form_here.locator("[data-done]")).to_have_text("0")
    _assert_works(here, form_here, first)
    there.watch.assert_clean()


def test_without_javascript_the_page_ticks_and_prints_on_one_page(browser, site_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = _page(context, site_server)
        page.goto(site_server.url + f"checklists/{CID}/")
        form = page.locator(f'form.cwc-checklist[data-checklist="{CID}"]')
        expect(form.locator("input[type=checkbox]").first).to_be_visible()
        assert "cwc-live" not in (form.get_attribute("class") or "")
        boxes = form.locator("input[type=checkbox]")
        for index in range(boxes.count()):
            label = form.locator(f'label[for="{boxes.nth(index).get_attribute("id")}"]')
            label.click()
            expect(boxes.nth(index)).to_be_checked()
        pdf = page.pdf(format="A4", print_background=False)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert pages == 1, f"without JavaScript the checklist prints on {pages} A4 pages"
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _page(context, site_server) -> Page:
    """A new page in `context` recording foreign requests and console errors, like `watched_page`."""
    return new_watched_page(context, site_server.origin)


def _open(page: Page, site_server):
    page.goto(site_server.url + f"checklists/{CID}/")
    return _ready(page)


def _ready(page: Page):
    form = page.locator(f'form.cwc-checklist[data-checklist="{CID}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    return form


def _reload(page: Page):
    page.reload()
    return _ready(page)


def _store(page: Page, values: dict[str, str]) -> None:
    page.evaluate("v => { for (const [k, x] of Object.entries(v)) localStorage.setItem(k, x); }", values)


def _stored(page: Page, key: str):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def _assert_works(page: Page, form, item: str) -> None:
    """The checklist still ticks, counts and saves, and nothing went to the console."""
    _box(form, item).check()
    expect(_box(form, item)).to_be_checked()
    expect(form.locator("[data-done]")).to_have_text(str(len(_checked(form))))
    page.watch.assert_clean()
