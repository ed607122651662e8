"""MkDocs hook: refuse guide pages whose raw HTML or front matter a reader's browser would act on.

Thin by design: the checks live in `cwc_checklists.guide_pages`, which `make check` runs too
(scripts/check.py, step `pages`). Every problem is one `file:line: ...` line; the build stops.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from cwc_checklists.guide_pages import check_guide_page, check_rendered, check_site_values
from mkdocs.exceptions import Abort

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """site_name, site_description and site_author reach every page's <head> as written."""
    with open(config.config_file_path, encoding="utf-8") as file:
        text = file.read()
    _abort_on(check_site_values(dict(config.items()), text), "mkdocs.yml")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every guide page's source (front matter and body), before any page is rendered."""
    problems = []
    for file in files.documentation_pages():
        if _contributed(file.src_uri, file.generated_by, config):
            problems += check_guide_page(file.content_string, f"docs/{file.src_uri}")
    _abort_on(problems, "the guide pages")
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML a guide page became: raw HTML that Markdown passed on unseen by the source check."""
    if _contributed(page.file.src_uri, page.file.generated_by, config):
        _abort_on(check_rendered(html, page.file.content_string, f"docs/{page.file.src_uri}"), "the guide pages")
    return html


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _contributed(src_uri: str, generated_by: str | None, config: MkDocsConfig) -> bool:
    """A page someone wrote, not one the checklist generator made from checklists/<id>.yml (which escapes
    every value). The generator's pages may also sit in docs/, written ahead by `make generate` for a
    build without hooks/checklists.py; with that hook, such a file stops the build anyway."""
    if generated_by is not None:
        return False
    match = _GENERATED.match(src_uri)
    if match is None:
        return True
    data = Path(config.config_file_path).resolve().parent / "checklists"
    return not (match["id"] == "index" and match["print"] is None and data.is_dir()) and not (data / f"{match['id']}.yml").is_file()


def _abort_on(problems: list, where: str) -> None:
    if not problems:
        return
    for problem in problems:
        log.error("%s", problem)
    raise Abort(f"Aborted: {len(problems)} problem(s) in {where}, listed above.")


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.guide_pages")
# The paths cwc_checklists.render writes: checklists/<id>.md, checklists/<id>/print.md, checklists/index.md.
_GENERATED = re.compile(r"^checklists/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?P<print>/print)?\.md$")
