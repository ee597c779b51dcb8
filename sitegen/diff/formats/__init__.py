"""A ``PlanDiff`` written out: text (a terminal), Markdown (a pull-request comment), JSON or HTML.

All formats read the same rows (`labels`), so a number reads the same in a
terminal, a PR comment and the site.
"""

from __future__ import annotations

from sitegen.diff.formats.html import render_html
from sitegen.diff.formats.json import render_json
from sitegen.diff.formats.markdown import render_markdown
from sitegen.diff.formats.text import render_text
from sitegen.diff.model import PlanDiff

__all__ = ["format_diff"]


def format_diff(diff: PlanDiff, fmt: str, colour: bool = False, language: str = "en") -> str:
    """``language``: the plan's, for what people read in a review (markdown, html); the
    terminal's text and the JSON stay English like `check`."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "markdown":
        return render_markdown(diff, language)
    if fmt == "html":
        return render_html(diff, language)
    return render_text(diff, colour)

