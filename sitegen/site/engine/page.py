"""What every page template receives, and turning a template into an `Output`.

`base.html` needs the `Site` (title, organization, period, navigation),
`current_path` (for relative links and `aria-current`) and `root` (the href of
the site's root folder, which `render_page_template` adds). Section pages also get
a `PageInfo`. Templates are rendered with these plus whatever a section kind
adds; nothing else is global, so a template's inputs are visible here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen.model.history import SectionView
from sitegen.site.engine.environment import render_page_template
from sitegen.site.engine.markdown import Heading
from sitegen.site.engine.output import Output
from sitegen.site.nav.tree import NavNode

__all__ = ["History", "PageInfo", "Site", "VersionLink", "Versions", "render_page"]


@dataclass(frozen=True, slots=True)
class VersionLink:
    """One entry of the version menu (`build --versions`): `path` leads from this site's
    root to that version's dashboard (`v2027-q1/index.html`, `../index.html`)."""

    label: str
    path: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Versions:
    """What a `build --versions` site knows of its versions: the menu (latest first) and
    the version this one's "What changed" page compares with (None for the oldest)."""

    links: tuple[VersionLink, ...]
    previous: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """Plan-wide facts shown on every page.

    `links` are the fixed top entries (dashboard, calendar, what changed,
    diagnostics); `nav` is the section tree from `build_nav`; `downloads`
    are (label, site path) pairs shown in the footer (plan.json, calendar.ics).
    """

    title: str
    language: str
    period_start: dt.date
    period_end: dt.date
    organization: str | None = None
    links: tuple[NavNode, ...] = ()
    nav: tuple[NavNode, ...] = ()
    downloads: tuple[tuple[str, str], ...] = ()
    versions: tuple[VersionLink, ...] = ()  # latest first; empty unless built with --versions
    previous_version: str | None = None  # what this version's "What changed" page compares with


@dataclass(frozen=True, slots=True)
class History:
    """Who last touched a section file, from git (optional, shown under the title)."""

    date: dt.date
    author: str
    reviewer: str | None = None


@dataclass(frozen=True, slots=True)
class PageInfo:
    """A section page's heading, editorial facts and prose."""

    title: str
    kind: str = "page"
    owner: str | None = None
    status: str | None = None
    html: Markup = field(default_factory=Markup)
    toc: Sequence[Heading] = ()
    history: SectionView | History | None = None
    source: str | None = None  # file path under plan/, for "edit" hints and diagnostics


def render_page(
    env: jinja2.Environment, template: str, current_path: str, site: Site, **context: Any
) -> Output:
    """Render one template at one site path into an output file."""
    html = render_page_template(env.get_template(template), site=site, current_path=current_path, **context)
    return Output.text(current_path, html)
