"""Rendered checklist pages (Markdown with HTML, JSON) for a fixture checklist, against golden files.

The fixture is tests/fixtures/checklist-project/; the expected pages are in tests/golden/.
After an intended change to the output, regenerate them and review the diff:

    .venv/bin/python -m pytest tests/test_checklist_render.py --update-goldens
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from bs4 import BeautifulSoup
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "checklist-project"
GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import load_all  # noqa: E402
from cwc_checklists.links import Links  # noqa: E402
from cwc_checklists.render import render_pages  # noqa: E402

SITE_URL = "https://example.org/sub/site/"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture project's pages, rendered with the real schemas."""
    project = tmp_path_factory.mktemp("fixture")
    shutil.copytree(FIXTURE, project, dirs_exist_ok=True)
    for schema in ("checklist.schema.json", "sources.schema.json"):
        shutil.copy2(ROOT / "checklists" / schema, project / "checklists" / schema)
    return render_pages(load_all(project), SITE_URL)


def test_rendered_pages_match_the_golden_files(rendered: dict[str, str], request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, content in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(content, encoding="utf-8")
    how = "If the change is intended, run `.venv/bin/python -m pytest tests/test_checklist_render.py --update-goldens` and review `git diff tests/golden`."
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(rendered) == expected, f"the set of generated pages changed. {how}"
    for path, content in rendered.items():
        golden = (GOLDEN / path).read_text(encoding="utf-8")
        assert content == golden, f"{path} differs from tests/golden/{path}. {how}"


def test_item_text_and_why_are_escaped(rendered: dict[str, str]) -> None:
    page = rendered["checklists/golden.md"]
    assert "<script>" not in page
    assert "Keep &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; friends as plain text." in page
    assert "<code>&lt;b onclick=" in page and "&lt;/b&gt;</code> is shown as code" in page
    assert "written with entities &lt;b&gt; is shown as text." in page
    assert "<b " not in page


def test_an_item_citing_the_guide_is_marked_as_its_own_addition_everywhere(rendered: dict[str, str]) -> None:
    """A source of kind `guide` is advice no essay gives: the reader sees "The guide's own addition" on
    screen, on paper and in the data, and it is not taken for a community tip."""
    screen = BeautifulSoup(rendered["checklists/golden.md"], "html.parser")
    item = screen.select_one('li[id="golden--own-addition"]')
    badge = item.select_one(".cwc-own")
    assert badge.get_text() == "The guide's own addition"
    assert item.select_one("input")["aria-describedby"] == badge["id"], "the checkbox's description names it"
    assert item.select_one(".cwc-sources .cite-guide").get_text() == "The guide's own addition"
    assert item.select_one(".cwc-community") is None
    others = [li for li in screen.select("li.cwc-item") if li is not item]
    assert others and not any(li.select_one(".cwc-own") for li in others)

    paper = BeautifulSoup(rendered["checklists/golden/print.md"], "html.parser")
    printed = [li.get_text(" ", strip=True) for li in paper.select(".cwc-print-items li")]
    assert printed[-1] == "Mark the guide's own advice. (the guide's own addition)"
    assert not any("guide's own" in text for text in printed[:-1])

    data = json.loads(rendered["checklists/golden.json"])
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["own-addition"]["guide"] is True and by_id["own-addition"]["community"] is False
    assert by_id["own-addition"]["sources"] == [
        {"id": "the-guide", "title": "The guide's own addition", "author": "The fixture guide",
         "label": "The guide's own addition", "kind": "guide"}
    ]
    assert not any(i["guide"] for i in data["items"] if i["id"] != "own-addition")


def test_print_page_has_a_qr_code_and_no_site_chrome(rendered: dict[str, str]) -> None:
    page = rendered["checklists/golden/print.md"]
    assert "template: checklist-print.html" in page
    assert page.count('<span class="cwc-box" aria-hidden="true"></span>') == 6
    assert "<svg" in page and 'aria-label="QR code linking to example.org/sub/site/checklists/golden"' in page


def test_print_page_qr_code_scans_to_the_interactive_page(rendered: dict[str, str]) -> None:
    """The inline SVG (segno), drawn as a reader's phone camera would see it, decodes to the page's full
    address; zxing-cpp, a test-only dependency, decodes it."""
    svg = BeautifulSoup(rendered["checklists/golden/print.md"], "html.parser").select_one(".cwc-qr svg")
    assert _decoded(svg) == f"{SITE_URL}checklists/golden/"


@pytest.mark.parametrize("page", ["print/index.html", "index.html"], ids=["print-page", "interactive-page"])
def test_every_printed_qr_code_in_the_built_site_scans_to_its_checklist(built_site: Path, page: str) -> None:
    """Each real checklist's printed QR code (print page, and the address printed under the interactive
    page's list) decodes to that checklist's address. The codes use one fixed data mask
    (render.QrCodes.MASK, not the standard's per-code choice), so every code the site prints is read
    back here."""
    site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"]  # as the session's build read it (SITE_URL too)
    ids = [c.id for c in load_all(ROOT).checklists]
    assert ids, "no real checklists"
    for cid in ids:
        html = BeautifulSoup((built_site / "checklists" / cid / page).read_text(encoding="utf-8"), "html.parser")
        codes = html.select(".cwc-qr svg")
        assert len(codes) == 1, f"checklists/{cid}/{page}: {len(codes)} QR codes, expected 1"
        assert _decoded(codes[0]) == f"{site_url}checklists/{cid}/", f"checklists/{cid}/{page}: the QR code does not scan to the checklist"


def _decoded(svg) -> str | None:
    """The text a QR code's SVG (as QrCodes draws it) holds, read by zxing-cpp from a picture of it."""
    size = int(svg["viewbox"].split()[2])
    dark = _stroked_modules(svg.select("path")[-1]["d"])
    scale, margin = 8, 4  # pixels per module; the print page's white margin around the code
    width = (size + 2 * margin) * scale
    pixels = bytearray(b"\xff" * width * width)
    for x, y in dark:
        for row in range((y + margin) * scale, (y + margin + 1) * scale):
            start = row * width + (x + margin) * scale
            pixels[start:start + scale] = b"\x00" * scale
    image = memoryview(bytes(pixels)).cast("B", (width, width))  # a grey-scale picture, row by row
    code = zxingcpp.read_barcode(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return None if code is None else code.text


def _stroked_modules(path: str) -> set[tuple[int, int]]:
    """The (x, y) modules a QR path strokes, from its M/m moves and h runs (1-unit-wide strokes on
    the module's middle line, as QrCodes draws them)."""
    x = y = 0.0
    modules = set()
    for command, dx, dy in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(dx), float(dy)
        elif command == "m":
            x, y = x + float(dx), y + float(dy)
        else:
            modules.update((int(x) + n, int(y)) for n in range(int(dx)))
            x += float(dx)
    return modules


def test_without_site_url_the_print_page_has_no_qr_code(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    for schema in ("checklist.schema.json", "sources.schema.json"):
        shutil.copy2(ROOT / "checklists" / schema, tmp_path / "checklists" / schema)
    pages = render_pages(load_all(tmp_path), None)
    assert "<svg" not in pages["checklists/golden/print.md"]
    assert "checklists/golden/</a>" in pages["checklists/golden/print.md"]
    assert '"url": null' in pages["checklists/golden.json"]


LINKS = {
    "checklist-to-source": ("checklists/x.md", "sources.md#halpert", True, "../../sources/#halpert"),
    "checklist-to-print": ("checklists/x.md", "checklists/x/print.md", True, "print/"),
    "checklist-to-json": ("checklists/x.md", "checklists/x.json", True, "../x.json"),
    "checklist-to-index": ("checklists/x.md", "checklists/index.md", True, "../"),
    "checklist-to-nested-guide": ("checklists/x.md", "guide/section.md#two", True, "../../guide/section/#two"),
    "print-to-checklist": ("checklists/x/print.md", "checklists/x.md", True, "../"),
    "index-to-checklist": ("checklists/index.md", "checklists/x.md", True, "x/"),
    "index-to-home": ("checklists/index.md", "index.md", True, "../"),
    "flat-checklist-to-source": ("checklists/x.md", "sources.md#halpert", False, "../sources.html#halpert"),
    "flat-checklist-to-print": ("checklists/x.md", "checklists/x/print.md", False, "x/print.html"),
    "flat-print-to-checklist": ("checklists/x/print.md", "checklists/x.md", False, "../x.html"),
    "flat-index-to-checklist": ("checklists/index.md", "checklists/x.md", False, "x.html"),
    "flat-index-to-home": ("checklists/index.md", "index.md", False, "../index.html"),
}


@pytest.mark.parametrize("src, dest, directory_urls, expected", list(LINKS.values()), ids=list(LINKS))
def test_relative_links_match_mkdocs_urls(src: str, dest: str, directory_urls: bool, expected: str) -> None:
    assert Links(None, directory_urls).html(src, dest) == expected


_SEGMENT = st.sampled_from(["checklists", "x", "print", "sources", "guide"])
_SOURCE = st.lists(_SEGMENT, max_size=3).map(lambda parts: "/".join([*parts, "page.md"]))


@given(to_src=_SOURCE, from_src=_SOURCE, fragment=st.sampled_from(["", "#halpert"]))
def test_markdown_links_are_relative_to_the_source_file(to_src: str, from_src: str, fragment: str) -> None:
    """A generated Markdown link names the .md file, relative to the generated file's folder, as
    MkDocs (and builders that resolve links from the source file) expect."""
    expected = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    assert Links().md(from_src, to_src + fragment) == expected + fragment


def test_the_interactive_page_links_pages_in_markdown(rendered: dict[str, str]) -> None:
    """Links in the page's Markdown text are .md links, which the strict build checks."""
    page = rendered["checklists/golden.md"]
    assert "[all checklists](index.md)" in page
    assert '[the checklist as data (JSON)](golden.json){ type="application/json" }' in page
