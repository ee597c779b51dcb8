"""Follow the plan: every reference is a link both ways, and a dead prose link is a located warning.

The story: a head of sales opens a goal and wants its funnel, the funnel's
segment, the segment's campaigns and where those sit in the calendar, by
clicking, never by copying an id into the search box.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import analyse_files, md, write_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.site.engine.environment import build_environment
from sitegen.site.pages.links import Link, plan_links

SEGMENTS = md(
    "title: Customers\nkind: segments\nsegments:\n"
    "  - {id: smb, name: Small businesses, size: 5000}\n"
    "  - {id: retail, name: Retail chains, parent: smb}\n"
)
OFFER = md("title: Offer\nkind: offer\nproducts:\n  - {id: team, name: Insight Team, price: 1200, segments: [smb]}\n")
GOALS = md(
    "title: Goals\nkind: goals\ngoals:\n"
    "  - {id: smb-2027, name: SMB revenue 2027, metric: revenue, target: 120000, period: 2027, segment: smb}\n"
)
FUNNEL = md(
    "title: SMB funnel\nkind: funnel\nid: smb-funnel\nsegment: smb\ndeal_size: 1200\n"
    "stages:\n  - {id: lead, name: Lead, conversion: 0.5}\n"
    "activities:\n  - {name: Calls, stage: lead, per_unit: 2, minutes: 10, role: sdr}\n"
)
TEAM = md("title: Team\nkind: resources\nteam:\n  - {id: sdr, role: Sales development rep, headcount: 3}\n")
CAMPAIGNS = md(
    "title: Spring\nkind: campaigns\ncampaigns:\n"
    "  - {id: webinars, name: Spring webinars, type: marketing, plane: prospecting, start: 2027-03-01,"
    " end: 2027-03-31, segment: smb, goal: smb-2027, budget: 5000}\n"
)
TERRITORIES = md(
    "title: Regions\nkind: territories\nterritories:\n"
    "  - {id: north, name: The North, accounts: 10, visits_per_month: 1, visit_minutes: 60, travel_minutes: 30, reps: 1}\n"
)
BUDGET = md(
    "title: Budget\nkind: budget\ntotal: 100000\nlines:\n"
    "  - {name: Travel, amount: 1000, category: travel, territory: north}\n"
    "  - {name: Coaching, amount: 2000, category: enablement, team: sdr}\n"
)
FILES = {
    "market/segments.md": SEGMENTS, "market/offer.md": OFFER, "strategy/goals.md": GOALS,
    "funnels/smb.md": FUNNEL, "team.md": TEAM, "campaigns/spring.md": CAMPAIGNS,
    "regions.md": TERRITORIES, "budget.md": BUDGET,
}


def _links():
    analysis = analyse_files(FILES)
    t = build_environment("en", "USD").globals["t"]
    return plan_links(analysis.plan, analysis.computed, t, lambda day: day.strftime("%B %Y"))


def test_a_reference_is_a_link_under_the_things_name() -> None:
    links = _links()
    assert links.link("segment", "smb", "strategy/goals.html") == Link(
        "Small businesses", "../market/segments.html#segment-smb")
    assert links.link("goal", "smb-2027", "campaigns/spring.html") == Link(
        "SMB revenue 2027", "../strategy/goals.html#goal-smb-2027")
    assert links.link("funnel", "smb-funnel", "index.html") == Link("SMB funnel", "smb-funnel.html")
    assert links.link("team", "sdr", "budget.html") == Link("Sales development rep", "team.html#team-sdr")
    assert links.link("territory", "north", "budget.html") == Link("The North", "regions.html#territory-north")
    assert links.link("segment", None, "x.html") == ""


def test_every_reference_is_listed_both_ways() -> None:
    links = _links()

    def related(kind: str, item: str) -> dict[str, list[str]]:
        where = links.where(kind, item, "index.html")
        return {label: [str(x) for x in found] for label, found in where.groups} if where else {}

    assert related("segment", "smb") == {
        "Goals": ["SMB revenue 2027"], "Customer groups": ["Retail chains"], "Products and packages": ["Insight Team"],
        "Funnels": ["SMB funnel"], "Campaigns": ["Spring webinars"]}
    assert related("goal", "smb-2027") == {
        "Customer groups": ["Small businesses"], "Funnels": ["SMB funnel"], "Campaigns": ["Spring webinars"]}
    assert related("funnel", "smb-funnel") == {
        "Goals": ["SMB revenue 2027"], "Customer groups": ["Small businesses"], "Team": ["Sales development rep"]}
    assert related("campaign", "webinars") == {
        "Goals": ["SMB revenue 2027"], "Customer groups": ["Small businesses"], "Calendar": ["March 2027"],
        "Budget": ["Budget"]}
    assert related("team", "sdr") == {"Funnels": ["SMB funnel"], "Budget": ["Budget"]}
    assert related("territory", "north") == {"Budget": ["Budget"]}
    assert related("budget", "budget") == {
        "Team": ["Sales development rep"], "Campaigns": ["Spring webinars"], "Territories": ["The North"]}


def _page(public: Path, path: str) -> str:
    return (public / path).read_text(encoding="utf-8")


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#]*)(#[^"]*)?"', html)


def test_the_site_links_each_reference_and_every_link_lands_on_an_anchor(tmp_path: Path, run_cli) -> None:
    write_plan(tmp_path, FILES)
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, stderr
    public = tmp_path / "public"
    campaigns = _page(public, "campaigns/spring.html")
    assert '<tr id="campaign-webinars">' in campaigns
    assert '<a href="../strategy/goals.html#goal-smb-2027">SMB revenue 2027</a>' in campaigns
    assert '<a href="../market/segments.html#segment-smb">Small businesses</a>' in campaigns
    goals = _page(public, "strategy/goals.html")
    assert '<th scope="row">SMB revenue 2027</th>' in goals and "Where in the plan" in goals
    assert '<a href="../smb-funnel.html">SMB funnel</a>' in goals
    calendar = _page(public, "calendar.html")
    assert calendar.count('href="campaigns/spring.html#campaign-webinars"') >= 2  # a bar and the agenda entry
    dashboard = _page(public, "index.html")
    assert '<a class="sg-kpi-link" href="strategy/goals.html">' in dashboard
    assert '<a class="sg-kpi-link" href="calendar.html">' in dashboard
    for page in public.rglob("*.html"):  # every in-site link with an anchor finds it
        html = page.read_text(encoding="utf-8")
        for href, fragment in re.findall(r'href="([^"#:]*\.html)#([^"]+)"', html):
            target = (page.parent / href).resolve()
            assert target.is_file(), (page, href)
            assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), (page, href, fragment)


def test_a_link_to_a_missing_section_is_a_located_warning(check_plan) -> None:
    body = "# Goals\n\nSee [the funnel](../funnels/smb.md) and\n[the offer](../market/ofer.md#prices).\n"
    files = dict(FILES, **{"strategy/goals.md": GOALS.replace("Text.\n", body)})
    code, lines, _ = check_plan(files)
    assert code == 0  # a warning: the plan builds
    broken = [line for line in lines if "[broken-link]" in line]
    front = GOALS.count("\n") - 1  # the body starts on the line after the closing ---
    assert broken == [
        f"plan/strategy/goals.md:{front + 4}:13: warning: link to '../market/ofer.md', which is not a section "
        "of the plan (did you mean '../market/offer.md'?); fix the path or remove the link [broken-link]"
    ]


def test_each_broken_link_is_placed_where_it_is_written(check_plan) -> None:
    """Two links to one missing file in a line are two warnings, each at its own target (not
    both at the first), and a reference link (`[offer]`) is placed at its own text."""
    body = "See [a](ofer.md) or [b](ofer.md), and [offer].\n\n[offer]: prices.md\n"
    files = dict(FILES, **{"team.md": TEAM.replace("Text.\n", body)})
    code, lines, _ = check_plan(files)
    front = TEAM.count("\n") - 1
    assert code == 0 and [line.split(": ")[0] for line in lines if "[broken-link]" in line] == [
        f"plan/team.md:{front + 1}:9", f"plan/team.md:{front + 1}:25", f"plan/team.md:{front + 1}:39"]


def test_every_broken_link_of_a_long_playbook_is_placed_on_its_own_line(check_plan) -> None:
    """A playbook of hundreds of lines with a broken link on many of them (the team renamed
    `notes.md`): each warning names the link's own line and column, the first line and the
    last included, after accented text too."""
    lines = [f"[Ä{n}](notes.md) first." if n % 50 == 0 else f"Zażółć line {n}, see [it](notes.md)." for n in range(500)]
    files = dict(FILES, **{"team.md": TEAM.replace("Text.\n", "\n".join(lines) + "\n")})
    code, found, _ = check_plan(files)
    front = TEAM.count("\n") - 1
    assert code == 0 and [line.split(": ")[0] for line in found if "[broken-link]" in line] == [
        f"plan/team.md:{front + 1 + n}:{(5 if n % 50 == 0 else 24) + len(str(n))}" for n in range(500)]


def test_a_link_into_a_renamed_folder_suggests_where_the_section_went(check_plan) -> None:
    """`market/` renamed `offer-2027/`: the old link names the file of the same name in its
    new folder, as the link would write it."""
    files = {("offer-2027/offer.md" if rel == "market/offer.md" else rel): text for rel, text in FILES.items()}
    files["team.md"] = TEAM.replace("Text.\n", "See [the offer](market/offer.md).\n")
    code, lines, _ = check_plan(files)
    assert code == 0 and [line.split(": ", 2)[2] for line in lines if "[broken-link]" in line] == [
        "link to 'market/offer.md', which is not a section of the plan (did you mean 'offer-2027/offer.md'?); "
        "fix the path or remove the link [broken-link]"]


def test_a_link_written_in_capitals_is_checked_too(check_plan) -> None:
    """`Notes.MD` from a Windows editor is a Markdown file like `notes.md`."""
    files = dict(FILES, **{"team.md": TEAM.replace("Text.\n", "See [notes](Notes.MD).\n")})
    code, lines, _ = check_plan(files)
    assert code == 0 and [line.split(": ")[1:3] for line in lines if "[broken-link]" in line] == [
        ["warning", "link to 'Notes.MD', which is not a section of the plan; fix the path or remove the link [broken-link]"]
    ]


def test_links_in_code_and_to_other_files_are_not_checked(check_plan) -> None:
    body = "Write `[x](missing.md)` to link.\n\n    [y](also-missing.md)\n\n[site](https://example.com/a.md) [csv](data.csv)\n"
    files = dict(FILES, **{"team.md": TEAM.replace("Text.\n", body)})
    code, lines, _ = check_plan(files)
    assert code == 0 and not [line for line in lines if "broken-link" in line]


def test_codes_appear_by_their_names(tmp_path: Path, run_cli) -> None:
    """A budget line's team and territory by their names (as links), its category by the name
    `categories:` gives it, else readable; a goal by its `name`."""
    budget = BUDGET.replace("total: 100000\n", "total: 100000\ncategories: {travel: Field travel}\n").replace(
        "category: enablement", "category: sales-enablement")
    write_plan(tmp_path, dict(FILES, **{"budget.md": budget}))
    code, _, stderr = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, stderr
    page = _page(tmp_path / "public", "budget.html")
    assert "<td>Field travel</td>" in page and "<td>Sales enablement</td>" in page
    assert '<a href="regions.html#territory-north">The North</a>' in page
    assert '<a href="team.html#team-sdr">Sales development rep</a>' in page
    assert ">travel<" not in page and ">sdr<" not in page and ">north<" not in page
    funnel = _page(tmp_path / "public", "smb-funnel.html")
    assert "SMB revenue 2027" in funnel and "smb-2027" not in funnel.split("<main", 1)[-1].replace('#goal-smb-2027"', "")


def test_serve_warns_when_a_save_breaks_a_link_and_stops_when_it_is_fixed(tmp_path: Path) -> None:
    """A prose-only save takes serve's quick path; a link it adds or fixes still changes the warnings."""
    from sitegen.serve.rebuild import Rebuilder

    plan = write_plan(tmp_path, FILES)
    rebuilder = Rebuilder(plan, tmp_path / "site")
    assert rebuilder.rebuild().ok
    team = plan / "team.md"
    for body, broken in (("See [the offer](market/ofer.md).\n", 1), ("See [the offer](market/offer.md).\n", 0),
                         ("Only words.\n", 0)):
        team.write_text(TEAM.replace("Text.\n", body), encoding="utf-8")
        result = rebuilder.rebuild(["team.md"], complete=True)
        assert result.ok
        assert sum(d.code == "broken-link" for d in result.diagnostics) == broken, body
    assert "Only words." in (tmp_path / "site" / "team.html").read_text(encoding="utf-8")


_PIECES = ["[a](x.md)", "[b](y.md#f)", "[c]", "\n[c]: z.md\n", "`[d](q.md)`", "```\n[e](w.md)\n```\n", "\n",
           "| [t](t.md) | u |\n|---|---|\n| [v](v.md) | w |\n", "- ", "> ", "# ", "zażółć ", "目标 ", "*", "`",
           "[f](<sp ace.md>)", "[g](%C5%BC.md)", "    [i](i.md)\n", "![im](im.md)", "\\[l](l.md)", "<b.md>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_check_reads_the_links_the_page_shows(body: str) -> None:
    """`check` warns about exactly the `.md` links the rendered page has (the two read the body
    with one parser), and places each inside the body."""
    from html import unescape

    from sitegen.site.engine.markdown import render_markdown
    from sitegen.validate.links import _target, md_links

    shown = [_target(unescape(href)) for href in re.findall(r'<a href="([^"]*)"', render_markdown(body))]
    found = md_links(body)
    assert [path for path, _, _ in found] == [path for path in shown if path is not None]
    lines = body.split("\n")
    assert all(line < len(lines) and col <= len(lines[line]) for _, line, col in found)
