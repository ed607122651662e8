"""Strip comments and indentation from the project's own CSS and JavaScript in the built site.

The sources under `docs/assets/` stay commented and readable; what a reader downloads is
smaller (the weight budget: the project's own JS + CSS at most 4 KB gzipped per page, see
tests/test_budgets_weight.py). Only files that come from `docs/assets/` are touched, never
the theme's (already minified) assets. The rules are deliberately conservative: comments,
indentation and blank lines go; nothing inside a line of code is rewritten.
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
        saved += len(text) - len(smaller)
        built.write_text(smaller, encoding="utf-8")
    log.debug("minified the site's own CSS and JS: %s bytes saved", saved)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def minify_css(text: str) -> str:
    """CSS without comments, with whitespace collapsed except where it is a descendant combinator."""
    text = _CSS_COMMENT.sub("", text)
    text = _WHITESPACE.sub(" ", text)
    return _CSS_PUNCTUATION_SPACE.sub(r"\1", text).strip() + "\n"


def minify_js(text: str) -> str:
    """JavaScript without whole-line comments, indentation or blank lines (code lines unchanged)."""
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
        kept.append(stripped)
    return "\n".join(kept) + "\n"


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
# Space around these is never meaningful in CSS (a space before ':' can be, so ':' is left alone).
_CSS_PUNCTUATION_SPACE = re.compile(r"\s*([{};,>])\s*")
_MINIFIERS = {".css": minify_css, ".js": minify_js}

log = logging.getLogger("mkdocs.hooks.minify_assets")
