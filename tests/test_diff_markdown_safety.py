"""Story: a pull request's plan diff is posted as a comment; whatever the plan says,
the comment shows it as text — it runs no HTML, shows no image, pings nobody.

A campaign renamed to hostile text, a file named like an HTML tag: the
Markdown `diff --format markdown` prints keeps every character visible but
inert (HTML-escaped, Markdown punctuation backslash-escaped, a zero-width
space `&#8203;` after `@` and before an issue number, code spans fenced
longer than the backticks they hold).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_history_fixtures import CAMPAIGNS, OVERVIEW, git, make_repo, write

from sitegen.diff.formats.markdown import _text

ZWSP = "\u200b"
HOSTILE = "<img src=x onerror=alert(1)> @octocat cc @org/team see #12 ![t](http://x.test/p.png)"


def _markdown_after(repo: Path, run_cli, ref: str = "q2") -> str:
    code, out, err = run_cli("diff", ref, "--plan", "plan", "--format", "markdown", cwd=repo)
    assert code == 0, err
    return out


def test_names_in_the_pr_comment_are_plain_text(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    campaigns = CAMPAIGNS.format(start="2027-04-01").replace("Spring push", f'"{HOSTILE}"')
    write(repo, {"campaigns.md": campaigns})
    out = _markdown_after(repo, run_cli)
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "@octocat" not in out and "@&#8203;octocat" in out and "@&#8203;org/team" in out
    assert "#12" not in out and "#&#8203;12" in out
    assert "![t](" not in out and "\\!\\[t\\](http://x.test/p.png)" in out


def test_a_file_name_cannot_open_html_or_leave_its_code_span(tmp_path: Path, run_cli) -> None:
    repo = make_repo(tmp_path)
    name = "notes `<b>@ana</b>`.md"
    write(repo, {name: OVERVIEW.format(prose="New.")})
    git(repo, "add", "plan")
    out = _markdown_after(repo, run_cli)
    assert "``notes `<b>@ana</b>`.md``" in out  # in a code span: nothing renders, nobody is pinged
    git(repo, "commit", "-q", "-m", "notes")
    write(repo, {name: OVERVIEW.format(prose="Newer.")})
    out = _markdown_after(repo, run_cli, "HEAD")
    assert "<summary>Prose: <code>notes `&lt;b&gt;@&#8203;ana&lt;/b&gt;`.md</code></summary>" in out


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda s: "\x00" not in s))
def test_any_text_reads_back_unchanged_and_inert_in_a_rendered_table_cell(value: str) -> None:
    """Rendered as GitHub renders a comment table (CommonMark + tables + strikethrough),
    the cell holds no tag and no linkable @/#digit, and reads as the text itself."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    page = md.render(f"| name |\n|---|\n| {_text(value)} |\n")
    cell = page.split("<td>", 1)[1].split("</td>", 1)[0] if "<td>" in page else ""
    assert "<" not in cell
    assert not re.search(r"@\w|#\d", cell)
    shown = html.unescape(cell).replace(ZWSP, "")
    assert shown == " ".join(value.split()).replace(ZWSP, "")
