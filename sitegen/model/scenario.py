"""Scenarios in plan.yaml (PLAN_FORMAT §9): relative changes to the plan, typed and checked.

A change is a *signed* percentage (`"+10%"`, `"-20%"`): the sign says "relative
to the base". An unsigned `"10%"` reads just as well as "set conversion to
10 %", so it is refused with the signed form suggested instead of guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator

from sitegen.model.kinds import Strict
from sitegen.model.types import Id, Number, Text, range_error, type_error
from sitegen.translation import N_

_SIGNED = re.compile(r"^\s*([+-])\s*(\d+(?:\.\d+)?)\s*%\s*$")
_UNSIGNED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def _signed_percent(value: Any) -> Decimal:
    """`"+10%"` → 0.10, `"-20%"` → -0.20 (exact); a decrease of 100 % or more is refused here:
    every value it applies to (a target, a price, a conversion) must stay above zero."""
    match = _SIGNED.match(value) if isinstance(value, str) else None
    if match is None:
        unsigned = _UNSIGNED.match(value) if isinstance(value, str) else None
        hint = N_(" (did you mean '%(match)s'?)", match=f"+{unsigned.group(1)}%") if unsigned else ""
        raise type_error(N_("a signed percentage like '+10%%' or '-20%%'%(hint)s", hint=hint), value)
    change = Decimal(match.group(2)) / 100
    change = -change if match.group(1) == "-" else change
    if change <= -1:
        raise range_error(N_("'%(value)s' would drive the value to zero or below; a decrease must stay above -100%%",
                             value=value.strip()))
    return change


SignedPercent = Annotated[Decimal, BeforeValidator(_signed_percent)]
ALL_STAGES = ""  # the key of a change written for every stage (`conversion: "-10%"`)


def _per_stage(value: Any) -> Any:
    """One change for all stages is kept as `{ALL_STAGES: change}`: one type to validate, and an
    error in it is located at `conversion` itself (the key is not in the file)."""
    return value if isinstance(value, dict) else {ALL_STAGES: value}


class Adjust(Strict):
    """What a scenario changes; each key optional. Percentages are fractions here (+10% → 0.1)."""

    conversion: Annotated[dict[str, SignedPercent], BeforeValidator(_per_stage)] | None = None
    deal_size: SignedPercent | None = None
    target: SignedPercent | None = None
    headcount: dict[Id, Number] | None = None

    def conversion_of(self, stage: str) -> Decimal | None:
        """The change to a stage's conversion: the stage's own, else the one for all stages."""
        if not self.conversion:
            return None
        return self.conversion.get(stage, self.conversion.get(ALL_STAGES))

    @property
    def empty(self) -> bool:
        return not (self.conversion or self.deal_size or self.target or self.headcount)


class Scenario(Strict):
    id: Id
    name: Text
    segment: Id | None = None
    adjust: Adjust = Adjust()
