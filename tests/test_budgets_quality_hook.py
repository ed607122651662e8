"""hooks/quality.py: the theme-markup fixes, as pure functions on HTML (table-driven)."""

from __future__ import annotations

import importlib.util

import markdown
import pytest

from conftest import ROOT


def _load_hook():
    """hooks/quality.py, loaded by path as MkDocs does (the hooks folder is not a package)."""
    spec = importlib.util.spec_from_file_location("cwc_quality_hook", ROOT / "hooks" / "quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fix_theme_markup = _load_hook().fix_theme_markup

DRAWER = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
SEARCH = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param(
            DRAWER, '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">', id="drawer-toggle"
        ),
        pytest.param(
            SEARCH, '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">', id="search-toggle"
        ),
        pytest.param(
            '<input type="text" class="md-search__input" autocomplete="off">',
            '<input type="text" class="md-search__input" autocomplete="off">',
            id="text-input-keeps-autocomplete",
        ),
        pytest.param(
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
            id="nav-toggle-untouched",
        ),
        pytest.param(
            '<label class="md-nav__link" for="__nav_8" id="__nav_8_label" tabindex="">',
            '<label class="md-nav__link" for="__nav_8" id="__nav_8_label">',
            id="nav-section-label-empty-tabindex",
        ),
        pytest.param(
            '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">',
            '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">',
            id="nav-label-tabindex-kept",
        ),
        pytest.param(
            '<li class="task-list-item"><input type="checkbox" disabled/> Say <em>why</em> &amp; how</li>',
            '<li class="task-list-item"><input aria-label="Say why &amp; how" type="checkbox" disabled/>'
            " Say <em>why</em> &amp; how</li>",
            id="task-item-named-by-its-text",
        ),
        pytest.param(
            '<li class="task-list-item"><input type="checkbox" aria-label="Done" disabled/> Text</li>',
            '<li class="task-list-item"><input type="checkbox" aria-label="Done" disabled/> Text</li>',
            id="named-task-item-untouched",
        ),
    ],
)
def test_fix_theme_markup(before: str, after: str) -> None:
    assert fix_theme_markup(before) == after


@pytest.mark.parametrize("custom_checkbox", [False, True])
def test_pymdownx_task_list_checkboxes_get_their_items_text_as_name(custom_checkbox: bool) -> None:
    source = "- [x] Read their profile\n- [ ] Write a note\n    - [ ] Say how you met\n"
    rendered = markdown.markdown(
        source,
        extensions=["pymdownx.tasklist"],
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": custom_checkbox}},
    )
    fixed = fix_theme_markup(rendered)
    for name in ("Read their profile", "Write a note", "Say how you met"):
        assert f'aria-label="{name}"' in fixed, f"no checkbox named {name!r} in:\n{fixed}"
    assert fixed.count("aria-label=") == 3
