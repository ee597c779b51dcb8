"""The whole site of an analysed plan: dashboard, one page per section, assets, calendar.

`render_site(analysis)` is pure (returns `Output`s, writes nothing). It builds
ONE Jinja environment and one `SiteBuild` (navigation, plan-wide indexes,
diagnostic targets), then renders each page from it. `render_pages(..., only=)`
renders just the named sections, so `serve` can re-render what changed.
Output is a function of the input only: no clock, no randomness, stable order.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from sitegen.model.plan import Section
from sitegen.site.engine.assets import theme_asset_outputs
from sitegen.site.engine.environment import build_environment, render_page_template, user_theme_dir
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.markdown import RenderedMarkdown, render_with_toc
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import PageInfo, Site, Versions
from sitegen.site.engine.parallel import render_all_with, stream_all_with, warm_templates
from sitegen.site.engine.urls import INDEX_PAGE, SCENARIOS_PAGE, page_path, relative_url
from sitegen.site.nav.tree import NavEntry, NavNode, build_nav
from sitegen.site.pages.scope import Scope, Translate, make_scope
from sitegen.site.pages.search import Parts, prose_parts, search_index_output, section_entries
from sitegen.site.pages.sections import (
    kind_context,
    kind_inputs,
    load_kinds,
    template_for,
)
from sitegen.site.pages.targets import section_targets

__all__ = ["SiteBuild", "prepare_site", "render_pages", "render_site", "section_page"]

CALENDAR_PAGE = "calendar.html"
HISTORY_PAGE = "history.html"
CHANGES_PAGE = "changes.html"
# Above this many pages every page would repeat the whole tree (quadratic build
# time, half-megabyte pages): the sidebar then opens only the current branch.
FULL_NAV_LIMIT = 150


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


@dataclass(frozen=True)
class SiteBuild:
    """Everything shared by the pages of one build, made once."""

    env: jinja2.Environment
    site: Site
    scope: Scope
    sections: tuple[Section, ...]
    pages: Mapping[str, str]  # section rel path → its page path
    targets: Mapping[str, str]  # diagnostic path → page path
    history: Mapping[str, Any]  # section id or rel → SectionView-like
    override_dir: Path | None
    theme: str | None
    pruner: NavPruner | None = None

    def site_for(self, current: str) -> Site:
        """The site facts with the sidebar this page shows."""
        if self.pruner is None:
            return self.site
        return dataclasses.replace(self.site, nav=self.pruner.for_page(current))


_LAST_NAV: list[tuple[tuple[NavEntry, ...], tuple[NavNode, ...]]] = []


def _nav(entries: tuple[NavEntry, ...]) -> tuple[NavNode, ...]:
    """`build_nav(entries)`; the last tree again when the entries are equal (`serve`: most saves)."""
    if _LAST_NAV and _LAST_NAV[0][0] == entries:
        return _LAST_NAV[0][1]
    _LAST_NAV[:] = [(entries, build_nav(entries))]
    return _LAST_NAV[0][1]


_LAST_PRUNER: list[NavPruner] = []


def _pruner(nav: tuple[NavNode, ...]) -> NavPruner:
    """A `NavPruner` for `nav`; the last one again when the tree is equal (`serve`: most saves).

    Its pruned trees are then the very objects of the last build, which
    `serve` hashes once per session instead of once per save.
    """
    if _LAST_PRUNER and _LAST_PRUNER[0].nav == nav:
        return _LAST_PRUNER[0]
    _LAST_PRUNER[:] = [NavPruner(nav)]
    return _LAST_PRUNER[0]


def _site_links(t, compare_to: str | None, with_scenarios: bool = False, with_review: bool = False) -> tuple[NavNode, ...]:
    """The fixed entries above the sections: dashboard, review (§8, with actuals), calendar, scenarios (§9),
    history, what changed."""
    links = [NavNode(t("page.dashboard"), INDEX_PAGE)]
    if with_review:
        links.append(NavNode(t("review.title"), "review.html"))
    links.append(NavNode(t("page.calendar"), CALENDAR_PAGE))
    if with_scenarios:
        links.append(NavNode(t("page.scenarios"), SCENARIOS_PAGE))
    links.append(NavNode(t("history.title"), HISTORY_PAGE))
    if compare_to:
        links.append(NavNode(t("page.changes"), CHANGES_PAGE))
    return tuple(links)


def prepare_site(
    analysis, history: Mapping[str, Any] | Any | None = None, *, compare_to: str | None = None,
    env: jinja2.Environment | None = None, versions: Versions | None = None,
) -> SiteBuild:
    """The shared part of a build: environment, site facts, navigation, indexes.

    `compare_to` (or the plan's own) adds the "What changed" link.
    `env` reuses a Jinja environment made by `build_environment` with this
    plan's language, currency and theme (`serve` keeps its templates warm).
    `versions`: the version menu of a `build --versions` site.
    """
    plan, computed = analysis.plan, analysis.computed
    root = getattr(analysis.sources, "root", None)
    override = user_theme_dir(Path(root)) if root is not None else None
    theme = plan.settings.theme
    # a one-shot environment: templates do not change during the build, so Jinja need not
    # check each template file's modification time on every page (`serve` keeps its own)
    env = env or build_environment(computed.language, computed.currency, theme=theme, override_dir=override,
                                   auto_reload=False)
    t, fmt = cast(Translate, env.globals["t"]), cast(Formatter, env.globals["fmt"])
    sections = tuple(s for s in plan.sections)
    pages = {s.rel: page_path(s.id) for s in sections}
    nav = _nav(tuple(NavEntry(s.rel, s.title, pages[s.rel], s.data.order) for s in sections))
    downloads = ((t("site.download_json"), "plan.json"), (t("site.download_calendar"), "calendar.ics"))
    site = Site(
        computed.title, computed.language, computed.period[0], computed.period[1], computed.organization,
        links=_site_links(t, compare_to or plan.settings.compare_to, bool(computed.scenarios),
                          any(g.actual is not None for g in computed.goals)), nav=nav, downloads=downloads,
        versions=versions.links if versions else (), previous_version=versions.previous if versions else None,
    )
    views = getattr(history, "sections", history) or {}
    pruner = None
    if len(sections) > FULL_NAV_LIMIT:
        pruner = _pruner(nav)
        site = dataclasses.replace(site, nav=pruner.for_page(INDEX_PAGE))  # other pages: top level only
    return SiteBuild(env, site, make_scope(plan, computed, t, fmt), sections, pages,
                     section_targets(sections), views, override, theme, pruner)


def _link_resolver(section: Section, current: str, pages: Mapping[str, str]):
    """Links to other sections' `.md` files become relative page URLs."""
    folder = posixpath.dirname(section.rel)

    def resolve(href: str) -> str | None:
        path, _, fragment = href.partition("#")
        path = unquote(path)
        if not path.endswith(".md") or "://" in path or path.startswith(("/", "//")):
            return None
        target = posixpath.normpath(posixpath.join(folder, path))
        page = pages.get(target)
        return relative_url(current, page, unquote(fragment) or None) if page else None

    return resolve


def _history_of(build: SiteBuild, section: Section) -> Any | None:
    return build.history.get(section.id) or build.history.get(section.rel)


def section_page(build: SiteBuild, section: Section, diagnostics: Iterable[Any] = (),
                 warnings: list | None = None) -> tuple[str, tuple, Any]:
    """One section page as (path, inputs, render): `render()` gives its Output.

    `inputs` is (section, history, warnings, changes, site, nav, kind inputs):
    everything the page is made from apart from the plan-wide pieces a caller
    already knows (environment, page paths). `serve` fingerprints it to
    re-render only pages whose inputs changed, without computing the page's
    figures or rendering its Markdown first. `site` and `nav` are shared by
    many pages (`nav` is the page's sidebar tree when the plan is large);
    kind inputs are `kind_inputs`, or the computed context when the kind
    declares none. `warnings` may be passed already picked from `diagnostics`.
    """
    current = build.pages[section.rel]
    history = _history_of(build, section)
    if warnings is None:
        warnings = [d for d in diagnostics if d.path == section.path]
    changes = tuple(getattr(history, "changes", ()) or ())
    declared = kind_inputs(section, build.scope)
    context = kind_context(section, build.scope) if declared is None else None
    nav = build.pruner.for_page(current) if build.pruner is not None else None
    inputs = (section, history, warnings, changes, build.site, nav, context if declared is None else declared)

    def render(prose: RenderedMarkdown | None = None) -> Output:
        prose = prose or section_prose(build, section)
        page = PageInfo(
            section.title, section.kind, section.data.owner, section.data.status,
            Markup(prose.html), prose.toc, history, section.path,
        )
        template = build.env.select_template(template_for(section.kind))
        site = build.site if nav is None else dataclasses.replace(build.site, nav=nav)
        html = render_page_template(template, site=site, current_path=current, page=page, warnings=warnings,
                               changes=changes, **(context if context is not None else kind_context(section, build.scope)))
        return Output.text(current, html)

    return current, inputs, render


def section_prose(build: SiteBuild, section: Section) -> RenderedMarkdown:
    """The section's Markdown as its page shows it (links to other sections resolved)."""
    return render_with_toc(section.body, _link_resolver(section, build.pages[section.rel], build.pages))


def render_section(build: SiteBuild, section: Section, diagnostics: Iterable[Any] = ()) -> Output:
    """One section page: prose, its kind's data, its warnings, owner/status/history."""
    return section_page(build, section, diagnostics)[2]()


class SearchedPage(NamedTuple):
    """A section page and what the search index reads of its prose (`prose_parts`), which
    travel back together from the worker that rendered it: the index then needs no
    second rendering of the Markdown (a third of a prose build's CPU)."""

    output: Any  # the Output, or what the build's `finish` made of it in the worker
    search: Parts


def _searched_page(build: SiteBuild, diagnostics: Iterable[Any], section: Section) -> SearchedPage:
    prose = section_prose(build, section)
    return SearchedPage(section_page(build, section, diagnostics)[2](prose), prose_parts(prose.html))


def _finish_searched(finish):
    """`finish` for the outputs a worker makes: a page's, keeping its search parts beside."""
    if finish is None:
        return None
    return lambda made: SearchedPage(finish(made.output), made.search) if isinstance(made, SearchedPage) else finish(made)


def _section_job(analysis, build: SiteBuild, only: set[str] | None = None):
    """The sections to render and the function that renders one (templates compiled first)."""
    chosen = [s for s in build.sections if only is None or s.id in only or s.rel in only]
    warm_templates(build.env, {tuple(template_for(s.kind)) for s in chosen})
    load_kinds(s.kind for s in chosen)
    return chosen, partial(render_section, build, diagnostics=analysis.diagnostics)


def render_pages(analysis, only: set[str] | None = None, *, history=None, build: SiteBuild | None = None,
                 plan_wide=None) -> list[Output]:
    """Section pages; `only` (section ids or rel paths) limits which ones are rendered.

    `plan_wide()` (the plan-wide outputs: dashboard, calendar, ...) runs while worker processes render; its
    outputs are appended.
    """
    build = build or prepare_site(analysis, history)
    chosen, render_one = _section_job(analysis, build, only)
    pages, plan_wide_outputs = render_all_with(render_one, chosen, plan_wide or list)
    return pages + plan_wide_outputs


def _plan_wide(analysis, build: SiteBuild, reuse=None, search: bool = True):
    """The dashboard, the calendar page, the iCalendar files and (`search`) the search index
    (rendered while workers render; their modules are imported there, by the worker that makes them)."""

    def plan_wide() -> list[Output]:
        from sitegen.site.pages.calendar import calendar_outputs
        from sitegen.site.pages.dashboard import render_dashboard
        from sitegen.site.pages.review import review_outputs
        from sitegen.site.pages.scenarios import render_scenarios

        return [render_dashboard(build, analysis.diagnostics), *render_scenarios(build, analysis.diagnostics),
                *review_outputs(build),
                *calendar_outputs(analysis, build.env, build.site, reuse=reuse),
                *([_search_index(build)] if search else [])]

    return plan_wide


def _search_index(build: SiteBuild, rendered: Mapping[str, Parts] | None = None) -> Output:
    return search_index_output(section_entries(build.sections, build.pages, rendered), build.site.language)


def render_site(analysis, *, history=None, build: SiteBuild | None = None, pages=None, reuse=None) -> list[Output]:
    """Every file of the site except plan.json and the history pages (see `sitegen.build`), by path.

    `pages(build)` renders the section pages instead of `render_pages` (`serve`
    re-renders only the pages whose inputs changed); `reuse` goes to the
    calendar (see `calendar_outputs`) and keeps the theme's assets.
    """
    build = build or prepare_site(analysis, history)
    plan_wide = _plan_wide(analysis, build, reuse)
    if reuse is None:
        outputs = theme_asset_outputs(build.theme, build.override_dir)
    else:  # theme files are watched: `serve` forgets what it kept when one changes
        assets = partial(theme_asset_outputs, build.theme, build.override_dir)
        outputs = list(reuse("assets", (build.theme, build.override_dir), assets))
    outputs += render_pages(analysis, build=build, plan_wide=plan_wide) if pages is None else pages(build) + plan_wide()
    return sorted(outputs, key=lambda o: o.path)


def stream_site(analysis, build: SiteBuild, finish=None, plan_wide=None) -> Iterator[Output]:
    """`render_site`'s files for a one-shot build, as they are rendered (in no set order),
    and the caller's `plan_wide()` outputs (plan.json, history pages), made with the dashboard and calendar.

    `finish`: see `stream_all_with` (what a page worker does with each page)."""
    chosen, _ = _section_job(analysis, build)
    own = _plan_wide(analysis, build, search=False)

    def all_plan_wide() -> list[Output]:
        return [*(plan_wide() if plan_wide is not None else ()), *own()]

    render_one = partial(_searched_page, build, analysis.diagnostics)
    rendered: dict[str, Parts] = {}
    for made in stream_all_with(render_one, chosen, all_plan_wide, _finish_searched(finish), local=_assets(build)):
        if isinstance(made, SearchedPage):
            rendered[made.output.path] = made.search
            made = made.output
        yield made
    yield _search_index(build, rendered)


def _assets(build: SiteBuild) -> Iterator[Output]:
    """The theme's files, read when first asked for (while the page workers run)."""
    yield from theme_asset_outputs(build.theme, build.override_dir)
