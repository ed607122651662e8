"""The checklist builder: the reader's choice picks tagged items from every checklist, lives in the page
address, shares ticks with the checklists' own pages, and prints on one page."""

from __future__ import annotations

import io
import json
import sys

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import ROOT
from tools_pages import watched_page_in

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import load_all  # noqa: E402
from cwc_checklists.tools import SITUATIONS  # noqa: E402

pytestmark = pytest.mark.browser

PAGE = "tools/checklist-builder/"


@pytest.fixture(scope="module")
def catalog():
    return load_all(ROOT)


def expected_items(checklist, situations: set[str]) -> list[str]:
    """The builder's rule, written out: items for everyone or a chosen situation, topped up to 5 in order."""
    if not situations:
        return [i.id for i in checklist.items]
    fits = {i.id for i in checklist.items if not i.tags or "everyone" in i.tags or situations & set(i.tags)}
    for item in checklist.items:
        if len(fits) >= 5:
            break
        fits.add(item.id)
    return [i.id for i in checklist.items if i.id in fits]


def shown(page) -> dict[str, list[str]]:
    """Checklist id -> the item ids the page shows for it."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-group]')]
            .filter(s => !s.hidden)
            .map(s => [s.dataset.group, [...s.querySelectorAll('input[data-item]')].map(i => i.dataset.item)]))"""
    )


def test_every_item_tag_is_a_situation_the_builder_offers(catalog) -> None:
    offered = {tag for tag, _ in SITUATIONS}
    used = {t for c in catalog.checklists for i in c.items for t in i.tags} - {"everyone"}
    schema = json.loads((ROOT / "checklists" / "checklist.schema.json").read_text(encoding="utf-8"))
    vocabulary = set(schema["$defs"]["item"]["properties"]["tags"]["items"]["enum"]) - {"everyone"}
    assert used <= offered
    assert offered == vocabulary, "the builder offers exactly the schema's situations"


def test_choice_builds_the_checklist_and_round_trips_through_the_address(watched_page, site_server, catalog) -> None:
    page = watched_page
    page.goto(site_server.url + PAGE)
    page.get_by_label("I’m looking for a job").check()
    page.get_by_role("checkbox", name=catalog.get("pre-connect").title, exact=True).check()
    page.get_by_role("checkbox", name=catalog.get("after-connecting").title, exact=True).check()
    assert page.url.endswith("#for=job-seeker&at=pre-connect,after-connecting")
    expected = {
        cid: expected_items(catalog.get(cid), {"job-seeker"}) for cid in ("pre-connect", "after-connecting")
    }
    assert shown(page) == expected
    for ids in expected.values():
        assert 5 <= len(ids) <= 9
    # Left-out items are really gone, so the count says "of N" for the items shown.
    total = page.locator('[data-group="pre-connect"] [data-total]').inner_text()
    assert total == str(len(expected["pre-connect"]))

    # The same address, opened afresh, shows the same checklist with the same boxes chosen.
    address = page.url
    other = page.context.new_page()
    other.goto(address)
    other.locator(".cwc-builder-choose").wait_for(state="visible")
    assert shown(other) == expected
    assert other.get_by_label("I’m looking for a job").is_checked()
    assert not other.get_by_label("I sell").is_checked()
    other.close()
    page.watch.assert_clean()


@pytest.mark.parametrize("situation", [tag for tag, _ in SITUATIONS])
def test_a_situation_adds_its_items_and_keeps_every_item_for_everyone(watched_page, site_server, catalog, situation) -> None:
    """Picking a situation never takes away an item that applies to everyone (tagged `everyone`)."""
    page = watched_page
    page.goto(site_server.url + PAGE + f"#for={situation}")
    page.locator(".cwc-builder-choose").wait_for(state="visible")
    lists = shown(page)
    assert set(lists) == {c.id for c in catalog.checklists}
    for checklist in catalog.checklists:
        everyone = [i.id for i in checklist.items if "everyone" in i.tags]
        theirs = [i.id for i in checklist.items if situation in i.tags]
        missing = [i for i in everyone + theirs if i not in lists[checklist.id]]
        assert not missing, f"#for={situation} leaves out {missing} of {checklist.id!r}"
    page.watch.assert_clean()


def test_an_address_with_unknown_values_is_read_safely(watched_page, site_server, catalog) -> None:
    page = watched_page
    page.goto(site_server.url + PAGE + "#for=salesperson,hacker,%3Cscript%3E&at=pruning,nope&x=1")
    page.locator(".cwc-builder-choose").wait_for(state="visible")
    assert shown(page) == {"pruning": expected_items(catalog.get("pruning"), {"salesperson"})}
    # A changed address while the page is open is followed too.
    # Names that exist on every JavaScript object are just unknown values.
    page.evaluate("location.hash = '#constructor=1&__proto__=x&toString=&at=hasOwnProperty'")
    page.wait_for_function("[...document.querySelectorAll('[data-group]')].every(s => !s.hidden)")
    page.evaluate("location.hash = '#at=introductions'")
    page.wait_for_function("!document.querySelector('[data-group=\"introductions\"]').hidden")
    assert list(shown(page)) == ["introductions"]
    page.watch.assert_clean()


def test_ticks_are_shared_with_the_checklist_pages(watched_page, site_server, catalog) -> None:
    page = watched_page
    page.goto(site_server.url + PAGE + "#for=recruiter&at=introductions")
    first = catalog.get("introductions").items[2]
    page.locator(f'#cwc-introductions--{first.id}').check()
    assert page.evaluate("localStorage.getItem('cwc:v1:introductions')") == json.dumps({first.id: True}, separators=(",", ":"))
    page.goto(site_server.url + "checklists/introductions/")
    page.locator("form.cwc-checklist.cwc-live").wait_for()
    assert page.locator(f'#cwc-introductions--{first.id}').is_checked()
    page.watch.assert_clean()


def test_ticks_keep_other_items_count_and_follow_another_tab(context, site_server, catalog) -> None:
    """The builder keeps ticks as checklists.js does: merged into what is stored, counted, shared live."""
    checklist = catalog.get("introductions")
    first, second = checklist.items[0].id, checklist.items[1].id
    page = watched_page_in(context, site_server.origin)
    page.goto(site_server.url + PAGE + "#at=introductions")
    page.evaluate("k => localStorage.setItem(k, JSON.stringify({'removed-item': true}))", "cwc:v1:introductions")
    other = watched_page_in(context, site_server.origin)
    other.goto(site_server.url + PAGE + "#at=introductions")
    form = other.locator('form[data-checklist="introductions"]')
    form.locator(f"#cwc-introductions--{first}").check()
    expect(form.locator(".cwc-progress")).to_have_text(f"1 of {len(checklist.items)} done")
    # The first tab shows the other tab's tick; its own tick keeps both and the unknown item.
    expect(page.locator(f"#cwc-introductions--{first}")).to_be_checked()
    page.locator(f"#cwc-introductions--{second}").check()
    stored = json.loads(page.evaluate("localStorage.getItem('cwc:v1:introductions')"))
    assert stored == {"removed-item": True, first: True, second: True}
    expect(page.locator('form[data-checklist="introductions"] .cwc-progress')).to_have_text(f"2 of {len(checklist.items)} done")
    page.watch.assert_clean()
    other.watch.assert_clean()


def test_blocked_storage_says_ticks_are_not_kept_and_still_ticks(watched_page, site_server, catalog) -> None:
    page = watched_page
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page.goto(site_server.url + PAGE + "#at=pruning")
    form = page.locator('form[data-checklist="pruning"]')
    expect(form.locator(".cwc-storage-note")).to_be_visible()
    form.locator(f"#cwc-pruning--{catalog.get('pruning').items[0].id}").check()
    expect(form.locator(".cwc-progress")).to_have_text(f"1 of {len(catalog.get('pruning').items)} done")
    assert not page.watch.foreign_requests


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_largest_personal_checklist_prints_on_one_page(watched_page, site_server, catalog, paper) -> None:
    """Every situation and every moment: the most a reader can choose still fits one sheet."""
    page = watched_page
    every = ",".join(tag for tag, _ in SITUATIONS)
    page.goto(site_server.url + PAGE + f"#for={every}")
    page.locator(".cwc-builder-choose").wait_for(state="visible")
    page.locator(f'#cwc-pre-connect--{catalog.get("pre-connect").items[0].id}').check()
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    assert len(pdf.pages) == 1, f"the builder printed on {len(pdf.pages)} {paper} pages"
    text = pdf.pages[0].extract_text()
    for checklist in catalog.checklists:
        assert checklist.items[-1].text[:30] in " ".join(text.split()), f"{checklist.id} is cut off in print"
    assert "Your situation" not in text, "the choices are not printed"
    page.watch.assert_clean()


def test_print_button_prints(watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url + PAGE)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print with my ticks").click()
    assert page.evaluate("window.__printed") == 1
    page.watch.assert_clean()


def test_without_javascript_every_checklist_is_shown_in_full(browser, site_server, catalog) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + PAGE + "#for=job-seeker&at=pruning")
        assert not page.locator(".cwc-builder-choose").is_visible()
        for checklist in catalog.checklists:
            for item in checklist.items:
                assert page.locator(f"#cwc-{checklist.id}--{item.id}").is_visible()
        page.watch.assert_clean()
    finally:
        context.close()


def test_copy_link_copies_the_address_of_this_checklist(context, watched_page, site_server) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.origin)
    page = watched_page
    page.goto(site_server.url + PAGE)
    page.get_by_label("I recruit people").check()
    page.get_by_role("button", name="Copy the link to this checklist").click()
    page.locator("[data-copy-status]").filter(has_text="Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_server.url + PAGE + "#for=recruiter"
    page.watch.assert_clean()
