"""Build: the analysed plan → every output file of the site (nothing written here)."""

from __future__ import annotations

from sitegen.pipeline import Analysis
from sitegen.planjson import plan_json
from sitegen.render.output import Output


def _site_history(analysis: Analysis):
    """Per-section git history for the pages, when the plan folder is in a git repository."""
    root = getattr(analysis.sources, "root", None)
    if root is None:
        return None
    try:
        from sitegen.history import history_for_site, read_history
    except ImportError:  # pragma: no cover - history ships with sitegen
        return None
    return history_for_site(read_history(root), analysis.plan)


def build_outputs(analysis: Analysis, compare_to: str | None = None) -> list[Output]:
    from sitegen.render.history_pages import history_outputs
    from sitegen.render.site import prepare_site, render_site

    assert analysis.plan is not None and analysis.computed is not None
    outputs = [Output("plan.json", plan_json(analysis.computed, analysis.diagnostics))]
    history = _site_history(analysis)
    shared = prepare_site(analysis, history, compare_to=compare_to, with_history=True)
    outputs += render_site(analysis, history=history, build=shared)
    outputs += history_outputs(analysis, shared.env, shared.site, compare_to=compare_to, history=history)
    return outputs
