"""One visit to every page of the build, recording what the page-wide tests assert on.

The privacy, accessibility and print budgets (test_budgets_browser.py), the sub-path test
(test_subpath.py) and the Content-Security-Policy test (test_csp.py) each used to load every page
on their own; `sweep` loads each once, in one tab, as a first-time reader (its storage wiped
before each page), with the policy enforced, and records:

- the HTTP status, every failed load (a response of 400 or more, a request that failed), console
  errors and uncaught exceptions, and every request to another host: console records from the load
  until the network settles (no request in flight, the search worker's included, for SETTLE_MS),
  request records until the next page is loaded (axe-core, the only request the sweep itself
  makes, comes from the site's own host and is fulfilled by the test);
- what the Content-Security-Policy blocked (its violation events, from before the first script,
  and its console messages);
- whether Material's stylesheet applied (the header is a sticky or fixed bar);
- whether the page prints with a blank trailing sheet, on A4 and Letter (not the checklists'
  print pages, whose own test counts their pages);
- axe-core's violations in the light and the dark palette.

Load-time records are taken before axe-core is added, so the test tool never counts against a page.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pypdf import PdfReader

from budget_pages import AXE_JS, AXE_TAGS, is_checklist_print_page, node_tool

PALETTES = {"light": "default", "dark": "slate"}  # system colour scheme -> Material's palette
# After the load event, the network counts as settled once no request has been in flight for this
# long. It also covers the delay of the Content-Security-Policy's violation events, which are
# dispatched asynchronously (the sweep used to wait 100 ms for them after network idle).
SETTLE_MS = 100
SETTLE_TIMEOUT_S = 30  # Playwright's default navigation timeout

# Records what the policy blocked, from before the page's first script.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim()));
"""


@dataclass
class PageVisit:
    """What one page did when loaded, and what axe-core and the print preview found on it."""

    path: str  # URL path under the site root: '', 'pruning/', '404.html'
    status: int | None = None
    failed: list[str] = field(default_factory=list)  # "404 <url>", "failed <url> (<reason>)"
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    csp_blocked: list[str] = field(default_factory=list)
    header_position: str | None = None  # computed `position` of .md-header; None on pages without it
    blank_last_page: str | None = None
    axe: dict[str, list[str]] = field(default_factory=dict)  # scheme -> violations, one line each


def html_paths(site: Path) -> list[str]:
    """Every HTML file of a built site outside assets/, as the URL path it is served at."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site)
        if rel.parts[0] == "assets":
            continue
        if html.name == "index.html":
            parent = rel.parent.as_posix()
            paths.append("" if parent == "." else parent + "/")
        else:
            paths.append(rel.as_posix())
    return sorted(paths)


def sweep(browser, site: Path, server) -> dict[str, PageVisit]:
    """Visit every page of `site`, served by `server`, once; the records by URL path."""
    axe = node_tool(AXE_JS)
    pages = html_paths(site)
    assert "" in pages and "404.html" in pages, f"page discovery found no home or 404 page in {site}: {pages}"
    context = browser.new_context(color_scheme="light")
    # axe-core is served as if it were the site's own script, so the pages' Content-Security-Policy
    # (script-src 'self') lets it run and stays in force for everything else. The route is set only
    # while axe-core loads: routing turns the HTTP cache off.
    axe_url = server.url + "__budget-test__/axe.min.js"
    tab = context.new_page()
    tab.add_init_script(RECORD_VIOLATIONS)
    cdp = context.new_cdp_session(tab)
    visit = PageVisit("")  # console records go here
    net = visit  # request records go here
    # On the context, so the search worker's requests count too.
    in_flight = InFlight(context)
    context.on("request", lambda r: _is_foreign(r.url, server.origin) and net.foreign_requests.append(r.url))
    context.on("requestfailed", lambda r: net.failed.append(f"failed {r.url} ({r.failure})"))
    context.on("response", lambda r: r.status >= 400 and net.failed.append(f"{r.status} {r.url}"))
    tab.on("console", lambda m: _on_console(visit, m))
    tab.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    found: dict[str, PageVisit] = {}
    try:
        for path in pages:
            cdp.send("Storage.clearDataForOrigin", {"origin": server.origin, "storageTypes": "all"})
            tab.emulate_media(color_scheme="light")
            visit = net = PageVisit(path)
            response = tab.goto(server.url + path, wait_until="load")
            in_flight.wait_settled(tab, path or '/')
            visit.status = response.status if response is not None else None
            visit.csp_blocked = tab.evaluate("window.__csp") + visit.csp_blocked
            visit.header_position = tab.evaluate(
                "() => { const h = document.querySelector('.md-header'); return h && getComputedStyle(h).position; }"
            )
            done = visit
            # What the console shows from here on is the tests' doing, not the page's. Requests stay
            # recorded on the page's visit: a late one (a timer, a print stylesheet's) is the page's.
            visit = PageVisit(path)
            tab.route(axe_url, lambda route: route.fulfill(path=str(axe), content_type="text/javascript"))
            tab.add_script_tag(url=axe_url)
            tab.unroute(axe_url)
            if not is_checklist_print_page(path):
                done.blank_last_page = _blank_last_page(tab)
            layout = {}
            for scheme, palette in PALETTES.items():
                _show_palette(tab, scheme, palette)
                layout[scheme] = tab.evaluate(_LAYOUT)
                # The dark palette changes colours only (every [data-md-color-scheme="slate"] rule
                # of Material and of docs/assets/stylesheets sets colours): the DOM is the same
                # document and, checked here, every element is shown, hidden and placed exactly as
                # in the light palette. Only the rules that read colours (axe's cat.color:
                # color-contrast, link-in-text-block) can then find anything new; the others' results
                # would repeat the light run's. Should the layout differ, every rule runs again.
                colour_only = scheme != "light" and layout[scheme] == layout["light"]
                result = tab.evaluate(_RUN_AXE, [AXE_TAGS, colour_only])
                done.axe[scheme] = [_describe(v) for v in result["violations"]]
            found[path] = done
    finally:
        context.close()
    return found


class InFlight:
    """The requests of a context or page still in flight, to wait, after the load event, until none
    has been for SETTLE_MS: network idle as Playwright's is, without its 500 ms of silence per page."""

    def __init__(self, emitter) -> None:
        self.requests: set = set()
        self.last = time.monotonic()
        emitter.on("request", self._started)
        emitter.on("requestfinished", self._ended)
        emitter.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self.requests.add(request)
        self.last = time.monotonic()

    def _ended(self, request) -> None:
        self.requests.discard(request)
        self.last = time.monotonic()

    def wait_settled(self, tab, what: str) -> None:
        """Call after the load event; the quiet time counts from the call at the earliest."""
        loaded = time.monotonic()
        self.last = max(self.last, loaded)
        while self.requests or time.monotonic() - self.last < SETTLE_MS / 1000:
            if time.monotonic() - loaded > SETTLE_TIMEOUT_S:
                raise AssertionError(f"{what}: requests still in flight {SETTLE_TIMEOUT_S} s after load: {[r.url for r in self.requests]}")
            tab.wait_for_timeout(20)  # Playwright delivers the request events during the wait


def _on_console(visit: PageVisit, message) -> None:
    if message.type == "error":
        visit.console_errors.append(message.text)
    if "Content Security Policy" in message.text:
        visit.csp_blocked.append(message.text)


def _is_foreign(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return f"{parts.scheme}://{parts.netloc}" != origin


def _show_palette(tab, scheme: str, palette: str) -> None:
    """Show the page as a reader with a light or dark system theme sees it."""
    tab.emulate_media(color_scheme=scheme)
    # Material applies the palette matching the system theme through these attributes; pages
    # without Material's layout (checklist print pages) have none and follow the media query.
    tab.evaluate(
        """([palette]) => {
            if (document.body.dataset.mdColorScheme) document.body.dataset.mdColorScheme = palette;
            void document.body.offsetHeight;  // restyle now, then end colour transitions at once
            document.getAnimations().forEach((animation) => animation.finish());
        }""",
        [palette],
    )


def _blank_last_page(tab) -> str | None:
    """'page N of N is blank (A4)' when the printout's last page has no text, else None."""
    for paper in ("A4", "Letter"):
        pdf = PdfReader(io.BytesIO(tab.pdf(format=paper)))
        if not pdf.pages[-1].extract_text().strip():
            return f"page {len(pdf.pages)} of {len(pdf.pages)} is blank ({paper})"
    return None


def _describe(violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} - at {targets} - {violation['helpUrl']}"


# Every rule of the tags, or (colourOnly) only those of them that read colours (cat.color).
_RUN_AXE = """([tags, colourOnly]) => {
    const rules = colourOnly ? Object.fromEntries(axe.getRules().filter((r) => !r.tags.includes('cat.color'))
        .map((r) => [r.ruleId, {enabled: false}])) : {};
    return axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']});
}"""

# Whether and where each element is shown: equal in two palettes, they lay the page out the same.
_LAYOUT = """() => Array.from(document.querySelectorAll('*'), (el) => {
    const r = el.getBoundingClientRect();
    return `${el.checkVisibility({visibilityProperty: true, opacityProperty: true})} ${r.x} ${r.y} ${r.width} ${r.height}`;
}).join('|')"""
