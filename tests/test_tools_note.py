"""The connection note helper: the note is built from its parts, counted against the configured limit,
checked against the guide's advice, copied, and never sent anywhere."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from conftest import ROOT

pytestmark = pytest.mark.browser

PAGE = "tools/connection-note/"


def configured_limits() -> tuple[int, int]:
    note = load_config(str(ROOT / "mkdocs.yml"))["extra"]["connection_note"]
    return note["limit"], note["short_limit"]


def open_helper(page, site_server):
    page.goto(site_server.url + PAGE)
    helper = page.locator('[data-cwc-tool="note"]')
    helper.wait_for(state="visible")
    return helper


def shown_checks(helper) -> set[str]:
    return set(helper.locator("[data-check]:visible").evaluate_all("els => els.map(e => e.dataset.check)"))


def test_every_example_note_fits_the_limits_the_site_states_and_is_labelled_the_guides_own(built_site) -> None:
    """The page's example notes are models to copy: each must fit the limit the helper counts
    against (and the short limit some accounts get), and none may pass for a quotation."""
    limit, short = configured_limits()
    html = (built_site / "tools" / "connection-note" / "index.html").read_text(encoding="utf-8")
    examples = BeautifulSoup(html, "html.parser").select("article .admonition.example")
    assert len(examples) >= 5, "the page's example notes are admonitions of type 'example'"
    for example in examples:
        title = example.select_one(".admonition-title").get_text()
        assert "the guide's own" in title, f"example not labelled as the guide's own: {title!r}"
        note = " ".join(" ".join(p.get_text() for p in example.select("p:not(.admonition-title)")).split())
        assert note, f"empty example under {title!r}"
        # Counted as the helper counts: in characters (code points).
        assert len(note) <= short <= limit, f"{len(note)} characters, over the short limit of {short} (limit {limit}): {note!r}"


@pytest.mark.parametrize("page", ["sending-a-request"])
def test_example_notes_on_the_guide_pages_fit_the_short_limit_too(built_site, page: str) -> None:
    """The guide page's model notes are copied as readily as the helper's: each fits the short
    limit, and sits in an example box labelled the guide's own (a bold lead-in names each one)."""
    limit, short = configured_limits()
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    boxes = BeautifulSoup(html, "html.parser").select("article .admonition.example")
    notes = [
        " ".join(p.get_text().split())
        for box in boxes
        for p in box.select("p:not(.admonition-title)")
        if p.strong is None
    ]
    assert notes, f"{page}: no example note found in an 'example' box"
    for box in boxes:
        assert "the guide's own" in box.select_one(".admonition-title").get_text().lower()
    for note in notes:
        assert len(note) <= short <= limit, f"{page}: {len(note)} characters, over the short limit of {short}: {note!r}"


def test_limit_comes_from_mkdocs_yml_and_is_stated_on_the_page(watched_page, site_server) -> None:
    limit, short = configured_limits()
    helper = open_helper(watched_page, site_server)
    assert helper.get_attribute("data-limit") == str(limit)
    assert f"0 of {limit} characters" in helper.locator(".cwc-count").inner_text()
    limit_section = watched_page.locator("#limit + p").inner_text()
    assert f"{limit} characters" in limit_section and f"{short} characters" in limit_section
    watched_page.watch.assert_clean()


def test_note_is_built_from_the_parts_and_counted(watched_page, site_server) -> None:
    limit, _ = configured_limits()
    helper = open_helper(watched_page, site_server)
    helper.get_by_label("Their first name").fill("Amara")
    helper.get_by_label("Who you are").fill("I'm a product designer at a charity in Bristol")
    helper.get_by_label("What you share").fill("We met at the Design for Good meetup")
    helper.get_by_label("Why you want to connect").fill("I'd be glad to share our findings on testing with older users")
    note = helper.get_by_label("Your note", exact=True).input_value()
    assert note == (
        "Hi Amara, I'm a product designer at a charity in Bristol. We met at the Design for Good meetup. "
        "I'd be glad to share our findings on testing with older users."
    )
    assert helper.locator("[data-count]").inner_text() == str(len(note))
    assert shown_checks(helper) == {"ok"}
    # Counted in characters, not UTF-16 units: an emoji is one.
    helper.get_by_label("Your note", exact=True).fill("Hi 👋")
    assert helper.locator("[data-count]").inner_text() == "4"
    assert f"of {limit} characters" in helper.locator(".cwc-count").inner_text()
    watched_page.watch.assert_clean()


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("", {"empty"}),
        ("I'd like to add you to my professional network on LinkedIn.", {"default", "who", "reason", "shared"}),
        (
            "Hi! I'm Sam from Acme. Our platform helps teams like yours cut costs by 30%. Free for a quick demo?",
            {"pitch", "reason", "shared"},
        ),
        ("Hello, we met at the fintech meetup and I enjoyed your talk on payments.", {"who"}),
        ("I'm a nurse in Leeds; I'm interested in your research on night shifts.", {"shared", "ok"}),
    ],
    ids=["empty", "default-text", "sales-pitch", "no-who", "no-shared-context"],
)
def test_guidance_flags_what_the_guide_warns_about(watched_page, site_server, note, expected) -> None:
    helper = open_helper(watched_page, site_server)
    helper.get_by_label("Your note", exact=True).fill(note)
    assert shown_checks(helper) == expected
    # Each piece of advice cites its source, as the guide does.
    for name in expected - {"long", "short"}:
        cites = helper.locator(f'[data-check="{name}"] a.cite')
        assert cites.count() >= 1, f"check {name!r} has no citation"
        assert "/sources/#" in cites.first.get_attribute("href")
    watched_page.watch.assert_clean()


def test_count_warns_past_the_short_and_the_full_limit(watched_page, site_server) -> None:
    limit, short = configured_limits()
    helper = open_helper(watched_page, site_server)
    base = "I'm Kim, a coach; we met at the Leeds meetup, and I'm interested in your work on mentoring. "
    note = helper.get_by_label("Your note", exact=True)
    note.fill((base * 10)[: short + 1])
    assert {"short"} <= shown_checks(helper) and "long" not in shown_checks(helper)
    note.fill((base * 10)[: limit + 1])
    assert "long" in shown_checks(helper) and "ok" not in shown_checks(helper)
    assert "cwc-over" in helper.locator(".cwc-count").get_attribute("class")
    note.fill((base * 10)[:limit])
    assert "long" not in shown_checks(helper)
    watched_page.watch.assert_clean()


def test_own_edits_are_kept_until_rebuilt(watched_page, site_server) -> None:
    helper = open_helper(watched_page, site_server)
    helper.get_by_label("Who you are").fill("I'm Ana")
    note = helper.get_by_label("Your note", exact=True)
    note.fill("My own words.")
    helper.get_by_label("Why you want to connect").fill("to learn about audits")
    assert note.input_value() == "My own words."
    helper.get_by_role("button", name="Rebuild the note from the fields").click()
    assert note.input_value() == "I'm Ana. To learn about audits."
    watched_page.watch.assert_clean()


def test_copy_puts_the_note_on_the_clipboard(context, watched_page, site_server) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.origin)
    helper = open_helper(watched_page, site_server)
    text = "I'm Jo, a teacher in York; we met at the EdTech fair and I'd like to learn from your project."
    helper.get_by_label("Your note", exact=True).fill(text)
    helper.get_by_role("button", name="Copy the note").click()
    status = helper.locator("[data-copy-status]")
    status.filter(has_text="Copied").wait_for()
    assert watched_page.evaluate("navigator.clipboard.readText()") == text
    watched_page.watch.assert_clean()


def test_nothing_typed_leaves_the_page(watched_page, site_server) -> None:
    """No form to submit, no request while typing or copying: the note stays in the browser."""
    helper = open_helper(watched_page, site_server)
    assert watched_page.locator("form").filter(has=watched_page.locator("[data-part]")).count() == 0
    requests: list[str] = []
    watched_page.on("request", lambda r: requests.append(r.url))
    helper.get_by_label("Who you are").fill("I'm a secret name")
    helper.get_by_label("Your note", exact=True).press("Enter")
    helper.get_by_role("button", name="Copy the note").click()
    watched_page.wait_for_timeout(300)
    assert requests == [], f"typing a note made requests: {requests}"
    assert "secret" not in watched_page.url
    watched_page.watch.assert_clean()
