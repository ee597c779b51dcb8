"""Build real git repositories for the history and diff tests (no mocks)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import PLAN_YAML, write_plan

GOALS = """\
---
title: Goals
kind: goals
goals:
  - id: revenue-2027
    metric: revenue
    target: {target}
    period: 2027
---
We aim for steady growth.
"""

FUNNEL = """\
---
title: Funnel
kind: funnel
deal_size: 10000
stages:
  - {id: lead, name: Lead, conversion: 0.5}
  - {id: deal, name: Deal, conversion: 0.5}
activities:
  - {name: Call, stage: lead, per_unit: 2, minutes: 10, role: sdr}
---
"""

TEAM = """\
---
title: Team
kind: resources
team:
  - {id: sdr, role: SDR, headcount: 2}
---
"""

CAMPAIGNS = """\
---
title: Campaigns
kind: campaigns
campaigns:
  - id: spring
    name: Spring push
    type: marketing
    plane: prospecting
    start: {start}
    end: 2027-05-31
---
"""

OVERVIEW = """\
---
title: Overview
---
{prose}
"""


def git(
    repo: Path, *args: str, when: str = "2027-01-05T10:00:00+00:00", author: str = "Ana Nowak"
) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    email = author.lower().replace(" ", ".") + "@example.com"
    env.update(
        GIT_AUTHOR_NAME=author,
        GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_NAME=author,
        GIT_COMMITTER_EMAIL=email,
        GIT_COMMITTER_DATE=when,
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(repo),
    )
    proc = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    """Write exactly ``files`` under ``repo/plan`` (no plan.yaml added: a commit shows only these)."""
    write_plan(repo, files, plan_yaml=None)


def commit_all(repo: Path, message: str, when: str, author: str) -> None:
    """Commit every tracked change, as ``author`` at ``when``."""
    git(repo, "commit", "-q", "-a", "-m", message, when=when, author=author)


def base_files(
    target: str = "1000000", start: str = "2027-03-01", prose: str = "First version."
) -> dict[str, str]:
    return {
        "plan.yaml": PLAN_YAML,
        "goals.md": GOALS.format(target=target),
        "funnel.md": FUNNEL,
        "team.md": TEAM,
        "campaigns.md": CAMPAIGNS.format(start=start),
        "overview.md": OVERVIEW.format(prose=prose),
    }


def make_repo(root: Path) -> Path:
    """A plan repo with two tagged quarters, trailers, a rename and a PR merge commit.

    History (oldest first): initial plan (tag q1) by Ana, reviewed by Bo; a
    branch raising the target, moving the campaign and renaming overview.md to
    summary.md, merged as "Merge pull request #7 from x/y" (tag q2).
    """
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, base_files())
    git(repo, "add", "plan")
    git(repo, "commit", "-q", "-m", "Initial plan\n\nReviewed-by: Bo Chen <bo@example.com>")
    git(repo, "tag", "q1")
    git(repo, "checkout", "-q", "-b", "raise", when="2027-04-01T09:00:00+00:00")
    write(
        repo,
        {
            "goals.md": GOALS.format(target="1200000"),
            "campaigns.md": CAMPAIGNS.format(start="2027-04-01"),
        },
    )
    commit_all(
        repo,
        "Raise the 2027 target\n\nApproved-by: Dana Lee <dana@example.com>\nCo-authored-by: Eve Kim <eve@example.com>",
        when="2027-04-02T09:00:00+00:00",
        author="Carl Diaz",
    )
    git(repo, "mv", "plan/overview.md", "plan/summary.md")
    (repo / "plan" / "summary.md").write_text(
        OVERVIEW.format(prose="First version.\n\nNow with a second paragraph."), encoding="utf-8"
    )
    commit_all(
        repo, "Rename overview to summary", when="2027-04-03T09:00:00+00:00", author="Carl Diaz"
    )
    git(repo, "checkout", "-q", "main")
    git(
        repo,
        "merge",
        "-q",
        "--no-ff",
        "raise",
        "-m",
        "Merge pull request #7 from x/y",
        when="2027-04-04T09:00:00+00:00",
        author="Maya Ops",
    )
    git(repo, "tag", "q2")
    return repo
