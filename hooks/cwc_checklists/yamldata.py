"""Read one YAML data file into plain Python data and the line of every key and list entry.

One pass over libyaml's event stream (PyYAML's C parser; its pure-Python parser where libyaml is
missing) builds the data: no node tree, no round-trip objects. The same pass refuses what a data file
never needs and an attacker would use: anchors and aliases (no alias bomb is ever expanded), explicit
tags, deep nesting, duplicate keys, keys that are not words, several documents. Scalars are read with
the YAML 1.2 core schema, as `yes`/`no` in prose stay words; dates stay the text written (the schema
checks their form).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .model import Problem

Lines = dict[tuple, int]
"""Path of a key or list entry, e.g. ("items", 2, "why"), -> its 1-based line; () is the document."""


def read_yaml(path: Path, rel: str) -> tuple[Any, Lines, list[Problem]]:
    """The data in one file, the lines of its parts, and its problems (data is None when there are any)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, {}, [Problem(rel, None, f"file is {size} bytes; data files are limited to {MAX_FILE_BYTES // 1024} KB")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, {}, [Problem(rel, line, "not valid UTF-8 text; save the file as UTF-8")]
    try:
        data, lines = _Builder(rel).build(_events(text))
    except _Refused as refused:
        return None, {}, [refused.problem]
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (a control character such as NUL).
        return None, {}, [Problem(rel, _reader_error_line(exc, text), f"contains the control character U+{_char(exc):04X}, which YAML does not allow; delete it")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = _one_line(", ".join(str(part) for part in (exc.context, exc.problem) if part))
        # At the end of a file without a final line break, libyaml points one line past the end.
        line = min(mark.line + 1, len(_LINE_BREAK.findall(text)) + 1) if mark else None
        return None, {}, [Problem(rel, line, f"invalid YAML: {detail}")]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return None, {}, [Problem(rel, None, f"invalid YAML: {_one_line(str(exc))}")]
    if data is None:
        return None, {}, [Problem(rel, None, "file is empty; start from a copy of another checklist")]
    return data, lines, []


def line_of(lines: Lines, path: list | tuple) -> int | None:
    """1-based line of the deepest key or list entry on `path` that exists (else of the document)."""
    line = lines.get(())
    path = tuple(path)
    for end in range(1, len(path) + 1):
        found = lines.get(path[:end])
        if found is None:
            break
        line = found
    return line


# ----------------------------------------------------------------------------
# Building data from events
# ----------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Builder:
    """Plain data from an event stream, one container per open mapping or sequence."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.lines: Lines = {}

    def build(self, events) -> tuple[Any, Lines]:
        root: Any = None
        documents = 0
        # Open containers: [container, its path, key waiting for its value (mappings), that key's line]
        stack: list[list] = []
        for event in events:
            line = event.start_mark.line + 1
            kind = type(event)
            if kind is ScalarEvent:
                self._check_marks(event, line)
                value = _scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._check_marks(event, line)
                if len(stack) >= MAX_NESTING:
                    self._refuse(line, f"lists and mappings are nested more than {MAX_NESTING} deep; a checklist needs 4 levels at most")
                value = {} if kind is MappingStartEvent else []
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            elif kind is AliasEvent:
                self._refuse(line, ALIAS_MESSAGE)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._refuse(line, "invalid YAML: expected a single document in the stream, but found another document")
                continue
            else:  # stream start and end, document end
                continue

            if not stack:
                root = value
                path: tuple = ()
                self.lines[()] = line
            else:
                frame = stack[-1]
                container, parent = frame[0], frame[1]
                if type(container) is list:
                    path = (*parent, len(container))
                    container.append(value)
                    self.lines[path] = line
                elif frame[2] is _NO_KEY:  # this node is a key
                    if kind is not ScalarEvent or not isinstance(value, str):
                        self._refuse(line, f"key {_shown(value)} must be a word, e.g. text")
                    if value in container:
                        first = self.lines[(*parent, value)]
                        self._refuse(line, f"duplicate key {value!r} (first at line {first}); keep only one")
                    frame[2], frame[3] = value, line
                    continue
                else:
                    path = (*parent, frame[2])
                    container[frame[2]] = value
                    self.lines[path] = frame[3]
                    frame[2] = _NO_KEY
            if kind is not ScalarEvent:
                stack.append([value, path, _NO_KEY, None])
        return root, self.lines

    def _check_marks(self, event, line: int) -> None:
        if event.anchor is not None:
            self._refuse(line, ALIAS_MESSAGE)
        if event.tag is not None:
            self._refuse(line, f"YAML tags ({event.tag}) are not allowed; write a plain value")

    def _refuse(self, line: int, message: str) -> None:
        raise _Refused(Problem(self.rel, line, message))


def _events(text: str):
    """The parse events of `text`, from libyaml: what `yaml.parse` yields, with one call per event."""
    parser = _LOADER(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def _scalar(event: ScalarEvent) -> Any:
    """A scalar's value under the YAML 1.2 core schema; quoted, literal and folded scalars are strings."""
    value = event.value
    if event.style or not event.implicit[0] or value[:1] not in _MAY_RESOLVE:
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value[0] in "tT"
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        lowered = value.lower()
        return float(lowered.replace(".inf", "inf").replace(".nan", "nan"))
    return value


def _shown(value: Any) -> str:
    return repr(value) if not isinstance(value, (dict, list)) else ("a mapping" if isinstance(value, dict) else "a list")


def _reader_error_line(exc: yaml.reader.ReaderError, text: str) -> int | None:
    """The line of a forbidden character: libyaml gives a byte offset, the Python reader a character one."""
    if not isinstance(exc.position, int):
        return None
    if _LOADER is yaml.SafeLoader:
        return text.count("\n", 0, exc.position) + 1
    return text.encode("utf-8", "surrogatepass").count(b"\n", 0, exc.position) + 1


def _char(exc: yaml.reader.ReaderError) -> int:
    return exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")


def _one_line(text: str) -> str:
    """Messages from YAML span lines; a problem is one line."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
MAX_FILE_BYTES = 64 * 1024
MAX_NESTING = 10  # a checklist nests 4 deep (file, items, item, sources); far deeper is an attack or an accident
ALIAS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"
_NO_KEY = object()
_LINE_BREAK = re.compile("\r\n|\r|\n")

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema)
_MAY_RESOLVE = frozenset("~nNtTfF0123456789+-.") | {""}  # first characters of a null, bool, int or float
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
