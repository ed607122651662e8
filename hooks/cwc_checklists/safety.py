"""Small checks shared by the loaders and the guide-page check: invisible characters (by Unicode
property), values cut short for messages, and where code sits in a Markdown page."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .model import Problem


# ----------------------------------------------------------------------------
# Invisible characters
# ----------------------------------------------------------------------------


def may_hold_invisible(text: str) -> bool:
    """False when `text` certainly holds no invisible character (one fast pass, in C)."""
    # str.isprintable() is False for categories Cc, Cf, Zl, Zp (and Zs but the space, Co, Cn);
    # the ignorables it calls printable (U+3164, U+034F, ...) are found by one regex search.
    return not text.translate(_ALLOWED_CONTROLS).isprintable() or _OTHER_IGNORABLE.search(text) is not None


def first_invisible(text: str) -> tuple[int, str] | None:
    """The first character a reader cannot see, and its index, or None.

    Invisible means Unicode's category Cc (controls but tab and newline), Cf (format: bidi controls,
    zero-width characters, soft hyphen, invisible operators, tag characters, ...), Zl and Zp (line and
    paragraph separators), and the other default-ignorable code points (PropList.txt:
    Other_Default_Ignorable_Code_Point and Variation_Selector: Hangul fillers, the combining grapheme
    joiner, ...). The zero-width joiner and the emoji variation selectors are allowed inside an emoji
    sequence (👩‍💻, ❤️), where they have a visible effect, and nowhere else."""
    if not may_hold_invisible(text):
        return None
    for index, char in enumerate(text):
        if char in "\t\n":
            continue
        if _is_invisible(char) and not _part_of_emoji(text, index):
            return index, char
    return None


def describe_char(char: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or _OTHER_IGNORABLE.match(char) is not None


def _part_of_emoji(text: str, index: int) -> bool:
    """A ZWJ between two emoji, or an emoji variation selector right after one (or after a keycap's digit)."""
    char = text[index]
    before = text[index - 1] if index > 0 else ""
    if char == ZWJ:
        # 👩🏽‍💻: a skin-tone modifier or a variation selector may sit between the emoji and the ZWJ.
        back = index - 1
        while back >= 0 and (text[back] in _EMOJI_VS or "\U0001f3fb" <= text[back] <= "\U0001f3ff"):
            back -= 1
        after = text[index + 1] if index + 1 < len(text) else ""
        return back >= 0 and _is_emoji(text[back]) and _is_emoji(after)
    if char in _EMOJI_VS:
        keycap = before in "0123456789#*" and before != "" and text[index + 1 : index + 2] == "\u20e3"
        return keycap or (before != "" and _is_emoji(before))
    return False


def _is_emoji(char: str) -> bool:
    return char != "" and unicodedata.category(char) in ("So", "Sm") and ord(char) > 0x7F


# ----------------------------------------------------------------------------
# Data files: what is not read, what lies outside the repository, reserved ids
# ----------------------------------------------------------------------------


def outside_repository(path: Path, project_dir: Path, rel: str) -> Problem | None:
    """A problem when `path` is a symbolic link that leads out of the project (its target would be published)."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    if target.is_relative_to(Path(os.path.realpath(project_dir))):
        return None
    return Problem(rel, None, "is a symbolic link to a file outside the repository, which the build would publish; "
                              "copy the file into the repository instead")


def unread_files(data_dir: Path, rel_dir: str, skip_dirs: tuple[str, ...], skip_names: tuple[str, ...] = ()) -> list[Problem]:
    """What looks like a checklist file in `data_dir` but would not be read: say so (a warning).
    `skip_dirs`: sub-folders read by something else; `skip_names`: files the loader itself reports on."""
    found: list[Problem] = []
    for entry in sorted(os.scandir(data_dir), key=lambda e: e.name):
        name, rel = entry.name, f"{rel_dir}/{entry.name}"
        if name in skip_names:
            continue
        looks = name.lower().rstrip().endswith(".yml")
        if entry.is_dir(follow_symlinks=False):
            if looks:
                found.append(Problem(rel + "/", None, "is a folder, not a file, so it is not read; a checklist is one file checklists/<id>.yml"))
            elif name not in skip_dirs:
                for path in sorted(Path(entry.path).rglob("*")):
                    if path.name.lower().rstrip().endswith((".yml", ".yaml")):
                        sub = f"{rel_dir}/{path.relative_to(data_dir).as_posix()}"
                        found.append(Problem(sub, None, f"is not read: checklists are read from {rel_dir}/*.yml only, not from sub-folders; "
                                                        f"move it to {rel_dir}/{path.name.strip()}"))
            continue
        if not looks:
            continue
        if name != name.rstrip() or name != name.strip():
            found.append(Problem(rel, None, f"is not read: its name {shorten(name)} begins or ends with a space; rename it to {name.strip()}"))
        elif not name.endswith(".yml"):
            found.append(Problem(rel, None, f"is not read: checklist files end in .yml, in lower case; rename it to {name[:-4]}.yml"))
        elif entry.is_symlink() and not os.path.exists(entry.path):
            found.append(Problem(rel, None, "is not read: it is a symbolic link to a file that does not exist; remove the link or restore its target"))
    return found


def reserved_id_problem(checklist_id: object, rel: str, line: int | None) -> Problem | None:
    """A checklist id whose pages would replace, or be replaced by, a page the build makes."""
    reason = RESERVED_CHECKLIST_IDS.get(checklist_id) if isinstance(checklist_id, str) else None
    if reason is None:
        return None
    return Problem(rel, line, f"checklist id {checklist_id!r} is reserved ({reason}); choose another id and rename the file to match")


# ----------------------------------------------------------------------------
# Messages
# ----------------------------------------------------------------------------


def shorten(value: object, limit: int = 60) -> str:
    """`repr(value)`, cut to about `limit` characters with the length said: a message stays one short line."""
    shown = repr(value)
    if len(shown) <= limit:
        return shown
    if isinstance(value, str):
        return repr(value[: limit - 3] + "…") + f" ({len(value)} characters)"
    return shown[: limit - 1] + "…"


# ----------------------------------------------------------------------------
# Code in Markdown
# ----------------------------------------------------------------------------


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks and inline code spans, where Markdown shows text as written.

    Fences as pymdownx.superfences reads them (``` or ~~~, three or more, indented or not, closed by
    the same character at least as many times); an unclosed fence is not code (Python-Markdown then
    reads it as text). Inline code: a run of backticks up to the next run of the same length in the
    same paragraph."""
    ranges: list[tuple[int, int]] = []
    lines = markdown.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = 0
    prose_start = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            fence = opening["fence"]
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?\n?$")
            end = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
            if end is not None:
                ranges += _code_spans(markdown, offsets[prose_start], offsets[index])
                ranges.append((offsets[index], offsets[end + 1]))
                index = prose_start = end + 1
                continue
        index += 1
    ranges += _code_spans(markdown, offsets[prose_start], len(markdown))
    return sorted(ranges)


def blank_code(markdown: str) -> str:
    """The page with its code replaced by spaces (line breaks kept): what Markdown may read as HTML."""
    out, last = [], 0
    for start, end in code_ranges(markdown):
        out.append(markdown[last:start])
        out.append(re.sub(r"[^\n]", " ", markdown[start:end]))
        last = end
    out.append(markdown[last:])
    return "".join(out)


def in_ranges(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def _code_spans(markdown: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for paragraph in _PARAGRAPH.finditer(markdown, start, end):
        text, base = paragraph.group(), paragraph.start()
        position = 0
        while True:
            opening = _BACKTICKS.search(text, position)
            if opening is None:
                break
            closing = re.compile(rf"(?<![`\\]){re.escape(opening.group())}(?!`)")
            found = closing.search(text, opening.end())
            if found is None:
                position = opening.end()
                continue
            spans.append((base + opening.start(), base + found.end()))
            position = found.end()
    return spans


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

# Checklist ids the build's own pages or files use.
RESERVED_CHECKLIST_IDS = {
    "index": "checklists/index.md is the list of all checklists",
    "print": "print is the name of every checklist's print page",
    "sources": "checklists/sources.yml is the sources registry",
}
ZWJ = "\u200d"
_EMOJI_VS = "\ufe0e\ufe0f"
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_ALLOWED_CONTROLS = str.maketrans("", "", "\t\n")
# Unicode 15.1 PropList.txt: Other_Default_Ignorable_Code_Point and Variation_Selector. With category
# Cf these make up Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which the standard library
# does not expose: code points shown as nothing at all.
_OTHER_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2065\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
    "\U000e0000\U000e0002-\U000e001f\U000e0080-\U000e0fff]"
)
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\r?\n?$")
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_BACKTICKS = re.compile(r"(?<![`\\])`+")
