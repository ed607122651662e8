"""Write the checklist pages to a folder, for builders that ignore MkDocs hooks (e.g. Zensical).

    PYTHONPATH=hooks python -m cwc_checklists --out build/generated

Writes the same files the hook adds to a build (same `render_pages`), e.g. checklists/pre-connect.md;
copy them into docs/ of a checkout for a hook-less build. Exit status 1 with one line per problem when
the checklist data is invalid.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import ChecklistError, load_all
from .render import render_pages


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project_dir = args.project.resolve()
    config = _read_mkdocs_config(project_dir / "mkdocs.yml")
    site_url = args.site_url if args.site_url is not None else config.get("site_url")
    use_directory_urls = config.get("use_directory_urls", True) is not False
    docs_dir = project_dir / str(config.get("docs_dir", "docs"))
    try:
        catalog = load_all(project_dir, docs_dir=docs_dir)
    except ChecklistError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    for warning in catalog.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    pages = render_pages(catalog, site_url or None, use_directory_urls=use_directory_urls)
    out = args.out.resolve()
    problem = write_pages(out, pages)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} files for {len(catalog.checklists)} checklists to {out}")
    return 0


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def write_pages(out: Path, pages: dict[str, str]) -> str | None:
    """Write `pages` under the folder `out`; a one-line message (not a traceback) when that cannot be done."""
    if out.exists() and not out.is_dir():
        return f"--out {out}: is a file, not a folder; name a folder (it is created if missing)"
    try:
        for path, content in pages.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    except OSError as exc:
        return f"--out {out}: cannot write {exc.filename or out} ({exc.strerror or type(exc).__name__})"
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cwc_checklists", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (paths inside it mirror docs/)")
    parser.add_argument("--project", type=Path, default=_DEFAULT_PROJECT, help="project folder holding mkdocs.yml and checklists/ (default: %(default)s)")
    parser.add_argument("--site-url", help="full address of the site, for QR codes and the JSON export (default: site_url from mkdocs.yml)")
    return parser


def _read_mkdocs_config(path: Path) -> dict:
    """The few top-level settings the pages depend on; mkdocs.yml's !ENV and !!python tags are tolerated."""
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: _resolve_env(data.get(key)) for key in ("site_url", "use_directory_urls", "docs_dir") if key in data}


def _resolve_env(value: object) -> object:
    """MkDocs' `!ENV [NAME, ..., default]`: the first variable that is set, else the default."""
    tag = getattr(getattr(value, "tag", None), "value", None)
    if tag == "!ENV":
        names = list(value) if isinstance(value, list) else [str(value)]
        for name in names[:-1] if len(names) > 1 else names:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        return names[-1] if len(names) > 1 else None
    return value


_DEFAULT_PROJECT = Path(__file__).resolve().parent.parent.parent

if __name__ == "__main__":
    sys.exit(main())
