"""Typed section kinds (PLAN_FORMAT §2): one frozen pydantic model per kind.

``extra="forbid"`` makes every typo an error; optional fields default to
``None`` or an empty tuple so templates and computations never guess.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sitegen.model.types import (
    Count,
    Date,
    HoursPerDay,
    HoursPerWeek,
    Id,
    Minutes,
    Money,
    MonthKey,
    NonNegative,
    PeriodField,
    PerUnit,
    Positive,
    PositiveMinutes,
    Rate,
    SectionId,
    Text,
    Whole,
    choice,
    range_error,
)
from sitegen.translation import N_

Status = Annotated[str, choice("draft", "review", "approved")]
Metric = Annotated[str, choice("revenue", "profit", "units", "deals", "customers")]
Plane = Annotated[str, choice("prospecting", "sales", "cross-selling", "retention")]
CampaignType = Annotated[str, choice("sales", "marketing")]
CompetitorType = Annotated[str, choice("direct", "indirect")]
Aggregate = Annotated[str, choice("latest", "sum")]
DecimalMark = Annotated[str, choice(".", ",")]

PLANES = ("prospecting", "sales", "cross-selling", "retention")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, defer_build=True)


class Common(Strict):
    """Fields every section may carry."""

    title: Text
    kind: Text = "page"
    id: SectionId | None = None
    owner: Text | None = None
    order: Whole | None = None
    status: Status | None = None
    extra: dict[str, Any] | None = None


class PageSection(Common):
    pass


class Competitor(Strict):
    id: Id
    name: Text
    type: CompetitorType
    notes: Text | None = None


class PositioningSection(Common):
    mission: Text | None = None
    value_proposition: Text | None = None
    competitors: tuple[Competitor, ...] = ()


class SwotSection(Common):
    subject: Id = "us"
    strengths: tuple[Text, ...] = ()
    weaknesses: tuple[Text, ...] = ()
    opportunities: tuple[Text, ...] = ()
    threats: tuple[Text, ...] = ()


class Segment(Strict):
    id: Id
    name: Text
    parent: Id | None = None
    size: Count | None = None
    who: Text | None = None
    buying: Text | None = None
    needs: tuple[Text, ...] = ()
    where: tuple[Text, ...] = ()


class SegmentsSection(Common):
    segments: tuple[Segment, ...] = ()


class Product(Strict):
    id: Id
    name: Text
    price: Money
    unit: Text | None = None
    margin: Rate | None = None
    segments: tuple[Id, ...] = ()
    benefits: tuple[Text, ...] = ()


class Package(Strict):
    id: Id
    name: Text
    includes: tuple[Id, ...]
    price: Money
    margin: Rate | None = None
    segments: tuple[Id, ...] = ()


class OfferSection(Common):
    products: tuple[Product, ...] = ()
    packages: tuple[Package, ...] = ()


class Goal(Strict):
    id: Id
    metric: Metric
    target: Positive
    period: PeriodField
    segment: Id | None = None
    product: Id | None = None
    funnel: SectionId | None = None
    phasing: dict[MonthKey, NonNegative] | None = None  # §7: month → weight; unlisted months weigh 0
    name: Text | None = None  # shown on the site instead of the id (the id stays what others refer to)


class GoalsSection(Common):
    goals: tuple[Goal, ...] = ()


class Stage(Strict):
    id: Id
    name: Text
    conversion: Rate
    days: NonNegative = Decimal(0)  # §7: average days a unit spends here before it moves on


class Activity(Strict):
    name: Text
    stage: Id
    per_unit: PerUnit
    minutes: Minutes = Decimal(0)
    role: Id | None = None


class FunnelSection(Common):
    segment: Id | None = None
    deal_size: Money | None = None
    stages: tuple[Stage, ...] = Field(min_length=1)
    activities: tuple[Activity, ...] = ()
    opening: dict[Id, NonNegative] | None = None  # §7: stage id → entries in the pipeline on the plan's first day


class TeamMember(Strict):
    id: Id
    role: Text
    headcount: PerUnit
    hours_per_week: HoursPerWeek = Decimal(40)
    selling_share: Rate = Decimal(1)
    start: Date | None = None
    quota: Money | None = None  # §9: money per head per year
    end: Date | None = None  # §7: last day employed
    ramp: tuple[Rate, ...] = ()  # §7: productivity in the 1st, 2nd, … month of tenure; 1 after the list
    leave_days: NonNegative = Decimal(0)  # §7: working days off per head per year
    segments: tuple[Id, ...] = ()  # §9: the segments this entry sells to (quotas)


class ResourcesSection(Common):
    team: tuple[TeamMember, ...] = ()
    competences: tuple[Any, ...] = ()
    software: tuple[Any, ...] = ()


class Campaign(Strict):
    id: Id
    name: Text
    type: CampaignType
    plane: Plane
    start: Date
    end: Date
    segment: Id | None = None
    goal: Id | None = None
    channel: Text | None = None
    owner: Text | None = None
    budget: Money | None = None
    expected_leads: Count | None = None


class CampaignsSection(Common):
    campaigns: tuple[Campaign, ...] = ()


class Territory(Strict):
    id: Id
    name: Text
    accounts: Count
    visits_per_month: PerUnit
    visit_minutes: PositiveMinutes
    travel_minutes: Minutes
    reps: Count
    field_hours_per_day: HoursPerDay = Decimal(6)


class TerritoriesSection(Common):
    territories: tuple[Territory, ...] = ()


class BudgetLine(Strict):
    name: Text
    amount: Money
    period: PeriodField | None = None
    category: Text | None = None
    territory: Id | None = None
    team: Id | None = None


class BudgetSection(Common):
    total: Money | None = None
    lines: tuple[BudgetLine, ...] = ()
    categories: dict[Text, Text] | None = None  # category as written on lines → the name the site shows


class Actual(Strict):
    """One reported result (§8): the goal's value to date, or with `stage`/`activity` the entries
    into that funnel stage / the count of that activity to date (never both)."""

    goal: Id
    value: NonNegative
    as_of: Date
    stage: Id | None = None
    activity: Text | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> Actual:
        if self.stage is not None and self.activity is not None:
            raise range_error(N_("a row reports a 'stage' or an 'activity', not both; split it into two rows"))
        return self

    @property
    def measure(self) -> tuple[str, str]:
        """('stage', id), ('activity', name), or ('', '') for the goal's own value."""
        if self.stage is not None:
            return "stage", self.stage
        if self.activity is not None:
            return "activity", self.activity
        return "", ""


class ActualColumns(Strict):
    """`columns:` — the CSV's own header for each field (a CRM export keeps its headers)."""

    goal: Text | None = None
    value: Text | None = None
    as_of: Text | None = None
    stage: Text | None = None
    activity: Text | None = None


class ActualsSection(Common):
    actuals: tuple[Actual, ...] = ()
    source: Text | None = None
    aggregate: Aggregate = "latest"
    columns: ActualColumns | None = None
    decimal: DecimalMark | None = None
    date_format: Text | None = None

    @model_validator(mode="after")
    def _csv_settings_need_a_source(self) -> ActualsSection:
        """`columns`, `decimal` and `date_format` say how to read a CSV: without `source` they
        would be silently ignored."""
        given = [name for name in ("columns", "decimal", "date_format") if getattr(self, name) is not None]
        if given and not self.source:
            raise range_error(N_("'%(field)s' says how to read a CSV file; name the file with 'source:'", field=given[0]))
        return self


KINDS: dict[str, type[Common]] = {
    "page": PageSection,
    "positioning": PositioningSection,
    "swot": SwotSection,
    "segments": SegmentsSection,
    "offer": OfferSection,
    "goals": GoalsSection,
    "funnel": FunnelSection,
    "resources": ResourcesSection,
    "campaigns": CampaignsSection,
    "territories": TerritoriesSection,
    "budget": BudgetSection,
    "actuals": ActualsSection,
}
