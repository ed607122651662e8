"""Rendered checklist pages (Markdown with HTML, JSON) for a fixture checklist, against golden files.

The fixture is tests/fixtures/checklist-project/; the expected pages are in tests/golden/.
After an intended change to the output, regenerate them and review the diff:

    .venv/bin/python -m pytest tests/test_checklist_render.py --update-goldens
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "checklist-project"
GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import load_all  # noqa: E402
from cwc_checklists.render import _Links, render_pages  # noqa: E402

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


def test_print_page_has_a_qr_code_and_no_site_chrome(rendered: dict[str, str]) -> None:
    page = rendered["checklists/golden/print.md"]
    assert "template: checklist-print.html" in page
    assert page.count('<span class="cwc-box" aria-hidden="true"></span>') == 5
    assert "<svg" in page and 'aria-label="QR code linking to example.org/sub/site/checklists/golden"' in page


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
    assert _Links(None, directory_urls).relative(src, dest) == expected
