"""The sidebar rendered once per distinct shape, reused by every page that shows it.

Profiles of large plans put the sidebar at over a third of a page's render
time: every page re-ran the same Jinja macros over the same few hundred nodes.
Two pages show byte-identical sidebars when they see the same tree, from the
same folder (relative links), with the same groups open; they differ only in
which link carries ``aria-current="page"``. So the first page of each shape
renders the tree through the theme's own ``nav_tree`` macro, and the others
get that HTML with the current-page mark moved from one link to the other.

Moving the mark is a plain string edit of the default theme's markup, so it is
done only when the templates are the default theme's and both links are found
exactly once; otherwise the page renders its sidebar itself. Either way the
output is the same bytes (``tests/test_navcache.py``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from sitegen.render.navigation import NavNode
from sitegen.render.urls import relative_url

__all__ = ["NavCache"]

_MARK = ' aria-current="page"'
MAX_SHAPES = 2048  # a plan has about one shape per folder


def open_chain(nodes: tuple[NavNode, ...], current: str) -> tuple[int, ...]:
    """Positions of the groups holding ``current``, from the top: which groups render open."""
    chain: list[int] = []
    level = nodes
    while True:
        for index, node in enumerate(level):
            if node.is_group and node.contains(current):
                chain.append(index)
                level = node.children
                break
        else:
            return tuple(chain)


def _href(current: str, target: str) -> str:
    return f'href="{escape(relative_url(current, target))}"'


class NavCache:
    """Sidebar HTML by (tree, folder of the page, open groups); see the module docstring."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._html: dict[tuple, tuple[tuple[NavNode, ...], str, Markup]] = {}

    def __call__(self, macro: Callable[..., Any], nodes: tuple[NavNode, ...], current: str, *args: Any) -> Markup:
        if not self.enabled:
            return Markup(macro(nodes, current, *args))
        key = (id(nodes), posixpath.dirname(current), open_chain(nodes, current), args)
        hit = self._html.get(key)
        if hit is not None:
            moved = self._move_mark(hit[2], hit[1], current)
            if moved is not None:
                return moved
        html = Markup(macro(nodes, current, *args))
        if len(self._html) >= MAX_SHAPES:  # `serve` keeps one environment across rebuilds
            self._html.clear()
        self._html[key] = (nodes, current, html)  # nodes kept alive: their id stays theirs
        return html

    @staticmethod
    def _move_mark(html: str, marked: str, current: str) -> Markup | None:
        """``html`` rendered for page ``marked``, turned into the same sidebar for ``current``."""
        html = str(html)  # Markup.replace would escape its arguments
        if marked == current:
            return Markup(html)
        old, new = _href(current, marked), _href(current, current)
        if html.count(old + _MARK) != 1 or html.count(old) != 1 or html.count(new) != 1 or html.count(_MARK) != 1:
            return None  # the page is not a plain link here (or twice): render it
        return Markup(html.replace(old + _MARK, old).replace(new, new + _MARK))
