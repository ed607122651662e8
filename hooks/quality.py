"""Post-process every rendered page so the theme's own markup is valid HTML and accessible.

Material 9.8.1 writes a few things the Nu HTML Checker or axe-core reject on every page that
no template block reaches, or only by copying a large partial:

- `autocomplete="off"` on the hidden drawer/search toggle checkboxes (directly in `base.html`;
  `autocomplete` is not allowed on checkboxes). Firefox's form-state restore, which it was there
  to stop, is undone by `assets/javascripts/site.js` instead.
- `tabindex=""` (not an integer) on navigation section labels (`partials/nav-item.html`).
- Task-list checkboxes (`pymdownx.tasklist`) with no accessible name: each gets the item's
  text as its `aria-label`.

Theme fixes that a template override or CSS can make live in `overrides/` and
`docs/assets/stylesheets/site.css`; this hook only does what they cannot.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Fix the theme's markup in every Markdown page."""
    return fix_theme_markup(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Fix the theme's markup in pages built from templates alone (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    return fix_theme_markup(output_content)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def fix_theme_markup(page_html: str) -> str:
    """Return `page_html` with the theme's invalid or unnamed controls repaired."""
    page_html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", page_html)
    page_html = page_html.replace(_EMPTY_TABINDEX, "")
    return _TASK_ITEM.sub(_name_task_checkbox, page_html)


def _name_task_checkbox(match: re.Match[str]) -> str:
    """Give a task-list checkbox the text of its list item as its accessible name."""
    item_start, control, rest = match.group("start"), match.group("control"), match.group("rest")
    if "aria-label" in control or "aria-labelledby" in control:
        return match.group(0)
    label = " ".join(html.unescape(_TAG.sub("", rest)).split())
    if not label:
        return match.group(0)
    named = _CHECKBOX.sub(
        lambda box: box.group(0).replace("<input", f'<input aria-label="{html.escape(label)}"', 1),
        control,
        count=1,
    )
    return item_start + named + rest


# ----------------------------------------------------------------------------
# Patterns
# ----------------------------------------------------------------------------

# Material's hidden toggles: <input class="md-toggle" ... type="checkbox" ... autocomplete="off">
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?)\s+autocomplete="off"')

# Material's navigation section labels: tabindex="" (not an integer) where it means "not focusable".
_EMPTY_TABINDEX = ' tabindex=""'

# A pymdownx task-list item: the checkbox (bare, or in a custom-checkbox <label>) and the
# item's own text up to its first nested list or its end.
_TASK_ITEM = re.compile(
    r'(?P<start><li class="task-list-item">\s*)'
    r'(?P<control><label class="task-list-control">.*?</label>|<input type="checkbox"[^>]*>)'
    r"(?P<rest>.*?)(?=<ul|<ol|</li>)",
    re.DOTALL,
)
_CHECKBOX = re.compile(r'<input type="checkbox"[^>]*>')
_TAG = re.compile(r"<[^>]+>")
