"""A page's table of contents ("On this page") written in Python, byte for byte the macro's.

The default theme's ``toc`` macro runs Jinja's loop, attribute lookups and
autoescape once per heading. A page of 20,000 headings (issue #15) spent
about 0.6 s of a 1.1 s build there. ``TocHtml`` writes the same markup in
Python when the templates are the default theme's (as ``NavCache`` does for
the sidebar); with a theme of its own the page calls the theme's macro.
``tests/test_toc_html.py`` holds the two to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

from sitegen.site.engine.markdown import Heading

__all__ = ["TocHtml", "default_toc"]


def default_toc(headings: Sequence[Heading], title: str) -> str:
    """The default theme's ``toc`` macro for ``headings``, with ``title`` its translated heading."""
    if len(headings) <= 1:
        return ""
    label = escape(title)
    items = "".join(
        f'<li class="sg-toc-level-{h.level}"><a href="#{escape(h.anchor)}">{escape(h.text)}</a></li>'
        for h in headings
    )
    return (
        f'<nav class="sg-toc" aria-label="{label}">\n  <p class="sg-toc-title">{label}</p>\n'
        f"  <ul>\n{items}  </ul>\n</nav>\n"  # the macro's whitespace: trim_blocks, lstrip_blocks
    )


class TocHtml:
    """``toc_html(m.toc, page.toc)`` in templates: the Python markup, or the theme's macro."""

    def __init__(self, translate: Callable[[str], Any], enabled: bool = True):
        self.translate = translate
        self.enabled = enabled

    def __call__(self, macro: Callable[..., Any], headings: Sequence[Heading]) -> Markup:
        if not self.enabled:
            return Markup(macro(headings))
        return Markup(default_toc(headings, str(self.translate("site.on_this_page"))))
