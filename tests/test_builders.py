"""The same site from both builders: MkDocs (`make build`, hooks) and Zensical (`make build-zensical`,
scripts/zensical_build.py, which writes the generated pages into a scratch copy of docs/).

Each is built once per session. What a reader gets is compared: the pages and JSON exports, every
page's text, the checklist items in order, the metadata, the project's own (minified) CSS and JS,
the Content-Security-Policy, the links; then a few checks in Chromium on the Zensical build (ticks
persist, the tools and search work, nothing from another host, nothing the policy blocks, the same
printed pages, no axe-core violation, valid HTML). Where Zensical's theme differs by design, the difference is listed below with its reason.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from budget_pages import AXE_JS, AXE_TAGS, VNU_JAR, java, node_tool
from conftest import ROOT, StaticServer, copy_project, site_path_prefix
from page_sweep import InFlight
from tools_pages import watched_page_in

SCRIPT = ROOT / "scripts" / "zensical_build.py"
CHECKLIST_IDS = sorted(p.stem for p in (ROOT / "checklists").glob("*.yml") if p.stem != "sources")

# ----------------------------------------------------------------------------
# Differences by design (each with its reason)
# ----------------------------------------------------------------------------

# Files only one builder writes. Theme assets: each theme ships its own bundle, stylesheets and
# search engine (Material: lunr, its worker and language packs, under content-hashed names;
# Zensical: its own worker and the classic/modern stylesheets, and the bundle's LICENSE).
THEME_ASSET = re.compile(
    r"assets/javascripts/(bundle\.[0-9a-f]+\.min\.js(\.map)?|lunr/.*|workers/.*|LICENSE)"
    r"|assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css(\.map)?"
    r"|assets/stylesheets/(classic|modern)/(main|palette)\.[0-9a-f]+\.min\.css"
)
ONLY_MKDOCS = {
    "search/search_index.json": "the search index of MkDocs' search plugin (Zensical writes search.json)",
    "sitemap.xml.gz": "MkDocs also writes a gzipped sitemap; Zensical writes sitemap.xml only",
}
ONLY_ZENSICAL = {
    "search.json": "Zensical's search index (MkDocs writes search/search_index.json)",
}
# The one difference in the Content-Security-Policy: Zensical's search draws its dialog in a shadow
# root with one inline stylesheet, allowed by its hash (pinned per release in scripts/zensical_build.py).
CSP_DIFFERENCE = ("style-src 'self';", "style-src 'self' '{hash}';")


# ----------------------------------------------------------------------------
# Builds (once per session each)
# ----------------------------------------------------------------------------


def _load_script():
    spec = importlib.util.spec_from_file_location("zensical_build", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zensical_build = _load_script()


def _docs_digest() -> dict[str, str]:
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "docs").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def docs_before() -> dict[str, str]:
    return _docs_digest()


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, docs_before) -> Path:
    site = tmp_path_factory.mktemp("zensical") / "site"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--site-dir", str(site)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"scripts/zensical_build.py failed:\n{proc.stdout}{proc.stderr}"
    return site


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    with StaticServer(zensical_site, prefix=site_path_prefix()) as server:
        yield server


@pytest.fixture(scope="module")
def style_hash() -> str:
    return zensical_build.SEARCH_STYLE_HASHES[_locked_zensical()]


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@functools.cache
def _soup(site: Path, rel: str) -> BeautifulSoup:
    """A built page, parsed once per session (tests read, never change, the tree)."""
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _pages(site: Path) -> list[str]:
    return sorted(p for p in _files(site) if p.endswith(".html"))


def _locked_zensical() -> str:
    match = re.search(r"^zensical==(\S+) \\$", (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8"), re.M)
    assert match, "zensical is not pinned in requirements/test.lock"
    return match.group(1)


# ----------------------------------------------------------------------------
# The same site
# ----------------------------------------------------------------------------


def test_same_pages_and_json_exports(built_site: Path, zensical_site: Path) -> None:
    mkdocs, zensical = _files(built_site), _files(zensical_site)
    assert {f for f in mkdocs if f.endswith(".html")} == {f for f in zensical if f.endswith(".html")}
    only_mkdocs = {f for f in mkdocs - zensical if not THEME_ASSET.fullmatch(f)}
    only_zensical = {f for f in zensical - mkdocs if not THEME_ASSET.fullmatch(f)}
    assert only_mkdocs == set(ONLY_MKDOCS), "files only MkDocs writes, beyond those listed with a reason"
    assert only_zensical == set(ONLY_ZENSICAL), "files only Zensical writes, beyond those listed with a reason"
    exports = sorted(f for f in mkdocs if f.startswith("checklists/") and f.endswith(".json"))
    assert exports == [f"checklists/{cid}.json" for cid in CHECKLIST_IDS]
    for export in exports:
        assert json.loads((zensical_site / export).read_text(encoding="utf-8")) == json.loads((built_site / export).read_text(encoding="utf-8")), export


def test_every_page_says_the_same(built_site: Path, zensical_site: Path) -> None:
    """The text of each page's content (Material's and Zensical's classic theme both put it in
    <article>; the print pages in <main>), the whole guide on one page included."""
    assert (built_site / "whole-guide" / "index.html").is_file()
    for rel in _pages(built_site):
        texts = []
        for site in (built_site, zensical_site):
            soup = _soup(site, rel)
            content = soup.select_one("article") or soup.select_one("main")
            assert content is not None, f"{site.name}/{rel}: no <article> or <main>"
            texts.append(" ".join(content.get_text(" ").split()))
        assert texts[0] == texts[1], rel


def test_same_checklist_items_in_the_same_order(built_site: Path, zensical_site: Path) -> None:
    for cid in CHECKLIST_IDS:
        interactive, printed = [], []
        for site in (built_site, zensical_site):
            soup = _soup(site, f"checklists/{cid}/index.html")
            boxes = soup.select(f'form.cwc-checklist[data-checklist="{cid}"] input[type=checkbox][data-item]')
            interactive.append([(b["data-item"], " ".join(soup.select_one(f'label[for="{b["id"]}"]').get_text(" ").split())) for b in boxes])
            items = _soup(site, f"checklists/{cid}/print/index.html").select("ol.cwc-print-items > li")
            printed.append([" ".join(li.get_text(" ").split()) for li in items])
        assert interactive[0] and interactive[0] == interactive[1], cid
        assert printed[0] and printed[0] == printed[1], cid
        assert len(printed[0]) == len(interactive[0]), cid


def test_same_title_description_link_preview_and_edit_links(built_site: Path, zensical_site: Path) -> None:
    def tags(site: Path, rel: str) -> dict:
        soup = _soup(site, rel)
        found = {"title": soup.title.get_text() if soup.title else None, "lang": soup.html.get("lang")}
        for meta in soup.find_all("meta"):
            key = meta.get("name") or meta.get("property")
            if key and key != "generator":
                found[key] = meta.get("content")
        canonical = soup.find("link", rel="canonical")
        found["canonical"] = canonical.get("href") if canonical else None
        # "Edit this page": a generated page's opens what it is made from (a checklist's YAML file...).
        found["edit"] = [a["href"] for a in soup.select("a.md-content__button[href]") if "/edit/" in a["href"]]
        return found

    for rel in _pages(built_site):
        assert tags(zensical_site, rel) == tags(built_site, rel), rel
    assert _soup(zensical_site, "index.html").title.get_text() == "Connect with Care"  # not "Home - Connect with Care"


def test_404_page_lists_the_sections(built_site: Path, zensical_site: Path) -> None:
    links = [[(a.get_text(), a["href"]) for a in _soup(site, "404.html").select("article ul a")] for site in (built_site, zensical_site)]
    assert len(links[0]) > 10
    assert links[1] == links[0]


def test_own_css_and_js_are_the_same_minified_files(built_site: Path, zensical_site: Path) -> None:
    own = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "assets").rglob("*") if p.suffix in (".css", ".js"))
    assert own
    for rel in own:
        # Byte for byte what hooks/minify_assets.py makes of it in the MkDocs build.
        built = (built_site / rel).read_bytes()
        assert (zensical_site / rel).read_bytes() == built, rel
        if rel.endswith(".css"):
            assert b"/*" not in built and b"\n  " not in built, f"{rel} is not minified"


def test_same_content_security_policy_and_no_inline_script(built_site: Path, zensical_site: Path, style_hash: str) -> None:
    for rel in _pages(built_site):
        policies = []
        for site in (built_site, zensical_site):
            soup = _soup(site, rel)
            metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert len(metas) == 1, f"{site.name}/{rel}: {len(metas)} policies"
            policies.append(metas[0]["content"])
            inline = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
            assert not inline, f"{site}/{rel}: inline script {inline[0]}"[:300]
            handlers = [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
            assert not handlers, f"{site}/{rel}: inline event handlers {handlers}"
            assert not soup.find_all("style") and not soup.select("[style]"), f"{site}/{rel}: inline style"
        old, new = CSP_DIFFERENCE
        assert policies[0].count(old.rstrip(";")) == 1
        assert policies[1] == (policies[0] + ";").replace(old, new.format(hash=style_hash)).rstrip(";"), rel


def test_no_reference_to_another_host_in_what_a_page_loads(zensical_site: Path) -> None:
    """The browser checks below see the requests of a few pages; this reads every page."""
    for rel in _pages(zensical_site):
        soup = _soup(zensical_site, rel)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr) or ""
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(element.get("rel") or []):
                    continue
                assert not re.match(r"(?i)([a-z]+:)?//", value), f"{rel}: <{tag} {attr}={value}>"


def test_the_build_never_writes_into_docs(zensical_site: Path, docs_before: dict[str, str]) -> None:
    assert _docs_digest() == docs_before


# ----------------------------------------------------------------------------
# The pins
# ----------------------------------------------------------------------------


def test_the_locked_zensical_is_the_one_the_search_hash_is_for() -> None:
    locked = _locked_zensical()
    assert locked in zensical_build.SEARCH_STYLE_HASHES, f"no search stylesheet hash for Zensical {locked} in scripts/zensical_build.py"
    assert f'"zensical=={locked}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    from importlib.metadata import version

    assert version("zensical") == locked, "run `make build-zensical` (or scripts/bootstrap test) to install the pinned Zensical"


@pytest.mark.parametrize(
    ("src", "page_url", "before", "after"),
    [
        # Zensical reads these from the source file's folder and rewrites them for the page again.
        ("checklists/pre-connect.md", "checklists/pre-connect/", '<link href="../../assets/x.css">', '<link href="../assets/x.css">'),
        ("checklists/pre-connect.md", "checklists/pre-connect/", '<a href="print/">', '<a href="pre-connect/print/">'),
        ("checklists/pre-connect.md", "checklists/pre-connect/", '<a href="./#why">', '<a href="pre-connect/#why">'),
        ("checklists/pre-connect/print.md", "checklists/pre-connect/print/", '<a href="../">', '<a href="./">'),
        ("whole-guide.md", "whole-guide/", '<a href="../why-connect/#x">', '<a href="why-connect/#x">'),
        ("index.md", "./", '<img src="assets/q.svg?v=1">', '<img src="assets/q.svg?v=1">'),
        # Left alone: fragments, absolute paths, other hosts, other schemes, other attributes.
        ("tools/x.md", "tools/x/", '<a href="#top">', '<a href="#top">'),
        ("tools/x.md", "tools/x/", '<a href="/connect-with-care/">', '<a href="/connect-with-care/">'),
        ("tools/x.md", "tools/x/", '<a href="https://example.org/a/">', '<a href="https://example.org/a/">'),
        ("tools/x.md", "tools/x/", '<a href="mailto:a@example.org">', '<a href="mailto:a@example.org">'),
        ("tools/x.md", "tools/x/", '<form action="../">', '<form action="../">'),
    ],
)
def test_raw_html_urls_are_made_relative_to_the_source_file_for_zensical(src, page_url, before, after) -> None:
    assert zensical_build.source_relative(before, src, page_url) == after


# ----------------------------------------------------------------------------
# Failures are one line
# ----------------------------------------------------------------------------


def test_zensical_build_in_the_source_tree_says_what_to_run_instead(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "zensical.toml", project / "zensical.toml")
    for command in ("build", "serve"):
        proc = subprocess.run([sys.executable, "-m", "zensical", command], cwd=project, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        output = (proc.stdout + proc.stderr).strip()
        assert proc.returncode != 0, command
        assert len(output.splitlines()) == 1 and "make build-zensical" in output, output
        assert "Traceback" not in output
    assert not (project / "site").exists()


def test_bad_checklist_data_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "checklists" / "pre-connect.yml"
    text = data.read_text(encoding="utf-8")
    first_id = re.search(r"^\s*- id: (\S+)", text, re.M).group(1)
    data.write_text(text + f"\n  - id: {first_id}\n", encoding="utf-8")
    proc = _run_script(project, tmp_path / "site")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert any(line.startswith("checklists/pre-connect.yml:") for line in lines), proc.stderr
    assert lines[-1].startswith("zensical_build: ") and "make build-zensical" in lines[-1]
    assert not (tmp_path / "site").exists()


def test_a_docs_file_the_generator_writes_is_a_one_line_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "checklists").mkdir(exist_ok=True)
    (project / "docs" / "checklists" / "pre-connect.md").write_text("# Mine\n", encoding="utf-8")
    proc = _run_script(project, tmp_path / "site")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        "zensical_build: docs/checklists/pre-connect.md exists, but the generator writes it; delete docs/checklists/pre-connect.md"
    )
    assert "Traceback" not in proc.stderr


def test_a_problem_zensical_finds_is_its_own_report_then_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "why-connect.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [a page that is not there](no-such-page.md).\n", encoding="utf-8")
    proc = _run_script(project, tmp_path / "site")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "why-connect.md" in proc.stderr  # Zensical's own finding, with the file
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("zensical_build: Zensical stopped on the problems listed above")
    assert not (tmp_path / "site").exists()


def test_a_zensical_release_without_a_known_hash_is_a_one_line_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr(zensical_build.importlib.metadata, "version", lambda name: "9.9.9")
    assert zensical_build.main(["--site-dir", "/nonexistent/site"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Zensical 9.9.9 is installed" in err and "make build-zensical" in err


def _run_script(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--project", str(project), "--site-dir", str(site)],
        capture_output=True, text=True, timeout=300,
    )


# ----------------------------------------------------------------------------
# In Chromium, on the Zensical build
# ----------------------------------------------------------------------------


def _watched(browser, server):
    context = browser.new_context()
    # CSP violations are console errors too; this records them with the directive, for the message.
    context.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return context, watched_page_in(context, server.origin)


@pytest.mark.browser
def test_ticks_persist_and_the_tools_work(browser, zensical_server) -> None:
    context, page = _watched(browser, zensical_server)
    try:
        page.goto(zensical_server.url + "checklists/pre-connect/")
        form = page.locator('form.cwc-checklist[data-checklist="pre-connect"].cwc-live')
        form.wait_for()
        items = form.locator("input[type=checkbox][data-item]").evaluate_all("l => l.map(b => b.dataset.item)")
        form.locator(f'input[data-item="{items[0]}"]').check()
        form.locator(f'input[data-item="{items[2]}"]').check()
        page.reload()
        form.wait_for()
        checked = form.locator("input[type=checkbox][data-item]").evaluate_all("l => l.filter(b => b.checked).map(b => b.dataset.item)")
        assert checked == [items[0], items[2]]
        assert form.locator(".cwc-progress").inner_text() == f"2 of {len(items)} done"

        page.goto(zensical_server.url + "tools/take-it-with-you/")
        ticks = page.locator('[data-cwc-tool="ticks"]')
        ticks.wait_for(state="visible")
        assert "2 of" in ticks.locator('[data-count-for="pre-connect"]').inner_text()

        page.goto(zensical_server.url + "tools/connection-note/")
        note = page.locator('[data-cwc-tool="note"]')
        note.wait_for(state="visible")
        note.get_by_label("Their first name").fill("Amara")
        assert note.get_by_label("Your note", exact=True).input_value().startswith("Hi Amara")
        assert note.locator("[data-count]").inner_text() == str(len(note.get_by_label("Your note", exact=True).input_value()))

        page.goto(zensical_server.url + "tools/should-i-accept/")
        decide = page.locator('[data-cwc-tool="decide"]')
        decide.wait_for(state="visible")
        assert decide.locator("fieldset[data-node]:visible").count() == 1
        decide.locator("fieldset[data-node]:visible input[type=radio]").nth(1).check()
        page.wait_for_function("document.querySelectorAll('[data-cwc-tool=\"decide\"] [data-node]:not([hidden])').length >= 2")

        page.goto(zensical_server.url + "tools/checklist-builder/#for=recruiter&at=introductions")
        page.wait_for_function("!document.querySelector('[data-group=\"introductions\"]').hidden")
        assert page.evaluate("window.__violations") == []
        page.watch.assert_clean()
    finally:
        context.close()


@pytest.mark.browser
def test_search_finds_a_page_under_the_content_security_policy(browser, zensical_server) -> None:
    context, page = _watched(browser, zensical_server)
    try:
        page.goto(zensical_server.url)
        page.locator(".md-search__button").click()
        page.keyboard.type("pruning")
        page.wait_for_function(
            "() => [...document.querySelectorAll('*')].some(e => e.shadowRoot && e.shadowRoot.querySelector('a[href*=\"pruning\"]'))",
            timeout=10_000,
        )
        # After a Zensical upgrade, the console message names the new stylesheet's hash: pin it in
        # scripts/zensical_build.py (SEARCH_STYLE_HASHES).
        assert page.evaluate("window.__violations") == [], page.watch.console_errors
        page.watch.assert_clean()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["checklists/pre-connect/", "checklists/pre-connect/print/"])
def test_checklist_prints_on_as_many_pages_as_the_mkdocs_build(browser, site_server, zensical_server, rel) -> None:
    counts = []
    for server in (site_server, zensical_server):
        context, page = _watched(browser, server)
        try:
            in_flight = InFlight(page)
            page.goto(server.url + rel)
            in_flight.wait_settled(page, server.url + rel)  # every image and font is in
            counts.append(len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
            page.watch.assert_clean()
        finally:
            context.close()
    assert counts[0] == 1 if rel.endswith("print/") else counts[0] >= 1
    assert counts[1] == counts[0], f"{rel}: {counts[1]} A4 pages with Zensical, {counts[0]} with MkDocs"


def test_every_link_and_asset_on_the_zensical_build_resolves(built_site: Path, zensical_site: Path) -> None:
    """Relative links in raw HTML are resolved by Zensical from the source file: every one must land on
    a file of the built site, as on the MkDocs build."""
    prefix = site_path_prefix()  # the 404 page's links are rooted at site_url's path
    for site in (built_site, zensical_site):
        files = _files(site)
        broken = []
        for rel in _pages(site):
            base = "https://example.org" + prefix + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            for element in _soup(site, rel).select("a[href], link[href], script[src], img[src]"):
                url = element.get("href") or element.get("src")
                target = urlsplit(urljoin(base, url))
                if target.netloc != "example.org" or target.scheme != "https":
                    continue
                if not target.path.startswith(prefix):
                    broken.append(f"{rel}: {url} (outside the site)")
                    continue
                path = unquote(target.path[len(prefix):])
                if path and path not in files and (path.rstrip("/") + "/index.html").lstrip("/") not in files:
                    broken.append(f"{rel}: {url}")
                elif not path and "index.html" not in files:
                    broken.append(f"{rel}: {url}")
        assert not broken, f"{site}: {len(broken)} broken links, e.g. {broken[:5]}"


@pytest.mark.browser
def test_no_accessibility_violations_on_zensical_pages(browser, zensical_server) -> None:
    """axe-core (the budget's WCAG 2.0-2.2 A/AA and best-practice rules) on one page of each kind,
    with Zensical's theme markup (its header search button, its navigation)."""
    axe = node_tool(AXE_JS)
    context = browser.new_context()
    axe_url = zensical_server.url + "__builders-test__/axe.min.js"  # served as the site's own, under its CSP
    tab = context.new_page()
    in_flight = InFlight(context)
    found = []
    try:
        for path in ("", "why-connect/", "checklists/", "checklists/pre-connect/", "checklists/pre-connect/print/", "tools/should-i-accept/", "whole-guide/", "404.html"):
            tab.goto(zensical_server.url + path, wait_until="load")
            in_flight.wait_settled(tab, zensical_server.url + path)
            # Routed only while axe-core loads: routing turns the HTTP cache off.
            tab.route(axe_url, lambda route: route.fulfill(path=str(axe), content_type="text/javascript"))
            tab.add_script_tag(url=axe_url)
            tab.unroute(axe_url)
            result = tab.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
            found += [f"{path or '/'}: {v['id']} ({v['impact']}) at {v['nodes'][0]['target']}" for v in result["violations"]]
    finally:
        context.close()
    assert not found, "axe-core violations on the Zensical build:\n" + "\n".join(found)


def test_zensical_pages_are_valid_html(zensical_site: Path) -> None:
    """The Nu HTML Checker on one page of each kind of the Zensical build, its theme's markup
    included (scripts/zensical_build.py repairs the one error Zensical's theme writes)."""
    pages = ["index.html", "why-connect/index.html", "checklists/index.html", "checklists/pre-connect/index.html",
             "checklists/pre-connect/print/index.html", "tools/checklist-builder/index.html", "whole-guide/index.html", "404.html"]
    cmd = [java(), "-jar", str(node_tool(VNU_JAR)), "--format", "json", *(str(zensical_site / p) for p in pages)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout)
    errors = [f"{m.get('url', '')[-60:]}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert not errors, "Nu HTML Checker errors on the Zensical build:\n" + "\n".join(errors)
