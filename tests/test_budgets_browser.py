"""Quality budgets checked in headless Chromium on every page of the build: privacy, accessibility, print.

Pages are discovered from the built site (every index.html and 404.html), so new pages are
covered without editing this file. To keep it fast, one tab visits each page once and records
everything the tests below assert on: the requests it made, axe-core's findings in the light
and the dark palette, and whether it prints with a blank trailing page.
Reproduce a failure with `.venv/bin/python -m pytest tests/test_budgets_browser.py -k <name>`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from budget_pages import AXE_JS, AXE_TAGS, is_checklist_print_page, node_tool, site_pages

pytestmark = pytest.mark.browser

PALETTES = {"light": "default", "dark": "slate"}  # system colour scheme -> Material's palette


@dataclass
class PageVisit:
    """What one page did and what axe-core and the print preview found on it."""

    path: str
    foreign_requests: list[str] = field(default_factory=list)
    axe: dict[str, list[str]] = field(default_factory=dict)  # scheme -> violations, one line each
    blank_last_page: str | None = None


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def visits(browser, built_site: Path, site_server) -> list[PageVisit]:
    """Every page, visited once in one tab, with what the budgets below need recorded."""
    axe = node_tool(AXE_JS)
    pages = site_pages(built_site)
    assert "" in pages and "404.html" in pages, f"page discovery found no home or 404 page in {built_site}: {pages}"
    context = browser.new_context(color_scheme="light")
    # axe-core is served as if it were the site's own script, so the pages' Content-Security-Policy
    # (script-src 'self') lets it run and stays in force for everything else.
    axe_url = site_server.url + "__budget-test__/axe.min.js"
    context.route(axe_url, lambda route: route.fulfill(path=str(axe), content_type="text/javascript"))
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    found = []
    try:
        for path in pages:
            visit = PageVisit(path)
            requests.clear()
            tab.emulate_media(color_scheme="light")
            tab.goto(site_server.url + path, wait_until="networkidle")
            visit.foreign_requests = [url for url in requests if _is_foreign(url, site_server.origin)]
            tab.add_script_tag(url=axe_url)
            if not is_checklist_print_page(path):
                visit.blank_last_page = _blank_last_page(tab)
            for scheme, palette in PALETTES.items():
                _show_palette(tab, scheme, palette)
                visit.axe[scheme] = [_describe(v) for v in tab.evaluate(_RUN_AXE, AXE_TAGS)["violations"]]
            found.append(visit)
    finally:
        context.close()
    return found


# ----------------------------------------------------------------------------
# Privacy
# ----------------------------------------------------------------------------


def test_every_page_requests_nothing_from_another_host(visits) -> None:
    """No CDN, font, API or analytics request: the site's own origin only, with scripts running."""
    offenders = [f"{v.path or '/'}: {url}" for v in visits for url in v.foreign_requests]
    assert not offenders, "requests to hosts other than the site's own:\n" + "\n".join(offenders)


# ----------------------------------------------------------------------------
# Accessibility
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", PALETTES)
def test_every_page_has_no_axe_violations(visits, scheme: str) -> None:
    """axe-core (WCAG 2.0-2.2 A/AA and best practices) finds nothing, theme markup included."""
    failures = [f"{v.path or '/'} [{scheme}]: {line}" for v in visits for line in v.axe[scheme]]
    assert not failures, f"axe-core violations in the {scheme} palette:\n" + "\n".join(failures)


# ----------------------------------------------------------------------------
# Print
# ----------------------------------------------------------------------------


def test_no_page_prints_with_a_blank_trailing_page(visits) -> None:
    """Printing a page (Save as PDF, A4 and Letter) ends on a page with text, not a blank sheet."""
    blank = [f"{v.path or '/'}: {v.blank_last_page}" for v in visits if v.blank_last_page]
    assert not blank, "pages that print with a blank trailing page:\n" + "\n".join(blank)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _is_foreign(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return f"{parts.scheme}://{parts.netloc}" != origin


def _show_palette(tab, scheme: str, palette: str) -> None:
    """Show the page as a reader with a light or dark system theme sees it."""
    tab.emulate_media(color_scheme=scheme)
    # Material applies the palette matching the system theme through these attributes; pages
    # without Material's layout (checklist print pages) have none and follow the media query.
    tab.evaluate(
        """([palette]) => {
            if (document.body.dataset.mdColorScheme) document.body.dataset.mdColorScheme = palette;
            void document.body.offsetHeight;  // restyle now, then end colour transitions at once
            document.getAnimations().forEach((animation) => animation.finish());
        }""",
        [palette],
    )


def _blank_last_page(tab) -> str | None:
    """'page N of N is blank (A4)' when the printout's last page has no text, else None."""
    for paper in ("A4", "Letter"):
        pdf = PdfReader(io.BytesIO(tab.pdf(format=paper)))
        if not pdf.pages[-1].extract_text().strip():
            return f"page {len(pdf.pages)} of {len(pdf.pages)} is blank ({paper})"
    return None


def _describe(violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} - at {targets} - {violation['helpUrl']}"


_RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""
