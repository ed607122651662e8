"""Quality budgets checked on the built HTML of every page: valid markup, link-preview and search metadata.

The Nu HTML Checker (vnu.jar from package-lock.json) runs once over the whole build.
Reproduce: `.venv/bin/python -m pytest tests/test_budgets_html.py`, or by hand
`java -jar node_modules/vnu-jar/build/dist/vnu.jar --format json --skip-non-html site/`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from budget_pages import VNU_JAR, is_checklist_print_page, java, node_tool, site_pages
from conftest import ROOT

OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name")


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every page of the build, parsed, by URL path."""
    found = {}
    for path in site_pages(built_site):
        file = built_site / (path if path.endswith(".html") else path + "index.html")
        found[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return found


def test_every_page_is_valid_html(built_site: Path, pages) -> None:
    """The Nu HTML Checker reports no error on any page, the theme's own markup included."""
    cmd = [java(), "-jar", str(node_tool(VNU_JAR)), "--format", "json", "--skip-non-html", str(built_site)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML Checker did not report JSON (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    errors = [
        f"{_page_of(m.get('url', ''), built_site)}:{m.get('lastLine', '?')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:80]}]"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)
    assert proc.returncode == 0, f"the Nu HTML Checker exited {proc.returncode}:\n{proc.stderr[-2000:]}"


def test_every_page_has_a_language_description_and_link_preview_tags(pages) -> None:
    """`lang`, a meta description, Open Graph tags and a canonical URL, for search results and shared links."""
    site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"]
    problems = []
    for path, soup in pages.items():
        missing = [] if (soup.html.get("lang") or "").strip() else ["<html lang>"]
        missing += [f"<meta name={name}>" for name in ("description", "twitter:card") if not _content(soup, name=name)]
        missing += [f"<meta property={prop}>" for prop in OPEN_GRAPH if not _content(soup, property=prop)]
        if path != "404.html":
            # Its own address, or for a checklist's print view the interactive page it duplicates.
            allowed = {site_url + path}
            if is_checklist_print_page(path):
                allowed.add(site_url + path.rstrip("/").removesuffix("print"))
            canonical = soup.find("link", rel="canonical")
            href = canonical.get("href", "") if canonical is not None else ""
            if href not in allowed:
                missing.append(f"<link rel=canonical> to {' or '.join(sorted(allowed))} (found {href or 'none'})")
            elif _content(soup, property="og:url") not in (None, href):
                missing.append(f"og:url equal to the canonical URL {href}")
        if missing:
            problems.append(f"{path or '/'}: needs {', '.join(missing)}")
    assert not problems, "pages without their metadata:\n" + "\n".join(problems)


def test_link_previews_use_each_pages_own_title_and_description(pages) -> None:
    """A shared page shows the same title and summary as the page itself, not the site's."""
    site_name = load_config(str(ROOT / "mkdocs.yml"))["site_name"]
    problems = []
    for path, soup in pages.items():
        title = soup.title.get_text(strip=True).removesuffix(f" - {site_name}") if soup.title else None
        og_title = _content(soup, property="og:title")
        if path != "404.html" and og_title != title:
            problems.append(f"{path or '/'}: og:title {og_title!r} differs from <title> {title!r}")
        if _content(soup, property="og:description") != _content(soup, name="description"):
            problems.append(f"{path or '/'}: og:description differs from the meta description")
    assert not problems, "\n".join(problems)


def _content(soup: BeautifulSoup, **attrs: str) -> str | None:
    """The content of the first <meta> with these attributes, or None."""
    tag = soup.find("meta", attrs=attrs)
    return tag.get("content") if tag is not None else None


def _page_of(url: str, site: Path) -> str:
    """A vnu file: URL as a path inside the built site."""
    path = Path(urlsplit(url).path)
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return url
