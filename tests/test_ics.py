"""iCalendar export: what Outlook or Google Calendar reads back from calendar.ics."""

from __future__ import annotations

import datetime as dt

import icalendar

CAMPAIGNS = """\
---
title: Campaigns
kind: campaigns
campaigns:
  - id: spring-push
    name: "Spring push; calls, demos\\nand offers"
    type: sales
    plane: sales
    start: 2027-03-25
    end: 2027-04-06
    segment: 中小企业
    owner: "Kowalski, Jan"
    channel: "Phone; e-mail"
    budget: 1500
  - id: one-day
    name: Zażółć gęślą jaźń
    type: marketing
    plane: retention
    start: 2027-05-10
    end: 2027-05-10
---
"""

SEGMENTS = """\
---
title: Segments
kind: segments
segments:
  - id: 中小企业
    name: 中小企业客户
---
"""


def _build(tmp_path, write_plan, run_cli, out="public", campaigns=CAMPAIGNS):
    plan = write_plan(tmp_path, {"campaigns.md": campaigns, "segments.md": SEGMENTS})
    code, stdout, stderr = run_cli("build", "--plan", plan, "--out", tmp_path / out, cwd=tmp_path)
    assert code == 0, stdout + stderr
    return tmp_path / out


def _events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_every_campaign_is_an_all_day_event_with_an_exclusive_end(tmp_path, write_plan, run_cli):
    events = _events(_build(tmp_path, write_plan, run_cli) / "calendar.ics")
    assert set(events) == {"spring-push@sitegen", "one-day@sitegen"}
    push = events["spring-push@sitegen"]
    assert push.decoded("dtstart") == dt.date(2027, 3, 25)
    assert push.decoded("dtend") == dt.date(2027, 4, 7)  # inclusive end 04-06 → exclusive 04-07
    assert push["dtstart"].params.get("VALUE") == "DATE"
    single = events["one-day@sitegen"]
    assert (single.decoded("dtstart"), single.decoded("dtend")) == (dt.date(2027, 5, 10), dt.date(2027, 5, 11))


def test_commas_semicolons_newlines_and_utf8_survive_the_round_trip(tmp_path, write_plan, run_cli):
    site = _build(tmp_path, write_plan, run_cli)
    raw = (site / "calendar.ics").read_bytes()
    assert b"Spring push\\; calls\\, demos\\nand offers" in raw  # escaped on the wire (RFC 5545 §3.3.11)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    raw.decode("utf-8")  # folding never splits a multi-byte character
    events = _events(site / "calendar.ics")
    push = events["spring-push@sitegen"]
    assert str(push["summary"]) == "Spring push; calls, demos\nand offers (Sales · 中小企业客户)"
    description = str(push["description"]).splitlines()
    assert "Owner: Kowalski, Jan" in description
    assert "Channel: Phone; e-mail" in description
    assert "Segment: 中小企业客户" in description
    assert "Plane: Sales" in description
    assert "Budget: $1,500" in description
    assert str(events["one-day@sitegen"]["summary"]).startswith("Zażółć gęślą jaźń")


def test_uids_and_bytes_are_stable_across_builds(tmp_path, write_plan, run_cli):
    first = (_build(tmp_path, write_plan, run_cli, "one") / "calendar.ics").read_bytes()
    second = (_build(tmp_path, write_plan, run_cli, "two") / "calendar.ics").read_bytes()
    assert first == second
    stamps = {str(e["dtstamp"].dt) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    assert stamps == {"2027-01-01 00:00:00+00:00"}  # from the plan period, not the build clock


def test_uid_follows_the_campaign_when_other_campaigns_change(tmp_path, write_plan, run_cli):
    before = _events(_build(tmp_path, write_plan, run_cli, "one") / "calendar.ics")
    edited = CAMPAIGNS.replace("start: 2027-05-10", "start: 2027-01-02")
    after = _events(_build(tmp_path, write_plan, run_cli, "two", edited) / "calendar.ics")
    assert set(before) == set(after)
    assert after["one-day@sitegen"].decoded("dtstart") == dt.date(2027, 1, 2)


def test_one_calendar_per_segment_with_a_unicode_name_linked_from_the_page(tmp_path, write_plan, run_cli):
    site = _build(tmp_path, write_plan, run_cli)
    segment = site / "calendar-中小企业.ics"
    assert set(_events(segment)) == {"spring-push@sitegen"}
    cal = icalendar.Calendar.from_ical(segment.read_bytes())
    assert "中小企业客户" in str(cal["x-wr-calname"])
    html = (site / "calendar.html").read_text(encoding="utf-8")
    assert 'href="calendar-%E4%B8%AD%E5%B0%8F%E4%BC%81%E4%B8%9A.ics"' in html
    assert 'href="calendar.ics"' in html
