"""The calendar page in a real browser: filters kept in the URL, keyboard use, today marker.

Runs against the example sites (en, pl, zh) built once per session and served
from a sub-path. What a sales lead does: narrow the calendar to one plane,
share the address, reload it, read a campaign's facts with the keyboard.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

pytestmark = pytest.mark.e2e

AGENDA_ITEMS = ".sg-cal-agenda [data-sg-cal-item]"


def _open(page, built_site, query: str = ""):
    problems = page.visit(built_site.url("calendar.html") + query)
    assert not problems, problems.format()
    return page


def _visible(page, selector: str):
    """The visible matches of `selector`, by Playwright's own visibility rule, in one query
    (one round trip per element made the calendar's ~200 bars take seconds)."""
    return page.locator(selector).filter(visible=True)


def _attr(located, name: str) -> list[str | None]:
    return located.evaluate_all("(els, name) => els.map(e => e.getAttribute(name))", name)


def _query(page) -> dict[str, list[str]]:
    """The page's own query string: Playwright's `page.url` learns of history.replaceState
    from an event that can arrive after the key press or click returns."""
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def _first_option(page, key: str) -> str:
    return page.locator(f"#sg-filter-{key} option").nth(1).get_attribute("value")


def test_plane_filter_hides_other_campaigns_and_survives_a_reload(page, built_site):
    _open(page, built_site)
    total = page.locator(AGENDA_ITEMS).count()
    assert total > 0
    plane = _first_option(page, "plane")
    page.select_option("#sg-filter-plane", plane)

    assert _query(page)["plane"] == [plane]
    shown = _visible(page, AGENDA_ITEMS).count()
    assert 0 < shown < total
    assert set(_attr(_visible(page, AGENDA_ITEMS), "data-plane")) == {plane}
    bar_classes = _attr(_visible(page, "[data-sg-cal-bar]"), "class")
    assert bar_classes and all(f"sg-plane-{plane}" in c for c in bar_classes)
    status = page.locator("[data-sg-cal-status]").inner_text()
    assert str(shown) in status and str(total) in status

    page.reload()
    assert page.locator("#sg-filter-plane").input_value() == plane
    assert _visible(page, AGENDA_ITEMS).count() == shown
    page.assert_clean()


def test_a_shared_address_restores_every_filter_and_the_agenda_view(page, built_site):
    _open(page, built_site)
    segment = _first_option(page, "segment")
    _open(page, built_site, f"?segment={segment}&view=agenda")

    assert page.locator("#sg-filter-segment").input_value() == segment
    assert page.locator('[data-sg-view="agenda"]').get_attribute("aria-pressed") == "true"
    assert not page.locator(".sg-cal-grid-view").is_visible()
    shown = _attr(_visible(page, AGENDA_ITEMS), "data-segment")
    assert shown and set(shown) == {segment}

    page.click("[data-sg-filter-clear]")
    page.wait_for_function("() => !location.search.includes('segment')")
    assert page.locator("#sg-filter-segment").input_value() == ""
    page.assert_clean()


def test_filters_and_views_work_from_the_keyboard(page, built_site):
    _open(page, built_site)
    total = page.locator(AGENDA_ITEMS).count()
    page.focus("#sg-filter-type")
    page.keyboard.press("ArrowDown")  # a closed <select> changes with the arrow keys
    chosen = page.locator("#sg-filter-type").input_value()
    assert chosen and _query(page)["type"] == [chosen]
    assert (
        _visible(page, AGENDA_ITEMS).count() < total
        or page.locator("#sg-filter-type option").count() == 2
    )

    page.focus('[data-sg-view="agenda"]')
    page.keyboard.press("Enter")
    assert _query(page)["view"] == ["agenda"]
    assert not page.locator(".sg-cal-grid-view").is_visible()
    page.focus('[data-sg-view="month"]')
    page.keyboard.press("Space")
    assert page.locator(".sg-cal-grid-view").is_visible()
    assert not page.locator(".sg-cal-quarter-view").is_visible()
    assert _query(page)["view"] == ["month"]
    page.focus('[data-sg-view="quarter"]')
    page.keyboard.press("Enter")
    assert page.locator(".sg-cal-quarter-view").is_visible()
    assert "view" not in _query(page)  # the quarter view is the default
    page.assert_clean()


@pytest.mark.parametrize("width", [390, 1440])
def test_the_page_opens_on_the_timeline_and_the_quarter_view(page, built_site, width):
    page.page.set_viewport_size({"width": width, "height": 900})
    _open(page, built_site)
    assert page.locator('[data-sg-view="quarter"]').get_attribute("aria-pressed") == "true"
    assert page.locator(".sg-cal-quarter-view").is_visible()
    assert not page.locator(".sg-cal-grid-view").is_visible()
    timeline = page.locator("#sg-cal-timeline").bounding_box()
    quarters = page.locator(".sg-cal-quarter-view").bounding_box()
    assert timeline["y"] < quarters["y"]
    # every campaign has bars in the quarter view, at most one per month row, and one tab stop
    for campaign in _attr(page.locator(AGENDA_ITEMS), "data-id"):
        rows = page.locator(f'.sg-cal-qrow:has([data-sg-cal-bar="{campaign}"])').count()
        assert page.locator(f'.sg-cal-quarter-view [data-sg-cal-bar="{campaign}"]').count() == rows > 0
        assert page.locator(f'.sg-cal-quarter-view [data-sg-cal-bar="{campaign}"] a').count() == 1
    # on a phone the quarter grid scrolls sideways in its own box; the page itself does not
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    page.assert_clean()


def test_keyboard_users_reach_the_timeline_and_the_feeds_through_the_skip_links(page, built_site):
    _open(page, built_site)
    for target in ("sg-cal-timeline", "sg-cal-subscribe"):
        link = page.locator(f'.sg-cal-jump a[href="#{target}"]')
        link.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the next stop is inside the section the link led to
        inside = page.evaluate(f"() => !!document.activeElement.closest('#{target}')")
        assert inside, f"Tab after the {target} link left the section"
    page.assert_clean()


def test_a_focused_bar_shows_owner_segment_and_budget_and_escape_hides_it(page, built_site):
    _open(page, built_site)
    link = page.locator("a.sg-cal-bar-link").first
    link.focus()
    tip = page.locator("#sg-cal-tip")
    assert tip.is_visible()
    campaign = link.locator("xpath=..").get_attribute("data-sg-cal-bar")
    facts = page.locator(f"#agenda-{campaign}-facts").inner_text()
    assert facts.split("\n")[0] in tip.inner_text()
    described = page.locator(f"#{link.get_attribute('aria-describedby')}")
    assert described.count() == 1
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.assert_clean()


@pytest.mark.parametrize(("today", "marked"), [("2027-03-10", True), ("2031-03-10", False)])
def test_today_is_marked_only_inside_the_plan_period(page, built_site, today, marked):
    page.clock.set_fixed_time(f"{today}T12:00:00")
    _open(page, built_site)
    review_date = page.locator("#sg-calendar").get_attribute("data-today")
    if review_date:  # a plan with actuals is read as of its review date (PLAN_FORMAT §8), whatever the clock says
        today, marked = review_date, True
    cell = page.locator(".sg-cal-today")
    if marked:
        assert cell.count() == 1
        assert cell.locator("time").get_attribute("datetime") == today
        assert page.locator("[data-sg-today-link]").is_visible()
    else:
        assert cell.count() == 0
        assert not page.locator("[data-sg-today-link]").is_visible()
    page.assert_clean()


def test_printing_gives_the_agenda_not_the_month_grids(page, built_site):
    _open(page, built_site)
    page.emulate_media(media="print")
    try:
        assert not page.locator(".sg-cal-grid-view").is_visible()
        assert not page.locator("#sg-cal-filters").is_visible()
        assert page.locator(".sg-cal-agenda").is_visible()
        assert _visible(page, AGENDA_ITEMS).count() == page.locator(AGENDA_ITEMS).count()
    finally:
        page.emulate_media(media="screen")


def test_a_holiday_s_name_stands_whole_in_its_day_on_a_desktop(page, built_site):
    """"Święto Narodowe Trzeciego Maja" takes two lines of its day rather than "Święto Narodowe…"
    (the longest, "Juneteenth National Independence Day (observed)", four), and names itself in
    full on hover."""
    page.page.set_viewport_size({"width": 1280, "height": 900})
    _open(page, built_site, "?view=month")
    names = page.locator(".sg-cal-day .sg-cal-holiday-name")
    shown = names.evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => [e.textContent, e.title, e.scrollHeight <= e.clientHeight + 1])")
    assert shown, "no holiday in the month view of this plan"
    assert [(text, title, whole) for text, title, whole in shown if title != text or not whole] == []
