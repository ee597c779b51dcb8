"""The sidebar tree: folders of the plan become groups, ordered as authors asked.

Built from where section *files* live (`emea/goals.md`), not from their ids,
because an author may give a section any id while the folder layout is what
they see in their editor. Within a folder, entries sort by `order` (sections
without one go last), then by file or folder name. A folder's `index.md`, if
present, names the group, gives it its `order` and becomes its link; without
one, a folder takes the smallest `order` of what it holds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["NavEntry", "NavNode", "build_nav"]

_INDEX_STEM = "index"


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One section as the navigation needs it."""

    source: str  # file path under plan/, POSIX: "emea/goals.md"
    title: str
    path: str  # output path of its page: "emea/goals.html"
    order: int | None = None


@dataclass(frozen=True, slots=True)
class NavNode:
    """A page link (`path` set, no children) or a folder group (children set)."""

    title: str
    path: str | None = None
    children: tuple[NavNode, ...] = field(default=())

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def contains(self, path: str) -> bool:
        """True when `path` is this node or inside it: open that group, mark it current."""
        return self.path == path or any(child.contains(path) for child in self.children)


def _humanize(folder: str) -> str:
    """`grupy-klientów` → `Grupy klientów`; the fallback when a folder has no index.md."""
    words = folder.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else folder


@dataclass
class _Folder:
    name: str
    index: NavEntry | None = None
    pages: list[tuple[str, NavEntry]] = field(default_factory=list)
    folders: dict[str, _Folder] = field(default_factory=dict)

    def add(self, parts: tuple[str, ...], entry: NavEntry) -> None:
        if len(parts) > 1:
            folder = self.folders.setdefault(parts[0], _Folder(parts[0]))
            folder.add(parts[1:], entry)
        elif (stem := posixpath.splitext(parts[0])[0]) == _INDEX_STEM and self.name:
            self.index = entry
        else:
            self.pages.append((stem, entry))

    def order(self) -> int | None:
        """The index page's `order`, else the smallest `order` inside the folder.

        So a folder of sections numbered 10–14 sits where those numbers say,
        without the author writing an index.md just to place it.
        """
        if self.index and self.index.order is not None:
            return self.index.order
        inner = [e.order for _, e in self.pages if e.order is not None]
        inner += [o for f in self.folders.values() if (o := f.order()) is not None]
        return min(inner, default=None)

    def node(self) -> NavNode:
        keyed: list[tuple[tuple[bool, int, str, str], NavNode]] = []
        for stem, entry in self.pages:
            keyed.append((_sort_key(entry.order, stem), NavNode(entry.title, entry.path)))
        for name, folder in self.folders.items():
            keyed.append((_sort_key(folder.order(), name), folder.node()))
        children = tuple(node for _, node in sorted(keyed, key=lambda pair: pair[0]))
        if self.index is None:
            return NavNode(_humanize(self.name), None, children)
        if not children:
            return NavNode(self.index.title, self.index.path)
        return NavNode(self.index.title, self.index.path, children)


def _sort_key(order: int | None, name: str) -> tuple[bool, int, str, str]:
    return (order is None, order or 0, name.casefold(), name)


def build_nav(entries: Iterable[NavEntry]) -> tuple[NavNode, ...]:
    """Top-level navigation nodes for a set of sections, in display order."""
    root = _Folder("")
    for entry in entries:
        root.add(tuple(entry.source.split("/")), entry)  # a plan-relative POSIX path
    return root.node().children
