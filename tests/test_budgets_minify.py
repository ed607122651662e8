"""hooks/minify_assets.py: what it strips from the site's own CSS and JS, and what it must keep."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def _load_hook():
    """hooks/minify_assets.py, loaded by path as MkDocs does (the hooks folder is not a package)."""
    spec = importlib.util.spec_from_file_location("cwc_minify_hook", ROOT / "hooks" / "minify_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


@pytest.mark.parametrize(
    "source, minified",
    [
        pytest.param("/* why */\na {\n  color: red;\n}\n", "a{color:red}\n", id="comment-and-indentation"),
        pytest.param(".md-typeset :is(p, li) a { x: 1 }", ".md-typeset :is(p,li) a{x:1}\n", id="descendant-space-kept"),
        pytest.param("a  >  b , c { margin: 0 auto }", "a>b,c{margin:0 auto}\n", id="combinator-and-value-spaces"),
        pytest.param("a { width: calc(100% - 2px) }", "a{width:calc(100% - 2px)}\n", id="calc-spaces-kept"),
        pytest.param(
            "@media print {\n  .x { display: block; }\n}\n", "@media print{.x{display:block}}\n", id="media-query"
        ),
        pytest.param('a::after { content: "Tip: ; { x }" ; }', 'a::after{content:"Tip: ; { x }"}\n', id="string-kept"),
        pytest.param('/* the "why": */ a { b: 1 !important; }', "a{b:1!important}\n", id="quote-in-comment"),
    ],
)
def test_minify_css(source: str, minified: str) -> None:
    assert hook.minify_css(source) == minified


@pytest.mark.parametrize(
    "source, minified",
    [
        pytest.param("// why\nvar a = 1;\n\n  f(a);\n", "var a=1;\nf(a);\n", id="line-comment-blank-indent"),
        pytest.param('const f = (a, b) => { if (a) g(b, "x = { y }"); };\n', 'const f=(a,b)=>{if(a)g(b,"x = { y }");};\n', id="spaces-at-punctuation-strings-kept"),
        pytest.param("x = a - -b + +c - d + e++ + f;\n", "x=a - -b + +c-d+e++ + f;\n", id="plus-minus-spaces-kept-where-needed"),
        pytest.param('t = `${a ? "x" : y} = ${b}`;\n', 't=`${a ? "x" : y} = ${b}`;\n', id="template-kept"),
        pytest.param('u = "a/b" + c;\n', 'u="a/b"+c;\n', id="slash-in-string-only"),
        pytest.param("if (s) t = s.replace(/ = /g, ', ');\n", "if (s) t = s.replace(/ = /g, ', ');\n", id="regex-line-untouched"),
        pytest.param("const s = 'it\\'s { a }', t = \"a 'b' { c }\";\n", "const s='it\\'s { a }',t=\"a 'b' { c }\";\n", id="quotes-in-strings"),
        pytest.param("/* one\n   two */\nvar a;\n", "var a;\n", id="block-comment"),
        pytest.param("/* c */ var a;\n", "var a;\n", id="code-after-block-comment"),
        pytest.param('var u = "http://x"; // end\n', 'var u = "http://x"; // end\n', id="code-line-untouched"),
        pytest.param("var s = `a\n    b`;\n// c\n", "var s = `a\n    b`;\n// c\n", id="multiline-template-left-alone"),
    ],
)
def test_minify_js(source: str, minified: str) -> None:
    assert hook.minify_js(source) == minified


def test_a_stylesheets_imports_are_put_into_it(tmp_path, caplog) -> None:
    root = tmp_path / "assets"
    (root / "tools").mkdir(parents=True)
    (root / "shared.css").write_text("/* shared */\n.x { a: 1; }\n", encoding="utf-8")
    (root / "tools" / "common.css").write_text('@import url("../shared.css");\n.y { b: 2; }\n', encoding="utf-8")
    tool = root / "tools" / "tool.css"
    tool.write_text('@import "common.css";\n.z { c: 3; }\n', encoding="utf-8")
    assert hook.inline_imports(hook.minify_css(tool.read_text()), tool, root) == ".x{a:1}.y{b:2}.z{c:3}\n"
    # An import for some media only is left to the browser.
    (root / "print.css").write_text('@import "shared.css" print;\n', encoding="utf-8")
    assert hook.inline_imports(hook.minify_css((root / "print.css").read_text()), root / "print.css", root) == '@import "shared.css" print;\n'
    assert not caplog.records


@pytest.mark.parametrize("target", ["missing.css", "tool.css", "../../outside.css"], ids=["missing", "itself", "outside"])
def test_an_import_that_cannot_be_put_in_is_left_and_named(tmp_path, caplog, target: str) -> None:
    root = tmp_path / "docs" / "assets"
    root.mkdir(parents=True)
    (tmp_path / "outside.css").write_text("a{b:1}", encoding="utf-8")
    tool = root / "tool.css"
    tool.write_text(f'@import "{target}";\n', encoding="utf-8")
    assert hook.inline_imports(hook.minify_css(tool.read_text()), tool, root) == f'@import "{target}";\n'
    assert [r.getMessage() for r in caplog.records] == [
        f'docs/assets/tool.css: @import "{target}" is not another stylesheet under docs/assets/; fix the path (relative to this file)'
    ]
