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

from conftest import new_watched_page

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


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


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
