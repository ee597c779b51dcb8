"""A section whose body opens with its own title as a heading shows the title once.

Authors write `title: Team` in the front matter and open the body with
`# Team`, as they would any Markdown file; the page already shows the title
as its heading, so the two read one under the other (most pages of the
Polish and Chinese examples did). The body's opening heading is left out
when it only repeats the title — on the page, in its table of contents, and
in the board pack — and kept when it says something else.
"""

from __future__ import annotations

import re

from conftest import md, run_cli, write_plan


def _build(tmp_path, body: str):
    plan = write_plan(tmp_path, {"team.md": md("title: Team\n", body)})
    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "public"))
    assert code == 0, err
    return tmp_path / "public"


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)]


def test_an_opening_heading_that_repeats_the_title_is_shown_once(tmp_path):
    site = _build(tmp_path, "# Team\n\nTwo account executives.\n\n## Hiring\n\nOne in May.\n")
    page = (site / "team.html").read_text(encoding="utf-8")
    article = page.split('<main', 1)[1]
    assert _headings(article).count("Team") == 1
    assert "Two account executives." in article and 'id="hiring"' in article
    toc = article.split('class="sg-toc"', 1)[1].split("</nav>", 1)[0] if 'class="sg-toc"' in article else ""
    assert 'href="#team"' not in toc
    report = (site / "report.html").read_text(encoding="utf-8")
    part = report.split("Two account executives.", 1)[0].rsplit("<article", 1)[1]
    assert _headings(part).count("Team") == 1


def test_an_opening_heading_that_says_something_else_stays(tmp_path):
    page = (_build(tmp_path, "# Who sells\n\nTwo account executives.\n") / "team.html").read_text(encoding="utf-8")
    assert _headings(page.split('<main', 1)[1])[:2] == ["Team", "Who sells"]
