"""Where templates and theme files come from: the bundled themes and the user's `theme/` folder.

Templates are looked up, first match wins, in:

1. the user's override folder (`theme/` next to the plan folder, like MkDocs'
   `custom_dir`): `theme/templates/<name>` or `theme/<name>`;
2. the named theme `themes/<name>/templates` (`theme:` in plan.yaml);
3. `themes/default/templates`.

So a user overrides one template without copying the theme; an override may
extend the bundled original by its theme-prefixed name
(`{% extends "default/page.html" %}`) to change a single block. No file is
read from outside these folders, links included.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2

import sitegen

__all__ = ["DEFAULT_THEME", "ThemeNotFound", "template_loader", "theme_dirs", "themes_root", "user_theme_dir"]

DEFAULT_THEME = "default"
_MARKER = Path(DEFAULT_THEME, "templates", "base.html")


class ThemeNotFound(ValueError):
    """`theme:` names a theme that is not installed; the message lists those that are."""


def themes_root() -> Path:
    """The folder holding the bundled themes: `sitegen/themes`.

    In a wheel the build backend put the top-level `themes/` there
    (pyproject.toml, hatchling `force-include`); in a source checkout it is a
    symlink to `themes/`.
    """
    root = Path(sitegen.__file__).resolve().parent / "themes"
    if not (root / _MARKER).is_file():
        raise FileNotFoundError(f"sitegen's bundled themes are missing (looked in {root})")
    return root


def user_theme_dir(plan_dir: Path) -> Path:
    """Where a user's template overrides live: `theme/` beside the plan folder."""
    return plan_dir.resolve().parent / "theme"


def theme_dirs(theme: str | None = None) -> tuple[Path, ...]:
    """Bundled theme folders in lookup order: the named theme, then the default."""
    root = themes_root()
    name = theme or DEFAULT_THEME
    if name == DEFAULT_THEME:
        return (root / DEFAULT_THEME,)
    if "/" in name or "\\" in name or name.startswith(".") or not (root / name).is_dir():
        available = sorted(
            p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        raise ThemeNotFound(f"unknown theme {name!r}; available: {', '.join(available)}")
    return (root / name, root / DEFAULT_THEME)


class _ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads no file lying outside its folders.

    A theme folder comes with pull requests like the plan does: a template
    that is a link to a file elsewhere on the machine (a CI runner's secrets)
    would otherwise be published as the page."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        roots = [Path(os.path.realpath(p)) for p in self.searchpath]
        if filename and not any(Path(os.path.realpath(filename)).is_relative_to(r) for r in roots):
            raise jinja2.TemplateSyntaxError(
                "this template is a link to a file outside the theme folder, which sitegen"
                " does not read; copy the file into the theme folder instead",
                1, template, filename,
            )
        return source, filename, uptodate


def template_loader(theme: str | None, override_dir: Path | None) -> jinja2.BaseLoader:
    """The lookup above: the override folder (if given), the named theme, the default theme."""
    search: list[Path] = []
    if override_dir is not None:
        search += [override_dir / "templates", override_dir]
    themes = theme_dirs(theme)
    search += [folder / "templates" for folder in themes]
    chain = _ContainedLoader([str(p) for p in search if p.is_dir()], encoding="utf-8")
    # "default/page.html" always names the bundled template, so an override
    # called page.html can extend the original and change just one block.
    by_theme = jinja2.PrefixLoader(
        {folder.name: _ContainedLoader(str(folder / "templates")) for folder in themes}
    )
    return jinja2.ChoiceLoader([chain, by_theme])
