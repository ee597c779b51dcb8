"""Story: a head of sales sees at a glance which territory is overloaded — red, marked ▲ and
named in the legend (colour is never the only signal)."""

from __future__ import annotations

from pathlib import Path

from conftest import chart_figure, md

TERRITORIES = md(
    "title: Territories\nkind: territories\nterritories:\n"
    "  - {id: north, name: North, accounts: 88, visits_per_month: 1, visit_minutes: 60, travel_minutes: 30, reps: 1}\n"
    "  - {id: south, name: South, accounts: 40, visits_per_month: 1, visit_minutes: 60, travel_minutes: 30, reps: 1}\n"
)




def test_an_overloaded_territory_is_red_and_marked(tmp_path: Path, write_plan, run_cli) -> None:
    plan = write_plan(tmp_path, {"territories.md": TERRITORIES})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "site"))
    assert code == 0, err
    page = (tmp_path / "site" / "territories.html").read_text(encoding="utf-8")
    fits, overloaded, _ = chart_figure(page, "sg-territories")["data"]
    # North needs 4.05 visits a day, a rep makes 4: red, ▲, named in the legend; South fits: blue
    assert (overloaded["marker"]["color"], overloaded["name"], overloaded["text"]) == ("var(--bad)", "▲ Over capacity", ["▲", ""])
    assert overloaded["y"][1] is None and fits["y"][0] is None and fits["marker"]["color"] == "var(--chart-1)"
    assert "▲ Over capacity" in page and "South" in page
