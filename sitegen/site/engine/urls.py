"""Where each page lives in the site, and how one page links to another.

The site must work from `file://`, from a sub-path (`https://host/plans/2027/`)
and from any server, so every link is relative to the page that contains it;
nothing ever starts with `/`. File names keep their Unicode letters
(`活动/上半年.html`, `grupy-klientów.html`) — readable on disk and in the
address bar — and hrefs are percent-encoded UTF-8, which every browser and
server resolves back to those names.

All functions are pure string manipulation over POSIX-style site paths.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import quote

__all__ = [
    "ASSETS_DIR",
    "INDEX_PAGE",
    "LinksFrom",
    "asset_path",
    "page_path",
    "relative_url",
]

INDEX_PAGE = "index.html"
SCENARIOS_PAGE = "scenarios.html"  # with scenarios in plan.yaml (site.pages.scenarios)
ASSETS_DIR = "assets"


def _normalize(path: str) -> str:
    """NFC, so ids typed on macOS (decomposed accents) name the same file as elsewhere."""
    return unicodedata.normalize("NFC", path)


def page_path(section_id: str) -> str:
    """Section id → output path: `strategy/goals` → `strategy/goals.html`.

    Raises ValueError for ids that cannot name a file inside the site
    (empty segments, `.`/`..`, backslashes); validation should have rejected
    them, so reaching this is a programming error, not a plan error.
    """
    section_id = _normalize(section_id).strip("/")
    segments = section_id.split("/")
    if not section_id or any(seg in ("", ".", "..") or "\\" in seg for seg in segments):
        raise ValueError(f"section id {section_id!r} cannot be a page path")
    return section_id + ".html"


def asset_path(name: str) -> str:
    """Site path of a theme asset: `sitegen.css` → `assets/sitegen.css`."""
    return f"{ASSETS_DIR}/{name.lstrip('/')}"


def _split(path: str) -> tuple[list[str], str]:
    parts = _normalize(path).strip("/").split("/")
    return parts[:-1], parts[-1]


@lru_cache(maxsize=1 << 16)
def _folder(page: str) -> str:
    return "/".join(_split(page)[0])


@lru_cache(maxsize=1 << 16)
def _target(page: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A page's folders, and its folders and name percent-encoded: encoded once per
    target, since every folder's sidebar links the same pages."""
    dirs, name = _split(page)
    return tuple(dirs), tuple(quote(segment, safe="") for segment in (*dirs, name))


def relative_url(from_page: str, to_page: str, fragment: str | None = None) -> str:
    """Href from one site path to another, relative and percent-encoded.

    `relative_url("活动/上半年.html", "strategy/goals.html")` →
    `../strategy/goals.html`; `relative_url("a/b.html", "a/b.html", "top")` →
    `b.html#top`. Every character outside the unreserved set (including `:`,
    `#`, `?`, `%` and non-ASCII letters) is encoded, so a name can never be
    mistaken for a scheme, query or fragment.
    """
    return _relative_from(_folder(from_page), to_page, fragment)


@lru_cache(maxsize=1 << 16)  # pure; pages of one folder link the same nav and assets
def _relative_from(from_folder: str, to_page: str, fragment: str | None) -> str:
    href = _href(tuple(from_folder.split("/")) if from_folder else (), to_page)
    if fragment:
        href += "#" + quote(_normalize(fragment), safe="")
    return href


def _href(from_dirs: tuple[str, ...], to_page: str) -> str:
    """Up from the page's folders to the first one it shares with the target, then down."""
    to_dirs = _target(to_page)[0]
    common = 0
    for mine, theirs in zip(from_dirs, to_dirs, strict=False):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(from_dirs) - common) + _tail(to_page, common)


@lru_cache(maxsize=1 << 16)
def _tail(to_page: str, common: int) -> str:
    return "/".join(_target(to_page)[1][common:])


class LinksFrom:
    """`relative_url(page, target)` for many targets from one page (a sidebar's hundreds).

    The page's folder is split once, and the encoded rest of each target is
    shared by every folder at the same distance from it: on a plan of
    thousands of folders nearly every (folder, target) pair is new, so the
    per-pair cache of `relative_url` could not help there.
    """

    __slots__ = ("_dirs",)

    def __init__(self, page: str):
        folder = _folder(page)
        self._dirs = tuple(folder.split("/")) if folder else ()

    def href(self, target: str) -> str:
        return _href(self._dirs, target)
