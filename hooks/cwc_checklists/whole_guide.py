"""The whole guide as one printable page: every guide page's HTML, then the checklists, with a table of
contents, headings one level down, ids made unique per page and links turned into in-page anchors.

Built from the pages' rendered HTML (MkDocs `Page` objects): in a build, hooks/interactive_tools.py
calls `from_pages` once every page is rendered; `python -m cwc_checklists` renders them itself.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .links import Links, relative_url
from .render import CHECKLISTS_CSS
from .tools import DIAGRAM_CSS


@dataclass(frozen=True)
class Part:
    """One page going into the whole guide."""

    url: str  # the page's URL relative to the site root, e.g. "sending-a-request/"
    title: str
    content: str  # its rendered HTML
    sections: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (id, title) of its h2s


def from_pages(pages, *, page_url: str, use_directory_urls: bool = True) -> tuple[str, list[str]]:
    """The whole guide's HTML for the page at `page_url`, from the site's rendered pages in nav order
    (guide pages, then the checklists), and the in-page links that point nowhere."""
    guide, checklists = [], []
    for other in pages:
        src = other.file.src_uri
        if src in LEFT_OUT or src.startswith(LEFT_OUT_DIRS) or other.content is None:
            continue
        sections = tuple((h2.id, h2.title) for h1 in other.toc for h2 in h1.children)
        part = Part(url=other.url, title=other.title or src, content=other.content, sections=sections)
        (checklists if src.startswith("checklists/") else guide).append(part)
    links = Links(use_directory_urls=use_directory_urls)
    # One stylesheet holds the parts' own (the checklists', the decision diagram on Answering a request).
    bundled = tuple(links.html(WHOLE_GUIDE, css) for css in (CHECKLISTS_CSS, DIAGRAM_CSS))
    return combine(guide + checklists, page_url=page_url, stylesheet=links.html(WHOLE_GUIDE, WHOLE_GUIDE_CSS), bundled=bundled)


def combine(parts: list[Part], *, page_url: str, stylesheet: str, bundled: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The combined HTML for the page at `page_url`, and the in-page links that point nowhere; the parts'
    links to the stylesheets in `bundled` go, as `stylesheet` holds them."""
    keys = {part.url: _key(part.url) for part in parts}
    toc, body = [], []
    for part in parts:
        key = keys[part.url]
        content = _rewrite(part.content, part.url, key, keys, page_url)
        for href in (stylesheet, *bundled):
            content = content.replace(f'<link rel="stylesheet" href="{href}">', "")
        # The checklists' summaries are hidden here (the checklists follow in full): not their icon's stylesheet.
        content = _GLANCE_CSS.sub("", content)
        content = _DEMOTE.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", content)
        # Named by its own heading: nav titles repeat (the guide's "Pruning" and the checklist's).
        heading = _FIRST_H2.search(content)
        title = _text(_HEADERLINK.sub("", heading.group(2))) if heading else _text(part.title)
        label = f'aria-labelledby="{heading.group(1)}"' if heading else f'aria-label="{title}"'
        # A page's "Next" section only points at other pages: not a part of the contents.
        sections = "".join(f'<li><a href="#{key}--{sid}">{_text(text)}</a></li>' for sid, text in part.sections if sid not in _WEB_ONLY_SECTIONS)
        toc.append(f'<li><a href="#{key}">{title}</a>{f"<ol>{sections}</ol>" if sections else ""}</li>')
        body.append(f'<section class="cwc-whole-part" id="{key}" {label}>{content}</section>')
    out = (
        f'<div class="cwc-whole-guide"><link rel="stylesheet" href="{stylesheet}">'
        f'<nav class="cwc-whole-toc" aria-labelledby="cwc-whole-toc-title"><h2 id="cwc-whole-toc-title">Contents</h2><ol>{"".join(toc)}</ol></nav>'
        f'{"".join(body)}</div>'
    )
    out = _each_asset_once(out)
    ids = set(_ID.findall(out))
    dangling = sorted({target for target in _HASH_HREF.findall(out) if target not in ids})
    return out, dangling


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _key(url: str) -> str:
    """A page's id in the whole guide: "checklists/pre-connect/" -> "checklists-pre-connect"."""
    return url.strip("/").replace("/", "-").replace(".html", "") or "home"


def _rewrite(content: str, url: str, key: str, keys: dict[str, str], page_url: str) -> str:
    """Prefix the page's ids (and what refers to them) and point its links at the combined page."""

    def id_refs(match: re.Match) -> str:
        name, value = match.group(1), match.group(2)
        return f'{name}="{" ".join(f"{key}--{v}" for v in value.split())}"'

    def link(match: re.Match, *, keep_page: bool = False) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if value.startswith("#") and not keep_page:
            return f'{name}="#{key}--{value[1:]}"' if len(value) > 1 else f'{name}="#{key}"'
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith(("mailto:", "data:")):
            return match.group(0)
        target = urljoin("/" + url, value)
        path, _, fragment = target.partition("#")
        site_path = path.lstrip("/")
        if name == "href" and site_path in keys and not keep_page:
            anchor = f"#{keys[site_path]}--{fragment}" if fragment else f"#{keys[site_path]}"
            return f'{name}="{anchor}"'
        rel = relative_url(path, page_url)
        return f'{name}="{html.escape(rel + (f"#{fragment}" if fragment else ""), quote=True)}"'

    def tag(match: re.Match) -> str:
        # Citations keep pointing at the Sources page itself, as everywhere on the site.
        keep_page = bool(_CITE.search(match.group(0)))
        return _LINKS.sub(lambda m: link(m, keep_page=keep_page), _ID_REFS.sub(id_refs, match.group(0)))

    return _TAG.sub(tag, content)


def _each_asset_once(content: str) -> str:
    """Each page brings its stylesheets and scripts (every checklist links the checklists' own): keep
    one of each, a stylesheet where it first appears, a script where it last does, so a script that
    runs as it is read (print.js) sees every part that uses it."""
    tags = _ASSET_TAG.findall(content)
    first = {tag: content.index(tag) for tag in reversed(tags) if tag.startswith("<link")}
    last = {tag: content.rindex(tag) for tag in tags if tag.startswith("<script")}
    keep = set(first.items()) | set(last.items())
    return _ASSET_TAG.sub(lambda m: m.group(0) if (m.group(0), m.start()) in keep else "", content)


def _text(value: str) -> str:
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", value)), quote=True)


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

WHOLE_GUIDE = "whole-guide.md"
WHOLE_GUIDE_CSS = "assets/stylesheets/tools/whole-guide.css"  # imports the checklists' and the diagram's
PLACEHOLDER = '<div class="cwc-whole-placeholder"></div>'
LEFT_OUT = ("index.md", "contributing.md", "checklists/index.md", WHOLE_GUIDE)
LEFT_OUT_DIRS = ("tools/",)
# The page's own words; the placeholder becomes the combined pages.
MARKDOWN = f"""---
title: The whole guide on one page
description: Every page of Connect with Care, with the checklists at the end, on one page to print or save as a PDF.
search:
  exclude: true
---

# The whole guide on one page

Every page of the guide, then the checklists, on one page. To keep it, print it or
choose "Save as PDF" in your browser's print dialog (Ctrl+P, or Cmd+P on a Mac). The
checklists print with the boxes you have ticked in this browser.

{PLACEHOLDER}
"""

_ID_REFS = re.compile(r'(?<=\s)(id|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_LINKS = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_CITE = re.compile(r'\sclass="(?:[^"]*\s)?cite(?:\s[^"]*)?"')
_FIRST_H2 = re.compile(r'<h2[^>]*\sid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
_DEMOTE = re.compile(r"<(/?)h([1-5])\b")
_ID = re.compile(r'(?<=\s)id="([^"]+)"')
_HASH_HREF = re.compile(r'(?<=\s)href="#([^"]+)"')
_GLANCE_CSS = re.compile(r'<link rel="stylesheet" href="[^"]*tools/glance\.css">')
_WEB_ONLY_SECTIONS = {"next"}  # section ids hidden from the contents (and from print, by diagram.css)
_ASSET_TAG = re.compile(r'<link rel="stylesheet" href="[^"]*">|<script src="[^"]*"></script>')
