"""The shared browser fixtures (tests/conftest.py): a reused context starts every test as a new one would.

Each pair below writes something a reader's browser keeps, then checks in the next test (same
module, same warm context) that none of it is left. Run the file alone or within the suite; the
tests depend on their order in this file, which pytest keeps.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STATE = {}


def test_a_test_can_store_ticks_cookies_and_grant_permissions(context, watched_page, site_server) -> None:
    page = watched_page
    page.goto(site_server.url)
    page.evaluate("""async () => {
        localStorage.setItem('cwc:v1:pre-connect', '{"x": true}');
        sessionStorage.setItem('left-behind', '1');
        document.cookie = 'seen=1; path=/';
        await new Promise((ok, fail) => {
            const open = indexedDB.open('left-behind', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('s');
            open.onsuccess = () => { open.result.close(); ok(); };
            open.onerror = fail;
        });
        await caches.open('left-behind');
    }""")
    context.grant_permissions(["clipboard-read"], origin=site_server.origin)
    page.route("**/sitemap.xml", lambda route: route.abort())
    STATE["context"] = context
    STATE["pages"] = list(context.pages)
    assert page.evaluate("localStorage.getItem('cwc:v1:pre-connect')") == '{"x": true}'


def test_the_next_test_gets_the_context_back_empty(context, watched_page, site_server) -> None:
    assert context is STATE["context"], "the module's context was not reused"
    assert not any(p in context.pages for p in STATE["pages"] if p is not watched_page and not p.url.startswith("about:")), \
        "pages of the last test are still open"
    page = watched_page
    page.goto(site_server.url)
    assert page.evaluate("localStorage.getItem('cwc:v1:pre-connect')") is None, "localStorage survived the last test"
    assert page.evaluate("sessionStorage.getItem('left-behind')") is None, "sessionStorage survived the last test"
    assert page.evaluate("document.cookie") == "", "a cookie survived the last test"
    assert page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == [], "IndexedDB survived"
    assert page.evaluate("async () => await caches.keys()") == [], "Cache Storage survived"
    assert page.evaluate("async () => (await navigator.permissions.query({name: 'clipboard-read'})).state") != "granted", \
        "a permission granted in the last test is still granted"
    assert context.cookies() == []
    STATE["context"] = context


def test_a_test_that_adds_an_init_script_to_the_context(context, site_server) -> None:
    context.add_init_script("window.leftBehind = true")
    page = context.new_page()
    page.goto(site_server.url)
    assert page.evaluate("window.leftBehind") is True
    STATE["context"] = context


def test_gets_a_new_context_for_the_next_test(context, site_server) -> None:
    assert context is not STATE["context"], "a context with an init script was handed to the next test"
    page = context.new_page()
    page.goto(site_server.url)
    assert page.evaluate("window.leftBehind") is None
