"""The checklist loader against any bytes a pull request can hold: a valid checklist or a one-line error.

For any input (random bytes and text, YAML-shaped noise, mutations of a valid file, anchors and
aliases, deep nesting, huge numbers, wrong encodings, a BOM, tabs, duplicate keys) `load_all` either
returns a catalog or raises `ChecklistError` whose problems name the fuzzed file (and a line inside
it when there is one). Never another exception, never a hang.

`make test` runs a few hundred examples per property; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) runs
20,000. A failure prints the input; reproduce it with `load_all` on a project holding that file.
The hostile inputs that must not hang (alias bomb, deep nesting, regex and Markdown floods) run in a
subprocess with a time limit, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from cwc_checklists import Catalog, ChecklistError, load_all  # noqa: E402
from cwc_checklists.render import render_pages  # noqa: E402

FUZZED = "checklists/fuzzed.yml"
REGISTRY = "checklists/sources.yml"

# A valid checklist the mutation properties start from.
VALID = """\
# yaml-language-server: $schema=checklist.schema.json
id: fuzzed
title: Send a request worth accepting
pause_point: Before you click Connect
kind: do-confirm
revised: 2026-11-23
guide_page: sending-a-request.md
summary: One sentence for the index.
items:
  - id: do-homework
    text: Read their profile first.
    why: |
      A request is easier to accept when it shows you looked.
      See [the essay](https://example.org/essay).
    sources: [network-thoughtfully]
    tags: [job-seeker]
  - id: say-why
    text: Say why you want to connect.
    why: A blank request reads like a *cold call*.
    sources: [linking-in, halpert]
  - id: offer
    text: Offer something before you ask.
    why: Networking is helping, not selling.
    sources: [know-your-why]
  - id: be-kind
    text: "Keep it kind: no pressure."
    why: Kindness goes a long way.
    sources: [chernecky]
  - id: no-pitch
    text: Do not pitch in the first message.
    why: You would not sell to someone you just met.
    sources: [network-thoughtfully]
"""

# Pieces YAML-shaped noise is made of: syntax, keys of the format, anchors, tags, odd characters.
TOKENS = [
    "\n", "\n  ", "\n    ", "\n  - ", "\t", " ", ": ", "- ", "[", "]", "{", "}", ",", "'", '"', "|", ">",
    "#", "&a ", "*a", "&b ", "*b", "<<: *a", "!!str ", "!!python/object/apply:os.system ", "!custom ",
    "%YAML 1.1\n", "---\n", "...\n", "? ", "@", "`", "\\", "\\u0000", "\x00", "\ufeff", "\u202e",
    "\u200b", "é", "id", "items", "text", "why", "title", "sources", "tags",
    "pause_point", "kind", "revised", "guide_page", "summary", "order", "fuzzed", "do-confirm",
    "2026-11-23", "2026-02-30", "sending-a-request.md", "halpert", "job-seeker", "1", "-1", "0x1F",
    "1e999", ".nan", ".inf", "9" * 5000, "null", "~", "yes", "true", "<script>", "[x](javascript:x)",
    "![i](https://example.org/i.png)", "a" * 100,
]


# ----------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------


@given(data=st.binary(max_size=2000))
@example(data=b"")
@example(data=b"\xff\xfe" + "id: fuzzed\n".encode("utf-16-le"))  # UTF-16 with its BOM
@example(data="id: fuzzé\n".encode("latin-1"))
@example(data=b"\xef\xbb\xbf" + VALID.encode())  # UTF-8 BOM: fine
@example(data=VALID.encode().replace(b"\n  ", b"\n\t", 1))  # a tab in the indentation
def test_any_bytes_give_a_catalog_or_a_checklist_error(project: Path, data: bytes) -> None:
    assert_outcome(project, data)


@given(text=st.text(max_size=500))
def test_any_text_gives_a_catalog_or_a_checklist_error(project: Path, text: str) -> None:
    assert_outcome(project, text.encode("utf-8", "surrogatepass"))


@given(text=st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
@example(text="a: &a [1]\nb: *a\n")
@example(text="id: fuzzed\nid: fuzzed\n")  # duplicate key
@example(text="id: !!python/object/apply:os.system [echo pwned]\n")
@example(text="order: " + "9" * 5000 + "\n")  # past Python's int-from-text digit limit
@example(text="{" * 5000 + "}" * 5000)
@example(text="- " * 3000 + "x\n")
@example(text="%TAG ! tag:yaml.org,2002:python/\n---\n!object/apply:os.system [x]\n")
def test_yaml_shaped_noise_gives_a_catalog_or_a_checklist_error(project: Path, text: str) -> None:
    assert_outcome(project, text.encode("utf-8", "surrogatepass"))


@given(edits=st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 8), st.sampled_from(TOKENS)), min_size=1, max_size=6))
def test_a_mutated_checklist_gives_a_catalog_or_a_checklist_error(project: Path, edits: list) -> None:
    text = VALID
    for position, removed, token in edits:
        position = min(position, len(text))
        text = text[:position] + token + text[position + removed:]
    assert_outcome(project, text.encode("utf-8", "surrogatepass"))


@given(
    field=st.sampled_from(["title", "pause_point", "summary", "text", "why", "id", "tags", "sources", "kind", "revised"]),
    value=st.one_of(
        st.text(max_size=200),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
        st.lists(st.text(max_size=20), max_size=4),
        st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
    ),
)
@example(field="id", value="\n")  # found by `make fuzz`: "rename the file to \n.yml"
def test_any_value_in_any_field_gives_a_catalog_or_a_checklist_error(project: Path, field: str, value) -> None:
    item_fields = {"text", "why", "tags", "sources"}
    data = _valid_data()
    target = data["items"][2] if field in item_fields else data
    target[field] = value
    # JSON is YAML: json.dumps writes any of these values as a YAML flow scalar or collection.
    assert_outcome(project, json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@given(edits=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 8), st.sampled_from(TOKENS)), min_size=1, max_size=6))
def test_a_mutated_sources_registry_gives_a_catalog_or_a_checklist_error(project: Path, edits: list) -> None:
    """sources.yml comes from contributors too (community tips): same promise, problems name it."""
    (project / FUZZED).write_text(VALID, encoding="utf-8")
    text = (ROOT / REGISTRY).read_text(encoding="utf-8")
    for position, removed, token in edits:
        position = min(position, len(text))
        text = text[:position] + token + text[position + removed:]
    data = text.encode("utf-8", "surrogatepass")
    (project / REGISTRY).write_bytes(data)
    try:
        with time_limit(EXAMPLE_TIME_LIMIT_S):
            catalog = load_all(project, docs_dir=ROOT / "docs")
    except ChecklistError as exc:
        for problem in exc.problems:
            if problem.path == FUZZED:  # a registry that lost a source: the checklist citing it says so
                assert "unknown source" in problem.message, problem
                continue
            _assert_good_problem(problem.path, problem.line, problem.message, data, path_at_fault=REGISTRY)
        return
    render_pages(catalog, "https://example.org/site/")


@given(
    field=st.sampled_from(["title", "pause_point", "summary", "text", "why", "id", "tags", "sources", "kind", "revised", "order", "guide_page"]),
    value=st.one_of(
        st.text(max_size=200),
        st.text(alphabet=st.sampled_from(' \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\ufeff<>"a-z0.#/'), max_size=12),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),  # JSON's Infinity is a word in YAML
        st.booleans(),
        st.none(),
        st.lists(st.text(max_size=20), max_size=4),
    ),
)
def test_the_build_accepts_nothing_jsonschema_rejects(project: Path, field: str, value) -> None:
    """The build checks data with jsonschema-rs (fast) and asks jsonschema only to explain a failure.
    The two read a regex's \\s a little differently (U+0085, U+001C-U+001F), so the promise is kept by
    the loader as a whole (those characters are refused as invisible): nothing it accepts breaks the
    checklist schema as jsonschema reads it."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "checklists" / "checklist.schema.json").read_text(encoding="utf-8"))
    data = _valid_data()
    target = data["items"][2] if field in {"text", "why", "tags", "sources"} else data
    target[field] = value
    (project / FUZZED).write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    try:
        load_all(project, docs_dir=ROOT / "docs")
    except ChecklistError:
        return
    assert Draft202012Validator(schema).is_valid(data), f"the build accepted {field}: {value!r}"


def test_the_valid_fixture_loads(project: Path) -> None:
    """Guards the properties above: the file they mutate is valid to begin with."""
    (project / FUZZED).write_text(VALID, encoding="utf-8")
    catalog = load_all(project, docs_dir=ROOT / "docs")
    assert [c.id for c in catalog.checklists] == ["fuzzed"]


# ----------------------------------------------------------------------------
# Inputs that must not hang: each in its own process, with a time limit
# ----------------------------------------------------------------------------

BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["items: [*i]"]
)

HOSTILE_FILES = {
    # name: (file content, words the one-line error must contain)
    "billion-laughs": (BILLION_LAUGHS, ["anchors and aliases"]),
    "alias-bomb-in-a-valid-checklist": (
        VALID.replace("summary: One sentence for the index.", "summary: &s One sentence for the index.")
        .replace("why: Kindness goes a long way.", "why: *s"),
        ["anchors and aliases"],
    ),
    "deep-flow-nesting": ("items: " + "[" * 20000 + "]" * 20000 + "\n", []),
    "deep-block-nesting": ("".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "x\n", []),
    "huge-integer": ("order: " + "9" * 50000 + "\n", []),
    "oversized-text-with-a-late-newline": (VALID.replace("Read their profile first.", '"' + "a" * 60000 + '\\nx"'), ["text"]),
    "oversized-title-with-a-late-newline": (VALID.replace("Send a request worth accepting", '"' + "a" * 60000 + '\\nx"'), ["title"]),
    "oversized-why-of-brackets": (VALID.replace("Kindness goes a long way.", '"' + "[" * 60000 + '"'), ["why"]),
    "oversized-why-nested-lists": (
        VALID.replace("why: Kindness goes a long way.", "why: |\n" + "".join("      " + "  " * i + "- x\n" for i in range(150))),
        ["why"],
    ),
    "oversized-why-blockquotes": (VALID.replace("Kindness goes a long way.", '"' + ">" * 60000 + ' x"'), ["why"]),
    "file-over-the-size-limit": ("# " + "x" * (5 * 1024 * 1024) + "\n" + VALID, ["KB"]),
}

_RUN_LOADER = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from cwc_checklists import ChecklistError, load_all
    try:
        load_all(sys.argv[2], docs_dir=sys.argv[3])
        print(json.dumps({"outcome": "valid"}))
    except ChecklistError as exc:
        print(json.dumps({"outcome": "rejected", "problems": [[p.path, p.line, p.message] for p in exc.problems]}))
    """
)


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_file_is_refused_without_hanging(tmp_path: Path, name: str) -> None:
    content, words = HOSTILE_FILES[name]
    project = make_project(tmp_path)
    (project / FUZZED).write_text(content, encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _RUN_LOADER, str(ROOT / "hooks"), str(project), str(ROOT / "docs")],
            capture_output=True, text=True, timeout=TIME_LIMIT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: load_all did not finish within {TIME_LIMIT_S} s (a hang); reproduce: {_repro(project)}")
    assert proc.returncode == 0, f"{name}: the loader crashed:\n{proc.stderr[-3000:]}\nreproduce: {_repro(project)}"
    result = json.loads(proc.stdout)
    assert result["outcome"] == "rejected", f"{name}: accepted a hostile file"
    problems = result["problems"]
    for path, line, message in problems:
        _assert_good_problem(path, line, message, content.encode())
    joined = " ".join(message for _, _, message in problems)
    for word in words:
        assert word in joined, f"{name}: expected {word!r} in the error, got: {joined[:500]}"


def test_broken_files_fail_the_build_with_one_line_each(tmp_path: Path) -> None:
    """Through `mkdocs build --strict`: each broken file named on its own line, no traceback."""
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    broken = {
        "alias-bomb.yml": BILLION_LAUGHS.encode(),
        "utf-16.yml": "\ufeffid: utf-16\n".encode("utf-16-le"),
        "tab-indent.yml": VALID.replace("id: fuzzed", "id: tab-indent").replace("\n  - id: say-why", "\n\t- id: say-why").encode(),
        "deep.yml": ("items: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
        "nul.yml": VALID.replace("id: fuzzed", "id: nul").replace("Keep it kind", "Keep\x00 it kind").encode(),
    }
    for name, data in broken.items():
        (project / "checklists" / name).write_bytes(data)
    result = run_build(project, tmp_path / "site")
    assert not result.ok, "a build with broken checklist files succeeded"
    assert "Traceback" not in result.output, result.output[-3000:]
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    for name in broken:
        assert [e for e in errors if f"checklists/{name}" in e], f"no error line names checklists/{name}:\n{result.output[-3000:]}"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML (and most editors) count as a new line
TIME_LIMIT_S = 60  # generous: the point is "finishes", not "is fast" (bench/ measures speed)
EXAMPLE_TIME_LIMIT_S = 20


class LoaderHang(BaseException):
    """Raised into a loader call that runs too long (BaseException: the loader's own catch-all must not swallow it)."""


@contextmanager
def time_limit(seconds: int):
    """Interrupt the body after `seconds` of wall time (main thread only, POSIX)."""

    def interrupt(signum, frame):
        raise LoaderHang(f"load_all still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_project(base: Path) -> Path:
    """A project with the real schemas and sources registry and no checklist yet (docs/ is the real one)."""
    project = base / "project"
    (project / "checklists").mkdir(parents=True, exist_ok=True)
    for name in ("checklist.schema.json", "sources.schema.json", "sources.yml"):
        shutil.copy2(ROOT / "checklists" / name, project / "checklists" / name)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def assert_outcome(project: Path, data: bytes) -> None:
    """`data` as checklists/fuzzed.yml loads as a catalog, or fails with good one-line problems only."""
    (project / FUZZED).write_bytes(data)
    try:
        with time_limit(EXAMPLE_TIME_LIMIT_S):
            catalog = load_all(project, docs_dir=ROOT / "docs")
    except ChecklistError as exc:
        assert exc.problems, "ChecklistError without problems"
        for problem in exc.problems:
            _assert_good_problem(problem.path, problem.line, problem.message, data)
        return
    assert isinstance(catalog, Catalog)
    assert [c.id for c in catalog.checklists] == ["fuzzed"]
    # What loads must also render: the pages of any valid checklist build.
    with time_limit(EXAMPLE_TIME_LIMIT_S):
        pages = render_pages(catalog, "https://example.org/site/")
    assert "checklists/fuzzed.md" in pages


def _assert_good_problem(path: str, line: int | None, message: str, data: bytes, *, path_at_fault: str = FUZZED) -> None:
    """A problem a contributor can act on: names the fuzzed file, a line inside it, one line of text."""
    assert path == path_at_fault, f"problem names {path!r}, not the file at fault: {message}"
    assert not message.startswith("could not load"), f"an unexpected exception reached the catch-all: {message}"
    assert "Traceback" not in message
    assert "\n" not in message and "\r" not in message, f"multi-line message: {message!r}"
    if line is not None:
        lines = len(_YAML_LINE_BREAK.findall(data.decode("utf-8", "replace"))) + 1
        assert 1 <= line <= lines, f"line {line} is outside the file ({lines} lines): {message}"


def _valid_data() -> dict:
    import yaml

    data = yaml.safe_load(VALID)
    data["revised"] = str(data["revised"])
    return data


def _repro(project: Path) -> str:
    return f"PYTHONPATH=hooks python -c 'from cwc_checklists import load_all; load_all(\"{project}\")'"
