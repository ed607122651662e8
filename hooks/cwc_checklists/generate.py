"""Every file the hooks add to or change in a build, as files, for builders that ignore MkDocs hooks.

`generate(config)` takes mkdocs.yml as MkDocs reads it (`read_config`: its `!ENV` tags, defaults and
validation) and returns path in docs/ -> content: the checklist pages, print pages and JSON exports
(`render.render_pages`, as hooks/checklists.py adds them), the guide pages whose tool markers are
expanded (`tools.expand_markers`, as hooks/interactive_tools.py does), and the whole guide on one
page, made from the pages as MkDocs renders them (`whole_guide.from_pages`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .links import Links
from .loader import load_all
from .model import ChecklistError, Problem
from .render import render_pages
from .tools import MARKER, expand_markers, load_context
from .whole_guide import MARKDOWN as WHOLE_GUIDE_MARKDOWN
from .whole_guide import PLACEHOLDER, WHOLE_GUIDE, from_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def read_config(project_dir: Path, site_url: str | None = None) -> MkDocsConfig:
    """The project's mkdocs.yml, read and checked by MkDocs itself; `site_url` overrides its own."""
    from mkdocs.config import load_config

    return load_config(str(Path(project_dir) / "mkdocs.yml"), site_url=site_url)


def generate(config: MkDocsConfig) -> dict[str, str]:
    """Every generated file: path relative to docs/ -> content (ChecklistError on bad data)."""
    project_dir = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir)
    catalog = load_all(project_dir, docs_dir=docs_dir)
    out = render_pages(catalog, config.site_url, use_directory_urls=config.use_directory_urls)
    context = load_context(project_dir, catalog, config.extra)
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if MARKER.search(text):
            rel = page.relative_to(docs_dir).as_posix()
            out[rel] = expand_markers(text, src_path=rel, context=context, use_directory_urls=config.use_directory_urls)
    out[WHOLE_GUIDE] = _whole_guide(config, out)
    return out


def _whole_guide(config: MkDocsConfig, generated: dict[str, str]) -> str:
    """The whole-guide page, its placeholder filled with every page as MkDocs renders it."""
    from mkdocs.structure.files import File, InclusionLevel, get_files
    from mkdocs.structure.nav import get_navigation

    files = get_files(config)
    config.plugins._current_plugin = "cwc_checklists"  # File.generated names who made each file, as in a build
    print_pages = {path for path in generated if path.endswith("/print.md")}
    for path, content in {**generated, WHOLE_GUIDE: WHOLE_GUIDE_MARKDOWN}.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        inclusion = InclusionLevel.NOT_IN_NAV if path in print_pages or path == WHOLE_GUIDE else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=inclusion))
    nav = get_navigation(files, config)
    for page in nav.pages:
        if page.file.src_uri != WHOLE_GUIDE:
            page.read_source(config)
            page.render(config, files)
    page_url = Links(use_directory_urls=config.use_directory_urls).url(WHOLE_GUIDE)
    combined, dangling = from_pages(nav.pages, page_url=page_url, use_directory_urls=config.use_directory_urls)
    if dangling:  # a warning in a build, which --strict makes an error
        raise ChecklistError([Problem(f"docs/{WHOLE_GUIDE}", None, f"the whole guide links to #{target}, which is not on the page") for target in dangling])
    return WHOLE_GUIDE_MARKDOWN.replace(PLACEHOLDER, combined)

