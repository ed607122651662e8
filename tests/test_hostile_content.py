"""Contributed checklist text cannot put anything live on the site: every payload in
tests/payloads/payloads.yml, in every text field, either builds into inert text or is refused with a
one-line `file:line` error, as the corpus says payload by payload.

One strict build holds every payload that must build (a checklist per payload), shared by the HTML
and browser tests; every payload that must be refused is one file in a single `load_all` call, plus
one real build to show the failure reads well. The built pages are parsed with html5lib (as a
browser parses them) and loaded in Chromium, watching for dialogs, `window.__pwned`, console errors.
Reproduce one case: add its checklist (see `hostile_checklist`) to checklists/ and run `make build`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Comment
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, PageWatch, StaticServer, copy_project, run_build, site_path_prefix

sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import ChecklistError, load_all  # noqa: E402
from cwc_checklists.why import WhyRenderer  # noqa: E402
from cwc_checklists.yamldata import read_yaml  # noqa: E402

FIELDS = ("id", "item_id", "title", "pause_point", "summary", "text", "why", "tags", "source_label", "source_url")
CHECKLIST_FIELDS = tuple(f for f in FIELDS if not f.startswith("source_"))


@dataclass(frozen=True)
class Payload:
    number: int
    name: str
    payload: str
    inert: tuple[str, ...]
    rejected: tuple[str, ...]

    @property
    def checklist_id(self) -> str:
        return self.payload if "id" in self.inert else f"hostile-{self.number:02d}"

    @property
    def item_id(self) -> str:
        return self.payload if "item_id" in self.inert else "first"

    @property
    def source_id(self) -> str:
        return f"hostile-src-{self.number:02d}"


def _read_corpus() -> list[Payload]:
    # Read as the loader reads a checklist (YAML 1.2 core schema: `yes` stays a word).
    entries, _, problems = read_yaml(ROOT / "tests" / "payloads" / "payloads.yml", "tests/payloads/payloads.yml")
    assert not problems, problems
    return [
        Payload(n, e["name"], e["payload"], tuple(e["inert"]), tuple(e["rejected"]))
        for n, e in enumerate(entries, start=1)
    ]


def _read_payload_file(name: str):
    """tests/payloads/<name>, read as the loader reads a data file (YAML 1.2 core schema)."""
    data, _, problems = read_yaml(ROOT / "tests" / "payloads" / name, f"tests/payloads/{name}")
    assert not problems, problems
    return data


CORPUS = _read_corpus()
BUILT = [p for p in CORPUS if set(p.inert) & set(FIELDS)]
INERT_CASES = [(p, f) for p in CORPUS for f in p.inert]
REJECTED_CASES = [(p, f) for p in CORPUS for f in p.rejected]


def _case_id(case) -> str:
    payload, field = case
    return f"{payload.name}-in-{field}"


# ----------------------------------------------------------------------------
# The corpus itself
# ----------------------------------------------------------------------------


def test_corpus_is_big_and_says_what_happens_in_every_field() -> None:
    assert len(CORPUS) >= 30
    names = [p.name for p in CORPUS]
    assert len(set(names)) == len(names), "payload names repeat"
    for p in CORPUS:
        assert sorted(p.inert + p.rejected) == sorted(FIELDS), f"{p.name}: inert + rejected must list each field once"


# ----------------------------------------------------------------------------
# Refused: one `load_all` over one file per case; the error names file, line and field
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> dict[tuple[str, str], list]:
    """(payload name, field) -> the problems `load_all` reported for that case's file or entry."""
    found: dict[tuple[str, str], list] = {}

    # Checklist fields: each case is its own file, so its problems are the ones naming that file.
    project = _bare_project(tmp_path_factory.mktemp("refused"))
    files: dict[str, tuple[Payload, str]] = {}
    for n, (payload, field) in enumerate((p, f) for p, f in REJECTED_CASES if f in CHECKLIST_FIELDS):
        name = f"case-{n:03d}"
        text, _ = hostile_checklist(payload, only=field, checklist_id=name, source_id="halpert")
        (project / "checklists" / f"{name}.yml").write_text(text, encoding="utf-8")
        files[f"checklists/{name}.yml"] = (payload, field)
    problems = _problems(project)
    for path, (payload, field) in files.items():
        found[(payload.name, field)] = [p for p in problems if p.path == path]

    # Source fields: each case is one entry of sources.yml, so its problems are the ones on its lines.
    project = _bare_project(tmp_path_factory.mktemp("refused-sources"))
    registry = (project / "checklists" / "sources.yml").read_text(encoding="utf-8")
    lines: dict[int, tuple[Payload, str]] = {}
    for payload, field in ((p, f) for p, f in REJECTED_CASES if f.startswith("source_")):
        entry = source_entry(payload, only=field)
        first_line = registry.count("\n") + 1
        lines.update({first_line + i: (payload, field) for i in range(entry.count("\n"))})
        registry += entry
    (project / "checklists" / "sources.yml").write_text(registry, encoding="utf-8")
    problems = _problems(project)
    for payload, field in ((p, f) for p, f in REJECTED_CASES if f.startswith("source_")):
        found[(payload.name, field)] = [p for p in problems if p.line is not None and lines.get(p.line) == (payload, field)]
    return found


@pytest.mark.parametrize("case", REJECTED_CASES, ids=_case_id)
def test_payload_is_refused_with_a_one_line_error(refusals, case) -> None:
    payload, field = case
    problems = refusals[(payload.name, field)]
    assert problems, f"{payload.name!r} in {field} was accepted; the corpus says it must be refused"
    key = {"item_id": "id", "source_label": "label", "source_url": "url"}.get(field, field)
    about_field = [p for p in problems if f"'{key}'" in p.message]
    assert about_field, f"no problem names the field {key!r}: {[str(p) for p in problems]}"
    for problem in about_field:
        assert problem.line is not None, f"no line number: {problem}"
        assert "\n" not in str(problem) and "Traceback" not in str(problem)
        if field in ("item_id", "text", "why", "tags"):
            assert "item " in problem.message, f"the item is not named: {problem}"


def test_a_refused_payload_fails_the_build_with_the_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    bad = next(p for p in CORPUS if p.name == "md-link-javascript")
    text, _ = hostile_checklist(bad, only="why", checklist_id="bad-link", source_id="halpert")
    (project / "checklists" / "bad-link.yml").write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok, "a checklist linking to javascript: was built"
    line = _line_of_field(text, "why")
    expected = f"checklists/bad-link.yml:{line}: item 'first': 'why' links to 'javascript:window.__pwned=1'; use a full https:// address"
    assert expected in result.output, result.output[-3000:]
    assert "Traceback" not in result.output, result.output[-3000:]


def test_decision_data_refuses_invisible_characters(tmp_path: Path) -> None:
    """The "Should I accept?" questions come by pull request too: same rule for hidden characters."""
    from cwc_checklists.decisions import load_decision

    project = copy_project(tmp_path / "project")
    path = project / "checklists" / "decisions" / "incoming-request.yml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if re.match(r"\s*(- )?text: \S", l))
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace("text: ", "text: \u202e", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_decision(project, "incoming-request", load_all(project))
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"checklists/decisions/incoming-request.yml:{line}:") and "U+202E" in m for m in messages), messages


# ----------------------------------------------------------------------------
# Inert: one strict build with every payload that must build
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The project plus one checklist per buildable payload, built with --strict."""
    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "project")
    registry = project / "checklists" / "sources.yml"
    with registry.open("a", encoding="utf-8") as out:
        for payload in BUILT:
            out.write(source_entry(payload))
    for payload in BUILT:
        text, _ = hostile_checklist(payload)
        (project / "checklists" / f"{payload.checklist_id}.yml").write_text(text, encoding="utf-8")
    _add_to_nav(project / "mkdocs.yml", [f"checklists/{p.checklist_id}.md" for p in BUILT])
    result = run_build(project, base / "site")
    assert result.ok, f"the hostile build failed (every payload in it must build):\n{result.output[-5000:]}"
    return base / "site"


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(hostile_site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        for path in sorted(hostile_site.rglob("*.html"))
    }


def test_no_page_carries_anything_live_from_the_data(hostile_pages: dict[str, BeautifulSoup]) -> None:
    """Over every page of the hostile build: no injected element, handler, script or dangerous URL."""
    faults: list[str] = []
    for path, soup in hostile_pages.items():
        faults += [f"{path}: {fault}" for fault in _live_markup(soup)]
    assert not faults, "\n".join(faults[:40])


@pytest.mark.parametrize("case", INERT_CASES, ids=_case_id)
def test_payload_builds_into_inert_text(hostile_site: Path, hostile_pages, case) -> None:
    payload, field = case
    cid, iid = payload.checklist_id, payload.item_id
    page = hostile_pages[f"checklists/{cid}/index.html"]
    form = page.select_one(f'form.cwc-checklist[data-checklist="{cid}"]')
    assert form is not None, f"no checklist form for {cid!r}"
    shown = _norm(payload.payload)
    if field == "id":
        assert (hostile_site / "checklists" / f"{cid}.json").is_file()
    elif field == "item_id":
        assert form.select_one(f'input[type=checkbox][data-item="{iid}"][id="cwc-{cid}--{iid}"]') is not None
    elif field == "title":
        heading = page.select_one("h1#cwc-title")
        for permalink in heading.select("a.headerlink"):  # the heading's own "¶" link, as on every page
            permalink.decompose()
        assert _norm(heading.get_text()) == shown
        print_page = hostile_pages[f"checklists/{cid}/print/index.html"]
        assert _norm(print_page.select_one(".cwc-print h1").get_text()) == shown
    elif field == "pause_point":
        assert _norm(form.select_one(".cwc-pause").get_text()) == _norm("Use it: " + payload.payload)
    elif field == "summary":
        assert _norm(page.select_one(".cwc-summary").get_text()) == shown
    elif field == "text":
        label = form.select_one(f'label[for="cwc-{cid}--{iid}"]')
        assert _norm(label.get_text()) == shown
    elif field == "why":
        why = form.select_one(f'li[id="{cid}--{iid}"] details.cwc-why > div')
        assert why is not None and why.get_text().strip(), "the why text is missing"
        if payload.payload.startswith("<") and "://" not in payload.payload:
            assert _norm(why.get_text()) == shown, "raw HTML in why is not shown as the text written"
    elif field == "source_label":
        cite = form.select_one(f'li[id="{cid}--{iid}"] .cwc-sources .cite-community')
        assert _norm(cite.get_text()) == shown
    elif field == "source_url":
        cite = form.select_one(f'li[id="{cid}--{iid}"] .cwc-sources a.cite-community')
        assert cite is not None and cite["href"] == payload.payload
    exported = json.loads((hostile_site / "checklists" / f"{cid}.json").read_text(encoding="utf-8"))
    assert exported["id"] == cid


def test_the_one_allowed_link_is_an_https_link(hostile_pages) -> None:
    payload = next(p for p in CORPUS if p.name == "md-link-https-is-fine")
    page = hostile_pages[f"checklists/{payload.checklist_id}/index.html"]
    links = page.select(f'li[id="{payload.checklist_id}--first"] details.cwc-why a[href]')
    assert [a["href"] for a in links] == ["https://example.org/advice"]


# ----------------------------------------------------------------------------
# Browser: no dialog, no script of the data's, no console error, no outside request
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path):
    with StaticServer(hostile_site, prefix=site_path_prefix()) as server:
        yield server


_BOXES = "form.cwc-checklist input[type=checkbox]"
# Opens every <details>, waiting until each one's (queued) toggle event has been dispatched, hovers
# every label, link and summary; the number of checklist boxes on the page.
_OPEN_AND_HOVER = """async (boxes) => {
    const closed = [...document.querySelectorAll('details')].filter((d) => !d.open);
    const toggled = closed.map((d) => new Promise((done) => d.addEventListener('toggle', done, {once: true})));
    closed.forEach((d) => { d.open = true; });
    document.querySelectorAll('label, a, summary').forEach((el) =>
        el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})));
    await Promise.all(toggled);
    return document.querySelectorAll(boxes).length;
}"""
_AFTER_NEXT_FRAME = "async () => { await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))); return "


@pytest.mark.browser
def test_hostile_pages_run_nothing_in_the_browser(browser, hostile_server, hostile_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(hostile_server.origin)
    dialogs: list[str] = []
    context.on("request", watch.on_request)  # the context's: the search worker's requests count too
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_pageerror)
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    # Print pages carry no script at all (the HTML test above checks that nothing is injected there).
    paths = [f"checklists/{p.checklist_id}/" for p in BUILT] + ["checklists/", "whole-guide/", "tools/"]
    paths += [p.relative_to(hostile_site).parent.as_posix() + "/" for p in sorted((hostile_site / "tools").rglob("index.html"))]
    pwned: list[str] = []
    try:
        for path in dict.fromkeys(paths):
            page.goto(hostile_server.url + path, wait_until="load")
            # Open every "Why" and hover every label: handlers on toggle/mouseover would fire now. The
            # toggle events are queued, so this waits for each one to have been dispatched.
            boxes = page.evaluate(_OPEN_AND_HOVER, _BOXES)
            if boxes:
                page.locator(_BOXES).first.check()
            # What a tick redraws is drawn by the next frame; anything from the data has run by then.
            if page.evaluate(_AFTER_NEXT_FRAME + "window.__pwned !== undefined || window.parent.__pwned !== undefined; }"):
                pwned.append(path)
        # Search shows page text (every payload is in some "Hostile fixture" page) through innerHTML.
        page.goto(hostile_server.url + "checklists/", wait_until="load")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("fixture")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        if page.evaluate(_AFTER_NEXT_FRAME + "window.__pwned !== undefined; }"):
            pwned.append("search results for 'fixture'")
    finally:
        context.close()
    assert not dialogs, f"a payload opened a dialog: {dialogs}"
    assert not pwned, f"a payload ran script on: {pwned}"
    watch.assert_clean()


@pytest.mark.browser
def test_a_prototype_name_as_an_id_ticks_and_persists(browser, hostile_server) -> None:
    """A checklist and item called `constructor` (a valid slug): nothing ticked at first, a tick persists."""
    payload = next(p for p in CORPUS if p.name == "id-object-prototype-name")
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(hostile_server.origin)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_pageerror)
    try:
        page.goto(hostile_server.url + f"checklists/{payload.checklist_id}/")
        box = page.locator(f'form.cwc-checklist.cwc-live input[data-item="{payload.item_id}"]')
        assert not box.is_checked(), "an id named like an Object property showed as ticked"
        box.check()
        page.reload()
        assert page.locator(f'form.cwc-checklist.cwc-live input[data-item="{payload.item_id}"]').is_checked()
        stored = page.evaluate("k => localStorage.getItem(k)", f"cwc:v1:{payload.checklist_id}")
        assert json.loads(stored) == {payload.item_id: True}
    finally:
        context.close()
    watch.assert_clean()


# ----------------------------------------------------------------------------
# The why renderer on its own, for any short Markdown
# ----------------------------------------------------------------------------

MARKDOWN_PIECES = [
    "<", ">", "</", "/>", "&", "&#", ";", "\"", "'", "=", "[", "]", "(", ")", "!", "*", "_", "`", "\n", "\n\n",
    "    ", "> ", "- ", "1. ", "#", "{", "}", ":", " ", "a", "x", "https://example.org/", "http://x/",
    "javascript:", "JaVaScRiPt:", "data:", "vbscript:", "//evil.example", "mailto:a@b.c", "script", "img",
    "svg", "iframe", "onerror", "onload", "src", "href", "style", "alert(1)", "&#106;", "&colon;", "%6A",
    "\t", "\\", "<!--", "-->", "<![CDATA[", "]]>", "{: ", "onclick=", "[r]: ", "[r]",
    # Block constructs: fences, setext underlines, numbered lists, autolinks, <destinations>.
    "```", "~~~", "===", "---", "2. ", "<a@b.c>", "<https://example.org/>", "<javascript:x>", "(<", "\"t\"",
]


@given(text=st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_why_markdown_renders_only_safe_html(text: str) -> None:
    """For any short Markdown: allowed tags only, no handlers, and every surviving link is https."""
    html, problems = WhyRenderer().render(text)
    soup = BeautifulSoup(html, "html5lib")
    for el in soup.body.find_all(True):
        assert el.name in WHY_TAGS, f"{el.name!r} from {text!r}: {html}"
        assert not [a for a in el.attrs if a.lower().startswith("on")], f"handler from {text!r}: {html}"
        if el.name == "a":
            href = el.get("href", "")
            assert href.lower().startswith("https://"), f"link {href!r} from {text!r}: {html}"
            assert set(el.attrs) <= {"href", "title"}, f"attributes {el.attrs} from {text!r}"
        elif el.name == "ol" and el.attrs:
            assert list(el.attrs) == ["start"] and el["start"].isdigit(), f"attributes {el.attrs} on ol from {text!r}"
        else:
            assert not el.attrs, f"attributes {el.attrs} on {el.name} from {text!r}: {html}"
    assert not soup.find_all(string=lambda s: isinstance(s, Comment)), f"a comment from {text!r}: {html}"
    # What the renderer drops, the validator reports (so the build fails instead of losing words).
    dropped = len(re.findall(r"<span>", html))
    assert len(problems) >= dropped, f"{dropped} link(s)/image(s) dropped but {problems} reported for {text!r}"
    # What plain Python-Markdown makes of it, before the renderer's vetting: raw HTML is what it stashes
    # as written (entities are stashed too, and start with "&").
    plain_md = markdown.Markdown()
    plain = plain_md.convert(text)
    raw = [block for block in plain_md.htmlStash.rawHtmlBlocks if str(block).lstrip().startswith("<")]
    if raw or "<img " in plain:
        assert problems, f"raw HTML or an image dropped without a word for {text!r}: {plain}"


# ----------------------------------------------------------------------------
# Fixtures as YAML text
# ----------------------------------------------------------------------------


def hostile_checklist(payload: Payload, *, only: str | None = None, checklist_id: str | None = None, source_id: str | None = None) -> tuple[str, str]:
    """A checklist carrying `payload` in each field where it is inert (or only in `only`), as YAML text."""
    fields = {only} if only else set(payload.inert)

    def put(field: str, neutral):
        return payload.payload if field in fields else neutral

    cid = checklist_id or payload.checklist_id
    if only == "id" or (only is None and "id" in fields):
        cid_value = payload.payload
    else:
        cid_value = cid
    src = source_id or payload.source_id
    tags = [payload.payload] if "tags" in fields else ["everyone"]
    data = {
        "id": cid_value,
        "title": put("title", f"Hostile fixture {payload.number}"),
        "pause_point": put("pause_point", "Before you test the site"),
        "kind": "do-confirm",
        "revised": "2026-11-23",
        "guide_page": "sending-a-request.md",
        "summary": put("summary", "A fixture checklist for the hostile-content tests."),
    }
    lines = [f"{key}: {_q(value)}" for key, value in data.items()]
    lines.append("items:")
    first = {
        "id": put("item_id", "first"),
        "text": put("text", "Tick the first box."),
        "why": put("why", "Because it is first."),
        "sources": [src],
        "tags": tags,
    }
    lines += _item_lines(first)
    for n in range(2, 6):
        lines += _item_lines({"id": f"item-{n}", "text": f"Tick box {n}.", "why": "Because.", "sources": ["halpert"]})
    return "\n".join(lines) + "\n", cid


def source_entry(payload: Payload, *, only: str | None = None) -> str:
    """A community source for `payload`'s checklist, as sources.yml entry text (one key per line)."""
    fields = {only} if only else set(payload.inert)
    entry = {
        "id": payload.source_id,
        "title": "A contributed tip",
        "author": "A contributor",
        "label": payload.payload if "source_label" in fields else f"Contributor {payload.number}",
        "kind": "community",
    }
    if "source_url" in fields:
        entry["url"] = payload.payload
    keys = list(entry)
    return "".join(f"{'- ' if i == 0 else '  '}{k}: {_q(entry[k])}\n" for i, k in enumerate(keys))


def _item_lines(item: dict) -> list[str]:
    keys = list(item)
    return [f"{'  - ' if i == 0 else '    '}{k}: {_q(item[k])}" for i, k in enumerate(keys)]


def _q(value) -> str:
    """A YAML flow value for any string or list of strings (JSON is YAML; non-ASCII stays literal)."""
    return json.dumps(value, ensure_ascii=False)


def _line_of_field(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().removeprefix("- ").startswith(f"{key}:"):
            return number
    raise AssertionError(f"no {key} in fixture")


def _add_to_nav(config: Path, pages: list[str]) -> None:
    """List `pages` (untitled, so the nav shows each page's own title) in the Checklists section."""
    text = config.read_text(encoding="utf-8")
    anchor = "      - All checklists: checklists/index.md\n"
    assert anchor in text, f"mkdocs.yml has no line {anchor!r} to add the fixture checklists after"
    config.write_text(text.replace(anchor, anchor + "".join(f"      - {page}\n" for page in pages)), encoding="utf-8")


def _bare_project(base: Path) -> Path:
    project = base / "project"
    (project / "checklists").mkdir(parents=True)
    for name in ("checklist.schema.json", "sources.schema.json", "sources.yml"):
        shutil.copy2(ROOT / "checklists" / name, project / "checklists" / name)
    return project


def _problems(project: Path) -> list:
    try:
        load_all(project, docs_dir=ROOT / "docs")
    except ChecklistError as error:
        return error.problems
    return []


def _norm(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------
# What counts as live markup
# ----------------------------------------------------------------------------

# Elements nothing in the data may produce; the site's own templates use none of them.
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "img", "image", "math", "portal",
    "audio", "video", "source", "track", "picture", "use", "foreignobject", "animate", "set",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset", "ping", "srcdoc"}
# Where the theme's and the site's own inline SVG sits (icons, logo, emoji, the QR code, diagrams).
SVG_HOLDERS = ("md-icon", "md-logo", "twemoji", "cwc-qr")
WHY_TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a", "span", "br", "hr"}
DANGEROUS_URL = re.compile(r"^(javascript|data|vbscript|file):", re.IGNORECASE)


def _live_markup(soup: BeautifulSoup) -> list[str]:
    faults: list[str] = []
    for el in soup.find_all(True):
        name = el.name.lower()
        if name in FORBIDDEN_TAGS:
            faults.append(f"<{name}> element: {str(el)[:120]}")
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                faults.append(f"{attr}= handler on <{name}>: {value[:80]}")
            if attr.lower() in URL_ATTRIBUTES:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if DANGEROUS_URL.match(cleaned):
                    faults.append(f"{attr}={value[:80]!r} on <{name}>")
                if "evil.example" in value:
                    faults.append(f"{attr} points to another host: {value[:80]!r} on <{name}>")
        if name == "script":
            if el.get("src"):
                if re.match(r"^[a-z][a-z0-9+.-]*:|^//", el["src"], re.IGNORECASE):
                    faults.append(f"script from another origin: {el['src']}")
            elif (el.get("type") or "").lower() != "application/json":
                body = el.string or ""
                if "pwned" in body or "alert(" in body:
                    faults.append(f"inline script from the data: {body[:80]}")
        if name == "svg":
            holder = el.parent
            classes = " ".join(holder.get("class", [])) if holder is not None else ""
            if not any(marker in classes for marker in SVG_HOLDERS):
                faults.append(f"<svg> outside the theme's icons: parent <{holder.name} class={classes!r}>")
        if name == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            faults.append(f"meta refresh: {el}")
        if name in ("style", "meta", "title") and el.find_parent("body") is not None and el.find_parent("svg") is None:
            faults.append(f"<{name}> in the body: {str(el)[:120]}")
        if name == "form" and el.get("action") and "://" in el["action"]:
            faults.append(f"form posting elsewhere: {el['action']}")
    return faults


# ----------------------------------------------------------------------------
# Guide pages (docs/*.md) and their front matter: tests/payloads/guide-pages.yml
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PagePayload:
    number: int
    name: str
    where: str
    text: str
    refused: str | None
    shown: str | None

    @property
    def page(self) -> str:
        return f"hostile-page-{self.number:02d}.md"

    @property
    def backstop(self) -> bool:
        """Found only in the built HTML (the source check sees it as code)."""
        return bool(self.refused) and self.refused.startswith("the built page")

    def source(self) -> tuple[str, int]:
        """The page's text, and the line the payload is on."""
        front = {"title": f"Hostile page {self.number}", "description": "A hostile guide page."}
        if self.where != "body":
            front[self.where] = self.text
        lines = ["---", *(f"{key}: {_q(value)}" for key, value in front.items()), "---", "", f"# Hostile page {self.number}", ""]
        if self.where == "body":
            line = len(lines) + 1
            lines += [self.text, ""]
        else:
            line = 2 + list(front).index(self.where)
        lines += ["The end of the page.", ""]
        return "\n".join(lines), line


PAGE_CORPUS = [
    PagePayload(n, e["name"], e["where"], e["text"], e.get("refused"), e.get("shown"))
    for n, e in enumerate(_read_payload_file("guide-pages.yml"), start=1)
]
PAGES_REFUSED = [p for p in PAGE_CORPUS if p.refused and not p.backstop]
PAGES_BACKSTOP = [p for p in PAGE_CORPUS if p.backstop]
PAGES_SHOWN = [p for p in PAGE_CORPUS if p.shown is not None]


def _project_with_pages(base: Path, payloads: list[PagePayload]) -> Path:
    project = copy_project(base / "project")
    for payload in payloads:
        (project / "docs" / payload.page).write_text(payload.source()[0], encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "not_in_nav: |\n"
    assert anchor in text, "mkdocs.yml has no not_in_nav block to add the hostile pages to"
    config.write_text(text.replace(anchor, anchor + "  /hostile-page-*.md\n"), encoding="utf-8")
    return project


def test_guide_page_corpus_says_what_happens_to_every_case() -> None:
    assert len(PAGE_CORPUS) >= 25
    for p in PAGE_CORPUS:
        assert (p.refused is None) != (p.shown is None), f"{p.name}: give exactly one of refused and shown"
    assert {p.where for p in PAGES_REFUSED} >= {"body", "title", "description", "author"}


@pytest.fixture(scope="module")
def refused_pages_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-pages")
    project = _project_with_pages(base, PAGES_REFUSED)
    return project, run_build(project, base / "site")


@pytest.mark.parametrize("payload", PAGES_REFUSED, ids=lambda p: p.name)
def test_a_hostile_guide_page_fails_the_build_naming_file_and_line(refused_pages_build, payload) -> None:
    """Issue 15 items 1 and 2: one strict build holds every refused page; each is one line."""
    _, result = refused_pages_build
    assert not result.ok, "a build with hostile guide pages passed"
    assert "Traceback" not in result.output, result.output[-3000:]
    _, line = payload.source()
    lines = [l for l in result.output.splitlines() if f"docs/{payload.page}:{line}: " in l]
    assert any(payload.refused in l for l in lines), f"expected 'docs/{payload.page}:{line}: ...{payload.refused}...' in:\n" + "\n".join(
        l for l in result.output.splitlines() if payload.page in l)


@pytest.mark.parametrize("payload", PAGES_REFUSED, ids=lambda p: p.name)
def test_make_check_finds_the_same_hostile_guide_pages(refused_pages_build, payload) -> None:
    """`make check`'s `pages` step calls check_guide_pages on docs/: the same line, without a build."""
    from cwc_checklists.guide_pages import check_guide_pages

    project, _ = refused_pages_build
    _, line = payload.source()
    found = [str(p) for p in check_guide_pages(project / "docs") if p.path == f"docs/{payload.page}"]
    assert any(m.startswith(f"docs/{payload.page}:{line}: ") and payload.refused in m for m in found), found


@pytest.mark.parametrize("payload", PAGES_BACKSTOP, ids=lambda p: p.name)
def test_raw_html_markdown_passes_on_unseen_is_caught_in_the_built_page(tmp_path: Path, payload) -> None:
    project = _project_with_pages(tmp_path, [payload])
    result = run_build(project, tmp_path / "site")
    assert not result.ok, f"{payload.name}: built"
    _, line = payload.source()
    assert f"docs/{payload.page}:{line}: {payload.refused}" in result.output, result.output[-3000:]
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def shown_pages_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("shown-pages")
    project = _project_with_pages(base, PAGES_SHOWN)
    result = run_build(project, base / "site")
    assert result.ok, f"a guide page that must build was refused:\n{result.output[-4000:]}"
    return base / "site"


@pytest.mark.parametrize("payload", PAGES_SHOWN, ids=lambda p: p.name)
def test_code_entities_and_harmless_html_in_a_guide_page_show_as_written(shown_pages_site: Path, payload) -> None:
    """Issue 15 item 13 too: a tool marker in code is shown as written, not expanded."""
    page = shown_pages_site / payload.page.removesuffix(".md") / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    article = soup.select_one("article")
    assert payload.shown in _norm(article.get_text(" ")) or payload.shown in article.get_text(), article.get_text()[:600]
    faults = _live_markup(soup)
    assert not faults, faults
    assert not article.select(".cwc-glance, .cwc-decide, [data-cwc-tool]"), "a marker in code was expanded into a tool"
    if payload.where != "body":
        meta = soup.find("meta", attrs={"name": payload.where})
        assert meta is not None and meta["content"] == payload.text


def test_site_author_with_markup_fails_the_build_naming_mkdocs_yml(tmp_path: Path) -> None:
    """site_author reaches every page's <meta name="author"> as written."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url:", 'site_author: \'x"><script>window.__pwned=1</script>\'\nsite_url:', 1), encoding="utf-8")
    line = next(n for n, l in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("site_author:"))
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert f"mkdocs.yml:{line}: 'site_author' is " in result.output and "must be plain text" in result.output, result.output[-3000:]
    assert "Traceback" not in result.output


def test_a_connection_note_setting_of_the_wrong_shape_fails_the_build_without_a_traceback(tmp_path: Path) -> None:
    """Issue 15 item 8, in a real build: `connection_note: [300, 200]` raised AttributeError."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old = "  connection_note:\n    limit: 300\n    short_limit: 200\n"
    assert old in text
    config.write_text(text.replace(old, "  connection_note: [300, 200]\n"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert "mkdocs.yml: extra.connection_note: the setting is [300, 200]; it must be a mapping" in result.output, result.output[-3000:]
    assert "Traceback" not in result.output and "AttributeError" not in result.output


# ----------------------------------------------------------------------------
# Decision shapes: tests/payloads/decision-shapes.yml
# ----------------------------------------------------------------------------

SHAPES = _read_payload_file("decision-shapes.yml")
SHAPES_REFUSED = [s for s in SHAPES if "refused" in s]
SHAPES_BUILT = [s for s in SHAPES if s.get("built")]


def decision_yaml(shape: dict) -> str:
    """checklists/decisions/incoming-request.yml for a shape: a chain whose answers all lead to the next question."""
    ids = shape["questions"]
    outcomes = ["done", "done-title"]
    lines = ["id: incoming-request", "title: A hostile decision", f"start: {ids[0]}", "questions:"]
    for n, qid in enumerate(ids):
        lines += [f"  - id: {qid}", f"    text: Question {n + 1}?", f"    help: What question {n + 1} means.", "    answers:"]
        for a in range(shape["answers"]):
            if n + 1 < len(ids):
                target = ids[n + 1]
            else:
                target = ids[0] if shape.get("loop") and a == 0 else outcomes[a % 2]
            lines += [f"      - text: Answer {a + 1} to {n + 1}", f"        next: {target}"]
    lines.append("outcomes:")
    for oid, verdict in zip(outcomes, ("accept", "ignore")):
        lines += [f"  - id: {oid}", f"    verdict: {verdict}", f"    title: Outcome {oid}", "    summary: The end.",
                  "    reasons:", "      - text: Because.", "        sources: [halpert]"]
    return "\n".join(lines) + "\n"


def _project_with_decision(base: Path, shape: dict) -> Path:
    project = copy_project(base / "project")
    (project / "checklists" / "decisions" / "incoming-request.yml").write_text(decision_yaml(shape), encoding="utf-8")
    return project


@pytest.mark.parametrize("shape", SHAPES_REFUSED, ids=lambda s: s["name"])
def test_a_decision_too_big_or_looping_is_refused_with_one_line(tmp_path: Path, shape: dict) -> None:
    """Issue 15 item 3: four answers all leading to the next question took 88 s to build at 8 questions."""
    from cwc_checklists.decisions import load_decision

    project = _project_with_decision(tmp_path, shape)
    with pytest.raises(ChecklistError) as caught:
        load_decision(project, "incoming-request", load_all(project))
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("checklists/decisions/incoming-request.yml:") and shape["refused"] in m for m in messages), messages
    assert all("\n" not in m and len(m) < 300 for m in messages), messages


@pytest.fixture(scope="module", params=SHAPES_BUILT, ids=lambda s: s["name"])
def shaped_site(request, tmp_path_factory) -> tuple[dict, Path]:
    base = tmp_path_factory.mktemp("shape")
    project = _project_with_decision(base, request.param)
    result = run_build(project, base / "site")
    assert result.ok, f"{request.param['name']}: the build failed:\n{result.output[-4000:]}"
    return request.param, base / "site"


def test_a_question_reached_by_many_answers_is_drawn_once(shaped_site) -> None:
    """The diagram draws each question once and points to it from the other answers; every route can be followed."""
    shape, site = shaped_site
    soup = BeautifulSoup((site / "answering-a-request" / "index.html").read_text(encoding="utf-8"), "html5lib")
    tree = soup.select_one(".cwc-tree")
    texts = [p.get_text() for p in tree.select("p.cwc-node--question")]
    assert sorted(texts) == sorted(f"Question {n + 1}?" for n in range(len(shape["questions"]))), texts
    for goto in tree.select("p.cwc-node--goto a[href]"):
        target = tree.find(id=goto["href"].removeprefix("#"))
        assert target is not None and "cwc-node--question" in target["class"], goto
    # Following the answers (and the pointers) from the first question reaches an outcome on every route.
    routes = _diagram_routes(tree, tree.select_one("p.cwc-node--question"))
    assert routes == shape["answers"] ** len(shape["questions"])


@pytest.mark.parametrize("page", ["tools/should-i-accept/index.html", "answering-a-request/index.html", "whole-guide/index.html"])
def test_decision_ids_that_collide_when_suffixed_still_make_unique_element_ids(shaped_site, page: str) -> None:
    """Issue 15 item 10: questions `introduce` and `introduce-1` gave two elements the same id."""
    _, site = shaped_site
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html5lib")
    ids = [el["id"] for el in soup.find_all(id=True)]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert not twice, f"{page}: ids used twice: {twice}"
    for label in soup.select(".cwc-decide label[for]"):
        box = soup.find(id=label["for"])
        assert box is not None and box.name == "input", f"{page}: label {label.get_text()!r} names no input"
    for el in soup.select(".cwc-decide [aria-describedby], .cwc-decide [aria-labelledby]"):
        for ref in (el.get("aria-describedby") or el.get("aria-labelledby")).split():
            assert soup.find(id=ref) is not None, f"{page}: {ref!r} is not on the page"


def _diagram_routes(tree, question) -> int:
    """The number of routes from a question of the diagram to an outcome, following pointers."""
    total = 0
    for branch in question.find_next_sibling("ul", class_="cwc-branches").find_all("li", recursive=False):
        node = branch.find("p", recursive=False)
        if "cwc-node--question" in node["class"]:
            total += _diagram_routes(tree, node)
        elif "cwc-node--goto" in node["class"]:
            total += _diagram_routes(tree, tree.find(id=node.a["href"].removeprefix("#")))
        else:
            total += 1
    return total


@pytest.mark.parametrize("escape", ["\\u2028", "\\u2029", "\\u0085"], ids=["line-separator", "paragraph-separator", "next-line"])
def test_line_breaks_yaml_counts_but_a_reviewer_does_not_see_are_refused(tmp_path: Path, escape: str) -> None:
    """Categories Zl and Zp (and the C1 control NEL): written as YAML escapes, as a literal one would
    shift every line number after it (the corpus fixtures write payloads literally)."""
    project = _bare_project(tmp_path)
    text, _ = hostile_checklist(CORPUS[0], only="title", checklist_id="separator", source_id="halpert")
    assert '    text: "Tick the first box."' in text
    text = text.replace('    text: "Tick the first box."', f'    text: "Tick the{escape}first box."', 1)
    (project / "checklists" / "separator.yml").write_text(text, encoding="utf-8")
    line = _line_of_field(text, "text")
    messages = [str(p) for p in _problems(project)]
    code = escape.removeprefix("\\u").upper()
    assert any(m.startswith(f"checklists/separator.yml:{line}: item 'first': 'text' contains the invisible character U+{code}") for m in messages), messages


def test_a_page_in_docs_checklists_is_checked_unless_the_generator_makes_it(tmp_path: Path) -> None:
    """Pages `make generate` writes (checklists/<id>.md for a checklists/<id>.yml) carry the tools' own
    forms and scripts; any other page there is a contributed page like the rest."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "checklists").mkdir(exist_ok=True)
    (project / "docs" / "checklists" / "not-a-checklist.md").write_text("# Not a checklist\n\n<script>window.__pwned=1</script>\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert "docs/checklists/not-a-checklist.md:3: raw HTML <script>" in result.output, result.output[-3000:]
