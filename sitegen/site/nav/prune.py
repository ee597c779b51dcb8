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
        self._levels: dict[int, dict[str, int]] = {}
        self._closed_levels: dict[int, tuple[NavNode, ...]] = {}

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

    def _closed_level(self, level: tuple[NavNode, ...]) -> tuple[NavNode, ...]:
        """``level`` with every group closed into a link (the same link in every tree)."""
        found = self._closed_levels.get(id(level))
        if found is None:
            found = tuple(NavNode(n.title, self._first_page(n)) if n.is_group else n for n in level)
            self._closed_levels[id(level)] = found
        return found

    def _open(self, level: tuple[NavNode, ...], chain: tuple[int, ...]) -> tuple[NavNode, ...]:
        """``level`` closed except the group at ``chain[0]``, opened along the rest of ``chain``."""
        closed = self._closed_level(level)
        if not chain:
            return closed
        node = level[chain[0]]
        opened = NavNode(node.title, node.path, self._open(node.children, chain[1:]))
        return (*closed[: chain[0]], opened, *closed[chain[0] + 1 :])

    def for_page(self, current: str) -> tuple[NavNode, ...]:
        """The pruned tree; pages whose branch opens the same groups share one object."""
        opened = self._opened(current)
        tree = self._trees.get(opened)
        if tree is None:
            tree = self._trees[opened] = self._open(self.nav, opened)
        return tree

    def _opened(self, current: str) -> tuple[int, ...]:
        """Positions of the groups holding ``current``, from the top."""
        chain: list[int] = []
        level = self.nav
        while (index := self._first_group(level).get(current)) is not None:
            chain.append(index)
            level = level[index].children
        return tuple(chain)

    def _first_group(self, level: tuple[NavNode, ...]) -> dict[str, int]:
        """Page path → position of the first group of `level` that contains it (indexed once per level)."""
        found = self._levels.get(id(level))
        if found is None:
            found = {}
            for index, node in enumerate(level):
                if node.is_group:
                    for path in self._contained(node):
                        found.setdefault(path, index)
            self._levels[id(level)] = found
        return found
