"""Any number `check` accepts is computed, formatted and built: the site never crashes on one.

Hypothesis writes numbers of every size, precision and notation into the
number fields of the small complete plan (tests/fixtures/mini); whenever
`check` has no error, every output of the site is made in-process.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import site_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.load import PlanSources
from sitegen.pipeline import analyse

MINI = Path(__file__).parent / "fixtures" / "mini"
FILES = {p.relative_to(MINI).as_posix(): p.read_bytes() for p in sorted(MINI.rglob("*")) if p.is_file()}

# (file, the field as the fixture writes it): the number fields a plan author types.
FIELDS = [
    ("sales/funnel.md", "deal_size: 10000"),
    ("sales/funnel.md", "conversion: 20%"),
    ("sales/funnel.md", "conversion: 0.5"),
    ("sales/funnel.md", "per_unit: 2"),
    ("sales/funnel.md", "minutes: 60"),
    ("sales/default-funnel.md", "conversion: 25%"),
    ("sales/goals.md", "target: 1200000"),
    ("sales/goals.md", "target: 20"),
    ("sales/team.md", "headcount: 2, hours"),
    ("sales/team.md", "hours_per_week: 40"),
    ("sales/territories.md", "accounts: 40"),
    ("sales/territories.md", "visit_minutes: 60"),
    ("sales/territories.md", "reps: 1"),
    ("sales/campaigns.md", "budget: 4000"),
    ("sales/campaigns.md", "expected_leads: 2500"),
    ("sales/budget.md", "total: 50000"),
    ("sales/actuals.md", "value: 150000"),
    ("market/offer.md", "price: 12000"),
    ("market/offer.md", "margin: 0.3"),
]

MAGNITUDES = st.integers(min_value=-14, max_value=8)
DIGITS = st.integers(min_value=0, max_value=10**9)


@st.composite
def written_numbers(draw) -> str:
    """A number as someone might type it, from 1e-14 to 1e40, in the forms YAML knows."""
    number = Decimal(draw(DIGITS)).scaleb(draw(MAGNITUDES))
    plain = format(number, "f")
    form = draw(st.sampled_from(["plain", "zeros", "exponent", "underscore", "percent", "tiny", "huge", "edge"]))
    if form == "edge":  # the limits of docs/plan-format.md §5, where figures grow largest
        return draw(st.sampled_from(["0.000000000001", "999999999999999", "0.000001", "0.001", "1000000", "100000", "168"]))
    if form == "zeros":
        return "00" + plain
    if form == "exponent":
        return f"{draw(st.integers(1, 999))}e{draw(MAGNITUDES)}"
    if form == "underscore":
        return plain.replace("0", "0_", 1) if "0" in plain[1:] else plain
    if form == "percent":
        return f'"{plain}%"'
    if form == "tiny":
        return "0." + "0" * draw(st.integers(0, 14)) + "1"
    if form == "huge":
        return "9" * draw(st.integers(10, 40))
    return plain


@st.composite
def plans(draw) -> dict[str, bytes]:
    files = dict(FILES)
    for _ in range(draw(st.integers(1, 6))):
        name, field = draw(st.sampled_from(FIELDS))
        key = field.split(":")[0]
        rest = field.split(",", 1)[1] if "," in field else ""
        value = draw(written_numbers())
        new = f"{key}: {value}" + ("," + rest if rest else "")
        files[name] = files[name].decode("utf-8").replace(field, new, 1).encode("utf-8")
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_number_check_accepts_builds(files):
    analysis = analyse(PlanSources(files=files, display_root="plan"))
    if analysis.failed():
        assert all(d.code != "internal" for d in analysis.diagnostics)
        return
    for content in site_files(analysis).values():
        assert content  # rendering and formatting happen here, number by number
