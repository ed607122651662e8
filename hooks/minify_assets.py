"""Strip comments and indentation from the project's own CSS and JavaScript in the built site, and
put each stylesheet's `@import`s of the project's own stylesheets into it.

The sources under `docs/assets/` stay commented and readable; what a reader downloads is
smaller (the weight budget: the project's own JS + CSS at most 4 KB gzipped per page, see
tests/test_budgets_weight.py). Only files that come from `docs/assets/` are touched, never
the theme's (already minified) assets. The rules are deliberately conservative: comments,
indentation and blank lines go; nothing inside a line of code is rewritten. A stylesheet
that shares rules with others imports them (`@import "common.css";`): the build replaces the
import with the file, so a page downloads one file, which also compresses better; a build
without this hook still works, the browser fetching the imports itself.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_post_build(*, config: MkDocsConfig) -> None:
    """Minify every .css and .js file the build copied from docs/assets/."""
    docs_assets = Path(config.docs_dir) / "assets"
    site_dir = Path(config.site_dir)
    saved = 0
    for source in sorted(docs_assets.rglob("*")):
        minify = _MINIFIERS.get(source.suffix)
        if minify is None:
            continue
        built = site_dir / source.relative_to(config.docs_dir)
        if not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        smaller = minify(text)
        if source.suffix == ".css":
            smaller = inline_imports(smaller, source, docs_assets)
        saved += len(text) - len(smaller)
        built.write_text(smaller, encoding="utf-8")
    log.debug("minified the site's own CSS and JS: %s bytes saved", saved)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def minify_css(text: str) -> str:
    """CSS without comments, with whitespace collapsed except where it is a descendant combinator.

    Strings ("Tip: ") are kept exactly as written; a quote inside a comment does not start one.
    """
    strings: list[str] = []

    def set_aside(match: re.Match) -> str:
        if match.group(1):  # a comment
            return ""
        strings.append(match.group(2))
        return f"\0{len(strings) - 1}\0"

    text = _CSS_COMMENT_OR_STRING.sub(set_aside, text)
    text = _WHITESPACE.sub(" ", text)
    text = _CSS_PUNCTUATION_SPACE.sub(r"\1", text)
    text = _CSS_AFTER_COLON.sub(":", text).replace(";}", "}").replace(" !important", "!important")
    return _CSS_STRING_MARK.sub(lambda m: strings[int(m.group(1))], text).strip() + "\n"


def inline_imports(css: str, path: Path, root: Path, _seen: frozenset[Path] = frozenset()) -> str:
    """Minified CSS with each plain `@import "file.css";` of a stylesheet under `root` replaced by
    that file, minified, its own imports inlined too. Imports with media queries are left alone."""

    def inline(match: re.Match) -> str:
        target = (path.parent / match.group(2)).resolve()
        seen = _seen | {path.resolve()}
        if target in seen or root.resolve() not in target.parents or not target.is_file():
            log.warning(
                "%s: @import \"%s\" is not another stylesheet under docs/assets/; fix the path (relative to this file)",
                f"{root.parent.name}/{path.relative_to(root.parent).as_posix()}", match.group(2),
            )
            return match.group(0)
        return inline_imports(minify_css(target.read_text(encoding="utf-8")), target, root, seen).strip()

    return _CSS_IMPORT.sub(inline, css)


def minify_js(text: str) -> str:
    """JavaScript without whole-line comments, indentation or blank lines, and without the spaces
    around punctuation in a line (see `_collapse_js_line`); line breaks are kept, so semicolon
    insertion cannot change."""
    if any(line.count("`") % 2 or line.endswith("\\") for line in text.splitlines()):
        return text  # a string spans lines: its indentation is content, leave the file alone
    kept, in_block = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if in_block or stripped.startswith("/*"):
            end = stripped.find("*/", 0 if in_block else 2)
            in_block = end < 0
            stripped = "" if in_block else stripped[end + 2 :].strip()
        if not stripped or stripped.startswith("//"):
            continue
        kept.append(_collapse_js_line(stripped))
    return "\n".join(kept) + "\n"


def _collapse_js_line(line: str) -> str:
    """One line of code without the spaces next to `{ } ( ) [ ] , ; : = ? < > ! & | * %`, strings and
    templates kept as written. Conservative: a line with a `/` outside its strings (a regular
    expression, a division or a comment) is left as it is; around `+` and `-`, only where no other
    `+` or `-` is next to it (`a - -b` keeps its spaces)."""
    parts = _JS_STRING.split(line)  # odd indexes: the strings and templates
    if any(c in part for part in parts[::2] for c in "\"'`/"):
        return line  # a quote that does not close on this line, or a "/": leave it alone
    return "".join(part if index % 2 else _JS_PLUS_MINUS_SPACE.sub(r"\1", _JS_PUNCTUATION_SPACE.sub(r"\1", part)) for index, part in enumerate(parts))


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

# A comment or a string, whichever starts first (strings are set aside while the rest is minified).
_CSS_COMMENT_OR_STRING = re.compile(r"(/\*.*?\*/)|(\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
# Space around these is never meaningful in CSS (a space before ':' can be, so ':' is left alone).
_CSS_PUNCTUATION_SPACE = re.compile(r"\s*([{};,>])\s*")
# Space after ':' never is (`a :hover` keeps the space before it: a descendant combinator).
_CSS_AFTER_COLON = re.compile(r":\s+")
_CSS_STRING_MARK = re.compile(r"\0(\d+)\0")
# `@import "x.css";` or `@import url("x.css");` as minify_css writes it, with no media query.
_CSS_IMPORT = re.compile(r"""@import ?(?:url\()?(["'])([^"'\s]+)\1\)?;""")
# A JavaScript string in double or single quotes, or a template literal, on one line.
_JS_STRING = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)""")
_JS_PUNCTUATION_SPACE = re.compile(r"[ \t]*([{}()\[\],;:=?<>!&|*%]+)[ \t]*")
_JS_PLUS_MINUS_SPACE = re.compile(r"(?<![+\-\s])[ \t]*([+-])[ \t]*(?![+\-\s])")
_MINIFIERS = {".css": minify_css, ".js": minify_js}

log = logging.getLogger("mkdocs.hooks.minify_assets")
