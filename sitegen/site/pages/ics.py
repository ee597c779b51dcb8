"""Campaigns as iCalendar files (RFC 5545) that Outlook or Google Calendar can subscribe to.

Written with the `icalendar` library, which does the escaping of `,` `;` `\\`
and newlines and folds long lines at 75 octets without splitting a UTF-8
character. Choices that make the files good subscription sources:

- every campaign is an all-day event; RFC 5545 makes `DTEND` exclusive, so a
  campaign ending on 2027-03-31 gets `DTEND;VALUE=DATE:20270401`;
- `UID` is `<campaign id>@sitegen`: the same campaign keeps the same UID in
  every build, so calendar clients update events instead of duplicating them;
- `DTSTAMP` (required) is the plan period's start at midnight UTC, never the
  build time, so identical plans give byte-identical files;
- events are sorted by start, end and id.

File names: `calendar.ics` for the plan, `calendar-<segment id>.ics` per
segment. Segment ids keep their letters (`calendar-中小企业.ics`); links to
them are percent-encoded by `urls.relative_url`, like every other page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from sitegen.compute.results import CampaignResult
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import translator
from sitegen.site.engine.output import Output

if TYPE_CHECKING:
    import icalendar

    from sitegen.site.pages.scope import Scope

__all__ = ["PLAN_ICS", "calendar_ics", "ics_outputs", "segment_ics_path"]

PLAN_ICS = "calendar.ics"
PRODID = "-//sitegen//sales plan calendar//EN"


def segment_ics_path(segment_id: str) -> str:
    """Site path of one segment's calendar: `calendar-smb.ics`, `calendar-中小企业.ics`."""
    return f"calendar-{unicodedata.normalize('NFC', segment_id)}.ics"


def _uid(campaign: CampaignResult) -> str:
    return f"{campaign.id}@sitegen"


def _description(
    c: CampaignResult, t: Callable[..., str], fmt: Formatter, segment_names: Mapping[str, str],
    goal_names: Mapping[str, str],
) -> str:
    """One `Label: value` line per fact a subscriber needs, in the plan's language."""
    lines = [
        (t("field.plane"), t(f"plane.{c.plane}")),
        (t("field.type"), t(f"campaign_type.{c.type}")),
        (t("field.segment"), segment_names.get(c.segment, c.segment) if c.segment else None),
        (t("field.owner"), c.owner),
        (t("field.channel"), c.channel),
        (t("field.budget"), fmt.money(c.budget) if c.budget is not None else None),
        (t("field.goal"), goal_names.get(c.goal, c.goal) if c.goal else None),  # its name, else its id
        (t("field.expected_leads"), fmt.integer(c.expected_leads) if c.expected_leads is not None else None),
    ]
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def _summary(c: CampaignResult, t: Callable[..., str], segment_names: Mapping[str, str]) -> str:
    """`Name (Plane · Segment)` — what a calendar client shows on the event itself."""
    tags = [t(f"plane.{c.plane}")]
    if c.segment:
        tags.append(segment_names.get(c.segment, c.segment))
    return f"{c.name} ({' · '.join(tags)})"


def _event(
    c: CampaignResult,
    stamp: dt.datetime,
    t: Callable[..., str],
    fmt: Formatter,
    segment_names: Mapping[str, str],
    goal_names: Mapping[str, str],
) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    event.add("uid", _uid(c))
    event.add("dtstamp", stamp)
    event.add("dtstart", c.start)
    event.add("dtend", c.end + dt.timedelta(days=1))  # exclusive end (RFC 5545 §3.6.1)
    event.add("summary", _summary(c, t, segment_names))
    event.add("description", _description(c, t, fmt, segment_names, goal_names))
    event.add("categories", [t(f"plane.{c.plane}")])
    event.add("transp", "TRANSPARENT")  # a campaign does not make anyone busy all day
    return event


def calendar_ics(
    scope: Scope,
    campaigns: Iterable[CampaignResult],
    name: str,
    events: dict[str, bytes] | None = None,
) -> bytes:
    """One VCALENDAR holding the given campaigns; `name` is what clients show for it.

    Everything else is read from `scope` (`serve` records those reads: a goal's
    new target leaves the files alone, its new name does not). `events` keeps
    each campaign's serialised VEVENT (by id) across the calendars of one
    build: a campaign sits in the whole-plan calendar and in its segment's,
    and icalendar's serialiser is the slow part.
    """
    computed = scope.computed
    t = translator(computed.language)
    fmt = Formatter(computed.language, computed.currency)
    names = scope.segment_names
    events = {} if events is None else events
    goal_names = {goal: label for goal, label, _ in scope.goal_periods if label}
    stamp = dt.datetime.combine(computed.period[0], dt.time(0, 0), tzinfo=dt.UTC)
    import icalendar  # imported when a calendar is made: after the page workers have forked

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    body = []
    for c in sorted(campaigns, key=lambda c: (c.start, c.end, c.id)):
        if c.id not in events:
            events[c.id] = _event(c, stamp, t, fmt, names, goal_names).to_ical()
        body.append(events[c.id])
    head = cal.to_ical()  # the same lines as with the events added, which go before the END line
    return head[: -len(_END)] + b"".join(body) + _END


_END = b"END:VCALENDAR\r\n"


def ics_outputs(scope: Scope) -> list[Output]:
    """`calendar.ics` plus one file per segment that has campaigns."""
    computed = scope.computed
    names = scope.segment_names
    t = translator(computed.language)
    events: dict[str, bytes] = {}
    outputs = [Output(PLAN_ICS, calendar_ics(scope, computed.campaigns, computed.title, events))]
    by_segment: dict[str, list[CampaignResult]] = {}
    for c in computed.campaigns:
        if c.segment:
            by_segment.setdefault(c.segment, []).append(c)
    for segment in sorted(by_segment):
        title = f"{computed.title} — {t('field.segment')}: {names.get(segment, segment)}"
        outputs.append(Output(segment_ics_path(segment), calendar_ics(scope, by_segment[segment], title, events)))
    return outputs
