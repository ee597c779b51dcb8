"""The sidebar follows folders and `order`, with Unicode names."""

from __future__ import annotations

from sitegen.site.nav.tree import NavEntry, NavNode, build_nav


def test_folders_become_groups_in_order() -> None:
    nav = build_nav(
        [
            NavEntry("goals.md", "Goals", "goals.html", order=2),
            NavEntry("intro.md", "Intro", "intro.html", order=1),
            NavEntry("zzz.md", "Unordered", "zzz.html"),
            NavEntry("活动/上半年.md", "上半年", "活动/上半年.html"),
            NavEntry("grupy-klientów/małe.md", "Małe", "grupy-klientów/małe.html"),
            NavEntry("grupy-klientów/duże.md", "Duże", "grupy-klientów/duże.html"),
        ]
    )
    # ordered first, then by file/folder name: grupy-klientów < zzz < 活动
    assert [node.title for node in nav] == ["Intro", "Goals", "Grupy klientów", "Unordered", "活动"]
    group = nav[2]
    assert group.is_group and group.path is None
    assert [child.title for child in group.children] == ["Duże", "Małe"]
    assert group.contains("grupy-klientów/małe.html") and not group.contains("goals.html")


def test_folder_index_names_and_orders_the_group() -> None:
    nav = build_nav(
        [
            NavEntry("a.md", "A", "a.html", order=5),
            NavEntry("emea/index.md", "EMEA region", "emea/index.html", order=1),
            NavEntry("emea/goals.md", "EMEA goals", "emea/goals.html"),
        ]
    )
    assert nav[0] == NavNode(
        "EMEA region", "emea/index.html", (NavNode("EMEA goals", "emea/goals.html"),)
    )
    assert nav[1] == NavNode("A", "a.html")


def test_nav_is_independent_of_input_order() -> None:
    entries = [
        NavEntry("b.md", "B", "b.html"),
        NavEntry("a.md", "A", "a.html"),
        NavEntry("x/c.md", "C", "x/c.html"),
    ]
    assert build_nav(entries) == build_nav(list(reversed(entries)))


def test_folder_without_index_sits_where_its_sections_order_it() -> None:
    nav = build_nav(
        [
            NavEntry("wstęp.md", "Wstęp", "wstęp.html", order=1),
            NavEntry("ocena/q1.md", "Ocena Q1", "ocena/q1.html", order=16),
            NavEntry("strategia/cele.md", "Cele", "strategia/cele.html", order=3),
            NavEntry("strategia/swot.md", "SWOT", "strategia/swot.html", order=2),
            NavEntry("działania/kampanie.md", "Kampanie", "działania/kampanie.html", order=10),
        ]
    )
    # folders take the smallest order inside: strategia (2) < działania (10) < ocena (16)
    assert [node.title for node in nav] == ["Wstęp", "Strategia", "Działania", "Ocena"]
