"""The whole site of an analysed plan: `build_site`, the one way pages are made.

`build_site(analysis, history, comparison)` is pure: it yields every file of
the site as an `Output` and writes nothing (`sitegen build` writes them all,
`serve` only those whose bytes changed). It builds ONE Jinja environment and
one `SiteBuild` (navigation, plan-wide indexes, diagnostic targets), then
renders each page from it. Output is a function of the input only: no clock,
no randomness. With a `RenderCache` (`serve`), an output whose inputs are
those of last time is taken from the cache instead of rendered again.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from sitegen.model.history import SectionView, SiteHistory
from sitegen.model.plan import Section
from sitegen.site.engine.assets import theme_asset_outputs
from sitegen.site.engine.environment import build_environment, render_page_template
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import Translator
from sitegen.site.engine.markdown import RenderedMarkdown, render_with_toc
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import PageInfo, Site, Versions
from sitegen.site.engine.parallel import render_parallel, warm_before_fork
from sitegen.site.engine.themes import user_theme_dir
from sitegen.site.engine.urls import INDEX_PAGE, SCENARIOS_PAGE, page_path, relative_url
from sitegen.site.inputs import Analysed, analysed_plan
from sitegen.site.nav.prune import NavPruner
from sitegen.site.nav.tree import NavEntry, NavNode, build_nav
from sitegen.site.pages.history import Comparison
from sitegen.site.pages.report import (
    REPORT_PAGE,
    ReportPart,
    bare_layout,
    part_name,
    render_report,
    report_article,
    report_part,
    section_anchor,
)
from sitegen.site.pages.scope import Scope, Translate, make_scope
from sitegen.site.pages.search import prose_parts, search_index_output, section_rows
from sitegen.site.pages.sections import kind_context, load_kinds, template_for, without_title
from sitegen.site.pages.targets import section_targets

if TYPE_CHECKING:
    from sitegen.site.cache import RenderCache


T = TypeVar("T")

__all__ = ["SiteBuild", "build_site", "prepare_site", "render_section"]

CALENDAR_PAGE = "calendar.html"
HISTORY_PAGE = "history.html"
CHANGES_PAGE = "changes.html"
# Above this many pages every page would repeat the whole tree (quadratic build
# time, half-megabyte pages): the sidebar then opens only the current branch.
FULL_NAV_LIMIT = 150


@dataclass(frozen=True)
class SiteBuild:
    """Everything shared by the pages of one build, made once."""

    env: jinja2.Environment
    site: Site
    scope: Scope
    sections: tuple[Section, ...]
    pages: Mapping[str, str]  # section rel path → its page path
    targets: Mapping[str, str]  # diagnostic path → page path
    history: Mapping[str, SectionView]  # section id → its history (`SiteHistory.sections`)
    override_dir: Path | None
    theme: str | None
    pruner: NavPruner | None = None
    bare: jinja2.Environment | None = None  # `bare_env` as `serve`'s render cache keeps it

    def site_for(self, current: str) -> Site:
        """The site facts with the sidebar this page shows."""
        if self.pruner is None:
            return self.site
        return dataclasses.replace(self.site, nav=self.pruner.for_page(current))

    @cached_property
    def bare_env(self) -> jinja2.Environment:
        """`env` with a bare layout: the board pack's article of a section, under a theme whose
        base.html has no `<main>` to cut it from (`report.report_article`)."""
        return self.bare if self.bare is not None else bare_layout(self.env)

    @cached_property
    def report_anchors(self) -> Mapping[str, str]:
        """Site path of each section page → the id of its part in the board pack (every
        section's part needs all of them: made once per build)."""
        return {self.pages[s.rel]: section_anchor(s) for s in self.sections}


def _site_links(t: Translate, compare_to: str | None, with_scenarios: bool = False, with_review: bool = False) -> tuple[NavNode, ...]:
    """The fixed entries above the sections: dashboard, review (§8, with actuals), calendar, scenarios (§9),
    history, what changed."""
    links = [NavNode(t("page.dashboard"), INDEX_PAGE)]
    if with_review:
        links.append(NavNode(t("review.title"), "review.html"))
    links.append(NavNode(t("page.calendar"), CALENDAR_PAGE))
    links.append(NavNode(t("page.report"), REPORT_PAGE))
    if with_scenarios:
        links.append(NavNode(t("page.scenarios"), SCENARIOS_PAGE))
    links.append(NavNode(t("history.title"), HISTORY_PAGE))
    if compare_to:
        links.append(NavNode(t("page.changes"), CHANGES_PAGE))
    return tuple(links)


def prepare_site(
    analysis: Analysed, history: SiteHistory | None = None, *, compare_to: str | None = None,
    env: jinja2.Environment | None = None, versions: Versions | None = None, cache: RenderCache | None = None,
) -> SiteBuild:
    """The shared part of a build: environment, site facts, navigation, indexes.

    `compare_to`: the ref the plan is compared with (see `Comparison`) adds the "What changed" link.
    `env` reuses a Jinja environment made by `build_environment` with this
    plan's language, currency and theme (`serve` keeps its templates warm).
    `versions`: the version menu of a `build --versions` site. `cache`: keeps the
    sidebar tree and its pruned copies while the sections' titles and order are the same.
    """
    plan, computed = analysed_plan(analysis)
    root = analysis.sources.root
    override = user_theme_dir(Path(root)) if root is not None else None
    theme = plan.settings.theme
    # a one-shot environment: templates do not change during the build, so Jinja need not
    # check each template file's modification time on every page (`serve` keeps its own)
    env = env or build_environment(computed.language, computed.currency, theme=theme, override_dir=override,
                                   auto_reload=False)
    t, fmt = cast(Translator, env.globals["t"]), cast(Formatter, env.globals["fmt"])
    sections = tuple(s for s in plan.sections)
    pages = {s.rel: page_path(s.id) for s in sections}
    entries = (tuple(NavEntry(s.rel, s.title, pages[s.rel], s.data.order) for s in sections))
    nav = cache.nav(entries) if cache is not None else build_nav(entries)
    downloads = ((t("site.download_json"), "plan.json"), (t("site.download_calendar"), "calendar.ics"))
    site = Site(
        computed.title, computed.language, computed.period[0], computed.period[1], computed.organization,
        links=_site_links(t, compare_to, bool(computed.scenarios),
                          any(g.actual is not None for g in computed.goals)), nav=nav, downloads=downloads,
        versions=versions.links if versions else (), previous_version=versions.previous if versions else None,
    )
    views = history.sections if history is not None else {}
    pruner = None
    if len(sections) > FULL_NAV_LIMIT:
        pruner = cache.pruner(nav, NavPruner) if cache is not None else NavPruner(nav)
        site = dataclasses.replace(site, nav=pruner.for_page(INDEX_PAGE))  # other pages: top level only
    if cache is not None:  # the same scope and site objects while the plan's figures are the same
        items = tuple(getattr(plan, f.name) for f in dataclasses.fields(plan) if f.name != "sections")
        scope = cache.same("scope", (computed, t, fmt, *items), lambda: make_scope(plan, computed, t, fmt, cache))
        site = cache.equal("site", site)
    else:
        scope = make_scope(plan, computed, t, fmt)
    bare = cache.same("bare layout", (env,), partial(bare_layout, env)) if cache is not None else None
    return SiteBuild(env, site, scope, sections, pages,
                     section_targets(sections), views, override, theme, pruner, bare)


def _link_resolver(section: Section, current: str, pages: Mapping[str, str]) -> Callable[[str], str | None]:
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


def _history_of(build: SiteBuild, section: Section) -> SectionView | None:
    return build.history.get(section.id) or build.history.get(section.rel)


def section_prose(build: SiteBuild, section: Section) -> RenderedMarkdown:
    """The section's Markdown as its page shows it (links to other sections resolved, an opening
    heading that repeats the title left to the page's own)."""
    prose = render_with_toc(section.body, _link_resolver(section, build.pages[section.rel], build.pages))
    return without_title(prose, section.title)


def render_section(build: SiteBuild, section: Section, warnings: Sequence[Any] = (),
                   scope: Any = None, prose: RenderedMarkdown | None = None) -> Output:
    """One section page: prose, its kind's data, its warnings, owner/status/history.

    `scope`: what the kind's context reads the plan-wide facts through
    (`build.scope`, or a stand-in recording the reads, see `reads`); `prose`:
    `section_prose`, when the caller rendered it already."""
    current = build.pages[section.rel]
    history = _history_of(build, section)
    prose = prose or section_prose(build, section)
    page = PageInfo(
        section.title, section.kind, section.data.owner, section.data.status,
        Markup(prose.html), prose.toc, history, section.path,
    )
    template = build.env.select_template(template_for(section.kind))
    html = render_page_template(template, site=build.site_for(current), current_path=current, page=page,
                                warnings=list(warnings), changes=tuple(getattr(history, "changes", ()) or ()),
                                **kind_context(section, build.scope if scope is None else scope))
    return Output.text(current, html)


def _cached_section(cache: RenderCache, build: SiteBuild, section: Section, warnings: Sequence[Any]) -> Output:
    """The section page from `cache` while what it is rendered from is what it was last time:
    its file, warnings, history and sidebar, and what its context read of the scope."""
    current = build.pages[section.rel]
    history = _history_of(build, section)
    nav = build.pruner.for_page(current) if build.pruner is not None else None

    def key() -> list[bytes | None]:
        own = cache.file_digest(section.rel)
        return [cache.digest(section) if own is None else own + section.rel.encode() + section.path.encode(),
                cache.digest(history), cache.digest(warnings), cache.digest(build.site), cache.digest(nav)]

    objects = (section, history, warnings, build.site, nav, build.env)
    return cache.reading(current, objects, key, build.scope, partial(render_section, build, section, warnings))


class SectionOutputs(NamedTuple):
    """A section page and what the search index and the board pack take from it, made where the
    page is rendered (a page worker in `build`) and travelling back in their final form: the
    index's rows as its bytes (`section_rows`), the board pack's part cut from the page
    (`report_article`). After the last page the index and the board pack only join them, and
    neither renders a section again."""

    output: Any  # the Output, or what the build's `finish` made of it in the worker
    rows: bytes
    part: ReportPart
    path: str  # the page's path in its site: `finish` may move the output (a version's `TAG/`)


def _finish_section(finish: Callable[[Output], Any] | None) -> Callable[[Any], Any] | None:
    """`finish` for the outputs a worker makes: a page's, keeping its rows and part beside."""
    if finish is None:
        return None
    return lambda made: made._replace(output=finish(made.output)) if isinstance(made, SectionOutputs) else finish(made)


def _warnings(diagnostics: Sequence[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for d in diagnostics:
        found.setdefault(d.path, []).append(d)
    return found


def _plan_facts(analysis: Analysed, build: SiteBuild) -> tuple:
    """What the plan-wide pages are made from: everything the analysis holds but the sections'
    prose (which only their own pages and the search index show)."""
    plan, computed = analysed_plan(analysis)
    items = tuple(getattr(plan, f.name) for f in dataclasses.fields(plan) if f.name not in ("sections", "settings_marks"))
    heads = tuple(part for s in build.sections for part in (s.rel, s.path, s.id, s.data))  # one digest, not 1,000
    return computed, analysis.diagnostics, build.site, items, heads


def _plan_wide(analysis: Analysed, build: SiteBuild, history: SiteHistory, comparison: Comparison,
               cache: RenderCache | None) -> list[Output]:
    """plan.json, the dashboard, review, scenarios, calendar and history pages (without `cache` a
    worker makes these while the others render the section pages; their modules are imported
    there)."""
    from sitegen.site.pages.calendar import calendar_outputs
    from sitegen.site.pages.dashboard import render_dashboard
    from sitegen.site.pages.history import history_outputs
    from sitegen.site.pages.planjson import plan_json
    from sitegen.site.pages.review import review_outputs
    from sitegen.site.pages.scenarios import render_scenarios

    plan, computed = analysed_plan(analysis)

    def pages() -> list[Output]:
        return [render_dashboard(build, analysis.diagnostics), *render_scenarios(build, analysis.diagnostics),
                *review_outputs(build, cache.made if cache is not None else None)]

    def history_pages() -> list[Output]:
        return history_outputs(plan.settings, build.env, build.site, history,
                               comparison.ref, comparison.diff, comparison.numbers)

    if cache is None:
        json = plan_json(computed, analysis.diagnostics)
        return [Output("plan.json", json), *pages(), *calendar_outputs(build),
                *history_pages()]
    facts = _plan_facts(analysis, build)
    json = cache.made("plan.json", facts[:2], lambda: plan_json(
        computed, analysis.diagnostics, cache.json_fragments, cache.digest))
    return [Output("plan.json", json), *cache.made("pages", facts, pages),
            *calendar_outputs(build, partial(cache.scoped, build)),
            *cache.made("history", (plan.settings, history, build.site, comparison), history_pages)]


def build_site(analysis: Analysed, history: SiteHistory | None = None, comparison: Comparison | None = None, *,
               env: jinja2.Environment | None = None, versions: Versions | None = None,
               cache: RenderCache | None = None, finish: Any = None) -> Iterator[Any]:
    """Every file of the site of an analysed plan that has no errors, in no set order.

    `history`: the plan's `SiteHistory` (None: no git history); `comparison`: what
    the "What changed" and commit pages show (`Comparison`), both read by the command;
    `env`: a Jinja environment for this plan's language, currency and theme (`serve`
    keeps one warm); `versions`: the version menu of a `build --versions` site.

    Without `cache` the section pages are rendered on forked workers when it pays
    (`render_parallel`); `finish` is then applied to each output in the worker that
    made it (`sitegen build` passes `Staging.put`: workers write their own files) and
    its result is yielded instead. With `cache` (`serve`) everything is made here,
    and only what changed is rendered again (see `sitegen.site.cache`).
    """
    comparison = comparison or Comparison()
    history = history or SiteHistory({}, (), False, False)
    build = prepare_site(analysis, history, compare_to=comparison.ref, env=env, versions=versions, cache=cache)
    diagnostics = analysis.diagnostics
    warnings = cache.same("warnings", (diagnostics,), lambda: _warnings(diagnostics)) if cache else _warnings(diagnostics)
    rows: dict[str, bytes] = {}  # page path → its section's rows of the search index
    parts: dict[str, ReportPart] = {}  # page path → its section's part of the board pack
    if cache is None:
        warm_before_fork(build.env, {tuple(template_for(s.kind)) for s in build.sections})
        load_kinds(s.kind for s in build.sections)
        plan_wide = partial(_plan_wide, analysis, build, history, comparison, None)
        for made in render_parallel(partial(_section_outputs, build, warnings), build.sections, plan_wide,
                                    _finish_section(finish), local=_assets(build)):
            if isinstance(made, SectionOutputs):
                rows[made.path], parts[made.path] = made.rows, made.part
                made = made.output
            yield made
    else:
        computed = analysed_plan(analysis)[1]
        cache.start((computed.language, computed.currency, build.theme, build.override_dir,
                     tuple(sorted(build.pages.items()))), analysis.sources.files)
        yield from cache.made("assets", (build.theme, build.override_dir),
                              partial(theme_asset_outputs, build.theme, build.override_dir))
        yield from _plan_wide(analysis, build, history, comparison, cache)
        for section in build.sections:
            page = _cached_section(cache, build, section, warnings.get(section.path, ()))
            parts[page.path] = cache.same(part_name(section.rel), (page, section), partial(_part, build, section, page))
            # kept while the section is the very section of last time
            rows[page.path] = cache.same(f"search:{section.rel}", (section,), partial(section_rows, section, page.path))
            yield page
    yield search_index_output((rows[build.pages[s.rel]] for s in build.sections), build.site.language)
    yield render_report(build, diagnostics, parts, cache)
    if cache is not None:
        cache.finish()


def _section_outputs(build: SiteBuild, warnings: Mapping[str, Sequence[Any]], section: Section) -> SectionOutputs:
    """A section page with its rows of the search index and its part of the board pack (what a
    page worker makes of a section)."""
    prose = section_prose(build, section)
    page = render_section(build, section, warnings.get(section.path, ()), prose=prose)
    rows = section_rows(section, page.path, prose_parts(prose.html))
    return SectionOutputs(page, rows, _part(build, section, page), page.path)


def _part(build: SiteBuild, section: Section, page: Output) -> ReportPart:
    """A section's part of the board pack, from its page (decoded only when the part is made
    again: a prose save keeps 999 of 1,000, and decoding every page cost ~40 ms a save)."""
    return report_part(section, report_article(build, section, page.content.decode("utf-8"), _link_resolver))


def _assets(build: SiteBuild) -> Iterator[Output]:
    """The theme's files, read when first asked for (while the page workers run)."""
    yield from theme_asset_outputs(build.theme, build.override_dir)
