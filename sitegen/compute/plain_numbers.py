"""Plain number formatting for warning messages (the site formats per locale itself)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from sitegen.translation import Figure


def quantized(value: Decimal, quantum: Decimal, rounding: str | None = None) -> Decimal:
    """``value.quantize(quantum)`` for a value of any size: in the default context
    (28 digits) 10^30 rounded to cents is ``decimal.InvalidOperation``."""
    exponent = quantum.as_tuple().exponent
    assert isinstance(exponent, int)  # a quantum is a finite number
    digits = max(28, value.adjusted() - exponent + 2) if value.is_finite() else 28
    return value.quantize(quantum, rounding=rounding, context=Context(prec=digits))


def num(value: Decimal | int | Fraction, places: int = 1) -> Figure:
    """``1234.5`` → ``1,234.5``; integers stay integers. A message in Polish or Chinese
    writes the same figure in its own way (`Figure`)."""
    value = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    if value == value.to_integral_value():
        return Figure(f"{int(value):,}", value)
    shown = quantized(value, Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return Figure(f"{shown:,}", shown)


def pct(ratio: Decimal | Fraction | None) -> str:
    if ratio is None:
        return "n/a"
    shown = num(ratio * 100, 0)
    return Figure(f"{shown}%", shown.value, percent=True)
