"""Every quotation in the guide and its data is word for word in the essay it cites, and names who speaks.

The essays are not in the project (a user's clone has no ../shared), so tests/quotations.yml holds
every quoted passage with its essay id, checked against the essays by hand once (see that file's
header). These tests hold the guide to that file:

- a quotation is text in curly double quotes, “…” (inner quotes are single, ‘…’); the guide's own
  examples are never in curly quotes, so they can never pass for a quotation;
- on a page, each quotation must be part of an entry whose essay is cited in the same block (the
  paragraph, list or admonition paragraph it sits in, or the table row): a citation at the other end
  of the page is too far for a reader to tell whose words these are. In checklist data, the entry's
  essay must be among the `sources` of the item (or decision reason) holding the text;
- an entry with `speaker:` (Reid Hoffman via Halpert, Tim Mushey via Network Thoughtfully, a reader
  comment) needs the speaker named in that block or item too;
- no entry goes unused, so the file stays a true list of what the guide quotes.

Also here: guide pages write quotations only in curly quotes (a straight "…" would escape the check),
use no blockquotes (a made-up message in one reads as a quotation), and label every example as the
guide's own, with example notes within the short note limit the site itself states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUOTATIONS = Path("tests") / "quotations.yml"
# The guide's own pages (issue 12): every docs/*.md but contributing.md; the tools' pages are not in it.
GUIDE_PAGES = sorted(p.name for p in (ROOT / "docs").glob("*.md") if p.name != "contributing.md")


def test_every_quotation_is_word_for_word_in_an_essay_it_cites() -> None:
    entries, problems = load_entries(ROOT)
    found = collect_quotations(ROOT)
    problems += check_quotations(found, entries)
    assert not problems, "\n".join(problems)


def test_every_entry_of_quotations_yml_is_used() -> None:
    entries, problems = load_entries(ROOT)
    problems += unused_entries(collect_quotations(ROOT), entries)
    assert not problems, "\n".join(problems)


def test_the_guide_quotes_something() -> None:
    # Guards the extraction itself: if it found nothing, the tests above would pass vacuously.
    found = collect_quotations(ROOT)
    assert len([q for q in found if q.file.startswith("docs/")]) >= 20, [q.text for q in found]


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_guide_page_writes_quotations_in_curly_quotes(page: str) -> None:
    problems = straight_quotes(f"docs/{page}", (ROOT / "docs" / page).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_guide_page_has_no_blockquote(page: str) -> None:
    problems = blockquotes(f"docs/{page}", (ROOT / "docs" / page).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_examples_are_labelled_and_example_notes_fit_the_short_limit(page: str) -> None:
    problems = example_problems(f"docs/{page}", (ROOT / "docs" / page).read_text(encoding="utf-8"), short_note_limit(ROOT))
    assert not problems, "\n".join(problems)


# The checker must be able to fail: each kind of mistake on a small page of its own.
ENTRY = {"source": "halpert", "text": "A LinkedIn connection is a privilege.", "line": 1}
HOFFMAN = {"source": "halpert", "text": "It's up to you to vet each and every request", "speaker": "Reid Hoffman", "line": 2}
CITE = "[Halpert](sources.md#halpert){ .cite }"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(f"“A LinkedIn connection is a privilege”, writes Halpert. {CITE}\n", None, id="exact-and-cited"),
        pytest.param(f"“A LinkedIn connection\nis a privilege”, writes Halpert.\n{CITE}\n", None, id="across-lines"),
        pytest.param(f"“A LinkedIn connexion is a privilege” {CITE}\n", "is not word for word", id="misquoted"),
        pytest.param("“A LinkedIn connection is a privilege”\n\nLater: " + CITE + "\n", "cites none of", id="cited-elsewhere"),
        pytest.param(f"“A LinkedIn connection is a privilege” [Chernecky](sources.md#chernecky){{ .cite }}\n", "cites none of", id="wrong-essay"),
        pytest.param(f"Halpert quotes “It’s up to you to vet each and every request”. {CITE}\n", "does not name Reid Hoffman", id="speaker-unnamed"),
        pytest.param(f"Reid Hoffman: “It’s up to you to vet each and every request”. {CITE}\n", None, id="speaker-named"),
        pytest.param(f"| a row with “A LinkedIn connection is a privilege” | x |\n| another row | {CITE} |\n", "cites none of", id="other-table-row"),
    ],
)
def test_checker_catches_each_kind_of_mistake(page: str, expected: str | None) -> None:
    entries = [Entry(**ENTRY), Entry(**HOFFMAN)]
    problems = check_quotations(page_quotations("docs/x.md", page), entries)
    if expected is None:
        assert not problems
    else:
        assert len(problems) == 1 and expected in problems[0], problems
        assert problems[0].startswith("docs/x.md:1: ") and "tests/quotations.yml" in problems[0]


def test_checker_reads_item_sources_in_checklist_data() -> None:
    data = (
        "items:\n"
        "  - id: one\n"
        "    text: Halpert calls it “A LinkedIn connection is a privilege.”\n"
        "    sources: [halpert]\n"
        "  - id: two\n"
        "    why: |\n"
        "      A first line.\n"
        "      Again “A LinkedIn connection is a privilege.”\n"
        "    sources: [chernecky]\n"
    )
    found = yaml_quotations("checklists/x.yml", data)
    assert [(q.line, q.cited) for q in found] == [(3, {"halpert"}), (8, {"chernecky"})]
    problems = check_quotations(found, [Entry(**ENTRY)])
    assert len(problems) == 1 and problems[0].startswith("checklists/x.yml:8: ") and "cites none of" in problems[0]


def test_unused_entry_is_reported_with_its_line() -> None:
    problems = unused_entries(page_quotations("docs/x.md", f"“A LinkedIn connection is a privilege” {CITE}\n"),
                              [Entry(**ENTRY), Entry(**HOFFMAN)])
    assert problems == [f"{QUOTATIONS}:2: entry {HOFFMAN['text']!r} is quoted nowhere in docs/ or checklists/; "
                        "delete it (or quote it where its essay is cited)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('- source: halpert\n  text: "x"\n  speker: Reid\n', "unknown key 'speker'", id="unknown-key"),
        pytest.param('- source: nobody\n  text: "x"\n', "source 'nobody' is not an essay", id="unknown-source"),
        pytest.param('- source: halpert\n', "needs a non-empty 'text'", id="no-text"),
        pytest.param('- text: "x"\n', "needs 'source' (an essay id) or 'quoting'", id="no-source"),
    ],
)
def test_malformed_quotations_file_gives_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "checklists").mkdir()
    (tmp_path / "tests" / "quotations.yml").write_text(text, encoding="utf-8")
    (tmp_path / "checklists" / "sources.yml").write_text("- id: halpert\n  kind: essay\n", encoding="utf-8")
    _, problems = load_entries(tmp_path)
    assert len(problems) == 1 and problems[0].startswith(f"{QUOTATIONS}:1: ") and expected in problems[0], problems


def test_straight_quotes_and_blockquotes_and_unlabelled_examples_are_caught() -> None:
    page = ('!!! note "The guide\'s own addition"\n\n    Halpert says "vet" here.\n\n'
            '> Hi, a made-up note.\n\n'
            '!!! example "A good note"\n\n    **Works:**\n\n    ' + "x" * 201 + "\n")
    assert [p.split(": ")[0] for p in straight_quotes("docs/x.md", page)] == ["docs/x.md:3"]
    assert [p.split(": ")[0] for p in blockquotes("docs/x.md", page)] == ["docs/x.md:5"]
    problems = example_problems("docs/x.md", page, 200)
    assert [p.split(": ")[0] for p in problems] == ["docs/x.md:7", "docs/x.md:11"], problems


# ----------------------------------------------------------------------------
# Reading the quotations file
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One quoted passage of tests/quotations.yml."""

    text: str
    line: int
    source: str | None = None     # an essay id from checklists/sources.yml
    quoting: str | None = None    # what is quoted, when it is no essay (e.g. LinkedIn's own interface text)
    speaker: str | None = None    # who speaks, when it is not the essay's author


ENTRY_KEYS = {"source", "text", "speaker", "quoting"}


def load_entries(root: Path) -> tuple[list[Entry], list[str]]:
    """The entries of tests/quotations.yml, and one line per problem with the file's format."""
    essays = {node_value(s).get("id") for s in yaml_items(root / "checklists" / "sources.yml") if node_value(s).get("kind") == "essay"}
    path = root / QUOTATIONS
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return [], [f"{QUOTATIONS}: cannot be read as YAML ({error}); see the format at the top of the file"]
    if not isinstance(node, yaml.SequenceNode):
        return [], [f"{QUOTATIONS}:1: must be a list of entries (`- source: halpert` / `  text: “…”`)"]
    entries, problems = [], []
    for item in node.value:
        line = item.start_mark.line + 1
        where = f"{QUOTATIONS}:{line}: "
        data = node_value(item) if isinstance(item, yaml.MappingNode) else None
        if data is None:
            problems.append(where + "each entry is a mapping with 'text' and 'source' (see the top of the file)")
            continue
        unknown = sorted(set(data) - ENTRY_KEYS)
        if unknown:
            problems.append(where + f"unknown key {unknown[0]!r}; an entry has only {', '.join(sorted(ENTRY_KEYS))}")
            continue
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(where + "the entry needs a non-empty 'text': the passage exactly as in the essay")
            continue
        if ("source" in data) == ("quoting" in data):
            problems.append(where + "the entry needs 'source' (an essay id) or 'quoting' (what else it quotes), not both")
            continue
        if "source" in data and data["source"] not in essays:
            problems.append(where + f"source {data['source']!r} is not an essay in checklists/sources.yml "
                            f"(essays: {', '.join(sorted(e for e in essays if e))})")
            continue
        entries.append(Entry(text=text, line=line, source=data.get("source"), quoting=data.get("quoting"), speaker=data.get("speaker")))
    return entries, problems


# ----------------------------------------------------------------------------
# Finding quotations
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quotation:
    """Text in curly double quotes, where it is, which essays are cited next to it, and the text around it."""

    file: str
    line: int
    text: str
    cited: frozenset[str]
    context: str


def collect_quotations(root: Path) -> list[Quotation]:
    """Every quotation on every page under docs/ and in every checklist data file."""
    found = []
    for path in sorted((root / "docs").rglob("*.md")):
        found += page_quotations(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
    for path in sorted((root / "checklists").rglob("*.yml")):
        found += yaml_quotations(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
    return found


def page_quotations(name: str, text: str) -> list[Quotation]:
    """The quotations of a Markdown page, each with the essays cited in its block."""
    found = []
    on_sources_page = name == "docs/sources.md"
    section: list[str] = []  # on the Sources page, the essay whose entry this block is in cites it too
    for start, block in page_blocks(text):
        heading = SECTION.match(block)
        if on_sources_page and heading:
            section = [heading.group(1)]
        cited = frozenset(CITE_LINK.findall(block) + (SOURCES_ANCHOR.findall(block) + section if on_sources_page else []))
        for match in QUOTE.finditer(block):
            line = start + block.count("\n", 0, match.start())
            found.append(Quotation(name, line, match.group(1), cited, block))
    return found


def page_blocks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each block: lines between blank lines, a table row on its own; front matter is
    one block with the whole page's citations (a page description has no citation of its own)."""
    lines = text.split("\n")
    blocks: list[tuple[int, list[str]]] = []
    first = 0
    if lines and lines[0].strip() == "---" and "---" in (s.strip() for s in lines[1:]):
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        cites = " ".join(m.group(0) for m in CITE_LINK.finditer(text))
        blocks.append((1, lines[: end + 1] + [cites]))
        first = end + 1
    current: list[str] = []
    for number, line in enumerate(lines[first:], start=first + 1):
        if not line.strip() or line.lstrip().startswith("|"):
            if current:
                blocks.append((start, current))
                current = []
            if line.strip():
                blocks.append((number, [line]))
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return [(start, "\n".join(block)) for start, block in blocks]


def yaml_quotations(name: str, text: str) -> list[Quotation]:
    """The quotations in a data file's strings, each with the `sources` of the item holding it
    (in checklists/sources.yml, the source's own id)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        pytest.fail(f"{name}: not valid YAML ({error})")
    found: list[Quotation] = []

    def walk(node: yaml.Node, cited: frozenset[str], context: str) -> None:
        if isinstance(node, yaml.MappingNode):
            data = node_value(node)
            if isinstance(data.get("sources"), list):
                cited = frozenset(str(s) for s in data["sources"])
                context = " ".join(v for v in data.values() if isinstance(v, str))
            elif name.endswith("checklists/sources.yml") and isinstance(data.get("id"), str):
                cited = frozenset([data["id"]])
                context = " ".join(v for v in data.values() if isinstance(v, str))
            for _, value in node.value:
                walk(value, cited, context)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                walk(value, cited, context)
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            block = node.style in ("|", ">")
            for match in QUOTE.finditer(node.value):
                line = node.start_mark.line + 1 + int(block) + node.value.count("\n", 0, match.start())
                found.append(Quotation(name, line, match.group(1), cited, context or node.value))

    if root is not None:
        walk(root, frozenset(), "")
    return found


# ----------------------------------------------------------------------------
# Checking
# ----------------------------------------------------------------------------


def check_quotations(found: list[Quotation], entries: list[Entry]) -> list[str]:
    """One line per quotation that is not word for word in an essay cited next to it, or leaves its speaker unnamed."""
    problems = []
    for quote in found:
        where = f"{quote.file}:{quote.line}: “{quote.text}”"
        text = normal(quote.text)
        matching = [e for e in entries if text and text in normal(e.text)]
        if not matching:
            problems.append(f"{where} is not word for word in any passage of {QUOTATIONS}: copy it exactly from the essay "
                            "(mis-encodings fixed, inner quotes ‘…’) and add it there with its essay id, or drop the quotation marks "
                            "and say it in the guide's own words")
            continue
        cited = [e for e in matching if e.quoting or e.source in quote.cited]
        if not cited:
            essays = ", ".join(sorted({e.source for e in matching if e.source}))
            problems.append(f"{where} cites none of the essays it is from ({essays}, per {QUOTATIONS}): cite the essay in the same "
                            "paragraph, list item or table row, e.g. [Halpert](sources.md#halpert){ .cite }, or in checklist data "
                            "add it to the item's `sources`")
            continue
        if not any(speaker_named(e, quote.context) for e in cited):
            speaker = next(e.speaker for e in cited if e.speaker)
            problems.append(f"{where} does not name {speaker}, who is speaking (per {QUOTATIONS}): name them in the same "
                            "paragraph or item, e.g. “Reid Hoffman, quoted by Halpert: …”")
    return problems


def unused_entries(found: list[Quotation], entries: list[Entry]) -> list[str]:
    """One line per entry of the quotations file that no quotation uses."""
    quoted = [normal(q.text) for q in found]
    return [f"{QUOTATIONS}:{e.line}: entry {e.text!r} is quoted nowhere in docs/ or checklists/; "
            "delete it (or quote it where its essay is cited)"
            for e in entries if not any(q and q in normal(e.text) for q in quoted)]


def speaker_named(entry: Entry, context: str) -> bool:
    """Whether the block or item around a quotation names the entry's speaker (by surname; a reader comment by 'reader')."""
    if not entry.speaker:
        return True
    words = entry.speaker.lower().split()
    return ("reader" if "reader" in words else words[-1]) in context.lower()


def normal(text: str) -> str:
    """Text as compared: one space for any run of white space (a quotation may wrap), one kind of single quote."""
    return " ".join(text.translate(SINGLE_QUOTES).split())


# ----------------------------------------------------------------------------
# The guide pages' own conventions
# ----------------------------------------------------------------------------


def straight_quotes(name: str, text: str) -> list[str]:
    """One line per straight double quote left in a page's prose (markup such as titles and attributes excepted)."""
    problems = []
    in_front_matter = text.startswith("---\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if in_front_matter:
            in_front_matter = not (number > 1 and line.strip() == "---")
            continue
        prose = MARKUP.sub("", line)
        if '"' in prose:
            problems.append(f"{name}:{number}: a straight double quote in {line.strip()!r}: write a quotation in curly "
                            f"quotes “…” and list it in {QUOTATIONS}, or rephrase without quotation marks")
    return problems


def blockquotes(name: str, text: str) -> list[str]:
    """One line per blockquote on a page: the guide quotes in curly quotes or a `!!! quote` box, never with `>`."""
    return [f"{name}:{number}: a blockquote: a made-up message in one reads as a quotation; put an example in a "
            "`!!! example \"The guide's own example…\"` box, and a quotation in curly quotes with its citation"
            for number, line in enumerate(text.split("\n"), start=1) if re.match(r"\s*>", line)]


def example_problems(name: str, text: str, limit: int) -> list[str]:
    """Examples sit in `!!! example` boxes titled as the guide's own; each example message (a plain paragraph in
    the box: not a **label**, a list or a link) has no curly quotes and fits the short note limit."""
    problems = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        header = re.match(r"(\s*)!!! example(?:\s+\"([^\"]*)\")?", line)
        if not header:
            continue
        if "guide's own" not in (header.group(2) or ""):
            problems.append(f"{name}:{number}: an example box must be labelled as the guide's own, e.g. "
                            "!!! example \"The guide's own examples, not from an essay\"")
        indent = len(header.group(1)) + 4
        body = []
        for inner, content in enumerate(lines[number:], start=number + 1):
            if content.strip() and len(content) - len(content.lstrip()) < indent:
                break
            body.append((inner, content.strip()))
        for inner, content in body:
            if not content or content.startswith(("**", "-", "[", "*")):
                continue
            if "“" in content or "”" in content:
                problems.append(f"{name}:{inner}: an example message in curly quotes reads as a quotation; drop the quotes")
            if len(content) > limit:
                problems.append(f"{name}:{inner}: an example message of {len(content)} characters; LinkedIn notes may be held "
                                f"to {limit} (mkdocs.yml, extra.connection_note.short_limit): shorten it")
    return problems


def short_note_limit(root: Path) -> int:
    """The short connection-note limit the site states (mkdocs.yml, extra.connection_note.short_limit)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/name: not needed here
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return int(config["extra"]["connection_note"]["short_limit"])


# ----------------------------------------------------------------------------
# Helpers and constants
# ----------------------------------------------------------------------------


def yaml_items(path: Path) -> list[yaml.Node]:
    node = yaml.compose(path.read_text(encoding="utf-8"))
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def node_value(node: yaml.MappingNode) -> dict:
    """A mapping node's keys with their plain values (strings, or lists of strings)."""
    out = {}
    for key, value in node.value:
        if isinstance(value, yaml.ScalarNode):
            out[key.value] = value.value
        elif isinstance(value, yaml.SequenceNode):
            out[key.value] = [v.value for v in value.value if isinstance(v, yaml.ScalarNode)]
        else:
            out[key.value] = value
    return out


QUOTE = re.compile(r"“([^“”]*)”")
CITE_LINK = re.compile(r"\]\((?:\.\./)*sources\.md#([a-z0-9-]+)\)")
# On the Sources page itself, an essay's own heading ({ #halpert }) and in-page links ((#halpert)) cite it.
SOURCES_ANCHOR = re.compile(r"(?:\]\(#|\{ *#)([a-z0-9-]+)")
SECTION = re.compile(r"## .*\{ *#([a-z0-9-]+) *\}")
SINGLE_QUOTES = str.maketrans({"’": "'", "‘": "'"})
# Markup whose straight quotes are syntax, not prose: admonition and tab titles, HTML tags and comments,
# attribute lists, link targets and code.
MARKUP = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s.*$|<!--.*?-->|<[^>]*>|\{[^}]*\}|\]\([^)]*\)|`[^`]*`")
