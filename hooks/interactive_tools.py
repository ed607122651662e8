"""MkDocs hook: turns the interactive tools' markers (`<!-- cwc:... -->`) into HTML at build time.

The markup comes from `cwc_checklists.tools`, drawn from the same checklist and decision data as the
checklist pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from cwc_checklists import ChecklistError, load_all
from cwc_checklists.tools import MARKER, expand_markers, load_context

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not MARKER.search(markdown):
        return markdown
    project_dir = Path(config.config_file_path).parent
    try:
        catalog = load_all(project_dir, Path(config.docs_dir))
        context = load_context(project_dir, catalog, config.extra)
        return expand_markers(markdown, src_path=page.file.src_uri, context=context)
    except ChecklistError as exc:
        raise PluginError(str(exc)) from None
