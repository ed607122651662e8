"""Read and check a decision (checklists/decisions/<id>.yml): questions whose answers lead to outcomes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .loader import _hint, _invisible_problems, _schema_problems
from .yamldata import line_of, read_yaml
from .model import Catalog, ChecklistError, Problem
from .safety import outside_repository


def load_decision(project_dir: Path, decision_id: str, catalog: Catalog) -> Decision:
    """Load and check one decision against the catalog's sources and checklists; raise ChecklistError."""
    project_dir = Path(project_dir)
    rel = f"{DECISIONS_DIR}/{decision_id}.yml"
    path = project_dir / rel
    if path.is_dir():
        raise ChecklistError([Problem(rel + "/", None, "is a folder; it must be the file the decision tools are drawn from")])
    if not path.is_file():
        raise ChecklistError([Problem(rel, None, "file not found; the decision tools are drawn from it")])
    outside = outside_repository(path, project_dir, rel)
    if outside:
        raise ChecklistError([outside])
    try:
        schema = json.loads((project_dir / DECISIONS_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ChecklistError([Problem(f"{DECISIONS_DIR}/{SCHEMA_FILE}", None, f"cannot read the JSON Schema ({exc}); restore it from the repository")]) from None
    data, tree, problems = read_yaml(path, rel, empty="write the questions and outcomes as decision.schema.json describes")
    if not problems:
        problems = _schema_problems(Draft202012Validator(schema), data, tree, rel) + _invisible_problems(data, tree, rel)
    if not problems:
        problems = _graph_problems(data, tree, rel, decision_id, catalog)
    if problems:
        raise ChecklistError(problems)
    return _build(data)


def paths(decision: Decision) -> list[tuple[tuple[tuple[str, int], ...], str]]:
    """Every route through the questions: ((question id, answer index), ...) and the outcome it reaches
    (at most MAX_ROUTES of them: load_decision refuses more)."""
    found: list[tuple[tuple[tuple[str, int], ...], str]] = []

    def walk(node_id: str, route: tuple[tuple[str, int], ...]) -> None:
        question = decision.questions.get(node_id)
        if question is None:
            found.append((route, node_id))
            return
        for index, answer in enumerate(question.answers):
            walk(answer.next, (*route, (question.id, index)))

    walk(decision.start, ())
    return found


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    text: str
    next: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]
    help: str | None = None
    item: str | None = None


@dataclass(frozen=True)
class Reason:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    id: str
    verdict: str
    title: str
    summary: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Decision:
    """Questions (by id, in file order), outcomes (by id) and where to start."""

    id: str
    title: str
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    checklist: str | None = None


# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------


def _graph_problems(data: dict, tree: Any, rel: str, stem: str, catalog: Catalog) -> list[Problem]:
    """What a schema cannot check: ids, references, loops, unreachable nodes, sources, checklist items."""
    problems: list[Problem] = []
    if data["id"] != stem:
        problems.append(Problem(rel, line_of(tree, ["id"]), f"id {data['id']!r} does not match the file name; use id: {stem}"))
    nodes: dict[str, tuple[str, int]] = {}
    for kind in ("questions", "outcomes"):
        for index, entry in enumerate(data[kind]):
            if entry["id"] in nodes:
                problems.append(Problem(rel, line_of(tree, [kind, index, "id"]), f"id {entry['id']!r} is used twice; questions and outcomes each need their own id"))
            nodes[entry["id"]] = (kind, index)

    checklist = None
    if "checklist" in data:
        try:
            checklist = catalog.get(data["checklist"])
        except KeyError:
            known = [c.id for c in catalog.checklists]
            problems.append(Problem(rel, line_of(tree, ["checklist"]), f"unknown checklist {data['checklist']!r}{_hint(data['checklist'], known, 'checklists')}"))

    names = sorted(nodes)
    if data["start"] not in nodes or nodes[data["start"]][0] != "questions":
        problems.append(Problem(rel, line_of(tree, ["start"]), f"'start' {data['start']!r} is not a question{_hint(data['start'], names, 'ids')}"))
    for qi, question in enumerate(data["questions"]):
        where = f"question {question['id']!r}: "
        if "item" in question and checklist is not None and question["item"] not in {i.id for i in checklist.items}:
            items = [i.id for i in checklist.items]
            problems.append(Problem(rel, line_of(tree, ["questions", qi, "item"]), f"{where}checklist {checklist.id!r} has no item {question['item']!r}{_hint(question['item'], items, 'items')}"))
        for ai, answer in enumerate(question["answers"]):
            if answer["next"] not in nodes:
                problems.append(Problem(rel, line_of(tree, ["questions", qi, "answers", ai, "next"]), f"{where}answer {ai + 1} leads to unknown id {answer['next']!r}{_hint(answer['next'], names, 'ids')}"))
    for oi, outcome in enumerate(data["outcomes"]):
        for ri, reason in enumerate(outcome["reasons"]):
            for si, source in enumerate(reason["sources"]):
                if source not in catalog.sources:
                    problems.append(Problem(rel, line_of(tree, ["outcomes", oi, "reasons", ri, "sources", si]), f"outcome {outcome['id']!r}: unknown source {source!r}{_hint(source, sorted(catalog.sources), 'known sources')}"))
    if problems:
        return problems

    # Walk from the start: a loop would trap the reader, an unreachable entry is dead text.
    questions = {q["id"]: q for q in data["questions"]}
    next_ids = {qid: [answer["next"] for answer in q["answers"]] for qid, q in questions.items()}
    reached, loops = _walk(data["start"], next_ids)
    for loop in loops:
        kind, index = nodes[loop[-1]]
        problems.append(Problem(rel, line_of(tree, [kind, index, "id"]), f"the answers loop back ({' -> '.join(loop)}); every path must end in an outcome"))
    for node in names:
        if node not in reached:
            kind, index = nodes[node]
            problems.append(Problem(rel, line_of(tree, [kind, index, "id"]), f"{kind[:-1]} {node!r} cannot be reached from 'start'; link it from an answer or remove it"))
    if not problems:
        routes = route_count(data["start"], next_ids)
        if routes > MAX_ROUTES:
            problems.append(Problem(rel, line_of(tree, ["start"]), f"the questions make {routes} different routes from 'start' to an outcome; "
                                                                   f"a decision has at most {MAX_ROUTES}: ask fewer questions, or lead more answers straight to an outcome"))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))


def _walk(start: str, next_ids: dict[str, list[str]]) -> tuple[set[str], list[tuple[str, ...]]]:
    """Every node reached from `start`, and each loop found (as the ids along it), visiting each node once."""
    reached: set[str] = set()
    finished: set[str] = set()
    loops: list[tuple[str, ...]] = []
    trail: list[str] = []  # the questions on the way to the current one
    on_trail: set[str] = set()
    stack: list[tuple[str, int]] = [(start, 0)]  # (node, index of its next answer to follow)
    reached.add(start)
    trail.append(start)
    on_trail.add(start)
    while stack:
        node, position = stack.pop()
        answers = next_ids.get(node, [])
        if position < len(answers):
            stack.append((node, position + 1))
            target = answers[position]
            if target in on_trail:
                loops.append((*trail[trail.index(target):], target))
            elif target not in finished and target not in reached:
                reached.add(target)
                trail.append(target)
                on_trail.add(target)
                stack.append((target, 0))
            continue
        finished.add(node)
        trail.pop()
        on_trail.discard(node)
    return reached, loops


def route_count(start: str, next_ids: dict[str, list[str]]) -> int:
    """How many routes lead from `start` to an outcome (each node's count worked out once; no loops)."""
    counts: dict[str, int] = {}
    stack = [start]
    while stack:
        node = stack[-1]
        if node in counts:
            stack.pop()
            continue
        answers = next_ids.get(node)
        if not answers:
            counts[node] = 1  # an outcome
            stack.pop()
            continue
        waiting = [target for target in answers if target not in counts]
        if waiting:
            stack.extend(waiting)
        else:
            counts[node] = sum(counts[target] for target in answers)
            stack.pop()
    return counts[start]


def _build(data: dict) -> Decision:
    questions = {
        q["id"]: Question(
            id=q["id"], text=q["text"].strip(), help=q.get("help"), item=q.get("item"),
            answers=tuple(Answer(a["text"].strip(), a["next"]) for a in q["answers"]),
        )
        for q in data["questions"]
    }
    outcomes = {
        o["id"]: Outcome(
            id=o["id"], verdict=o["verdict"], title=o["title"].strip(), summary=o["summary"].strip(),
            reasons=tuple(Reason(r["text"].strip(), tuple(r["sources"])) for r in o["reasons"]),
        )
        for o in data["outcomes"]
    }
    return Decision(id=data["id"], title=data["title"], start=data["start"], questions=questions, outcomes=outcomes, checklist=data.get("checklist"))


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

DECISIONS_DIR = "checklists/decisions"
# Routes from the start to an outcome: the questionnaire and the diagram draw each question once, so
# they stay small; a reader (and the tests, which follow every route) cannot take thousands of routes.
MAX_ROUTES = 100
SCHEMA_FILE = "decision.schema.json"
VERDICTS = {
    "accept": "Accept",
    "ask-why": "Ask them why",
    "check-first": "Check first",
    "ignore": "Ignore quietly",
}
