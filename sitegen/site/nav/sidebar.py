"""The sidebar written once per distinct shape, reused by every page that shows it.

Profiles of large plans put the sidebar at over a third of a page's render
time: every page re-ran the same Jinja macros over the same few hundred nodes.
Two pages show byte-identical sidebars when they see the same tree, from the
same folder (relative links), with the same groups open; they differ only in
which link carries ``aria-current="page"``. So each shape is written once with
no link marked, and each page gets that HTML with the mark put after every
link to itself (titles are escaped, so ``href="`` only ever starts an href).

Shapes are not rendered by the macro either: ``default_nav_tree`` writes the
default theme's markup in Python. A plan of 5,000 sections has about a
thousand shapes of ~270 links each, ~250 of them the same closed folders in
every shape, only their hrefs going up more or fewer folders; ``_Writer``
writes each such link once from the site's root and makes a whole run of them
relative to a folder with one ``split`` and ``join``. The macro stays the theme's
definition (themes that override it get theirs, and pages then call it);
``tests/test_navcache.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter
from typing import Any, cast

from markupsafe import Markup, escape

from sitegen.site.engine.urls import LinksFrom, relative_url
from sitegen.site.nav.tree import NavNode

__all__ = ["NavCache"]

_MARK = ' aria-current="page"'
MAX_SHAPES = 2048  # a plan has about one shape per folder
MAX_LINKS = 1 << 16  # links written from the root: about one per page
_ROOT_PAGE = "index.html"  # any page of the site's root folder
_children = attrgetter("children")  # a group's, truthy; a link's, empty
_link_key = attrgetter("path", "title")  # what a link's `<li>` is written from


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
    for index in compress(count(), map(_children, level)):
        node, chain = level[index], (*above, index)
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
    return _mark(_Writer(current, {}).tree(nodes, class_name, chain), current)


def _mark(html: str, current: str) -> str:
    """``html`` (no link marked) with the mark on every link to ``current``, as the macro
    puts it: an href from the page's folder names one page."""
    link = f'href="{relative_url(current, current)}"'  # percent-encoded: nothing to escape
    return html.replace(link, link + _MARK)


class _Writer:
    """One sidebar with no link marked, for the pages of one folder.

    A level's links between its groups are a run; each link's ``<li>`` is
    written once with its href from the site's root (``written``, kept by the
    caller, by the link's page and title) and a run is made relative to the
    folder by putting the way up in place of the folders that all its hrefs
    share with it (one ``split`` and ``join``). A run whose links share different
    numbers of folders with it (sections whose ids do not follow their files'
    folders) is written link by link.
    """

    def __init__(self, page: str, written: dict[tuple[str | None, str], str]):
        self.parts: list[str] = []
        self.links = LinksFrom(page)
        self.written = written
        folders = relative_url(_ROOT_PAGE, page).split("/")[:-1]  # percent-encoded, as in hrefs
        # `shared[n]`: an href from the root that shares the folder's first n folders starts so;
        # `up[n]`: the same href from the folder
        self.shared = ['href="' + "".join(f"{name}/" for name in folders[:n]) for n in range(len(folders) + 1)]
        self.up = ['href="' + "../" * (len(folders) - n) for n in range(len(folders) + 1)]

    def tree(self, nodes: tuple[NavNode, ...], class_name: str, chain: tuple[int, ...]) -> str:
        self._level(nodes, class_name, chain)
        return "".join(self.parts)

    def _level(self, nodes: tuple[NavNode, ...], class_name: str, chain: tuple[int, ...]) -> None:
        self.parts.append(f'<ul class="sg-nav {escape(class_name)}">\n')
        start = 0
        for index in compress(count(), map(_children, nodes)):  # the groups
            self._run(nodes[start:index])
            self._group(nodes[index], chain[1:] if chain and chain[0] == index else None)
            start = index + 1
        self._run(nodes[start:])
        self.parts.append("</ul>\n")

    def _group(self, node: NavNode, inner: tuple[int, ...] | None) -> None:
        """``inner``: the open groups inside ``node`` when it is open, else None."""
        opened = " open" if inner is not None else ""
        self.parts.append(f'  <li>\n    <details class="sg-nav-group"{opened}>\n'
                          f'      <summary>{escape(node.title)}</summary>\n')
        if node.path:
            self.parts.append(self._link(node) + "\n")
        self.parts.append("      ")
        self._level(node.children, "", inner or ())
        self.parts.append("\n    </details>\n  </li>\n")

    def _run(self, run: tuple[NavNode, ...]) -> None:
        if not run:
            return
        html, shared = "".join(self._from_root(run)), 0
        while shared + 1 < len(self.shared) and self.shared[shared + 1] in html:
            shared += 1  # some href shares `shared` of the folder's folders, none shares more
        pieces = html.split(self.shared[shared])
        if len(pieces) - 1 == len(run):  # every href shares as many
            self.parts.append(self.up[shared].join(pieces))
        else:
            self.parts.extend(f"  <li>\n    {self._link(node)}\n\n  </li>\n" for node in run)

    def _from_root(self, run: tuple[NavNode, ...]) -> list[str]:
        """Each link's ``<li>`` with its href from the root: when all were written before, in
        one C loop."""
        keys = list(map(_link_key, run))
        items = list(map(self.written.get, keys))
        if all(items):
            return cast("list[str]", items)
        for path, title in keys:
            if (path, title) not in self.written:
                self.written[path, title] = (f'  <li>\n    <a class="sg-nav-link" href="{relative_url(_ROOT_PAGE, str(path))}">'
                                             f'{_title(title)}</a>\n\n  </li>\n')
        return [self.written[key] for key in keys]

    def _link(self, node: NavNode) -> str:
        """The macro's link; hrefs are percent-encoded, so escaping them changes nothing."""
        return f'<a class="sg-nav-link" href="{self.links.href(str(node.path))}">{_title(node.title)}</a>'


@lru_cache(maxsize=1 << 14)
def _title(title: str) -> str:
    return str(escape(title))


class NavCache:
    """Sidebar HTML by (tree, folder of the page, open groups); see the module docstring."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._html: dict[tuple, tuple[tuple[NavNode, ...], str]] = {}
        self._chains: dict[int, tuple[tuple[NavNode, ...], dict[str, tuple[int, ...]]]] = {}
        self._written: dict[tuple[str | None, str], str] = {}  # `_Writer`'s links from the root

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
            if len(self._written) >= MAX_LINKS:
                self._written.clear()
            html = _Writer(current, self._written).tree(nodes, "".join(args), chain)  # `_own`: one class
            shape = self._html[key] = (nodes, html)  # nodes kept alive: their id stays theirs
        return Markup(_mark(shape[1], current))

    @staticmethod
    def _own(args: tuple[Any, ...]) -> bool:
        """True when the call is the plain ``nav_tree(nodes, current, class_name)``."""
        return len(args) <= 1 and all(isinstance(arg, str) for arg in args)
