"""The tools under Material's instant navigation: a tool page reached by a click (no page load) gets its
stylesheet and script from the page content, works once, and works again on a second visit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import nav_link

pytestmark = pytest.mark.browser

TOOLS = [
    ("Write a connection note", "note"),
    ("Should I accept this request?", "decide"),
    ("Build your own checklist", "builder"),
    ("Take your ticks with you", "ticks"),
]


def serve_sitemap_for_this_host(page, site_server) -> None:
    """Material navigates instantly only to URLs in sitemap.xml, which names site_url's host and port;
    rewrite them to the test server's (as tests/test_checklist_browser.py does)."""

    def rewrite(route) -> None:
        response = route.fetch()
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{site_server.origin}/", response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)


def open_start_page(page, site_server) -> None:
    serve_sitemap_for_this_host(page, site_server)
    page.set_viewport_size({"width": 1400, "height": 900})  # the nav sidebar is visible
    page.goto(site_server.url + "why-connect/")
    page.wait_for_load_state("networkidle")  # the sitemap is in
    page.evaluate("() => { window.__samePage = true; }")


def click_nav(page, name: str) -> None:
    nav_link(page, f'a.md-nav__link:has-text("{name}")').click()  # the names in this file are unique in the navigation


@pytest.mark.parametrize(("link", "tool"), TOOLS, ids=[t for _, t in TOOLS])
def test_tool_works_after_an_instant_navigation(watched_page, site_server, link, tool) -> None:
    page = watched_page
    open_start_page(page, site_server)
    click_nav(page, link)
    root = page.locator(f'[data-cwc-tool="{tool}"]')
    root.wait_for(state="visible")
    assert page.evaluate("window.__samePage === true"), "expected an instant navigation, not a page load"
    # Its stylesheet arrives too (a <link> in the swapped-in content, so it may apply a moment
    # after the tool shows): within 5 s, tool buttons are styled, not the browser's default.
    button = root.locator("button").first
    expect(button).to_have_css("border-top-width", "2px", timeout=5_000)
    # Away and back again: still one working copy of the tool.
    click_nav(page, "Sources")
    page.wait_for_url("**/sources/")
    click_nav(page, link)
    root.wait_for(state="visible")
    assert page.evaluate("window.__samePage === true")
    assert page.locator(f'[data-cwc-tool="{tool}"]').count() == 1
    page.watch.assert_clean()


def test_note_helper_counts_once_after_two_visits(watched_page, site_server) -> None:
    page = watched_page
    open_start_page(page, site_server)
    for _ in range(2):
        click_nav(page, "Write a connection note")
        page.locator('[data-cwc-tool="note"]').wait_for(state="visible")
        click_nav(page, "Why connect")
        page.wait_for_url("**/why-connect/")
    click_nav(page, "Write a connection note")
    helper = page.locator('[data-cwc-tool="note"]')
    helper.wait_for(state="visible")
    helper.get_by_label("Your note", exact=True).fill("Hello there")
    assert helper.locator("[data-count]").inner_text() == "11"
    assert page.evaluate("window.__samePage === true")
    page.watch.assert_clean()


def test_decision_diagram_is_styled_after_an_instant_navigation(watched_page, site_server) -> None:
    page = watched_page
    open_start_page(page, site_server)
    click_nav(page, "Answering a request")
    node = page.locator(".cwc-tree .cwc-node--question").first
    node.wait_for()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.cwc-tree .cwc-node--question')).borderLeftWidth === '5px'"
    )
    assert page.evaluate("window.__samePage === true")
    page.watch.assert_clean()
