"""The record of published item ids (checklists/ids/published.yml): readers' ticks are saved by item id,
so an id that has been on the site must not silently disappear or come back with another meaning.

    PYTHONPATH=hooks python -m cwc_checklists.published   # add the ids of new items to the record

For each checklist the record lists `published` ids, and optionally `renamed: {old: new}` (saved ticks
on `old` follow to `new`) and `retired: [old]` (taken off for good; the id is never used again). The
build fails when a published id is gone without being renamed or retired, or when a renamed or retired
id is used again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .model import Checklist, Problem
from .safety import shorten
from .yamldata import line_of, read_yaml


def record_problems(data_dir: Path, rel: str, checklists: list[Checklist]) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The renames by checklist ({checklist id: {old: new}}) and every problem with the record."""
    path = data_dir / RECORD_FILE
    if not path.is_file():
        return {}, [Problem(rel, None, f"file not found; it records every item id that has been published (run `{UPDATE_COMMAND}` to make it)")]
    data, lines, problems = read_yaml(path, rel, empty=f"run `{UPDATE_COMMAND}` to record the published ids")
    if problems:
        return {}, problems
    problems = _shape_problems(data, lines, rel)
    if problems:
        return {}, problems
    by_id = {c.id: c for c in checklists}
    renames: dict[str, dict[str, str]] = {}
    for cid, entry in data.items():
        published = entry.get("published", [])
        renamed = entry.get("renamed", {})
        retired = entry.get("retired", [])
        checklist = by_id.get(cid)
        current = {item.id for item in checklist.items} if checklist else set()
        where = checklist.path if checklist else f"checklists/{cid}.yml"
        for old, new in renamed.items():
            line = line_of(lines, [cid, "renamed", old])
            if old in current:
                problems.append(Problem(where, None, f"item id {shorten(old)} is recorded as renamed to {shorten(new)} ({rel}:{line}) but is used again; "
                                                     "a changed meaning needs a new id, and an old id is never reused"))
            if checklist and new not in current:
                problems.append(Problem(rel, line, f"{cid}: {shorten(old)} is renamed to {shorten(new)}, which {checklist.path} has no item for; "
                                                   "name the item's new id"))
        for position, old in enumerate(retired):
            if old in current:
                line = line_of(lines, [cid, "retired", position])
                problems.append(Problem(where, None, f"item id {shorten(old)} was retired ({rel}:{line}); an old id is never reused: "
                                                     "give the item a new id"))
        for position, old in enumerate(published):
            if old in current or old in renamed or old in retired:
                continue
            line = line_of(lines, [cid, "published", position])
            problems.append(Problem(where, None, f"item {shorten(old)} was published ({rel}:{line}) and is gone, so readers' saved ticks on it "
                                                 f"would be lost: put it back, or record it in {rel} under {cid}: as renamed: {{{old}: <its new id>}} "
                                                 f"(the ticks follow) or as retired: [{old}]"))
        if checklist and renamed:
            renames[cid] = dict(renamed)
    return renames, problems


def unrecorded(data: dict, checklists: list[Checklist]) -> dict[str, list[str]]:
    """Item ids on the site that the record does not list yet, by checklist."""
    missing: dict[str, list[str]] = {}
    for checklist in checklists:
        known = set((data.get(checklist.id) or {}).get("published", []))
        new = [item.id for item in checklist.items if item.id not in known]
        if new:
            missing[checklist.id] = new
    return missing


def _shape_problems(data: Any, lines, rel: str) -> list[Problem]:
    """The record is {checklist id: {published: [ids], renamed: {old: new}, retired: [ids]}}."""
    if not isinstance(data, dict):
        return [Problem(rel, line_of(lines, []), "the record must be a mapping: checklist id -> published, renamed, retired")]
    problems = []
    for cid, entry in data.items():
        if not isinstance(entry, dict):
            problems.append(Problem(rel, line_of(lines, [cid]), f"{shorten(cid)} must be a mapping with the keys published, renamed, retired"))
            continue
        for key, value in entry.items():
            line = line_of(lines, [cid, key])
            if key not in ("published", "renamed", "retired"):
                problems.append(Problem(rel, line, f"{cid}: unknown key {shorten(key)}; the keys are published, renamed, retired"))
            elif key == "renamed" and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
                problems.append(Problem(rel, line, f"{cid}: 'renamed' must map old ids to new ids, e.g. renamed: {{know-your-why: why-first}}"))
            elif key != "renamed" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(Problem(rel, line, f"{cid}: {key!r} must be a list of item ids, e.g. {key}: [know-your-why]"))
    return problems


# ----------------------------------------------------------------------------
# Command line: add new ids to the record (never removes one)
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    from ruamel.yaml import YAML

    from . import ChecklistError, load_all

    project = Path(__file__).resolve().parents[2] if not argv else Path(argv[0]).resolve()
    path = project / "checklists" / RECORD_FILE
    try:
        catalog = load_all(project)
    except ChecklistError as error:
        if not all(p.path == f"checklists/{RECORD_FILE}" or "was published" in p.message for p in error.problems):
            print(error, file=sys.stderr)
            return 1
        catalog = None
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    record = yaml.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if record is None:
        record = yaml.load(HEADER + "{}\n")
    if catalog is None:
        print(f"checklists/{RECORD_FILE}: fix the problems above first", file=sys.stderr)
        return 1
    added = 0
    for cid, ids in unrecorded(record, list(catalog.checklists)).items():
        entry = record.setdefault(cid, {})
        entry.setdefault("published", [])
        entry["published"].extend(ids)
        added += len(ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(record, out)
    print(f"checklists/{RECORD_FILE}: {added} new id(s) recorded")
    return 0


RECORD_FILE = "ids/published.yml"  # under checklists/, outside the checklists/*.yml that are checklists
UPDATE_COMMAND = "PYTHONPATH=hooks python -m cwc_checklists.published"
HEADER = f"""# Every checklist item id that has been published, by checklist (hooks/cwc_checklists/published.py).
# Readers' ticks are saved by item id. The build fails when an id listed here disappears from its
# checklist without being recorded as renamed (saved ticks follow) or retired (never used again):
#
#   pre-connect:
#     published: [know-your-why, ...]
#     renamed: {{know-your-why: why-first}}   # old id: new id; the ticks on the old id follow
#     retired: [no-pitch]                    # gone for good; the id is never used again
#
# A new item: run `{UPDATE_COMMAND}` to add its id (CONTRIBUTING.md, "Item ids").
"""

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
