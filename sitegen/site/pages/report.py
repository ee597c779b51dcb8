"""The board pack (`report.html`): the whole plan as one printable document.

First the dashboard as a landscape one-pager (headline figures, each top
goal's status, the two dashboard charts), then every section in navigation
order, each starting on a new page (print CSS in sitegen.css, "board pack").
`sitegen build --pdf` prints this page to `report.pdf` (`sitegen.commands.pdf`).

Each section's part is its page's article, taken from the page as it is
rendered (by a page worker in `build`, through the render cache in `serve`),
so the board pack renders no section a second time; its ids and links are
then made to fit one document (`report_document.in_document`). A theme
whose base.html has no `<main>` gets the article from the section's kind
template once more, under a bare layout (`report_section.html`: the page's
`content` block only).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from sitegen.diagnostics import Diagnostic
from sitegen.model.plan import Section
from sitegen.site.engine.components import Chart
from sitegen.site.engine.environment import render_page_template
from sitegen.site.engine.markdown import render_with_toc
from sitegen.site.engine.output import Deferred
from sitegen.site.engine.page import PageInfo, render_page
from sitegen.site.nav.tree import NavNode
from sitegen.site.pages.building import PageBuild
from sitegen.site.pages.dashboard import Kpi, dashboard_charts, headline_kpis
from sitegen.site.pages.report_document import fragment_href, in_document
from sitegen.site.pages.scope import Scope
from sitegen.site.pages.sections import kind_context, template_for, without_title

if TYPE_CHECKING:
    from sitegen.site.cache import RenderCache

__all__ = [
    "REPORT_PAGE", "ReportPart", "bare_layout", "page_article", "part_name", "render_report", "report_article",
    "report_part",
]

REPORT_PAGE = "report.html"
DASHBOARD_ANCHOR = "sg-report-dashboard"
# The two dashboard charts sit side by side on the landscape page (2 : 3, the capacity
# heat map has a column per month): drawn this wide (px) and this high when printed
# (sitegen.js reads data-sg-print-width and -height; sitegen.css sets the columns). On a
# screen they keep the dashboard's size: six roles in 200 px were a smear of digits.
CHART_PRINT_WIDTHS = (390, 590)
CHART_HEIGHT = 200
_BARE_LAYOUT = "report_section.html"
# What base.html puts around a page's article (`page_article`).
MAIN_OPEN = '<main class="sg-main" id="sg-main" tabindex="-1">'
MAIN_CLOSE = "</main>"

LinkResolver = Callable[[Section, str, Mapping[str, str]], Callable[[str], str | None]]


@dataclass(frozen=True)
class ReportPart:
    """One section in the board pack: its place (`anchor`, the id of its part) and its article."""

    title: str
    anchor: str
    html: Markup

    @property
    def href(self) -> str:
        return fragment_href(self.anchor)


class _BareLayout(jinja2.BaseLoader):
    """The theme's templates, with `base.html` replaced by the bare layout."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.inner.get_source(environment, _BARE_LAYOUT if template == "base.html" else template)


def part_name(rel: str) -> str:
    """The name a section's part is kept under in `serve`'s render cache."""
    return f"{REPORT_PAGE}#{rel}"


def section_anchor(section: Section) -> str:
    """The id of a section's part: readable, and unique because section ids are."""
    return f"sec-{section.id}"


def _full_nav(build: PageBuild) -> tuple[NavNode, ...]:
    """The full sidebar tree, also when pages show it pruned."""
    return build.pruner.nav if build.pruner is not None else build.site.nav


def _page_order(build: PageBuild) -> tuple[str, ...]:
    """The sections' pages as the sidebar lists them."""
    by_page = {build.pages[s.rel]: s for s in build.sections}

    def walk(nodes: Iterable[NavNode]) -> Iterable[str]:
        for node in nodes:
            if node.path is not None and node.path in by_page:
                yield node.path
            yield from walk(node.children)

    ordered = tuple(dict.fromkeys(walk(_full_nav(build))))
    listed = set(ordered)
    return ordered + tuple(page for page in by_page if page not in listed)


def _article(build: PageBuild, env: jinja2.Environment, section: Section, resolver: LinkResolver,
             scope: Scope | None = None) -> str:
    """A section's article as on its own page (links relative to that page); without its
    list of changes and warnings (the board pack is the plan, not its review notes)."""
    own = build.pages[section.rel]  # rendered as its own page; `in_document` makes the links fit
    prose = without_title(render_with_toc(section.body, resolver(section, own, build.pages)), section.title)
    history = build.history.get(section.id) or build.history.get(section.rel)
    page = PageInfo(section.title, section.kind, section.data.owner, section.data.status,
                    Markup(prose.html), prose.toc, history, section.path)
    template = env.select_template(template_for(section.kind))
    return render_page_template(template, site=build.site, current_path=own, page=page, warnings=[],
                                changes=(), **kind_context(section, build.scope if scope is None else scope))


def bare_layout(env: jinja2.Environment) -> jinja2.Environment:
    """`env` with the bare layout for `base.html` (cheap to make: its templates are compiled
    when first used). It is the build's (`SiteBuild.bare_env`); `serve`'s render cache keeps
    one per warm environment."""
    assert env.loader is not None
    # a cache of its own: the build's cached templates already extend the full layout
    return env.overlay(loader=_BareLayout(env.loader), cache_size=400)


def page_article(html: str) -> str | None:
    """The article of a rendered page: what base.html puts in `<main>` (None when a theme's
    own base.html has no such element)."""
    start, end = html.find(MAIN_OPEN), html.rfind(MAIN_CLOSE)
    return html[start + len(MAIN_OPEN):end] if 0 <= start < end else None


def report_article(build: PageBuild, section: Section, page_html: str, resolver: LinkResolver) -> str:
    """A section's part of the board pack, taken from its rendered page (the worker or the
    cache that made the page makes it too, so the board pack renders no section again):
    its ids kept apart and its links made to fit the document (`in_document`)."""
    article = page_article(page_html)
    if article is None:  # a theme without <main>: the page's kind template once more, bare
        article = _article(build, build.bare_env, section, resolver)
    return in_document(article, section_anchor(section), build.report_anchors, build.pages[section.rel])


def report_part(section: Section, article: str) -> ReportPart:
    """A section's part of the board pack; `article`: `report_article` of its page."""
    return ReportPart(section.title, section_anchor(section), Markup(article))


def report_parts(build: PageBuild, parts: Mapping[str, ReportPart], cache: RenderCache | None = None) -> tuple[ReportPart, ...]:
    """Every section's part of the board pack, in navigation order; `parts`: page path → the
    `report_part` of each section page. With `cache` (`serve`'s), the order is kept while the
    sidebar tree is the very tree of last time (made from the same titles, pages and order)."""
    if cache is None:
        order = _page_order(build)
    else:
        order = cache.same(f"{REPORT_PAGE}#order", (_full_nav(build),), lambda: _page_order(build))
    return tuple(parts[page] for page in order)


def _kpis(build: PageBuild, warnings: int, anchors: Mapping[str, str]) -> tuple[Kpi, ...]:
    """The dashboard's tiles, each leading to its section's part of the board pack."""
    def inside(href: str | None) -> str | None:
        anchor = anchors.get(href.partition("#")[0]) if href else None
        return fragment_href(anchor) if anchor else None

    return tuple(dataclasses.replace(k, href=inside(k.href)) for k in headline_kpis(build, warnings))


def _dashboard_charts(build: PageBuild, cache: RenderCache | None) -> list[Chart]:
    """The dashboard's charts, made again (`serve`) only when what they read of the scope changed
    (recorded as they are made, `RenderCache.scoped`)."""
    if cache is None:
        return dashboard_charts(build.scope)
    return cache.scoped(build, f"{REPORT_PAGE}#charts", dashboard_charts)


def render_report(build: PageBuild, diagnostics: Sequence[Diagnostic], parts: Mapping[str, ReportPart],
                  cache: RenderCache | None = None) -> Deferred:
    """`report.html`; `parts`: see `report_parts`; `cache`: `serve`'s `RenderCache`.

    What the page shows is gathered now (the charts through the cache, while this build
    runs); the page itself, 15 MB at 1,000 sections, is rendered when its bytes are first
    read (`Deferred`: `serve` writes it after the reload went out). With `cache`, the very
    `Deferred` of last time while what it shows is the same: `serve` then knows the board
    pack did not change without making it (a save that changes nothing shown reloads nothing)."""
    from sitegen.site.pages import review

    computed, t, fmt = build.scope.computed, build.scope.t, build.scope.fmt
    info = review.review_info(computed)
    tiles = partial(review.tiles, computed, t, fmt)
    context = dict(
        kpis=_kpis(build, sum(1 for d in diagnostics if d.severity == "warning"), build.report_anchors),
        tiles=() if info is None else tiles() if cache is None else cache.same(f"{REPORT_PAGE}#tiles", tiles.args, tiles),
        as_of=fmt.date(info.as_of) if info is not None else None,
        charts=tuple(zip(_dashboard_charts(build, cache), CHART_PRINT_WIDTHS, strict=False)),
        parts=report_parts(build, parts, cache),
    )
    if cache is None:
        return _deferred(build, context)
    return cache.made(REPORT_PAGE, (*context.values(), build.site), lambda: _deferred(build, context))


def _deferred(build: PageBuild, context: dict[str, Any]) -> Deferred:
    """The board pack, rendered when first read, from `context` (its charts as the dashboard
    draws them, and each chart's print width)."""
    charts = [(dataclasses.replace(c, id=f"{DASHBOARD_ANCHOR}-{c.id}"), width) for c, width in context["charts"]]
    shown = {**context, "charts": charts, "dashboard_anchor": DASHBOARD_ANCHOR, "print_height": CHART_HEIGHT}
    env, site = build.env, build.site
    return Deferred(REPORT_PAGE, lambda: render_page(env, "report.html", REPORT_PAGE, site, **shown).content)
