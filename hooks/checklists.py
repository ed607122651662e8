"""MkDocs hook: add the checklist pages generated from checklists/*.yml to the build.

Thin by design: loading, validation and rendering live in the `cwc_checklists` package, which also
runs on its own (`PYTHONPATH=hooks python -m cwc_checklists --out DIR`) for builders without hooks.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from cwc_checklists import CATALOG_KEY, ChecklistError, load_all
from cwc_checklists.links import relative_url
from cwc_checklists.render import INDEX_PATH, interactive_path, print_path, render_pages
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Load and validate the checklists once for this build, and add their pages as virtual files."""
    project_dir = _project_dir(config)
    try:
        catalog = load_all(project_dir, docs_dir=Path(config.docs_dir))
    except ChecklistError as error:
        for problem in error.problems:
            log.error("%s", problem)
        raise Abort(f"Aborted: {len(error.problems)} problem(s) in the checklist data, listed above.") from None

    # This build's data, for hooks/interactive_tools.py: the config object is made afresh for every
    # build (mkdocs serve included), so nothing outlives the build that read it.
    config[CATALOG_KEY] = catalog
    pages = render_pages(catalog, config.site_url, use_directory_urls=config.use_directory_urls)
    # "Edit this page" on a checklist's pages opens the YAML file it is made from.
    data_files = {path(c): c.path for c in catalog.checklists for path in (interactive_path, print_path)}
    data_files[INDEX_PATH] = INDEX_TEMPLATE  # the index is made from every file; its own words live in its template
    from_docs = _path_from_docs(project_dir, config)
    print_pages = {print_path(c) for c in catalog.checklists}
    for path, content in pages.items():
        if files.get_file_from_path(path) is not None:
            raise Abort(f"Aborted: docs/{path} exists, but hooks/checklists.py generates it; delete docs/{path}.")
        inclusion = InclusionLevel.NOT_IN_NAV if path in print_pages else InclusionLevel.UNDEFINED
        file = File.generated(config, path, content=content, inclusion=inclusion)
        if path in data_files:
            file.edit_uri = f"{from_docs}/{Path(data_files[path]).as_posix()}"
        files.append(file)
    return files


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Rebuild when checklist data changes during `mkdocs serve`."""
    server.watch(str(_project_dir(config) / "checklists"))
    return server


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _path_from_docs(project_dir: Path, config: MkDocsConfig) -> str:
    """The project folder as seen from docs_dir (`..`): MkDocs appends an edit link's path to edit_uri,
    so a data file's edit link is `../checklists/x.yml`."""
    return relative_url(project_dir.as_posix() + "/", Path(config.docs_dir).resolve().as_posix() + "/").rstrip("/")


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.checklists")
INDEX_TEMPLATE = "hooks/cwc_checklists/templates/index.md.jinja"
