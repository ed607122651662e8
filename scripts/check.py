#!/usr/bin/env python3
"""`make check`: fast checks of a change, no browser; every problem is one line naming file, line and fix.

Usage: python scripts/check.py [--project DIR] [--only STEP[,STEP...]]
Steps: data, tips, pages, build, links, spelling, markdown, github. Exit status 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import difflib
import html.parser
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit


def main(argv: list[str] | None = None) -> int:
    """Run every step (or the ones named), print one line per step and a summary; 0 only if all passed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent, help="project folder (default: this checkout)")
    parser.add_argument("--only", default="", help="comma-separated steps to run, e.g. data,tips")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in STEPS]
    if unknown:
        print(f"check: unknown step {unknown[0]!r}; steps are {', '.join(STEPS)}", file=sys.stderr)
        return 2

    started = time.monotonic()
    state = State(project=project)
    results: list[tuple[str, str, list[str], float]] = []
    # A step runs with the steps it needs (`--only links` builds first).
    while True:
        needed = {n for name in wanted for n in STEPS[name][1]} - set(wanted)
        if not needed:
            break
        wanted += sorted(needed)
    selected = [name for name in STEPS if not wanted or name in wanted]
    with tempfile.TemporaryDirectory(prefix="cwc-check-") as tmp, ThreadPoolExecutor(max_workers=3) as pool:
        state.site_dir = Path(tmp) / "site"
        # The linters only wait on their own subprocesses: start them now, next to the build.
        early = {name: pool.submit(timed, STEPS[name][0], state) for name in selected if name in PARALLEL_STEPS}
        for name in selected:
            step, needs = STEPS[name]
            blocked = [n for n in needs if state.status.get(n) not in (None, "passed")]
            if blocked:
                status, problems, took = "skipped", [f"(needs a passing '{blocked[0]}' step first)"], 0.0
            else:
                problems, took = early[name].result() if name in early else timed(step, state)
                status = "failed" if problems else "passed"
            state.status[name] = status
            results.append((name, status, problems, took))
            mark = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}[status]
            print(f"{mark} {name:<9} {took:5.1f}s" + (f"  {len(problems)} problem(s)" if status == "failed" else ""), flush=True)
            if status != "passed":
                for problem in problems:
                    print(f"     {problem}", flush=True)

    passed = sum(1 for r in results if r[1] == "passed")
    failed = [r[0] for r in results if r[1] == "failed"]
    skipped = [r[0] for r in results if r[1] == "skipped"]
    summary = f"make check: {passed} passed, {len(failed)} failed, {len(skipped)} skipped in {time.monotonic() - started:.1f}s"
    if failed or skipped:
        summary += f" (failed: {', '.join(failed + skipped)}). Fix the lines above, then run `make check` again."
    else:
        summary += ". All good."
    print(summary)
    return 1 if failed or skipped else 0


# ----------------------------------------------------------------------------
# Steps
# ----------------------------------------------------------------------------


def timed(step: Callable[[State], list[str]], state: State) -> tuple[list[str], float]:
    """Run one step; its problems and how long it took."""
    t0 = time.monotonic()
    problems = step(state)
    return problems, time.monotonic() - t0


@dataclass
class State:
    """What one run of the checks shares between steps."""

    project: Path
    site_dir: Path = Path()
    status: dict[str, str] = field(default_factory=dict)
    data_problems: set[tuple[str, int | None]] = field(default_factory=set)


def import_engine(project: Path, module: str):
    """A module of the checklist engine (hooks/cwc_checklists/, the build's own code): (module, None),
    or (None, a one-line problem) when it cannot be imported."""
    hooks = project / "hooks"
    sys.path.insert(0, str(hooks))
    try:
        return importlib.import_module(module), None
    except ImportError as exc:
        return None, f"hooks/cwc_checklists/: cannot be imported ({exc}); run `scripts/bootstrap test`"
    finally:
        sys.path.remove(str(hooks))


def compose_yaml(text: str):
    """YAML text as PyYAML's node tree (libyaml when PyYAML has it): lines on every node, nothing constructed."""
    import yaml

    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def check_data(state: State) -> list[str]:
    """The engine's own loader: JSON Schema, sources registry, ids, links to guide pages."""
    hooks = state.project / "hooks"
    if not (hooks / "cwc_checklists").is_dir():
        return ["hooks/cwc_checklists/: the checklist engine is missing; restore it from the repository"]
    engine, problem = import_engine(state.project, "cwc_checklists")
    if problem:
        return [problem]
    try:
        catalog = engine.load_all(state.project)
    except engine.ChecklistError as exc:
        state.data_problems = {(p.path, p.line) for p in exc.problems}
        return [str(p) for p in exc.problems]
    return [str(p) for p in getattr(catalog, "warnings", ())]  # files not read: the build is strict, so is this


def check_pages(state: State) -> list[str]:
    """Guide pages and their front matter: nothing a browser would act on (script, redirect, frame, form, handler)."""
    guide_pages, problem = import_engine(state.project, "cwc_checklists.guide_pages")
    if problem:
        return [problem]
    check_guide_pages, check_site_values = guide_pages.check_guide_pages, guide_pages.check_site_values
    import yaml

    config = state.project / "mkdocs.yml"
    problems = []
    try:
        text = config.read_text(encoding="utf-8")
        # Composed, not loaded: MkDocs' own tags (!!python/name:...) stay nodes, and nothing is constructed.
        root = compose_yaml(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [f"mkdocs.yml: cannot be read ({type(exc).__name__}); run `make build` to see why"]
    # The top-level text values, as MkDocs (PyYAML) reads them: a scalar resolved to a string.
    values = {key.value: value.value for key, value in root.value
              if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
              and value.tag == "tag:yaml.org,2002:str"} if isinstance(root, yaml.MappingNode) else {}
    problems += [str(p) for p in check_site_values(values, text)]
    docs = values.get("docs_dir", "docs")
    problems += [str(p) for p in check_guide_pages(state.project / str(docs), prefix=str(docs))]
    return problems


def check_tips(state: State) -> list[str]:
    """Tip-level content: a source on every item, text within the limit, no near-duplicates across checklists."""
    items, problems = read_items(state.project)
    limit = text_limit(state.project)
    for item in items:
        if not item.sources:  # also reported by the data step, but without saying which ids to use
            problems.append(f"{item.path}:{item.line}: item {item.id!r}: cites no source; add `sources: [<id>]` "
                            "(an essay id, a `kind: community` source from checklists/sources.yml, or contributor-experience)")
        if limit and len(item.text) > limit and (item.path, item.text_line) not in state.data_problems:
            problems.append(f"{item.path}:{item.text_line}: item {item.id!r}: text is {len(item.text)} characters; "
                            f"shorten it to {limit} or fewer (move detail into 'why')")
    for a, b, score, threshold in near_duplicates(items):
        problems.append(f"{b.path}:{b.text_line}: item {b.id!r} is a near-duplicate of {a.path}:{a.text_line} item {a.id!r} "
                        f"(similarity {score:.2f} >= {threshold:.2f}); merge it into that item instead of adding a second one")
    return problems


def check_build(state: State) -> list[str]:
    """`mkdocs build --strict` into a temporary folder; every warning is a problem."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(state.project / "mkdocs.yml"),
           "--site-dir", str(state.site_dir)]
    proc = subprocess.run(cmd, cwd=state.project, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode == 0:
        return []
    problems, aborted = [], []
    for line in (proc.stdout + proc.stderr).splitlines():
        line = ANSI.sub("", line).strip()
        if line.startswith(("WARNING", "ERROR")):
            problems.append(describe_build_message(line, state.project))
        elif line.startswith("Aborted"):
            aborted.append(f"mkdocs.yml: {line}")
    return problems or aborted or [f"mkdocs.yml: `mkdocs build --strict` failed (exit {proc.returncode}); run `make build` to see why"]


def check_links(state: State) -> list[str]:
    """Every internal link, stylesheet, script and anchor in the built HTML points at something that exists."""
    site = state.site_dir
    base_path = site_base_path(site)
    pages = sorted(p for p in site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for page in pages:
        scan = LinkScanner()
        scan.feed(page.read_text(encoding="utf-8", errors="replace"))
        ids[page] = scan.ids
        links[page] = scan.links
    problems = []
    for page in pages:
        for href in links[page]:
            target, fragment = resolve_link(page, href, site, base_path)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{source_of(page, site, state.project, href)}: link {href!r} points at a page or file "
                                f"that is not in the built site; fix the link or create the target")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    scan = LinkScanner()
                    scan.feed(target.read_text(encoding="utf-8", errors="replace"))
                    ids[target] = scan.ids
                if fragment not in ids[target]:
                    problems.append(f"{source_of(page, site, state.project, '#' + fragment)}: link {href!r}: no heading or "
                                    f"element with id {fragment!r} on {target.relative_to(site).as_posix()}; fix the anchor")
    return sorted(set(problems))


def check_spelling(state: State) -> list[str]:
    """codespell with the project's word list (.codespellrc, .codespell-words.txt)."""
    paths = [p for p in SPELL_PATHS if (state.project / p).exists()]
    proc = subprocess.run([sys.executable, "-m", "codespell_lib", *paths], cwd=state.project, capture_output=True, text=True, timeout=120)
    problems = []
    for line in proc.stdout.splitlines():
        match = re.match(r"^(?P<where>.+?:\d+): (?P<word>\S+) ==> (?P<fix>.+)$", line.removeprefix("./"))
        if match:
            problems.append(f"{match['where']}: {match['word']!r} looks misspelled; write {match['fix']} "
                            f"(or, if it is right, add it in lower case to .codespell-words.txt)")
        elif line.strip():
            problems.append(line.strip())
    if proc.returncode not in (0, 65) or (proc.returncode == 65 and not problems):
        problems.append(f".codespellrc: codespell failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}")
    return problems


def check_markdown(state: State) -> list[str]:
    """pymarkdown with this project's rules (.pymarkdown.json)."""
    paths = [p for p in MARKDOWN_PATHS if (state.project / p).exists()]
    cmd = [sys.executable, "-m", "pymarkdown", "--strict-config", "-c", ".pymarkdown.json", "scan", *paths]
    proc = subprocess.run(cmd, cwd=state.project, capture_output=True, text=True, timeout=120)
    problems = []
    for line in proc.stdout.splitlines():
        match = re.match(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>MD\d+): (?P<message>.*)$", line)
        if match:
            file = Path(match["file"])
            file = file.relative_to(state.project).as_posix() if file.is_absolute() else file.as_posix()
            problems.append(f"{file}:{match['line']}: {match['message']} (rule {match['rule']}; "
                            f"`.venv/bin/pymarkdown -c .pymarkdown.json fix {file}` fixes many rules)")
        elif line.strip():
            problems.append(line.strip())
    if proc.returncode != 0 and not problems:
        problems.append(f".pymarkdown.json: pymarkdown failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}")
    return problems


def check_github(state: State) -> list[str]:
    """Workflows, issue forms and the issue-template config against GitHub's schemas (vendored, offline);
    the workflows also through actionlint and zizmor (offline)."""
    gh = state.project / ".github"
    workflows = sorted((gh / "workflows").glob("*.y*ml"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        linters = [pool.submit(lint, state, workflows) for lint in (check_actionlint, check_zizmor)] if workflows else []
        problems = check_github_schemas(state)
        for linter in linters:
            problems += linter.result()
    return problems


def check_github_schemas(state: State) -> list[str]:
    """Workflows, issue forms and the issue-template config against GitHub's schemas (vendored, offline)."""
    gh = state.project / ".github"
    groups = [
        ("vendor.github-workflows", sorted((gh / "workflows").glob("*.y*ml"))),
        ("vendor.github-issue-forms", sorted(p for p in (gh / "ISSUE_TEMPLATE").glob("*.y*ml") if p.stem != "config")),
        ("vendor.github-issue-config", sorted((gh / "ISSUE_TEMPLATE").glob("config.y*ml"))),
    ]
    problems = []
    for schema, files in groups:
        if not files:
            continue
        rels = [f.relative_to(state.project).as_posix() for f in files]
        cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, "-o", "json", *rels]
        proc = subprocess.run(cmd, cwd=state.project, capture_output=True, text=True, timeout=120)
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            problems.append(f".github/: check-jsonschema failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}")
            continue
        for error in report.get("parse_errors", []):
            problems.append(f"{error.get('filename', '.github/')}: not valid YAML: {error.get('message', '')}")
        for error in report.get("errors", []):
            best = error.get("best_deep_match") or error.get("best_match") or error
            line = yaml_line(state.project / error["filename"], best["path"])
            problems.append(f"{error['filename']}:{line or 1}: {best['path']}: {best['message']} "
                            f"(GitHub's {schema.removeprefix('vendor.')} schema)")
    return problems


def run_workflow_tool(state: State, name: str, args: list[str], workflows: list[Path]) -> subprocess.CompletedProcess | str:
    """Run a workflow linter the test lock installs in this virtualenv (actionlint, zizmor) on the
    workflows: its result, or the one-line problem that it is not installed."""
    exe = Path(sys.executable).parent / name
    if not exe.is_file():
        return f".github/workflows/: {name} is not installed; run `scripts/bootstrap test` (it comes with the test lock)"
    rels = [w.relative_to(state.project).as_posix() for w in workflows]
    return subprocess.run([str(exe), *args, *rels], cwd=state.project, capture_output=True, text=True, timeout=120)


def check_actionlint(state: State, workflows: list[Path]) -> list[str]:
    """actionlint: expressions, job graph, action inputs and runtimes (a Node 20 action is a finding)."""
    # shellcheck and pyflakes are not in the lock: off, so every machine reports the same findings.
    proc = run_workflow_tool(state, "actionlint", ["-oneline", "-no-color", "-shellcheck=", "-pyflakes="], workflows)
    if isinstance(proc, str):
        return [proc]
    problems = []
    for line in proc.stdout.splitlines():
        match = re.match(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<message>.*?)(?: \[(?P<rule>[\w-]+)\])?$", line)
        if match:
            problems.append(f"{match['file']}:{match['line']}: {match['message']} (actionlint {match['rule'] or 'error'}; fix it, "
                            "or, for a false alarm, add an `ignore:` pattern with its reason in .github/actionlint.yaml)")
        elif line.strip():
            problems.append(line.strip())
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not problems):
        problems.append(f".github/workflows/: actionlint failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:300]}")
    return problems


def check_zizmor(state: State, workflows: list[Path]) -> list[str]:
    """zizmor, offline: security findings (unpinned actions, template injection, credentials, permissions)."""
    proc = run_workflow_tool(state, "zizmor", ["--offline", "--no-progress", "--format", "json-v1"], workflows)
    if isinstance(proc, str):
        return [proc]
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [f".github/workflows/: zizmor failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"]
    problems = []
    for finding in findings:
        locations = finding.get("locations") or [{}]
        primary = next((loc for loc in locations if loc.get("symbolic", {}).get("kind") == "Primary"), locations[0])
        path = primary.get("symbolic", {}).get("key", {}).get("Local", {}).get("verbatim_path", ".github/workflows/")
        row = primary.get("concrete", {}).get("location", {}).get("start_point", {}).get("row")
        where = f"{path}:{row + 1}" if isinstance(row, int) else path
        note = primary.get("symbolic", {}).get("annotation", "")
        problems.append(f"{where}: {finding['desc']}" + (f" ({note})" if note else "")
                        + f"; see {finding.get('url', 'https://docs.zizmor.sh/audits/')} "
                        f"(zizmor {finding['ident']}; fix it, or add `# zizmor: ignore[{finding['ident']}]` and the reason on that line)")
    return problems


# ----------------------------------------------------------------------------
# Checklist items, read with line numbers
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RawItem:
    """One checklist item as written, with where it is."""

    path: str
    line: int
    text_line: int
    id: str
    text: str
    sources: tuple[str, ...]


def read_items(project: Path) -> tuple[list[RawItem], list[str]]:
    """Every item of every checklists/*.yml, leniently (the data step reports malformed files)."""
    yamldata, problem = import_engine(project, "cwc_checklists.yamldata")  # the build's own reader, with its lines
    if problem:
        return [], [problem]
    line_of, read_yaml = yamldata.line_of, yamldata.read_yaml

    items: list[RawItem] = []
    problems: list[str] = []
    for path in sorted((project / "checklists").glob("*.yml")):
        if path.name == "sources.yml":
            continue
        rel = path.relative_to(project).as_posix()
        tree, lines, refused = read_yaml(path, rel)
        if refused:
            continue  # reported by the data step, with its line
        entries = tree.get("items") if isinstance(tree, dict) else None
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            line = line_of(lines, ["items", index])
            text_line = line_of(lines, ["items", index, "text"])  # the item's line when it has no text
            sources = entry.get("sources")
            sources = tuple(str(s) for s in sources) if isinstance(sources, list) else ()
            items.append(RawItem(rel, line, text_line, str(entry.get("id", f"#{index + 1}")), str(entry.get("text", "")).strip(), sources))
    return items, problems


def normalise(text: str) -> str:
    """Lower case, curly quotes straightened, punctuation dropped, spaces collapsed."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text).replace("'", "")
    return " ".join(text.split())


def meaningful_words(text: str) -> set[str]:
    """The words of a tip that carry its meaning: no stop words, a plural 's' dropped."""
    words = set()
    for word in normalise(text).split():
        if word in STOP_WORDS:
            continue
        words.add(stem(word))
    return words


def stem(word: str) -> str:
    """A crude English stem, enough to match send/sending, remove/removed, contact/contacts."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def similarity(a: str, b: str) -> float:
    """How alike two tips are, 0..1: the larger of difflib's ratio and the overlap of meaningful words."""
    na, nb = normalise(a), normalise(b)
    ratio = difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()
    wa, wb = meaningful_words(a), meaningful_words(b)
    overlap = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return max(ratio, overlap)


def near_duplicates(items: list[RawItem]) -> list[tuple[RawItem, RawItem, float, float]]:
    """Pairs (earlier, later, score, threshold) of items whose texts are too alike."""
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if not a.text or not b.text:
                continue
            threshold = DUPLICATE_THRESHOLD if a.path == b.path else DUPLICATE_THRESHOLD_ACROSS
            score = similarity(a.text, b.text)
            if score >= threshold:
                found.append((a, b, score, threshold))
    return found


def text_limit(project: Path) -> int | None:
    """The item text limit, read from the JSON Schema so the check and the schema cannot drift."""
    try:
        schema = json.loads((project / "checklists" / "checklist.schema.json").read_text(encoding="utf-8"))
        return int(schema["$defs"]["item"]["properties"]["text"]["maxLength"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ----------------------------------------------------------------------------
# Helpers for the build and link steps
# ----------------------------------------------------------------------------


class LinkScanner(html.parser.HTMLParser):
    """Collects the ids of a page and the URLs it links to or loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attr in LINK_ATTRS.get(tag, ()):
            if values.get(attr):
                self.links.append(values[attr])


def resolve_link(page: Path, href: str, site: Path, base_path: str) -> tuple[Path | None, str]:
    """The file in the built site an internal link points at (None for outside links), and its fragment."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "data", "javascript", "blob"):
        return None, ""
    path = unquote(parts.path)
    if parts.scheme or parts.netloc:
        site_url = urlsplit(SITE_URL_CACHE.get("url", ""))
        if parts.netloc != site_url.netloc or not path.startswith(base_path):
            return None, ""
    if path.startswith("/"):
        if not path.startswith(base_path):
            return site / "__outside_the_site__" / path.lstrip("/"), parts.fragment
        target = site / path[len(base_path):]
    elif path:
        target = page.parent / path
    else:
        target = page
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return Path(os.path.normpath(target)), parts.fragment


def site_base_path(site: Path) -> str:
    """The path part of the site_url the site was built with ('/connect-with-care/'), from its home page."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    url = match.group(1) if match else "/"
    SITE_URL_CACHE["url"] = url
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def source_of(page: Path, site: Path, project: Path, needle: str) -> str:
    """The file a built page comes from (docs/x.md, checklists/x.yml), with the line of `needle` if found."""
    rel = page.relative_to(site).as_posix()
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel[: -len(".html")]
    candidates = [f"docs/{stem}.md", f"docs/{stem}/index.md"] if stem else ["docs/index.md"]
    if stem.startswith("checklists/"):
        candidates.append(f"checklists/{stem.split('/')[1]}.yml")
    for candidate in candidates:
        path = project / candidate
        if path.is_file():
            fragment = needle.rpartition("#")[2] or needle
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if fragment and fragment in line:
                    return f"{candidate}:{number}"
            return candidate
    return f"site/{rel} (built page)"


def describe_build_message(line: str, project: Path) -> str:
    """A MkDocs warning as `docs/x.md:LINE: ...` when it names a doc file and a link we can find."""
    message = re.sub(r"^(WARNING|ERROR)\s*-\s*", "", line)
    match = re.search(r"Doc file '(?P<doc>[^']+)' contains (?:a link|an absolute link|a link to) '(?P<link>[^']+)'", message)
    if match:
        doc = project / "docs" / match["doc"]
        where = f"docs/{match['doc']}"
        if doc.is_file():
            for number, text in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
                if match["link"] in text:
                    where += f":{number}"
                    break
        return f"{where}: {message}; fix the link (targets are paths in docs/, e.g. sources.md#halpert)"
    if re.match(r"^[\w./-]+\.(md|yml|yaml|py|html)(:\d+)?: ", message):
        return message  # it names its file already, e.g. a checklist problem from the hook
    return f"mkdocs.yml: {message}"


def yaml_line(path: Path, json_path: str) -> int | None:
    """The line of a `$.jobs.test.steps[2].uses` path in a YAML file (1-based), as far as it exists."""
    import yaml

    try:
        # Composed, not loaded: any YAML GitHub reads (anchors too) gives nodes with their lines.
        node = compose_yaml(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a parse error is reported by check-jsonschema itself
        return None
    line = None
    for step in re.findall(r"\.([^.\[]+)|\[(\d+)\]", json_path):
        if isinstance(node, yaml.MappingNode) and step[0]:
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step[0]), None)
        elif isinstance(node, yaml.SequenceNode) and step[1] and int(step[1]) < len(node.value):
            item = node.value[int(step[1])]
            found = (item, item)
        else:
            found = None
        if found is None:
            break
        line = found[0].start_mark.line + 1  # the key's line, or the list entry's
        node = found[1]
    return line


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

# Two item texts this alike (0..1, see `similarity`) are near-duplicates. In one checklist the real
# items stay below 0.55 while rewordings ("Read their profile first." / "First, read their profile.")
# score 0.8 to 1.0. Across checklists the same advice at two pause points is sometimes deliberate
# ("Accept only if you would trust them..." / "Keep only people you would trust...", 0.85), so only
# near-copies count there. tests/test_contributing.py pins both sides.
DUPLICATE_THRESHOLD = 0.80
DUPLICATE_THRESHOLD_ACROSS = 0.90

STOP_WORDS = frozenset(
    "a an the and or but if so to of in on at by for with from into about as is are be been it its this that "
    "these those you your yours they them their theirs he she his her we our us i me my do does did not no "
    "than then before after when while what who whom which why how all any each every some one own just "
    "can could will would should may might must have has had there here up out over".split()
)
# tests/ is left out: tests hold deliberate typos ("txt" for "text") to check the error messages.
SPELL_PATHS = ("docs", "checklists", "hooks", "overrides", "scripts", "bench/README.md", "README.md",
               "CONTRIBUTING.md", ".github", "mkdocs.yml", "Makefile", "pyproject.toml")
MARKDOWN_PATHS = ("docs", "README.md", "CONTRIBUTING.md")
LINK_ATTRS = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",), "source": ("src",), "iframe": ("src",)}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SITE_URL_CACHE: dict[str, str] = {}

PARALLEL_STEPS = ("spelling", "markdown", "github")
STEPS: dict[str, tuple[Callable[[State], list[str]], tuple[str, ...]]] = {
    "data": (check_data, ()),
    "tips": (check_tips, ()),
    "pages": (check_pages, ()),
    "build": (check_build, ("data",)),
    "links": (check_links, ("build",)),
    "spelling": (check_spelling, ()),
    "markdown": (check_markdown, ()),
    "github": (check_github, ()),
}

if __name__ == "__main__":
    sys.exit(main())
