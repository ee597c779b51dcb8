"""Plain number formatting for warning messages (the site formats per locale itself)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def num(value: Decimal | int | Fraction, places: int = 1) -> str:
    """``1234.5`` → ``1,234.5``; integers stay integers."""
    value = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,}"


def pct(ratio: Decimal | Fraction | None) -> str:
    return "n/a" if ratio is None else f"{num(ratio * 100, 0)}%"
