"""Weight budget: what the project adds to the theme's JavaScript and CSS, per page, gzipped.

bench/lighthouse reports the same figure with the full transfer sizes.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
from bs4 import BeautifulSoup

from budget_pages import is_checklist_print_page, site_pages
from conftest import site_path_prefix

# The project's own JavaScript and CSS on any one page, gzipped, on top of Material's.
OWN_ASSETS_BUDGET = 4 * 1024
THEME_DIR = Path(material.__file__).parent / "templates"
# Material's own inline scripts, moved to a file so the Content-Security-Policy needs no
# 'unsafe-inline' (overrides/partials/javascripts/): theme code, not weight the project adds.
MATERIAL_MOVED = {"assets/javascripts/theme-inline.js"}


@pytest.fixture(scope="module")
def own_assets_by_page(built_site: Path) -> dict[str, dict[str, int]]:
    """For each page: the project's own scripts and stylesheets it loads, with their gzipped sizes."""
    prefix = site_path_prefix()
    result = {}
    for path in site_pages(built_site):
        file = built_site / (path if path.endswith(".html") else path + "index.html")
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        refs = [tag["src"] for tag in soup.find_all("script", src=True)]
        refs += [tag["href"] for tag in soup.find_all("link", rel="stylesheet", href=True)]
        assets = {}
        for ref in refs:
            url_path = urlsplit(urljoin(prefix + path, ref)).path
            if urlsplit(ref).netloc or not url_path.startswith(prefix):
                continue  # another host: the privacy test reports it
            rel = url_path[len(prefix):]
            if (THEME_DIR / rel).is_file() or rel in MATERIAL_MOVED:
                continue  # Material's own asset
            asset = built_site / rel
            assert asset.is_file(), f"{path or '/'} loads {ref}, which the build does not contain"
            assets[rel] = len(gzip.compress(asset.read_bytes(), compresslevel=9))
        result[path] = assets
    return result


def test_own_javascript_and_css_stay_within_4_kb_gzipped_per_page(own_assets_by_page) -> None:
    over = {
        path: assets for path, assets in own_assets_by_page.items() if sum(assets.values()) > OWN_ASSETS_BUDGET
    }
    assert not over, "pages whose own JS + CSS exceed 4 KB gzipped:\n" + "\n".join(
        f"{path or '/'}: {sum(assets.values())} bytes ({', '.join(f'{a} {n}' for a, n in assets.items())})"
        for path, assets in over.items()
    )


def test_checklist_print_pages_load_no_javascript(built_site: Path) -> None:
    print_pages = [path for path in site_pages(built_site) if is_checklist_print_page(path)]
    assert print_pages, "no checklist print page (checklists/<id>/print/) in the build"
    for path in print_pages:
        soup = BeautifulSoup((built_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("script"), f"{path}: a print page needs no JavaScript, found {soup.find_all('script')}"
