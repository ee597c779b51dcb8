"""Per-file validation: plan.yaml and each section against its kind's model."""

from __future__ import annotations

import posixpath

from pydantic import ValidationError

from sitegen.diagnostics import Diagnostic, Location, error, suggest
from sitegen.load import RawFile
from sitegen.model.kinds import KINDS
from sitegen.model.plan import Section
from sitegen.model.settings import HolidaySet, PlanSettings
from sitegen.translation import N_, Message
from sitegen.validate.fields import diagnose, validate_model

# Which list field of which kind holds items of which id namespace.
NAMESPACES: dict[tuple[str, str], str] = {
    ("segments", "segments"): "segment",
    ("offer", "products"): "product",
    ("offer", "packages"): "product",
    ("goals", "goals"): "goal",
    ("resources", "team"): "team",
    ("campaigns", "campaigns"): "campaign",
    ("territories", "territories"): "territory",
    ("positioning", "competitors"): "competitor",
}


def _mapping(raw: RawFile, what: str | Message) -> tuple[dict | None, list[Diagnostic]]:
    if isinstance(raw.data, dict):
        return raw.data, []
    where = Location(raw.path, *raw.marks.value(()))
    if raw.data is None:
        return None, [error(where, "missing-field", N_("%(what)s is empty; add at least 'title: ...'", what=what))]
    return None, [error(where, "type", N_("%(what)s must be 'key: value' lines, not a list or a single value", what=what))]


def validate_settings(raw: RawFile) -> tuple[PlanSettings | None, list[Diagnostic]]:
    data, diags = _mapping(raw, "plan.yaml")
    if data is None:
        return None, diags
    data, diags = _holiday_set(data, raw)
    kept: dict[str, list[int]] = {}
    settings, more = validate_model(PlanSettings, data, raw.path, raw.marks, kept)
    diags += more
    if settings is not None:
        settings._kept.update(kept)  # a fresh object: its scenarios' lines can still be found
    if settings is not None and settings.period.end < settings.period.start:
        where = Location(raw.path, *raw.marks.value(("period", "end")))
        diags.append(error(where, "date-order", N_("the plan period ends (%(end)s) before it starts (%(start)s)",
                                                   end=str(settings.period.end), start=str(settings.period.start))))
        return None, diags
    return settings, diags


def _holiday_set(data: dict, raw: RawFile) -> tuple[dict, list[Diagnostic]]:
    """A `holidays:` mapping validated on its own, so its errors point inside it (§7)."""
    value = data.get("holidays")
    if not isinstance(value, dict):
        return data, []
    rest = {k: v for k, v in data.items() if k != "holidays"}
    try:
        found = HolidaySet.model_validate(value)
    except ValidationError as exc:
        return rest, diagnose(exc, HolidaySet, raw.path, raw.marks, ("holidays",))
    both = sorted(set(found.closed) & set(found.open))
    if both:
        index = found.open.index(both[0])
        where = Location(raw.path, *raw.marks.value(("holidays", "open", index)))
        days = ", ".join(d.isoformat() for d in both)
        return rest, [error(where, "range", N_("%(days)s is both closed and open in 'holidays'; keep it in one list", days=days))]
    return {**rest, "holidays": found}, []


def default_id(rel: str) -> str:
    return posixpath.splitext(rel)[0]


def validate_section(raw: RawFile) -> tuple[Section | None, list[Diagnostic]]:
    data, diags = _mapping(raw, N_("the front matter"))
    if data is None:
        return None, diags
    kind = data.get("kind", "page")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        where = Location(raw.path, *raw.marks.value(("kind",)))
        what = N_("'kind' is empty") if kind is None else N_(
            "unknown kind '%(kind)s'%(suggestion)s", kind=str(kind), suggestion=suggest(str(kind), KINDS))
        return None, [error(where, "unknown-kind", N_("%(what)s; use one of %(kinds)s", what=what, kinds=", ".join(KINDS)))]
    kept: dict[str, list[int]] = {}
    parsed, diags = validate_model(model, data, raw.path, raw.marks, kept)
    if parsed is None:
        return None, diags
    section_id = parsed.id or default_id(raw.rel)
    section = Section(raw.rel, raw.path, section_id, parsed, raw.body, raw.body_line, raw.marks, kept)
    return section, diags


def raw_ids(raw: RawFile) -> set[tuple[str, str]]:
    """Ids written in a file even if it failed validation: they exist, so no "unknown id" cascade."""
    data = raw.data if isinstance(raw.data, dict) else {}
    kind = data.get("kind", "page")
    found: set[tuple[str, str]] = set()
    if kind == "funnel":
        funnel_id = str(data.get("id") or default_id(raw.rel))
        found.add(("funnel", funnel_id))
        stages = data.get("stages")
        if isinstance(stages, list):
            found |= {(f"stage:{funnel_id}", str(s["id"])) for s in stages if isinstance(s, dict) and "id" in s}
    for (k, field), namespace in NAMESPACES.items():
        if k == kind and isinstance(items := data.get(field), list):
            found |= {(namespace, str(i["id"])) for i in items if isinstance(i, dict) and "id" in i}
    return found
