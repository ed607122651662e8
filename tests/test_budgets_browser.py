"""Quality budgets checked in headless Chromium on every page of the build: privacy, accessibility, print.

Pages are discovered from the built site (every HTML page outside assets/), so new pages are
covered without editing this file. To keep it fast, one tab visits each page once
(`site_sweep`, tests/page_sweep.py, shared with test_subpath.py and test_csp.py) and records
everything the tests below assert on: the requests it made, axe-core's findings in the light
and the dark palette, and whether it prints with a blank trailing page.
Reproduce a failure with `.venv/bin/python -m pytest tests/test_budgets_browser.py -k <name>`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budget_pages import site_pages
from page_sweep import PALETTES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visits(site_sweep, built_site: Path) -> list:
    """Every page's visit; the sweep covers at least every page the budgets are defined on."""
    missing = sorted(set(site_pages(built_site)) - set(site_sweep))
    assert not missing, f"pages the sweep did not visit: {missing}"
    return list(site_sweep.values())


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
