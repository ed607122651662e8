"""The guide as a site: a strict build, every nav page reachable, descriptions, citations, 404."""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from conftest import ROOT, copy_project, run_build

sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import load_all  # noqa: E402

GUIDE_SECTIONS = [
    "why-connect.md",
    "sending-a-request.md",
    "answering-a-request.md",
    "after-you-connect.md",
    "introductions.md",
    "pruning.md",
    "disagreements.md",
    "how-linkedin-works.md",
]


def nav_paths() -> list[str]:
    """Every Markdown path the nav in mkdocs.yml names, in order."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, str):
                found.append(entry)
            elif isinstance(entry, dict):
                for value in entry.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config["nav"])
    return [p for p in found if p.endswith(".md")]


def page_path(site: Path, md: str) -> Path:
    """Where MkDocs (use_directory_urls) writes the page for a docs path."""
    stem = md[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


# ----------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------


def test_strict_build_passes(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "sitemap.xml").is_file()


def test_broken_internal_link_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "why-connect.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok, "a broken link must fail the strict build"
    assert "no-such-page.md" in result.output
    assert "why-connect.md" in result.output


def test_broken_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "why-connect.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nSee [there](sources.md#no-such-anchor).\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok, "a link to a missing anchor must fail the strict build"
    assert "no-such-anchor" in result.output


# ----------------------------------------------------------------------------
# Pages and navigation
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("md", nav_paths())
def test_nav_page_is_built_and_served(md: str, built_site: Path, site_server) -> None:
    html = page_path(built_site, md)
    assert html.is_file(), f"{md} from the nav was not built at {html}"
    rel = html.parent.relative_to(built_site).as_posix()
    url = site_server.url + ("" if rel == "." else rel + "/")
    with urllib.request.urlopen(url) as response:
        assert response.status == 200
        assert "<h1" in response.read().decode("utf-8")


def test_every_nav_page_is_linked_from_the_home_page_navigation(built_site: Path) -> None:
    home = soup_of(built_site / "index.html")
    hrefs = {urldefrag(a["href"])[0].rstrip("/") for a in home.select("nav.md-nav--primary a[href]")}
    for md in nav_paths():
        target = page_path(built_site, md).parent.relative_to(built_site).as_posix()
        target = "." if target == "." else target
        assert any(h in (target, "./" + target, "") or h.endswith(target) for h in hrefs), (
            f"{md} is in mkdocs.yml nav but not linked from the home page's navigation"
        )


# An inline Markdown link: [text](target), the text possibly wrapped over lines.
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def test_every_link_to_a_checklist_is_called_by_the_checklists_title() -> None:
    """A reader who follows "run through the X checklist" lands on a page titled X: a link to a
    checklist page uses its current title, so a renamed checklist leaves no stale name behind."""
    titles = {c.id: c.title for c in load_all(ROOT).checklists}
    pages = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    stale, checked = [], 0
    for page in pages:
        if not page.is_file() or "assets" in page.relative_to(ROOT).parts:
            continue
        text = page.read_text(encoding="utf-8")
        for match in MARKDOWN_LINK.finditer(text):
            target = match.group(2).split("#", 1)[0]
            parts = Path(target).parts
            if len(parts) < 2 or parts[-2] != "checklists" or not target.endswith(".md"):
                continue
            cid = Path(target).stem
            if cid not in titles:
                continue
            checked += 1
            label = " ".join(match.group(1).split())
            if label != titles[cid]:
                line = text.count("\n", 0, match.start()) + 1
                stale.append(f"{page.relative_to(ROOT)}:{line}: [{label}]({match.group(2)}) should read [{titles[cid]}]")
    assert checked, "found no link to a checklist page in docs/: has the link syntax changed?"
    assert not stale, "links to a checklist that don't use its title:\n" + "\n".join(stale)


def test_every_page_has_a_meta_description(built_site: Path) -> None:
    missing = []
    for page in built_pages(built_site):
        meta = soup_of(page).find("meta", attrs={"name": "description"})
        if meta is None or not meta.get("content", "").strip():
            missing.append(page.relative_to(built_site).as_posix())
    assert not missing, f"pages without <meta name=description>: {missing}"


def test_guide_pages_have_their_own_descriptions(built_site: Path) -> None:
    site_wide = load_config(str(ROOT / "mkdocs.yml"))["site_description"].strip()
    for md in ["index.md", *GUIDE_SECTIONS, "sources.md"]:
        meta = soup_of(page_path(built_site, md)).find("meta", attrs={"name": "description"})
        assert meta["content"].strip() != site_wide, f"{md} falls back to the site-wide description"


def test_custom_404_page_is_served_for_unknown_addresses(built_site: Path, site_server) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(site_server.url + "no/such/page/")
    assert info.value.code == 404
    body = info.value.read().decode("utf-8")
    soup = BeautifulSoup(body, "html.parser")
    assert soup.find("h1"), "the 404 page has a heading"
    # A way back: the 404 page links to the guide's home.
    assert soup.select("article a[href]"), "the 404 page links somewhere useful"


# ----------------------------------------------------------------------------
# Citations
# ----------------------------------------------------------------------------


def source_anchors(site: Path) -> set[str]:
    sources = soup_of(page_path(site, "sources.md"))
    return {tag["id"] for tag in sources.select("article [id]")}


@pytest.mark.parametrize("md", GUIDE_SECTIONS)
def test_guide_section_cites_its_sources(md: str, built_site: Path) -> None:
    page = page_path(built_site, md)
    cites = soup_of(page).select("article a.cite")
    assert cites, f"{md} shows no source citation (expected links like [Halpert](sources.md#halpert){{ .cite }})"


def test_every_citation_resolves_to_an_essay_on_the_sources_page(built_site: Path) -> None:
    anchors = source_anchors(built_site)
    sources_dir = page_path(built_site, "sources.md").parent
    bad = []
    for page in built_pages(built_site):
        for link in soup_of(page).select("a.cite"):
            target, fragment = urldefrag(urljoin(page.as_uri(), link["href"]))
            target_dir = Path(urlsplit(target).path)
            if target_dir.name == "index.html":
                target_dir = target_dir.parent
            if target_dir != sources_dir or fragment not in anchors:
                bad.append(f"{page.relative_to(built_site)}: {link.get_text()!r} -> {link['href']}")
    assert not bad, "citations that do not point at an essay on the Sources page:\n" + "\n".join(bad)


def test_sources_page_lists_the_five_essays(built_site: Path) -> None:
    anchors = source_anchors(built_site)
    for essay in ("chernecky", "linking-in", "know-your-why", "halpert", "network-thoughtfully"):
        assert essay in anchors, f"Sources page has no #{essay} section"


# ----------------------------------------------------------------------------
# In the browser
# ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "sending-a-request/"])
def test_pages_load_without_outside_requests_or_console_errors(path: str, watched_page, site_server) -> None:
    watched_page.goto(site_server.url + path, wait_until="networkidle")
    assert watched_page.locator("h1").first.is_visible()
    watched_page.watch.assert_clean()


@pytest.mark.browser
def test_palette_toggle_switches_to_dark_and_back(watched_page, site_server) -> None:
    watched_page.goto(site_server.url, wait_until="networkidle")
    body = watched_page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    watched_page.locator("form[data-md-component=palette] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    watched_page.watch.assert_clean()
