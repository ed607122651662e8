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
        pytest.param("/* why */\na {\n  color: red;\n}\n", "a{color: red;}\n", id="comment-and-indentation"),
        pytest.param(".md-typeset :is(p, li) a { x: 1 }", ".md-typeset :is(p,li) a{x: 1}\n", id="descendant-space-kept"),
        pytest.param("a  >  b , c { margin: 0 auto }", "a>b,c{margin: 0 auto}\n", id="combinator-and-value-spaces"),
        pytest.param("a { width: calc(100% - 2px) }", "a{width: calc(100% - 2px)}\n", id="calc-spaces-kept"),
        pytest.param(
            "@media print {\n  .x { display: block; }\n}\n", "@media print{.x{display: block;}}\n", id="media-query"
        ),
    ],
)
def test_minify_css(source: str, minified: str) -> None:
    assert hook.minify_css(source) == minified


@pytest.mark.parametrize(
    "source, minified",
    [
        pytest.param("// why\nvar a = 1;\n\n  f(a);\n", "var a = 1;\nf(a);\n", id="line-comment-blank-indent"),
        pytest.param("/* one\n   two */\nvar a;\n", "var a;\n", id="block-comment"),
        pytest.param("/* c */ var a;\n", "var a;\n", id="code-after-block-comment"),
        pytest.param('var u = "http://x"; // end\n', 'var u = "http://x"; // end\n', id="code-line-untouched"),
        pytest.param("var s = `a\n    b`;\n// c\n", "var s = `a\n    b`;\n// c\n", id="multiline-template-left-alone"),
    ],
)
def test_minify_js(source: str, minified: str) -> None:
    assert hook.minify_js(source) == minified
