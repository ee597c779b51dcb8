"""One story per diagnostic code: a plan author's mistake, and the exact line `check` prints.

Every case writes a small plan, runs ``sitegen check --plan plan`` from the folder
above it and expects the located error (``path:line:col: error: message [code]``),
exit code 1 and no traceback. Line 1 of a section is its opening ``---``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from conftest import PLAN_YAML, md

SEGMENTS = md("title: Segments\nkind: segments\nsegments:\n  - id: enterprise\n    name: Enterprise\n")
FUNNEL = md(
    "title: Funnel\nkind: funnel\ndeal_size: 1000\nstages:\n"
    "  - {id: lead, name: Lead, conversion: 50%}\n"
)


@dataclass
class Case:
    name: str
    files: dict
    expected: str
    plan_yaml: str | None = PLAN_YAML
    others: list[str] = field(default_factory=list)


CASES = [
    # -- load: files and YAML ------------------------------------------------
    Case(
        "yaml-syntax: tab indentation",
        {"goals.md": md("title: Goals\nkind: goals\ngoals:\n\t- id: g\n")},
        "plan/goals.md:5:1: error: invalid YAML: while scanning for the next token: found character "
        "that cannot start any token; indent with spaces, not tabs [yaml-syntax]",
    ),
    Case(
        "yaml-syntax: unclosed quote points at the opening quote",
        {"a.md": md("title: 'About us\nowner: Ann\n")},
        "plan/a.md:2:8: error: invalid YAML: while scanning a quoted scalar: found unexpected end of "
        "stream; a quote was opened but never closed [yaml-syntax]",
    ),
    Case(
        "duplicate-key",
        {"a.md": md("title: A\nowner: Ann\ntitle: B\n")},
        "plan/a.md:4:1: error: duplicate key 'title' (first defined on line 2); keep only one [duplicate-key]",
    ),
    Case(
        "yaml-tag: a tag that would construct an object",
        {"a.md": md("title: !!python/object/apply:os.getcwd []\n")},
        "plan/a.md:2:8: error: YAML tag '!!python/object/apply:os.getcwd' is not allowed; remove it [yaml-tag]",
    ),
    Case(
        "yaml-limit: 5,000-deep block nesting",
        {"a.md": md("title: A\nextra:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(5000)))},
        "plan/a.md:67:65: error: nesting deeper than 64 levels [yaml-limit]",
    ),
    Case(
        "front-matter: missing closing ---",
        {"a.md": "---\ntitle: A\n\nThe body starts here.\n"},
        "plan/a.md:1:1: error: front matter is not closed; add a line with '---' after the last field [front-matter]",
    ),
    Case(
        "front-matter: empty file",
        {"empty.md": ""},
        "plan/empty.md:1:1: error: empty file; a section starts with '---', its fields (at least "
        "'title:'), and '---' [front-matter]",
    ),
    Case(
        "front-matter: prose without front matter",
        {"notes.md": "# Notes\n\nJust prose.\n"},
        "plan/notes.md:1:1: error: no front matter; start the file with a '---' line, then "
        "'title: ...', then another '---' line [front-matter]",
    ),
    Case(
        "encoding: non-UTF-8 bytes located to the byte",
        {"a.md": b"---\ntitle: Caf\xe9\n---\n"},
        "plan/a.md:2:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]",
    ),
    Case(
        "missing-plan",
        {"a.md": md("title: A\n")},
        "plan/plan.yaml:1:1: error: missing plan/plan.yaml; create it with 'title:' and "
        "'period: {start: ..., end: ...}' [missing-plan]",
        plan_yaml=None,
    ),
    # -- one file against its kind ---------------------------------------------
    Case(
        "unknown-kind with a suggestion",
        {"a.md": md("title: A\nkind: goalz\n")},
        "plan/a.md:3:7: error: unknown kind 'goalz' (did you mean 'goals'?); use one of page, "
        "positioning, swot, segments, offer, goals, funnel, resources, campaigns, territories, "
        "budget, actuals [unknown-kind]",
    ),
    Case(
        "unknown-field: tagret -> target",
        {"goals.md": md("title: Goals\nkind: goals\ngoals:\n  - id: g\n    metric: units\n    tagret: 5\n    period: 2027\n")},
        "plan/goals.md:7:5: error: unknown field 'tagret' (did you mean 'target'?) [unknown-field]",
        others=[
            "plan/goals.md:5:5: error: missing required field 'target'; goals must be measurable "
            "and time-bound [missing-field]"
        ],
    ),
    Case(
        "missing-field: section without a title",
        {"a.md": md("kind: page\nowner: Ann\n")},
        "plan/a.md:2:1: error: missing required field 'title' [missing-field]",
    ),
    Case(
        "type: text where a number belongs",
        {"goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: lots, period: 2027}\n")},
        "plan/goals.md:5:36: error: expected a number, got text 'lots' [type]",
    ),
    Case(
        "type: a list where a mapping is expected",
        {"f.md": md("title: F\nkind: funnel\ndeal_size: 10\nstages:\n  - [lead, Lead, 50%]\n")},
        "plan/f.md:6:5: error: expected a mapping (key: value lines), got a list [type]",
    ),
    Case(
        "range: negative money",
        {"offer.md": md("title: Offer\nkind: offer\nproducts:\n  - id: p\n    name: P\n    price: -5\n")},
        "plan/offer.md:7:12: error: an amount must be at least 0, got -5 [range]",
    ),
    Case(
        "range: a rate above 100%",
        {"f.md": md("title: F\nkind: funnel\ndeal_size: 10\nstages:\n  - {id: s, name: S, conversion: '120%'}\n")},
        "plan/f.md:6:34: error: a rate must be between 0% and 100% (0 to 1), got 120% [range]",
    ),
    Case(
        "range: a rate below 0",
        {"f.md": md("title: F\nkind: funnel\ndeal_size: 10\nstages:\n  - {id: s, name: S, conversion: -0.1}\n")},
        "plan/f.md:6:34: error: a rate must be between 0% and 100% (0 to 1), got -0.1 [range]",
    ),
    Case(
        "range: .inf",
        {"f.md": md("title: F\nkind: funnel\ndeal_size: .inf\nstages:\n  - {id: s, name: S, conversion: 0.5}\n")},
        "plan/f.md:4:12: error: expected a finite number, got '.inf' [range]",
    ),
    Case(
        "range: .nan",
        {"f.md": md("title: F\nkind: funnel\ndeal_size: 10\nstages:\n  - {id: s, name: S, conversion: .nan}\n")},
        "plan/f.md:6:34: error: expected a finite number, got '.nan' [range]",
    ),
    Case(
        "period: 2027-Q5 is not a period",
        {"goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 5, period: 2027-Q5}\n")},
        "plan/goals.md:5:47: error: '2027-Q5' is not a period; write 2027, 2027-H1, 2027-Q2, 2027-03 or a fiscal FY2028, FY2028-Q1 [period]",
    ),
    # -- across files ------------------------------------------------------
    Case(
        "period: outside the plan",
        {"goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 5, period: 2028-Q1}\n")},
        "plan/goals.md:5:47: error: period 2028-Q1 lies outside the plan period 2027-01-01 – 2027-12-31 [period]",
    ),
    Case(
        "duplicate-id across files names both places",
        {
            "a.md": SEGMENTS,
            "b.md": md("title: More\nkind: segments\nsegments:\n  - {id: smb, name: SMB}\n  - {id: enterprise, name: Big}\n"),
        },
        "plan/b.md:6:10: error: duplicate segment id 'enterprise' (also defined at plan/a.md:5) [duplicate-id]",
    ),
    Case(
        "unknown-ref with a suggestion",
        {
            "segments.md": SEGMENTS,
            "goals.md": md("title: Goals\nkind: goals\ngoals:\n  - id: g\n    metric: units\n    target: 5\n    period: 2027\n    segment: enterprize\n"),
        },
        "plan/goals.md:9:14: error: unknown segment 'enterprize' (did you mean 'enterprise'?) [unknown-ref]",
    ),
    Case(
        "date-order: a campaign that ends before it starts",
        {"c.md": md("title: C\nkind: campaigns\ncampaigns:\n  - id: spring\n    name: Spring\n    type: sales\n    plane: sales\n    start: 2027-05-01\n    end: 2027-04-01\n")},
        "plan/c.md:10:10: error: campaign 'spring' ends (2027-04-01) before it starts (2027-05-01) [date-order]",
    ),
    Case(
        "date-order: a plan period that ends before it starts",
        {},
        "plan/plan.yaml:4:8: error: the plan period ends (2027-01-01) before it starts (2027-12-31) [date-order]",
        plan_yaml="title: T\nperiod:\n  start: 2027-12-31\n  end: 2027-01-01\n",
    ),
    Case(
        "default-funnel: two funnels without a segment",
        {"f1.md": FUNNEL, "f2.md": FUNNEL},
        "plan/f2.md:2:1: error: more than one default funnel (no 'segment'): also plan/f1.md; give this "
        "one a 'segment' or name it from the goals with 'funnel:' [default-funnel]",
    ),
    Case(
        "goal-value: a revenue goal nobody can value",
        {
            "f.md": md("title: F\nkind: funnel\nstages:\n  - {id: lead, name: Lead, conversion: 50%}\n"),
            "goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: revenue, target: 5000, period: 2027}\n"),
        },
        "plan/goals.md:5:38: error: revenue goal 'g' cannot be valued: name a 'product', or give "
        "funnel 'f' a 'deal_size:' above 0 [goal-value]",
    ),
    Case(
        "missing-file: an actuals CSV that is not there",
        {"actuals.md": md("title: Actuals\nkind: actuals\nsource: data/q1.csv\n")},
        "plan/actuals.md:4:9: error: actuals file 'data/q1.csv' not found (looked for plan/data/q1.csv) [missing-file]",
    ),
    Case(
        "csv: a bad row is located to its line and column",
        {
            "goals.md": md("title: Goals\nkind: goals\ngoals:\n  - {id: g, metric: units, target: 5, period: 2027}\n"),
            "actuals.md": md("title: Actuals\nkind: actuals\nsource: q1.csv\n"),
            "q1.csv": "goal,value,as_of\ng,3,2027-03-31\ng,three,2027-04-30\n",
        },
        "plan/q1.csv:3:3: error: row 2, column 'value': 'three' is not a number; write digits with '.' as decimal mark, "
        "like 12500.50 [csv]",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_is_one_located_error(check_plan, case: Case):
    code, lines, _ = check_plan(case.files, case.plan_yaml)
    assert code == 1
    assert case.expected in lines
    problems = lines[:-1]
    assert sorted(problems) == sorted([case.expected, *case.others]), "\n".join(lines)
    assert lines[-1].startswith(f"{len(problems)} error")


def test_every_code_in_use_has_a_case():
    codes = {c.expected.rsplit("[", 1)[1].rstrip("]") for c in CASES}
    assert codes == {
        "yaml-syntax", "duplicate-key", "yaml-tag", "yaml-limit", "front-matter", "encoding",
        "missing-plan", "unknown-kind", "unknown-field", "missing-field", "type", "range", "period",
        "duplicate-id", "unknown-ref", "date-order", "default-funnel", "goal-value", "missing-file", "csv",
    }
