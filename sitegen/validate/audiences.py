"""Audiences in plan.yaml (PLAN_FORMAT §10): ids unique, references resolvable, each sees a goal."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.audience import matching_sections, visible_ids
from sitegen.diagnostics import Diagnostic, error, warning
from sitegen.model.plan import Plan
from sitegen.translation import N_
from sitegen.validate.references import unknown


def check_audiences(plan: Plan) -> Iterator[Diagnostic]:
    known = {
        "segments": ("segment", {p.item.id for p in plan.segments}),
        "territories": ("territory", {p.item.id for p in plan.territories}),
    }
    seen: dict[str, int] = {}
    rels = tuple(s.rel for s in plan.sections)
    for i, audience in enumerate(plan.settings.audiences):
        if audience.id in seen:
            yield error(plan.settings_at("audiences", i, "id"), "duplicate-id",
                        N_("duplicate audience id '%(id)s' (also audience %(number)s in the list)",
                           id=audience.id, number=seen[audience.id] + 1))
        seen.setdefault(audience.id, i)
        broken = False
        for field, (what, ids) in known.items():
            for j, ref in enumerate(getattr(audience, field) or ()):
                if ref not in ids:
                    broken = True
                    yield error(plan.settings_at("audiences", i, field, j), "unknown-ref",
                                N_("audience '%(audience)s': %(unknown)s", audience=audience.id,
                                   unknown=unknown(what, ref, ids)))
        for j, glob in enumerate(audience.sections or ()):
            if not matching_sections(rels, (glob,)):
                yield warning(plan.settings_at("audiences", i, "sections", j), "unknown-ref",
                              N_("audience '%(audience)s': '%(glob)s' matches no section file under the plan folder",
                                 audience=audience.id, glob=glob))
        if not broken and plan.goals and not visible_ids(plan, audience).goals:
            yield error(plan.settings_at("audiences", i), "audience-empty",
                        N_("audience '%(audience)s' would see no goal: give it a segment or section "
                           "that has goals, or remove the audience", audience=audience.id))

