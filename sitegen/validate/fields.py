"""Field checks: pydantic errors turned into located, actionable diagnostics.

List items are validated one by one so that one bad campaign does not hide
the other forty from the cross-file checks (and cause a cascade of false
"unknown id" errors).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Container
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sitegen.diagnostics import Diagnostic, Location, error, suggest
from sitegen.load.yamlmarks import Marks
from sitegen.translation import N_, Message

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)

_LIST_TYPES = {"tuple_type", "list_type", "iterable_type", "sequence_type"}
_MAP_TYPES = {"model_type", "dict_type", "model_attributes_type", "dataclass_type"}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside Optional/Annotated/tuple[...] wrappers, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Which model describes the mapping at ``loc`` (list indexes are skipped)."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        nested = _inner_model(info.annotation) if info else None
        if nested is None:
            return None
        model = nested
    return model


def list_fields(model: type[BaseModel], written: Container[object]) -> dict[str, type[BaseModel]]:
    """The fields in `written` that hold a list of items (``goals``, ``campaigns``...),
    validated item by item."""
    out = {}
    for name, info in model.model_fields.items():
        if name in written and get_origin(info.annotation) is tuple:
            inner = _inner_model(info.annotation)
            if inner is not None:
                out[name] = inner
    return out


def _describe_input(value: Any) -> Message:
    if isinstance(value, dict):
        return N_("a mapping")
    if isinstance(value, list):
        return N_("a list")
    return N_("'%(value)s'", value=str(value)) if value is not None else N_("nothing")


def diagnose(exc: ValidationError, model: type[BaseModel], path: str, marks: Marks, prefix: Loc = ()) -> list[Diagnostic]:
    """One diagnostic per pydantic error, at the offending key or value."""
    out = []
    for err in exc.errors(include_url=False):
        loc = (*prefix, *(p for p in err["loc"] if isinstance(p, (str, int))))
        kind, msg = err["type"], (err.get("ctx") or {}).get("wording") or err["msg"]
        where = Location(path, *marks.value(loc))
        if kind == "extra_forbidden":
            name = str(loc[-1])
            owner = model_at(model, err["loc"][:-1])
            known = list(owner.model_fields) if owner else []
            where = Location(path, *marks.key(loc))
            out.append(error(where, "unknown-field", N_("unknown field '%(name)s'%(suggestion)s", name=name,
                                                        suggestion=suggest(name, known))))
        elif kind == "missing":
            name = str(loc[-1])
            where = Location(path, *marks.value(loc[:-1]))
            owner = model_at(model, err["loc"][:-1])
            is_goal = owner is not None and owner.__name__ == "Goal"
            hint = N_("; goals must be measurable and time-bound") if is_goal and name in ("target", "period") else ""
            out.append(error(where, "missing-field", N_("missing required field '%(name)s'%(hint)s", name=name, hint=hint)))
        elif kind in ("type", "range", "period"):
            out.append(error(where, kind, msg))
        elif kind in _LIST_TYPES:
            out.append(error(where, "type", N_("expected a list (lines starting with '- '), got %(got)s",
                                               got=_describe_input(err.get("input")))))
        elif kind in _MAP_TYPES:
            out.append(error(where, "type", N_("expected a mapping (key: value lines), got %(got)s",
                                               got=_describe_input(err.get("input")))))
        elif kind == "too_short":
            out.append(error(where, "range", N_("'%(name)s' needs at least one entry", name=str(loc[-1]))))
        else:
            out.append(error(where, "type", msg))
    return out


def validate_model(
    model: type[Model], data: dict, path: str, marks: Marks, kept: dict[str, list[int]] | None = None
) -> tuple[Model | None, list[Diagnostic]]:
    """Validate a mapping, dropping only the list items that are broken.

    ``kept`` receives, per list field, the original index of every item kept,
    so later diagnostics still point at the right lines.
    """
    lists = list_fields(model, data)  # only the fields written can need item-by-item checks
    kept = {} if kept is None else kept
    diags: list[Diagnostic] = []
    clean = {k: v for k, v in data.items() if k not in lists}
    for name, item_model in lists.items():
        value = data[name]
        if not isinstance(value, list):
            if value is None:
                clean[name] = []
                continue
            clean[name] = value  # let the model report the wrong type at this field
            continue
        items, kept[name] = [], []
        for index, item in enumerate(value):
            try:
                items.append(item_model.model_validate(item))
                kept[name].append(index)
            except ValidationError as exc:
                diags.extend(diagnose(exc, item_model, path, marks, (name, index)))
        clean[name] = items
    try:
        return model.model_validate(clean), diags
    except ValidationError as exc:
        return None, diags + _without_emptied(diagnose(exc, model, path, marks), data, clean, lists)


def _without_emptied(found: list[Diagnostic], data: dict, clean: dict, lists: dict) -> list[Diagnostic]:
    """'needs at least one entry' is a follow-on error when the entries were there but broken."""
    emptied = {
        f"'{name}' needs at least one entry"
        for name in lists
        if isinstance(data.get(name), list) and data[name] and not clean.get(name)
    }
    return [d for d in found if not (d.code == "range" and d.message in emptied)]
