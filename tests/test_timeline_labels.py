"""Timeline rows: every campaign its own row, even when many share a name.

A large plan repeats short names ("Q1 push") hundreds of times; each row gets
zero-width spaces until its label is unique. The labels must stay exactly
what the first, simpler rule gave (a list search per row, too slow at 5,000
sections), so a stored timeline does not change its rows.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.site.charts.axes import short_label
from sitegen.site.charts.timeline import _labels, _segment_label


def _first_rule(rows, names, none_label):
    categories, label_of, segment = [], {}, object()
    for c in rows:
        mine = _segment_label(c, names, none_label)
        if mine != segment:
            segment = mine
            categories.append(f"<b>{short_label(mine, 30)}</b>")
        label = short_label(c.name)
        while label in categories:
            label += "\u200b"
        categories.append(label)
        label_of[c.id] = label
    return categories, label_of


def _campaign(index: int, name: str, segment: str | None):
    day = dt.date(2027, 1, 1)
    return SimpleNamespace(id=f"c{index}", name=name, segment=segment, start=day, end=day)


_names = st.sampled_from(["Q1 push", "Q1 push\u200b", "Webinar", "<b>Enterprise</b>", "A" * 40, "目标活动"])
_segments = st.sampled_from([None, "ent", "smb", "<b>Enterprise</b>"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI runs two suites at once
@given(st.lists(st.tuples(_names, _segments), max_size=60))
def test_labels_are_those_of_the_first_rule(pairs) -> None:
    rows = [_campaign(i, name, segment) for i, (name, segment) in enumerate(pairs)]
    names = {"ent": "Enterprise", "smb": "SMB"}
    assert _labels(rows, names, "No segment") == _first_rule(rows, names, "No segment")


def test_a_thousand_rows_of_one_name_are_a_thousand_rows() -> None:
    rows = [_campaign(i, "Q1 push", "ent") for i in range(1000)]
    categories, label_of = _labels(rows, {"ent": "Enterprise"}, "No segment")
    assert len(set(categories)) == len(categories) == 1001
    assert label_of["c999"] == "Q1 push" + "\u200b" * 999
