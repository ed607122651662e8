"""The markup of a checklist item and of a citation: one small function per piece, used by every page
that shows one (checklist pages, print pages, the tools), so they cannot drift apart.

Every value from a data file is escaped here, with markupsafe (as the templates' autoescape does);
`why_html` was rendered and vetted by the loader (why.py). `href` turns a docs path such as
`sources.md#halpert` into a URL from the page being drawn (`links.Links.html`).
(Functions rather than a template macro: the item is drawn for every item of every page.)
"""

from __future__ import annotations

from typing import Callable, Iterable

from markupsafe import Markup, escape

from .model import Item, Source

Href = Callable[[str], str]


def item(checklist_id: str, entry: Item, sources: dict[str, Source], href: Href) -> Markup:
    """One tickable item: its box, its text, a "Community tip" badge when no essay backs it (or "The
    guide's own addition" when it cites the guide), and its
    why with its sources. The box's id and name are the storage contract of checklists.js."""
    anchor = escape(f"{checklist_id}--{entry.id}")
    box = Markup("cwc-") + anchor
    item_id, text = escape(entry.id), escape(entry.text)
    tags = Markup(' data-tags="{}"').format(" ".join(entry.tags)) if entry.tags else ""
    if entry.community:
        li_class, described = "cwc-item cwc-item--community", Markup(' aria-describedby="{}--community"').format(box)
        badge = Markup('      <span class="cwc-community" id="{}--community">Community tip</span>\n').format(box)
    elif entry.guide:
        li_class, described = "cwc-item cwc-item--guide", Markup(' aria-describedby="{}--guide"').format(box)
        badge = Markup('      <span class="cwc-own" id="{}--guide">{}</span>\n').format(box, GUIDE_LABEL)
    else:
        li_class, described, badge = "cwc-item", "", ""
    label = "Source" if len(entry.sources) == 1 else "Sources"
    # An item that does not apply to every reader: a second box, "Doesn't apply", which counts as done
    # (checklists.js keeps it as "na"; ticking one box clears the other).
    not_applicable = (
        Markup(
            '      <span class="cwc-na"><input type="checkbox" id="{0}--na" name="{1}--na" data-na="{1}">'
            '<label for="{0}--na">Doesn\'t apply<span class="visually-hidden">: {2}</span></label></span>\n'
        ).format(box, item_id, text)
        if entry.conditional
        else ""
    )
    return Markup(
        f'    <li class="{li_class}" id="{anchor}"{tags}>\n'
        f'      <input type="checkbox" id="{box}" name="{item_id}" data-item="{item_id}"{described}>\n'
        f'      <label for="{box}">{text}</label>\n'
        f"{not_applicable}"
        f"{badge}"
        f'      <details class="cwc-why"><summary>Why <span class="visually-hidden">: {text}</span></summary>\n'
        f"        <div>{entry.why_html}</div>\n"
        f'        <p class="cwc-sources">{label}: {cites(entry.sources, sources, href, ", ")}</p>\n'
        f"      </details>\n"
        f"    </li>\n"
    )


def print_item(entry: Item) -> Markup:
    """One item of a print page: an empty box to tick by hand, and the item's text; an item that does not
    apply to every reader also gets a small box for "doesn't apply"."""
    if entry.community:
        mark = Markup(' <span class="cwc-community">(community tip)</span>')
    elif entry.guide:
        mark = Markup(' <span class="cwc-own">({})</span>').format(GUIDE_LABEL[0].lower() + GUIDE_LABEL[1:])
    else:
        mark = ""
    if entry.conditional:
        mark += Markup(' <span class="cwc-na">(or <span class="cwc-box" aria-hidden="true"></span> doesn\'t apply)</span>')
    return Markup('  <li><span class="cwc-box" aria-hidden="true"></span><span>{}{}</span></li>\n').format(entry.text, mark)


def glance_item(entry: Item) -> Markup:
    """One item in a guide page's list of a checklist's items (`<!-- cwc:checklist id -->`)."""
    community = Markup(' <span class="cwc-community">Community tip</span>') if entry.community else ""
    own = Markup(' <span class="cwc-own">{}</span>').format(GUIDE_LABEL) if entry.guide else ""
    return Markup("<li>{}{}{}</li>").format(entry.text, community, own)


def cite(source: Source, href: Href) -> Markup:
    """An essay links to its section of the Sources page; a community source to its own URL, if it has one."""
    if source.kind == "essay":
        return Markup('<a class="cite" href="{}">{}</a>').format(href(f"{SOURCES_PAGE}#{source.id}"), source.label)
    if source.kind == "guide":
        return Markup('<span class="cite-guide">{}</span>').format(source.label)
    if source.url:
        return Markup('<a class="cite-community" href="{}">{}</a>').format(source.url, source.label)
    return Markup('<span class="cite-community">{}</span>').format(source.label)


def cites(source_ids: Iterable[str], sources: dict[str, Source], href: Href, sep: str = " ") -> Markup:
    """The citations of several sources, in order: `, ` after "Sources:", a space after a sentence."""
    return Markup(sep).join(cite(sources[sid], href) for sid in source_ids)


SOURCES_PAGE = "sources.md"
# How an item that cites the guide itself (a source of kind "guide") is marked, on screen and in print.
GUIDE_LABEL = "The guide's own addition"
