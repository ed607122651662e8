"""The record of published item ids (checklists/ids/published.yml): readers' ticks are saved by item id,
so an id that has been on the site must not silently disappear or come back with another meaning.

    PYTHONPATH=hooks python -m cwc_checklists.published   # add the ids of new items to the record

For each checklist the record lists `published` ids, and optionally `renamed: {old: new}` (saved ticks
on `old` follow to `new`) and `retired: [old]` (taken off for good; the id is never used again). The
build fails when a published id is gone without being renamed or retired, or when a renamed or retired
id is used again.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
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
    from . import ChecklistError, load_all

    project = Path(__file__).resolve().parents[2] if not argv else Path(argv[0]).resolve()
    path = project / "checklists" / RECORD_FILE
    rel = f"checklists/{RECORD_FILE}"
    try:
        catalog = load_all(project)
    except ChecklistError as error:
        print(error, file=sys.stderr)
        if all(p.path == rel or "was published" in p.message for p in error.problems):
            print(f"{rel}: fix the problems above first", file=sys.stderr)
        return 1
    text, record, lines = "", {}, {}
    if path.is_file():
        # The build read the record without problems (load_all), so this read has none either.
        record, lines, problems = read_yaml(path, rel, empty=f"run `{UPDATE_COMMAND}` to record the published ids")
        if problems:
            print("\n".join(map(str, problems)), file=sys.stderr)
            return 1
        text = path.read_text(encoding="utf-8-sig")
    new = unrecorded(record, list(catalog.checklists))
    if not new and text:
        print(f"{rel}: 0 new id(s) recorded")
        return 0
    try:
        written = record_text(text, record, lines, new, rel)
    except RecordError as error:
        print(error, file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    partial.write_text(written, encoding="utf-8")
    # The text must read back as the record plus the new ids; else the old record stays as it was.
    again, _, problems = read_yaml(partial, rel)
    if problems or again != with_new_ids(record, new):
        partial.unlink()
        print(f"{rel}: the updated record did not read back as written ({'; '.join(map(str, problems)) or 'different data'}); "
              "nothing was changed", file=sys.stderr)
        return 1
    partial.replace(path)
    print(f"{rel}: {sum(map(len, new.values()))} new id(s) recorded")
    return 0


def with_new_ids(record: dict, new: dict[str, list[str]]) -> dict:
    """The record (plain data) with `new` ids appended to each checklist's `published` list."""
    result = {cid: dict(entry) for cid, entry in record.items()}
    for cid, ids in new.items():
        entry = result.setdefault(cid, {})
        entry["published"] = [*entry.get("published", []), *ids]
    return result


class RecordError(Exception):
    """The record cannot be rewritten without losing something written in it (a comment)."""


def record_text(text: str, record: dict, lines, new: dict[str, list[str]], rel: str) -> str:
    """The record as YAML text, with `new` ids appended: one checklist after another in their order,
    its keys in their order, `renamed: {old: new}` and `retired: [ids]` on one line and `published` one
    id a line. `text` is the record as written ("" for none): its header comment is kept, and so is every
    comment on lines of its own above a checklist id or a key. A comment anywhere else raises RecordError
    (naming its line) rather than being dropped."""
    source = text.splitlines()
    out: list[str] = []
    last = 0  # the last line of `source` (1-based) that is written out or stands for data written out

    def comments_above(line: int | None) -> list[str]:
        """The comment and blank lines directly above `line`, after `last`."""
        if line is None or line <= last:
            return []
        start = line - 1
        while start > last and (not source[start - 1].strip() or source[start - 1].lstrip().startswith("#")):
            start -= 1
        return source[start:line - 1]

    if not source:
        out += HEADER.splitlines()
    elif record:
        first = line_of(lines, [next(iter(record))]) or 1
        out += source[:first - 1]
        last = first - 1
    else:  # `{}` after the header
        root = line_of(lines, []) or len(source) + 1
        out += source[:root - 1]
        last = root
    entries = with_new_ids(record, new)
    if not entries:
        out.append("{}")  # an empty record is still a mapping
    for cid, entry in entries.items():
        known = cid in record
        if known:
            out += comments_above(line_of(lines, [cid]))
            last = max(last, line_of(lines, [cid]) or 0)
        out.append(f"{_plain(cid)}:" if entry else f"{_plain(cid)}: {{}}")
        for key, value in entry.items():
            if known and key in record[cid]:
                line = line_of(lines, [cid, key])
                out += comments_above(line)
                parts = [line_of(lines, [cid, key, part]) for part in (range(len(value)) if isinstance(value, list) else value)]
                last = max([last, line or 0, *(p or 0 for p in parts)])
            if key == "renamed":
                out.append("  renamed: {" + ", ".join(f"{_plain(old)}: {_plain(to)}" for old, to in value.items()) + "}")
            elif key == "retired" or not value:
                out.append(f"  {key}: [" + ", ".join(map(_plain, value)) + "]")
            else:
                out.append(f"  {key}:")
                out += [f"    - {_plain(v)}" for v in value]
    trailer = [line for line in source[last:] if not line.strip() or line.lstrip().startswith("#")]
    while trailer and not trailer[-1].strip():
        trailer.pop()
    out += trailer
    kept = Counter(out)
    for number, line in enumerate(source, start=1):
        kept[line] -= 1
        if "#" in line and kept[line] < 0:
            raise RecordError(f"{rel}:{number}: this comment would be lost when new ids are added; "
                              "put it on a line of its own above a checklist id or key")
    return "\n".join(out) + "\n"


def _plain(value: str) -> str:
    """An id as YAML: plain when it cannot be read as anything but that text, else double-quoted."""
    if _PLAIN_ID.match(value) and value not in ("null", "true", "false"):
        return value
    return json.dumps(value, ensure_ascii=False)


_PLAIN_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


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
