"""The tools' rough edges a new reader met (issue 16, items 7-12): the note helper, the questionnaire,
citations, the checklists' words, the whole guide on paper, the print pages' Print button, the
sidebar on tool pages, the builder's printout and the checklist box's icon."""

from __future__ import annotations

import io
import sys

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from tools_pages import watched_page_in

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import load_all  # noqa: E402
from cwc_checklists.decisions import VERDICTS, load_decision  # noqa: E402

pytestmark = pytest.mark.browser

NOTE = "tools/connection-note/"
DECIDE = "tools/should-i-accept/"
BUILDER = "tools/checklist-builder/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def catalog():
    return load_all(ROOT)


def open_note(page, site_server):
    page.goto(site_server.url + NOTE)
    helper = page.locator('[data-cwc-tool="note"]')
    helper.wait_for(state="visible")
    return helper


def box(locator) -> dict:
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, width: r.width}; }")


# ----------------------------------------------------------------------------
# 16.7 The connection note helper
# ----------------------------------------------------------------------------


def test_a_hand_edit_says_beside_the_note_that_the_fields_no_longer_change_it(watched_page, site_server) -> None:
    helper = open_note(watched_page, site_server)
    notice = helper.locator("[data-edited]")
    helper.get_by_label("Who you are").fill("I'm Ana, an auditor in Porto")
    assert not notice.is_visible(), "no notice while the fields build the note"
    note = helper.get_by_label("Your note", exact=True)
    note.fill("My own words.")
    assert notice.is_visible()
    assert "no longer change it" in notice.inner_text()
    # Beside the note: right under its counter, above the advice.
    assert 0 <= box(notice)["top"] - box(helper.locator(".cwc-count"))["bottom"] < 40
    assert box(notice)["bottom"] < box(helper.locator(".cwc-checks"))["top"]
    notice.get_by_role("button", name="Rebuild the note from the fields").click()
    assert note.input_value() == "I'm Ana, an auditor in Porto."
    assert not notice.is_visible()
    watched_page.watch.assert_clean()


def test_the_advice_shows_above_the_copy_button(watched_page, site_server) -> None:
    helper = open_note(watched_page, site_server)
    helper.get_by_label("Your note", exact=True).fill("I'd like to add you to my professional network on LinkedIn.")
    warning = helper.locator('[data-check="default"]')
    assert warning.is_visible()
    assert box(warning)["bottom"] < box(helper.get_by_role("button", name="Copy the note"))["top"]
    watched_page.watch.assert_clean()


def test_their_first_name_is_capitalised(watched_page, site_server) -> None:
    helper = open_note(watched_page, site_server)
    helper.get_by_label("Their first name").fill("priya")
    helper.get_by_label("Who you are").fill("I'm Sam, a nurse in Leeds")
    assert helper.get_by_label("Your note", exact=True).input_value().startswith("Hi Priya, I'm Sam")
    watched_page.watch.assert_clean()


def test_the_draft_survives_a_reload_in_this_tab_only(context, site_server) -> None:
    page = watched_page_in(context, site_server.origin)
    helper = open_note(page, site_server)
    helper.get_by_label("Their first name").fill("Amara")
    helper.get_by_label("Why you want to connect").fill("to learn about testing with older users")
    helper.get_by_label("Your note", exact=True).fill("Hi Amara, my own words.")
    page.reload()
    helper = page.locator('[data-cwc-tool="note"]')
    helper.wait_for(state="visible")
    assert helper.get_by_label("Their first name").input_value() == "Amara"
    assert helper.get_by_label("Why you want to connect").input_value() == "to learn about testing with older users"
    assert helper.get_by_label("Your note", exact=True).input_value() == "Hi Amara, my own words."
    assert helper.locator("[data-edited]").is_visible(), "a hand-edited draft still says so after a reload"
    # Kept for the tab (sessionStorage), never in the browser's long-term storage.
    assert "Amara" not in page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "Amara" in page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")
    # A fresh note empties the fields and the kept draft.
    helper.get_by_role("button", name="Start a new note").click()
    page.reload()
    page.locator('[data-cwc-tool="note"]').wait_for(state="visible")
    assert page.get_by_label("Their first name").input_value() == ""
    assert page.get_by_label("Your note", exact=True).input_value() == ""
    page.watch.assert_clean()
    # Another tab starts with an empty note.
    other = watched_page_in(context, site_server.origin)
    open_note(other, site_server)
    assert other.get_by_label("Their first name").input_value() == ""
    other.watch.assert_clean()


@pytest.mark.parametrize("stored", ["{not json", '"a string"', "null", '{"name": 5, "note": ["x"], "edited": "yes"}', '{"__proto__": {"edited": true}}'])
def test_a_corrupted_draft_is_ignored(watched_page, site_server, stored) -> None:
    watched_page.add_init_script(f"sessionStorage.setItem('cwc:note-draft', {stored!r});")
    helper = open_note(watched_page, site_server)
    assert helper.get_by_label("Their first name").input_value() == ""
    assert not helper.locator("[data-edited]").is_visible()
    helper.get_by_label("Their first name").fill("Jo")
    assert helper.get_by_label("Your note", exact=True).input_value() == "Hi Jo,"
    watched_page.watch.assert_clean()


def test_blocked_storage_still_builds_the_note(watched_page, site_server) -> None:
    watched_page.add_init_script(
        "Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    helper = open_note(watched_page, site_server)
    helper.get_by_label("Their first name").fill("Jo")
    assert helper.get_by_label("Your note", exact=True).input_value() == "Hi Jo,"
    watched_page.watch.assert_clean()


def test_the_page_says_nothing_meant_for_maintainers(watched_page, site_server) -> None:
    open_note(watched_page, site_server)
    text = watched_page.locator("article").inner_text()
    assert "mkdocs.yml" not in text and "maintainer" not in text.lower()
    watched_page.watch.assert_clean()


# ----------------------------------------------------------------------------
# 16.8 Should I accept this request?
# ----------------------------------------------------------------------------


def test_an_outcome_heading_names_its_verdict_once(watched_page, site_server, catalog) -> None:
    decision = load_decision(ROOT, "incoming-request", catalog)
    page = watched_page
    page.goto(site_server.url + DECIDE)
    headings = page.locator('[data-cwc-tool="decide"] section[data-node] h2')
    for heading in headings.all():
        text = heading.text_content().strip()
        assert not any(text.startswith(f"{label}:") for label in VERDICTS.values()), f"{text!r} repeats its verdict"
        assert text in {o.title for o in decision.outcomes.values()}
    page.watch.assert_clean()


def test_start_again_shows_only_once_there_is_an_answer(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + DECIDE)
    tool = page.locator('[data-cwc-tool="decide"]')
    tool.wait_for(state="visible")
    restart = tool.get_by_role("button", name="Start again")
    assert not restart.is_visible()
    tool.locator('fieldset[data-node="know-them"] input').first.check()
    assert restart.is_visible()
    restart.click()
    assert not restart.is_visible()
    assert page.evaluate("document.activeElement.matches('fieldset[data-node=\"know-them\"] input')")
    page.watch.assert_clean()


def test_on_a_phone_the_answer_tree_keeps_most_of_the_width(browser, site_server) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + DECIDE)
        content = box(page.locator(".md-content__inner"))["width"]
        widths = page.locator(".cwc-tree .cwc-node").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
        assert min(widths) >= 0.8 * content, f"the deepest answers are {min(widths):.0f}px wide on a {content:.0f}px column"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the tree overflows the phone's width"
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# 16.9 Source labels
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["sending-a-request/", "checklists/pre-connect/", DECIDE])
def test_source_labels_are_readable_quiet_and_never_broken(browser, site_server, path, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + path)
        for details in page.locator("details.cwc-why").all():
            details.evaluate("d => d.open = true")
        body = float(page.locator("article p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        cites = page.locator("article a.cite")
        assert cites.count() > 0
        for style in cites.evaluate_all(
            "els => els.map(e => { const s = getComputedStyle(e); return {text: e.textContent, size: parseFloat(s.fontSize),"
            " lines: e.getClientRects().length, border: s.borderTopStyle, nowrap: s.whiteSpace}; })"
            " .filter(c => c.lines > 0)"  # the ones shown (the questionnaire's outcomes wait hidden)
        ):
            assert style["size"] >= body - 2, f"{style['text']!r} is {style['size']}px beside {body}px text"
            assert style["lines"] == 1, f"{style['text']!r} wraps inside"
            assert style["nowrap"] == "nowrap" and style["border"] == "none", style
        page.watch.assert_clean()
    finally:
        context.close()


# ----------------------------------------------------------------------------
# 16.10 The checklists' words
# ----------------------------------------------------------------------------

JARGON = ("Do, then confirm", "Read, then do", "pause point", "from memory")


@pytest.mark.parametrize("path", ["checklists/index.html", "checklists/pre-connect/index.html", "checklists/incoming-request/index.html",
                                  "checklists/pre-connect/print/index.html", "checklists/incoming-request/print/index.html"])
def test_checklists_speak_plain_words(built_site, path) -> None:
    soup = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.select_one("main, body").get_text(" ").split())
    for term in JARGON:
        assert term.lower() not in text.lower(), f"{path}: {term!r}"


def test_the_index_says_what_the_data_links_are_for(built_site, catalog) -> None:
    soup = BeautifulSoup((built_site / "checklists" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select('.cwc-index a[type="application/json"]')
    assert len(links) == len(catalog.checklists)
    for link in links:
        assert link.get_text(" ").strip().startswith("Data (JSON) for reuse"), link.get_text()


# ----------------------------------------------------------------------------
# 16.11 The whole guide on paper
# ----------------------------------------------------------------------------


def _page_fill(pdf_page) -> float:
    """How far down the page its text reaches, as a share of the page's height."""
    lows: list[float] = []
    pdf_page.extract_text(visitor_text=lambda text, cm, tm, *_: lows.append(tm[5] * cm[3] + cm[5]) if text.strip() else None)
    return 1 - min(lows) / float(pdf_page.mediabox.height) if lows else 0.0


def test_the_whole_guide_prints_without_web_only_blocks_or_half_empty_pages(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + "whole-guide/")
    page.locator("form.cwc-checklist.cwc-live").first.wait_for()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for web_only in ("0 of 8 done", "0 of 7 done", "Ready to reach out? Read", "Tick them on screen", "Print with my ticks", "Reset"):
        assert web_only not in text, f"{web_only!r} is printed"
    fills = [_page_fill(p) for p in pdf.pages]
    half_empty = [i + 1 for i, fill in enumerate(fills[:-1]) if fill < 0.5]
    assert not half_empty, f"pages less than half full: {half_empty} of {len(fills)} ({[round(f, 2) for f in fills]})"
    page.watch.assert_clean()


def test_the_whole_guide_contents_lists_no_next_links(built_site) -> None:
    soup = BeautifulSoup((built_site / "whole-guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in soup.select(".cwc-whole-toc a") if a.get_text().strip() == "Next"] == []


# ----------------------------------------------------------------------------
# 16.12 Print button, sidebar, builder printout, checklist box
# ----------------------------------------------------------------------------


def test_a_print_page_has_a_print_button(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + "checklists/pre-connect/print/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button = page.get_by_role("button", name="Print this page")
    button.click()
    assert page.evaluate("window.__printed") == 1
    # Not on paper.
    page.emulate_media(media="print")
    assert not button.is_visible()
    page.watch.assert_clean()


def test_without_javascript_a_print_page_says_how_to_print(browser, site_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + "checklists/pre-connect/print/")
        assert not page.get_by_role("button", name="Print this page").is_visible()
        assert "browser's menu" in page.locator(".cwc-screen-only").inner_text()
        page.watch.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("path", [NOTE, BUILDER, "tools/take-it-with-you/", "whole-guide/", "checklists/pruning/", "contributing/"])
def test_on_a_tool_page_the_sidebar_opens_at_its_first_entries(browser, site_server, path) -> None:
    """Pages low in the navigation, in a 1280 x 720 window (a laptop's browser window): the sidebar
    shows its first entry and the current page's link at once (its sections fold; navigation.sections
    would list all 27 entries, taller than the window, and Material scrolled the first ones away)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + path)
        page.wait_for_timeout(600)  # Material scrolls the sidebar a frame or two after the page shows
        wrap = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap")
        first = page.locator(".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item:first-child > .md-nav__link")
        active = page.locator(".md-sidebar--primary .md-nav__link--active[href]")
        for link, what in ((first, "the first entry"), (active, "the current page's link")):
            inner, outer = box(link), box(wrap)
            assert outer["top"] <= inner["top"] and inner["bottom"] <= outer["top"] + wrap.evaluate("e => e.clientHeight"), f"{what} is scrolled out of view"
        page.watch.assert_clean()
    finally:
        context.close()


def test_a_folded_section_of_the_sidebar_opens_from_the_keyboard(browser, site_server) -> None:
    """The Checklists and Tools sections fold (the sidebar fits a laptop window); Tab reaches a section's
    title, Enter opens it, and the next Tab is its first entry."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + "why-connect/")
        link = page.locator('.md-nav--primary a[href$="tools/connection-note/"]')
        assert not link.is_visible(), "the Tools section is open on a page outside it"
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('.md-nav--primary label.md-nav__link') && document.activeElement.textContent.trim() === 'Tools'"):
                break
        else:
            raise AssertionError("Tab never reached the Tools section's title in the sidebar")
        page.keyboard.press("Enter")
        link.wait_for(state="visible")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "All tools"
        page.watch.assert_clean()
    finally:
        context.close()


def test_the_builders_printout_is_titled_for_what_it_is_and_links_back(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + BUILDER + "#for=job-seeker&at=pre-connect")
    page.locator(".cwc-builder-choose").wait_for(state="visible")
    page.emulate_media(media="print")
    assert not page.get_by_role("heading", name="Build your own checklist").is_visible()
    head = page.locator(".cwc-builder-printhead")
    assert head.is_visible() and "checklist" in head.inner_text().lower()
    assert head.locator("a").get_attribute("href") == page.url
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages).split())
    assert "Build your own checklist" not in text
    assert "tools/checklist-builder/#for=job-seeker&at=pre-connect" in text.replace(" ", "")
    page.watch.assert_clean()


def test_the_checklist_box_has_a_checklist_icon_not_a_flame(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + "sending-a-request/")
    icon = "el => getComputedStyle(el, '::before').maskImage || getComputedStyle(el, '::before').webkitMaskImage"
    # Material's icons for a plain tip (the flame) and an abstract (a clipboard), drawn for comparison.
    page.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
      '<details class="tip" id="t-tip"><summary>t</summary></details><details class="abstract" id="t-abstract"><summary>a</summary></details>')""")
    flame, clipboard = (page.locator(f"#t-{kind} > summary").evaluate(icon) for kind in ("tip", "abstract"))
    assert flame != clipboard
    for title in (page.locator(".admonition.tip:has(+ .cwc-glance-block) > .admonition-title"), page.locator(".cwc-glance > summary")):
        assert title.count() == 1
        assert title.evaluate(icon) == clipboard
    page.watch.assert_clean()
