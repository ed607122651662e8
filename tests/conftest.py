"""Shared fixtures: one strict build per test session, a local static server, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from phoning home; the machine's network is closed anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
# Hypothesis: 150 examples per property in `make test` (a few hundred per file); `make fuzz` runs the
# `fuzz` profile (HYPOTHESIS_PROFILE=fuzz) with many more, by hand.
settings.register_profile(
    "suite", max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Files and folders of the project a build needs; copied for builds that modify them.
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "checklists", "overrides")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true",
        help="rewrite the golden files in tests/golden/ from the current output (review the diff before committing)",
    )


# The modules whose tests read the one-visit page sweep (`site_sweep`, session-scoped).
SWEEP_MODULES = ("tests/test_budgets_browser.py", "tests/test_csp.py", "tests/test_subpath.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`make test` runs pytest-xdist on two workers (`-n auto --maxprocesses 2`). Each test module
    runs whole on one worker, so its module-scoped builds and browser context are made once, as
    with `--dist loadfile`; and the modules that read the page sweep share one worker, so the 29
    pages are visited once, not once per worker. (xdist's own `loadgroup` marks are not used: with
    pytest 9.2 they are silently ignored, pytest-dev/pytest-xdist#1386.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "site-sweep" if module in SWEEP_MODULES else module

    return ByModule(config, log)


# ----------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------


@dataclass
class BuildResult:
    """The outcome of one `mkdocs build --strict` run."""

    returncode: int
    output: str
    site_dir: Path
    project_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def copy_project(dest: Path) -> Path:
    """Copy what a build needs into `dest` so a test can change it freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def run_build(project_dir: Path, site_dir: Path, *extra: str) -> BuildResult:
    """A strict MkDocs build of `project_dir` into `site_dir`, as `make build` runs it.

    In this process (MkDocs' own `load_config(strict=True)` and `build`, about half the CPU of a
    new interpreter) when the project runs this checkout's hook code; in a subprocess when a
    test changed the hooks in its copy (this process has imported this checkout's engine) or
    passes command-line options. Either way a warning fails the build, and `output` holds the
    log lines as the command prints them (`WARNING -  ...`, `Aborted with ...`, a traceback).
    """
    if extra or not _runs_this_checkouts_hooks(project_dir):
        return run_build_in_subprocess(project_dir, site_dir, *extra)
    return _run_build_in_process(project_dir, site_dir)


def run_build_in_subprocess(project_dir: Path, site_dir: Path, *extra: str) -> BuildResult:
    """`python -m mkdocs build --strict` of `project_dir` into `site_dir`, in a new process."""
    cmd = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(project_dir / "mkdocs.yml"),
        "--site-dir", str(site_dir), *extra,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project_dir, timeout=300)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir, project_dir)


def _hook_sources(hooks: Path) -> dict[str, bytes]:
    return {p.relative_to(hooks).as_posix(): p.read_bytes() for p in sorted(hooks.rglob("*.py")) if "__pycache__" not in p.parts}


def _runs_this_checkouts_hooks(project_dir: Path) -> bool:
    """The project's hooks are this checkout's, byte for byte, and so is any engine already imported."""
    loaded = sys.modules.get("cwc_checklists")
    if loaded is not None and Path(loaded.__file__).resolve().parent.parent != ROOT / "hooks":
        return False
    if project_dir.resolve() == ROOT:
        return True
    return (project_dir / "hooks").is_dir() and _hook_sources(project_dir / "hooks") == _hook_sources(ROOT / "hooks")


class _LogLines(logging.Handler):
    """MkDocs' log as its command line prints it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _run_build_in_process(project_dir: Path, site_dir: Path) -> BuildResult:
    """What `mkdocs build --strict` does (mkdocs.__main__.build_command), in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    log = _LogLines()
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    root = logging.getLogger()
    root.addHandler(log)
    mkdocs_log.setLevel(logging.INFO)
    cwd = Path.cwd()
    returncode = 0
    try:
        os.chdir(project_dir)
        config = load_config(str(project_dir / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:
        returncode = 1
        log.lines.append(str(exc))
    except MkDocsException as exc:
        returncode = 1
        log.lines.append(f"Error: {exc}")
    except Exception:  # noqa: BLE001 - the command would print the traceback and exit 1
        returncode = 1
        log.lines.append(traceback.format_exc())
    finally:
        os.chdir(cwd)
        root.removeHandler(log)
        mkdocs_log.setLevel(level)
    return BuildResult(returncode, "\n".join(log.lines) + "\n", site_dir, project_dir)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per session with --strict; fails loudly if the build fails."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.ok, f"`mkdocs build --strict` failed:\n{result.output}"
    return site


# ----------------------------------------------------------------------------
# Serving
# ----------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


class StaticServer:
    """A static file server on 127.0.0.1 for a built site, optionally under a sub-path."""

    def __init__(self, root: Path, prefix: str = "/") -> None:
        self.root = root
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        handler = functools.partial(_PrefixHandler, directory=str(root), prefix=self.prefix)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `prefix`, like GitHub Pages serves a project site at /<repo>/."""

    def __init__(self, *args, prefix: str = "/", **kwargs) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Serve the site's own 404 page, as GitHub Pages does.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def site_path_prefix(project_dir: Path = ROOT) -> str:
    """The URL path the site lives under, from `site_url` (GitHub Pages serves it at /<repo>/)."""
    from mkdocs.config import load_config

    site_url = load_config(str(project_dir / "mkdocs.yml"))["site_url"] or "/"
    return urlsplit(site_url).path or "/"


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The session's build, served like GitHub Pages at http://127.0.0.1:<port>/<repo>/ (see site_url)."""
    with StaticServer(built_site, prefix=site_path_prefix()) as server:
        yield server


# ----------------------------------------------------------------------------
# Browser
# ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; a missing browser is a failure, not a skip."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Run `make test` (it installs Debian's "
            "'chromium' package with apt), or `sudo apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_sweep(browser, built_site: Path, site_server):
    """Every page of the session's build, visited once, with what it did recorded (tests/page_sweep.py)."""
    from page_sweep import sweep

    return sweep(browser, built_site, site_server)


@dataclass
class PageWatch:
    """What a page did that a reader would not want: requests to other hosts, console errors."""

    allowed_origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        url = request.url
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about"):
            return
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin != self.allowed_origin:
            self.foreign_requests.append(url)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_pageerror(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


# What a test may change in a context that the reset below cannot undo: a context on which any of
# these was called is closed after the test instead of being reused.
_UNDOABLE = (
    "add_init_script", "expose_binding", "expose_function", "set_extra_http_headers", "set_geolocation",
    "set_offline", "set_default_timeout", "set_default_navigation_timeout", "route_from_har",
    "route_web_socket", "on", "once", "add_cookies", "set_storage_state", "close",
)


class WarmContext:
    """One browser context per test module, handed to each test as if it were new.

    A page in a context that has loaded the site before costs about half the CPU of one in a new
    context (the theme's scripts and styles come from its HTTP cache). Between tests everything a
    reader's browser would keep is wiped: pages (and with them sessionStorage), localStorage,
    IndexedDB, Cache Storage, service workers and cookies of every origin the test reached,
    granted permissions and routes. Only the HTTP cache stays. A test that changes the context in
    a way that cannot be undone (an init script, an event listener, offline mode, ... see
    `_UNDOABLE`) gets the context to itself: it is closed afterwards and the next test gets a new one.
    """

    def __init__(self, browser, **options) -> None:
        self.browser = browser
        self.options = options  # for browser.new_context, e.g. bypass_csp=True
        self.ctx = None

    def get(self):
        if self.ctx is None:
            self._open()
        return self.ctx

    def _open(self) -> None:
        ctx = self.browser.new_context(**self.options)
        self.origins: set[str] = set()
        self.dirty = False
        ctx.on("request", self._note_origin)
        # A blank tab that stays open: its DevTools session wipes the origins' storage in one call.
        self.janitor = ctx.new_page()
        self.cdp = ctx.new_cdp_session(self.janitor)
        for name in _UNDOABLE:
            setattr(ctx, name, self._marks_dirty(getattr(ctx, name)))
        self.ctx = ctx

    def _note_origin(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def _marks_dirty(self, method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            self.dirty = True
            return method(*args, **kwargs)
        return wrapper

    def reset(self) -> None:
        """Make the context as a new one would be (but for its HTTP cache), or close it."""
        ctx = self.ctx
        if ctx is None:
            return
        if self.dirty or ctx.is_closed():
            self.close()
            return
        for page in ctx.pages:
            if page is not self.janitor:
                page.close()
        ctx.unroute_all(behavior="ignoreErrors")
        ctx.clear_permissions()
        ctx.clear_cookies()
        for origin in sorted(self.origins):
            self.cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        self.origins.clear()

    def close(self) -> None:
        if self.ctx is not None:
            try:
                if not self.ctx.is_closed():
                    self.ctx.close()
            finally:
                self.ctx = None


@pytest.fixture(scope="module")
def warm_context(browser):
    """This module's reusable browser context (see WarmContext); tests use `context` or `watched_page`."""
    holder = WarmContext(browser)
    yield holder
    holder.close()


@pytest.fixture
def context(warm_context, site_server):
    """A browser context with empty storage, no permissions and no routes, as a new one has.

    It is this module's warm context (see WarmContext), reset after the test. A test that needs
    other context options (no JavaScript, a viewport, bypass_csp) makes its own with `browser.new_context`.
    """
    ctx = warm_context.get()
    yield ctx
    warm_context.reset()


def new_watched_page(context, origin: str):
    """A new page in `context` whose outside requests and console errors are recorded in `page.watch`."""
    page = context.new_page()
    watch = PageWatch(origin)
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_pageerror)
    page.watch = watch
    return page


@pytest.fixture
def watched_page(context, site_server):
    """A page whose outside requests and console errors are recorded in `page.watch`."""
    page = new_watched_page(context, site_server.origin)
    yield page
    page.close()


def checklist_items(form) -> list[str]:
    """The item ids of a checklist form's boxes, in page order."""
    return form.locator("input[type=checkbox][data-item]").evaluate_all("l => l.map(b => b.dataset.item)")


def checklist_box(form, item: str):
    """The checkbox of one item of a checklist form."""
    return form.locator(f'input[type=checkbox][data-item="{item}"]')


def checked_items(form) -> list[str]:
    """The item ids of a checklist form's ticked boxes, in page order."""
    return form.locator("input[type=checkbox][data-item]").evaluate_all("l => l.filter(b => b.checked).map(b => b.dataset.item)")


def nav_link(page, link):
    """`link` (a CSS selector, Playwright's `:has-text()` allowed; not a role locator, which skips the
    hidden links of a folded section) in the primary navigation, its folded section opened first by
    the section's title, as a reader would."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Right after an instant navigation the address is the new page's before Material swaps in its sidebar.
    page.wait_for_function("""() => [...document.querySelectorAll('.md-nav--primary a.md-nav__link--active[href]')]
        .some(a => a.href.split('#')[0] === location.href.split('#')[0])""")
    found = page.locator(".md-nav--primary").locator(link).first
    section = page.locator(".md-nav--primary .md-nav__item--nested").filter(has=page.locator(link)).last
    for _ in range(3):  # a section opened just before Material swapped in the sidebar is closed again: retry
        if found.is_visible():
            return found
        if section.count() and not section.locator(":scope > input.md-nav__toggle").is_checked():
            section.locator(":scope > label.md-nav__link").click()
        try:
            found.wait_for(state="visible", timeout=2_000)
            return found
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{link} did not show in the navigation after opening its section")
