"""The three message tables stay in step: same keys, same placeholders, real translations."""

from __future__ import annotations

import string

import pytest

from sitegen.site.engine.i18n import LANGUAGES, messages, translator


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_all_tables_have_the_same_keys() -> None:
    english = set(messages("en"))
    for language in LANGUAGES:
        assert set(messages(language)) == english, language


def test_placeholders_match_english() -> None:
    for language in LANGUAGES:
        for key, text in messages(language).items():
            assert _placeholders(text) == _placeholders(messages("en")[key]), (language, key)


def test_no_empty_or_untranslated_labels() -> None:
    for language in ("pl", "zh"):
        table = messages(language)
        assert all(text.strip() for text in table.values())
        same = [k for k, v in table.items() if v == messages("en")[k]]
        # a few words are legitimately identical (e.g. "Status", "Menu", "Segment")
        assert len(same) < 10, (language, same)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Last changed Jan 3 by Anna"),
        ("pl", "Ostatnia zmiana: Jan 3, autor: Anna"),
        ("zh", "Anna 于 Jan 3 最后修改"),
    ],
)
def test_translator_fills_placeholders(language: str, expected: str) -> None:
    t = translator(language)
    assert t("history.last_changed", date="Jan 3", author="Anna") == expected


def test_translator_labels() -> None:
    assert translator("pl")("plane.cross-selling") == "Sprzedaż krzyżowa"
    assert translator("zh")("metric.revenue") == "收入"
    assert translator("en")("status.approved") == "Approved"


def test_missing_key_raises() -> None:
    with pytest.raises(KeyError, match="no message"):
        translator("en")("no.such.key")


def test_unknown_language_raises() -> None:
    with pytest.raises(ValueError):
        translator("de")
