"""Model: the typed plan (PLAN_FORMAT §1–§2), frozen once validated."""

from sitegen.model.kinds import KINDS, PLANES
from sitegen.model.period import Period, parse_period
from sitegen.model.plan import Placed, Plan, Section
from sitegen.model.settings import PlanSettings

__all__ = ["KINDS", "PLANES", "Period", "Placed", "Plan", "PlanSettings", "Section", "parse_period"]
