"""Pure functions behind the tools: relative links, marker expansion, escaping, the whole-guide combiner."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from cwc_checklists import ChecklistError, load_all  # noqa: E402
from cwc_checklists.links import Links  # noqa: E402
from cwc_checklists.tools import expand_markers, load_context  # noqa: E402
from cwc_checklists.whole_guide import Part, combine  # noqa: E402


@pytest.fixture(scope="module")
def context():
    return load_context(ROOT, load_all(ROOT), {"connection_note": {"limit": 280, "short_limit": 150}})


@pytest.mark.parametrize(
    ("src", "expected"),
    [("index.md", ""), ("sources.md", "sources/"), ("tools/index.md", "tools/"), ("tools/connection-note.md", "tools/connection-note/")],
)
def test_page_url_follows_mkdocs_directory_urls(src, expected) -> None:
    assert Links().site_path(src) == expected


@pytest.mark.parametrize(
    ("from_src", "to", "expected"),
    [
        ("answering-a-request.md", ("sources.md", "halpert"), "../sources/#halpert"),
        ("tools/connection-note.md", ("sources.md", "halpert"), "../../sources/#halpert"),
        ("index.md", ("sources.md", ""), "sources/"),
        ("tools/should-i-accept.md", ("tools/should-i-accept.md", ""), "./"),
        ("tools/index.md", ("checklists/pre-connect.md", ""), "../checklists/pre-connect/"),
    ],
)
def test_links_are_relative_so_any_sub_path_works(from_src, to, expected) -> None:
    assert Links().html(from_src, f"{to[0]}#{to[1]}" if to[1] else to[0]) == expected


@pytest.mark.parametrize(
    ("from_src", "to", "expected"),
    [
        ("answering-a-request.md", ("sources.md", "halpert"), "sources.html#halpert"),
        ("tools/connection-note.md", ("sources.md", ""), "../sources.html"),
        ("tools/index.md", ("tools/should-i-accept.md", ""), "should-i-accept.html"),
        ("index.md", ("checklists/pre-connect.md", ""), "checklists/pre-connect.html"),
    ],
)
def test_links_work_with_flat_urls_too(from_src, to, expected) -> None:
    assert Links(use_directory_urls=False).html(from_src, f"{to[0]}#{to[1]}" if to[1] else to[0]) == expected


def test_assets_are_linked_relative_to_the_page() -> None:
    assert Links().html("tools/connection-note.md", "assets/javascripts/tools/note.js") == "../../assets/javascripts/tools/note.js"


def test_markers_expand_with_their_assets_once(context) -> None:
    md = "# T\n\n<!-- cwc:questionnaire incoming-request -->\n\n<!-- cwc:decision-diagram incoming-request -->\n"
    out = expand_markers(md, src_path="tools/should-i-accept.md", context=context)
    assert "<!-- cwc:" not in out
    assert out.count("tools/diagram.css") == 1 and out.count("tools/decide.css") == 1
    assert out.count('<script src="../../assets/javascripts/tools/decide.js"></script>') == 1


def test_note_limits_come_from_the_configuration(context) -> None:
    out = expand_markers("<!-- cwc:note-helper -->\n\n<!-- cwc:value note-limit --> and <!-- cwc:value note-short-limit -->",
                         src_path="tools/connection-note.md", context=context)
    assert 'data-limit="280" data-short-limit="150"' in out
    assert "280 and 150" in out


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("<!-- cwc:questionaire incoming-request -->", "docs/tools/x.md:3: unknown marker 'cwc:questionaire' (known: "),
        ("<!-- cwc:questionnaire no-such-decision -->", "docs/tools/x.md:3: marker 'cwc:questionnaire': unknown id 'no-such-decision'"),
        ("<!-- cwc:value nope -->", "docs/tools/x.md:3: marker 'cwc:value': unknown id 'nope'"),
    ],
)
def test_a_bad_marker_is_one_line_naming_file_and_line(context, marker, message) -> None:
    with pytest.raises(ChecklistError) as caught:
        expand_markers(f"# T\n\n{marker}\n", src_path="tools/x.md", context=context)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "extra",
    [{"connection_note": {"limit": 100, "short_limit": 200}}, {"connection_note": {"limit": "300"}}, {"connection_note": {"limit": 0}}],
)
def test_bad_note_limits_are_refused(extra) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_context(ROOT, load_all(ROOT), extra)
    assert str(caught.value).startswith("mkdocs.yml: extra.connection_note:")


def test_checklist_text_is_escaped_in_the_builder(context) -> None:
    catalog = context.catalog
    first = catalog.checklists[0]
    hostile = dataclasses.replace(first.items[0], text='<img src=x onerror="alert(1)"> & "quotes"')
    checklists = (dataclasses.replace(first, items=(hostile, *first.items[1:])), *catalog.checklists[1:])
    hostile_context = dataclasses.replace(context, catalog=dataclasses.replace(catalog, checklists=checklists))
    out = expand_markers("<!-- cwc:checklist-builder -->", src_path="tools/checklist-builder.md", context=hostile_context)
    assert "<img" not in out
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#34;quotes&#34;" in out  # escaped as on every page (markupsafe)


# ----------------------------------------------------------------------------
# The whole guide
# ----------------------------------------------------------------------------


def test_combine_prefixes_ids_demotes_headings_and_links_inside_the_page() -> None:
    parts = [
        Part("why/", "Why", '<h1 id="why">Why</h1><h2 id="a">A</h2><a href="../how/#b">see</a> <a href="#a">up</a>', (("a", "A"),)),
        Part("how/", "How", '<h1 id="how">How</h1><h2 id="b">B</h2><label for="x">X</label><input id="x">'
             '<a class="cite" href="../sources/#halpert">Halpert</a><img src="../img/p.png" alt="">', (("b", "B"),)),
    ]
    out, dangling = combine(parts, page_url="whole-guide/", stylesheet="../x.css")
    assert dangling == []
    assert '<h2 id="why--why">' in out and '<h3 id="why--a">' in out and "<h1" not in out.split("</nav>", 1)[1]
    assert 'href="#how--b"' in out and 'href="#why--a"' in out
    assert 'for="how--x"' in out and 'id="how--x"' in out
    assert 'class="cite" href="../sources/#halpert"' in out  # citations keep pointing at the Sources page
    assert 'src="../img/p.png"' in out
    assert '<a href="#why">Why</a><ol><li><a href="#why--a">A</a></li></ol>' in out


def test_combine_reports_links_to_anchors_that_are_not_there() -> None:
    parts = [Part("why/", "Why", '<h1 id="why">Why</h1><a href="#gone">x</a>')]
    _, dangling = combine(parts, page_url="whole-guide/", stylesheet="x.css")
    assert dangling == ["why--gone"]


def test_combine_works_with_flat_urls() -> None:
    parts = [Part("why.html", "Why", '<h1 id="why">Why</h1><a href="how.html#b">b</a> <a class="cite" href="sources.html#x">X</a>'),
             Part("how.html", "How", '<h1 id="how">How</h1><h2 id="b">B</h2>')]
    out, dangling = combine(parts, page_url="whole-guide.html", stylesheet="x.css")
    assert dangling == []
    assert 'href="#how--b"' in out and 'class="cite" href="sources.html#x"' in out
