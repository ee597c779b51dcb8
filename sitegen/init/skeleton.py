"""The plan skeleton: template files shipped with sitegen, filled for one plan.

Templates live in ``skeletons/{en,pl,zh}/`` as package data, written natively
in each language. They hold ``{year}``-style placeholders; only the names in
``PLACEHOLDERS`` are replaced, so any other brace in Markdown or YAML stays as
written. ``render_skeleton`` returns the files as text and touches nothing:
the writer in ``write.py`` is the only code that creates files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

LANGUAGES = ("en", "pl", "zh")
PLACEHOLDERS = ("year", "previous_year", "next_year", "currency", "holidays", "language")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


@dataclass(frozen=True)
class Locale:
    """What a plan in one language uses unless the author says otherwise."""

    name: str
    currency: str
    holidays: str


LOCALES = {
    "en": Locale("English", "USD", "US"),
    "pl": Locale("Polish", "PLN", "PL"),
    "zh": Locale("Chinese", "CNY", "CN"),
}


def _walk(folder: Traversable, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            out.update(_walk(entry, rel + "/"))
        else:
            out[rel] = entry.read_text(encoding="utf-8")
    return out


@cache
def skeleton_templates(language: str) -> dict[str, str]:
    """The template files of one language, by path under the plan folder (read once)."""
    if language not in LOCALES:
        raise ValueError(f"no skeleton for language '{language}'")
    return _walk(files("sitegen.init") / "skeletons" / language)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace the known ``{name}`` placeholders; leave every other brace alone."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def placeholder_values(language: str, currency: str, year: int) -> dict[str, str]:
    return {
        "year": str(year),
        "previous_year": str(year - 1),
        "next_year": str(year + 1),
        "currency": currency,
        "holidays": LOCALES[language].holidays,
        "language": language,
    }


def render_skeleton(language: str, currency: str, year: int) -> dict[str, str]:
    """Every file of a new plan, path → text, for one language, currency and year."""
    values = placeholder_values(language, currency, year)
    return {path: fill(text, values) for path, text in skeleton_templates(language).items()}
