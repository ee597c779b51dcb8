"""Relative, percent-encoded links that work from file://, a sub-path or any server."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.site.engine.urls import LinksFrom, asset_path, page_path, relative_url


@pytest.mark.parametrize(
    ("section_id", "path"),
    [
        ("strategy/goals", "strategy/goals.html"),
        ("活动/上半年", "活动/上半年.html"),
        ("grupy-klientów", "grupy-klientów.html"),
        ("grupy-klientów".replace("ó", "o\u0301"), "grupy-klientów.html"),
    ],
)
def test_page_path_keeps_unicode(section_id: str, path: str) -> None:
    assert page_path(section_id) == path


@pytest.mark.parametrize("bad", ["", "a//b", "../x", "a/./b", "a\\b"])
def test_page_path_rejects_ids_that_cannot_be_files(bad: str) -> None:
    with pytest.raises(ValueError):
        page_path(bad)


@pytest.mark.parametrize(
    ("from_page", "to_page", "href"),
    [
        ("index.html", "strategy/goals.html", "strategy/goals.html"),
        ("strategy/goals.html", "index.html", "../index.html"),
        ("strategy/goals.html", "strategy/funnel.html", "funnel.html"),
        ("活动/上半年.html", "grupy-klientów.html", "../grupy-klient%C3%B3w.html"),
        (
            "grupy-klientów/małe.html",
            "活动/上半年.html",
            "../%E6%B4%BB%E5%8A%A8/%E4%B8%8A%E5%8D%8A%E5%B9%B4.html",
        ),
        ("a/b/c.html", "a/x/y.html", "../x/y.html"),
        ("a/b/c.html", "assets/sitegen.css", "../../assets/sitegen.css"),
        ("index.html", "index.html", "index.html"),
        ("index.html", "odd:name #1?.html", "odd%3Aname%20%231%3F.html"),
    ],
)
def test_relative_url(from_page: str, to_page: str, href: str) -> None:
    assert relative_url(from_page, to_page) == href


@pytest.mark.parametrize(
    ("from_page", "to_page"),
    [
        ("活动/上半年.html", "grupy-klientów/małe.html"),
        ("a/b/c/d.html", "a/目标.html"),
        ("目标.html", "x/y/z.html"),
    ],
)
def test_relative_url_resolves_back_to_target(from_page: str, to_page: str) -> None:
    href = relative_url(from_page, to_page)
    assert not href.startswith("/") and "://" not in href
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), unquote(href)))
    assert resolved == to_page


def test_fragment_is_encoded() -> None:
    assert relative_url("a.html", "b.html", "目标-2027") == "b.html#%E7%9B%AE%E6%A0%87-2027"


def test_asset_path() -> None:
    assert asset_path("sitegen.css") == "assets/sitegen.css"


_segment = st.sampled_from(["a", "b", "regions", "emea", "活动", "grupy klientów", "x#y", "%", "a&b", "index"])
_page = st.lists(_segment, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".html")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI runs two suites at once
@given(_page, st.lists(_page, max_size=12))
def test_links_from_one_page_are_its_relative_urls(page: str, targets: list[str]) -> None:
    """The sidebar's fast path gives exactly `relative_url`'s hrefs, and none needs HTML escaping."""
    links = LinksFrom(page)
    for target in targets:
        href = links.href(target)
        assert href == relative_url(page, target)
        assert not set(href) & set("&<>'\"")
