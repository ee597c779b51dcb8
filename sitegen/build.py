"""Build: the analysed plan → every output file of the site (nothing written here)."""

from __future__ import annotations

from sitegen.pipeline import Analysis
from sitegen.planjson import plan_json
from sitegen.render.calendar_page import calendar_outputs
from sitegen.render.output import Output


def build_outputs(analysis: Analysis, compare_to: str | None = None) -> list[Output]:
    assert analysis.plan is not None and analysis.computed is not None
    outputs = [Output("plan.json", plan_json(analysis.computed, analysis.diagnostics))]
    from sitegen.render.history_pages import history_outputs

    outputs += history_outputs(analysis, compare_to=compare_to)
    outputs += calendar_outputs(analysis)
    return outputs
