"""Messages for people (diagnostics, `init`, the pull-request comment) in the plan's language.

A message is made where the problem is found, but it is worded where it is
shown: `N_("goal '%(goal)s' has no funnel", goal=...)` keeps the English text
as the gettext msgid and its named arguments, and `Message.text(language)`
translates the msgid through the gettext catalog of that language
(`sitegen/locale/<lang>/LC_MESSAGES/sitegen.mo`) and fills in the arguments.
So the terminal, `--format json` and plan.json keep the English text of the
contract, while the site, the serve overlay, `init` and `diff --format
markdown|html` speak Polish or Chinese. An argument may itself be a Message (a
"did you mean" tail, a described value), translated the same way.

`pybabel extract` finds the msgids by the `N_` keyword (see babel.cfg and
docs/translating.md); a test fails when a catalog lacks a translation.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from babel.numbers import format_decimal, format_percent

__all__ = [
    "DOMAIN", "LANGUAGES", "Counted", "Figure", "Joined", "Message", "N_", "N_plural", "catalog", "joined", "plural", "say",
]

DOMAIN = "sitegen"
LANGUAGES: tuple[str, ...] = ("en", "pl", "zh")  # en is the msgid itself


class Figure(str):
    """A number as English text (``1,234.5``, ``83%``) that keeps its value, so a message in
    another language writes it as that language does (``1234,5`` and ``12 500`` in Polish,
    where ``1,780`` would read as one point seven eight)."""

    value: Decimal
    percent: bool

    def __new__(cls, text: str, value: Decimal, percent: bool = False) -> Figure:
        made = super().__new__(cls, text)
        made.value, made.percent = value, percent
        return made

    # pickled with its value and percent: str's own returns (text,) alone
    def __getnewargs__(self) -> tuple[str, Decimal, bool]:  # type: ignore[override]
        return str(self), self.value, self.percent

    def localised(self, language: str) -> str:
        if language == "en":
            return str(self)
        digits = str(self).rstrip("%").partition(".")[2]
        pattern = "#,##0" + ("." + "0" * len(digits) if digits else "")
        if self.percent:
            return format_percent(self.value / 100, format=pattern + "%", locale=language)
        return format_decimal(self.value, format=pattern, locale=language)


@dataclass(frozen=True)
class Message:
    """A gettext msgid (English, `%(name)s` placeholders) and its named arguments."""

    msgid: str
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, language: str = "en") -> str:
        """The message in ``language``; arguments that are Messages are translated too."""
        return catalog(language).gettext(self.msgid) % _values(self.args, language)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Joined(Message):
    """Messages (or plain text) joined by ``msgid`` as a separator, each translated."""

    def text(self, language: str = "en") -> str:
        return self.msgid.join(say(part, language) for _, part in self.args)


def joined(separator: str, parts: Iterable[str | Message]) -> Joined:
    """``"; ".join(parts)`` that keeps each part translatable."""
    return Joined(separator, tuple((str(i), part) for i, part in enumerate(parts)))


def _values(args: tuple[tuple[str, Any], ...], language: str) -> dict[str, Any]:
    """The arguments of a message as ``language`` writes them."""
    return {
        k: v.text(language) if isinstance(v, Message) else v.localised(language) if isinstance(v, Figure) else v
        for k, v in args
    }


def N_(msgid: str, **args: Any) -> Message:  # noqa: N802 - gettext's name for "translate later"
    """Mark ``msgid`` for translation (``pybabel extract -k N_``); worded where it is shown."""
    return Message(msgid, tuple(args.items()))


@dataclass(frozen=True)
class Counted(Message):
    """A msgid with a plural form, chosen by the argument ``n`` in each language's own way."""

    plural: str = ""

    def text(self, language: str = "en") -> str:
        values = _values(self.args, language)
        count = int(dict(self.args)["n"])
        return catalog(language).ngettext(self.msgid, self.plural, count) % values


def N_plural(singular: str, plural: str, n: int, **args: Any) -> Counted:  # noqa: N802
    """`N_` for a count (``pybabel extract -k N_plural:1,2``): worded where it is shown."""
    return Counted(singular, (("n", n), *args.items()), plural)


def plural(language: str, singular: str, plural: str, n: int, **args: Any) -> str:
    """A count in ``language``'s plural form (Polish has three: 1 plik, 2 pliki, 5 plików);
    ``pybabel extract`` reads the two msgids by the ``plural`` keyword."""
    return catalog(language).ngettext(singular, plural, n) % {"n": n, **args}


def say(text: str | Message, language: str) -> str:
    """Plain text as it is, a Message in ``language``: for fields that may hold either."""
    return text.text(language) if isinstance(text, Message) else text


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (read once per process); English is the msgid."""
    if language == "en" or language not in LANGUAGES:
        return gettext.NullTranslations()
    path = resources.files("sitegen").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)
