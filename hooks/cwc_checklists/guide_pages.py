"""Refuse, with file and line, what in a guide page (docs/*.md) or its front matter a reader's browser
would act on: a script, a redirect (<meta http-equiv="refresh">), a <base>, a frame, a plugin, a form,
an event handler, a javascript: URL. Front-matter values that reach <head> must be plain text.

The page is read with a real HTML parser (html.parser, as the build's own link check does), after
its code (fenced blocks, inline code) is blanked out: code shows as written. `check_rendered` looks at
the HTML the build made of a page, for raw HTML that Markdown passed on without the source check
seeing it (e.g. a "fence" inside an HTML block, which Markdown leaves alone).
Used by hooks/guide_pages.py (every build) and scripts/check.py (`make check`, step `pages`).
"""

from __future__ import annotations

import html
import html.parser
import re
from pathlib import Path
from typing import Iterator

import yaml

from .model import Problem
from .safety import blank_code, shorten


def check_guide_pages(docs_dir: Path, prefix: str = "docs") -> list[Problem]:
    """Every problem in every Markdown page under `docs_dir` (named `prefix/<page>` in messages)."""
    problems: list[Problem] = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        rel = f"{prefix}/{path.relative_to(docs_dir).as_posix()}"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(rel, None, f"cannot be read as UTF-8 text ({type(exc).__name__}); save it as UTF-8"))
            continue
        problems += check_guide_page(text, rel)
    return problems


def check_guide_page(text: str, rel: str) -> list[Problem]:
    """The problems in one page's source: its front matter and its body."""
    front, body = split_front_matter(text)
    problems = front_matter_problems(front, rel) if front is not None else []
    # The body keeps its line numbers: the front matter becomes blank lines.
    padded = "\n" * (text.count("\n") - body.count("\n")) + body
    problems += body_problems(padded, rel)
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))


def check_site_values(values: dict[str, object], config_text: str, rel: str = "mkdocs.yml") -> list[Problem]:
    """mkdocs.yml's site_name, site_description and site_author reach every page's <head> as written."""
    problems = []
    for key in SITE_KEYS:
        value = values.get(key)
        if isinstance(value, str) and _NOT_PLAIN.search(value):
            match = re.search(rf"^{key}\s*:", config_text, re.MULTILINE)
            line = config_text.count("\n", 0, match.start()) + 1 if match else None
            problems.append(Problem(rel, line, f"{key!r} {_plain_advice(value)}"))
    return problems


def check_rendered(content: str, source: str, rel: str) -> list[Problem]:
    """What a browser would act on in the HTML a page became, but the site's own tool markup."""
    problems = []
    for finding in _findings(content, own_markup_allowed=True):
        line = _line_in_source(source, finding.tag)
        problems.append(Problem(rel, line, f"the built page holds {finding.what}, from raw HTML in this page: {finding.fix}; delete it"))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, the rest), as MkDocs splits a page (mkdocs.utils.meta)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end():]


# ----------------------------------------------------------------------------
# Front matter
# ----------------------------------------------------------------------------


def front_matter_problems(front: str, rel: str) -> list[Problem]:
    try:
        root = yaml.compose(front, Loader=_LOADER)
    except yaml.YAMLError:
        return []  # MkDocs reports front matter that is not YAML itself
    problems = []
    for key, node in _scalars(root, None):
        value = node.value
        line = node.start_mark.line + 2  # the front matter starts on line 2, after `---`
        if key in HEAD_KEYS and _NOT_PLAIN.search(value):
            problems.append(Problem(rel, line, f"front matter {key!r} {_plain_advice(value)}"))
            continue
        for finding in _findings(value, own_markup_allowed=False):
            problems.append(Problem(rel, line, f"front matter {key!r} holds {finding.what}: {finding.fix}; delete it"))
    return problems


def _scalars(node, key: str | None) -> Iterator[tuple[str | None, yaml.ScalarNode]]:
    """Every string scalar with the top-level key it sits under."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            yield from _scalars(value, key if key is not None else str(key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            yield from _scalars(value, key)
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and key is not None:
        yield key, node


def _plain_advice(value: str) -> str:
    char = _NOT_PLAIN.search(value).group()
    return (f"is {shorten(value)}: it is written into each page's <head> as it stands, so it must be plain text "
            f"without <, > or \" (found {char!r}; use “ ” for quotes)")


# ----------------------------------------------------------------------------
# The body
# ----------------------------------------------------------------------------


def body_problems(body: str, rel: str) -> list[Problem]:
    text = blank_code(body)
    problems = []
    for finding in _findings(text, own_markup_allowed=False):
        problems.append(Problem(rel, finding.line, f"raw HTML {finding.what}: {finding.fix_raw}"))
    for match in _LINK_DESTINATION.finditer(text):
        group = "dest" if match.group("dest") is not None else "dest2"
        destination = match.group(group)
        scheme = _dangerous_scheme(destination)
        if scheme:
            line = text.count("\n", 0, match.start(group)) + 1
            problems.append(Problem(rel, line, f"the link to {shorten(destination)} is a {scheme} URL, which a browser runs or opens as a document; "
                                               "link to an https:// address or a page in docs/"))
    return problems


class _Finding:
    def __init__(self, line: int, tag: str, what: str, fix: str) -> None:
        self.line, self.tag, self.what, self.fix = line, tag, what, fix

    @property
    def fix_raw(self) -> str:
        return f"{self.fix}; delete it (to show it as written, put it in `backticks`)"


class _Scanner(html.parser.HTMLParser):
    def __init__(self, own_markup_allowed: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.own = own_markup_allowed
        self.found: list[_Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag in REFUSED_TAGS and not (self.own and _own_markup(tag, values)):
            self.found.append(_Finding(line, tag, f"<{tag}>", REFUSED_TAGS[tag]))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(_Finding(line, tag, f"an event handler ({name}= on <{tag}>)", "handlers run script"))
            scheme = _dangerous_scheme(value or "")
            if scheme and (scheme != "data:" or name in _URL_ATTRIBUTES):
                self.found.append(_Finding(line, tag, f"a {scheme} URL ({name}= on <{tag}>)", "it runs script or opens data as a page (link to an https:// address or a page in docs/)"))

    handle_startendtag = handle_starttag


def _findings(text: str, *, own_markup_allowed: bool) -> list[_Finding]:
    scanner = _Scanner(own_markup_allowed)
    scanner.feed(text)
    scanner.close()
    return scanner.found


def _own_markup(tag: str, attrs: dict[str, str]) -> bool:
    """The tools' own markup in a built page: scripts and stylesheets of this site, the builder's form."""
    if tag == "script":
        return _site_asset(attrs.get("src", ""), "assets/javascripts/")
    if tag == "link":
        return attrs.get("rel") == "stylesheet" and _site_asset(attrs.get("href", ""), "assets/stylesheets/")
    if tag == "form":
        return not ({"action", "method", "target"} & set(attrs))
    return False


def _site_asset(url: str, folder: str) -> bool:
    return bool(url) and not re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", url, re.IGNORECASE) and folder in url


def _dangerous_scheme(value: str) -> str | None:
    """`javascript:` (or vbscript:, data:) when a browser would read `value` as such a URL."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    for scheme in ("javascript:", "vbscript:", "data:"):
        if cleaned.startswith(scheme):
            return scheme
    return None


def _line_in_source(source: str, tag: str) -> int | None:
    match = re.search(rf"<{re.escape(tag)}\b", source, re.IGNORECASE)
    return source.count("\n", 0, match.start()) + 1 if match else None


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# mkdocs.utils.meta.YAML_RE: front matter is a YAML block between `---` lines at the very top.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
HEAD_KEYS = ("title", "description", "author")  # front matter Material writes into <head> as it stands
SITE_KEYS = ("site_name", "site_description", "site_author")
_NOT_PLAIN = re.compile(r'[<>"]')
REFUSED_TAGS = {
    "script": "a guide page runs no script of its own (the tools' markers bring theirs)",
    "meta": "a <meta> can redirect readers to another site (http-equiv=\"refresh\")",
    "base": "a <base> sends every link on the page elsewhere",
    "iframe": "a frame shows another page inside this one",
    "frame": "a frame shows another page inside this one",
    "frameset": "a frame shows another page inside this one",
    "object": "plugins and embedded documents are not allowed",
    "embed": "plugins and embedded documents are not allowed",
    "applet": "plugins and embedded documents are not allowed",
    "portal": "a portal shows another page inside this one",
    "form": "a form can send what readers type elsewhere",
    "link": "a <link> loads a stylesheet or a document from elsewhere",
}
_URL_ATTRIBUTES = frozenset(("href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc", "background"))
# Markdown links [text](dest) and reference definitions [ref]: dest.
_LINK_DESTINATION = re.compile(r"\]\(\s*<?(?P<dest>[^\s)>]+)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<dest2>[^\s>]+)", re.MULTILINE)
