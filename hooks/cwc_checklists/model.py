"""Frozen data types for checklists, their sources, and the problems found while loading them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


# ----------------------------------------------------------------------------
# Problems
# ----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the checklist data, printed as one line: `file:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ChecklistError(Exception):
    """Every problem found in the checklist data; `str()` gives one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """An essay (or other source) that checklist items cite, from checklists/sources.yml."""

    id: str
    title: str
    author: str
    label: str
    kind: str
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """One line of a checklist: a short imperative, why it matters, where it comes from."""

    id: str
    text: str
    why: str
    sources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    why_html: str = ""  # `why` rendered by the loader (why.WhyRenderer), which vetted it
    community: bool = False  # no essay among its sources: a "Community tip"
    guide: bool = False  # cites the guide itself (a source of kind "guide"): "The guide's own addition"
    conditional: bool = False  # does not apply to every reader ("If ..."): it can be marked "Doesn't apply", which counts as done


@dataclass(frozen=True)
class Checklist:
    """One checklist, used at one pause point."""

    id: str
    title: str
    pause_point: str
    kind: str
    revised: datetime.date
    guide_page: str
    items: tuple[Item, ...]
    summary: str | None = None
    order: int = 100
    path: str = ""  # the YAML file, relative to the project, e.g. "checklists/pre-connect.yml"
    renamed: tuple[tuple[str, str], ...] = ()  # (old item id, new item id), from checklists/ids/published.yml


@dataclass(frozen=True)
class Catalog:
    """All checklists (in reading order) and the sources they cite, by id."""

    checklists: tuple[Checklist, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()  # files that look like data but are not read (a failure under --strict)

    def get(self, checklist_id: str) -> Checklist:
        """The checklist with this id (KeyError if there is none)."""
        for checklist in self.checklists:
            if checklist.id == checklist_id:
                return checklist
        raise KeyError(checklist_id)
