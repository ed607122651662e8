"""Render an item's `why` (short Markdown) to HTML that is safe to put in a page: raw HTML is shown as
text, headings stay text, images are dropped and only https links survive. Images, unsafe links and
raw tags that would embed or run something are also reported by `WhyRenderer.render` (the build fails)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class WhyRenderer:
    """One Markdown converter for every `why` of a build: building a converter costs more than using it."""

    def __init__(self) -> None:
        self._md = _markdown()

    def render(self, text: str) -> tuple[str, list[str]]:
        """The `why` as safe HTML, and what rendering dropped (unsafe links, images) as fix-it messages."""
        md = self._md
        md.reset()  # forgets the last text's reference links and stash
        md.cwc_dropped = []
        return md.convert(text), md.cwc_dropped


# ----------------------------------------------------------------------------
# Markdown extension
# ----------------------------------------------------------------------------


def _markdown() -> markdown.Markdown:
    """A fresh Markdown converter (no state shared between calls) with the safety extension."""
    md = markdown.Markdown(extensions=[_SafeWhy()], output_format="html")
    md.cwc_dropped = []
    return md


class _SafeWhy(Extension):
    """Escape raw HTML, keep headings as text, and vet links and images."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("automail")  # it hides the address in entities we cannot vet
        for name in ("hashheader", "setextheader"):
            md.parser.blockprocessors.deregister(name)
        md.treeprocessors.register(_VetLinks(md), "cwc_vet_links", 0)


class _VetLinks(Treeprocessor):
    """Replace images by their alt text and unsafe links by their text, noting each in md.cwc_dropped."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    self.md.cwc_dropped.append(
                        f"'why' contains an image ({child.get('src', '')!r}); images are not allowed, describe it in words"
                    )
                    _replace_with_text(parent, index, child.get("alt", ""))
                elif child.tag == "a" and not _is_safe_href(child.get("href", "")):
                    self.md.cwc_dropped.append(
                        f"'why' links to {child.get('href', '')!r}; use a full https:// address"
                    )
                    _replace_with_text(parent, index, "".join(child.itertext()))
        # Raw HTML is shown as text, but a tag that would embed or run something (an iframe, a
        # script, an image) is a mistake worth an error: the contributor meant it to work.
        for el in root.iter():
            texts = [el.tail] if el.tag in ("code", "pre") else [el.text, el.tail]
            for text in filter(None, texts):
                match = _ACTIVE_TAG.search(text)
                if match:
                    self.md.cwc_dropped.append(
                        f"'why' contains an HTML <{match.group(1).lower()}> tag; HTML is not allowed in 'why' "
                        "(it shows as text, and nothing may load from another site): write Markdown, "
                        "e.g. [words](https://...)"
                    )


def _is_safe_href(href: str) -> bool:
    """True for absolute https links with a host (not http: readers' privacy; not mailto: spam)."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return parts.scheme in _SAFE_SCHEMES and bool(parts.netloc) and href.strip().lower().startswith("https://")


def _replace_with_text(parent: etree.Element, index: int, text: str) -> None:
    """Swap parent[index] for a span holding plain `text` (and the element's tail)."""
    old = parent[index]
    span = etree.Element("span")
    span.text = text
    span.tail = old.tail
    parent.remove(old)
    parent.insert(index, span)


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

_SAFE_SCHEMES = ("https",)
# Elements that embed, load, run or submit something; other raw HTML simply shows as text.
_ACTIVE_TAG = re.compile(
    r"<\s*/?\s*(a|applet|audio|base|button|embed|form|frame|frameset|iframe|image|img|input|link|math|meta|"
    r"object|picture|portal|script|select|source|style|svg|textarea|track|video)(?=[\s/>]|$)",
    re.IGNORECASE,
)
