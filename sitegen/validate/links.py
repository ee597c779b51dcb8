"""Links between sections: a Markdown link to a `.md` file that is not in the plan is a warning.

Prose links to other sections (`[our funnel](../execution/funnels/smb.md)`)
become links between pages. One to a file that does not exist (renamed,
moved, mistyped) would publish a dead link, so `check` names it where it is
written — the line and column of the link's target in the `.md` file — and
suggests the closest section. The links are read with markdown-it (the
parser that renders the pages), so a `.md` in a code span or a code block is
not a link, and reference links (`[smb]: smb.md`) count too.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections.abc import Iterable
from difflib import get_close_matches
from functools import lru_cache
from urllib.parse import unquote

from sitegen.commonmark import links
from sitegen.diagnostics import Diagnostic, Location, warning
from sitegen.model.plan import Section
from sitegen.translation import N_

__all__ = ["check_links", "md_links"]

_REMOTE = ("http:", "https:", "mailto:", "tel:", "ftp:", "//", "/")
_MD = re.compile(r"\.md", re.IGNORECASE)  # searched in place: no lower-cased copy of each body


def _target(href: str) -> str | None:
    """The `.md` path a link names (fragment and query dropped), or None for other links."""
    path = unquote(href.partition("#")[0].partition("?")[0])
    if not path.lower().endswith(".md") or "://" in path or path.startswith(_REMOTE):
        return None
    return path


def _place(data: bytes, newlines: list[int], start: int, end: int, written: Iterable[str]) -> tuple[int, int]:
    """(line, column), 0-based, of the link target as written between byte offsets `start` and
    `end` of the body (`data`, its UTF-8, with the offsets of its `newlines`), else of `start`:
    a reference link (`[smb]`) has its target on another line. The line is looked up among
    the newlines rather than counted from the top: a long playbook has thousands of links."""
    at = next((found for text in written if (found := data.find(text.encode("utf-8"), start, end)) >= 0), start)
    line = bisect_left(newlines, at)
    line_start = newlines[line - 1] + 1 if line else 0
    return line, len(data[line_start:at].decode("utf-8", "replace"))


@lru_cache(maxsize=1 << 16)  # per body: `serve` checks the whole plan on every save
def md_links(body: str) -> tuple[tuple[str, int, int], ...]:
    """Every link to a `.md` path in a body: (path as written, line, column), 0-based."""
    if not _MD.search(body):
        return ()
    data, found = body.encode("utf-8"), []
    newlines = [match.start() for match in re.finditer(b"\n", data)]
    for href, start, end in links(body):
        path = _target(href)
        if path is not None:
            found.append((path, *_place(data, newlines, start, end, (href.partition("#")[0], path))))
    return tuple(found)


class _SectionFiles:
    """The plan's section files, and the one closest to a link target that is not among them.

    A renamed folder breaks every link into it at once, and `serve` checks the whole plan
    on every save, so the closest file is looked for among few candidates and kept per
    target: a file of the target's very name (the section moved), else the target folder's
    files (renamed in place, or mistyped), else the files of the closest name. Matching
    every link against every file took 18 s for a 1,000-section plan whose links had all
    broken, and named a file of the old folder before the moved file itself."""

    def __init__(self, files: frozenset[str]) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.by_folder: dict[str, list[str]] = {}
        for file in sorted(files):
            folder, name = posixpath.split(file)
            self.by_name.setdefault(name, []).append(file)
            self.by_folder.setdefault(folder, []).append(file)
        self._closest: dict[str, str | None] = {}

    def closest(self, target: str) -> str | None:
        if target not in self._closest:
            self._closest[target] = self._find(target)
        return self._closest[target]

    def _find(self, target: str) -> str | None:
        folder, name = posixpath.split(target)
        if name in self.by_name:
            return get_close_matches(target, self.by_name[name], n=1, cutoff=0)[0]
        found = get_close_matches(target, self.by_folder.get(folder, ()), n=1, cutoff=0.6)
        if not found:
            names = get_close_matches(name, list(self.by_name), n=1, cutoff=0.6)
            found = get_close_matches(target, self.by_name[names[0]], n=1, cutoff=0.6) if names else []
        return found[0] if found else None


@lru_cache(maxsize=4)  # `serve`: the same files save after save
def _section_files(files: frozenset[str]) -> _SectionFiles:
    return _SectionFiles(files)


def check_links(sections: Iterable[Section], section_files: Iterable[str]) -> list[Diagnostic]:
    """A warning per link to a `.md` file that is not a section file of the plan, naming the
    closest section file (as the link would write it) when one is close.

    `section_files` are the plan-relative paths of every section file, also
    those that failed to load: a link to a file with an error is not broken.
    """
    files = frozenset(section_files)
    problems = []
    for section in sections:
        folder = posixpath.dirname(section.rel)
        for path, line, col in md_links(section.body):
            target = posixpath.normpath(posixpath.join(folder, path))
            if target in files:
                continue
            near = _section_files(files).closest(target)
            where = Location(section.path, section.body_line + line, col + 1)
            problems.append(warning(
                where, "broken-link",
                N_("link to '%(path)s', which is not a section of the plan%(suggestion)s; "
                   "fix the path or remove the link", path=path,
                   suggestion=N_(" (did you mean '%(match)s'?)", match=posixpath.relpath(near, folder or "."))
                   if near else ""),
            ))
    return problems
