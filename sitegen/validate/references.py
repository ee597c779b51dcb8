"""Cross-file rules: unique ids, resolvable references, dates and periods, valuable goals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from sitegen.diagnostics import Diagnostic, Location, error, suggest
from sitegen.model.kinds import KINDS, BudgetLine, FunnelSection, Goal, SwotSection
from sitegen.model.plan import GoalLinks, Identified, Placed, Plan, Section, by_namespace
from sitegen.translation import N_, Message
from sitegen.validate.paths import check_page_paths


def known_ids(plan: Plan) -> dict[str, set[str]]:
    ids = {ns: {p.item.id for p in items} for ns, items in by_namespace(plan).items()}
    ids["funnel"] = {f.section.id for f in plan.funnels}
    return ids


def _here(where: Location) -> str:
    return f"{where.path}:{where.line}"


def _section_where(section: Section) -> Location:
    return section.at(("id",)) if section.data.id else section.at()


def check_unique(plan: Plan) -> Iterator[Diagnostic]:
    """Each id once per namespace; locations are looked up only for repeated ids.

    Two entries at the same place (path and line) count as one.
    """
    seen: dict[tuple[str, str], str] = {}
    first_section: dict[str, Section] = {}
    for section in plan.sections:
        first = first_section.setdefault(section.id, section)
        if first is not section:
            where = _section_where(section)
            before = _here(_section_where(first))
            if before != _here(where):
                yield error(where, "duplicate-id", N_("duplicate section id '%(id)s' (also used at %(before)s)",
                                                      id=section.id, before=before))
    yield from check_page_paths(plan)
    for ns, items in by_namespace(plan).items():
        firsts: dict[str, Placed[Identified]] = {}
        for placed in items:
            first_placed = firsts.setdefault(placed.item.id, placed)
            if first_placed is placed:
                continue
            where = placed.at("id")
            before = seen.setdefault((ns, placed.item.id), _here(first_placed.at("id")))
            if before != _here(where):
                yield error(where, "duplicate-id", N_("duplicate %(ns)s id '%(id)s' (also defined at %(before)s)",
                                                      ns=NOUNS.get(ns, ns), id=placed.item.id, before=before))


# The namespaces of ids, as the English messages name them
NOUNS = {
    "segment": N_("segment"), "product": N_("product"), "goal": N_("goal"), "funnel": N_("funnel"),
    "team": N_("team"), "campaign": N_("campaign"), "territory": N_("territory"),
    "competitor": N_("competitor"),
}


def unknown(ns: str, ref: str, known: Iterable[str]) -> Message:
    """``unknown goal 'x' (did you mean 'y'?)``"""
    return N_("unknown %(ns)s '%(ref)s'%(suggestion)s", ns=NOUNS.get(ns, ns), ref=ref, suggestion=suggest(ref, known))


def unknown_stage(stage: str, funnel: str, stages: Iterable[str]) -> Message:
    return N_("unknown stage '%(stage)s' in funnel '%(funnel)s'%(suggestion)s", stage=stage, funnel=funnel,
              suggestion=suggest(stage, stages))


def _refs(placed: Placed, fields: dict[str, str]) -> Iterator[tuple[str, str, str, int | str]]:
    """(namespace, id, field, index-or-'') for every reference an item makes."""
    for name, ns in fields.items():
        value = getattr(placed.item, name)
        if isinstance(value, tuple):
            for index, one in enumerate(value):
                yield ns, one, name, index
        elif value is not None:
            yield ns, value, name, ""


_REFERENCES: dict[str, dict[str, str]] = {
    "segments": {"parent": "segment"},
    "products": {"segments": "segment", "includes": "product"},
    "goals": {"segment": "segment", "product": "product", "funnel": "funnel"},
    "campaigns": {"segment": "segment", "goal": "goal"},
    "budget_lines": {"territory": "territory", "team": "team"},
    "actuals": {"goal": "goal"},
}


# section kind → the namespaces of the ids it defines
DEFINES = {
    "segments": ("segment",), "offer": ("product",), "goals": ("goal",), "funnel": ("funnel",),
    "resources": ("team",), "campaigns": ("campaign",), "territories": ("territory",),
    "positioning": ("competitor",),
}


def unchecked_namespaces(unreadable: dict[str, str | None]) -> dict[str, tuple[str, ...]]:
    """For each namespace, the unreadable files that may define its ids (any, when a file's
    kind cannot be told): a reference into it waits until they are fixed."""
    every = tuple({ns for spaces in DEFINES.values() for ns in spaces})
    found: dict[str, tuple[str, ...]] = {}
    for rel, kind in unreadable.items():
        for ns in DEFINES.get(kind, ()) if kind in KINDS else every:
            found[ns] = (*found.get(ns, ()), rel)
    return found


def check_references(plan: Plan, known: dict[str, set[str]], broken: set[tuple[str, str]],
                     unchecked: dict[str, tuple[str, ...]] | None = None,
                     skipped: dict[str, int] | None = None) -> Iterator[Diagnostic]:
    """Broken files' ids count as existing (no cascade) and as suggestions. A reference into a
    namespace an unreadable file may define (`unchecked`) is not reported but counted in
    `skipped` under that file: one YAML typo must not bury itself under "unknown id" errors."""
    unchecked = unchecked or {}
    ids = {ns: found | {i for n, i in broken if n == ns} for ns, found in known.items()}
    for attr, fields in _REFERENCES.items():
        of_type: dict[type, dict[str, str]] = {}  # the fields each item type has, looked up once
        for placed in getattr(plan, attr):
            fields_here = of_type.get(type(placed.item))
            if fields_here is None:
                fields_here = of_type[type(placed.item)] = {k: v for k, v in fields.items() if hasattr(placed.item, k)}
            item = placed.item
            for field, space in fields_here.items():  # plain values checked inline: every item runs this
                value = getattr(item, field)
                if value is None or (type(value) is not tuple and value in ids[space]):
                    continue
                for ns, ref, name, position in _refs(placed, {field: space}):
                    if ref not in ids[ns] and ns in unchecked:
                        _skip(skipped, unchecked[ns])
                    elif ref not in ids[ns]:
                        where = placed.at(name) if position == "" else placed.section.at((*placed.path, name, position))
                        yield error(where, "unknown-ref", unknown(ns, ref, ids[ns]))
    for funnel in plan.funnels:
        data = funnel.item
        if data.segment and data.segment not in ids["segment"] and "segment" in unchecked:
            _skip(skipped, unchecked["segment"])
        elif data.segment and data.segment not in ids["segment"]:
            yield error(funnel.at("segment"), "unknown-ref", unknown("segment", data.segment, ids["segment"]))
        stages = {s.id for s in data.stages} | {i for n, i in broken if n == f"stage:{funnel.section.id}"}
        for index, activity in enumerate(data.activities):
            path = funnel.section.item_path("activities", index)
            if activity.stage not in stages:
                yield error(funnel.section.at((*path, "stage")), "unknown-ref", unknown_stage(activity.stage, funnel.section.id, stages))
            if activity.role and activity.role not in ids["team"] and "team" in unchecked:
                _skip(skipped, unchecked["team"])
            elif activity.role and activity.role not in ids["team"]:
                yield error(funnel.section.at((*path, "role")), "unknown-ref", unknown("team", activity.role, ids["team"]))
    for section in plan.sections:
        subject = section.data.subject if isinstance(section.data, SwotSection) else "us"
        if subject != "us" and subject not in ids["competitor"]:
            yield error(section.at(("subject",)), "unknown-ref", unknown("competitor", subject, [*ids["competitor"], "us"]))


def _skip(skipped: dict[str, int] | None, files: tuple[str, ...]) -> None:
    if skipped is not None:
        for rel in files:
            skipped[rel] = skipped.get(rel, 0) + 1


def _inside(plan: Plan, dated: Iterable[Placed[Goal | BudgetLine]]) -> Iterator[Diagnostic]:
    span = plan.settings.period
    for placed in dated:
        period = placed.item.period
        if period is not None and not (span.start <= period.start and period.end <= span.end):
            dates = f" ({period.dates})" if period.fiscal else ""
            yield error(placed.at("period"), "period", N_("period %(period)s%(dates)s lies outside the plan period %(start)s – %(end)s",
                                                      period=str(period), dates=dates, start=str(span.start), end=str(span.end)))


def check_dates(plan: Plan) -> Iterator[Diagnostic]:
    span = plan.settings.period
    yield from _inside(plan, plan.goals)
    yield from _inside(plan, plan.budget_lines)
    for placed in plan.campaigns:
        c = placed.item
        if c.end < c.start:
            yield error(placed.at("end"), "date-order", N_("campaign '%(id)s' ends (%(end)s) before it starts (%(start)s)",
                                                           id=c.id, end=str(c.end), start=str(c.start)))
        for name, day in (("start", c.start), ("end", c.end)):
            if not span.start <= day <= span.end:
                yield error(placed.at(name), "period", N_("%(field)s %(day)s lies outside the plan period %(start)s – %(end)s",
                                                          field=name, day=str(day), start=str(span.start), end=str(span.end)))


def check_funnels(plan: Plan) -> Iterator[Diagnostic]:
    by_segment: dict[str | None, Placed[FunnelSection]] = {}
    for funnel in plan.funnels:
        key = funnel.item.segment
        if key in by_segment:
            first = by_segment[key].section.path
            what = (N_("more than one default funnel (no 'segment')") if key is None
                    else N_("more than one funnel for segment '%(segment)s'", segment=key))
            yield error(funnel.at("segment") if key else funnel.at(), "default-funnel", N_(
                "%(what)s: also %(first)s; give this one a 'segment' or name it from the goals with 'funnel:'",
                what=what, first=first))
        by_segment.setdefault(key, funnel)
        seen: dict[str, int] = {}
        for index, stage in enumerate(funnel.item.stages):
            where = funnel.section.at((*funnel.section.item_path("stages", index), "id"))
            if stage.id in seen:
                msg = N_("duplicate stage id '%(stage)s' in funnel '%(funnel)s' (also defined at %(before)s)",
                         stage=stage.id, funnel=funnel.section.id, before=f"{where.path}:{seen[stage.id]}")
                yield error(where, "duplicate-id", msg)
            seen.setdefault(stage.id, where.line)
            if stage.conversion == 0:
                yield error(funnel.section.at((*funnel.section.item_path("stages", index), "conversion")), "range",
                            N_("stage '%(stage)s' converts 0%%: no target could ever be reached; use a rate above 0", stage=stage.id))
        yield from _check_overall_conversion(funnel)


# A won deal may need at most a billion entries at the top stage (docs/plan-format.md §5).
MIN_OVERALL_CONVERSION = Decimal(10) ** -9


def _check_overall_conversion(funnel: Placed[FunnelSection]) -> Iterator[Diagnostic]:
    """Conversions so small together that they are a typo (0.000001 for 0.1%): refused, since
    every figure computed from them (leads, hours, capacity) would be astronomical."""
    overall = Decimal(1)
    for index, stage in enumerate(funnel.item.stages):
        overall *= stage.conversion
        if overall == 0:
            return  # a stage converting 0% is reported on its own
        if overall < MIN_OVERALL_CONVERSION:
            where = funnel.section.at((*funnel.section.item_path("stages", index), "conversion"))
            yield error(
                where, "range",
                N_("funnel '%(funnel)s' converts less than one in 1,000,000,000 by stage '%(stage)s'"
                   " (conversions multiply from stage to stage); check the rates: 0.35 and \"35%%\" both mean 35%%",
                   funnel=funnel.section.id, stage=stage.id),
            )
            return


def check_goal_values(plan: Plan) -> Iterator[Diagnostic]:
    lookups = GoalLinks(plan)
    for placed in plan.goals:
        goal = placed.item
        if goal.metric not in ("revenue", "profit"):
            continue
        product = lookups.product(goal)
        funnel = lookups.funnel(goal)
        if (goal.product and product is None) or (goal.funnel and funnel is None):
            continue  # already an unknown-ref error; "cannot be valued" would only repeat it
        if goal.metric == "profit":
            if product is None:
                yield error(placed.at("metric"), "goal-value", N_(
                    "profit goal '%(goal)s' needs a 'product' with a margin to be valued", goal=goal.id))
            elif product.margin is None or product.margin == 0:
                yield error(placed.at("product"), "goal-value", N_(
                    "profit goal '%(goal)s': product '%(product)s' has no margin; add 'margin:' to it",
                    goal=goal.id, product=product.id))
        elif product is None and (funnel is None or not funnel.item.deal_size):
            hint = (N_("give funnel '%(funnel)s' a 'deal_size:' above 0", funnel=funnel.section.id) if funnel
                    else N_("add a funnel with 'deal_size:'"))
            yield error(placed.at("target"), "goal-value", N_(
                "revenue goal '%(goal)s' cannot be valued: name a 'product', or %(hint)s", goal=goal.id, hint=hint))
        if product is not None and product.price == 0:
            yield error(placed.at("product"), "goal-value", N_(
                "goal '%(goal)s': product '%(product)s' has price 0", goal=goal.id, product=product.id))
