"""Write the guide pages that hold tool markers with the markers expanded, for builders that ignore
MkDocs hooks (like `python -m cwc_checklists` does for the checklist pages).

    PYTHONPATH=hooks python -m cwc_checklists.expand --out build/generated

Copy the files into docs/ of a scratch checkout. The whole-guide page needs rendered pages, so it
still comes only from hooks/interactive_tools.py. Exit status 1 with one line per problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import ChecklistError, load_all
from .tools import MARKER, expand_markers, load_context


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project_dir = args.project.resolve()
    config = _read_config(project_dir / "mkdocs.yml")
    docs_dir = project_dir / str(config.get("docs_dir") or "docs")
    use_directory_urls = config.get("use_directory_urls", True) is not False
    written = 0
    out = args.out.resolve()
    if out.exists() and not out.is_dir():
        print(f"--out {out}: is a file, not a folder; name a folder (it is created if missing)", file=sys.stderr)
        return 1
    try:
        context = load_context(project_dir, load_all(project_dir, docs_dir=docs_dir), config.get("extra") or {})
        for page in sorted(docs_dir.rglob("*.md")):
            text = page.read_text(encoding="utf-8")
            if not MARKER.search(text):
                continue
            rel = page.relative_to(docs_dir).as_posix()
            target = args.out.resolve() / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expand_markers(text, src_path=rel, context=context, use_directory_urls=use_directory_urls), encoding="utf-8")
            written += 1
    except ChecklistError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    # The nav names the whole-guide page; without the hook it can only point to the pages.
    stub = args.out.resolve() / WHOLE_GUIDE
    stub.write_text(WHOLE_GUIDE_STUB, encoding="utf-8")
    print(f"wrote {written} pages with their tools expanded, and {WHOLE_GUIDE}, to {args.out.resolve()}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cwc_checklists.expand", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (paths inside it mirror docs/)")
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2], help="project folder holding mkdocs.yml (default: %(default)s)")
    return parser


def _read_config(path: Path) -> dict:
    """The settings the tools depend on; mkdocs.yml's !ENV and !!python tags are tolerated."""
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    extra = data.get("extra")
    plain_extra = {"connection_note": dict(extra.get("connection_note") or {})} if isinstance(extra, dict) else {}
    return {"docs_dir": data.get("docs_dir"), "use_directory_urls": data.get("use_directory_urls", True), "extra": plain_extra}


WHOLE_GUIDE = "whole-guide.md"
WHOLE_GUIDE_STUB = """---
title: The whole guide on one page
description: The guide's pages, to print one by one.
---

# The whole guide on one page

This copy of the site was built without the step that puts every page on one page.
Print the pages one by one instead:
[Why connect](why-connect.md), [Sending a request](sending-a-request.md),
[Answering a request](answering-a-request.md), [After you connect](after-you-connect.md),
[Introductions](introductions.md), [Pruning your network](pruning.md),
[Where the authors disagree](disagreements.md), [Sources](sources.md), and
[the checklists](checklists/index.md).
"""


if __name__ == "__main__":
    sys.exit(main())
