"""The whole guide on one page: every guide page, then the checklists, with a table of contents,
unique ids, in-page links, and a print to PDF with no outside requests."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, copy_project, run_build

PAGE = "whole-guide/"
GUIDE_ORDER = [
    "why-connect", "sending-a-request", "answering-a-request", "after-you-connect",
    "introductions", "pruning", "disagreements", "how-linkedin-works", "sources",
]
CHECKLISTS = ["pre-connect", "incoming-request", "introductions", "after-connecting", "pruning"]


def whole_guide(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "whole-guide" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_guide_pages_then_checklists_with_a_table_of_contents(built_site) -> None:
    soup = whole_guide(built_site)
    parts = [s["id"] for s in soup.select(".cwc-whole-guide > section.cwc-whole-part")]
    assert parts == GUIDE_ORDER + [f"checklists-{c}" for c in CHECKLISTS]
    toc = soup.select(".cwc-whole-toc > ol > li > a")
    assert [a["href"] for a in toc] == [f"#{p}" for p in parts]
    titles = [a.get_text() for a in toc]
    assert titles[0] == "Why connect" and "When you review your connections" in titles
    assert len(set(titles)) == len(titles), "each part has its own title in the contents"
    # One h1 for the page; each part's title one level down.
    assert len(soup.find_all("h1")) == 1
    assert all(s.find(["h2"]) is not None for s in soup.select("section.cwc-whole-part"))


def test_ids_are_unique_and_every_in_page_link_lands(built_site) -> None:
    soup = whole_guide(built_site)
    ids = Counter(el["id"] for el in soup.find_all(id=True))
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids on the whole-guide page"
    part = soup.select_one(".cwc-whole-guide")
    for link in part.find_all("a", href=True):
        if "cite" in link.get("class", []):
            continue
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"link to missing anchor {href}"
        else:
            # Links to pages that are part of the whole guide became in-page anchors.
            assert not re.match(r"^\.\./(why-connect|sending-a-request|sources)/", href), href
    for label in part.find_all("label", attrs={"for": True}):
        assert label["for"] in ids
    # Citations point at the Sources page, as everywhere on the site.
    cites = part.select("a.cite")
    assert cites and all(a["href"].startswith("../sources/#") for a in cites)


def test_no_inline_script_or_style_in_the_combined_content(built_site) -> None:
    part = whole_guide(built_site).select_one(".cwc-whole-guide")
    assert not [s for s in part.find_all("script") if not s.get("src")]
    assert not part.find_all("style")
    assert not part.find_all(style=True)


def test_a_docs_file_in_the_way_is_a_one_line_error(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "whole-guide.md").write_text("# Mine\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert "docs/whole-guide.md exists, but hooks/interactive_tools.py generates it; delete docs/whole-guide.md." in result.output
    assert "Traceback" not in result.output


@pytest.mark.browser
def test_prints_to_pdf_with_the_checklists_and_ticks(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + "checklists/pruning/")
    page.locator("form.cwc-checklist input[data-item]").first.check()
    page.goto(site_server.url + PAGE)
    page.locator("form.cwc-checklist.cwc-live").first.wait_for()
    assert page.locator("#checklists-pruning form input[data-item]").first.is_checked()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) > 10
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for heading in ("Why connect", "Answering a request", "Sources", "Before you send a request", "When you review your connections"):
        assert heading in text, f"{heading!r} missing from the PDF"
    assert text.index("Sources") < text.index("When you review your connections"), "checklists come at the end"
    page.watch.assert_clean()
