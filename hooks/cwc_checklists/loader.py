"""Read and validate checklists/*.yml and checklists/sources.yml; every problem becomes one line."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError

from .model import Catalog, Checklist, ChecklistError, Item, Problem, Source
from .safety import describe_char, first_invisible, may_hold_invisible, outside_repository, reserved_id_problem, shorten, unread_files
from .why import WhyRenderer
from .yamldata import Lines, line_of, read_yaml


def load_all(project_dir: Path, docs_dir: Path | None = None) -> Catalog:
    """Load and validate every checklist and the sources registry; raise ChecklistError listing all problems."""
    project_dir = Path(project_dir)
    docs_dir = Path(docs_dir) if docs_dir is not None else project_dir / "docs"
    try:
        return _load_all(project_dir, docs_dir)
    except ChecklistError:
        raise
    except Exception as exc:  # noqa: BLE001 - the promise is: nothing but ChecklistError escapes
        problem = Problem(DATA_DIR, None, f"could not load the checklists ({type(exc).__name__}: {exc})")
        raise ChecklistError([problem]) from None


# ----------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------


def _load_all(project_dir: Path, docs_dir: Path) -> Catalog:
    data_dir = project_dir / DATA_DIR
    if not data_dir.is_dir():
        raise ChecklistError([Problem(DATA_DIR + "/", None, "folder not found; create it with one <id>.yml file per checklist")])
    checklist_schema, schema_problems = _read_schema(data_dir / CHECKLIST_SCHEMA)
    sources_schema, more = _read_schema(data_dir / SOURCES_SCHEMA)
    schema_problems += more
    if schema_problems:
        raise ChecklistError(schema_problems)

    sources, problems = _load_sources(data_dir / SOURCES_FILE, project_dir, Draft202012Validator(sources_schema))
    # With a broken registry every citation would look unknown: report the registry only.
    known_sources = None if problems else sources

    validator = Draft202012Validator(checklist_schema)  # built once, used for every file
    whys = WhyRenderer()
    checklists: list[Checklist] = []
    first_use: dict[str, str] = {}
    # Names, not Paths, to sort and filter: at thousands of files, Path objects were a tenth of the load.
    entries = {entry.name: entry for entry in os.scandir(data_dir)}
    for name in sorted(entries):
        if not name.endswith((".yml", ".yaml")) or name in NOT_CHECKLISTS:
            continue
        path = data_dir / name
        rel = f"{DATA_DIR}/{name}"
        if name.endswith(".yaml"):
            problems.append(Problem(rel, None, f"checklist files end in .yml; rename it to {path.stem}.yml"))
            continue
        if not entries[name].is_file():
            continue  # a folder or a dangling link: unread_files says so
        outside = outside_repository(path, project_dir, rel)
        if outside:
            problems.append(outside)
            continue
        checklist, more, checklist_id = _load_checklist(path, rel, validator, whys, known_sources, docs_dir)
        problems += more
        if checklist_id in first_use:
            problems.append(Problem(rel, None, f"checklist id {shorten(checklist_id)} is already used by {first_use[checklist_id]}; give each checklist its own id"))
        elif checklist_id:
            first_use[checklist_id] = rel
        if checklist is not None:
            checklists.append(checklist)

    # Files that look like data but are not read: a warning (a failure under --strict).
    warnings = unread_files(data_dir, DATA_DIR, skip_dirs=(DECISIONS_SUBDIR, IDS_SUBDIR), skip_names=NOT_CHECKLISTS)
    if not problems and (data_dir / PUBLISHED_FILE).exists():
        # Published ids that are gone, or reused (a record-less project, e.g. a new fork, has published none).
        from .published import record_problems  # here: `python -m cwc_checklists.published` imports this module
        renames, problems = record_problems(data_dir, f"{DATA_DIR}/{PUBLISHED_FILE}", checklists)
        checklists = [dataclasses.replace(c, renamed=tuple(renames[c.id].items())) if c.id in renames else c for c in checklists]
    if problems:
        raise ChecklistError(problems + warnings)
    checklists.sort(key=lambda c: (c.order, c.id))
    return Catalog(checklists=tuple(checklists), sources=sources, warnings=tuple(warnings))


def _load_sources(path: Path, project_dir: Path, validator: Draft202012Validator) -> tuple[dict[str, Source], list[Problem]]:
    rel = _rel(path, project_dir)
    if path.is_dir():
        return {}, [Problem(rel + "/", None, "is a folder; it must be a file listing the sources checklist items cite (see sources.schema.json)")]
    if not path.is_file():
        return {}, [Problem(rel, None, "file not found; it lists the sources checklist items cite (see sources.schema.json)")]
    outside = outside_repository(path, project_dir, rel)
    if outside:
        return {}, [outside]
    data, lines, problems = read_yaml(path, rel, empty="list the sources checklist items cite, as in sources.schema.json")
    if problems:
        return {}, problems
    problems = _schema_problems(validator, data, lines, rel) + _invisible_problems(data, lines, rel)
    if problems:
        return {}, _unique_sorted(problems)
    sources: dict[str, Source] = {}
    for index, entry in enumerate(data):
        if entry["id"] in sources:
            line = line_of(lines, [index, "id"])
            problems.append(Problem(rel, line, f"source id {shorten(entry['id'])} is used twice; give each source its own id"))
            continue
        sources[entry["id"]] = Source(**entry)
    return sources, problems


def _load_checklist(
    path: Path,
    rel: str,
    validator: Draft202012Validator,
    whys: WhyRenderer,
    sources: dict[str, Source] | None,
    docs_dir: Path,
) -> tuple[Checklist | None, list[Problem], str | None]:
    """The checklist in one file (`rel`: its path in messages; None if it has problems), its problems, and the id it claims."""
    data, lines, problems = read_yaml(path, rel)
    if problems:
        return None, problems, None
    claimed_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    problems = _schema_problems(validator, data, lines, rel)
    why_html: dict[int, str] = {}
    if isinstance(data, dict):
        problems += _semantic_problems(data, lines, rel, path.stem, sources, docs_dir)
        problems += _why_problems(data, lines, rel, whys, why_html)
    problems += _invisible_problems(data, lines, rel)
    problems = _unique_sorted(problems)
    if problems:
        return None, problems, claimed_id
    essays = {sid for sid, source in sources.items() if source.kind == "essay"} if sources else set()
    guide = {sid for sid, source in sources.items() if source.kind == "guide"} if sources else set()
    items = tuple(
        Item(
            id=i["id"],
            text=i["text"].strip(),
            why=i["why"].strip(),
            sources=tuple(i["sources"]),
            tags=tuple(i.get("tags", ())),
            why_html=why_html[index],
            # Neither an essay nor the guide among its sources: shown as a "Community tip".
            community=sources is not None and essays.isdisjoint(i["sources"]) and guide.isdisjoint(i["sources"]),
            # The guide cited as a source: shown as "The guide's own addition".
            guide=not guide.isdisjoint(i["sources"]),
            conditional=i.get("conditional", False),
        )
        for index, i in enumerate(data["items"])
    )
    checklist = Checklist(
        id=data["id"],
        title=data["title"].strip(),
        pause_point=data["pause_point"].strip(),
        kind=data["kind"],
        revised=datetime.date.fromisoformat(data["revised"]),
        guide_page=data["guide_page"],
        items=items,
        summary=data["summary"].strip() if "summary" in data else None,
        order=data.get("order", 100),
        path=rel,
    )
    return checklist, [], claimed_id


# ----------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------


def _read_schema(path: Path) -> tuple[dict, list[Problem]]:
    rel = f"{DATA_DIR}/{path.name}"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except FileNotFoundError:
        return {}, [Problem(rel, None, "JSON Schema file not found; restore it from the repository")]
    except json.JSONDecodeError as exc:
        return {}, [Problem(rel, exc.lineno, f"not valid JSON: {exc.msg}")]
    except SchemaError as exc:
        return {}, [Problem(rel, None, f"not a valid JSON Schema: {exc.message}")]
    return schema, []


def _schema_problems(validator: Draft202012Validator, data: Any, lines: Lines, rel: str) -> list[Problem]:
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        problems += _describe(error, data, lines, rel)
    return _unique_sorted(problems)


def _describe(error: ValidationError, data: Any, lines: Lines, rel: str) -> list[Problem]:
    """Turn one jsonschema error into one-line problems that say where and how to fix it."""
    path = list(error.absolute_path)
    prefix = _prefix(data, path)
    value = error.instance
    kind = error.validator
    field = next((step for step in reversed(path) if isinstance(step, str)), None)
    where = _where(path)
    line = line_of(lines, path)

    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return [
            Problem(rel, line_of(lines, [*path, key]), f"{prefix}unknown key {shorten(key)}{_hint(key[:200], allowed, 'allowed keys')}")
            for key in value
            if key not in allowed
        ]
    if kind == "required":
        return [Problem(rel, line, f"{prefix}missing key {key!r}") for key in error.validator_value if key not in value]
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        if not path:
            return [Problem(rel, line, f"the file must hold {_TYPE_WORDS[expected]} of keys, not {_type_word(value)}")]
        return [Problem(rel, line, f"{prefix}{where} must be {_TYPE_WORDS[expected]}, not {_type_word(value)}")]
    if kind in ("minItems", "maxItems") and path == ["items"]:
        low, high = _ITEM_RANGE
        if kind == "minItems":
            return [Problem(rel, line, f"too few items ({len(value)}); a checklist has {low} to {high} items")]
        return [Problem(rel, line, f"too many items ({len(value)}); a checklist has {low} to {high} items: cut or split it")]
    if kind == "minItems":
        return [Problem(rel, line, f"{prefix}{where} is empty; list at least one")]
    if kind == "uniqueItems":
        seen, twice = set(), None
        for entry in value:
            if entry in seen:
                twice = entry
                break
            seen.add(entry)
        return [Problem(rel, line, f"{prefix}{where} lists {shorten(twice)} twice")]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return [Problem(rel, line, f"{prefix}{where} is {shorten(value)}{_hint(str(value)[:200], choices, 'use one of')}")]
    if kind == "maxLength":
        return [Problem(rel, line, f"{prefix}{where} is {len(value)} characters; keep it to {error.validator_value} or fewer")]
    if kind in ("minLength", "pattern"):
        return [Problem(rel, line, f"{prefix}{where} {_pattern_advice(field, path, value)}")]
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return [Problem(rel, line, f"{prefix}{where} is {shorten(value)}; use a number from {low} to {high}")]
    return [Problem(rel, line, f"{prefix}{where}: {shorten(error.message, 200)}")]


def _pattern_advice(field: str | None, path: list, value: str) -> str:
    """What is wrong with a string that failed a pattern or length check, and how to fix it."""
    if not value.strip():
        return "is empty"
    if field in _ONE_LINE_FIELDS and "\n" in value.strip():
        return "must be one line"
    if field in ("id", "sources"):
        return f"{shorten(value)} is not a safe slug; use lowercase letters, digits and single hyphens, e.g. {shorten(_slugify(value))}"
    if field in _PLAIN_FIELDS:
        return 'must be plain text without <, > or " (use “ ” for quotes)'
    if field == "guide_page":
        return f"{shorten(value)} must name a page in docs/, e.g. 'sending-a-request.md' or 'pruning.md#when'"
    if field == "revised":
        return f"{shorten(value)} must be a date written YYYY-MM-DD"
    if field == "url":
        return f"{shorten(value)} must be an https:// address"
    return f"{shorten(value)} does not have the expected form"


def _semantic_problems(
    data: dict, lines: Lines, rel: str, stem: str, sources: dict[str, Source] | None, docs_dir: Path
) -> list[Problem]:
    """Checks a JSON Schema cannot express: file name, id, unique item ids, known sources, real dates, links."""
    problems: list[Problem] = []
    checklist_id = data.get("id")
    reserved = reserved_id_problem(checklist_id if isinstance(checklist_id, str) else stem, rel, line_of(lines, ["id"]))
    if reserved:
        problems.append(reserved)
    if not _SLUG.match(stem):
        problems.append(Problem(rel, None, f"file name {stem + '.yml'!r} is not a safe slug; rename it to {_slugify(stem)}.yml"))
    elif isinstance(checklist_id, str) and _SLUG.match(checklist_id) and checklist_id != stem:
        problems.append(
            Problem(rel, line_of(lines, ["id"]), f"id {shorten(checklist_id)} does not match the file name; use id: {stem} (or rename the file to {shorten(checklist_id + '.yml').strip(chr(39))})")
        )

    revised = data.get("revised")
    if isinstance(revised, str) and _DATE.match(revised):
        try:
            datetime.date.fromisoformat(revised)
        except ValueError:
            problems.append(Problem(rel, line_of(lines, ["revised"]), f"'revised' {revised!r} is not a real date; write it YYYY-MM-DD"))

    guide_page = data.get("guide_page")
    if isinstance(guide_page, str) and _GUIDE_PAGE.match(guide_page):
        page = guide_page.partition("#")[0]
        if not (docs_dir / page).is_file():
            pages = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")) if docs_dir.is_dir() else []
            problems.append(
                Problem(rel, line_of(lines, ["guide_page"]), f"'guide_page' {shorten(page)} is not a page in docs/{_hint(page[:200], pages, 'pages')}")
            )

    items = data.get("items")
    if not isinstance(items, list):
        return problems
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in first_index:
                first = line_of(lines, ["items", first_index[item_id], "id"])
                problems.append(
                    Problem(rel, line_of(lines, ["items", index, "id"]), f"item id {shorten(item_id)} is used twice (first at line {first}); give each item its own id")
                )
            else:
                first_index[item_id] = index
        text = item.get("text")
        if isinstance(text, str) and _CONDITIONAL_TEXT.match(text) and item.get("conditional") is not True:
            problems.append(
                Problem(
                    rel,
                    line_of(lines, ["items", index, "text"]),
                    f"{_prefix(data, ['items', index])}its text begins with “If”, so it does not apply to every reader: add `conditional: true` to the item "
                    "(readers can then mark it “Doesn't apply”, which counts as done), or reword it",
                )
            )
        cited = item.get("sources")
        if isinstance(cited, list) and sources is not None:
            for pos, source_id in enumerate(cited):
                if isinstance(source_id, str) and _SLUG.match(source_id) and source_id not in sources:
                    problems.append(
                        Problem(
                            rel,
                            line_of(lines, ["items", index, "sources", pos]),
                            f"{_prefix(data, ['items', index])}unknown source {shorten(source_id)}{_hint(source_id[:200], sorted(sources), 'known sources')}; sources are listed in {DATA_DIR}/{SOURCES_FILE}",
                        )
                    )
    return problems


def _why_problems(data: dict, lines: Lines, rel: str, whys: WhyRenderer, rendered: dict[int, str]) -> list[Problem]:
    """Render each item's `why` once, into `rendered` by item index; what rendering dropped is a problem."""
    problems: list[Problem] = []
    items = data.get("items")
    for index, item in enumerate(items if isinstance(items, list) else ()):
        why = item.get("why") if isinstance(item, dict) else None
        # Render only a why of allowed length: the schema already rejects longer ones, and
        # Markdown can take minutes on tens of kilobytes of brackets.
        if isinstance(why, str) and len(why) <= MAX_WHY_CHARS:
            rendered[index], dropped = whys.render(why.strip())
            for message in dropped:
                problems.append(Problem(rel, line_of(lines, ["items", index, "why"]), f"{_prefix(data, ['items', index])}{message}"))
    return problems


def _invisible_problems(data: Any, lines: Lines, rel: str) -> list[Problem]:
    """Characters a reviewer cannot see in a pull request (safety.first_invisible: by Unicode property)."""
    file_text = getattr(lines, "text", None)
    if file_text is not None and "\\" not in file_text and not may_hold_invisible(file_text):
        return []  # a string holds only characters of the file, unless a "\u200b"-style escape made it
    strings: list[tuple[tuple, str]] = []
    _strings(data, (), strings)
    if not may_hold_invisible("\n".join(text for _, text in strings)):  # the usual case, in one pass
        return []
    problems = []
    for path, text in strings:
        found = first_invisible(text)
        if found:
            position, char = found
            problems.append(
                Problem(
                    rel,
                    line_of(lines, list(path)),
                    f"{_prefix(data, list(path))}{_where(path)} contains the invisible character {describe_char(char)} "
                    f"at position {position + 1}; delete it (it can make text read differently from how it looks)",
                )
            )
    return problems


def _strings(node: Any, path: tuple, out: list[tuple[tuple, str]]) -> None:
    """Every string value in plain data, with its path, appended to `out`."""
    if isinstance(node, dict):
        for key, value in node.items():
            _strings(value, (*path, key), out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _strings(value, (*path, index), out)
    elif isinstance(node, str):
        out.append((path, node))


# ----------------------------------------------------------------------------
# Wording helpers
# ----------------------------------------------------------------------------


def _prefix(data: Any, path: list) -> str:
    """`item 'ask-intro': ` or `source 'halpert': ` for errors inside one entry, else empty."""
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int) and isinstance(data, dict):
        kind, entries, index = "item", data.get("items"), path[1]
    elif path and isinstance(path[0], int) and isinstance(data, list):
        kind, entries, index = "source", data, path[0]
    else:
        return ""
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(entry_id, str) and entry_id.strip():
        return f"{kind} {shorten(entry_id)}: "
    return f"{kind} {index + 1}: "


def _where(path: list | tuple) -> str:
    """The key an error is about, quoted: `'text'`, `'sources' entry 2`, or `the entry`."""
    steps = list(path)
    if steps and steps[0] == "items" and len(steps) >= 2 and isinstance(steps[1], int):
        steps = steps[2:]
    elif steps and isinstance(steps[0], int):
        steps = steps[1:]
    if not steps:
        return "the entry"
    if isinstance(steps[-1], int) and len(steps) >= 2:
        return f"{steps[-2]!r} entry {steps[-1] + 1}"
    return repr(steps[-1])


def _hint(word: str, choices: list[str], label: str) -> str:
    """` (did you mean 'text'?)` when a choice is close, else ` (<label>: a, b, c)`."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if choices:
        return f" ({label}: {', '.join(choices)})"
    return ""


def _type_word(value: Any) -> str:
    for python_type, word in _VALUE_WORDS:
        if isinstance(value, python_type):
            return word
    return type(value).__name__


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-checklist"


def _rel(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    """Drop repeats (two schema rules can flag the same fault) and order by line."""
    seen: set[Problem] = set()
    unique = [p for p in problems if not (p in seen or seen.add(p))]
    return sorted(unique, key=lambda p: (p.path, p.line or 0))


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

DATA_DIR = "checklists"
CHECKLIST_SCHEMA = "checklist.schema.json"
SOURCES_SCHEMA = "sources.schema.json"
SOURCES_FILE = "sources.yml"
NOT_CHECKLISTS = (SOURCES_FILE,)
DECISIONS_SUBDIR = "decisions"  # checklists/decisions/: read by decisions.py
IDS_SUBDIR = "ids"  # checklists/ids/published.yml: the record of published item ids (published.py)
PUBLISHED_FILE = f"{IDS_SUBDIR}/published.yml"
MAX_WHY_CHARS = 600  # checklist.schema.json: item.why.maxLength

_ITEM_RANGE = (5, 9)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_GUIDE_PAGE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*\.md(#[a-z0-9]+(-[a-z0-9]+)*)?$")
_ONE_LINE_FIELDS = ("text", "title", "pause_point", "summary")
_PLAIN_FIELDS = ("title", "pause_point", "summary")
# An item that only applies sometimes ("If you are unsure, ..."): it must say `conditional: true`.
_CONDITIONAL_TEXT = re.compile(r"\s*If\b")
_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_VALUE_WORDS = (
    (bool, "true/false"),
    (dict, "a mapping"),
    (list, "a list"),
    (str, "a string"),
    (int, "a number"),
    (float, "a number"),
    (type(None), "empty"),
)
