"""Plan in time (PLAN_FORMAT §7), read where a sales lead reads it: period labels in each
language, a fiscal plan's pages and headline, a goal card's months and opening pipeline, the
checks the sales-cycle lag moves, a remainder's won deals, a plan written for v1, the guide's
capacity example, and the review's words and chart built on the monthly plan (§8).

2027 Monday–Friday without holidays: January 21 working days, February 20, March 23.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import PLAN_YAML, analyse_files, chart_figure, md, site_files

from sitegen.compute.results import CapacityMonth
from sitegen.site.charts.capacity import capacity_heatmap
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import translator


def goals(*lines: str) -> str:
    return md("title: Goals\nkind: goals\ngoals:\n" + "".join(f"  - {{{line}}}\n" for line in lines))


FUNNEL = md("title: F\nkind: funnel\ndeal_size: 1000\nstages:\n  - {id: lead, name: Lead, conversion: 100%, days: 45}\n"
            "activities:\n  - {name: Call, stage: lead, per_unit: 1, minutes: 60, role: ae}\n")
TEAM = md("title: Team\nkind: resources\nteam:\n  - {id: ae, role: AE, headcount: 1}\n")


def text_of(page: bytes) -> str:
    """What the reader sees: the page without its scripts and tags."""
    body = re.sub(r"<script.*?</script>", " ", page.decode("utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# -- period labels ---------------------------------------------------------------------
# A plan from January 2027 to March 2028 whose fiscal year starts in April: the calendar
# quarter 2027-Q1 and the fiscal FY2028-Q1 (April–June 2027) side by side.
SPAN = "period: {start: 2027-01-01, end: 2028-03-31}\nfiscal_year_start: 4\n"


@pytest.mark.parametrize(("language", "calendar", "fiscal"), [
    ("en", "Q1 2027", "FY2028 Q1"),
    ("pl", "I kw. 2027", "I kw. roku obr. 2028"),
    ("zh", "2027年第一季度", "2028财年第一季度"),
])
def test_periods_read_naturally_in_each_language_never_as_written_in_the_file(language, calendar, fiscal):
    analysis = analyse_files({"g.md": goals("id: spring, metric: deals, target: 6, period: 2027-Q1",
                                            "id: fy-q1, metric: deals, target: 9, period: FY2028-Q1"),
                              "f.md": FUNNEL, "t.md": TEAM},
                             f"title: T\nlanguage: {language}\n{SPAN}")
    assert [d.code for d in analysis.diagnostics if d.severity == "error"] == []
    files = site_files(analysis)
    goals_page, funnel_page = text_of(files["g.html"]), text_of(files["f.html"])
    for page in (goals_page, funnel_page):
        assert calendar in page and fiscal in page
        assert "2027-Q1" not in page and "FY2028-Q1" not in page


def test_a_fiscal_quarter_says_its_dates_on_the_goal_pages():
    analysis = analyse_files({"g.md": goals("id: fy-q1, metric: deals, target: 9, period: FY2028-Q1"),
                              "f.md": FUNNEL, "t.md": TEAM}, f"title: T\n{SPAN}")
    files = site_files(analysis)
    assert "FY2028 Q1 (Apr 2027 – Jun 2027)" in text_of(files["g.html"])  # the goals table
    assert "Dates Apr 1, 2027 – Jun 30, 2027" in text_of(files["f.html"])  # the goal's card on its funnel page


def test_fy_without_a_fiscal_year_start_shows_the_calendar_dates_it_covers():
    # the author may think FY2027 runs from April; the page and the warning both say January–December
    analysis = analyse_files({"g.md": goals("id: fy, metric: deals, target: 9, period: FY2027"),
                              "f.md": FUNNEL, "t.md": TEAM})
    assert [d.code for d in analysis.diagnostics if d.code == "fiscal-period"] == ["fiscal-period"]
    files = site_files(analysis)
    assert "Dates Jan 1, 2027 – Dec 31, 2027" in text_of(files["f.html"])
    assert "FY2027 (Jan 2027 – Dec 2027)" in text_of(files["g.html"])


# -- a fiscal plan's dashboard -----------------------------------------------------------
FISCAL = "title: T\nperiod: {start: 2027-04-01, end: 2028-03-31}\nfiscal_year_start: 4\n"


def test_a_fiscal_plan_headlines_its_fiscal_year_and_sums_capacity_by_fiscal_quarter():
    # FY2028 £1,482,000 with its first quarter inside it: the headline is the year, counted once
    analysis = analyse_files({"g.md": goals("id: fy, metric: revenue, target: 1482000, period: FY2028",
                                            "id: q1, metric: revenue, target: 150000, period: FY2028-Q1"),
                              "f.md": FUNNEL, "t.md": TEAM}, FISCAL + "currency: GBP\n")
    index = site_files(analysis)["index.html"]
    assert re.findall(r'<dd class="sg-kpi-value">([^<]*)</dd>', index.decode())[0] == "£1.48M"
    figure = chart_figure(index.decode(), "sg-dash-capacity")
    heat = figure["data"][0]
    assert heat["x"][:2] == ["Apr 2027", "May 2027"]
    assert heat["x"][12:] == ["FY2028 Q1", "FY2028 Q2", "FY2028 Q3", "FY2028 Q4", "FY2028"]
    # the first fiscal quarter's use is its months' hours needed over their hours available
    rows = {r.month: r for r in analysis.computed.capacity_months}
    months = ("2027-04", "2027-05", "2027-06")
    use = sum(rows[m].needed for m in months) / sum(rows[m].available for m in months)
    assert 0 <= heat["z"][0][12] - float(use * 100) < 0.1  # drawn to a tenth, rounded up


# -- the checks that follow the sales-cycle lag --------------------------------------------
CAMPAIGN = "  - {{id: {id}, name: {id}, type: marketing, plane: prospecting, start: {start}, end: {end}, goal: {goal}, expected_leads: {leads}}}\n"


def campaigns(*rows: dict) -> str:
    return md("title: C\nkind: campaigns\ncampaigns:\n" + "".join(CAMPAIGN.format(**r) for r in rows))


def test_a_campaign_in_the_weeks_before_its_goal_feeds_it_and_the_opening_pipeline_needs_no_leads():
    # 45 days of sales cycle: March's leads come in 15 January – 14 February. February's 10 deals
    # need 10 leads, half of them before the plan starts (the opening pipeline): 5 from campaigns.
    files = {"f.md": FUNNEL, "t.md": TEAM,
             "g.md": goals("id: feb, metric: deals, target: 10, period: 2027-02",
                           "id: mar, metric: deals, target: 10, period: 2027-03"),
             "c.md": campaigns({"id": "early", "start": "2027-01-01", "end": "2027-01-10", "goal": "mar", "leads": 10},
                               {"id": "january", "start": "2027-01-20", "end": "2027-01-30", "goal": "mar", "leads": 0},
                               {"id": "winter", "start": "2027-01-05", "end": "2027-01-30", "goal": "feb", "leads": 5})}
    found = [d.line_text() for d in analyse_files(files).diagnostics if d.code in ("campaign-outside-goal", "lead-coverage")]
    assert found == [
        "plan/c.md:5:109: warning: campaign 'early' runs 2027-01-01 – 2027-01-10, entirely outside the period 2027-03 "
        "(2027-01-15 – 2027-02-14, moved 45 days earlier for the sales cycle) of goal 'mar' it feeds; move its dates "
        "or point it at a goal of that time [campaign-outside-goal]",
    ]
    files["c.md"] = files["c.md"].replace("goal: feb, expected_leads: 5", "goal: feb, expected_leads: 4")
    assert [d.line_text() for d in analyse_files(files).diagnostics if d.code == "lead-coverage"] == [
        "plan/g.md:5:10: warning: campaigns feeding goal 'feb' (winter) expect 4 leads but the funnel needs 5 at "
        "stage 'lead'; plan more campaigns or raise expected_leads [lead-coverage]"
    ]


# -- a plan written for v1 -----------------------------------------------------------------
V1_PLAN = {
    "s.md": md("title: S\nkind: segments\nsegments:\n  - {id: smb, name: SMB, size: 100000}\n"),
    "f.md": md("title: F\nkind: funnel\nsegment: smb\ndeal_size: 1000\nstages:\n"
               "  - {id: lead, name: Lead, conversion: 25%}\n  - {id: demo, name: Demo, conversion: 50%}\n"
               "activities:\n  - {name: Call, stage: lead, per_unit: 3, minutes: 10, role: sdr}\n"
               "  - {name: Demo, stage: demo, per_unit: 1, minutes: 60, role: ae}\n"),
    "t.md": md("title: Team\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 2, selling_share: 80%}\n"
               "  - {id: ae, role: AE, headcount: 2, start: 2027-07-01}\n"),
    "g.md": goals("id: year, metric: revenue, target: 400000, period: 2027, segment: smb",
                  "id: q1, metric: revenue, target: 100000, period: 2027-Q1, segment: smb",
                  "id: q2, metric: revenue, target: 100000, period: 2027-Q2, segment: smb",
                  "id: h2, metric: revenue, target: 200000, period: 2027-H2, segment: smb"),
    "a.md": md("title: A\nkind: actuals\nactuals:\n  - {goal: q1, value: 90000, as_of: 2027-03-31}\n"),
}


def test_a_plan_written_for_v1_checks_and_builds_with_no_new_errors(tmp_path, write_plan, run_cli):
    write_plan(tmp_path, V1_PLAN, PLAN_YAML + "holidays: US\n")
    code, out, _ = run_cli("check", "--plan", "plan", "--format", "json", cwd=tmp_path)
    assert code == 0 and [d for d in json.loads(out) if d["severity"] == "error"] == []
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, err
    data = json.loads((tmp_path / "public" / "plan.json").read_text(encoding="utf-8"))
    # v1's keys keep their meaning: the year's own funnel from its own target
    year = next(g for g in data["goals"] if g["id"] == "year")
    assert (year["won"], [(s["id"], s["required"]) for s in year["stages"]]) == (400, [("lead", 3200), ("demo", 800)])
    assert data["totals"] == {"targets": {"revenue": 400000}}


# -- the guide's capacity example ------------------------------------------------------------
def test_the_guides_february_capacity_for_four_sdrs():
    """docs/plan-format.md §6 Capacity: 4 × 40 h ÷ 5 days × 19 working days × 85 % = 516.8 h."""
    team = md("title: Team\nkind: resources\nteam:\n  - {id: sdr, role: SDR, headcount: 4, selling_share: 85%}\n")
    analysis = analyse_files({"t.md": team}, PLAN_YAML + "holidays: US\n")
    february = next(r for r in analysis.computed.capacity_months if r.month == "2027-02")
    assert february.available == Fraction("516.8")


# -- the review dashboard names overloaded months in words ------------------------------------
@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "AE overloaded in March 2027 – April 2027: 114% of available hours"),
    ("pl", "AE przeciążony (Marzec 2027 – Kwiecień 2027): 114% dostępnych godzin"),
])
def test_needs_attention_names_the_overloaded_months_in_words(language, sentence):
    # one AE, 60 minutes a call, no sales cycle: 200 calls in March (184 h: 109 %) and April (176 h: 114 %)
    funnel = FUNNEL.replace("days: 45", "days: 0")
    analysis = analyse_files({"f.md": funnel, "t.md": TEAM,
                              "g.md": goals("id: mar, metric: deals, target: 200, period: 2027-03",
                                            "id: apr, metric: deals, target: 200, period: 2027-04"),
                              "a.md": md("title: A\nkind: actuals\nactuals:\n  - {goal: mar, value: 150, as_of: 2027-03-31}\n")},
                             PLAN_YAML + f"language: {language}\n")
    dashboard = text_of(site_files(analysis)["index.html"]).replace("\u00a0", " ")
    assert sentence in dashboard


# -- a goal's monthly phasing and opening pipeline on its funnel page --------------------------
def table_after(page: str, caption: str) -> list[list[str]]:
    """The rows (cells as the reader sees them) of the table captioned ``caption``."""
    start = page.index(f"<caption>{caption}</caption>")
    body = page[start:page.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


def test_a_goal_card_shows_its_months_and_the_pipeline_needed_before_the_start():
    """docs/plan-format.md §6, 'a fiscal year, a remainder, a lag and a ramped hire': FY2028-Q1's
    36 deals over April 22, May 21, June 22 working days; 45 days of cycle put 36 demos before 1 April."""
    files = {"g.md": goals("id: fy2028, metric: deals, target: 120, period: FY2028",
                           "id: fy2028-q1, metric: deals, target: 36, period: FY2028-Q1"),
             "f.md": md("title: F\nkind: funnel\nstages:\n  - {id: demo, name: Demo, conversion: 50%, days: 45}\n"
                        "activities:\n  - {name: Demo, stage: demo, per_unit: 1, minutes: 60, role: ae}\n"),
             "t.md": TEAM}
    page = site_files(analyse_files(files, FISCAL))["f.html"].decode()
    assert table_after(page, "fy2028-q1: target and won deals per month") == [
        ["Month", "Target", "Won deals"],
        ["April 2027", "12.2", "12.2"], ["May 2027", "11.6", "11.6"], ["June 2027", "12.2", "12.2"],
        ["Total", "36", "36"],
    ]
    opening = table_after(page, "Opportunities that must already be in each stage on Apr 1, 2027 for the deals "
                                "closing early in the period.")
    assert opening == [["Stage", "Entries needed"], ["Demo", "36"]]
    # the year's own card: twelve months, FY2028's 120 deals; its remainder starts in July, after the cycle
    year = table_after(page, "fy2028: target and won deals per month")
    assert len(year) == 14 and year[-1] == ["Total", "120", "120"]
    assert page.count("Pipeline needed before the plan starts") == 1  # only the quarter reaches before April


# -- a remainder's won deals ---------------------------------------------------------------------
@pytest.mark.parametrize(("child", "won"), [
    # valued like the year ($1,000 a deal): 100 deals − the quarter's ceil(30.5) = 31 leave 69, not ceil(69.5) = 70
    ("target: 30500, period: 2027-Q1", 31 + 69),
    # the quarter sells a $3,000 product: its 10 deals say nothing of the year's, so the remainder
    # $70,000 is worked through the year's funnel on its own: 70 deals
    ("target: 30000, period: 2027-Q1, product: p", 10 + 70),
])
def test_a_remainders_won_deals_follow_how_the_goals_inside_are_valued(child, won):
    funnel = md("title: F\nkind: funnel\ndeal_size: 1000\nstages:\n  - {id: s, name: S, conversion: 100%}\n")
    offer = md("title: O\nkind: offer\nproducts:\n  - {id: p, name: P, price: 3000}\n")
    analysis = analyse_files({"f.md": funnel, "o.md": offer,
                              "g.md": goals("id: y, metric: revenue, target: 100000, period: 2027",
                                            f"id: q, metric: revenue, {child}")})
    year = analysis.computed.goals[0]
    assert (year.won, sum(m.won for m in year.months)) == (100, won)


# -- the review chart of a goal with actuals (#18) ---------------------------------------------
def test_the_review_chart_draws_the_phased_plan_the_expected_marker_and_the_forecast():
    """docs/actuals.md's worked example: Q2 $150,000 over 22/21/22 working days, $95,000.50 on 14 May."""
    analysis = analyse_files({
        "g.md": goals("id: q2, metric: revenue, target: 150000, period: 2027-Q2"),
        "f.md": md("title: F\nkind: funnel\ndeal_size: 1000\nstages:\n  - {id: s, name: S, conversion: 100%}\n"),
        "a.md": md("title: A\nkind: actuals\nactuals:\n  - {goal: q2, value: 95000.50, as_of: 2027-05-14}\n")})
    plan, actual, expected, forecast = chart_figure(site_files(analysis)["review.html"].decode(), "sg-review-q2")["data"]
    # the plan, cumulative by month end: 150,000 × 22/65, × 43/65, all of it
    assert plan["x"] == ["2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]
    assert plan["y"] == pytest.approx([0, 150000 * 22 / 65, 150000 * 43 / 65, 150000])
    assert (actual["name"], actual["x"], actual["y"]) == ("Actual (✓ On track)", ["2027-03-31", "2027-05-14"], [0, 95000.5])
    # expected by now: April and 10 of May's 21 working days = $73,846; the run rate ends at $192,970
    assert (expected["x"], round(expected["y"][0])) == (["2027-05-14"], 73846)
    assert forecast["x"] == ["2027-05-14", "2027-06-30"] and [round(v) for v in forecast["y"]] == [95000, 192970]


# -- the heat map's colour bar -------------------------------------------------------------------
@pytest.mark.parametrize(("deals", "labels"), [
    (178, ["0%", "100%"]),  # 178 h of 168 in January: 106 %, too close to 100 % to print apart
    (336, ["0%", "100%", "200%"]),
])
def test_the_heat_maps_colour_bar_marks_100_percent_and_a_peak_that_stands_clear_of_it(deals, labels):
    analysis = analyse_files({"f.md": FUNNEL.replace("days: 45", "days: 0"), "t.md": TEAM,
                              "g.md": goals(f"id: jan, metric: deals, target: {deals}, period: 2027-01")})
    heat = chart_figure(site_files(analysis)["index.html"].decode(), "sg-dash-capacity")["data"][0]
    assert heat["colorbar"]["ticktext"] == labels
    assert heat["colorbar"]["tickvals"][:2] == [0, 100]


def test_each_heat_map_cell_is_written_in_the_ink_of_the_band_it_is_drawn_in():
    """January 178 h of 168 (106 %, over), February 150 h of 160 (94 %, near full), March none:
    each cell's figure takes its band's text colour (light on the dark red of light mode), and an
    overloaded cell puts ▲ under its figure, which fits a month's cell; the hover keeps one line."""
    analysis = analyse_files({"f.md": FUNNEL.replace("days: 45", "days: 0"), "t.md": TEAM,
                              "g.md": goals("id: jan, metric: deals, target: 178, period: 2027-01",
                                            "id: feb, metric: deals, target: 150, period: 2027-02")})
    heat = chart_figure(site_files(analysis)["index.html"].decode(), "sg-dash-capacity")["data"][0]
    assert heat["text"][0][:3] == ['<span style="color:var(--heat-over-text)"><b>106%<br>▲</b></span>',
                                   '<span style="color:var(--heat-near-text)">94%</span>',
                                   '<span style="color:var(--heat-ok-text)">0%</span>']
    assert heat["customdata"][0][0] == ["AE", "<b>106% ▲</b>"]
    assert [band[1] for band in heat["colorscale"]] == [f"var(--heat-{b})" for b in ("ok", "ok", "near", "near", "over", "over")]


def test_a_cell_just_over_a_threshold_is_drawn_in_the_band_above_it():
    """85.001 % is near full and 100.001 % overloaded, as the dashboard and the ▲ say, though
    both print as 85 % and 100 %; exactly 85 % still has room and exactly 100 % is near full."""
    uses = {"2027-01": Fraction(85001, 100000), "2027-02": Fraction(100001, 100000),
            "2027-03": Fraction(85, 100), "2027-04": Fraction(1)}
    rows = [CapacityMonth("AE", ("ae",), month, use * 100000, Fraction(100000)) for month, use in uses.items()]
    heat = capacity_heatmap("c", rows, translator("en"), Formatter("en", "USD")).figure["data"][0]
    assert heat["z"][0][:4] == [85.1, 100.1, 85.0, 100.0]
    assert [re.search(r"--heat-(\w+)-text", cell).group(1) for cell in heat["text"][0][:4]] == ["near", "over", "ok", "near"]


# -- per rep per day: heads employed, without ramp or leave (§7) ----------------------------------
@pytest.mark.parametrize(("first", "per_rep"), [
    # 1 rep all year (26.1 days' leave do not count) + a hire from 1 July (132 of 261 days; the ramp
    # does not count): 1 call a day ÷ (1 + 132/261) heads = 261/393
    ("headcount: 1, leave_days: 26.1", Fraction(261, 393)),
    # the first rep leaves on 30 June (129 days) as the hire comes: one head all year
    ("headcount: 1, end: 2027-06-30", Fraction(1)),
])
def test_per_rep_per_day_counts_the_heads_employed_without_ramp_or_leave(first, per_rep):
    funnel = md("title: F\nkind: funnel\nstages:\n  - {id: s, name: S, conversion: 100%}\n"
                "activities:\n  - {name: Call, stage: s, per_unit: 1, minutes: 1, role: ae}\n")
    team = md(f"title: T\nkind: resources\nteam:\n  - {{id: ae, role: AE, {first}}}\n"
              "  - {id: hire, role: AE, headcount: 1, start: 2027-07-01, ramp: [0.5]}\n")
    analysis = analyse_files({"f.md": funnel, "t.md": team, "g.md": goals("id: g, metric: deals, target: 261, period: 2027")})
    (call,) = analysis.computed.goals[0].activities
    assert call.per_day == 1
    assert abs(call.per_rep_per_day - Decimal(per_rep.numerator) / per_rep.denominator) < Decimal("1e-20")
