#!/usr/bin/env python3
"""Build the site with Zensical, from the same sources as the MkDocs build (`make build-zensical`).

Zensical ignores MkDocs hooks, so this does what they do, around it:

1. copies mkdocs.yml, docs/ and overrides/ into a scratch folder outside the source tree (never
   writing into docs/), and writes into the copy what the generator makes (`generate.generate`,
   what `python -m cwc_checklists --out DIR` writes): checklist pages, print pages, JSON exports,
   the tool pages with their markers expanded, the whole guide on one page; raw-HTML URLs in them
   are made relative to the source file, which is how Zensical reads them;
2. minifies the site's own CSS and JS in the copy (hooks/minify_assets.py's rules);
3. runs `zensical build --strict` there;
4. applies the theme-markup fixes of hooks/quality.py to every page, lets the one inline
   stylesheet of Zensical's search (in its shadow root) through the Content-Security-Policy by its
   hash, pinned for the Zensical release in requirements/test.lock, and points the generated
   pages' edit links where the hooks point them;
5. puts the built site in --site-dir.

    .venv/bin/python scripts/zensical_build.py --site-dir site

Any failure is one line on stderr (the generator's and Zensical's own messages come before it), and
exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

try:
    from checklists import INDEX_TEMPLATE  # hooks/checklists.py: the index's edit link
    from cwc_checklists.generate import generate, read_config
    from cwc_checklists.model import ChecklistError
    from cwc_checklists.links import Links
    from cwc_checklists.whole_guide import WHOLE_GUIDE
    from minify_assets import inline_imports, minify_css, minify_js  # hooks/, plain functions
    from quality import fix_theme_markup
except ImportError as error:  # run with a Python that lacks the site's packages
    sys.exit(f"zensical_build: {error.name} is not installed in this Python; run `make build-zensical` (it installs what it needs)")

# Zensical's search draws its dialog in a shadow root with one inline <style>; `style-src 'self'`
# blocks it unless the policy names its hash. The stylesheet (and so the hash) changes with each
# Zensical release: a new release gets its hash here, found by tests/test_builders.py, which fails
# on a CSP violation in Chromium (the browser's message gives the hash).
SEARCH_STYLE_HASHES = {
    "0.0.73": "sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k=",
}
STYLE_SRC = "style-src 'self';"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides")
TOOL_MARKER = "<!-- cwc:"
_OVERLAY_HIDDEN = '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'
_OVERLAY = '<label class="md-overlay" for="__drawer"></label>'
# A relative URL in a raw-HTML attribute: not a fragment, not absolute, no scheme (https:, mailto:, data:).
_RAW_HTML_URL = re.compile(r'\b(?P<attr>href|src)="(?P<url>(?![#/]|[a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*)"')


class BuildError(Exception):
    """A problem reported as one line."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        version = zensical_version()
        with tempfile.TemporaryDirectory(prefix="cwc-zensical-") as scratch:
            project_dir = args.project.resolve()
            config = _read_config(project_dir)
            project, generated = prepare(Path(scratch), config, project_dir=project_dir)
            built = run_zensical(project)
            post_build(built, SEARCH_STYLE_HASHES[version], edit_links(config, generated, project_dir))
            site_dir = args.site_dir.resolve()
            if site_dir.exists():
                shutil.rmtree(site_dir)
            shutil.move(str(built), str(site_dir))
    except BuildError as error:
        print(f"zensical_build: {error}", file=sys.stderr)
        return 1
    print(f"zensical_build: built the site with Zensical {version} into {args.site_dir}")
    return 0


# ----------------------------------------------------------------------------
# Steps
# ----------------------------------------------------------------------------


def zensical_version() -> str:
    """The installed Zensical release, which must be one this script knows the search hash of."""
    try:
        version = importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        raise BuildError("Zensical is not installed in this Python; run `make build-zensical` (it installs the pinned release)") from None
    if version not in SEARCH_STYLE_HASHES:
        known = ", ".join(SEARCH_STYLE_HASHES)
        raise BuildError(
            f"Zensical {version} is installed, but the site is tested with {known} (requirements/test.lock); "
            "run `make build-zensical`, or see README, Builders, to move to a new release"
        )
    return version


def _read_config(project_dir: Path):
    """mkdocs.yml as MkDocs reads it (the generator reads it the same way)."""
    from mkdocs.exceptions import MkDocsException

    try:
        return read_config(project_dir)
    except MkDocsException as error:
        raise BuildError(f"mkdocs.yml: {error}") from None


def prepare(scratch: Path, config, project_dir: Path = ROOT) -> tuple[Path, list[str]]:
    """A copy of the project's sources in `scratch`, with every generated file written into its docs/
    and the site's own assets minified; and the pages the generator made that are not in docs/."""
    for part in PROJECT_PARTS:
        source = project_dir / part
        if source.is_dir():
            shutil.copytree(source, scratch / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, scratch / part)
    try:
        files = generate(config)  # what `python -m cwc_checklists --out DIR` writes
    except ChecklistError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise BuildError("the checklist data has the problems listed above; fix them, then run `make build-zensical` again") from None
    made = _write_generated(files, scratch / "docs", config.use_directory_urls)
    minify_assets(scratch / "docs")
    return scratch, made


def _write_generated(files: dict[str, str], docs: Path, use_directory_urls: bool = True) -> list[str]:
    links = Links(use_directory_urls=use_directory_urls)
    made = []
    for rel, content in sorted(files.items()):
        target = docs / rel
        # A guide page with tool markers is replaced by its expanded copy; any other page the
        # generator writes must not exist in docs/ (as the hooks refuse it in a MkDocs build).
        if target.exists() and TOOL_MARKER not in target.read_text(encoding="utf-8"):
            raise BuildError(f"docs/{rel} exists, but the generator writes it; delete docs/{rel}")
        if rel.endswith(".md"):
            if not target.exists():
                made.append(rel)
            content = source_relative(content, rel, links.url(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return made


def source_relative(markdown: str, src: str, page_url: str) -> str:
    """`markdown` with each relative URL in its raw HTML (`href="..."`, `src="..."`) made relative to
    the source file `src` instead of its page's URL `page_url`.

    The generator writes raw-HTML URLs relative to the built page, which is what MkDocs needs (it
    leaves raw HTML alone). Zensical reads them relative to the source .md file and rewrites them for
    the page, so `../../assets/x.css` on checklists/pre-connect.md (page checklists/pre-connect/)
    would land one folder too high; this gives Zensical `../assets/x.css`, which it turns back into
    `../../assets/x.css`. Fragments, absolute paths and addresses with a scheme are left alone.
    """
    page_dir = "" if page_url in ("", "./") else page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    src_dir = posixpath.dirname(src) or "."

    def rewrite(match: re.Match) -> str:
        url = match.group("url")
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        path, tail = url[:cut], url[cut:]
        if not path:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(page_dir, path))
        relative = posixpath.relpath(target, src_dir)
        if path.endswith("/"):
            relative = relative.rstrip("/") + "/" if relative != "." else "./"
        return f'{match.group("attr")}="{relative}{tail}"'

    return _RAW_HTML_URL.sub(rewrite, markdown)


def minify_assets(docs: Path) -> None:
    """The site's own CSS and JS minified in place (in the scratch copy), as hooks/minify_assets.py
    does to the MkDocs build's output."""
    assets = docs / "assets"
    for path in sorted(assets.rglob("*")):
        if path.suffix == ".css":
            path.write_text(inline_imports(minify_css(path.read_text(encoding="utf-8")), path, assets), encoding="utf-8")
        elif path.suffix == ".js":
            path.write_text(minify_js(path.read_text(encoding="utf-8")), encoding="utf-8")


def run_zensical(project: Path) -> Path:
    """`zensical build --strict` in `project`; the built site's folder."""
    proc = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True,
    )
    output = proc.stdout + proc.stderr
    # Zensical reports its findings, then its own traceback for the strict abort: keep the findings.
    (sys.stdout if proc.returncode == 0 else sys.stderr).write(output.split("Traceback (most recent call last):")[0])
    if proc.returncode != 0:
        raise BuildError("Zensical stopped on the problems listed above (paths are in docs/ or generated from checklists/)")
    return project / "site"


def edit_links(config, generated: list[str], project_dir: Path = ROOT) -> dict[str, tuple[str, str]]:
    """Built page -> (its "Edit this page" address in Zensical's build, the one the MkDocs hooks give it).

    Zensical points a generated page's edit link at docs/<page>.md, which is not in the repository;
    the hooks point it at what the page is made from: a checklist's YAML file, the index's template,
    the hook that writes the whole guide.
    """
    if not (config.repo_url and config.edit_uri):
        return {}
    base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.rstrip("/") + "/")
    docs_from_root = Path(config.docs_dir).resolve().relative_to(project_dir).as_posix()
    links = Links(use_directory_urls=config.use_directory_urls)
    edits = {}
    for src in generated:
        checklist = src.removesuffix("/print.md").removesuffix(".md") + ".yml"
        if src.startswith("checklists/") and (project_dir / checklist).is_file():
            made_from = checklist
        elif src == "checklists/index.md":
            made_from = INDEX_TEMPLATE
        elif src == WHOLE_GUIDE:
            made_from = "hooks/interactive_tools.py"
        else:
            raise BuildError(f"the generator wrote docs/{src}, and scripts/zensical_build.py does not know what its edit link is; add it to edit_links()")
        built = links.url(src)
        built = ("" if built == "./" else built) + ("index.html" if built.endswith("/") or built == "./" else "")
        edits[built] = (base + src, urljoin(base, posixpath.relpath(made_from, docs_from_root)))
    return edits


def post_build(site: Path, style_hash: str, edits: dict[str, tuple[str, str]] | None = None) -> None:
    """Every page with the theme's markup fixed, Zensical's search stylesheet allowed by its hash, and
    the generated pages' edit links pointing where the MkDocs build points them."""
    edits = edits or {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        if html.count(STYLE_SRC) != 1:
            raise BuildError(f"{rel}: no Content-Security-Policy with {STYLE_SRC!r} (overrides/partials/csp.html changed?)")
        html = html.replace(STYLE_SRC, f"style-src 'self' '{style_hash}';")
        if rel in edits:
            old, new = edits[rel]
            html = html.replace(f'href="{old}"', f'href="{new}"')
        page.write_text(fix_zensical_markup(fix_theme_markup(html)), encoding="utf-8")


def fix_zensical_markup(html: str) -> str:
    """Zensical's theme markup made valid where Material's is: its drawer overlay, a <label> for the
    drawer's checkbox, has aria-hidden, which the Nu HTML Checker refuses on a label of a control
    (Material writes the same label without it)."""
    return html.replace(_OVERLAY_HIDDEN, _OVERLAY)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/zensical_build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="where the built site goes (replaced; default: %(default)s)")
    parser.add_argument("--project", type=Path, default=ROOT, help="project folder holding mkdocs.yml, docs/, overrides/ and checklists/ (default: %(default)s)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
