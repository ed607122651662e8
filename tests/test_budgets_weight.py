"""Weight budget: what the project adds to the theme's JavaScript and CSS, per page, gzipped.

bench/lighthouse reports the same figure with the full transfer sizes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from budget_pages import OWN_ASSETS_BUDGET, is_checklist_print_page, own_assets, page_file, site_pages
from conftest import site_path_prefix


@pytest.fixture(scope="module")
def own_assets_by_page(built_site: Path) -> dict[str, dict[str, int]]:
    """For each page: the project's own scripts and stylesheets it loads, with their gzipped sizes."""
    prefix = site_path_prefix()
    return {path: own_assets(built_site, path, prefix) for path in site_pages(built_site)}


def test_own_javascript_and_css_stay_within_4_kb_gzipped_per_page(own_assets_by_page) -> None:
    """Everything the project adds on any one page, tools' and checklists' own files included."""
    over = {path: assets for path, assets in own_assets_by_page.items() if sum(assets.values()) > OWN_ASSETS_BUDGET}
    assert not over, f"pages whose own JS + CSS exceed {OWN_ASSETS_BUDGET} bytes gzipped:\n" + "\n".join(
        f"{path or '/'}: {sum(assets.values())} bytes ({', '.join(f'{a} {n}' for a, n in assets.items())})"
        for path, assets in over.items()
    )


def test_checklist_print_pages_load_no_javascript(built_site: Path) -> None:
    print_pages = [path for path in site_pages(built_site) if is_checklist_print_page(path)]
    assert print_pages, "no checklist print page (checklists/<id>/print/) in the build"
    for path in print_pages:
        soup = BeautifulSoup(page_file(built_site, path).read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("script"), f"{path}: a print page needs no JavaScript, found {soup.find_all('script')}"
