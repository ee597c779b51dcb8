"""The computed plan: plain frozen data read by templates and written as plan.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sitegen.compute.frozen import Later
from sitegen.diagnostics import Diagnostic
from sitegen.model.period import Period


@dataclass(frozen=True)
class StageNeed:
    id: str
    name: str
    conversion: Decimal
    required: int


@dataclass(frozen=True)
class ActivityNeed:
    name: str
    stage: str
    role: str | None
    minutes: Decimal
    count: int
    hours: Decimal
    per_day: Decimal
    per_rep_per_day: Decimal | None
    headcount: Decimal


@dataclass(frozen=True)
class StageActual:
    """A funnel stage's actual entries to date next to the plan (§8)."""

    stage: str
    name: str
    actual: Decimal
    required: int  # planned entries over the goal's whole period
    conversion: Decimal  # planned share reaching the next stage
    actual_conversion: Decimal | None  # next stage's actual ÷ this one's, when both are reported


@dataclass(frozen=True)
class ActivityActual:
    name: str
    actual: Decimal
    planned: int  # count over the goal's whole period
    expected: Decimal | None  # planned count due by the review date


@dataclass(frozen=True)
class QuarterGoal:
    id: str
    metric: str
    period: Period
    target: Decimal
    actual: Decimal
    expected: Decimal | None
    pace: Decimal | None
    status: str | None

    @property
    def variance(self) -> Decimal | None:
        """Actual − expected: how far ahead (+) or behind (−) the phased plan."""
        return None if self.expected is None else self.actual - self.expected


@dataclass(frozen=True)
class QuarterReview:
    quarter: Period
    as_of: dt.date
    goals: tuple[QuarterGoal, ...]


@dataclass(frozen=True)
class ReviewInfo:
    """The review date and thresholds the statuses were judged by, and each quarter's review
    (plan.json `review`)."""

    as_of: dt.date | None
    source: str  # "review.as_of" or "actuals" (the latest actual's date) or "none"
    at_risk: Decimal
    off_track: Decimal
    quarters: tuple[QuarterReview, ...] = ()


@dataclass(frozen=True)
class MonthPlan:
    """One month of a goal's monthly plan (§7): its share of the target and of the won deals."""

    month: str  # "YYYY-MM"
    target: Fraction
    won: Fraction


@dataclass(frozen=True)
class StageEntries:
    """Entries of one funnel stage, exact (not rounded up): an opening pipeline (§7)."""

    stage: str
    entries: Fraction


@dataclass(frozen=True)
class CapacityMonth:
    """One role (title; None = the whole team) in one month (§7): hours needed vs available."""

    role: str | None
    teams: tuple[str, ...]
    month: str  # "YYYY-MM"
    needed: Fraction
    available: Fraction

    @property
    def use(self) -> Fraction | None:
        """needed ÷ available; None when nothing is available (never infinite)."""
        return self.needed / self.available if self.available else None


@dataclass(frozen=True)
class Totals:
    """Σ target of the top goals per metric (§7): the headline figures, counted once."""

    targets: dict[str, Decimal]


@dataclass(frozen=True)
class GoalResult:
    id: str
    section: str  # section id holding the goal
    metric: str
    target: Decimal
    period: Period
    segment: str | None
    product: str | None
    funnel: str | None
    deal_value: Decimal | None
    working_days: int
    won: int | None
    stages: tuple[StageNeed, ...] = ()
    activities: tuple[ActivityNeed, ...] = ()
    actual: Decimal | None = None
    actual_as_of: dt.date | None = None
    attainment: Decimal | None = None
    # §8 review: expected to date, pace = actual ÷ expected, run-rate forecast, status
    expected: Decimal | None = None
    pace: Decimal | None = None
    forecast: Decimal | None = None
    status: str | None = None
    stage_actuals: tuple[StageActual, ...] = ()
    activity_actuals: tuple[ActivityActual, ...] = ()
    months: tuple[MonthPlan, ...] = ()  # §7 monthly plan: a leaf's own spread; a parent's, children + remainder
    opening_pipeline: tuple[StageEntries, ...] = ()  # §7: work that falls before the plan's first month
    parent: str | None = None  # §7 goal tree: the smallest goal containing this one
    children: tuple[str, ...] = ()
    remainder: Decimal | None = None  # target − Σ children's targets, when above 0
    actual_points: tuple[tuple[dt.date, Decimal], ...] = ()  # (date, value to date), for the review chart
    plan_points: tuple[tuple[dt.date, Decimal], ...] = ()  # (month end, phased plan to date)
    name: str | None = None  # what the site calls the goal (`name:` in goals), else None: the id is shown

    @property
    def top_required(self) -> int | None:
        return self.stages[0].required if self.stages else None


@dataclass(frozen=True)
class RoleCapacity:
    role: str  # team id named by activities ("*" for activities without a role)
    label: str  # the team entry's role text
    period: str
    needed_hours: Decimal
    available_hours: Decimal
    headcount: Decimal

    @property
    def use(self) -> Decimal | None:
        return self.needed_hours / self.available_hours if self.available_hours else None


@dataclass(frozen=True)
class SegmentResult:
    id: str
    name: str
    parent: str | None
    size: int | None
    required: int  # largest top-stage need among the segment's goals
    coverage: Decimal | None  # required / size


@dataclass(frozen=True)
class TerritoryResult:
    id: str
    name: str
    accounts: int
    reps: int
    months: int
    working_days: int
    visits_needed: Decimal
    capacity_per_rep_per_day: int
    load_per_rep_per_day: Decimal | None
    reps_needed: int | None


@dataclass(frozen=True)
class CampaignResult:
    id: str
    name: str
    section: str
    type: str
    plane: str
    start: dt.date
    end: dt.date
    days: int
    segment: str | None
    goal: str | None
    channel: str | None
    owner: str | None
    budget: Decimal | None
    expected_leads: int | None


@dataclass(frozen=True)
class PlaneResult:
    plane: str
    campaigns: int
    budget: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class BudgetResult:
    total: Decimal | None
    lines: Decimal
    campaigns: Decimal
    planned: Decimal
    remaining: Decimal | None
    by_category: dict[str, Decimal]
    by_period: dict[str, Decimal]
    by_plane: dict[str, Decimal]


@dataclass(frozen=True)
class Headline:
    revenue_target: Decimal
    deals: int
    leads: int
    activities_per_rep_per_day: Decimal | None
    budget_planned: Decimal
    budget_available: Decimal | None
    capacity_use: Decimal | None
    activity_hours: Decimal = Decimal(0)  # of the same goals' activities (§9 compares it across scenarios)


@dataclass(frozen=True)
class QuotaRole:
    """One role title whose entries carry a `quota`."""

    role: str
    teams: tuple[str, ...]
    quota_per_head: Fraction  # headcount-weighted over the entries with a quota
    months: tuple[tuple[str, Fraction], ...]  # ("YYYY-MM", quota capacity) for every plan month
    capacity: Fraction  # Σ of the months: the plan period
    goals: tuple[str, ...]  # the top revenue goals it is compared with
    target: Fraction  # Σ of their targets
    reps_needed: tuple[tuple[str, int], ...]  # (goal id, reps) for each of those goals

    @property
    def coverage(self) -> Fraction | None:
        return self.capacity / self.target if self.target else None


@dataclass(frozen=True)
class Outcome:
    """The two figures the tornado compares: leads needed (the headline goals' top stage)
    and the peak use of any role's capacity (None when no role has hours)."""

    leads: int
    peak_use: Decimal | None


@dataclass(frozen=True)
class Driver:
    kind: str  # conversion | deal_size | headcount | target
    key: str | None  # the stage id (conversion), the role title (headcount)
    low: Outcome  # at -10 %
    high: Outcome  # at +10 %


@dataclass(frozen=True)
class Sensitivity:
    base: Outcome
    drivers: tuple[Driver, ...]


@dataclass(frozen=True)
class ComputedPlan:
    title: str
    organization: str | None
    language: str
    currency: str
    period: tuple[dt.date, dt.date]
    working_days: int
    goals: tuple[GoalResult, ...]
    campaigns: tuple[CampaignResult, ...]
    segments: tuple[SegmentResult, ...]
    capacity: tuple[RoleCapacity, ...]
    territories: tuple[TerritoryResult, ...]
    planes: tuple[PlaneResult, ...]
    budget: BudgetResult
    headline: Headline
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    scenarios: tuple[ScenarioResult, ...] = ()  # §9, in plan.yaml order
    review: ReviewInfo | None = None
    totals: Totals = field(default_factory=lambda: Totals({}))
    holidays: tuple[dt.date, ...] = ()  # resolved holiday dates of the plan period (§7)
    capacity_months: tuple[CapacityMonth, ...] = ()  # §7: one row per role and month of the plan period
    tornado: Later[Sensitivity] | None = None  # with scenarios: see `sensitivity`
    quotas: tuple[QuotaRole, ...] = ()  # per role title with a quota (§9)

    @property
    def sensitivity(self) -> Sensitivity | None:
        """§9's tornado of a plan with scenarios, else None; worked out when first read (see `Later`)."""
        return self.tornado.value if self.tornado is not None else None


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario of plan.yaml: the whole computation again on the adjusted plan.

    `computed.diagnostics` are the scenario's own warnings, never the base plan's."""

    id: str
    name: str
    segment: str | None
    computed: ComputedPlan
