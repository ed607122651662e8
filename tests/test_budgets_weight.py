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


def test_checklist_print_pages_load_no_javascript_but_the_print_button(built_site: Path) -> None:
    """A print page works without JavaScript; its one script is the Print button's (print.js, a few
    hundred bytes), which phones need as they have no obvious print menu."""
    print_pages = [path for path in site_pages(built_site) if is_checklist_print_page(path)]
    assert print_pages, "no checklist print page (checklists/<id>/print/) in the build"
    for path in print_pages:
        soup = BeautifulSoup(page_file(built_site, path).read_text(encoding="utf-8"), "html.parser")
        scripts = [s.get("src") or "(inline)" for s in soup.find_all("script")]
        assert [s.rsplit("/", 1)[-1] for s in scripts] == ["print.js"], f"{path}: a print page needs no JavaScript but print.js, found {scripts}"
        assert soup.select_one("button[data-cwc-print][hidden]"), f"{path}: the Print button is hidden until print.js shows it"
    assert (built_site / "assets/javascripts/tools/print.js").stat().st_size < 512
