"""What each section kind's page shows: template name and display-ready context.

`Scope` (`scope`) holds the plan-wide lookups every page needs (built once per build);
`kind_context(section, scope)` returns the variables of the kind's template
(`kinds/<kind>.html`). All figures are computed and formatted here, so
templates only lay out strings, `Table`s and `Chart`s. The contexts
themselves live in `strategy` (strategy and market kinds) and
`execution` (execution kinds).

`kind_inputs(section, scope)` names what a kind's context is made from beyond
the section's own front matter (the goals a funnel page charts, the segment
names a table shows): `serve` fingerprints these instead of the context, so
an unchanged page costs a few hashes, not its figures and charts. Each
builder's `INPUTS` entry sits next to it and must name every part of `scope`
it reads (`t` and `fmt` are fixed by the language and currency).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sitegen.model.plan import Section
from sitegen.site.pages.scope import Scope

__all__ = ["kind_context", "kind_inputs", "load_kinds", "template_for"]

def template_for(kind: str) -> list[str]:
    """Candidate templates of a kind, most specific first (a theme may add kinds)."""
    return [f"kinds/{kind}.html", "page.html"]


@cache  # the two modules' tables, merged once per process
def _builders() -> tuple[dict[str, Callable[[Section, Scope], dict[str, Any]]], dict[str, Callable[[Section, Scope], tuple]]]:
    from sitegen.site.pages import execution, strategy

    return {**strategy.BUILDERS, **execution.BUILDERS}, {**strategy.INPUTS, **execution.INPUTS}


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
    builder = _builders()[0].get(section.kind)
    return builder(section, scope) if builder else {}


def kind_inputs(section: Section, scope: Scope) -> tuple | None:
    """What `kind_context` reads of `scope` for this section (besides `section.data`, `t`, `fmt`).

    None when the kind has a context builder but no declared inputs: then
    only its computed context can be fingerprinted.
    """
    if section.kind in PROSE_KINDS:
        return ()
    builders, inputs = _builders()
    if section.kind not in builders:
        return ()
    declared = inputs.get(section.kind)
    return declared(section, scope) if declared else None
