"""MkDocs hook: the interactive tools' markup and the whole guide on one page.

- Markers in pages (`<!-- cwc:questionnaire incoming-request -->`, ...) become HTML drawn from the
  checklist and decision data (`cwc_checklists.tools`).
- `whole-guide.md` is generated: every guide page, then the checklists, on one printable page
  (`cwc_checklists.whole_guide`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from cwc_checklists import CATALOG_KEY, ChecklistError, load_all
from cwc_checklists.links import relative_url
from cwc_checklists.tools import MARKER, expand_markers, load_context
from cwc_checklists.whole_guide import MARKDOWN as WHOLE_GUIDE_MARKDOWN
from cwc_checklists.whole_guide import PLACEHOLDER, WHOLE_GUIDE, from_pages

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
    page.edit_uri = relative_url(Path(__file__).resolve().as_posix(), Path(config.docs_dir).resolve().as_posix() + "/")
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
    combined, dangling = from_pages(nav.pages, page_url=page.url, use_directory_urls=config.use_directory_urls)
    for target in dangling:
        log.warning("docs/%s: the whole guide links to #%s, which is not on the page", WHOLE_GUIDE, target)
    page.content = page.content.replace(PLACEHOLDER, combined)
    return context


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.interactive_tools")

CONTEXT_KEY = "cwc_tools_context"  # the tools' data for this build, on the MkDocs config
