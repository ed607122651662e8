"""What the quality-budget tests (tests/test_budgets_*.py) share: the built pages and the Node tools."""

from __future__ import annotations

import gzip
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The project's own JavaScript and CSS on any one page, gzipped, on top of Material's.
OWN_ASSETS_BUDGET = 4 * 1024
# Material's own inline scripts, moved to a file so the Content-Security-Policy needs no
# 'unsafe-inline' (overrides/partials/javascripts/): theme code, not weight the project adds.
MATERIAL_MOVED = {"assets/javascripts/theme-inline.js"}
# The rule sets of the accessibility budget: WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site (each index.html and 404.html), as URL paths under the site root."""
    pages = []
    for html in site.rglob("*.html"):
        rel = html.relative_to(site)
        if rel.parts[0] == "assets" or html.name not in ("index.html", "404.html"):
            continue
        if html.name == "404.html":
            pages.append(rel.as_posix())
        else:
            parent = rel.parent.as_posix()
            pages.append("" if parent == "." else parent + "/")
    return sorted(pages)


def page_file(site: Path, url_path: str) -> Path:
    """The HTML file of a page given as a URL path under the site root ('', 'pruning/', '404.html')."""
    return site / (url_path if url_path.endswith(".html") else url_path + "index.html")


def own_assets(site: Path, url_path: str, prefix: str) -> dict[str, int]:
    """The project's own (not Material's) scripts and stylesheets a page loads, with gzipped sizes.

    `prefix` is the URL path the site is served under (site_url's path). Assets on other hosts
    are left to the privacy test; a reference to a file the build lacks raises AssertionError.
    """
    import material

    theme = Path(material.__file__).parent / "templates"
    refs = _AssetRefs()
    refs.feed(page_file(site, url_path).read_text(encoding="utf-8"))
    assets = {}
    for ref in refs.found:  # grows as stylesheets' imports are found
        asset_path = urlsplit(urljoin(prefix + url_path, ref)).path
        if urlsplit(ref).netloc or not asset_path.startswith(prefix):
            continue
        rel = asset_path[len(prefix):]
        if (theme / rel).is_file() or rel in MATERIAL_MOVED or rel in assets:
            continue
        asset = site / rel
        assert asset.is_file(), f"{url_path or '/'} loads {ref}, which the build does not contain"
        assets[rel] = len(gzip.compress(asset.read_bytes(), compresslevel=9))
        if rel.endswith(".css"):  # an @import the build did not put into the file is one more download
            refs.found += [urljoin(asset_path, imported) for imported in _CSS_IMPORT.findall(asset.read_text(encoding="utf-8"))]
    return assets


class _AssetRefs(HTMLParser):
    """Collects a page's <script src> and <link rel=stylesheet href>."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "script" and attr.get("src"):
            self.found.append(attr["src"])
        elif tag == "link" and "stylesheet" in (attr.get("rel") or "").split() and attr.get("href"):
            self.found.append(attr["href"])


_CSS_IMPORT = re.compile(r"""@import\s*(?:url\(\s*)?["']?([^"')\s;]+)""")


def is_checklist_print_page(url_path: str) -> bool:
    """A checklist's one-page print view (its own test checks the page count)."""
    return url_path.startswith("checklists/") and url_path.rstrip("/").endswith("/print")


def node_tool(path: Path) -> Path:
    """A file installed by `npm ci` from package-lock.json; a clear failure when it is missing."""
    if not path.is_file():
        pytest.fail(
            f"{path.relative_to(ROOT)} is missing. Run `make test` (it runs scripts/ensure-node-tools), "
            "or `scripts/ensure-node-tools` to install axe-core and vnu-jar from package-lock.json.",
            pytrace=False,
        )
    return path


def java() -> str:
    """The Java runtime the Nu HTML Checker needs; a clear failure when there is none."""
    found = shutil.which("java")
    if found is None:
        pytest.fail(
            "Java not found (the Nu HTML Checker, vnu.jar, runs on it). Run `make test` (it installs "
            "Debian's default-jre-headless with apt), or `sudo apt-get install default-jre-headless`.",
            pytrace=False,
        )
    return found
