"""Status on charts: one colour per tone, always with a mark and words beside it, and the
big number that replaces a chart of one bar.

A status is read in three ways at once: its colour (the theme's `--good`,
`--warn`, `--bad`, which have light and dark values), a mark (✓ ★ ! ✕ ▲) and
words (the legend, the hover, the data table). Colour alone fails a
colour-blind reader and a black-and-white printout.
"""

from __future__ import annotations

from sitegen.site.engine.components import BigNumber, Chart, Table

__all__ = ["GOAL_ICONS", "GOAL_TONES", "OVER", "TONE_COLOURS", "goal_tone", "single_number"]

# §8 goal status → tone and mark (the review page, the dashboard and the charts use the same).
GOAL_TONES = {"on-track": "good", "achieved": "good", "at-risk": "warn", "off-track": "bad", "missed": "bad"}
GOAL_ICONS = {"on-track": "✓", "achieved": "★", "at-risk": "!", "off-track": "✕", "missed": "✕"}
OVER = "▲"  # over capacity, over budget
# Bars in a neutral state keep the site's first chart colour; a status takes its tone.
TONE_COLOURS = {"good": "var(--good)", "warn": "var(--warn)", "bad": "var(--bad)", "neutral": "var(--chart-1)"}


def goal_tone(status: str | None) -> tuple[str, str]:
    """(tone, mark) of a goal's §8 status; a goal without one is neutral and unmarked."""
    return GOAL_TONES.get(status or "", "neutral"), GOAL_ICONS.get(status or "", "")


def single_number(
    chart_id: str, title: str, table: Table, value: str, label: str = "", note: str | None = None,
    tone: str = "neutral", mark: str = "", description: str | None = None,
) -> Chart:
    """A chart slot that shows one number large (with its data table) instead of one bar."""
    return Chart(chart_id, title, {}, table, description, height=0,
                 tile=BigNumber(value, label, note, tone, mark))
