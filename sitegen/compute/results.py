"""The computed plan: plain frozen data read by templates and written as plan.json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar

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


T = TypeVar("T")
_FIELDS: dict[type, frozenset[str]] = {}


def replaced(result: T, **changes: Any) -> T:
    """`dataclasses.replace(result, **changes)` for the frozen results of this module (no
    `__post_init__`, no init-only fields, no slots): the same fields, the same object, at a fifth
    of the cost — every goal's result is replaced twice per computation, once more per scenario."""
    cls = type(result)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)}")
    made = object.__new__(cls)
    made.__dict__.update(result.__dict__, **changes)
    return made


class Later(Generic[T]):
    """A value made when first read (`value`), then kept. Equal, hashed and pickled as its
    value, so a `ComputedPlan` holding one compares and digests as if it held the value.

    §9's sensitivity runs are the one part of the computed plan only one page shows (the
    tornado on the scenarios page): `sitegen build` then works them out on the page worker
    that renders that page, while the other renders section pages, instead of before any
    page worker starts; `check` never reads them."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    @property
    def made(self) -> bool:
        return self._make is None

    @property
    def value(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Later) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __reduce__(self) -> tuple[Callable[[T], Later[T]], tuple[T]]:
        return _made, (self.value,)

    def __repr__(self) -> str:
        return f"Later({self.value!r})"


def _made(value: T) -> Later[T]:
    later = Later(lambda: value)
    later.value  # noqa: B018 - made now: a pickled value is no work left for later
    return later


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
    tornado: Later | None = None  # of compute.sensitivity.Sensitivity, with scenarios: see `sensitivity`
    quotas: tuple = ()  # compute.quota.QuotaRole per role title with a quota (§9)

    @property
    def sensitivity(self) -> Any:
        """compute.sensitivity.Sensitivity (§9's tornado) of a plan with scenarios, else None;
        worked out when first read (see `Later`)."""
        return self.tornado.value if self.tornado is not None else None


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario of plan.yaml: the whole computation again on the adjusted plan.

    `computed.diagnostics` are the scenario's own warnings, never the base plan's."""

    id: str
    name: str
    segment: str | None
    computed: ComputedPlan
