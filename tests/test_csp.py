"""The Content-Security-Policy: declared on every page before anything it governs, strict (no inline
script, no other host), enforced (an injected script does not run), and the whole site still works
under it: every page loads with zero violations, search finds results, a checklist ticks, the palette
toggles, instant navigation runs. The policy lives in overrides/partials/csp.html.
Reproduce: `.venv/bin/python -m pytest tests/test_csp.py`.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from conftest import ROOT, PageWatch, nav_link

from page_sweep import RECORD_VIOLATIONS  # what the policy blocked, from before the page's first script


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert len(metas) == 1, f"expected one Content-Security-Policy meta tag, found {len(metas)}"
    directives = {}
    for part in metas[0]["content"].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# ----------------------------------------------------------------------------
# The markup
# ----------------------------------------------------------------------------


def test_every_page_declares_the_policy_before_any_script_or_style(built_site: Path) -> None:
    for path in pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        where = path.relative_to(built_site)
        assert meta is not None, f"{where}: no Content-Security-Policy meta tag"
        assert meta.find_parent("head") is not None, f"{where}: the policy is not in <head>"
        before = meta.find_all_previous(["script", "style", "link"])
        governed = [el for el in before if el.name != "link" or "stylesheet" in el.get("rel", [])]
        assert not governed, f"{where}: {governed[0]} comes before the policy, so the policy does not cover it"
        policy_of(soup)


def test_the_policy_is_strict(built_site: Path) -> None:
    policy = policy_of(BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html5lib"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"], "scripts: this site only (no inline, no eval, no other host)"
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    for directive, sources in policy.items():
        for source in sources:
            assert source in ("'self'", "'none'", "data:"), f"{directive} allows {source}"
        assert directive not in ("frame-ancestors", "report-uri", "sandbox"), f"{directive} is ignored in a meta tag"
    assert set(policy["img-src"]) <= {"'self'", "data:"}


def test_no_page_needs_inline_script_handlers_or_inline_style(built_site: Path) -> None:
    faults = []
    for path in pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        where = path.relative_to(built_site)
        for script in soup.find_all("script"):
            if not script.get("src") and (script.get("type") or "").lower() != "application/json":
                faults.append(f"{where}: inline script {(script.string or '')[:60]!r}")
            elif script.get("src") and re.match(r"^([a-z][a-z0-9+.-]*:)?//", script["src"], re.I):
                faults.append(f"{where}: script from another host {script['src']}")
        for el in soup.find_all(True):
            faults += [f"{where}: {attr}= on <{el.name}>" for attr in el.attrs if attr.lower().startswith("on")]
            if el.has_attr("style") and el.find_parent("svg") is None:
                faults.append(f"{where}: style= on <{el.name}>")
        faults += [f"{where}: <style> element" for _ in soup.find_all("style")]
    assert not faults, "\n".join(faults[:30])


# ----------------------------------------------------------------------------
# The browser
# ----------------------------------------------------------------------------


@pytest.mark.browser
def test_every_page_works_under_the_policy(site_sweep, built_site: Path) -> None:
    """Every page, from the one-visit sweep (tests/page_sweep.py): the policy blocked nothing, and
    nothing went to another host or to the console as an error."""
    paths = [p.relative_to(built_site).as_posix() for p in pages(built_site)]
    blocked: dict[str, list[str]] = {}
    for rel in paths:
        visit = site_sweep[rel[: -len("index.html")] if rel.endswith("index.html") else rel]
        if visit.csp_blocked:
            blocked[rel] = visit.csp_blocked
    assert not blocked, f"the Content-Security-Policy blocked something: {blocked}"
    foreign = [url for v in site_sweep.values() for url in v.foreign_requests]
    errors = [f"{v.path or '/'}: {e}" for v in site_sweep.values() for e in v.console_errors]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not errors, f"console errors: {errors}"


@pytest.mark.browser
def test_search_checklists_palette_and_instant_navigation_work_under_the_policy(context, site_server) -> None:
    page = _page(context, site_server)
    page.goto(site_server.url)
    # Search: Material's worker loads the index and the results render.
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("request")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    page.keyboard.press("Escape")

    # Instant navigation to a checklist (a click, not a page load), then a tick that is saved.
    nav_link(page, 'a[href$="checklists/pre-connect/"]').click()
    form = page.locator('form.cwc-checklist[data-checklist="pre-connect"]')
    expect(form).to_have_class(re.compile(r"\bcwc-live\b"))
    box = form.locator("input[type=checkbox]").first
    box.check()
    item = box.get_attribute("data-item")
    assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", "cwc:v1:pre-connect") == {item: True}

    # The palette toggle (Material stores the choice through __md_set) survives a reload.
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    changed = page.evaluate("document.body.dataset.mdColorScheme")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", changed)

    assert page.evaluate("window.__csp") + page.csp_console == []
    page.watch.assert_clean()


@pytest.mark.browser
def test_the_policy_stops_a_script_that_got_into_a_page(context, site_server) -> None:
    """Defence in depth: were escaping ever to fail, an injected script or handler would not run."""
    page = _page(context, site_server)
    injected = '<img src="data:," onerror="window.__pwned=1"><script>window.__pwned=2</script>'

    def inject(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</article>", injected + "</article>", 1))

    page.route(re.compile(r".*/sending-a-request/$"), inject)
    page.goto(site_server.url + "sending-a-request/")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None, "an injected script ran"
    blocked = page.evaluate("window.__csp")
    assert len(blocked) >= 2 and all("script-src" in b for b in blocked), blocked


def test_the_policy_is_the_first_thing_in_head_before_any_contributed_value(built_site: Path) -> None:
    """Issue 15 item 1: Material writes the page's description and author into <head> as they stand;
    a value that broke out of its tag before the policy would run its script."""
    for path in pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        first = soup.head.find(True)
        where = path.relative_to(built_site)
        assert first is not None and first.name == "meta" and (first.get("http-equiv") or "").lower() == "content-security-policy", (
            f"{where}: the first element of <head> is {str(first)[:120]}, not the Content-Security-Policy")
        assert path.read_bytes().find(b"<meta charset") < 1024, f"{where}: <meta charset> is not within the first 1024 bytes"


@pytest.mark.browser
def test_a_description_that_broke_out_of_its_meta_tag_runs_nothing(context, site_server) -> None:
    """Were a front-matter description with markup ever to reach <head> (hooks/guide_pages.py refuses
    it), the policy before it still stops its script."""
    page = _page(context, site_server)
    breakout = 'x."><script>document.title="injected";window.__pwned=1</script><meta name="x'

    def inject(route) -> None:
        response = route.fetch()
        body, count = re.subn(r'(<meta name="description" content=")[^"]*', lambda m: m.group(1) + breakout, response.text(), count=1)
        assert count == 1, "no description meta tag to inject into"
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/sending-a-request/$"), inject)
    page.goto(site_server.url + "sending-a-request/")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None and page.title() != "injected", "a script in <head> ran"


# ----------------------------------------------------------------------------
# mkdocs serve
# ----------------------------------------------------------------------------


def test_serve_relaxes_script_src_for_live_reload_and_build_does_not() -> None:
    spec = importlib.util.spec_from_file_location("csp_hook", ROOT / "hooks" / "csp.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    partial = (ROOT / "overrides" / "partials" / "csp.html").read_text(encoding="utf-8")
    html = "<head>" + partial.split("-#}", 1)[1] + "</head>"
    hook.on_startup(command="build", dirty=False)
    assert hook.on_post_page(html, page=None, config=None) == html
    hook.on_startup(command="serve", dirty=False)
    served = hook.on_post_page(html, page=None, config=None)
    assert "script-src 'self' 'unsafe-inline';" in served
    assert served.replace(" 'unsafe-inline'", "") == html


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _page(context, site_server) -> Page:
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    watch = PageWatch(site_server.origin)
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_pageerror)
    page.csp_console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_console.append(m.text))
    page.watch = watch
    return page
