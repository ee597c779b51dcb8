"""Cross-file rules: unique ids, resolvable references, dates and periods, valuable goals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitegen.diagnostics import Diagnostic, error, suggest
from sitegen.model.kinds import KINDS
from sitegen.model.plan import GoalLinks, Placed, Plan

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


# Pages the site itself writes: a section must not take their place.
RESERVED_PAGES = ("index.html", "calendar.html", "changes.html")


def check_page_paths(plan: Plan) -> Iterator[Diagnostic]:
    """Two sections (or a section and a site page) whose pages would be one file.

    Case-insensitive, because the published site may live on a case-insensitive
    file system (macOS, Windows, many web servers) where `Goals.html` is `goals.html`.
    Identical ids are left to the duplicate-id check.
    """
    taken: dict[str, tuple[str, object]] = {}
    for section in plan.sections:
        page = section.id.strip("/") + ".html"
        if page.casefold() in RESERVED_PAGES:
            yield error(
                _section_where(section), "path-clash",
                f"section '{section.id}' would be written to '{page}', a page the site writes itself;"
                " give it another id or file name",
            )
            continue
        first_page, first = taken.setdefault(page.casefold(), (page, section))
        if first_page != page:
            yield error(
                _section_where(section), "path-clash",
                f"section '{section.id}' would be written to the same page as the section at {_here(_section_where(first))}"
                " (page names are compared ignoring case); rename one of them",
            )


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
