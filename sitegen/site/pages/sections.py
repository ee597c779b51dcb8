"""What each section kind's page shows: template name and display-ready context.

`Scope` (`scope`) holds the plan-wide lookups every page needs (built once per build);
`kind_context(section, scope)` returns the variables of the kind's template
(`kinds/<kind>.html`). All figures are computed and formatted here, so
templates only lay out strings, `Table`s and `Chart`s. The contexts
themselves live in `strategy` (strategy and market kinds) and
`execution` (execution kinds).

What a context read of `scope` is recorded as it runs (`reads`), so `serve`
knows when a page must be rendered again without a list kept by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sitegen.model.plan import Section
from sitegen.site.engine.markdown import RenderedMarkdown
from sitegen.site.pages.scope import Scope

__all__ = ["kind_context", "load_kinds", "template_for", "without_title"]

# Our renderer writes a heading as `<h1 id="…">…</h1>` (site.engine.markdown._anchors).
_OPENING_H1 = re.compile(r'\s*<h1 id="([^"]*)">.*?</h1>\s*', re.S)


def without_title(prose: RenderedMarkdown, title: str) -> RenderedMarkdown:
    """The prose without an opening `# Heading` that only repeats the section's title: the page
    shows the title as its own heading, and authors often open the body with it too (it read
    twice, one under the other, on most pages of the Polish and Chinese examples)."""
    match = _OPENING_H1.match(prose.html)
    if not match or not prose.toc or prose.toc[0].anchor != match[1]:
        return prose
    if " ".join(prose.toc[0].text.split()) != title:  # as the search index merges it (search.prose_entries)
        return prose
    return RenderedMarkdown(prose.html[match.end():], prose.toc[1:])


def template_for(kind: str) -> list[str]:
    """Candidate templates of a kind, most specific first (a theme may add kinds)."""
    return [f"kinds/{kind}.html", "page.html"]


@cache  # the two modules' tables, merged once per process
def _builders() -> dict[str, Callable[[Section, Scope], dict[str, Any]]]:
    from sitegen.site.pages import execution, strategy

    return {**strategy.BUILDERS, **execution.BUILDERS}


# Kinds whose pages are prose only: no context builder, so a plan of them never
# imports the builders' modules (charts, tables) — tests/test_render_kinds.py
# holds this to the builder tables.
PROSE_KINDS = frozenset({"page"})


def load_kinds(kinds: Iterable[str] = ()) -> None:
    """Import the context modules the given kinds need now: before page workers fork,
    so each inherits them (nothing for prose-only plans)."""
    if any(kind not in PROSE_KINDS for kind in kinds):
        _builders()


def kind_context(section: Section, scope: Scope) -> dict[str, Any]:
    """Template variables for one section's data (empty for prose-only pages)."""
    if section.kind in PROSE_KINDS:
        return {}
    builder = _builders().get(section.kind)
    return builder(section, scope) if builder else {}
