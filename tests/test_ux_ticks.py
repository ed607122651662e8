"""Checklists as a newcomer uses them (issue 16) and ticks under stress (issue 15), in headless Chromium:
printing in dark mode, the skip link, the printed address, the tick model (undo, "doesn't apply",
counters, the end), two tabs ticking at once, and the ticks tool's import, export and wording.

Reproduce one with `.venv/bin/python -m pytest tests/test_ux_ticks.py -k <name>`.
"""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import checked_items as _checked, checklist_box as _box, checklist_items as _items, new_watched_page

pytestmark = pytest.mark.browser

CID = "pre-connect"
KEY = f"cwc:v1:{CID}"
BUILDER = "tools/checklist-builder/"
TICKS_TOOL = "tools/take-it-with-you/"


# ----------------------------------------------------------------------------
# Printing in dark mode (16.1)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [f"checklists/{CID}/", BUILDER], ids=["checklist", "builder"])
@pytest.mark.parametrize("dark_by", ["system", "toggle"])
def test_dark_mode_prints_black_on_white_with_empty_boxes(browser, site_server, path: str, dark_by: str) -> None:
    """Unticked boxes print empty (white inside) and the page has no dark frame, however the site is dark."""
    context = browser.new_context(color_scheme="dark" if dark_by == "system" else "light", viewport={"width": 900, "height": 900})
    try:
        page = new_watched_page(context, site_server.origin)
        page.goto(site_server.url + path)
        expect(page.locator("form.cwc-checklist.cwc-live").first).to_be_attached()
        if dark_by == "toggle":
            page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        boxes = page.locator("form.cwc-checklist input[type=checkbox][data-item]")
        boxes.nth(1).check()
        page.emulate_media(media="print")

        empty, ticked = _centre(boxes.nth(0).screenshot()), _mean(boxes.nth(1).screenshot())
        assert _luminance(empty) > 230, f"an unticked box prints filled: {empty} ({dark_by} dark, {path})"
        assert _luminance(ticked) < 180, f"a ticked box prints like an empty one: {ticked}"
        corner = _pixel(page.screenshot(), 2, 2)
        assert _luminance(corner) > 240, f"the printed page has a dark frame: {corner}"
        text = page.locator("form.cwc-checklist label").first.evaluate("e => getComputedStyle(e).color")
        assert _luminance(tuple(int(v) for v in re.findall(r"\d+", text)[:3])) < 80, f"text prints light: {text}"
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# Skip link (16.2)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("cid", ["pre-connect", "pruning"])
def test_checklist_pages_have_a_skip_to_content_link(watched_page: Page, site_server, cid: str) -> None:
    watched_page.goto(site_server.url + f"checklists/{cid}/")
    watched_page.wait_for_load_state("networkidle")  # as a reader would, once the page is there
    watched_page.keyboard.press("Tab")
    skip = watched_page.locator(":focus")
    expect(skip).to_have_text(re.compile(r"Skip to content"))
    expect(skip).to_be_visible()
    assert skip.get_attribute("href").endswith("#cwc-title"), "the skip link does not lead to the checklist's heading"
    watched_page.evaluate("scrollTo({top: document.body.scrollHeight, behavior: \"instant\"})")
    watched_page.keyboard.press("Enter")
    assert watched_page.evaluate("location.hash") == "#cwc-title"
    expect(watched_page.locator("h1#cwc-title")).to_be_in_viewport()
    # Next after the heading, before any other link or control: the checklist's first box.
    first_control = watched_page.evaluate(
        """() => [...document.querySelectorAll("article a[href], article input, article button, article summary")]
            .find(e => e.compareDocumentPosition(document.getElementById("cwc-title")) & Node.DOCUMENT_POSITION_PRECEDING
                       && !e.closest(".headerlink") && e.getClientRects().length).outerHTML"""
    )
    assert 'type="checkbox"' in first_control, f"between the heading and the checklist: {first_control[:120]}"
    watched_page.watch.assert_clean()


# The first control after the page's title (the title's own ¶, a link to the page itself, is not one):
# on a checklist its first box, on a guide page the first link in the text.
_FIRST_AFTER_TITLE = """() => {
    const h1 = document.querySelector("article h1");
    return [...document.querySelectorAll("article a[href], article input, article button, article summary")]
        .find(e => h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !h1.contains(e) && e.getClientRects().length);
}"""


@pytest.mark.parametrize("path", [f"checklists/{CID}/", "sending-a-request/"], ids=["checklist", "guide-page"])
def test_tab_enter_tab_goes_from_the_skip_link_to_the_first_control_and_stays_there(
    watched_page: Page, site_server, path: str
) -> None:
    """Tab, Enter on "Skip to content", Tab: the first box of the checklist (the first link on a guide
    page), and focus stays there on a slow network. Material's instant navigation took the skip link
    for a link to another page: it fetched this page again and swapped it in, dropping focus, so the
    next Tab went to the sidebar (once the page arrived after the reader's Tab)."""
    page = watched_page
    page.goto(site_server.url + path)
    page.wait_for_load_state("networkidle")
    first = page.evaluate_handle(_FIRST_AFTER_TITLE)
    if path.startswith("checklists/"):
        assert first.evaluate("e => e.matches('form.cwc-checklist input[type=checkbox]')"), first.evaluate("e => e.outerHTML")
    cdp = page.context.new_cdp_session(page)  # from here a slow network: 400 ms for each request
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1})

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile(r"Skip to content"))
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#" + page.evaluate("document.querySelector('article h1').id")
    expect(page.locator("article h1")).to_be_in_viewport()
    page.keyboard.press("Tab")
    focused = lambda: page.evaluate("document.activeElement.outerHTML.slice(0, 160)")  # noqa: E731
    assert first.evaluate("e => e === document.activeElement"), f"Tab after the skip link went to {focused()}"

    page.wait_for_timeout(1500)  # the reader reads the first item; a page fetched meanwhile would have arrived
    assert first.evaluate("e => e.isConnected && e === document.activeElement"), f"focus left the first control: {focused()}"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')"), f"the next Tab left the page's text: {focused()}"
    page.watch.assert_clean()


def test_the_checklist_buttons_stay_apart_when_they_wrap_on_a_phone(browser, site_server) -> None:
    """At 390 px "Reset for the next one" and "Print with my ticks" take a line each; they touched."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = new_watched_page(context, site_server.origin)
        form = _open(page, site_server, CID)
        boxes = form.locator(".cwc-actions button:visible").evaluate_all(
            "bs => bs.map(b => b.getBoundingClientRect()).map(r => [r.top, r.bottom])"
        )
        assert len(boxes) == 2, boxes
        (top1, bottom1), (top2, bottom2) = boxes
        assert top2 >= bottom1, f"on a phone the buttons are expected on two lines: {boxes}"
        assert top2 - bottom1 >= 4, f"the buttons touch ({top2 - bottom1:.1f} px apart)"
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# The interactive checklist on paper (16.4)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("cid", ["pre-connect", "pruning"])
def test_the_printed_checklist_shows_its_address_and_qr_code_and_no_counter(watched_page: Page, site_server, cid: str) -> None:
    form = _open(watched_page, site_server, cid)
    foot = watched_page.locator(".cwc-print-foot")
    expect(foot).to_be_hidden()  # on screen the address bar says it
    form.locator("input[data-item]").nth(1).check()
    watched_page.emulate_media(media="print")
    expect(foot).to_be_visible()
    expect(foot).to_contain_text(f"checklists/{cid}")
    expect(foot.locator(".cwc-qr svg")).to_be_visible()
    href = foot.locator("a").evaluate("a => a.href")
    assert href == watched_page.url, f"the printed address {href} is not this checklist's"
    for counter in (".cwc-progress", ".cwc-count"):
        expect(form.locator(counter)).to_be_hidden()
    watched_page.watch.assert_clean()


# ----------------------------------------------------------------------------
# The tick model (16.5)
# ----------------------------------------------------------------------------


def test_reset_can_be_undone_for_a_few_seconds(watched_page: Page, site_server) -> None:
    watched_page.clock.install()
    form = _open(watched_page, site_server, CID)
    first, third = _items(form)[0], _items(form)[2]
    _box(form, first).check()
    _box(form, third).check()
    form.get_by_role("button", name="Reset").click()
    assert _checked(form) == [] and _stored(watched_page) is None, "Reset must clear at once"
    undo = form.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    expect(form.locator("[data-undo]")).to_have_attribute("aria-live", "polite")
    undo.click()
    assert _checked(form) == [first, third]
    assert _stored(watched_page) == {first: True, third: True}
    expect(form.locator(".cwc-progress")).to_have_text(f"2 of {len(_items(form))} done")
    expect(undo).to_have_count(0)
    expect(form.get_by_role("button", name="Reset")).to_be_focused()

    # A second Reset: the offer goes after a few seconds, and the ticks stay cleared.
    form.get_by_role("button", name="Reset").click()
    expect(undo).to_be_visible()
    watched_page.mouse.click(1, 1)  # focus away from the offer
    watched_page.clock.run_for(11_000)
    expect(undo).to_have_count(0)
    assert _checked(form) == [] and _stored(watched_page) is None
    watched_page.reload()
    assert _checked(_ready(watched_page, CID)) == []
    watched_page.watch.assert_clean()


def test_reset_with_nothing_ticked_offers_nothing_to_undo(watched_page: Page, site_server) -> None:
    form = _open(watched_page, site_server, CID)
    form.get_by_role("button", name="Reset").click()
    expect(form.get_by_role("button", name="Undo")).to_have_count(0)
    watched_page.watch.assert_clean()


def test_the_count_is_above_the_list_too_and_the_end_is_announced(watched_page: Page, site_server) -> None:
    form = _open(watched_page, site_server, CID)
    items, n = _items(form), len(_items(form))
    top, status = form.locator(".cwc-count"), watched_page.get_by_role("status")
    assert top.evaluate("p => !!(p.compareDocumentPosition(p.closest('form').querySelector('ol')) & Node.DOCUMENT_POSITION_FOLLOWING)"), "the count is not above the list"
    expect(top).to_contain_text(f"0 of {n} done")
    for item in items[:-1]:
        _box(form, item).check()
    expect(top).to_contain_text(f"{n - 1} of {n} done")
    expect(status).to_have_text(f"{n - 1} of {n} done")  # nothing about the end yet
    _box(form, items[-1]).check()
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text(f"{n} of {n} done")
    expect(status).to_contain_text("All done")
    _box(form, items[0]).uncheck()
    expect(status).not_to_contain_text("All done")
    watched_page.watch.assert_clean()


def test_the_page_says_it_is_used_afresh_each_time_and_how_if_items_count(watched_page: Page, site_server) -> None:
    """An item that begins with "If" has its own "Doesn't apply" box (tests/test_not_applicable.py), so the
    page no longer asks the reader to tick an item that does not apply."""
    form = _open(watched_page, site_server, CID)
    reset = form.get_by_role("button", name="Reset")
    expect(reset).to_have_text("Reset for the next one")
    top = form.locator(".cwc-count")
    expect(top).to_contain_text("A fresh list each time")
    if_items = form.locator(".cwc-item").filter(has=watched_page.locator(":scope > label", has_text="If "))
    assert if_items.count(), "pre-connect has no item beginning with If"
    for index in range(if_items.count()):
        expect(if_items.nth(index).get_by_role("checkbox", name="Doesn't apply")).to_have_count(1)
    expect(top).not_to_contain_text("when it doesn't apply")
    watched_page.watch.assert_clean()


# ----------------------------------------------------------------------------
# Two tabs at once (15.7)
# ----------------------------------------------------------------------------


# Whether localStorage[key], read in this tab, holds exactly the ticks `expected`.
_STORED_IS = """([key, expected]) => {
    const raw = localStorage.getItem(key);
    if (raw === null) return false;
    const stored = JSON.parse(raw);
    const keys = Object.keys(expected);
    return Object.keys(stored).length === keys.length && keys.every((item) => stored[item] === expected[item]);
}"""


def test_two_tabs_ticking_at_the_same_moment_keep_both_ticks(context, site_server) -> None:
    """Each tab ticks a different item at the same instant (one timer each, same clock time), 8 times."""
    here, there = new_watched_page(context, site_server.origin), new_watched_page(context, site_server.origin)
    forms = [_open(page, site_server, CID) for page in (here, there)]
    items = _items(forms[0])
    lost = []
    for round_ in range(8):
        a, b = items[round_ % len(items)], items[(round_ + 3) % len(items)]
        at = here.evaluate("Date.now()") + 150
        for page, item in ((here, a), (there, b)):
            page.evaluate(
                "([item, at]) => setTimeout(() => document.querySelector(`input[data-item='${item}']`).click(), at - Date.now())",
                [item, at],
            )
        expected = {a: True, b: True}
        try:
            # Up to 2 s for both ticks to be stored, as each tab reads the storage; then both at once.
            try:
                for page in (here, there):
                    page.wait_for_function(_STORED_IS, arg=[KEY, expected], polling=50, timeout=2000)  # not rAF: a tab in the background gets few frames
            except PlaywrightTimeoutError:
                pass
            if not (_stored(here) == expected and _stored(there) == expected):
                lost.append((round_, _stored(here), _stored(there)))
        finally:
            here.evaluate("() => localStorage.clear()")  # the ticks and the record of recent changes
            here.reload()
            there.reload()
            forms = [_ready(page, CID) for page in (here, there)]
        for page in (here, there):
            assert _checked(forms[0 if page is here else 1]) == []
    assert not lost, f"ticks lost when two tabs ticked at once (round, here, there): {lost}"
    for page in (here, there):
        page.watch.assert_clean()


# ----------------------------------------------------------------------------
# The ticks tool: import when storage fills, export when it can't be read, its words (15.5, 15.6, 16.10)
# ----------------------------------------------------------------------------


def test_an_import_that_fills_storage_part_way_changes_nothing_and_can_be_retried(watched_page: Page, site_server) -> None:
    page = watched_page
    # The second checklist written fills the storage; after that, storage has room again.
    page.add_init_script(
        "(() => { const set = Storage.prototype.setItem; let writes = 0;"
        " Storage.prototype.setItem = function (k, v) {"
        "   if (k.startsWith('cwc:v1:') && ++writes === 2 && !sessionStorage.cwcRoom) throw new DOMException('full', 'QuotaExceededError');"
        "   return set.call(this, k, v); }; })();"
    )
    tool = _open_tool(page, site_server)
    known = json.loads(tool.get_attribute("data-known"))
    page.evaluate("() => localStorage.setItem('cwc:v1:pruning', JSON.stringify({'keep-this': true}))")
    file = {"format": "connect-with-care/ticks/v1", "ticks": {"pre-connect": known["pre-connect"][:2], "pruning": known["pruning"][:1]}}
    chooser = tool.locator('input[type="file"]')
    payload = [{"name": "ticks.json", "mimeType": "application/json", "buffer": json.dumps(file).encode()}]
    chooser.set_input_files(files=payload)
    report = tool.locator("[data-report]")
    expect(report).to_contain_text("Nothing imported")
    expect(report).to_contain_text("nothing was changed")
    assert _stored(page, "cwc:v1:pre-connect") is None, "a checklist was saved although the import failed"
    assert _stored(page, "cwc:v1:pruning") == {"keep-this": True}
    expect(tool.locator('[data-count-for="pre-connect"]')).to_contain_text("0 of")
    assert chooser.evaluate("i => i.value") == "", "the file input keeps the file, so choosing it again does nothing"

    page.evaluate("() => sessionStorage.cwcRoom = 1")  # room again: the same file, chosen again, imports
    chooser.set_input_files(files=payload)
    expect(report).to_contain_text("Imported 3 ticks into 2 checklists")
    assert _stored(page, "cwc:v1:pre-connect") == {item: True for item in known["pre-connect"][:2]}
    expect(tool.locator('[data-count-for="pre-connect"]')).to_contain_text("2 of")
    page.watch.assert_clean()


def test_export_refuses_when_saved_ticks_cannot_be_read(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + TICKS_TOOL)
    page.evaluate("k => localStorage.setItem(k, JSON.stringify({'know-your-why': true}))", KEY)
    page.add_init_script("Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };")
    tool = _open_tool(page, site_server)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    tool.get_by_role("button", name="Download my ticks").click()
    report = tool.locator("[data-report]")
    expect(report).to_contain_text("Nothing downloaded")
    expect(report).to_contain_text("read the ticks saved here")
    assert "0 ticks" not in report.inner_text()
    page.wait_for_timeout(300)
    assert downloads == [], "a file was downloaded although the ticks could not be read"
    page.watch.assert_clean()


def test_the_ticks_tool_speaks_plainly_and_its_counts_read_well(watched_page: Page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + f"checklists/{CID}/")
    page.locator("form.cwc-checklist input[data-item]").first.check()
    tool = _open_tool(page, site_server)
    article = page.locator("article").inner_text()
    for jargon in ("cwc:v1", "local storage", "localStorage"):
        assert jargon not in article, f"the page speaks of {jargon!r}"
    entry = tool.locator(f'li[data-checklist="{CID}"]')
    text = re.sub(r"\s+", " ", entry.inner_text()).strip()
    assert " :" not in text and re.search(r"\(1 of \d+ ticked\)$", text), f"the count reads {text!r}"
    page.watch.assert_clean()


def test_the_file_control_looks_like_a_button_and_shows_focus(watched_page: Page, site_server) -> None:
    page = watched_page
    tool = _open_tool(page, site_server)
    chooser = tool.locator('input[type="file"]')
    button = chooser.evaluate(
        """i => { const s = getComputedStyle(i, "::file-selector-button");
                  return {border: s.borderTopWidth, weight: s.fontWeight, background: s.backgroundColor, color: s.color}; }"""
    )
    export = tool.get_by_role("button", name="Download my ticks").evaluate(
        "b => { const s = getComputedStyle(b); return {border: s.borderTopWidth, weight: s.fontWeight, background: s.backgroundColor, color: s.color}; }"
    )
    assert button == export, f"the file button {button} does not look like the page's buttons {export}"
    chooser.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = chooser.evaluate("i => { const s = getComputedStyle(i); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] != "none" and ring[1] >= 2, f"no focus ring on the file control: {ring}"
    page.watch.assert_clean()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _open(page: Page, site_server, cid: str):
    page.goto(site_server.url + f"checklists/{cid}/")
    return _ready(page, cid)


def _ready(page: Page, cid: str):
    form = page.locator(f'form.cwc-checklist[data-checklist="{cid}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    return form


def _stored(page: Page, key: str = KEY):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def _open_tool(page: Page, site_server):
    page.goto(site_server.url + TICKS_TOOL)
    tool = page.locator('[data-cwc-tool="ticks"]')
    expect(tool).to_be_visible()
    return tool


def _png_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of a PNG as Chromium writes them (8-bit RGBA or RGB, not interlaced)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    raw, stride, rows, previous = zlib.decompress(data), width * channels, [], bytes(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = bytes(line)
        rows.append(bytes(b for i in range(0, stride, channels) for b in (*line[i:i + 3], 255)))
    return width, height, rows


def _pixel(png: bytes, x: int, y: int) -> tuple[int, int, int]:
    _, _, rows = _png_rows(png)
    return tuple(rows[y][4 * x:4 * x + 3])


def _centre(png: bytes) -> tuple[int, int, int]:
    width, height, rows = _png_rows(png)
    return tuple(rows[height // 2][4 * (width // 2):4 * (width // 2) + 3])


def _mean(png: bytes) -> tuple[float, float, float]:
    width, height, rows = _png_rows(png)
    pixels = [row[i:i + 3] for row in rows for i in range(0, 4 * width, 4)]
    return tuple(sum(p[c] for p in pixels) / len(pixels) for c in range(3))


def _luminance(rgb) -> float:
    r, g, b = rgb[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
