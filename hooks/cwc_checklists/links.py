"""The one link rule of the generated pages.

- In generated Markdown, a link to another page names its `.md` file, relative to the generated source
  file (`[all checklists](index.md)`), as Material's own `shortcodes.py` hook does: MkDocs turns it into
  the page's URL and the strict build checks that the page and its anchor exist.
- What must stay raw HTML (a stylesheet's `<link href>`, a `<script src>`, a link inside a block of
  raw HTML, which Markdown leaves alone) gets its URL from `Links.html`, MkDocs' own `get_relative_url`
  between the two pages' URLs, the URLs MkDocs gives them (`File.url`).
"""

from __future__ import annotations

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url


class Links:
    """Links from one generated page to pages and assets, for one build's settings."""

    def __init__(self, site_url: str | None = None, use_directory_urls: bool = True) -> None:
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.use_directory_urls = use_directory_urls
        self._urls: dict[str, str] = {}  # src -> URL: a File is made once per path, not once per link

    def md(self, from_src: str, to_src: str) -> str:
        """A Markdown link target: `to_src` (a docs file, maybe with a #fragment) relative to the source file `from_src`."""
        target, _, fragment = to_src.partition("#")
        return relative_url(target, from_src) + (f"#{fragment}" if fragment else "")

    def html(self, from_src: str, to_src: str) -> str:
        """A URL for raw HTML on the page of `from_src`: to the page of docs file `to_src` (maybe with a
        #fragment), or to a file such as an asset, relative to the page's URL so any sub-path works."""
        target, _, fragment = to_src.partition("#")
        return relative_url(self.url(target), self.url(from_src)) + (f"#{fragment}" if fragment else "")

    def url(self, src: str) -> str:
        """The URL MkDocs gives docs file `src`, from the site root: `checklists/x/` (flat: `checklists/x.html`),
        `./` for the home page; a file that is not a page keeps its path."""
        url = self._urls.get(src)
        if url is None:
            url = self._urls[src] = File(src, None, "", self.use_directory_urls).url
        return url

    def site_path(self, src: str) -> str:
        """Where the page of `src` lives below the site root: `checklists/x/`, or `` for the home page."""
        url = self.url(src)
        return "" if url == "./" else url

    def absolute(self, src: str) -> str | None:
        """The page's full address, when the site's address is known."""
        return self.site_url + self.site_path(src) if self.site_url else None


def relative_url(url: str, other: str) -> str:
    """`url` relative to `other` (both from the site root; `other`'s last part is dropped when it has a
    dot, as a file's name): MkDocs' `get_relative_url`, the one way links are made relative here."""
    return get_relative_url(url, other)
