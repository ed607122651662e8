"""What the quality-budget tests (tests/test_budgets_*.py) share: the built pages and the Node tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
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
