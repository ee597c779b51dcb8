"""Section pages show who changed them (git), and large plans keep pages small."""

from __future__ import annotations

import subprocess

from conftest import md, run_cli, write_plan

from sitegen.site.build import NavPruner
from sitegen.site.nav.tree import NavNode


def git(cwd, *args):
    env = {"GIT_AUTHOR_NAME": "Ana Author", "GIT_AUTHOR_EMAIL": "ana@example.com",
           "GIT_COMMITTER_NAME": "Ana Author", "GIT_COMMITTER_EMAIL": "ana@example.com",
           "GIT_AUTHOR_DATE": "2027-02-03T10:00:00", "GIT_COMMITTER_DATE": "2027-02-03T10:00:00",
           "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_a_section_page_says_who_changed_it_last_and_who_reviewed(tmp_path):
    plan = write_plan(tmp_path, {"notes.md": md("title: Notes\nowner: Bo\n")})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Add notes\n\nReviewed-by: Rita Reviewer <rita@example.com>")
    out = tmp_path / "public"
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(out))
    assert code == 0, err
    page = (out / "notes.html").read_text(encoding="utf-8")
    assert "Last changed Feb 3, 2027 by Ana Author" in page
    assert "reviewed by Rita Reviewer" in page
    assert "Add notes" in page  # the collapsible list of changes


def test_a_large_plan_opens_only_the_current_branch_of_the_sidebar():
    regions = tuple(
        NavNode(f"Region {r}", None, tuple(NavNode(f"Page {r}.{p}", f"r{r}/p{p}.html") for p in range(20)))
        for r in range(50)
    )
    nav = NavPruner(regions).for_page("r7/p3.html")
    assert len(nav) == 50
    assert [n.is_group for n in nav].count(True) == 1 and nav[7].is_group
    assert nav[8] == NavNode("Region 8", "r8/p0.html")  # a closed group links to its first page


def test_the_open_branch_closes_the_groups_beside_the_page():
    """Deeper down the branch, the groups beside the page's own are links to their first page."""
    inner = tuple(
        NavNode(f"Folder {f}", None, tuple(NavNode(f"Note {f}.{n}", f"r1/f{f}/n{n}.html") for n in range(3)))
        for f in range(3)
    )
    regions = (
        NavNode("Region 0", "r0/index.html", (NavNode("Goals 0", "r0/goals.html"),)),
        NavNode("Region 1", "r1/index.html", (NavNode("Goals 1", "r1/goals.html"), *inner)),
    )
    pruner = NavPruner(regions)
    nav = pruner.for_page("r1/f2/n1.html")
    assert nav == (
        NavNode("Region 0", "r0/index.html"),
        NavNode("Region 1", "r1/index.html", (
            NavNode("Goals 1", "r1/goals.html"),
            NavNode("Folder 0", "r1/f0/n0.html"),
            NavNode("Folder 1", "r1/f1/n0.html"),
            NavNode("Folder 2", None, inner[2].children),
        )),
    )  # fmt: skip
    assert pruner.for_page("r1/f2/n0.html") is nav  # the pages of one folder share their tree
    assert pruner.for_page("r1/index.html")[1].children[1:] == tuple(nav[1].children[1:3]) + (
        NavNode("Folder 2", "r1/f2/n0.html"),
    )
    assert pruner.for_page("calendar.html") == (NavNode("Region 0", "r0/index.html"), NavNode("Region 1", "r1/index.html"))
