"""Keep compiled templates warm between rebuilds: one Jinja environment per theme setup.

The renderer builds a fresh Jinja environment on every build, which is right
for `sitegen build` (one build per process) but makes every save in `serve`
recompile every template (most of a small rebuild). `keep_templates_warm`
memoizes `build_environment` for this process: same language, currency,
theme and override folder → the same environment, whose template cache
Jinja keeps up to date by file mtime. `forget_templates` drops it when a
theme file appears or vanishes (a new override must be found).

This wraps the renderer from outside; a `build_outputs(analysis, env=...)`
hook in the renderer would make it unnecessary (asked for in issue 6's report).
"""

from __future__ import annotations

import functools
import sys

__all__ = ["forget_templates", "keep_templates_warm"]

_ATTRIBUTE = "build_environment"
_warm = None


def keep_templates_warm() -> None:
    """Make every `sitegen.render` module share one memoized `build_environment`."""
    global _warm
    import sitegen.build  # noqa: F401 - imports the renderer modules that bind the name
    import sitegen.render.environment as environment

    original = getattr(environment, _ATTRIBUTE)
    original = getattr(original, "__wrapped__", original)
    if _warm is None:
        _warm = functools.lru_cache(maxsize=8)(original)
    for name, module in list(sys.modules.items()):
        if name.startswith("sitegen.render") and getattr(module, _ATTRIBUTE, None) is original:
            setattr(module, _ATTRIBUTE, _warm)


def forget_templates() -> None:
    if _warm is not None:
        _warm.cache_clear()
