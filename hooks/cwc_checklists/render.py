"""Turn a Catalog into the checklist pages: interactive, print, JSON export, and the index.

`render_pages` is the one entry point, shared by the MkDocs hook (virtual files) and the CLI
(files on disk), so both produce the same pages.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import jinja2
import zxingcpp
from markupsafe import Markup, escape

from .model import Catalog, Checklist, Item, Source


def render_pages(catalog: Catalog, site_url: str | None = None, *, use_directory_urls: bool = True) -> dict[str, str]:
    """Every generated page: path relative to docs/ (e.g. `checklists/pre-connect.md`) -> content."""
    env = _environment()
    links = _Links(site_url, use_directory_urls)
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
    env: jinja2.Environment, catalog: Catalog, checklist: Checklist, links: _Links, qr_codes: QrCodes | None = None
) -> str:
    page = interactive_path(checklist)
    full_url = links.absolute(page)
    cited = {sid for item in checklist.items for sid in item.sources}
    cites = {sid: _cite_html(catalog.sources[sid], page, links) for sid in cited}
    items_html = "".join(
        _item_html(checklist, item, [cites[sid] for sid in item.sources])
        for item in checklist.items
    )
    return env.get_template("interactive.md.jinja").render(
        checklist=checklist,
        items_html=Markup(items_html),  # every value in it escaped by _item_html
        item_count=len(checklist.items),
        # "If ..." items: ticked when done or when they don't apply, so every item can be ticked.
        if_items=any(item.text.startswith("If ") for item in checklist.items),
        kind=KINDS[checklist.kind],
        description=_description(checklist),
        guide_href=links.relative(page, checklist.guide_page),
        print_href=links.relative(page, print_path(checklist)),
        # "Print with my ticks": a button shown by this small script (the tools' print.js), on checklist pages only.
        print_js_href=links.relative(page, PRINT_JS),
        # The checklist's own stylesheet and script, linked in the page content (not on every page).
        css_href=links.relative(page, CHECKLISTS_CSS),
        js_href=links.relative(page, CHECKLISTS_JS),
        json_href=links.relative(page, json_path(checklist)),
        index_href=links.relative(page, INDEX_PATH),
        # Printed under the checklist, as on its print page.
        self_href=links.relative(page, page),
        short_url=_short_url(full_url) if full_url else links.site_path(page),
        qr_svg=Markup(qr_codes.svg(full_url)) if full_url and qr_codes else None,
    )


def render_print_page(
    env: jinja2.Environment, catalog: Catalog, checklist: Checklist, links: _Links, qr_codes: QrCodes
) -> str:
    page = print_path(checklist)
    full_url = links.absolute(interactive_path(checklist))
    return env.get_template("print.md.jinja").render(
        checklist=checklist,
        items_html=Markup("".join(_print_item_html(item) for item in checklist.items)),  # escaped there
        kind=KINDS[checklist.kind],
        description=_description(checklist),
        interactive_href=links.relative(page, interactive_path(checklist)),
        short_url=_short_url(full_url) if full_url else links.site_path(interactive_path(checklist)),
        qr_svg=Markup(qr_codes.svg(full_url)) if full_url else None,
    )


def render_json_export(catalog: Catalog, checklist: Checklist, links: _Links) -> str:
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
            }
            for item in checklist.items
        ],
    }
    # One line: json's C encoder only runs without `indent` (pretty-printing took 0.2 ms a checklist).
    return json.dumps(data, ensure_ascii=False) + "\n"


def render_index_page(env: jinja2.Environment, catalog: Catalog, links: _Links) -> str:
    entries = "".join(_index_entry_html(checklist, links) for checklist in catalog.checklists)
    return env.get_template("index.md.jinja").render(entries_html=Markup(entries))  # escaped there


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _item_html(checklist: Checklist, item: Item, cites: list[str]) -> str:
    """One tickable item of a checklist page (a function, not template code: at 10,000 items the
    template loop was a fifth of the hook's time). Every value from the data is escaped here; `why_html`
    was rendered and vetted by the loader, and `cites` by `_cite_html`."""
    anchor = _e(f"{checklist.id}--{item.id}")
    box = f"cwc-{anchor}"
    item_id, text = _e(item.id), _e(item.text)
    tags = f' data-tags="{_e(" ".join(item.tags))}"' if item.tags else ""
    if item.community:
        li_class, described = "cwc-item cwc-item--community", f' aria-describedby="{box}--community"'
        badge = f'      <span class="cwc-community" id="{box}--community">Community tip</span>\n'
    elif item.guide:
        li_class, described = "cwc-item cwc-item--guide", f' aria-describedby="{box}--guide"'
        badge = f'      <span class="cwc-own" id="{box}--guide">{GUIDE_LABEL}</span>\n'
    else:
        li_class, described, badge = "cwc-item", "", ""
    return (
        f'    <li class="{li_class}" id="{anchor}"{tags}>\n'
        f'      <input type="checkbox" id="{box}" name="{item_id}" data-item="{item_id}"{described}>\n'
        f'      <label for="{box}">{text}</label>\n'
        f"{badge}"
        f'      <details class="cwc-why"><summary>Why <span class="visually-hidden">: {text}</span></summary>\n'
        f"        <div>{item.why_html}</div>\n"
        f'        <p class="cwc-sources">{"Source" if len(cites) == 1 else "Sources"}: {", ".join(cites)}</p>\n'
        f"      </details>\n"
        f"    </li>\n"
    )


def _index_entry_html(checklist: Checklist, links: _Links) -> str:
    """One checklist on the index page, with its links (every value from the data escaped here)."""
    title, anchor = _e(checklist.title), _e(f"cwc-index-{checklist.id}")
    summary = f"  <p>{_e(checklist.summary)}</p>\n" if checklist.summary else ""
    href = _e(links.relative(INDEX_PATH, interactive_path(checklist)))
    print_href = _e(links.relative(INDEX_PATH, print_path(checklist)))
    json_href = _e(links.relative(INDEX_PATH, json_path(checklist)))
    return (
        f'<section class="cwc-index-entry" aria-labelledby="{anchor}">\n'
        f'  <h2 id="{anchor}"><a href="{href}">{title}</a></h2>\n'
        f'  <p class="cwc-pause"><strong>Use it:</strong> {_e(checklist.pause_point)}</p>\n'
        f"{summary}"
        f'  <p class="cwc-index-meta">{len(checklist.items)} items · {_e(KINDS[checklist.kind]["label"])} · '
        f'<a href="{print_href}" target="_self">Print<span class="visually-hidden">: {title}</span></a> · '
        f'<a href="{json_href}" type="application/json">JSON<span class="visually-hidden">: {title}</span></a></p>\n'
        f"</section>\n"
    )


def _print_item_html(item: Item) -> str:
    """One item of a print page: an empty box to tick by hand, and the item's text (escaped here)."""
    if item.community:
        mark = ' <span class="cwc-community">(community tip)</span>'
    elif item.guide:
        mark = f' <span class="cwc-own">({GUIDE_LABEL[0].lower()}{GUIDE_LABEL[1:]})</span>'
    else:
        mark = ""
    return f'  <li><span class="cwc-box" aria-hidden="true"></span><span>{_e(item.text)}{mark}</span></li>\n'


def _cite_html(source: Source, page: str, links: _Links) -> str:
    """An essay links to its section of the Sources page; a community source to its own URL, if it has one."""
    label = _e(source.label)
    if source.kind == "essay":
        return f'<a class="cite" href="{_e(links.relative(page, f"{SOURCES_PAGE}#{source.id}"))}">{label}</a>'
    if source.kind == "guide":
        return f'<span class="cite-guide">{label}</span>'
    if source.url:
        return f'<a class="cite-community" href="{_e(source.url)}">{label}</a>'
    return f'<span class="cite-community">{label}</span>'


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
    """QR codes as inline SVG: black modules on white, no fixed size (the print stylesheet sizes it).

    zxing-cpp encodes (error correction level M, the mask chosen by the standard's penalty rules, in
    C++). The SVG is one path drawn module by module, row by row: `h1` strokes a dark module, `m1 0`
    steps over a light one, so the path is the picture with each module replaced by its command
    (bytes.replace, in C, not a Python loop). Strokes that touch merge into one shape, so the code
    prints as solid as one drawn in longer runs.
    """

    BORDER = 2  # quiet zone, in modules: the printed page's white margin makes up the rest

    def svg(self, text: str) -> str:
        code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # one byte per module, 0 = dark
        height, width = image.shape
        modules = image.tobytes().translate(_DARK_LIGHT)  # b"D" or b"L" per module
        rows = b"\n".join([modules[start:start + width] for start in range(0, height * width, width)])
        path = rows.replace(b"D", b"h1").replace(b"L", b"m1 0").replace(b"\n", b"m-%d 1" % width).decode("ascii")
        size = width + 2 * self.BORDER
        return (
            f'<svg viewBox="0 0 {size} {size}">'
            f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="M{self.BORDER} {self.BORDER}.5{path}"/></svg>'
        )


class _Links:
    """URLs between generated and guide pages, as MkDocs writes them, relative so any sub-path works."""

    def __init__(self, site_url: str | None, use_directory_urls: bool) -> None:
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.use_directory_urls = use_directory_urls

    def site_path(self, src: str) -> str:
        """Where the page for docs file `src` lives, relative to the site root (`checklists/pre-connect/`)."""
        if not src.endswith(".md"):
            return src
        stem = src[: -len(".md")]
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def relative(self, from_src: str, to_src: str) -> str:
        """Link from the page of `from_src` to `to_src` (which may carry a #fragment)."""
        target, _, fragment = to_src.partition("#")
        from_url = self.site_path(from_src)
        from_dir = from_url[:-1] if from_url.endswith("/") else posixpath.dirname(from_url)
        to_path = self.site_path(target)
        rel = _relpath(to_path, from_dir)
        if (to_path.endswith("/") or not to_path) and not rel.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{fragment}" if fragment else "")

    def absolute(self, src: str) -> str | None:
        return self.site_url + self.site_path(src) if self.site_url else None


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the site-relative paths used here (no leading `/`, no `..`), without
    the current-directory lookups that made it a third of the render time."""
    path_parts = [part for part in path.split("/") if part not in ("", ".")]
    start_parts = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    for a, b in zip(path_parts, start_parts):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

OUT_DIR = "checklists"
INDEX_PATH = f"{OUT_DIR}/index.md"
SOURCES_PAGE = "sources.md"
PRINT_JS = "assets/javascripts/tools/print.js"
CHECKLISTS_CSS = "assets/stylesheets/checklist-page.css"  # checklists.css and the page's own rules
CHECKLISTS_JS = "assets/javascripts/checklists.js"
JSON_FORMAT = "connect-with-care/checklist/v1"
# How an item that cites the guide itself (a source of kind "guide") is marked, on screen and in print.
GUIDE_LABEL = "The guide's own addition"
_DARK_LIGHT = bytes.maketrans(b"\x00\xff", b"DL")  # zxing-cpp's picture: 0 a dark module, 255 a light one
KINDS = {
    "do-confirm": {"label": "Do, then confirm", "help": "Do these from memory, then pause here and tick each one you did."},
    "read-do": {"label": "Read, then do", "help": "Read each item, do it, then tick it."},
}
