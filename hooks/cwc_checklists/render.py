"""Turn a Catalog into the checklist pages: interactive, print, JSON export, and the index.

`render_pages` is the one entry point, shared by the MkDocs hook (virtual files) and the CLI
(files on disk), so both produce the same pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup, escape

from . import markup
from .links import Links
from .model import Catalog, Checklist


def render_pages(catalog: Catalog, site_url: str | None = None, *, use_directory_urls: bool = True) -> dict[str, str]:
    """Every generated page: path relative to docs/ (e.g. `checklists/pre-connect.md`) -> content."""
    env = _environment()
    links = Links(site_url, use_directory_urls)
    qr_codes = QrCodes()
    pages: dict[str, str] = {}
    for checklist in catalog.checklists:
        pages[interactive_path(checklist)] = render_interactive_page(env, catalog, checklist, links, qr_codes)
        pages[print_path(checklist)] = render_print_page(env, catalog, checklist, links, qr_codes)
        pages[json_path(checklist)] = render_json_export(catalog, checklist, links)
    pages[INDEX_PATH] = render_index_page(env, catalog, links)
    return pages


def interactive_path(checklist: Checklist) -> str:
    return f"{OUT_DIR}/{checklist.id}.md"


def print_path(checklist: Checklist) -> str:
    return f"{OUT_DIR}/{checklist.id}/print.md"


def json_path(checklist: Checklist) -> str:
    return f"{OUT_DIR}/{checklist.id}.json"


# ----------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------


def render_interactive_page(
    env: jinja2.Environment, catalog: Catalog, checklist: Checklist, links: Links, qr_codes: QrCodes | None = None
) -> str:
    page = interactive_path(checklist)
    full_url = links.absolute(page)

    def href(to_src: str) -> str:
        return links.html(page, to_src)

    items_html = "".join(markup.item(checklist.id, item, catalog.sources, href) for item in checklist.items)
    return env.get_template("interactive.md.jinja").render(
        checklist=checklist,
        items_html=Markup(items_html),  # every value in it escaped by markup.item
        item_count=len(checklist.items),
        kind=KINDS[checklist.kind],
        description=_description(checklist),
        # Markdown links (`.md` targets, checked by the strict build) where the template's text is Markdown.
        guide_href=links.md(page, checklist.guide_page),
        print_href=links.html(page, print_path(checklist)),
        # "Print with my ticks": a button shown by this small script (the tools' print.js), on checklist pages only.
        print_js_href=links.html(page, PRINT_JS),
        # The checklist's own stylesheet and script, linked in the page content (not on every page).
        css_href=links.html(page, CHECKLISTS_CSS),
        js_href=links.html(page, CHECKLISTS_JS),
        # Renamed items (checklists/ids/published.yml): a small script moves saved ticks to the new ids first.
        renamed_json=json.dumps(dict(checklist.renamed), separators=(",", ":")) if checklist.renamed else "",
        renamed_js_href=links.html(page, RENAMED_TICKS_JS),
        json_href=links.md(page, json_path(checklist)),
        index_href=links.md(page, INDEX_PATH),
        # Printed under the checklist, as on its print page.
        self_href=links.html(page, page),
        short_url=_short_url(full_url) if full_url else links.site_path(page),
        qr_svg=Markup(qr_codes.svg(full_url)) if full_url and qr_codes else None,
    )


def render_print_page(
    env: jinja2.Environment, catalog: Catalog, checklist: Checklist, links: Links, qr_codes: QrCodes
) -> str:
    page = print_path(checklist)
    full_url = links.absolute(interactive_path(checklist))
    return env.get_template("print.md.jinja").render(
        checklist=checklist,
        items_html=Markup("".join(markup.print_item(item) for item in checklist.items)),  # escaped there
        kind=KINDS[checklist.kind],
        description=_description(checklist),
        interactive_href=links.html(page, interactive_path(checklist)),
        # A Print button (phones have no obvious print menu): the tools' print.js shows it.
        print_js_href=links.html(page, PRINT_JS),
        short_url=_short_url(full_url) if full_url else links.site_path(interactive_path(checklist)),
        qr_svg=Markup(qr_codes.svg(full_url)) if full_url else None,
    )


def render_json_export(catalog: Catalog, checklist: Checklist, links: Links) -> str:
    cited = {sid for item in checklist.items for sid in item.sources}
    sources = {sid: {k: v for k, v in vars(catalog.sources[sid]).items() if v is not None} for sid in cited}
    data = {
        "format": JSON_FORMAT,
        "id": checklist.id,
        "title": checklist.title,
        "summary": checklist.summary,
        "pause_point": checklist.pause_point,
        "kind": checklist.kind,
        "revised": checklist.revised.isoformat(),
        "url": links.absolute(interactive_path(checklist)),
        "guide_page": checklist.guide_page,
        "items": [
            {
                "id": item.id,
                "text": item.text,
                "why": item.why,
                "sources": [sources[sid] for sid in item.sources],
                "tags": list(item.tags),
                "community": item.community,
                "guide": item.guide,
                "conditional": item.conditional,
            }
            for item in checklist.items
        ],
    }
    if checklist.renamed:  # old item id -> new one (checklists/ids/published.yml): ticks on an old id belong to the new one
        data["renamed"] = dict(checklist.renamed)
    # One line: json's C encoder only runs without `indent` (pretty-printing took 0.2 ms a checklist).
    return json.dumps(data, ensure_ascii=False) + "\n"


def render_index_page(env: jinja2.Environment, catalog: Catalog, links: Links) -> str:
    entries = "".join(_index_entry_html(checklist, links) for checklist in catalog.checklists)
    return env.get_template("index.md.jinja").render(entries_html=Markup(entries))  # escaped there


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _index_entry_html(checklist: Checklist, links: Links) -> str:
    """One checklist on the index page, with its links (every value from the data escaped here)."""
    title, anchor = _e(checklist.title), _e(f"cwc-index-{checklist.id}")
    summary = f"  <p>{_e(checklist.summary)}</p>\n" if checklist.summary else ""
    href = _e(links.html(INDEX_PATH, interactive_path(checklist)))
    print_href = _e(links.html(INDEX_PATH, print_path(checklist)))
    json_href = _e(links.html(INDEX_PATH, json_path(checklist)))
    return (
        f'<section class="cwc-index-entry" aria-labelledby="{anchor}">\n'
        f'  <h2 id="{anchor}"><a href="{href}">{title}</a></h2>\n'
        f'  <p class="cwc-pause"><strong>Use it:</strong> {_e(checklist.pause_point)}</p>\n'
        f"{summary}"
        f'  <p class="cwc-index-meta">{len(checklist.items)} items · {_e(KINDS[checklist.kind]["label"])} · '
        f'<a href="{print_href}" target="_self">Print<span class="visually-hidden">: {title}</span></a> · '
        f'<a href="{json_href}" type="application/json">Data (JSON) for reuse<span class="visually-hidden">: {title}</span></a></p>\n'
        f"</section>\n"
    )


def _e(value: str) -> str:
    """Escaped for HTML text and attribute values, exactly as the templates' autoescape does."""
    return escape(value)  # a Markup, which is a str


def _environment() -> jinja2.Environment:
    """Jinja2 with autoescaping on for every template: all data enters these pages inside HTML."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        auto_reload=False,  # one environment per build: no need to stat each template before each page
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml_string"] = _yaml_string
    env.filters["markdown_text"] = _markdown_text
    env.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}"
    return env


def _yaml_string(value: str) -> Markup:
    """A one-line string as a YAML double-quoted scalar (JSON strings are valid YAML), for front matter."""
    return Markup(json.dumps(" ".join(str(value).split()), ensure_ascii=False))


def _markdown_text(value: str) -> Markup:
    """Plain text for a Markdown line: every character but letters, digits and spaces as a numeric
    character reference, so none of it is read as Markdown, HTML or an emoji shortcode."""
    return Markup("".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in str(value)))


def _description(checklist: Checklist) -> str:
    return checklist.summary or f"A checklist to use {checklist.pause_point[0].lower()}{checklist.pause_point[1:]}."


def _short_url(url: str) -> str:
    """The address without scheme or trailing slash, as printed under the QR code."""
    return url.split("://", 1)[-1].rstrip("/")


class QrCodes:
    """QR codes as inline SVG, drawn by segno: black modules on white, no fixed size (the print
    stylesheet sizes it), error correction level M at least (segno raises it when the code's size allows),
    one fixed data mask (MASK)."""

    BORDER = 2  # quiet zone, in modules: the printed page's white margin makes up the rest
    # The data mask, fixed: segno otherwise tries all 8 and keeps the one with the lowest penalty score
    # (ISO/IEC 18004 7.8.3), 12 of the 14 ms a code takes, which put the build over its time budget
    # (bench/build). A decoder reads every mask (the code says which); the penalty only steers clear of
    # patterns that may confuse a poor scanner. Mask 6 is segno's own choice for four of the five real
    # checklists' codes and has the lowest penalty sum over the five (measured 2 December 2026; each of
    # the 8 masks decoded for each code); tests/test_checklist_render.py decodes every printed code of
    # the built site back to its page's address.
    MASK = 6

    def __init__(self) -> None:
        # One per render_pages call (so per build): a checklist's interactive and print pages show the
        # same address, so each code is drawn once.
        self._svgs: dict[str, str] = {}

    def svg(self, text: str) -> str:
        if text not in self._svgs:
            code = segno.make_qr(text, error="m", mask=self.MASK)
            self._svgs[text] = code.svg_inline(border=self.BORDER, omitsize=True, svgclass=None, lineclass=None, dark="#000", light="#fff")
        return self._svgs[text]


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

OUT_DIR = "checklists"
INDEX_PATH = f"{OUT_DIR}/index.md"
PRINT_JS = "assets/javascripts/tools/print.js"
CHECKLISTS_CSS = "assets/stylesheets/checklist-page.css"  # checklists.css and the page's own rules
CHECKLISTS_JS = "assets/javascripts/checklists.js"
RENAMED_TICKS_JS = "assets/javascripts/renamed-ticks.js"
JSON_FORMAT = "connect-with-care/checklist/v1"
KINDS = {
    # The checklist kinds in plain words (the schema's terms, do-confirm and read-do, are for contributors).
    "do-confirm": {"label": "Check when you are done", "help": "Go about it as you usually would; then, before you go on, read the list and tick each item you did."},
    "read-do": {"label": "Step by step", "help": "Read an item, do it, tick it, then go on to the next."},
}
