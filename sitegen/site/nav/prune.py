"""The sidebar of one page of a large plan: the top level and the branch holding the page."""

from __future__ import annotations

from sitegen.site.nav.tree import NavNode

__all__ = ["NavPruner"]


class NavPruner:
    """The sidebar for one page of a large plan: top level + the branch holding the page.

    Closed groups become links (to their index page, else their first page),
    so every page stays reachable in a few clicks and each page carries a
    sidebar proportional to its depth, not to the size of the plan.
    """

    def __init__(self, nav: tuple[NavNode, ...]):
        self.nav = nav
        self._paths: dict[int, frozenset[str]] = {}
        self._trees: dict[tuple[int, ...], tuple[NavNode, ...]] = {}
        self._levels: dict[int, dict[str, NavNode]] = {}
        self._closed: dict[int, NavNode] = {}

    def _contained(self, node: NavNode) -> frozenset[str]:
        found = self._paths.get(id(node))
        if found is None:
            own = {node.path} if node.path else set()
            found = frozenset(own.union(*(self._contained(c) for c in node.children)))
            self._paths[id(node)] = found
        return found

    @staticmethod
    def _first_page(node: NavNode) -> str | None:
        return node.path or next((p for c in node.children if (p := NavPruner._first_page(c))), None)

    def _prune(self, node: NavNode, current: str) -> NavNode:
        if not node.is_group:
            return node
        if current in self._contained(node):
            return NavNode(node.title, node.path, tuple(self._prune(c, current) for c in node.children))
        closed = self._closed.get(id(node))  # the same link in every tree that shows it closed
        if closed is None:
            closed = self._closed[id(node)] = NavNode(node.title, self._first_page(node))
        return closed

    def for_page(self, current: str) -> tuple[NavNode, ...]:
        """The pruned tree; pages whose branch opens the same groups share one object."""
        opened = self._opened(current)
        tree = self._trees.get(opened)
        if tree is None:
            tree = self._trees[opened] = tuple(self._prune(node, current) for node in self.nav)
        return tree

    def _opened(self, current: str) -> tuple[int, ...]:
        chain, level = [], self.nav
        while node := self._first_group(level).get(current):
            chain.append(id(node))
            level = node.children
        return tuple(chain)

    def _first_group(self, level: tuple[NavNode, ...]) -> dict[str, NavNode]:
        """Page path → the first group of `level` that contains it (indexed once per level)."""
        found = self._levels.get(id(level))
        if found is None:
            found = {}
            for node in level:
                if node.is_group:
                    for path in self._contained(node):
                        found.setdefault(path, node)
            self._levels[id(level)] = found
        return found
