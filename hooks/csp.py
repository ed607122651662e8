"""MkDocs hook: let `mkdocs serve` live-reload under the site's Content-Security-Policy.

The policy itself is markup (overrides/partials/csp.html), so any builder of the theme emits it.
Its `script-src 'self'` blocks the inline `<script>livereload(...)</script>` that `mkdocs serve`
injects into every page; while serving, and only then, this hook adds 'unsafe-inline' to
script-src so the preview reloads as files change. Built sites (`mkdocs build`) are untouched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this process serves (the command cannot change while it runs)."""
    global _serving  # set once per process, before any build; not per-build state
    _serving = command == "serve"
    if _serving:
        log.info("Content-Security-Policy: script-src allows inline script while serving (live reload)")


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return relax_for_live_reload(output) if _serving else output


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """404.html is a theme template, not a page."""
    return relax_for_live_reload(output_content) if _serving and template_name.endswith(".html") else output_content


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def relax_for_live_reload(html: str) -> str:
    """The page with 'unsafe-inline' added to its policy's script-src (for `mkdocs serve` only)."""
    if STRICT not in html:
        return html
    return html.replace(STRICT, RELAXED, 1)


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

STRICT = "script-src 'self';"
RELAXED = "script-src 'self' 'unsafe-inline';"
log = logging.getLogger("mkdocs.hooks.csp")
_serving = False
