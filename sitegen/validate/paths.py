"""Where each section's page will be written: two pages at one file are a located error.

`build` writes `<section id>.html` for every section; the writer refuses two
outputs at one path, but by then nothing says which files are to blame. So
`check` compares the pages first, as the published site's file system will:
ignoring case (macOS, Windows and many web servers treat `Goals.html` as
`goals.html`) and the Unicode normalization of names (`café` typed on macOS is
`cafe` + a combining accent, elsewhere one `é`: one file name on disk).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from sitegen.diagnostics import Diagnostic, Location, error
from sitegen.model.plan import Plan, Section
from sitegen.translation import N_, Message

# Pages the site writes itself: a section must not take their place.
RESERVED_PAGES = ("index.html", "calendar.html", "changes.html", "history.html", "review.html")
QUARTER_REVIEW_PAGE = re.compile(r"review-(fy)?\d{4}-q[1-4]\.html")  # the page of each reviewed quarter (§8)
# Files the site writes itself: a section's folder must not be named like one.
_SITE_FILES = frozenset((*RESERVED_PAGES, "plan.json", "calendar.ics"))


def _site_file(name: str) -> bool:
    """One of the site's own files: `calendar-<segment>.ics` and the quarters' review pages included."""
    return (
        name in _SITE_FILES
        or (name.startswith("calendar-") and name.endswith(".ics"))
        or QUARTER_REVIEW_PAGE.fullmatch(name) is not None
    )


def page_key(path: str) -> str:
    """The name two paths share when one file system would store them as one file."""
    return unicodedata.normalize("NFC", path).casefold()


def _where(section: Section) -> Location:
    return section.at(("id",)) if section.data.id else section.at()


def _here(section: Section) -> str:
    where = _where(section)
    return f"{where.path}:{where.line}"


def _folders(key: str) -> Iterator[str]:
    """`a/b/c.html` → `a`, `a/b`."""
    parts = key.split("/")
    for end in range(1, len(parts)):
        yield "/".join(parts[:end])


def _why_same(page: str, other: str) -> Message:
    if unicodedata.normalize("NFC", page) == unicodedata.normalize("NFC", other):
        return N_("the two names differ only in how an accent is encoded, NFC or NFD: on disk they are one file")
    return N_("page names are compared ignoring case")


def check_page_paths(plan: Plan) -> Iterator[Diagnostic]:
    """Two sections (or a section and a site file) whose pages would be one file, or
    a section whose page would sit inside another page (`executive-summary.html/x.html`).

    Identical ids are left to the duplicate-id check.
    """
    pages: dict[str, tuple[str, Section]] = {}
    for section in plan.sections:
        page = section.id.strip("/") + ".html"
        key = page_key(page)
        if key in RESERVED_PAGES or QUARTER_REVIEW_PAGE.fullmatch(key):
            yield error(
                _where(section), "path-clash",
                N_("section '%(section)s' would be written to '%(page)s', a page the site writes itself;"
                   " give it another id or file name", section=section.id, page=page),
            )
            continue
        first_page, first = pages.setdefault(key, (page, section))
        if first_page != page:
            yield error(
                _where(section), "path-clash",
                N_("section '%(section)s' would be written to the same page as the section at %(first)s"
                   " (%(why)s); rename one of them", section=section.id, first=_here(first),
                   why=_why_same(page, first_page)),
            )
    for key, (page, section) in pages.items():
        yield from _inside_a_file(key, page, section, pages)


def _inside_a_file(key: str, page: str, section: Section, pages: dict[str, tuple[str, Section]]) -> Iterator[Diagnostic]:
    """A page whose folder is named like a page or a file of the site: the folder cannot be both."""
    for folder in _folders(key):
        owner = pages.get(folder)
        if owner is not None:
            where = N_("the page of the section at %(first)s", first=_here(owner[1]))
        elif _site_file(folder):
            where = N_("a file the site writes itself")
        else:
            continue
        name = "/".join(page.split("/")[: folder.count("/") + 1])
        yield error(
            _where(section), "path-clash",
            N_("section '%(section)s' would be written inside the folder '%(name)s', but '%(name)s' is %(where)s;"
               " rename the folder or the file", section=section.id, name=name, where=where),
        )
        return
