"""Interactive checklist pages in headless Chromium: ticks that persist, keyboard use, progress, reset.

Every checklist page runs the same script (checklists.js) on the same markup, so each behaviour
below is driven on one checklist, the one with the most items (BEHAVIOUR_ID). What could differ
from one checklist to the next is checked on every real checklist (`checklists/*.yml`): in the
HTML, that its page has the markup the script and the behaviours rely on
(`test_every_checklist_page_has_the_markup_the_behaviours_rely_on`), and in the browser, what
depends on the page's own content: each box named by its label, Tab reaching the first box,
targets of 24 px, a tick counted and saved (`test_every_checklist_page_works_for_a_reader`).
Reproduce one with `.venv/bin/python -m pytest tests/test_checklist_browser.py -k pre-connect`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import nav_link, new_watched_page
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST_IDS = sorted(p.stem for p in (ROOT / "checklists").glob("*.yml") if p.stem != "sources")
# No checklist files must fail, not silently run nothing.
IDS = CHECKLIST_IDS or ["<no checklists/*.yml found>"]


def _most_items(ids: list[str]) -> str:
    """The checklist with the most items (the first by name on a tie): the behaviours run on it."""
    import yaml

    def count(cid: str) -> int:
        data = yaml.safe_load((ROOT / "checklists" / f"{cid}.yml").read_text(encoding="utf-8"))
        return len(data.get("items") or []) if isinstance(data, dict) else 0

    return sorted(ids, key=lambda cid: (-count(cid), cid))[0] if ids else IDS[0]


BEHAVIOUR_ID = _most_items(CHECKLIST_IDS)
BEHAVIOUR = [BEHAVIOUR_ID]


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_ticks_survive_a_reload(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    first, third = _item_ids(form)[0], _item_ids(form)[2]
    _box(form, first).check()
    _box(form, third).check()
    assert _stored(watched_page, cid) == {first: True, third: True}

    watched_page.reload()
    form = _ready(watched_page, cid)
    expect(_box(form, first)).to_be_checked()
    expect(_box(form, third)).to_be_checked()
    assert _checked(form) == [first, third]
    expect(_progress(form)).to_have_text(f"2 of {_count(form)} done")
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_ticks_survive_instant_navigation(watched_page: Page, site_server, cid: str) -> None:
    _sitemap_as_if_served_at_site_url(watched_page, site_server)
    form = _open(watched_page, site_server, cid)
    first, second = _item_ids(form)[:2]
    _box(form, first).check()
    _box(form, second).check()
    # A marker on window survives instant navigation but not a full page load.
    watched_page.evaluate("window.cwcSamePage = true")

    watched_page.locator(".md-header a.md-logo").click()  # in-site link to the home page
    expect(watched_page.locator(f'form[data-checklist="{cid}"]')).to_have_count(0)
    watched_page.go_back()
    form = _ready(watched_page, cid)
    assert watched_page.evaluate("window.cwcSamePage === true"), "navigation reloaded the page: not instant"
    assert _checked(form) == [first, second]
    expect(_progress(form)).to_have_text(f"2 of {_count(form)} done")

    # The page came back alive: a new tick is counted and saved once more.
    third = _item_ids(form)[2]
    _box(form, third).check()
    expect(_progress(form)).to_have_text(f"3 of {_count(form)} done")
    assert _stored(watched_page, cid) == {first: True, second: True, third: True}
    watched_page.watch.assert_clean()


def test_checklists_reached_by_instant_navigation_from_a_page_without_them_work(watched_page: Page, site_server) -> None:
    """Only checklist pages load checklists.js and checklists.css (from their content): a first visit by a
    click from a guide page, a second checklist, and the way back all tick, count, save and reset."""
    assert len(CHECKLIST_IDS) >= 2, f"need two checklists/*.yml under {ROOT}"
    first_id, second_id = CHECKLIST_IDS[:2]
    _sitemap_as_if_served_at_site_url(watched_page, site_server)
    watched_page.set_viewport_size({"width": 1400, "height": 900})  # the nav sidebar is visible
    watched_page.goto(site_server.url + "why-connect/")
    watched_page.wait_for_load_state("networkidle")  # the sitemap is in
    assert watched_page.locator("script[src*='checklists.js'], link[href*='checklists.css']").count() == 0
    watched_page.evaluate("window.cwcSamePage = true")

    for cid in (first_id, second_id, first_id):
        nav_link(watched_page, f'a[href$="checklists/{cid}/"]').click()
        form = _ready(watched_page, cid)
        assert watched_page.evaluate("window.cwcSamePage === true"), "navigation reloaded the page: not instant"
        # Its stylesheet came too: the items are the checklist's grid, not a plain list.
        assert form.locator(".cwc-item").first.evaluate("li => getComputedStyle(li).display") == "grid"
        item = _item_ids(form)[0]
        _box(form, item).check()
        expect(_progress(form)).to_have_text(f"1 of {_count(form)} done")
        assert _stored(watched_page, cid) == {item: True}
        form.get_by_role("button", name="Reset").click()
        expect(_progress(form)).to_have_text(f"0 of {_count(form)} done")
        assert _stored(watched_page, cid) is None
        watched_page.locator(".md-header a.md-logo").click()  # away, to a page without checklists
        expect(watched_page.locator("form.cwc-checklist")).to_have_count(0)
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_a_form_is_set_up_once_even_if_the_script_runs_twice(watched_page: Page, site_server, cid: str) -> None:
    watched_page.add_init_script(
        "window.cwcWrites = 0; const set = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function (k, v) { if (k.startsWith('cwc:v1:')) cwcWrites++; return set.call(this, k, v); };"
    )
    form = _open(watched_page, site_server, cid)
    src = watched_page.locator("script[src*='checklists.js']").get_attribute("src")
    watched_page.add_script_tag(url=src)  # as if document$ emitted again, or the page loaded it twice
    _box(form, _item_ids(form)[0]).check()
    assert watched_page.evaluate("cwcWrites") == 1, "one tick was saved more than once: set up twice"
    expect(_progress(form)).to_have_text(f"1 of {_count(form)} done")
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_reset_clears_ticks_and_storage(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    for item in _item_ids(form)[:2]:
        _box(form, item).check()
    form.get_by_role("button", name="Reset").click()

    assert _checked(form) == []
    expect(_progress(form)).to_have_text(f"0 of {_count(form)} done")
    assert _stored(watched_page, cid) is None
    watched_page.reload()
    assert _checked(_ready(watched_page, cid)) == []
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_keyboard_ticking_with_a_visible_focus_ring(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    first = _box(form, _item_ids(form)[0])
    unfocused = _ring(first)
    for _ in range(80):  # Tab from the top of the page to the first checkbox
        watched_page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("80 presses of Tab never reached the first checkbox")

    # Material's palette toggle sets this attribute; the colours follow it.
    for scheme in ["default", "slate"]:
        watched_page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        ring = _ring(first)
        assert ring["style"] != "none" and ring["width"] >= 2, f"no focus outline of 2px or more: {ring}"
        assert ring["color"] != unfocused["color"] or unfocused["style"] == "none", "focus changes nothing"
        contrast = _contrast(ring["color"], ring["background"])
        assert contrast >= 3, f"focus ring contrast {contrast:.2f}:1 against the page is under 3:1 ({scheme})"

    watched_page.keyboard.press("Space")
    expect(first).to_be_checked()
    expect(_progress(form)).to_have_text(f"1 of {_count(form)} done")
    assert _stored(watched_page, cid) == {_item_ids(form)[0]: True}
    watched_page.keyboard.press("Space")
    expect(first).not_to_be_checked()
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_progress_is_a_polite_status_that_counts(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    status = watched_page.get_by_role("status")
    expect(status).to_have_count(1)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_be_visible()
    n = _count(form)
    expect(status).to_have_text(f"0 of {n} done")
    for item in _item_ids(form)[:2]:
        _box(form, item).check()
    expect(status).to_have_text(f"2 of {n} done")
    _box(form, _item_ids(form)[0]).uncheck()
    expect(status).to_have_text(f"1 of {n} done")
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_each_checkbox_is_named_by_its_label(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    assert _count(form) >= 5
    for item in _item_ids(form):
        box = _box(form, item)
        label = form.locator(f'label[for="{box.get_attribute("id")}"]').inner_text().strip()
        assert label, f"item {item!r} has no label text"
        named = watched_page.get_by_role("checkbox", name=label, exact=True)
        expect(named).to_have_count(1)
        assert named.get_attribute("data-item") == item
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_controls_are_big_enough_to_hit(watched_page: Page, site_server, cid: str) -> None:
    """WCAG 2.5.8: pointer targets of at least 24 by 24 CSS pixels."""
    _open(watched_page, site_server, cid)
    watched_page.set_viewport_size({"width": 400, "height": 800})  # a phone
    sizes = watched_page.locator(".cwc-item > input, .cwc-why > summary, .cwc-reset").evaluate_all(
        "l => l.map(e => { const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 60), r.width, r.height]; })"
    )
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, f"controls under 24x24px: {small}"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_why_and_sources_open_on_demand(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    item = form.locator(".cwc-item").first
    why = item.locator("details.cwc-why")
    sources = why.locator(".cwc-sources a")
    expect(sources.first).to_be_hidden()
    why.locator("summary").click()
    expect(why).to_have_attribute("open", "")
    expect(sources.first).to_be_visible()
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_a_tick_in_another_tab_shows_here(context, site_server, cid: str) -> None:
    here, there = _watched(context, site_server), _watched(context, site_server)
    form_here = _open(here, site_server, cid)
    form_there = _open(there, site_server, cid)
    first, second = _item_ids(form_here)[:2]

    _box(form_there, first).check()
    expect(_box(form_here, first)).to_be_checked()
    expect(_progress(form_here)).to_have_text(f"1 of {_count(form_here)} done")
    _box(form_here, second).check()
    expect(_box(form_there, second)).to_be_checked()
    assert _stored(here, cid) == _stored(there, cid) == {first: True, second: True}
    here.watch.assert_clean()
    there.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_a_tick_merges_with_what_is_stored_now(watched_page: Page, site_server, cid: str) -> None:
    """Another tab's write this page never heard of, and a tick for a removed item, both survive."""
    form = _open(watched_page, site_server, cid)
    first, second = _item_ids(form)[:2]
    stored_elsewhere = {first: True, "an-item-that-was-removed": True}
    watched_page.evaluate("([k, v]) => localStorage.setItem(k, v)", [_key(cid), json.dumps(stored_elsewhere)])

    _box(form, second).check()
    assert _stored(watched_page, cid) == {**stored_elsewhere, second: True}
    _box(form, second).uncheck()
    assert _stored(watched_page, cid) == stored_elsewhere
    watched_page.reload()
    assert _checked(_ready(watched_page, cid)) == [first]
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_unusable_stored_ticks_count_as_none(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    first, second = _item_ids(form)[:2]
    unusable = {
        "broken JSON": "not json {",
        "an array": "[true, true]",
        "null": "null",
        "a number": "42",
        "a string": json.dumps(first),
        "values that are not true": json.dumps({first: "yes", second: 1}),
    }
    for what, value in unusable.items():
        watched_page.evaluate("([k, v]) => localStorage.setItem(k, v)", [_key(cid), value])
        watched_page.reload()
        form = _ready(watched_page, cid)
        assert _checked(form) == [], f"stored ticks that are {what} ticked boxes"
        expect(_progress(form)).to_have_text(f"0 of {_count(form)} done")
        _box(form, first).check()
        assert _stored(watched_page, cid).get(first) is True, f"no tick saved over {what}"
        expect(form.locator(".cwc-storage-note")).to_be_hidden()
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_storage_that_refuses_writes_still_lets_you_tick(watched_page: Page, site_server, cid: str) -> None:
    """A full or private-mode storage throws on write: ticking works and the page says so."""
    watched_page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    form = _open(watched_page, site_server, cid)
    expect(form.locator(".cwc-storage-note")).to_be_visible()
    first = _item_ids(form)[0]
    _box(form, first).check()
    expect(_box(form, first)).to_be_checked()
    expect(_progress(form)).to_have_text(f"1 of {_count(form)} done")
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_blocked_storage_still_lets_you_tick(watched_page: Page, site_server, cid: str) -> None:
    """With site data blocked, reading `localStorage` throws; the checklist must not."""
    errors: list[str] = []
    watched_page.on("pageerror", lambda e: errors.append(f"{e}\n{e.stack}"))
    watched_page.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    form = _open(watched_page, site_server, cid)
    expect(form.locator(".cwc-storage-note")).to_be_visible()
    first = _item_ids(form)[0]
    _box(form, first).check()
    expect(_progress(form)).to_have_text(f"1 of {_count(form)} done")
    form.get_by_role("button", name="Reset").click()
    assert _checked(form) == []
    # Material's own palette script also reads localStorage unguarded; only ours is judged here.
    ours = [e for e in errors if "checklists.js" in e]
    assert not ours, f"checklists.js threw: {ours}"
    assert not watched_page.watch.foreign_requests


@pytest.mark.parametrize("cid", BEHAVIOUR)
def test_without_javascript_the_checklist_still_works(browser, site_server, cid: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = _watched(context, site_server)
        page.goto(site_server.url + f"checklists/{cid}/")
        form = page.locator(f'form.cwc-checklist[data-checklist="{cid}"]')
        first = _item_ids(form)[0]
        label = form.locator(f'label[for="{_box(form, first).get_attribute("id")}"]')
        label.click()
        expect(_box(form, first)).to_be_checked()
        # The count needs the script; a stale "0 of N" is not shown.
        expect(_progress(form)).to_be_hidden()
        form.get_by_role("button", name="Reset").click()
        expect(_box(form, first)).not_to_be_checked()
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# Every checklist: what the behaviours above rely on, and what depends on the page's content
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("cid", IDS)
def test_every_checklist_page_has_the_markup_the_behaviours_rely_on(built_site: Path, cid: str) -> None:
    """The built page of each checklist carries what checklists.js and the tests above use on BEHAVIOUR_ID."""
    assert cid in CHECKLIST_IDS, f"no checklists/*.yml files found under {ROOT}"
    soup = _soup(built_site, cid)
    forms = soup.select("form.cwc-checklist")
    assert len(forms) == 1 and forms[0].get("data-checklist") == cid, f"{cid}: expected one form.cwc-checklist[data-checklist={cid!r}]"
    form = forms[0]
    assert "cwc-live" not in form.get("class", []), f"{cid}: the page claims the script ran before it did"
    # The same script and stylesheet as the checklist the behaviours ran on, from the form itself
    # (so they also come along with an instant navigation).
    assert _form_assets(built_site, cid) == _form_assets(built_site, BEHAVIOUR_ID), f"{cid}: not the checklist script and styles of {BEHAVIOUR_ID}"
    assert any(src.endswith("/checklists.js") for src in _form_assets(built_site, cid)), f"{cid}: the form does not load checklists.js"

    boxes = form.select("input[type=checkbox][data-item]")
    assert len(boxes) >= 5, f"{cid}: {len(boxes)} checkboxes; the behaviours need at least 5"
    items = [b["data-item"] for b in boxes]
    assert len(set(items)) == len(items), f"{cid}: duplicate data-item values {items}"
    ids = [b.get("id") for b in boxes]
    assert all(ids) and all(len(soup.find_all(id=i)) == 1 for i in ids), f"{cid}: checkbox ids missing or not unique on the page"
    names = []
    for box in boxes:
        labels = soup.find_all("label", attrs={"for": box["id"]})
        assert len(labels) == 1, f"{cid}: item {box['data-item']!r} has {len(labels)} labels"
        assert not (set(box.attrs) & {"aria-label", "aria-labelledby", "title"}), f"{cid}: item {box['data-item']!r} is not named by its label"
        names.append(labels[0].get_text(" ", strip=True))
    assert all(names), f"{cid}: an item has no label text"
    assert len(set(names)) == len(names), f"{cid}: two items have the same label, so neither can be found by its name"

    statuses = soup.select('[role="status"], output')
    assert len(statuses) == 1, f"{cid}: {len(statuses)} status regions on the page"
    progress = statuses[0]
    assert progress.find_parent("form") is form and "cwc-progress" in progress.get("class", [])
    assert progress.get("aria-live") == "polite"
    assert progress.get_text(" ", strip=True) == f"0 of {len(boxes)} done"

    resets = [b for b in form.find_all("button") if b.get_text(strip=True).startswith("Reset")]
    assert len(resets) == 1 and resets[0].get("type") == "reset", f"{cid}: no <button type=reset>Reset…</button> (it must work without the script)"
    whys = form.select("details.cwc-why")
    assert form.select(".cwc-item")[0].select_one("details.cwc-why") is not None, f"{cid}: the first item has no 'Why'"
    for why in whys:
        assert why.find("summary") is not None, f"{cid}: a 'Why' without a summary to open it"
        sources = why.select_one(".cwc-sources")
        # A source is a link to it, or the note that the tip is the guide's own addition.
        assert sources is not None and (sources.select("a[href]") or sources.select(".cite-guide")), \
            f"{cid}: a 'Why' that names no source"
    notes = form.select(".cwc-storage-note")
    assert len(notes) == 1 and notes[0].has_attr("hidden"), f"{cid}: no hidden .cwc-storage-note in the form"


@pytest.mark.parametrize("cid", IDS)
def test_every_checklist_page_works_for_a_reader(watched_page: Page, site_server, cid: str) -> None:
    """On each checklist's own content: named boxes, Tab reaches the first box, 24 px targets, a tick counts and is saved."""
    form = _open(watched_page, site_server, cid)
    items = _item_ids(form)
    for item in items:
        box = _box(form, item)
        label = form.locator(f'label[for="{box.get_attribute("id")}"]').inner_text().strip()
        named = watched_page.get_by_role("checkbox", name=label, exact=True)
        expect(named).to_have_count(1)
        assert named.get_attribute("data-item") == item

    first = _box(form, items[0])
    for _ in range(80):  # Tab from the top of the page to the first checkbox
        watched_page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail(f"{cid}: 80 presses of Tab never reached the first checkbox")
    watched_page.keyboard.press("Space")
    expect(first).to_be_checked()
    expect(_progress(form)).to_have_text(f"1 of {len(items)} done")
    assert _stored(watched_page, cid) == {items[0]: True}

    watched_page.set_viewport_size({"width": 400, "height": 800})  # a phone
    sizes = watched_page.locator(".cwc-item > input, .cwc-why > summary, .cwc-reset").evaluate_all(
        "l => l.map(e => { const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 60), r.width, r.height]; })"
    )
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, f"{cid}: controls under 24x24px: {small}"
    watched_page.watch.assert_clean()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _open(page: Page, site_server, cid: str) -> Locator:
    """Open the interactive page of checklist `cid` and wait for its script."""
    assert cid in CHECKLIST_IDS, f"no checklists/*.yml files found under {ROOT}"
    page.goto(site_server.url + f"checklists/{cid}/")
    return _ready(page, cid)


def _soup(site: Path, cid: str) -> BeautifulSoup:
    return BeautifulSoup((site / "checklists" / cid / "index.html").read_text(encoding="utf-8"), "html.parser")


def _form_assets(site: Path, cid: str) -> set[str]:
    """The scripts and stylesheets the checklist form of `cid` loads, as paths from the site root."""
    form = _soup(site, cid).select_one("form.cwc-checklist")
    base = f"/checklists/{cid}/"
    refs = [el["src"] for el in form.select("script[src]")] + [el["href"] for el in form.select('link[rel~="stylesheet"][href]')]
    return {urljoin(base, ref) for ref in refs}


def _ready(page: Page, cid: str) -> Locator:
    form = page.locator(f'form.cwc-checklist[data-checklist="{cid}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))  # set once the script has set it up
    return form


def _watched(context, site_server) -> Page:
    """A new page in `context` recording foreign requests and console errors, like `watched_page`."""
    return new_watched_page(context, site_server.origin)


def _sitemap_as_if_served_at_site_url(page: Page, site_server) -> None:
    """Point the sitemap's URLs at the test server.

    Material navigates instantly only to URLs listed in sitemap.xml, which names the real
    host (site_url); it swaps in the current hostname but keeps the port, so on a test
    server with a random port every link would be a full page load.
    """

    def rewrite(route) -> None:
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_server.origin}/", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)


def _item_ids(form: Locator) -> list[str]:
    return form.locator("input[type=checkbox][data-item]").evaluate_all("l => l.map(b => b.dataset.item)")


def _box(form: Locator, item: str) -> Locator:
    return form.locator(f'input[type=checkbox][data-item="{item}"]')


def _checked(form: Locator) -> list[str]:
    return form.locator("input[type=checkbox][data-item]").evaluate_all(
        "l => l.filter(b => b.checked).map(b => b.dataset.item)"
    )


def _count(form: Locator) -> int:
    return form.locator("input[type=checkbox][data-item]").count()


def _progress(form: Locator) -> Locator:
    return form.locator(".cwc-progress")


def _key(cid: str) -> str:
    return f"cwc:v1:{cid}"


def _stored(page: Page, cid: str):
    return page.evaluate("k => JSON.parse(localStorage.getItem(k))", _key(cid))


def _ring(el: Locator) -> dict:
    """The outline of `el` and the page colour behind it, as computed now."""
    return el.evaluate(
        r"""el => {
            const s = getComputedStyle(el);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                    shadow: s.boxShadow, background: backdrop(el)};
            function backdrop(e) {  // the first opaque background behind `e`
                for (; e; e = e.parentElement) {
                    const c = getComputedStyle(e).backgroundColor;
                    if (!/^rgba\(.*, 0\)$/.test(c) && c !== "transparent") return c;
                }
                return "rgb(255, 255, 255)";
            }
        }"""
    )


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of colour `fg` (alpha blended) over opaque `bg`."""
    f, b = _rgba(fg), _rgba(bg)
    mixed = [f[3] * f[i] + (1 - f[3]) * b[i] for i in range(3)]

    def lum(rgb) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(mixed), lum(b[:3])), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
