"""The site's own labels (not the plan's prose) in English, Polish and Chinese.

Labels live in `messages/<language>.json`, flat dotted keys grouped by topic
(`metric.revenue`, `plane.cross-selling`, `history.last_changed`). Templates
read a label as `labels['key']` (the table itself) and call the translator for
one with named placeholders, `t("history.last_changed", date=…, author=…)`; whole sentences are translated
with placeholders rather than glued from fragments, because word order differs
between the three languages.

A missing key is a bug in sitegen, not in the plan, so it fails the build
instead of showing the key: the tests render every template in every language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

__all__ = ["LANGUAGES", "Translate", "Translator", "messages", "translator"]

# What a chart or a page builder calls to word a label: `t(key, **params)` (a `Translator` is one).
Translate = Callable[..., str]

LANGUAGES: tuple[str, ...] = ("en", "pl", "zh")


@cache
def messages(language: str) -> Mapping[str, str]:
    """The message table of one language (read once per process)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    source = resources.files("sitegen.site.engine").joinpath("messages", f"{language}.json")
    table: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    return table


class Translator:
    """`t(key, **params)`: the label for `key`, with `{name}` placeholders filled in."""

    __slots__ = ("language", "_table")

    def __init__(self, language: str) -> None:
        self.language = language
        self._table = messages(language)

    def __call__(self, key: str, **params: object) -> str:
        try:
            text = self._table[key]
        except KeyError:
            raise KeyError(f"no message {key!r} in the {self.language!r} table") from None
        return text.format_map(params) if params else text

    def has(self, key: str) -> bool:
        """True when `key` exists; for templates that label optional, open-ended values."""
        return key in self._table


def translator(language: str) -> Translator:
    """The translator for a plan language (`en`, `pl`, `zh`)."""
    return Translator(language)
