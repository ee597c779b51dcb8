"""Prose-only kinds skip the builders' modules; every other kind has a builder."""

from __future__ import annotations

from sitegen.model.kinds import KINDS
from sitegen.site.pages.sections import PROSE_KINDS, _builders


def test_the_prose_kinds_are_exactly_the_kinds_without_a_context_builder() -> None:
    builders = _builders()
    assert set(KINDS) - set(builders) == PROSE_KINDS
