"""Write every file the hooks generate into a folder, for builders that ignore MkDocs hooks (e.g. Zensical).

    PYTHONPATH=hooks python -m cwc_checklists --out build/generated

Writes the checklist pages, print pages and JSON exports, the guide pages with their tools expanded,
and the whole guide on one page (`generate.generate`, from mkdocs.yml as MkDocs reads it); paths in
the folder mirror docs/, so the files can be copied over a scratch copy of docs/. Exit status 1 with
one line per problem when the data or mkdocs.yml is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generate import generate, read_config
from .model import ChecklistError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from mkdocs.exceptions import MkDocsException

    try:
        config = read_config(args.project.resolve(), site_url=args.site_url)
        files = generate(config)
    except ChecklistError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except MkDocsException as error:  # mkdocs.yml itself is wrong: MkDocs has logged why
        print(f"mkdocs.yml: {error}", file=sys.stderr)
        return 1
    out = args.out.resolve()
    for path, content in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    print(f"wrote {len(files)} files to {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cwc_checklists", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (paths inside it mirror docs/)")
    parser.add_argument("--project", type=Path, default=_DEFAULT_PROJECT, help="project folder holding mkdocs.yml (default: %(default)s)")
    parser.add_argument("--site-url", help="full address of the site, for QR codes and the JSON export (default: site_url from mkdocs.yml)")
    return parser


_DEFAULT_PROJECT = Path(__file__).resolve().parent.parent.parent

if __name__ == "__main__":
    sys.exit(main())
