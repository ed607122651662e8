"""The interactive tools' markup: markers like `<!-- cwc:questionnaire incoming-request -->` in a
guide page become HTML drawn from the checklist and decision data at build time.

Each tool's HTML loads its own stylesheet and script (assets/…/tools/), so pages without a tool load
nothing extra. Scripts inside the page content are re-run by Material's instant navigation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Callable

from markupsafe import escape

from . import markup
from .decisions import VERDICTS, Decision, load_decision
from .links import Links
from .model import Catalog, Checklist, ChecklistError, Problem
from .safety import code_ranges, in_ranges, shorten

Href = Callable[[str], str]
"""A docs file or asset (maybe with a #fragment) -> its URL from the page being expanded (`Links.html`)."""


def expand_markers(markdown: str, *, src_path: str, context: ToolsContext, use_directory_urls: bool = True) -> str:
    """Replace every `<!-- cwc:name [arg] -->` marker in a page; an unknown marker is an error."""
    page_links = Links(use_directory_urls=use_directory_urls)

    def links(to_src: str) -> str:  # a URL for the tools' raw HTML, relative to this page
        return page_links.html(src_path, to_src)

    assets: list[str] = []
    code = code_ranges(markdown)  # a marker in `code` or a fenced block is shown as written

    def replace(match: re.Match) -> str:
        if in_ranges(match.start(), code):
            return match.group()
        name, arg = match.group(1), match.group(2)
        renderer = _RENDERERS.get(name)
        if renderer is None:
            line = markdown.count("\n", 0, match.start()) + 1
            raise ChecklistError([Problem(f"docs/{src_path}", line, f"unknown marker 'cwc:{name}' (known: {', '.join(sorted(_RENDERERS))})")])
        try:
            out, needs = renderer(context, arg, links)
        except KeyError as exc:
            line = markdown.count("\n", 0, match.start()) + 1
            raise ChecklistError([Problem(f"docs/{src_path}", line, f"marker 'cwc:{name}': unknown id {exc.args[0]!r}")]) from None
        # Stylesheet and script go inside the tool's own element: a block of raw HTML for Markdown,
        # and inside Material's content container, whose scripts instant navigation re-runs.
        new = [asset for asset in needs if asset not in assets]
        assets.extend(new)
        styles = "".join(_asset_tag(a, links) for a in new if a.endswith(".css"))
        scripts = "".join(_asset_tag(a, links) for a in new if not a.endswith(".css"))
        if styles:
            out = out.replace(">", ">" + styles, 1)
        if scripts:
            head, _, tail = out.rpartition("</")
            out = head + scripts + "</" + tail
        return out

    return MARKER.sub(replace, markdown)


def load_context(project_dir: Path, catalog: Catalog, extra: dict | None = None) -> ToolsContext:
    """What the tools need: the catalog, the decisions, and the note limits from mkdocs.yml `extra:`."""
    limit, short = note_limits(extra)
    # Each decision is read and checked once per build, here, not once per marker that draws it.
    decisions = {decision_id: load_decision(Path(project_dir), decision_id, catalog) for decision_id in DECISIONS}
    return ToolsContext(project_dir=Path(project_dir), catalog=catalog, note_limit=limit, note_short_limit=short, decisions=decisions)


def note_limits(extra: object) -> tuple[int, int]:
    """`extra.connection_note` in mkdocs.yml: (limit, short_limit), checked; ChecklistError naming the key."""
    note = extra.get("connection_note") if isinstance(extra, Mapping) else None
    if note is None:
        note = {}
    if not isinstance(note, Mapping):
        raise ChecklistError([Problem("mkdocs.yml", None, f"extra.connection_note: the setting is {shorten(note)}; it must be a mapping with the keys limit and short_limit (whole numbers)")])
    unknown = sorted(str(key) for key in note if key not in ("limit", "short_limit"))
    if unknown:
        raise ChecklistError([Problem("mkdocs.yml", None, f"extra.connection_note: unknown key {shorten(unknown[0])}; the keys are limit and short_limit")])
    values = {"limit": note.get("limit", DEFAULT_NOTE_LIMIT), "short_limit": note.get("short_limit", DEFAULT_NOTE_SHORT_LIMIT)}
    for key, value in values.items():
        # bool is an int in Python: `limit: true` is not a number of characters.
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_NOTE_LIMIT:
            raise ChecklistError([Problem("mkdocs.yml", None, f"extra.connection_note: {key} is {shorten(value)}; it must be a whole number of characters from 1 to {MAX_NOTE_LIMIT}")])
    if values["short_limit"] > values["limit"]:
        raise ChecklistError([Problem("mkdocs.yml", None, f"extra.connection_note: short_limit ({values['short_limit']}) is more than limit ({values['limit']}); it must be the same or less")])
    return values["limit"], values["short_limit"]


@dataclass(frozen=True)
class ToolsContext:
    project_dir: Path
    catalog: Catalog
    note_limit: int
    note_short_limit: int
    decisions: dict[str, Decision] = field(default_factory=dict)  # by id, from checklists/decisions/<id>.yml

    def decision(self, decision_id: str | None) -> Decision:
        """The decision checklists/decisions/<id>.yml, as loaded and checked by `load_context`."""
        if decision_id not in self.decisions:
            raise KeyError(decision_id)
        return self.decisions[decision_id]


# ----------------------------------------------------------------------------
# Renderers: each returns (html, assets it needs)
# ----------------------------------------------------------------------------


def render_checklist_glance(context: ToolsContext, checklist_id: str | None, links: Href) -> tuple[str, list[str]]:
    """A checklist's items on its guide page, drawn from the same YAML, so a new tip shows up here too."""
    checklist = context.catalog.get(checklist_id or "")
    items = "".join(markup.glance_item(item) for item in checklist.items)
    return (
        # The wrapper holds the stylesheet link: a <details> must start with its <summary>.
        f'<div class="cwc-glance-block"><details class="tip cwc-glance"><summary>The {len(checklist.items)} items of the checklist '
        f"“{_e(checklist.title)}”</summary><ol>{items}</ol>"
        f'<p><a href="{links(f"checklists/{checklist.id}.md")}">Tick them on screen</a> or '
        f'<a href="{links(f"checklists/{checklist.id}/print.md")}" target="_self">print them on one page</a>.</p></details></div>'
    ), [GLANCE_CSS]


def render_decision_diagram(context: ToolsContext, decision_id: str | None, links: Href) -> tuple[str, list[str]]:
    """The decision as a tree of questions and answers, readable as a nested list and in print."""
    decision = context.decision(decision_id)
    cid = f"cwc-tree-{decision.id}"
    tool = links(QUESTIONNAIRE_PAGE)
    # On the questionnaire's own page the caption doesn't point back at itself.
    elsewhere = "" if tool == "./" else f' The same questions, one at a time: <a href="{tool}">the questionnaire</a>.'
    out = [
        '<div class="cwc-decision-block">',  # holds the stylesheet link: a figure must start with its caption
        f'<figure class="cwc-decision" aria-labelledby="{cid}-caption">',
        f'<figcaption id="{cid}-caption"><strong>{_e(decision.title)}</strong> Start at the top and follow your answers.{elsewhere}</figcaption>',
        f'<div class="cwc-tree">{_tree_node(decision, decision.start, context, links)}</div>',
        "</figure></div>",
    ]
    return "\n".join(out), [DIAGRAM_CSS]


def render_questionnaire(context: ToolsContext, decision_id: str | None, links: Href) -> tuple[str, list[str]]:
    """One question at a time; each answer shows the next question or an outcome with its reasons."""
    decision = context.decision(decision_id)
    out = [f'<div class="cwc-decide" data-cwc-tool="decide" data-start="{_e(decision.start)}" hidden>']
    for question in decision.questions.values():
        qid = f"cwc-q-{question.id}"
        # `--` before a suffix: slugs never hold two hyphens in a row, so `introduce` and
        # `introduce-1` cannot make the same id.
        help_id = f' aria-describedby="{qid}--help"' if question.help else ""
        out.append(f'<fieldset class="cwc-q" id="{qid}" data-node="{question.id}"{help_id} hidden>')
        out.append(f'<legend>{_e(question.text)}</legend>')
        if question.help:
            out.append(f'<p class="cwc-help" id="{qid}--help">{_e(question.help)}</p>')
        for index, answer in enumerate(question.answers):
            aid = f"{qid}--{index + 1}"
            out.append(
                f'<div class="cwc-option"><input type="radio" id="{aid}" name="{qid}" value="{_e(answer.next)}" data-next="{_e(answer.next)}">'
                f' <label for="{aid}">{_e(answer.text)}</label></div>'
            )
        out.append("</fieldset>")
    for outcome in decision.outcomes.values():
        oid = f"cwc-o-{outcome.id}"
        out.append(
            f'<section class="cwc-outcome cwc-outcome--{outcome.verdict}" id="{oid}" data-node="{outcome.id}" '
            f'data-verdict="{outcome.verdict}" aria-labelledby="{oid}--title" tabindex="-1" hidden>'
        )
        # The title names the verdict in full ("Ignore it quietly"): the verdict's short label would repeat it.
        out.append(f'<h2 id="{oid}--title">{_e(outcome.title)}</h2><p class="cwc-outcome-summary">{_e(outcome.summary)}</p>')
        out.append('<ul class="cwc-reasons">')
        for reason in outcome.reasons:
            out.append(f"<li>{_e(reason.text)} {_cites(reason.sources, context.catalog, links)}</li>")
        out.append("</ul></section>")
    out.append('<p class="visually-hidden" role="status" data-status></p>')
    out.append('<p class="cwc-tool-actions"><button type="button" class="cwc-button" data-restart hidden>Start again</button></p>')
    out.append("</div>")
    return "\n".join(out), [DIAGRAM_CSS, "assets/stylesheets/tools/decide.css", "assets/javascripts/tools/decide.js"]


def render_note_helper(context: ToolsContext, _arg: str | None, links: Href) -> tuple[str, list[str]]:
    """The connection note form: parts, the assembled note, a live count and live guidance."""
    limit, short = context.note_limit, context.note_short_limit

    def field(part: str, label: str, hint: str, rows: int = 2, optional: bool = False) -> str:
        fid = f"cwc-note-{part}"
        opt = ' <span class="cwc-optional">(optional)</span>' if optional else ""
        return (
            f'<div class="cwc-field"><label for="{fid}">{label}{opt}</label>'
            f'<span class="cwc-hint" id="{fid}-hint">{hint}</span>'
            f'<textarea id="{fid}" rows="{rows}" data-part="{part}" aria-describedby="{fid}-hint" autocomplete="off"></textarea></div>'
        )

    checks = "".join(
        f'<li class="cwc-check cwc-check--{kind}" data-check="{name}"{" hidden" if name != "empty" else ""}>'
        f"{text.format(limit=limit, short=short)} {_cites(sources, context.catalog, links)}</li>"
        for name, kind, text, sources in NOTE_CHECKS
    )
    out = f"""<div class="cwc-note" data-cwc-tool="note" data-limit="{limit}" data-short-limit="{short}" hidden>
<div class="cwc-note-parts">
<div class="cwc-field"><label for="cwc-note-name">Their first name <span class="cwc-optional">(optional)</span></label><input type="text" id="cwc-note-name" data-part="name" autocomplete="off"></div>
{field("who", "Who you are", "Your name if it isn’t obvious, your role and where you work.")}
{field("shared", "What you share", "How you know of them: a mutual contact, an event, a talk, a group.", optional=True)}
{field("why", "Why you want to connect", "The real reason, and what you could offer them.", rows=3)}
</div>
<div class="cwc-field cwc-note-result"><label for="cwc-note-text">Your note</label>
<span class="cwc-hint" id="cwc-note-text-hint">Built from the fields above as you type. Edit it freely; your edits are kept.</span>
<textarea id="cwc-note-text" rows="6" data-note aria-describedby="cwc-note-text-hint cwc-note-count" autocomplete="off"></textarea>
<p class="cwc-count" id="cwc-note-count"><span data-count>0</span> of {limit} characters</p>
<p class="cwc-note-edited" data-edited hidden>You changed the note by hand, so the fields above no longer change it. <button type="button" class="cwc-button" data-rebuild>Rebuild the note from the fields</button></p></div>
<p class="visually-hidden" role="status" data-count-status></p>
<h2 id="cwc-note-guidance">What the guide says about your note</h2>
<ul class="cwc-checks" aria-labelledby="cwc-note-guidance">{checks}</ul>
<p class="cwc-tool-actions"><button type="button" class="cwc-button" data-copy>Copy the note</button> <button type="button" class="cwc-button" data-clear>Start a new note</button> <span role="status" data-copy-status></span></p>
</div>"""
    return out, ["assets/stylesheets/tools/note.css", "assets/javascripts/tools/note.js"]


def render_value(context: ToolsContext, name: str | None, _links: Href) -> tuple[str, list[str]]:
    """A number from the configuration, inline in the text (so the docs state the value used)."""
    values = {"note-limit": context.note_limit, "note-short-limit": context.note_short_limit}
    return str(values[name or ""]), []


def render_ticks_tools(context: ToolsContext, _arg: str | None, links: Href) -> tuple[str, list[str]]:
    """Export and import of every checklist's ticks, with the checklists and their item ids."""
    known = {c.id: [i.id for i in c.items] for c in context.catalog.checklists}
    # The items a reader can mark "Doesn't apply" (stored as "na"): only these are imported as such.
    conditional = {c.id: [i.id for i in c.items if i.conditional] for c in context.catalog.checklists}
    rows = "".join(
        f'<li data-checklist="{c.id}"><a href="{links(f"checklists/{c.id}.md")}">{_e(c.title)}</a> '
        f'<span class="cwc-tick-count" data-count-for="{c.id}"></span></li>'
        for c in context.catalog.checklists
    )
    out = f"""<div class="cwc-ticks" data-cwc-tool="ticks" data-known="{_e(json.dumps(known, separators=(",", ":")))}" data-conditional="{_e(json.dumps(conditional, separators=(",", ":")))}" hidden>
<h2 id="cwc-ticks-saved">Your ticks in this browser</h2>
<ul class="cwc-tick-list" aria-labelledby="cwc-ticks-saved">{rows}</ul>
<p class="cwc-tool-actions"><button type="button" class="cwc-button" data-export>Download my ticks</button></p>
<div class="cwc-field"><label for="cwc-ticks-file">Import ticks from a file you downloaded</label>
<span class="cwc-hint" id="cwc-ticks-file-hint">Ticks in the file are added to the ones here; nothing is removed.</span>
<input type="file" id="cwc-ticks-file" accept=".json,application/json" aria-describedby="cwc-ticks-file-hint"></div>
<p class="cwc-report" role="status" data-report></p>
</div>"""
    return out, ["assets/stylesheets/tools/ticks.css", "assets/javascripts/tools/ticks.js"]


def render_builder(context: ToolsContext, _arg: str | None, links: Href) -> tuple[str, list[str]]:
    """Every checklist in full (what readers without JavaScript get), with the choices the script uses."""
    catalog = context.catalog
    situations = "".join(
        f'<div class="cwc-option"><input type="checkbox" id="cwc-for-{tag}" value="{tag}" data-for>'
        f' <label for="cwc-for-{tag}">{_e(label)}</label></div>'
        for tag, label in SITUATIONS
    )
    moments = "".join(
        f'<div class="cwc-option"><input type="checkbox" id="cwc-at-{c.id}" value="{c.id}" data-at>'
        f' <label for="cwc-at-{c.id}">{_e(c.title)}</label></div>'
        for c in catalog.checklists
    )
    out = [
        '<div class="cwc-builder" data-cwc-tool="builder">',
        '<div class="cwc-builder-choose" hidden>',
        f'<fieldset><legend>Your situation</legend><p class="cwc-help">Pick any that fit; items for everyone are always in.</p>{situations}</fieldset>',
        f'<fieldset><legend>The moments you care about</legend><p class="cwc-help">None picked means all of them.</p>{moments}</fieldset>',
        '<p class="cwc-builder-summary" role="status" data-summary></p>',
        '<p class="cwc-tool-actions"><button type="button" class="cwc-button" data-print>Print with my ticks</button>'
        ' <button type="button" class="cwc-button" data-copy-link>Copy the link to this checklist</button>'
        ' <span role="status" data-copy-status></span></p>',
        "</div>",
        # On paper only, in place of the page's title: what the sheet is and where to open it again
        # (builder.js puts the address, with the choice, in the link).
        '<div class="cwc-builder-printhead"><p class="cwc-builder-printtitle">My LinkedIn networking checklist</p>'
        f'<p>Made with Connect with Care; open it again, with the “why” of each item: <a href="{links("tools/checklist-builder.md")}" data-self-link>this checklist’s address</a></p></div>',
    ]
    for checklist in catalog.checklists:
        out.append(_builder_group(checklist, catalog, links))
    out.append("</div>")
    # builder.css imports the checklists' and the tools' common stylesheets; builder.js keeps the ticks.
    return "\n".join(out), ["assets/stylesheets/tools/builder.css", "assets/javascripts/tools/builder.js"]


def _builder_group(checklist: Checklist, catalog: Catalog, links: Href) -> str:
    """One checklist as in the contract's interactive markup, so ticks use the same storage key."""
    cid = checklist.id
    items = [markup.item(cid, item, catalog.sources, links) for item in checklist.items]
    return (
        f'<section class="cwc-builder-group" data-group="{cid}" aria-labelledby="cwc-b-{cid}">'
        # The checklist's one name (its title), as in the nav, on its page and in print.
        f'<h2 id="cwc-b-{cid}">{_e(checklist.title)}</h2>'
        f'<p class="cwc-builder-from">Use it: {_e(checklist.pause_point)}. '
        f'<a href="{links(f"checklists/{cid}.md")}">The checklist on its own page</a></p>'
        f'<form class="cwc-checklist" data-checklist="{cid}" data-revised="{checklist.revised.isoformat()}" aria-labelledby="cwc-b-{cid}">'
        f'<ol class="cwc-items">\n{"".join(items)}</ol>'
        f'<p class="cwc-progress" role="status" aria-live="polite"><span data-done>0</span> of <span data-total>{len(checklist.items)}</span> done</p>'
        "<p class=\"cwc-storage-note\" hidden>Your ticks can't be saved in this browser; they last until you leave the page.</p>"
        "</form></section>"
    )


def _tree_node(decision: Decision, node_id: str, context: ToolsContext, links: Href, drawn: set[str] | None = None) -> str:
    """A node of the diagram. A question reached by several answers is drawn the first time only; the
    others point to it, so the diagram grows with the questions, not with the routes through them."""
    drawn = set() if drawn is None else drawn
    question = decision.questions.get(node_id)
    if question is None:
        outcome = decision.outcomes[node_id]
        return (
            f'<p class="cwc-node cwc-node--{outcome.verdict}"><strong>{_e(VERDICTS[outcome.verdict])}:</strong> '
            f"{_e(outcome.summary)} {_cites(_outcome_sources(outcome), context.catalog, links)}</p>"
        )
    anchor = tree_node_id(decision, question.id)
    if question.id in drawn:
        return f'<p class="cwc-node cwc-node--goto">Go on at <a href="#{anchor}">“{_e(question.text)}”</a> (above)</p>'
    drawn.add(question.id)
    branches = "".join(
        f'<li><span class="cwc-branch">{_e(answer.text)}</span>{_tree_node(decision, answer.next, context, links, drawn)}</li>'
        for answer in question.answers
    )
    return f'<p class="cwc-node cwc-node--question" id="{anchor}">{_e(question.text)}</p><ul class="cwc-branches">{branches}</ul>'


def tree_node_id(decision: Decision, question_id: str) -> str:
    """The element id of a question in the diagram (`--`: a slug never holds two hyphens in a row)."""
    return f"cwc-tree-{decision.id}--{question_id}"


def _outcome_sources(outcome) -> tuple[str, ...]:
    seen: list[str] = []
    for reason in outcome.reasons:
        seen += [s for s in reason.sources if s not in seen]
    return tuple(seen)


def _cites(source_ids, catalog: Catalog, links: Href) -> str:
    """Citations after a sentence, as on the guide's pages (markup.cite)."""
    return markup.cites(source_ids, catalog.sources, links)


def _asset_tag(asset: str, links: Href) -> str:
    href = links(asset)
    if asset.endswith(".css"):
        return f'<link rel="stylesheet" href="{href}">'
    return f'<script src="{href}"></script>'


def _e(text: str) -> str:
    """Escaped for HTML text and attribute values, as everywhere else (markupsafe, the templates' escaping)."""
    return escape(text)


# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

MARKER = re.compile(r"<!-- cwc:([a-z][a-z-]*)(?: ([a-z0-9-]+))? -->")
# Each tool loads only its own stylesheet and script (the project keeps what every page loads small);
# a tool's stylesheet imports the shared ones (tools/common.css, ...), which the build puts into it.
DIAGRAM_CSS = "assets/stylesheets/tools/diagram.css"
GLANCE_CSS = "assets/stylesheets/tools/glance.css"  # the checklist box's icon
DECISIONS = ("incoming-request",)
QUESTIONNAIRE_PAGE = "tools/should-i-accept.md"
# LinkedIn Help has long given 300 characters for a connection note; some accounts get 200.
DEFAULT_NOTE_LIMIT = 300
DEFAULT_NOTE_SHORT_LIMIT = 200
MAX_NOTE_LIMIT = 10000

# The builder's situations: item tags (checklists/checklist.schema.json) and how the page names them.
SITUATIONS = (
    ("job-seeker", "I’m looking for a job"),
    ("business-owner", "I run a business"),
    ("recruiter", "I recruit people"),
    ("salesperson", "I sell"),
    ("competitor", "I’m dealing with a competitor (approaching one, or approached by one)"),
)

# The note helper's checks, in the order shown: (name, kind, text, sources). note.js decides which apply.
NOTE_CHECKS = (
    ("empty", "info", "Write a note. Without one, LinkedIn sends its default text, and Halpert advises ignoring requests that carry only that.", ("halpert",)),
    ("default", "warn", "This is LinkedIn’s default text. Halpert ignores requests that carry only that; say something of your own.", ("halpert",)),
    ("who", "warn", "Say who you are. Chernecky ignores requests from people who give no basic information about themselves.", ("chernecky",)),
    ("reason", "warn", "Say why you want to connect. A request to someone who doesn’t know you should give the reason.", ("linking-in", "know-your-why")),
    ("pitch", "warn", "This reads like a sales pitch. Halpert declines too-eager people who “just want to sell you something”; the author of Know Your Why, a business owner, dislikes being solicited on LinkedIn; and Tim Mushey asks whether you would sell to someone the moment you met them in person.", ("halpert", "know-your-why", "network-thoughtfully")),
    ("shared", "info", "Name what you share, if anything: the event, the talk, the group. If a contact knows you both, asking them to introduce you is even better.", ("linking-in",)),
    ("long", "warn", "Too long for LinkedIn’s limit of {limit} characters: shorten it. (The limit is LinkedIn’s, not advice from the essays.)", ()),
    ("short", "info", "Fits in {limit} characters, but some accounts only get {short}. If LinkedIn stops you, shorten it.", ()),
    ("ok", "ok", "Nothing flagged. Read it once more as they will: would you accept it?", ("network-thoughtfully",)),
)

_RENDERERS: dict[str, Callable[[ToolsContext, str | None, Href], tuple[str, list[str]]]] = {
    "checklist": render_checklist_glance,
    "decision-diagram": render_decision_diagram,
    "questionnaire": render_questionnaire,
    "note-helper": render_note_helper,
    "value": render_value,
    "ticks": render_ticks_tools,
    "checklist-builder": render_builder,
}
