"""Results kept between runs (sitegen.library_cache): the holidays of a country, computed once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import holidays as holidays_lib
import pytest

from sitegen.library_cache import remembered
from sitegen.model import workdays


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SITEGEN_NO_CACHE", raising=False)
    return folder


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_result_is_computed_once_and_read_back(cache_dir: Path) -> None:
    compute, calls = _counting(["2027-01-01"])
    assert remembered("holidays", ("PL", 2027), compute) == ["2027-01-01"]
    assert remembered("holidays", ("PL", 2027), compute) == ["2027-01-01"]
    assert calls == [1]
    assert remembered("holidays", ("PL", 2028), compute) == ["2027-01-01"]  # another key: a miss
    assert calls == [1, 1]


def test_a_corrupt_or_foreign_entry_is_computed_again(cache_dir: Path) -> None:
    compute, calls = _counting([1, 2])
    remembered("x", "k", compute)
    (entry,) = cache_dir.glob("x-*.json")
    for junk in ("{not json", json.dumps({"key": "another key", "value": [9]}), "[]"):
        entry.write_text(junk, encoding="utf-8")
        assert remembered("x", "k", compute) == [1, 2]
    assert len(calls) == 4
    assert [p.name for p in cache_dir.iterdir()] == [entry.name]  # no temp files left


def test_off_or_unwritable_means_computing_every_time(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compute, calls = _counting("v")
    monkeypatch.setenv("SITEGEN_NO_CACHE", "1")
    remembered("x", "k", compute), remembered("x", "k", compute)
    assert len(calls) == 2 and not cache_dir.exists()
    monkeypatch.delenv("SITEGEN_NO_CACHE")
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    assert remembered("x", "k", compute) == "v"
    assert len(calls) == 3


def test_country_holidays_are_the_librarys_and_stored(cache_dir: Path) -> None:
    workdays._country_holidays.cache_clear()
    found = workdays._country_holidays("PL", 2026, 2028)
    expected = frozenset(holidays_lib.country_holidays("PL", years=range(2026, 2029)).keys())
    assert found == expected and dt.date(2027, 11, 11) in found  # Independence Day
    workdays._country_holidays.cache_clear()
    assert workdays._country_holidays("PL", 2026, 2028) == expected  # read back from the file
    assert len(list(cache_dir.glob("holidays-*.json"))) == 1


def test_currency_codes_are_babels_and_stored(cache_dir: Path) -> None:
    from babel.numbers import list_currencies

    from sitegen.model import settings

    settings._currencies.cache_clear()
    assert settings._currencies() == frozenset(list_currencies())
    assert len(list(cache_dir.glob("currencies-*.json"))) == 1
    settings._currencies.cache_clear()
    assert "PLN" in settings._currencies() and "CNY" in settings._currencies()
