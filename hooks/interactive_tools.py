"""MkDocs hook: the interactive tools' markup and the whole guide on one page.

- Markers in pages (`<!-- cwc:questionnaire incoming-request -->`, ...) become HTML drawn from the
  checklist and decision data (`cwc_checklists.tools`).
- `whole-guide.md` is generated: every guide page, then the checklists, on one printable page
  (`cwc_checklists.whole_guide`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from cwc_checklists import CATALOG_KEY, ChecklistError, load_all
from cwc_checklists.tools import DIAGRAM_CSS, MARKER, expand_markers, load_context
from cwc_checklists.whole_guide import Part, combine

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read the tools' data once for this build, and add the whole-guide page (its content is filled
    in once every page is rendered)."""
    project_dir = Path(config.config_file_path).parent
    try:
        # hooks/checklists.py (listed first) has read the checklists; without it, read them here.
        catalog = config.get(CATALOG_KEY) or load_all(project_dir, Path(config.docs_dir))
        config[CONTEXT_KEY] = load_context(project_dir, catalog, config.extra)
    except ChecklistError as exc:
        raise PluginError(str(exc)) from None
    if files.get_file_from_path(WHOLE_GUIDE) is not None:
        raise PluginError(f"docs/{WHOLE_GUIDE} exists, but hooks/interactive_tools.py generates it; delete docs/{WHOLE_GUIDE}.")
    page = File.generated(config, WHOLE_GUIDE, content=WHOLE_GUIDE_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV)
    # "Edit this page" opens this hook, where the page's own words live (the rest comes from each page).
    page.edit_uri = Path(os.path.relpath(Path(__file__).resolve(), Path(config.docs_dir).resolve())).as_posix()
    files.append(page)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Expand the tools' markers, drawing on the checklist and decision data."""
    if not MARKER.search(markdown):
        return markdown
    try:
        return expand_markers(markdown, src_path=page.file.src_uri, context=config[CONTEXT_KEY], use_directory_urls=config.use_directory_urls)
    except ChecklistError as exc:
        raise PluginError(str(exc)) from None


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Fill the whole-guide page: MkDocs has rendered every page's content by now."""
    if page.file.src_uri != WHOLE_GUIDE:
        return context
    guide, checklists = [], []
    for other in nav.pages:
        src = other.file.src_uri
        if src in _LEFT_OUT or src.startswith(_LEFT_OUT_DIRS) or other.content is None:
            continue
        sections = tuple((h2.id, h2.title) for h1 in other.toc for h2 in h1.children)
        part = Part(url=other.url, title=other.title or src, content=other.content, sections=sections)
        (checklists if src.startswith("checklists/") else guide).append(part)
    stylesheet = get_relative_url(DIAGRAM_CSS, page.url)  # the decision diagram on Answering a request
    combined, dangling = combine(guide + checklists, page_url=page.url, stylesheet=stylesheet)
    for target in dangling:
        log.warning("docs/%s: the whole guide links to #%s, which is not on the page", WHOLE_GUIDE, target)
    page.content = page.content.replace(PLACEHOLDER, combined)
    return context


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.interactive_tools")

CONTEXT_KEY = "cwc_tools_context"  # the tools' data for this build, on the MkDocs config
WHOLE_GUIDE = "whole-guide.md"
PLACEHOLDER = '<div class="cwc-whole-placeholder"></div>'
_LEFT_OUT = ("index.md", "contributing.md", "checklists/index.md", WHOLE_GUIDE)
_LEFT_OUT_DIRS = ("tools/",)
WHOLE_GUIDE_MARKDOWN = f"""---
title: The whole guide on one page
description: Every page of Connect with Care, with the checklists at the end, on one page to print or save as a PDF.
search:
  exclude: true
---

# The whole guide on one page

Every page of the guide, then the checklists, on one page. To keep it, print it or
choose "Save as PDF" in your browser's print dialog (Ctrl+P, or Cmd+P on a Mac). The
checklists print with the boxes you have ticked in this browser.

{PLACEHOLDER}
"""
