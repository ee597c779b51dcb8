"""Cross-file rules: unique ids, resolvable references, dates and periods, valuable goals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from sitegen.diagnostics import Diagnostic, error, suggest
from sitegen.model.kinds import KINDS
from sitegen.model.plan import GoalLinks, Placed, Plan
from sitegen.validate.paths import check_page_paths

NAMESPACE_OF = {
    "segments": "segment",
    "products": "product",
    "goals": "goal",
    "team": "team",
    "campaigns": "campaign",
    "territories": "territory",
    "competitors": "competitor",
}


def known_ids(plan: Plan) -> dict[str, set[str]]:
    ids = {ns: {p.item.id for p in getattr(plan, attr)} for attr, ns in NAMESPACE_OF.items()}
    ids["funnel"] = {f.section.id for f in plan.funnels}
    return ids


def _here(where) -> str:
    return f"{where.path}:{where.line}"


def _section_where(section):
    return section.at(("id",)) if section.data.id else section.at()


def check_unique(plan: Plan) -> Iterator[Diagnostic]:
    """Each id once per namespace; locations are looked up only for repeated ids.

    Two entries at the same place (path and line) count as one.
    """
    seen: dict[tuple[str, str], str] = {}
    first_section: dict[str, object] = {}
    for section in plan.sections:
        first = first_section.setdefault(section.id, section)
        if first is not section:
            where = _section_where(section)
            before = _here(_section_where(first))
            if before != _here(where):
                yield error(where, "duplicate-id", f"duplicate section id '{section.id}' (also used at {before})")
    yield from check_page_paths(plan)
    for attr, ns in NAMESPACE_OF.items():
        firsts: dict[str, Placed] = {}
        for placed in getattr(plan, attr):
            first = firsts.setdefault(placed.item.id, placed)
            if first is placed:
                continue
            where = placed.at("id")
            before = seen.setdefault((ns, placed.item.id), _here(first.at("id")))
            if before != _here(where):
                yield error(where, "duplicate-id", f"duplicate {ns} id '{placed.item.id}' (also defined at {before})")


def _refs(placed: Placed, fields: dict[str, str]) -> Iterator[tuple[str, str, str | int, str]]:
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
                for ns, ref, name, index in _refs(placed, {field: space}):
                    if ref not in ids[ns] and ns in unchecked:
                        _skip(skipped, unchecked[ns])
                    elif ref not in ids[ns]:
                        where = placed.at(name) if index == "" else placed.section.at((*placed.path, name, index))
                        yield error(where, "unknown-ref", f"unknown {ns} '{ref}'{suggest(ref, ids[ns])}")
    for funnel in plan.funnels:
        data = funnel.item
        if data.segment and data.segment not in ids["segment"] and "segment" in unchecked:
            _skip(skipped, unchecked["segment"])
        elif data.segment and data.segment not in ids["segment"]:
            yield error(funnel.at("segment"), "unknown-ref", f"unknown segment '{data.segment}'{suggest(data.segment, ids['segment'])}")
        stages = {s.id for s in data.stages} | {i for n, i in broken if n == f"stage:{funnel.section.id}"}
        for index, activity in enumerate(data.activities):
            path = funnel.section.item_path("activities", index)
            if activity.stage not in stages:
                yield error(funnel.section.at((*path, "stage")), "unknown-ref", f"unknown stage '{activity.stage}' in funnel '{funnel.section.id}'{suggest(activity.stage, stages)}")
            if activity.role and activity.role not in ids["team"] and "team" in unchecked:
                _skip(skipped, unchecked["team"])
            elif activity.role and activity.role not in ids["team"]:
                yield error(funnel.section.at((*path, "role")), "unknown-ref", f"unknown team '{activity.role}'{suggest(activity.role, ids['team'])}")
    for section in plan.sections:
        subject = getattr(section.data, "subject", "us") if section.kind == "swot" else "us"
        if subject != "us" and subject not in ids["competitor"]:
            yield error(section.at(("subject",)), "unknown-ref", f"unknown competitor '{subject}'{suggest(subject, [*ids['competitor'], 'us'])}")


def _skip(skipped: dict[str, int] | None, files: tuple[str, ...]) -> None:
    if skipped is not None:
        for rel in files:
            skipped[rel] = skipped.get(rel, 0) + 1


def _inside(plan: Plan, placed_period: Iterable[tuple[Placed, str]]) -> Iterator[Diagnostic]:
    span = plan.settings.period
    for placed, name in placed_period:
        period = getattr(placed.item, name)
        if period is not None and not (span.start <= period.start and period.end <= span.end):
            dates = f" ({period.dates})" if period.fiscal else ""
            yield error(placed.at(name), "period", f"period {period}{dates} lies outside the plan period {span.start} – {span.end}")


def check_dates(plan: Plan) -> Iterator[Diagnostic]:
    span = plan.settings.period
    yield from _inside(plan, [(g, "period") for g in plan.goals])
    yield from _inside(plan, [(b, "period") for b in plan.budget_lines])
    for placed in plan.campaigns:
        c = placed.item
        if c.end < c.start:
            yield error(placed.at("end"), "date-order", f"campaign '{c.id}' ends ({c.end}) before it starts ({c.start})")
        for name in ("start", "end"):
            day = getattr(c, name)
            if not span.start <= day <= span.end:
                yield error(placed.at(name), "period", f"{name} {day} lies outside the plan period {span.start} – {span.end}")


def check_funnels(plan: Plan) -> Iterator[Diagnostic]:
    by_segment: dict[str | None, Placed] = {}
    for funnel in plan.funnels:
        key = funnel.item.segment
        if key in by_segment:
            first = by_segment[key].section.path
            what = "more than one default funnel (no 'segment')" if key is None else f"more than one funnel for segment '{key}'"
            yield error(funnel.at("segment") if key else funnel.at(), "default-funnel", f"{what}: also {first}; give this one a 'segment' or name it from the goals with 'funnel:'")
        by_segment.setdefault(key, funnel)
        seen: dict[str, int] = {}
        for index, stage in enumerate(funnel.item.stages):
            where = funnel.section.at((*funnel.section.item_path("stages", index), "id"))
            if stage.id in seen:
                msg = f"duplicate stage id '{stage.id}' in funnel '{funnel.section.id}' (also defined at {where.path}:{seen[stage.id]})"
                yield error(where, "duplicate-id", msg)
            seen.setdefault(stage.id, where.line)
            if stage.conversion == 0:
                yield error(funnel.section.at((*funnel.section.item_path("stages", index), "conversion")), "range", f"stage '{stage.id}' converts 0%: no target could ever be reached; use a rate above 0")
        yield from _check_overall_conversion(funnel)


# A won deal may need at most a billion entries at the top stage (docs/plan-format.md §5).
MIN_OVERALL_CONVERSION = Decimal(10) ** -9


def _check_overall_conversion(funnel: Placed) -> Iterator[Diagnostic]:
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
                f"funnel '{funnel.section.id}' converts less than one in 1,000,000,000 by stage '{stage.id}'"
                " (conversions multiply from stage to stage); check the rates: 0.35 and \"35%\" both mean 35%",
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
                yield error(placed.at("metric"), "goal-value", f"profit goal '{goal.id}' needs a 'product' with a margin to be valued")
            elif product.margin is None or product.margin == 0:
                yield error(placed.at("product"), "goal-value", f"profit goal '{goal.id}': product '{product.id}' has no margin; add 'margin:' to it")
        elif product is None and (funnel is None or not funnel.item.deal_size):
            hint = f"give funnel '{funnel.section.id}' a 'deal_size:' above 0" if funnel else "add a funnel with 'deal_size:'"
            yield error(placed.at("target"), "goal-value", f"revenue goal '{goal.id}' cannot be valued: name a 'product', or {hint}")
        if product is not None and product.price == 0:
            yield error(placed.at("product"), "goal-value", f"goal '{goal.id}': product '{product.id}' has price 0")
