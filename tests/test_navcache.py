"""The sidebar is rendered once per shape and reused: the pages are the same bytes as without reuse.

Large plans share one sidebar between many pages (only the current-page mark
moves), which is where much of a page's render time went. Reuse must never
show in the output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402
from sitegen.pipeline import analyse_folder  # noqa: E402
from sitegen.site.build import FULL_NAV_LIMIT, build_site, prepare_site  # noqa: E402


def _pages(plan: Path, reuse: bool) -> dict[str, bytes]:
    analysis = analyse_folder(plan)
    build = prepare_site(analysis)
    build.env.globals["nav_cached"].enabled = reuse
    return {o.path: o.content for o in build_site(analysis, env=build.env) if o.path.endswith(".html")}


@pytest.mark.parametrize("sections", [60, FULL_NAV_LIMIT + 30])
def test_reused_sidebars_are_the_bytes_of_sidebars_rendered_per_page(
    tmp_path, monkeypatch, sections
):
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    plan = generate_plan(tmp_path / "plan", sections)

    reused, rendered = _pages(plan, True), _pages(plan, False)

    assert len(rendered) > sections
    assert reused.keys() == rendered.keys()
    assert [p for p in rendered if reused[p] != rendered[p]] == []
    assert sum(b'aria-current="page"' in page for page in reused.values()) > sections


def test_the_python_sidebar_is_the_default_theme_macro_byte_for_byte() -> None:
    """Titles that need escaping, nested and closed groups, a group with its own page."""
    from sitegen.site.engine.environment import build_environment
    from sitegen.site.nav.sidebar import default_nav_tree
    from sitegen.site.nav.tree import NavNode

    tree = (
        NavNode("Home & <start>", "index.html"),
        NavNode("Rynek 'EMEA'", "emea/index.html", (
            NavNode('Cele "2027"', "emea/cele.html"),
            NavNode("目标", None, (NavNode("活动", "emea/活动/上半年.html"),)),
        )),
        NavNode("Z", "z.html"),
    )  # fmt: skip
    template = build_environment("en", "EUR").get_template("macros.html")
    for current in (
        "index.html",
        "emea/cele.html",
        "emea/活动/上半年.html",
        "z.html",
        "other/page.html",
    ):
        macros = template.make_module({"current_path": current})  # `url()` links from the page
        for class_name in ("", "sg-nav-sections"):
            macro = macros.nav_tree(tree, current, class_name)
            assert default_nav_tree(tree, current, class_name) == str(macro)


def test_the_mark_moves_to_and_from_pages_outside_the_tree() -> None:
    """The links above the sections (dashboard, calendar, history) hold few of the pages:
    a reused list gains, loses or keeps no mark as the page is in it or not."""
    from sitegen.site.nav.sidebar import NavCache, default_nav_tree
    from sitegen.site.nav.tree import NavNode

    links = (NavNode("Dashboard", "index.html"), NavNode("Calendar", "calendar.html"))
    cache = NavCache()
    for current in ("index.html", "goals.html", "budget.html", "calendar.html", "index.html"):
        shown = cache(None, links, current, "sg-nav-primary")
        assert str(shown) == default_nav_tree(links, current, "sg-nav-primary")
        assert shown.count('aria-current="page"') == (current in ("index.html", "calendar.html"))


def test_a_page_linked_twice_is_marked_on_both_links() -> None:
    """A page linked twice (a group's own page also listed inside it) is marked on both
    links of its reused sidebar, as the macro marks it."""
    from sitegen.site.nav.sidebar import NavCache, default_nav_tree
    from sitegen.site.nav.tree import NavNode

    tree = (
        NavNode("EMEA", "emea/index.html", (NavNode("Overview", "emea/index.html"), NavNode("Goals", "emea/goals.html"))),
        NavNode("Budget", "budget.html"),
    )
    cache = NavCache()
    for current in ("emea/goals.html", "emea/index.html", "emea/goals.html", "budget.html", "emea/index.html"):
        shown = cache(None, tree, current, "sg-nav-sections")
        assert str(shown) == default_nav_tree(tree, current, "sg-nav-sections")
        assert shown.count('aria-current="page"') == {"emea/index.html": 2}.get(current, 1)


def test_links_reused_between_folders_are_the_macro_from_every_folder() -> None:
    """One cache serves the sidebars of every folder: from each page they are the macro's
    links, also where ids do not follow the files' folders (links beside each other going
    up different numbers of folders) and for names that need encoding."""
    from sitegen.site.engine.environment import build_environment
    from sitegen.site.nav.sidebar import NavCache
    from sitegen.site.nav.tree import NavNode

    tree = (
        NavNode("Top", "top.html"),
        NavNode("Regions", None, (
            NavNode("R1", "regions/r1/index.html", (
                NavNode("Goals", "regions/r1/goals.html"),
                NavNode("Elsewhere", "regions/r2/odd.html"),  # an id outside its file's folder
            )),
            NavNode("R2", "regions/r2/index.html"),
            NavNode("R3", "regions/r3/index.html"),
            NavNode("Région 4", "regions/région 4/index.html"),
            NavNode("Other", "other/x.html"),
        )),
        NavNode("Deep", "a/b/c/d.html"),
    )  # fmt: skip
    pages = ["top.html", "regions/r1/index.html", "regions/r1/goals.html", "regions/r2/odd.html",
             "regions/r2/index.html", "regions/région 4/index.html", "other/x.html", "a/b/c/d.html", "calendar.html"]
    template = build_environment("en", "EUR").get_template("macros.html")
    cache = NavCache()
    for current in pages + pages[::-1]:
        macro = template.make_module({"current_path": current}).nav_tree(tree, current, "sg-nav-sections")
        assert str(cache(None, tree, current, "sg-nav-sections")) == str(macro)
