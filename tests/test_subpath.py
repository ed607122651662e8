"""The site works served from a sub-path, as GitHub Pages serves a project site (https://<user>.github.io/<repo>/).

Every page is loaded in headless Chromium under the prefix; any response of 400 or more, console error or
request to another host fails. Reproduce by hand: `.venv/bin/mkdocs build -d /tmp/s`, then serve /tmp/s
under /connect-with-care/ (tests/conftest.py StaticServer) and open the page named in the failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PageWatch, StaticServer, copy_project, run_build, site_path_prefix
from page_sweep import InFlight

OTHER_SITE_URL = "https://someone.github.io/a-fork-of-the-guide/"
# The pages that exercise every kind of asset: theme CSS/JS, the checklist script and styles,
# the print template, the generated index, the search index, and the 404 page.
SAMPLE_PAGES = ["", "sending-a-request/", "checklists/", "checklists/pre-connect/", "checklists/pre-connect/print/", "contributing/"]


@dataclass
class LoadReport:
    """What loading one page under the prefix went wrong with."""

    failed: list[str] = field(default_factory=list)

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def on_requestfailed(self, request) -> None:
        self.failed.append(f"failed {request.url} ({request.failure})")


def html_pages(site: Path) -> list[str]:
    """Every page of a built site as a URL path relative to the site root (`checklists/pruning/`)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def load(context, server: StaticServer, path: str, *, expect_status: int = 200) -> tuple[LoadReport, PageWatch, object]:
    """Open one page of `server` in a new tab of `context`, as a first visit (the origin's storage wiped;
    the HTTP cache kept), up to no request in flight for 100 ms after the load event (page_sweep.InFlight),
    and record failed loads, console errors and outside requests."""
    page = context.new_page()
    context.new_cdp_session(page).send("Storage.clearDataForOrigin", {"origin": server.origin, "storageTypes": "all"})
    report, watch = LoadReport(), PageWatch(server.origin)
    page.on("response", report.on_response)
    page.on("requestfailed", report.on_requestfailed)
    page.on("request", watch.on_request)
    page.on("pageerror", watch.on_pageerror)

    def on_console(message) -> None:
        # A 404 page's own "Failed to load resource" is expected; its assets must still load.
        if expect_status != 200 and message.location.get("url") == server.url + path:
            return
        watch.on_console(message)

    page.on("console", on_console)
    in_flight = InFlight(page)
    response = page.goto(server.url + path, wait_until="load")
    in_flight.wait_settled(page, server.url + path)
    assert response is not None and response.status == expect_status, f"{server.url + path}: HTTP {response and response.status}"
    if expect_status != 200:
        report.failed = [f for f in report.failed if not f.endswith(" " + server.url + path)]
    return report, watch, page


def assert_loads_cleanly(context, server: StaticServer, path: str, *, expect_status: int = 200) -> None:
    report, watch, page = load(context, server, path, expect_status=expect_status)
    try:
        assert not report.failed, f"{server.url + path}: failed loads: {report.failed}"
        watch.assert_clean()
        # Stylesheets really applied: Material's header is laid out as a fixed/sticky bar, not plain flow.
        if "print/" not in path:
            position = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
            assert position in ("sticky", "fixed"), f"{server.url + path}: theme CSS not applied (header position {position})"
    finally:
        page.close()


def assert_search_finds(context, server: StaticServer, query: str) -> None:
    """Type in the search box on the home page; results prove the search index loaded under the prefix."""
    report, watch, page = load(context, server, "")
    try:
        page.keyboard.press("/")
        box = page.locator("input[data-md-component=search-query]")
        box.wait_for(state="visible", timeout=5000)
        box.press_sequentially(query)  # Material searches on key events, which fill() does not send
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10000)
        href = results.first.locator("a").first.get_attribute("href")
        assert urlsplit(page.url).path.startswith(server.prefix)
        assert href and server.prefix in (page.evaluate("h => new URL(h, location.href).pathname", href)), \
            f"search result {href!r} leaves the site's sub-path {server.prefix}"
        assert not report.failed, f"search: failed loads: {report.failed}"
        watch.assert_clean()
    finally:
        page.close()


def build_with_site_url(tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Build a copy of the project with OTHER_SITE_URL, set in a copied mkdocs.yml or via SITE_URL."""
    project = copy_project(tmp_path / "project")
    if how == "config":
        config = project / "mkdocs.yml"
        text, count = re.subn(r"^site_url:.*$", f"site_url: {OTHER_SITE_URL}", config.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1, "mkdocs.yml has no site_url line"
        config.write_text(text, encoding="utf-8")
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", OTHER_SITE_URL)  # what .github/workflows/pages.yml does
    result = run_build(project, tmp_path / "site")
    assert result.ok, f"build with site_url {OTHER_SITE_URL} failed:\n{result.output}"
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (result.site_dir / "index.html").read_text(encoding="utf-8"))
    assert canonical and canonical.group(1) == OTHER_SITE_URL, "the build did not use the site_url given"
    return result.site_dir


# ----------------------------------------------------------------------------
# The site as configured (site_url https://connect-with-care.github.io/connect-with-care/)
# ----------------------------------------------------------------------------


def test_site_url_puts_the_site_under_a_sub_path() -> None:
    assert site_path_prefix() not in ("", "/"), "site_url in mkdocs.yml has no /<repo>/ path; GitHub Pages serves a project site there"


@pytest.mark.browser
def test_every_page_loads_under_the_sub_path(site_sweep, site_server, built_site: Path) -> None:
    """Each page, from the one-visit sweep (tests/page_sweep.py) of the build served at site_url's path."""
    pages = html_pages(built_site)
    assert "checklists/pre-connect/" in pages and "checklists/pre-connect/print/" in pages
    assert site_server.prefix == site_path_prefix() not in ("", "/")
    for path in pages:
        visit = site_sweep[path]
        url = site_server.url + path
        assert visit.status == 200, f"{url}: HTTP {visit.status}"
        assert not visit.failed, f"{url}: failed loads: {visit.failed}"
        assert not visit.foreign_requests, f"{url}: requests to other hosts: {visit.foreign_requests}"
        assert not visit.console_errors, f"{url}: console errors: {visit.console_errors}"
        # Stylesheets really applied: Material's header is laid out as a fixed/sticky bar, not plain flow.
        if "print/" not in path:
            assert visit.header_position in ("sticky", "fixed"), f"{url}: theme CSS not applied (header position {visit.header_position})"


@pytest.mark.browser
def test_unknown_address_gets_the_styled_404_page_under_the_sub_path(context, site_server) -> None:
    assert_loads_cleanly(context, site_server, "checklists/no-such-checklist/", expect_status=404)


@pytest.mark.browser
def test_search_works_under_the_sub_path(context, site_server) -> None:
    assert_search_finds(context, site_server, "introduction")


def test_json_export_is_served_under_the_sub_path(built_site: Path) -> None:
    import json
    import urllib.request

    with StaticServer(built_site, prefix=site_path_prefix()) as server:
        with urllib.request.urlopen(server.url + "checklists/pre-connect.json", timeout=10) as response:
            data = json.load(response)
    assert data["id"] == "pre-connect"
    assert data["url"].endswith(site_path_prefix() + "checklists/pre-connect/")


# ----------------------------------------------------------------------------
# A fork: another site_url, set in a copied config or by the Pages workflow's SITE_URL
# ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("how", ["config", "env"])
def test_a_build_for_another_sub_path_works_there(how: str, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build_with_site_url(tmp_path, how, monkeypatch)
    prefix = urlsplit(OTHER_SITE_URL).path
    with StaticServer(site, prefix=prefix) as server:
        for path in SAMPLE_PAGES:
            assert_loads_cleanly(context, server, path)
        assert_loads_cleanly(context, server, "no-such-page/", expect_status=404)
        assert_search_finds(context, server, "pruning")
    # The print page's short URL and QR code point at the fork's own address.
    print_page = (site / "checklists" / "pre-connect" / "print" / "index.html").read_text(encoding="utf-8")
    assert "someone.github.io/a-fork-of-the-guide/checklists/pre-connect" in print_page
