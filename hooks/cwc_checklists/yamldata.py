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
)

from .model import Problem

class Lines:
    """Path of a key or list entry, e.g. ("items", 2, "why"), -> its 1-based line; () is the document.

    Worked out on first use, by a second pass over the text: only a message about a problem needs a
    line, so a file without problems is read once, without building the paths of its 200 parts."""

    def __init__(self, text: str, rel: str) -> None:
        self.text = text  # the file as read: a quick search of it can rule out some problems
        self._rel = rel
        self._found: dict[tuple, int] | None = None

    def get(self, path: tuple) -> int | None:
        if self._found is None:
            builder = _Builder(self._rel, lines={})
            builder.build(self.text)
            self._found = builder.lines
        return self._found.get(path)


def read_yaml(path: Path, rel: str, empty: str = "start from a copy of another checklist") -> tuple[Any, Lines | dict, list[Problem]]:
    """The data in one file, the lines of its parts, and its problems (data is None when there are any);
    `empty`: what to do about an empty file."""
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
        try:
            data = _Builder(rel).build(text)
            lines: Lines | dict = Lines(text, rel)
        except _NeedLines:
            builder = _Builder(rel, lines={})
            data, lines = builder.build(text), builder.lines
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
        return None, {}, [Problem(rel, None, f"file is empty; {empty}")]
    return data, lines, []


def line_of(lines: Lines | dict, path: list | tuple) -> int | None:
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


class _NeedLines(Exception):
    """The fast pass met something whose message needs the lines of other parts."""


class _Builder:
    """Plain data from an event stream, one container per open mapping or sequence."""

    def __init__(self, rel: str, lines: dict[tuple, int] | None = None) -> None:
        self.rel = rel
        self.lines = lines

    def build(self, text: str) -> Any:
        """The data in `text`; with `lines` (a dict) given, also the line of every key and list entry.

        Without `lines` (the fast pass every clean file takes), no paths are built; a duplicate key,
        whose message names the line of the first one, raises _NeedLines to ask for the full pass."""
        lines = self.lines
        root: Any = None
        documents = 0
        # Open containers: [container, its path, key waiting for its value (mappings), that key's line]
        stack: list[list] = []
        path: tuple | None = None
        parser = _LOADER(text)
        try:
            for event in iter(parser.get_event, None):  # libyaml's events, one C call each
                kind = type(event)
                if kind is ScalarEvent:
                    if event.anchor is not None or event.tag is not None:
                        self._check_marks(event)
                    value = event.value
                    if not event.style and event.implicit[0] and (value[:1] in _NUMBER_START or value in _KEYWORDS):
                        value = _resolve(value)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    self._check_marks(event)
                    if len(stack) >= MAX_NESTING:
                        self._refuse(event, f"lists and mappings are nested more than {MAX_NESTING} deep; a checklist needs 4 levels at most")
                    value = {} if kind is MappingStartEvent else []
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    stack.pop()
                    continue
                elif kind is AliasEvent:
                    self._refuse(event, ALIAS_MESSAGE)
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self._refuse(event, "invalid YAML: expected a single document in the stream, but found another document")
                    continue
                else:  # stream start and end, document end
                    continue

                if not stack:
                    root = value
                    if lines is not None:
                        path = ()
                        lines[path] = _line(event)
                else:
                    frame = stack[-1]
                    container = frame[0]
                    if type(container) is list:
                        if lines is not None:
                            path = (*frame[1], len(container))
                            lines[path] = _line(event)
                        container.append(value)
                    elif frame[2] is _NO_KEY:  # this node is a key
                        if kind is not ScalarEvent or not isinstance(value, str):
                            self._refuse(event, f"key {_shown(value)} must be a word, e.g. text")
                        if value in container:
                            if lines is None:
                                raise _NeedLines
                            first = lines[(*frame[1], value)]
                            self._refuse(event, f"duplicate key {value!r} (first at line {first}); keep only one")
                        frame[2] = value
                        if lines is not None:
                            frame[3] = _line(event)
                        continue
                    else:
                        if lines is not None:
                            path = (*frame[1], frame[2])
                            lines[path] = frame[3]
                        container[frame[2]] = value
                        frame[2] = _NO_KEY
                if kind is not ScalarEvent:
                    stack.append([value, path, _NO_KEY, None])
        finally:
            parser.dispose()
        return root

    def _check_marks(self, event) -> None:
        if event.anchor is not None:
            self._refuse(event, ALIAS_MESSAGE)
        if event.tag is not None:
            self._refuse(event, f"YAML tags ({event.tag}) are not allowed; write a plain value")

    def _refuse(self, event, message: str) -> None:
        raise _Refused(Problem(self.rel, _line(event), message))


def _line(event) -> int:
    return event.start_mark.line + 1


def _resolve(value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema (quoted, literal and folded ones are strings)."""
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
# What a plain scalar must be, or start with, to resolve to anything but a string.
_KEYWORDS = frozenset(["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"])
_NUMBER_START = frozenset("0123456789+-.")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
