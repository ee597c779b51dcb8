"""The sidebar written once per distinct shape, reused by every page that shows it.

Profiles of large plans put the sidebar at over a third of a page's render
time: every page re-ran the same Jinja macros over the same few hundred nodes.
Two pages show byte-identical sidebars when they see the same tree, from the
same folder (relative links), with the same groups open; they differ only in
which link carries ``aria-current="page"``. So each shape is written once with
no link marked, and each page gets that HTML with the mark put after every
link to itself (titles are escaped, so ``href="`` only ever starts an href).

Shapes are not rendered by the macro either: ``default_nav_tree`` writes the
default theme's markup in Python (a plan of 5,000 sections has about a
thousand shapes of ~270 links each, and Jinja's per-node macro and call
overhead made the sidebar the largest part of such a build). The macro stays
the theme's definition (themes that override it get theirs, and pages then
call it); ``tests/test_navcache.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from sitegen.site.engine.urls import LinksFrom, relative_url
from sitegen.site.nav.tree import NavNode

__all__ = ["NavCache"]

_MARK = ' aria-current="page"'
MAX_SHAPES = 2048  # a plan has about one shape per folder


def open_chain(nodes: tuple[NavNode, ...], current: str) -> tuple[int, ...]:
    """Positions of the groups holding ``current``, from the top: which groups render open."""
    return _chains(nodes).get(current, ())


def _chains(level: tuple[NavNode, ...]) -> dict[str, tuple[int, ...]]:
    """``open_chain`` of every page of a tree, in one walk (a page asked for each of its
    groups whether they held it, over and over, on plans of thousands of sections).

    At each level the first group holding a page opens, as ``NavNode.contains`` decides."""
    found: dict[str, tuple[int, ...]] = {}
    _walk_chains(level, (), found)
    return found


def _walk_chains(level: tuple[NavNode, ...], above: tuple[int, ...], found: dict[str, tuple[int, ...]]) -> None:
    """A level's groups (each its own page, then what it holds) before its pages: the first
    entry of a path wins."""
    for index, node in enumerate(level):
        if node.children:
            chain = (*above, index)
            if node.path:
                found.setdefault(node.path, chain)
            _walk_chains(node.children, chain, found)
    for node in level:
        if node.path and not node.children:
            found.setdefault(node.path, above)


def default_nav_tree(
    nodes: tuple[NavNode, ...],
    current: str,
    class_name: str = "",
    chain: tuple[int, ...] | None = None,
) -> str:
    """The default theme's ``nav_tree`` macro, byte for byte (whitespace included).

    ``chain``: ``open_chain(nodes, current)`` when the caller has it."""
    chain = open_chain(nodes, current) if chain is None else chain
    return _mark(_unmarked(nodes, current, class_name, chain), current)


def _mark(html: str, current: str) -> str:
    """``html`` (no link marked) with the mark on every link to ``current``, as the macro
    puts it: an href from the page's folder names one page."""
    link = f'href="{relative_url(current, current)}"'  # percent-encoded: nothing to escape
    return html.replace(link, link + _MARK)


def _write_tree(parts: list[str], nodes: tuple[NavNode, ...], class_name: str, chain: tuple[int, ...],
                links: LinksFrom) -> None:
    """The macro's markup with no link marked; ``chain``: the open groups."""
    parts.append(f'<ul class="sg-nav {escape(class_name)}">\n')
    for index, node in enumerate(nodes):
        if not node.children:
            parts.append(f"  <li>\n    {_link(node, links)}\n\n  </li>\n")
            continue
        inner = chain[1:] if chain and chain[0] == index else None
        opened = " open" if inner is not None else ""
        parts.append(f'  <li>\n    <details class="sg-nav-group"{opened}>\n'
                     f'      <summary>{escape(node.title)}</summary>\n')
        if node.path:
            parts.append(_link(node, links) + "\n")
        parts.append("      ")
        _write_tree(parts, node.children, "", inner or (), links)
        parts.append("\n    </details>\n  </li>\n")
    parts.append("</ul>\n")


def _unmarked(nodes: tuple[NavNode, ...], page: str, class_name: str, chain: tuple[int, ...]) -> str:
    """The sidebar of the pages of ``page``'s folder with this tree and these open groups."""
    parts: list[str] = []
    _write_tree(parts, nodes, class_name, chain, LinksFrom(page))
    return "".join(parts)


def _link(node: NavNode, links: LinksFrom) -> str:
    """The macro's link; hrefs are percent-encoded, so escaping them changes nothing."""
    return f'<a class="sg-nav-link" href="{links.href(str(node.path))}">{_title(node.title)}</a>'


@lru_cache(maxsize=1 << 14)
def _title(title: str) -> str:
    return str(escape(title))


class NavCache:
    """Sidebar HTML by (tree, folder of the page, open groups); see the module docstring."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._html: dict[tuple, tuple[tuple[NavNode, ...], str]] = {}
        self._chains: dict[int, tuple[tuple[NavNode, ...], dict[str, tuple[int, ...]]]] = {}

    def _chain(self, nodes: tuple[NavNode, ...], current: str) -> tuple[int, ...]:
        """``open_chain``, from one walk per tree (the pages of a branch share their tree)."""
        known = self._chains.get(id(nodes))
        if known is None:
            if len(self._chains) >= MAX_SHAPES:
                self._chains.clear()
            known = self._chains[id(nodes)] = (nodes, _chains(nodes))  # nodes kept alive, as below
        return known[1].get(current, ())

    def __call__(
        self, macro: Callable[..., Any], nodes: tuple[NavNode, ...], current: str, *args: Any
    ) -> Markup:
        if not (self.enabled and self._own(args)):
            return Markup(macro(nodes, current, *args))
        chain = self._chain(nodes, current)
        key = (id(nodes), posixpath.dirname(current), chain, args)
        shape = self._html.get(key)
        if shape is None:
            if len(self._html) >= MAX_SHAPES:  # `serve` keeps one environment across rebuilds
                self._html.clear()
            html = _unmarked(nodes, current, "".join(args), chain)  # `_own`: one class name
            shape = self._html[key] = (nodes, html)  # nodes kept alive: their id stays theirs
        return Markup(_mark(shape[1], current))

    @staticmethod
    def _own(args: tuple[Any, ...]) -> bool:
        """True when the call is the plain ``nav_tree(nodes, current, class_name)``."""
        return len(args) <= 1 and all(isinstance(arg, str) for arg in args)
