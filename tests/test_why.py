"""The `why` renderer (hooks/cwc_checklists/why.py) on its own: Python-Markdown's HTML, vetted. What it drops is
reported, with the messages the loader turns into `file:line` errors. The hostile corpus and the
property over any short Markdown are in test_hostile_content.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from cwc_checklists.why import WhyRenderer  # noqa: E402

HTML_NOT_ALLOWED = "HTML is not allowed in 'why': write Markdown, or put code in backticks"


def render(text: str) -> tuple[str, list[str]]:
    return WhyRenderer().render(text)


def test_a_plain_paragraph() -> None:
    assert render("Say *why*, **briefly**, with `code`.") == (
        "<p>Say <em>why</em>, <strong>briefly</strong>, with <code>code</code>.</p>", []
    )


def test_paragraphs_and_a_list() -> None:
    assert render("A list:\n\n- one\n- two") == ("<p>A list:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>", [])


@pytest.mark.parametrize(
    "text, html",
    [
        ("# Heading", "<p>Heading</p>"),
        ("### Heading {: onclick=x }", "<p>Heading {: onclick=x }</p>"),
        ("Title\n=====\nMore.", "<p>Title</p>\n<p>More.</p>"),
        ("Title: x\n---\ntemplate: evil.html", "<p>Title: x</p>\n<p>template: evil.html</p>"),
        ("- # In a list", "<ul>\n<li>\n<p>In a list</p>\n</li>\n</ul>"),
    ],
)
def test_a_heading_stays_paragraph_text(text: str, html: str) -> None:
    assert render(text) == (html, [])


def test_an_https_link_survives() -> None:
    assert render('[Read](https://example.org/a?b=1&c=2 "More") and <https://example.org/x>') == (
        '<p><a href="https://example.org/a?b=1&amp;c=2" title="More">Read</a> and '
        '<a href="https://example.org/x">https://example.org/x</a></p>',
        [],
    )


@pytest.mark.parametrize(
    "text, shown, href",
    [
        ("<someone@example.org>", "someone@example.org", "mailto:someone@example.org"),
        ("[Mail](mailto:a@b.c)", "Mail", "mailto:a@b.c"),
        ("[Read](http://example.org/)", "Read", "http://example.org/"),
        ("[Read](../sources/)", "Read", "../sources/"),
        ("[Read](//evil.example/)", "Read", "//evil.example/"),
        # Dangerous targets: the message names what was written, entities decoded.
        ("[Click](javascript:alert(1))", "Click", "javascript:alert(1)"),
        ("[Click](&#106;avascript:alert(1))", "Click", "javascript:alert(1)"),
        ("[Click][r]\n\n[r]: vbscript:msgbox(1)", "Click", "vbscript:msgbox(1)"),
        ("[*Click*](data:text/html,x)", "<em>Click</em>", "data:text/html,x"),
    ],
)
def test_any_other_link_becomes_its_text_and_is_reported(text: str, shown: str, href: str) -> None:
    assert render(text) == (f"<p><span>{shown}</span></p>", [f"'why' links to {href!r}; use a full https:// address"])


def test_links_are_reported_in_order_next_to_raw_html() -> None:
    html, dropped = render('<a href="javascript:x">raw</a> [one](javascript:one) [two](https://ok.example/)')
    assert html == '<p>raw <span>one</span> <a href="https://ok.example/">two</a></p>'
    assert dropped == [
        "'why' links to 'javascript:one'; use a full https:// address",
        f"'why' contains HTML (<a>, </a>); {HTML_NOT_ALLOWED}",
    ]


@pytest.mark.parametrize(
    "text, src",
    [
        ('![a "smile" & <grin>](https://example.org/s.png "T") Hi', "https://example.org/s.png"),
        ('![a "smile" & <grin>](data:image/svg+xml;base64,PHN2Zz4=) Hi', "data:image/svg+xml;base64,PHN2Zz4="),
    ],
)
def test_an_image_becomes_its_alt_text_and_is_reported(text: str, src: str) -> None:
    assert render(text) == (
        '<p><span>a "smile" &amp; &lt;grin&gt;</span> Hi</p>',
        [
            f"'why' contains an image ({src!r}); images are not allowed, describe it in words",
            f"'why' contains HTML (<grin>); {HTML_NOT_ALLOWED}",  # the tag-like <grin> in its alt text
        ],
    )


@pytest.mark.parametrize(
    "text, html, tags",
    [
        ("<b>Bold</b> words<br>", "<p>Bold words</p>", "<b>, </b>, <br>"),
        ('<div markdown="1">**bold** [x](javascript:alert(1))</div>', "", "<div>, </div>"),
        ("<details open ontoggle=window.__pwned=1>", "", "<details>"),
        ("Hidden <!-- note --> words", "<p>Hidden  words</p>", "<!--"),
        ("A <![CDATA[x]]> and `<i>` in code", "<p>A  and <code>&lt;i&gt;</code> in code</p>", "<![CDATA["),
        ("x <scr<script>ipt>y</script>", "<p>x &lt;script&gt;y</p>", "<script>, </script>"),
        # Not an autolink (those are http(s):// or ftp://): Python-Markdown takes it for a tag.
        ("<javascript:alert(1)>", "", "a raw HTML comment or tag"),
        ("<svg onload=window.__pwned=1>", "<p>&lt;svg onload=window.__pwned=1&gt;</p>", "<svg>"),  # shown as text, still refused
    ],
)
def test_raw_html_is_reported_naming_the_tags(text: str, html: str, tags: str) -> None:
    assert render(text) == (html, [f"'why' contains HTML ({tags}); {HTML_NOT_ALLOWED}"])


def test_tags_in_code_or_written_with_entities_are_text() -> None:
    assert render("Never paste an `<iframe>`; &lt;b&gt; is fine.\n\n```html\n<script>\n```") == (
        "<p>Never paste an <code>&lt;iframe&gt;</code>; &lt;b&gt; is fine.</p>\n<pre><code>&lt;script&gt;\n</code></pre>",
        [],
    )


def test_an_active_tag_that_shows_as_text_is_reported() -> None:
    """`< script ...>` (a space after `<`) is not HTML to Python-Markdown, so it shows as text; it is
    still refused, as the contributor meant it to run."""
    html, dropped = render("< script src=https://evil.example/x.js>")
    assert html == "<p>&lt; script src=https://evil.example/x.js&gt;</p>"
    assert dropped == [
        "'why' contains an HTML <script> tag; HTML is not allowed in 'why' (it shows as text, and nothing may "
        "load from another site): write Markdown, e.g. [words](https://...)"
    ]


def test_numbered_lists_keep_their_start() -> None:
    assert render("3. three\n4. four") == ('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>', [])
