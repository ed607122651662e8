"""Render an item's `why` (short Markdown, as on the pages) to HTML that is safe to put in a page.

Python-Markdown renders it, the library MkDocs renders every page with, through its own `Markdown`
instance with a short extension list (fenced code, sane lists). Then it is vetted on the element tree,
before any HTML is written: headings become paragraphs, images their alt text, and a link survives only
when it goes to an absolute https:// address. Raw HTML (what Python-Markdown takes for HTML, as on a
page) is never output. What rendering drops is reported by `WhyRenderer.render` (the build fails), so
no words vanish silently.
"""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown import util
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import Treeprocessor


class WhyRenderer:
    """Renders every `why` of a build with one Markdown instance (reset between texts)."""

    def __init__(self) -> None:
        md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)
        md.inlinePatterns.register(_InlineHtml(HTML_RE, md), "html", 90)
        md.treeprocessors.register(_Vet(md), "cwc_vet", 5)  # after inline parsing: links and images exist
        md.postprocessors.register(_DropRawHtml(md), "raw_html", 30)
        self._md = md

    def render(self, text: str) -> tuple[str, list[str]]:
        """The `why` as safe HTML, and what rendering dropped (unsafe links, images, HTML) as fix-it messages."""
        md = self._md
        md.reset()
        md.cwc_raw = set()  # stash indexes of raw HTML (fenced code is stashed too, and kept)
        md.cwc_dropped = []
        html = md.convert(text)
        dropped = list(md.cwc_dropped)
        tags = _tags_in(text) if "<" in text else ""
        if md.cwc_raw or tags:
            # What Python-Markdown took for HTML, or tag-like text it shows as text (`<![CDATA[`):
            # either way the contributor wrote HTML, which a why may not hold.
            dropped.append(
                f"'why' contains HTML ({tags or 'a raw HTML comment or tag'}); HTML is not allowed in 'why': "
                "write Markdown, or put code in backticks"
            )
        elif "<" in text:
            # Tag-like text that is not HTML (`<script` with no `>`) shows as text, but a tag that would
            # embed or run something is a mistake worth an error: the contributor meant it to work.
            match = _ACTIVE_TAG.search(_CODE_SPAN.sub("", text))
            if match:
                dropped.append(
                    f"'why' contains an HTML <{match.group(1).lower()}> tag; HTML is not allowed in 'why' "
                    "(it shows as text, and nothing may load from another site): write Markdown, "
                    "e.g. [words](https://...)"
                )
        if _UNEXPECTED_TAG.search(html):  # cannot happen after the vetting; never output it if it does
            html = _UNEXPECTED_TAG.sub(lambda m: html_lib.escape(m.group()), html)
            dropped.append("'why' rendered to unexpected HTML; please report this (and simplify the Markdown)")
        return html, dropped


# ----------------------------------------------------------------------------
# Python-Markdown parts
# ----------------------------------------------------------------------------


class _HtmlBlocks(HtmlBlockPreprocessor):
    """Python-Markdown's own raw HTML blocks, noted so that they are dropped and reported."""

    def run(self, lines: list[str]) -> list[str]:
        first = self.md.htmlStash.html_counter
        out = super().run(lines)
        self.md.cwc_raw.update(range(first, self.md.htmlStash.html_counter))
        return out


class _InlineHtml(HtmlInlineProcessor):
    """Python-Markdown's own inline HTML (tags, comments), noted so that it is dropped and reported."""

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        first = self.md.htmlStash.html_counter
        result = super().handleMatch(m, data)
        self.md.cwc_raw.update(range(first, self.md.htmlStash.html_counter))
        return result


class _DropRawHtml(RawHtmlPostprocessor):
    """Put fenced code back, and nothing of the raw HTML."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index in range(len(blocks)):
            if index in self.md.cwc_raw:
                blocks[index] = ""
            else:  # fenced code, escaped by fenced_code; its info string ("language-py") styles nothing here
                blocks[index] = _CODE_CLASS.sub("<code>", str(blocks[index]))
        return re.sub(r"<p>\s*</p>\n?", "", super().run(text)).strip("\n")


class _Vet(Treeprocessor):
    """Headings become paragraphs; images become their alt text and links that are not https:// their
    text, each noted in `md.cwc_dropped`; no element keeps an attribute it should not have."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in _HEADINGS:
                el.tag = "p"
            elif el.tag == "img":
                src = _written(el.get("src", ""))
                self.md.cwc_dropped.append(f"'why' contains an image ({src!r}); images are not allowed, describe it in words")
                alt = el.get("alt", "")
                el.attrib.clear()
                el.tag, el.text = "span", alt
            elif el.tag == "a":
                href = _written(el.get("href", ""))
                if _is_safe_href(href):
                    continue
                self.md.cwc_dropped.append(f"'why' links to {href!r}; use a full https:// address")
                el.attrib.clear()
                el.tag = "span"
                if el.text and util.AMP_SUBSTITUTE in el.text:  # an e-mail autolink's text is written as entities
                    el.text = _written(el.text)


def _written(value: str) -> str:
    """An attribute or text as the contributor wrote it (Python-Markdown keeps entities and `&`-escapes)."""
    return html_lib.unescape(value.replace(util.AMP_SUBSTITUTE, "&"))


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

EXTENSIONS = ["fenced_code", "sane_lists"]
_SAFE_SCHEMES = ("https",)
_CODE_CLASS = re.compile(r'<code class="[^"]*">')
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# The tags a why may hold, as Python-Markdown writes them after the vetting; anything else is unexpected.
_UNEXPECTED_TAG = re.compile(
    r'<(?!/?(?:p|em|strong|code|pre|ul|ol|li|blockquote|span)>|/a>|ol start="\d+">|(?:hr|br) ?/?>'
    r'|a href="(?i:https://)[^"<>]*"(?: title="[^"<>]*")?>)'
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
