"""Keep compiled templates warm between rebuilds: one Jinja environment per theme setup.

`sitegen build` makes one environment per process, which is right for one
build; in `serve` that would recompile every template on every save (most of
a small rebuild). `warm_environment` memoizes the environment for this
process: same language, currency, theme and override folder → the same
environment, passed to `build_site(..., env=)`; Jinja
keeps its template cache up to date by file mtime. `forget_templates` drops
them when a theme file appears or vanishes (a new override must be found).
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from sitegen.pipeline import Analysis
from sitegen.site.engine.environment import build_environment
from sitegen.site.engine.themes import user_theme_dir

__all__ = ["environment_key", "forget_templates", "warm_environment"]


@functools.lru_cache(maxsize=8)
def _environment(language: str, currency: str, theme: str | None, override: Path | None) -> jinja2.Environment:
    return build_environment(language, currency, theme=theme, override_dir=override)


def environment_key(analysis: Analysis) -> tuple:
    """What the environment depends on, exactly as `prepare_site` derives it."""
    assert analysis.plan is not None and analysis.computed is not None
    root = analysis.sources.root
    override = user_theme_dir(Path(root)) if root is not None else None
    return (analysis.computed.language, analysis.computed.currency, analysis.plan.settings.theme, override)


def warm_environment(analysis: Analysis) -> jinja2.Environment:
    """The process's environment for this plan's language, currency and theme."""
    return _environment(*environment_key(analysis))


def forget_templates() -> None:
    _environment.cache_clear()
