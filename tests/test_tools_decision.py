"""'Should I accept this request?': the decision data is checked at build time, every path through the
questionnaire reaches its outcome in the browser, and the diagram shows the same logic."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_build
from tools_pages import watched_page_in

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import ChecklistError, load_all  # noqa: E402
from cwc_checklists.decisions import VERDICTS, load_decision, paths  # noqa: E402

DECISION = "incoming-request"
DATA = ROOT / "checklists" / "decisions" / f"{DECISION}.yml"


@pytest.fixture(scope="module")
def catalog():
    return load_all(ROOT)


@pytest.fixture(scope="module")
def decision(catalog):
    return load_decision(ROOT, DECISION, catalog)


def project_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the checklists folder whose decision file has `old` replaced by `new`."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "checklists", project / "checklists")
    shutil.copytree(ROOT / "docs", project / "docs")
    path = project / "checklists" / "decisions" / f"{DECISION}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


# ----------------------------------------------------------------------------
# The data
# ----------------------------------------------------------------------------


def test_every_path_ends_in_an_outcome_and_every_verdict_is_reachable(decision) -> None:
    routes = paths(decision)
    assert len(routes) >= 4
    reached = {decision.outcomes[outcome].verdict for _, outcome in routes}
    assert reached == set(VERDICTS), "the questionnaire must be able to give each of the four answers"
    assert {outcome for _, outcome in routes} == set(decision.outcomes), "every outcome is reachable"


def test_questions_come_from_the_incoming_request_checklist(decision, catalog) -> None:
    items = {i.id for i in catalog.get(DECISION).items}
    assert all(q.item in items for q in decision.questions.values())


def test_outcomes_cite_known_sources_and_ignoring_is_never_a_scolding(decision, catalog) -> None:
    for outcome in decision.outcomes.values():
        assert all(s in catalog.sources for r in outcome.reasons for s in r.sources)
        if outcome.verdict == "ignore":
            text = " ".join(r.text for r in outcome.reasons).lower()
            assert "don’t reply to tell them off" in text or "quiet" in text, outcome.id


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("        next: ignore-hidden", "        next: ignore-hiden",
         "checklists/decisions/incoming-request.yml:31: question 'profile': answer 2 leads to unknown id 'ignore-hiden' (did you mean 'ignore-hidden'?)"),
        ("        next: ignore-pitch", "        next: know-them",
         "the answers loop back (know-them -> profile -> selling -> know-them); every path must end in an outcome"),
        ("        next: ask-why-competitor", "        next: ignore-pitch",
         "checklists/decisions/incoming-request.yml:106: outcome 'ask-why-competitor' cannot be reached from 'start'; link it from an answer or remove it"),
        ("        sources: [chernecky]\n", "        sources: [chernecki]\n",
         "outcome 'accept': unknown source 'chernecki' (did you mean 'chernecky'?)"),
        ("    item: place-them", "    item: place-him",
         "checklists/decisions/incoming-request.yml:14: question 'know-them': checklist 'incoming-request' has no item 'place-him' (did you mean 'place-them'?)"),
        ("verdict: accept", "verdict: accepted", "'verdict' is 'accepted'"),
        ("    text: Does their profile show who they are?", "    txt: Does their profile show who they are?", "unknown key 'txt' (did you mean 'text'?)"),
    ],
    ids=["unknown-next", "loop", "unreachable", "unknown-source", "unknown-item", "bad-verdict", "unknown-key"],
)
def test_bad_decision_data_is_one_line_naming_file_line_and_fix(tmp_path, catalog, old, new, message) -> None:
    project = project_with(tmp_path, old, new)
    with pytest.raises(ChecklistError) as caught:
        load_decision(project, DECISION, load_all(project))
    lines = [str(p) for p in caught.value.problems]
    assert any(message in line for line in lines), lines
    assert all(line.startswith("checklists/decisions/incoming-request.yml") for line in lines)


def test_bad_decision_data_fails_the_strict_build_with_one_line(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "checklists" / "decisions" / f"{DECISION}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("next: ignore-hidden", "next: nowhere", 1), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert "checklists/decisions/incoming-request.yml:31: question 'profile': answer 2 leads to unknown id 'nowhere'" in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------
# The built pages
# ----------------------------------------------------------------------------


def test_diagram_on_the_guide_page_shows_every_path_as_a_list(built_site, decision) -> None:
    soup = BeautifulSoup((built_site / "answering-a-request" / "index.html").read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("#decide ~ .cwc-decision-block figure.cwc-decision")
    assert figure is not None, "the decision diagram follows the 'Decide' heading"
    assert figure.find("figcaption") is not None
    # A nested list: one leaf per path, each a verdict and its sources.
    leaves = figure.select("p.cwc-node:not(.cwc-node--question)")
    assert len(leaves) == len(paths(decision))
    for leaf in leaves:
        assert leaf.select("a.cite"), f"no sources on {leaf.get_text()!r}"
    questions = {p.get_text() for p in figure.select("p.cwc-node--question")}
    assert questions == {q.text for q in decision.questions.values()}
    # Its stylesheet is loaded by the page itself, not by every page.
    assert figure.parent.find("link", rel="stylesheet")["href"].endswith("assets/stylesheets/tools/diagram.css")


def test_tools_assets_load_only_on_pages_that_use_them(built_site) -> None:
    for page in ("index.html", "why-connect/index.html", "checklists/pre-connect/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        scripts = set(re.findall(r'assets/javascripts/tools/[\w.-]+', html))
        assert "assets/stylesheets/tools/" not in html, page
        # Checklist pages load only the small script behind their "Print with my ticks" button.
        assert scripts == ({"assets/javascripts/tools/print.js"} if page.startswith("checklists/") else set()), page


# ----------------------------------------------------------------------------
# The questionnaire, in the browser
# ----------------------------------------------------------------------------


def _route_ids(decision) -> list[str]:
    return ["+".join(f"{q}={i + 1}" for q, i in route) + f"->{outcome}" for route, outcome in paths(decision)]


@pytest.mark.browser
@pytest.mark.parametrize("route_index", range(10))
def test_every_path_leads_to_its_outcome(watched_page, site_server, decision, route_index) -> None:
    routes = paths(decision)
    assert len(routes) == 10, f"the decision now has {len(routes)} paths; update range() above to match"
    route, outcome_id = routes[route_index]
    page = watched_page
    page.goto(site_server.url + "tools/should-i-accept/")
    tool = page.locator('[data-cwc-tool="decide"]')
    tool.wait_for(state="visible")
    for question_id, answer_index in route:
        fieldset = tool.locator(f'fieldset[data-node="{question_id}"]')
        assert fieldset.is_visible(), f"question {question_id!r} should be showing"
        answer = decision.questions[question_id].answers[answer_index]
        fieldset.get_by_label(answer.text, exact=True).check()
    outcome = decision.outcomes[outcome_id]
    shown = tool.locator("section[data-node]:visible")
    assert shown.count() == 1
    assert shown.get_attribute("data-node") == outcome_id
    heading = shown.locator("h2").inner_text()
    assert VERDICTS[outcome.verdict] in heading and outcome.title in heading
    assert shown.locator("li").count() == len(outcome.reasons)
    assert shown.locator("a.cite").count() == sum(len(r.sources) for r in outcome.reasons)
    assert outcome.title in tool.locator("[data-status]").inner_text()
    # No question beyond the path is showing.
    visible = set(tool.locator("fieldset[data-node]:visible").evaluate_all("els => els.map(e => e.dataset.node)"))
    assert visible == {q for q, _ in route}
    page.watch.assert_clean()


@pytest.mark.browser
def test_changing_an_earlier_answer_clears_the_later_ones(watched_page, site_server, decision) -> None:
    page = watched_page
    page.goto(site_server.url + "tools/should-i-accept/")
    tool = page.locator('[data-cwc-tool="decide"]')
    first = decision.questions[decision.start]
    tool.get_by_label(first.answers[1].text, exact=True).check()  # a stranger
    tool.locator('fieldset[data-node="profile"]').get_by_label("Yes", exact=True).check()
    tool.get_by_label(first.answers[0].text, exact=True).check()  # changed: I know them
    assert not tool.locator('fieldset[data-node="profile"]').is_visible()
    assert tool.locator('fieldset[data-node="profile"] input:checked').count() == 0
    tool.get_by_role("button", name="Start again").click()
    assert tool.locator("input:checked").count() == 0
    assert tool.locator("fieldset[data-node]:visible").count() == 1
    page.watch.assert_clean()


@pytest.mark.browser
def test_without_javascript_the_logic_is_there_as_a_list(browser, site_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watched_page_in(context, site_server.origin)
        page.goto(site_server.url + "tools/should-i-accept/")
        assert not page.locator('[data-cwc-tool="decide"]').is_visible()
        assert page.locator(".cwc-tree p.cwc-node--accept").first.is_visible()
        assert page.get_by_text("The questionnaire needs JavaScript").is_visible()
        page.watch.assert_clean()
    finally:
        context.close()
