"""Printing checklists: the print page, and the interactive page printed, each fit one A4 or US Letter page.

Every test runs over every real checklist (`checklists/*.yml`), plus one build with a worst-case
checklist (nine items of the longest allowed text). Reproduce one with
`.venv/bin/python -m pytest tests/test_checklist_print.py -k "pruning and Letter"`.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PageWatch, StaticServer, copy_project, run_build, site_path_prefix
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST_IDS = sorted(p.stem for p in (ROOT / "checklists").glob("*.yml") if p.stem != "sources")
# No checklist files must fail, not silently run nothing.
IDS = CHECKLIST_IDS or ["<no checklists/*.yml found>"]
PAPERS = ["A4", "Letter"]
# Material's chrome that must not be on the print page.
MATERIAL_CHROME = [".md-header", ".md-nav", ".md-sidebar", ".md-footer", ".md-search", "[data-md-component]"]


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("cid", IDS)
def test_print_page_fits_one_page(watched_page: Page, site_server, cid: str, paper: str) -> None:
    _open_print_page(watched_page, site_server, cid)
    pages = _pdf_pages(watched_page, paper)
    assert pages == 1, f"the print page of {cid!r} takes {pages} {paper} pages"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("cid", IDS)
def test_interactive_page_prints_ticks_on_one_page(watched_page: Page, site_server, cid: str, paper: str) -> None:
    watched_page.goto(site_server.url + f"checklists/{cid}/")
    form = watched_page.locator(f'form.cwc-checklist[data-checklist="{cid}"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    boxes = form.locator("input[type=checkbox][data-item]")
    boxes.nth(1).check()
    boxes.nth(3).check()
    form.locator("details.cwc-why summary").first.click()  # an open "why" must not print either

    watched_page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-footer", ".cwc-reset", ".cwc-why"]:
        expect(watched_page.locator(hidden).first).to_be_hidden()
    expect(boxes.first).to_be_visible()
    assert boxes.evaluate_all("l => l.map(b => b.checked)").count(True) == 2
    pages = _pdf_pages(watched_page, paper)
    assert pages == 1, f"the interactive page of {cid!r} prints on {pages} {paper} pages"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", IDS)
def test_print_page_has_the_checklist_and_no_script_or_material_chrome(
    watched_page: Page, site_server, cid: str
) -> None:
    items = _item_texts(watched_page, site_server, cid)
    _open_print_page(watched_page, site_server, cid)
    soup = BeautifulSoup(watched_page.content(), "html.parser")

    # The one script is the Print button's (print.js shows it; phones have no obvious print menu):
    # the page works and prints without it (tests/test_ux_tools.py, JavaScript off).
    scripts = [s.get("src", "(inline)").rsplit("/", 1)[-1] for s in soup.find_all("script")]
    assert scripts == ["print.js"], f"the print page must work and print without scripts but print.js: {scripts}"
    for selector in MATERIAL_CHROME:
        assert not soup.select(selector), f"the print page has Material's {selector}"
    assert soup.h1 and soup.h1.get_text(strip=True), "no title"
    assert soup.select_one(".cwc-pause") and "Use it" in soup.select_one(".cwc-pause").get_text()
    assert len(soup.select(".cwc-print-items > li > .cwc-box")) == len(items), "one empty box per item"
    # An item that begins with "If" also has a small "(or [ ] doesn't apply)" box (tests/test_not_applicable.py).
    not_applicable = [na.extract() for na in soup.select(".cwc-print-items li .cwc-na")]
    assert all(na.select(".cwc-box") and na.get_text(" ", strip=True) == "(or doesn't apply)" for na in not_applicable)
    assert [li.get_text(" ", strip=True) for li in soup.select(".cwc-print-items li")] == items
    assert soup.select_one("time[datetime]"), "no revision date"
    assert soup.select_one(".cwc-qr svg"), "no QR code (inline SVG)"
    address = f"checklists/{cid}"
    assert address in soup.select_one(".cwc-print-foot").get_text(), f"the short address ({address}) is missing"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", IDS)
def test_print_page_is_large_black_sans_serif_on_white(watched_page: Page, site_server, cid: str) -> None:
    _open_print_page(watched_page, site_server, cid)
    watched_page.emulate_media(media="print")
    style = watched_page.locator(".cwc-print-items li").first.evaluate(
        """el => {
            const s = getComputedStyle(el);
            return {size: parseFloat(s.fontSize), family: s.fontFamily, color: s.color,
                    background: getComputedStyle(document.documentElement).backgroundColor};
        }"""
    )
    assert style["size"] >= 13 * 96 / 72, f"items are {style['size'] * 72 / 96:.1f}pt, under 13pt"
    assert style["family"].rstrip().endswith("sans-serif"), style["family"]
    assert style["color"] == "rgb(0, 0, 0)" and style["background"] == "rgb(255, 255, 255)", style
    assert watched_page.evaluate("document.fonts.size") == 0, "the print page loads web fonts"
    box = watched_page.locator(".cwc-box").first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.width]; }"
    )
    assert box[0] == "solid" and box[1] >= 1, f"the tick box has no visible border: {box}"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", IDS)
def test_print_page_reads_well_on_screen(watched_page: Page, site_server, cid: str) -> None:
    watched_page.set_viewport_size({"width": 1400, "height": 900})
    _open_print_page(watched_page, site_server, cid)
    body = watched_page.locator("body").bounding_box()
    assert body["width"] <= 900, f"text runs {body['width']:.0f}px wide on a wide screen"
    left, right = body["x"], 1400 - body["x"] - body["width"]
    assert abs(left - right) <= 2, f"not centred: {left:.0f}px left, {right:.0f}px right"
    low = watched_page.evaluate(_LOWEST_CONTRAST_JS)
    assert low["ratio"] >= 4.5, f"text under 4.5:1 contrast: {low}"
    watched_page.watch.assert_clean()


@pytest.mark.parametrize("cid", IDS)
def test_print_link_loads_the_print_page_not_an_instant_swap(watched_page: Page, site_server, cid: str) -> None:
    """Material would swap the print page into its own layout; the link must load it for real."""
    _sitemap_as_if_served_at_site_url(watched_page, site_server)
    watched_page.goto(site_server.url + f"checklists/{cid}/")
    watched_page.evaluate("window.cwcSamePage = true")
    watched_page.locator(".cwc-actions").get_by_role("link", name="Print this checklist").click()
    watched_page.wait_for_url(re.compile(r"/print/?(\.html)?$"))
    watched_page.wait_for_load_state()
    assert watched_page.evaluate("window.cwcSamePage") is None, "the print page was swapped in, not loaded"
    assert watched_page.locator('script:not([src$="/print.js"]), .md-header').count() == 0  # print.js: its Print button
    watched_page.watch.assert_clean()


def test_print_links_on_the_index_load_the_print_page(watched_page: Page, site_server) -> None:
    _sitemap_as_if_served_at_site_url(watched_page, site_server)
    watched_page.goto(site_server.url + "checklists/")
    watched_page.evaluate("window.cwcSamePage = true")
    links = watched_page.locator("article a[href$='/print/']")
    assert links.count() == len(CHECKLIST_IDS), "the index should link each checklist's print page"
    links.first.click()
    watched_page.wait_for_url(re.compile(r"/print/?$"))
    watched_page.wait_for_load_state()
    assert watched_page.evaluate("window.cwcSamePage") is None, "the print page was swapped in, not loaded"
    assert watched_page.locator('script:not([src$="/print.js"]), .md-header').count() == 0  # print.js: its Print button
    watched_page.watch.assert_clean()


def test_nine_longest_items_fit_one_page(tmp_path: Path, browser) -> None:
    """The worst case the schema allows: 60-character title, 80-character pause point, 9 x 90 characters."""
    project = copy_project(tmp_path / "project")
    _make_worst_case(project / "checklists" / "pruning.yml")
    build = run_build(project, tmp_path / "site")
    assert build.ok, f"the worst-case checklist did not build:\n{build.output}"

    context = browser.new_context()
    try:
        with StaticServer(build.site_dir, prefix=site_path_prefix(project)) as server:
            page = context.new_page()
            watch = PageWatch(server.origin)
            page.on("console", watch.on_console)
            page.on("pageerror", watch.on_pageerror)
            page.on("request", watch.on_request)
            page.goto(server.url + "checklists/pruning/")
            assert page.locator(".cwc-item").count() == 9
            for paper in PAPERS:
                assert _pdf_pages(page, paper) == 1, f"the interactive page takes 2+ {paper} pages"
            page.goto(server.url + "checklists/pruning/print/")
            assert page.locator(".cwc-print-items li").count() == 9
            for paper in PAPERS:
                assert _pdf_pages(page, paper) == 1, f"the print page takes 2+ {paper} pages"
            watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _open_print_page(page: Page, site_server, cid: str) -> None:
    """Open checklist `cid`'s print page by the link on its interactive page."""
    assert cid in CHECKLIST_IDS, f"no checklists/*.yml files found under {ROOT}"
    page.goto(site_server.url + f"checklists/{cid}/")
    href = page.locator(".cwc-actions").get_by_role("link", name="Print this checklist").get_attribute("href")
    page.goto(urljoin(page.url, href))


def _item_texts(page: Page, site_server, cid: str) -> list[str]:
    """Each item as its print page must show it: the label, and the label it carries on screen
    ("The guide's own addition", "Community tip"), in brackets, lower case first."""
    page.goto(site_server.url + f"checklists/{cid}/")
    return page.locator(".cwc-item").evaluate_all(
        """lis => lis.map(li => {
            const label = li.querySelector(':scope > label').innerText;
            const mark = li.querySelector(':scope > .cwc-own, :scope > .cwc-community');
            if (!mark) return label;
            const text = mark.innerText;
            return `${label} (${text[0].toLowerCase()}${text.slice(1)})`;
        })"""
    )


def _pdf_pages(page: Page, paper: str) -> int:
    return len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)


def _sitemap_as_if_served_at_site_url(page: Page, site_server) -> None:
    """Point the sitemap at the test server, so Material's instant navigation runs (see test_checklist_browser)."""

    def rewrite(route) -> None:
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_server.origin}/", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)


# The lowest WCAG contrast of any element's own text against white (the page is black on white).
_LOWEST_CONTRAST_JS = r"""() => {
    const lum = c => {
        const [r, g, b, a = 1] = c.match(/[\d.]+/g).map(Number);
        const mix = [r, g, b].map(v => (a * v + (1 - a) * 255) / 255)
            .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * mix[0] + 0.7152 * mix[1] + 0.0722 * mix[2];
    };
    let low = {ratio: 21, text: ""};
    for (const el of document.body.querySelectorAll("*")) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.getClientRects().length) continue;
        const ratio = 1.05 / (lum(getComputedStyle(el).color) + 0.05);
        if (ratio < low.ratio) low = {ratio, text: el.textContent.trim().slice(0, 40)};
    }
    return low;
}"""


def _make_worst_case(path: Path) -> None:
    """Rewrite a checklist to the longest the schema allows, keeping its item ids (links to them stay valid)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "Keep a network you can vouch for, and know why it is there"  # 58 of 60
    data["pause_point"] = "When you sit down to review your connections and prune the ones you can't place"  # 79 of 80
    items = data["items"][:9]
    items += [{**copy.deepcopy(items[0]), "id": f"extra-item-{n}"} for n in range(len(items), 9)]
    for n, item in enumerate(items):
        item["text"] = f"Item {n + 1}: ask whether you would gladly introduce this person to a close friend at work today"
        assert len(item["text"]) == 90
    data["items"] = items
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
