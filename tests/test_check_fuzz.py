"""Whatever a plan author does to a valid plan, `check` answers with diagnostics, never a crash.

Mutations are the everyday slips: a deleted line, a pasted-twice line, a line
retyped with something else, two characters swapped.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.diagnostics import Diagnostic
from sitegen.load import PlanSources
from sitegen.pipeline import analyse
from sitegen.site.pages.planjson import plan_json

MINI = Path(__file__).parent / "fixtures" / "mini"
FILES = {p.relative_to(MINI).as_posix(): p.read_bytes() for p in sorted(MINI.rglob("*")) if p.is_file()}
NAMES = sorted(FILES)

RETYPED = st.one_of(
    st.sampled_from(
        [
            "", "---", "  - ", "kind: goals", "target: -1", "conversion: 150%", "price: .inf",
            "period: 2027-Q5", "start: 2028-01-01", "end: 2026-01-01", "id: smb", "segment: nowhere",
            "role: ghost", "stage: nowhere", "goal: nowhere", "headcount: 0", "reps: 0",
            "working_days: []", "holidays: XX", "margin: 0", "deal_size: 0", "x: *a",
            "a: &a [1, 2]", "\t- tab", "'unclosed", "title: !!python/name:os.system",
            "per_unit: 1e30", "target: 1e400", "accounts: 99999999999999999999999999999999",
            "visit_minutes: 0.0001", "conversion: 0.0000001", "start: 0001-01-01",
            "period: {start: 0001-01-01, end: 9999-12-31}", "as_of: 2027-02-30",
        ]
    ),
    st.text(max_size=30).filter(lambda s: "\n" not in s and "\r" not in s),
)


@st.composite
def mutated(draw) -> dict[str, bytes]:
    files = dict(FILES)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        lines = files[name].decode("utf-8").split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "retype", "swap", "indent"]))
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "retype":
            new = draw(RETYPED)
            keep_indent = draw(st.booleans())
            lines[i] = (lines[i][: len(lines[i]) - len(lines[i].lstrip())] if keep_indent else "") + new
        elif how == "indent":
            lines[i] = "  " + lines[i]
        elif len(lines[i]) >= 2:
            j = draw(st.integers(0, len(lines[i]) - 2))
            s = lines[i]
            lines[i] = s[:j] + s[j + 1] + s[j] + s[j + 2 :]
        files[name] = "\n".join(lines).encode("utf-8")
    return files


def test_the_unmutated_plan_is_clean():
    analysis = analyse(PlanSources(files=FILES, display_root="plan"))
    assert analysis.diagnostics == []
    assert analysis.computed is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_check_never_raises_on_a_mutated_plan(files):
    analysis = analyse(PlanSources(files=files, display_root="plan"))
    for d in analysis.diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.severity in ("error", "warning")
        assert d.line >= 1 and d.column >= 1
        assert d.path.startswith("plan/")
        assert d.message and d.code
    if not analysis.failed():
        plan_json(analysis.computed, analysis.diagnostics)  # the plan builds: plan.json must too
