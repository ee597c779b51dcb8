"""Charts read like the rest of the page: periods in calendar order, money ticks as the KPI tiles write them.

A sales manager compares capacity per quarter and reads revenue ticks in
their own language; a Polish reader sees `2 mln zł`, not Plotly's `2M`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitegen.site.charts.axes import nice_ticks, period_order, short_label, wrapped_labels

ROOT = Path(__file__).resolve().parent.parent


def _figure(page: str, chart_id: str) -> dict:
    start = page.index(f'id="{chart_id}"')
    match = re.compile(r'<script type="application/json" class="sg-chart-figure"[^>]*>(.*?)</script>', re.S).search(page, start)
    assert match, chart_id
    return json.loads(match.group(1))


def test_periods_are_grouped_by_length_then_ordered_by_date():
    shuffled = ["2027-Q1", "2027-H1", "2027", "2027-03", "2027-Q2", "2027-H2", "2027-Q4", "2027-Q3", "2026"]
    assert period_order(shuffled) == ["2026", "2027", "2027-H1", "2027-H2", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2027-03"]


def test_ticks_are_round_steps_from_zero_past_the_largest_value():
    assert [int(v) for v in nice_ticks(2_150_000)] == [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]
    assert [int(v) for v in nice_ticks(81)] == [0, 20, 40, 60, 80, 100]


def test_long_labels_are_shortened_and_cjk_counts_double():
    assert short_label("Account Executive, SMB and mid-market", 20) == "Account Executive, S…"
    assert short_label("华东区企业客户春季推广活动计划", 10) == "华东区企业…"
    assert short_label("Short", 20) == "Short"


def test_a_phones_axis_names_a_driver_on_two_short_lines():
    """The tornado's drivers on a phone: broken at a space, CJK anywhere, the rest cut, and two
    names that would read the same keep their whole text."""
    assert wrapped_labels(["Conversion: Workshop and proof of concept", "Deal size"]) == [
        "Conversion: Workshop<br>and proof of concept", "Deal size"]
    assert wrapped_labels(["Headcount: Sales Development Representative"]) == [
        "Headcount: Sales<br>Development Representa…"]
    assert wrapped_labels(["转化率：提交方案与商务谈判阶段的客户"]) == ["转化率：提交方案与商务<br>谈判阶段的客户"]
    twins = [f"Conversion: {' '.join('abcdefghijklmnopqrstuvwxyz')} {n}" for n in (1, 2)]
    assert wrapped_labels(twins) == twins


def test_polish_dashboard_charts_use_polish_money_ticks_and_period_order(tmp_path, run_cli):
    out = tmp_path / "site"
    code, _, err = run_cli("build", "--plan", str(ROOT / "examples" / "pl"), "--out", str(out))
    assert code == 0, err
    page = (out / "index.html").read_text(encoding="utf-8")

    targets = _figure(page, "sg-dash-targets")["layout"]["yaxis"]
    assert "2\u00a0mln\u00a0zł" in targets["ticktext"]
    # capacity: months in order, then the quarters and the year they add up to, in Polish words
    columns = _figure(page, "sg-dash-capacity")["data"][0]["x"]
    assert columns[:3] == ["Sty 2027", "Lut 2027", "Mar 2027"]
    assert columns[12:] == ["I kw. 2027", "II kw. 2027", "III kw. 2027", "IV kw. 2027", "2027"]
    targets_x = _figure(page, "sg-dash-targets")["data"][0]["x"]
    assert "2027-Q1" not in targets_x and not any("-Q" in x for x in targets_x)
