"""What the tools' browser tests share: a watched page in a context of the test's own making."""

from __future__ import annotations

from conftest import PageWatch


def watched_page_in(context, origin: str):
    """A new page of `context` that records foreign requests and console errors in `page.watch`."""
    page = context.new_page()
    page.watch = PageWatch(origin)
    page.on("request", page.watch.on_request)
    page.on("console", page.watch.on_console)
    page.on("pageerror", page.watch.on_pageerror)
    return page
