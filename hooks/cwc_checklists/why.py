"""Render an item's `why` (short Markdown) to HTML that is safe to put in a page, with cmark (CommonMark
in C, through cmarkgfm): headings stay paragraph text, images become their alt text and only https
links survive. Raw HTML is never output; like images and unsafe links it is reported by
`WhyRenderer.render` (the build fails), so no words vanish silently.

Why regexes over cmark's HTML are sound here: in its default (safe) mode cmark HTML-escapes every
`<`, `>`, `&` and `"` of the text it outputs (text, code, attribute values) and replaces raw HTML by
`<!-- raw HTML omitted -->`. So every `<` in its output starts a tag cmark itself wrote, in one of a
few fixed shapes (`<p>`, `<a href="..." title="...">`, `<img src="..." alt="..." />`, ...), and no
attribute value holds a `"` or `>`. `_UNEXPECTED_TAG` checks that at the end: a tag outside the
allowed shapes is escaped and reported instead of output."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import cmarkgfm
from cmarkgfm.cmark import Options

# Safe mode (the default, no CMARK_OPT_UNSAFE): raw HTML omitted, javascript:/vbscript:/file:/data:
# link targets emptied.
_SAFE = Options.CMARK_OPT_DEFAULT
# Only ever used to read what a rejected link or image pointed at, for the message; never output.
_UNSAFE = Options.CMARK_OPT_UNSAFE
_RAW_HTML = "<!-- raw HTML omitted -->"


class WhyRenderer:
    """Renders every `why` of a build (cmark keeps no state between texts)."""

    def render(self, text: str) -> tuple[str, list[str]]:
        """The `why` as safe HTML, and what rendering dropped (unsafe links, images, HTML) as fix-it messages."""
        html = cmarkgfm.markdown_to_html(text, _SAFE).rstrip("\n")
        dropped: list[str] = []
        if "<h" in html:
            html = _HEADING.sub(r"<\1p>", html)  # a why is inside an item: no heading breaks the page outline
        if "<code class=" in html:
            html = _CODE_CLASS.sub("<code>", html)  # a fenced block's info string ("language-py") styles nothing here
        if "<img " in html or "<a " in html:
            html = _vet_links_and_images(text, html, dropped)
        if _RAW_HTML in html:
            html = html.replace(_RAW_HTML, "")
            dropped.append(
                f"'why' contains HTML ({_tags_in(text) or 'a raw HTML comment or tag'}); HTML is not allowed in 'why': "
                "write Markdown, or put code in backticks"
            )
        elif "<" in text:
            # Tag-like text cmark does not take for HTML (`<svg onload=a=1>`) shows as text, but a tag
            # that would embed or run something is a mistake worth an error: the contributor meant it to work.
            match = _ACTIVE_TAG.search(_CODE_SPAN.sub("", text))
            if match:
                dropped.append(
                    f"'why' contains an HTML <{match.group(1).lower()}> tag; HTML is not allowed in 'why' "
                    "(it shows as text, and nothing may load from another site): write Markdown, "
                    "e.g. [words](https://...)"
                )
        if _UNEXPECTED_TAG.search(html):  # cannot happen with cmark's safe output; never output it if it does
            html = _UNEXPECTED_TAG.sub(lambda m: html_lib.escape(m.group()), html)
            dropped.append("'why' rendered to unexpected HTML; please report this (and simplify the Markdown)")
        return html, dropped


def _vet_links_and_images(text: str, html: str, dropped: list[str]) -> str:
    """Replace images by their alt text and unsafe links by their text, noting each in `dropped`."""
    found = _LINK_OR_IMAGE.findall(html)
    if not any(kind == "img" or not _is_safe_href(html_lib.unescape(url)) for kind, url in found):
        return html
    # Safe mode empties javascript: (and similar) targets. To name what the contributor wrote, read
    # the same text rendered unsafely: it is the safe output but for those targets and for raw HTML,
    # which cmark copies as written. Without the <a>/<img> tags written in the text, its links and
    # images are the safe output's, in the same order. (If the counts still differ, the messages name
    # the safe targets; that text has raw HTML and is refused anyway.)
    unsafe = cmarkgfm.markdown_to_html(text, _UNSAFE)
    for tag in set(_RAW_LINK_OR_IMAGE.findall(text)):
        unsafe = unsafe.replace(tag, "")
    original = _LINK_OR_IMAGE.findall(unsafe)
    if len(original) != len(found):
        original = found
    for (kind, url), (_, written) in zip(found, original):
        written = html_lib.unescape(written)
        if kind == "img":
            dropped.append(f"'why' contains an image ({written!r}); images are not allowed, describe it in words")
        elif not _is_safe_href(html_lib.unescape(url)):
            dropped.append(f"'why' links to {written!r}; use a full https:// address")
    # cmark writes alt text escaped for an attribute, which is escaped enough for text too.
    html = _IMAGE.sub(r"<span>\1</span>", html)
    # No link holds another (CommonMark), and `</a>` in text is escaped, so the first `</a>` closes it.
    return _LINK.sub(lambda m: m.group() if _is_safe_href(html_lib.unescape(m.group(1))) else f"<span>{m.group(2)}</span>", html)


def _tags_in(text: str) -> str:
    """The HTML written in `text` outside code spans, for the message: "<b>, </b>, <!--"."""
    found = (
        f"<{m.group(1).lower()}>" if m.group(1) else m.group(2)
        for m in _TAG_IN_SOURCE.finditer(_CODE_SPAN.sub("", text))
    )
    return ", ".join(dict.fromkeys(found))


def _is_safe_href(href: str) -> bool:
    """True for absolute https links with a host (not http: readers' privacy; not mailto: spam)."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return parts.scheme in _SAFE_SCHEMES and bool(parts.netloc) and href.strip().lower().startswith("https://")


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

_SAFE_SCHEMES = ("https",)
_HEADING = re.compile(r"<(/?)h[1-6]>")
_CODE_CLASS = re.compile(r'<code class="[^"]*">')
# cmark's own link and image tags (attribute values never hold a `"`: it writes `&quot;` or %22).
_LINK_OR_IMAGE = re.compile(r'<(a|img) (?:href|src)="([^"]*)"')
# An <a> or <img> tag written as raw HTML in the source.
_RAW_LINK_OR_IMAGE = re.compile(r"""<(?:a|img)\s(?:[^<>"']|"[^"]*"|'[^']*')*>""")
_LINK = re.compile(r'<a href="([^"]*)"(?: title="[^"]*")?>(.*?)</a>', re.DOTALL)
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? />')
# The tags a why may hold, as cmark writes them (after the substitutions above); anything else is unexpected.
_UNEXPECTED_TAG = re.compile(
    r'<(?!/?(?:p|em|strong|code|pre|ul|ol|li|blockquote|span)>|/a>|ol start="\d+">|(?:hr|br) />'
    r'|a href="(?i:https://)[^"]*"(?: title="[^"]*")?>)'
)
# A code span: a run of backticks up to the next run of the same length (a fenced block counts too).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
# An HTML tag, comment, CDATA section, declaration or processing instruction as written in the source.
_TAG_IN_SOURCE = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|(<!--|<!\[CDATA\[|<![A-Za-z]+|<\?)")
# Elements that embed, load, run or submit something.
_ACTIVE_TAG = re.compile(
    r"<\s*/?\s*(a|applet|audio|base|button|embed|form|frame|frameset|iframe|image|img|input|link|math|meta|"
    r"object|picture|portal|script|select|source|style|svg|textarea|track|video)(?=[\s/>]|$)",
    re.IGNORECASE,
)
