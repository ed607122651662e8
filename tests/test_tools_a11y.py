"""Accessibility of the tools in the states a reader reaches (an answer shown, advice shown, a checklist
built), light and dark: axe-core finds nothing. The budget tests check each page as first loaded."""

from __future__ import annotations

import pytest

from budget_pages import AXE_JS, AXE_TAGS, node_tool
from conftest import WarmContext
from tools_pages import watched_page_in

pytestmark = pytest.mark.browser

_RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""


def _question(page):
    page.locator('[data-cwc-tool="decide"] fieldset[data-node="know-them"] input').nth(1).check()
    page.locator('[data-cwc-tool="decide"] fieldset[data-node="profile"] input').nth(1).check()


def _note(page):
    page.get_by_label("Your note", exact=True).fill("I'd like to add you to my professional network. Our platform offers a free trial. " * 5)


def _builder(page):
    page.get_by_label("I sell").check()


def _ticks(page):
    page.get_by_role("button", name="Download my ticks").click()


STATES = [
    ("tools/should-i-accept/", _question),
    ("tools/connection-note/", _note),
    ("tools/checklist-builder/", _builder),
    ("tools/take-it-with-you/", _ticks),
    ("whole-guide/", None),
]


@pytest.fixture(scope="module")
def csp_free_context(browser):
    """This module's context that lets a test inject axe-core (an inline script), wiped between tests."""
    holder = WarmContext(browser, bypass_csp=True)
    yield holder
    holder.close()


@pytest.fixture
def axe_page(csp_free_context, site_server):
    """A watched page whose Content-Security-Policy lets the test inject axe-core (an inline script)."""
    yield watched_page_in(csp_free_context.get(), site_server.origin)
    csp_free_context.reset()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "action"), STATES, ids=[p.split("/")[-2] for p, _ in STATES])
def test_tool_in_use_has_no_axe_violations(axe_page, site_server, path, action, scheme) -> None:
    axe = node_tool(AXE_JS)
    page = axe_page
    page.emulate_media(color_scheme=scheme)
    page.goto(site_server.url + path)
    if action is not None:
        action(page)
    page.add_script_tag(path=str(axe))
    result = page.evaluate(_RUN_AXE, AXE_TAGS)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} - at {', '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
    ]
    assert not problems, f"{path} [{scheme}]:\n" + "\n".join(problems)
    page.watch.assert_clean()


@pytest.mark.parametrize(
    "path",
    ["answering-a-request/", "tools/should-i-accept/", "tools/connection-note/", "tools/checklist-builder/", "tools/take-it-with-you/", "whole-guide/"],
)
def test_reflows_at_320_css_pixels_without_sideways_scrolling(watched_page, site_server, path) -> None:
    """WCAG 1.4.10: the decision tree and the forms fit a 320 px wide screen."""
    page = watched_page
    page.set_viewport_size({"width": 320, "height": 800})  # before the page loads, as on a phone
    page.goto(site_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.watch.assert_clean()


@pytest.mark.parametrize(
    "path", ["tools/should-i-accept/", "tools/connection-note/", "tools/checklist-builder/", "tools/take-it-with-you/"]
)
def test_tool_controls_are_big_enough_to_hit(watched_page, site_server, path) -> None:
    """WCAG 2.5.8: pointer targets of at least 24 by 24 CSS pixels, on a phone."""
    page = watched_page
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(site_server.url + path)
    page.locator("[data-cwc-tool]").first.wait_for(state="visible")
    sizes = page.locator("[data-cwc-tool] :is(button, input[type=radio], input[type=checkbox], input[type=file]):visible").evaluate_all(
        "l => l.map(e => { const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 70), r.width, r.height]; })"
    )
    assert sizes, "no controls found"
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, f"controls under 24x24px: {small}"
    page.watch.assert_clean()
