"""The plan's history from ONE ``git log``: who changed each section, when, reviewed by whom.

Common git plugins ask ``git log -1 -- FILE`` once per page; with a thousand
sections that is a thousand processes. Here one ``git log --name-status -M``
over the plan folder is parsed into commits, and each file's changes are
gathered while walking newest → oldest, following renames (a rename moves the
older history under the file's current name).

``--full-history`` with parent rewriting keeps merge commits in the walk, so a
"Merge pull request #12" or GitLab "See merge request group/proj!34" merge
gives its number to the commits it brought in. A shallow clone gives what it
has and says ``partial``; a plan outside git gives an empty history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.history.git import is_shallow, repo_root, run_git

__all__ = [
    "Commit",
    "FileChange",
    "PlanHistory",
    "PullRequest",
    "SectionHistory",
    "parse_log",
    "read_history",
]

RS, US = "\x1e", "\x1f"
LOG_FORMAT = (
    RS + US.join(["%H", "%P", "%aN", "%aE", "%aI", "%s", "%b", "%(trailers:unfold,only)"]) + US
)
REVIEW_TRAILERS = ("reviewed-by", "approved-by")
COAUTHOR_TRAILERS = ("co-authored-by",)
_GITHUB_MERGE = re.compile(r"^Merge pull request #(\d+) from ")
_GITHUB_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_GITLAB_MERGE = re.compile(r"See merge request (\S+)!(\d+)")
_NAME = re.compile(r"^\s*(.*?)\s*(<[^>]*>)?\s*$")


@dataclass(frozen=True)
class PullRequest:
    """A pull (GitHub, ``#12``) or merge (GitLab, ``group/proj!34``) request."""

    number: int
    project: str | None = None  # GitLab project path; None for GitHub

    def __str__(self) -> str:
        return f"{self.project}!{self.number}" if self.project else f"#{self.number}"


@dataclass(frozen=True)
class FileChange:
    """One file a commit touched; paths are relative to the plan folder."""

    status: str  # A, M, D, R (renamed), C (copied), T (type changed)
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class Commit:
    hash: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    subject: str
    body: str = ""
    trailers: tuple[tuple[str, str], ...] = ()
    files: tuple[FileChange, ...] = ()
    pull_request: PullRequest | None = None

    @property
    def short(self) -> str:
        return self.hash[:10]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def trailer_names(self, keys: Iterable[str]) -> tuple[str, ...]:
        """Display names from trailers such as ``Reviewed-by: Ana Nowak <ana@x>``."""
        wanted = set(keys)
        return tuple(person_name(value) for key, value in self.trailers if key.lower() in wanted)

    @property
    def reviewers(self) -> tuple[str, ...]:
        return self.trailer_names(REVIEW_TRAILERS)

    @property
    def coauthors(self) -> tuple[str, ...]:
        return self.trailer_names(COAUTHOR_TRAILERS)


@dataclass(frozen=True)
class SectionHistory:
    """Everything git knows about one file of the plan, under its current path."""

    path: str
    commits: tuple[Commit, ...]  # newest first
    contributors: tuple[str, ...]
    reviewers: tuple[str, ...]
    pull_requests: tuple[PullRequest, ...]

    @property
    def last(self) -> Commit:
        return self.commits[0]

    @property
    def changes(self) -> int:
        return len(self.commits)


@dataclass(frozen=True)
class PlanHistory:
    """The plan folder's history. ``available`` is False outside git; ``partial`` in a shallow clone."""

    commits: tuple[Commit, ...] = ()  # newest first, merges included
    sections: dict[str, SectionHistory] = field(default_factory=dict)
    partial: bool = False
    available: bool = False
    root: Path | None = None
    prefix: str = ""  # plan folder relative to the repository top ("" when it is the top)
    problem: str | None = None

    def for_path(self, rel: str) -> SectionHistory | None:
        return self.sections.get(rel)


def person_name(value: str) -> str:
    """``Ana Nowak <ana@example.com>`` → ``Ana Nowak`` (the address alone if no name)."""
    match = _NAME.match(value)
    name = match.group(1) if match else value
    return name or value.strip().strip("<>")


def pull_request_of(subject: str, body: str) -> PullRequest | None:
    """The request a commit message names: GitHub merge/squash or GitLab merge."""
    if m := _GITHUB_MERGE.match(subject):
        return PullRequest(int(m.group(1)))
    if m := _GITLAB_MERGE.search(body) or _GITLAB_MERGE.search(subject):
        return PullRequest(int(m.group(2)), m.group(1))
    if m := _GITHUB_SQUASH.search(subject):
        return PullRequest(int(m.group(1)))
    return None


def _trailers(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _relative(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    return path[len(prefix) + 1 :] if path.startswith(prefix + "/") else None


def _file_changes(tokens: list[str], prefix: str) -> tuple[FileChange, ...]:
    """``-z --name-status`` tokens: ``M\\0path`` or ``R100\\0old\\0new``."""
    changes, i = [], 0
    while i < len(tokens):
        status = tokens[i].strip()
        if not status:
            i += 1
            continue
        if status[0] in "RC" and i + 2 < len(tokens):
            old, new, i = tokens[i + 1], tokens[i + 2], i + 3
        else:
            old, new, i = None, tokens[i + 1] if i + 1 < len(tokens) else "", i + 2
        rel_new = _relative(new, prefix)
        rel_old = _relative(old, prefix) if old else None
        if rel_new is None and rel_old is not None:  # moved out of the plan folder
            changes.append(FileChange("D", rel_old))
        elif rel_new is not None:
            kind = status[0] if rel_old or not old else "A"
            changes.append(FileChange(kind, rel_new, rel_old))
    return tuple(changes)


def _commit(record: str, prefix: str) -> Commit | None:
    parts = record.split(US)
    if len(parts) < 9:
        return None
    hash_, parents, author, email, date, subject, body, trailers = parts[:8]
    tokens = parts[8].lstrip("\n\0").split("\0")
    return Commit(
        hash=hash_,
        parents=tuple(parents.split()),
        author=author,
        email=email,
        date=dt.datetime.fromisoformat(date),
        subject=subject,
        body=body.strip(),
        trailers=_trailers(trailers),
        files=_file_changes(tokens, prefix),
        pull_request=pull_request_of(subject, body),
    )


def parse_log(output: str, prefix: str = "") -> list[Commit]:
    """Commits of ``git log -z --name-status --format=LOG_FORMAT``, newest first."""
    return [c for rec in output.split(RS) if rec.strip("\0\n") and (c := _commit(rec, prefix))]


def _pull_requests_by_commit(commits: list[Commit]) -> dict[str, PullRequest]:
    """Commits brought in by each PR merge on the first-parent line (one pass over the graph)."""
    by_hash = {c.hash: c for c in commits}
    mainline, cursor = set(), commits[0].hash if commits else None
    while cursor in by_hash and cursor not in mainline:
        mainline.add(cursor)
        cursor = by_hash[cursor].parents[0] if by_hash[cursor].parents else None
    found: dict[str, PullRequest] = {}
    for merge in commits:
        if merge.hash not in mainline or not merge.is_merge or merge.pull_request is None:
            continue
        stack = list(merge.parents[1:])
        while stack:
            sha = stack.pop()
            if sha in mainline or sha in found or sha not in by_hash:
                continue
            found[sha] = merge.pull_request
            stack.extend(by_hash[sha].parents)
    return found


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def group_by_section(commits: list[Commit]) -> dict[str, SectionHistory]:
    """Walk newest → oldest; a rename files the older changes under the newer name."""
    via_pr = _pull_requests_by_commit(commits)
    alias: dict[str, str] = {}
    touched: dict[str, list[Commit]] = {}
    for commit in commits:
        for change in commit.files:
            current = alias.get(change.path, change.path)
            seen = touched.setdefault(current, [])
            if not seen or seen[-1] is not commit:
                seen.append(commit)
            if change.old_path and change.status == "R":
                alias[change.old_path] = current
    sections = {}
    for path, items in touched.items():
        prs = [c.pull_request or via_pr.get(c.hash) for c in items]
        sections[path] = SectionHistory(
            path=path,
            commits=tuple(items),
            contributors=_unique(n for c in items for n in (c.author, *c.coauthors)),
            reviewers=_unique(n for c in items for n in c.reviewers),
            pull_requests=tuple(dict.fromkeys(p for p in prs if p)),
        )
    return sections


def with_pull_requests(commits: list[Commit]) -> list[Commit]:
    """Commits carrying the PR that merged them (when their own message does not name one)."""
    via_pr = _pull_requests_by_commit(commits)
    return [
        c if c.pull_request or c.hash not in via_pr else _replace_pr(c, via_pr[c.hash])
        for c in commits
    ]


def _replace_pr(commit: Commit, pr: PullRequest) -> Commit:
    return replace(commit, pull_request=pr)


def read_history(plan_dir: Path, rev: str = "HEAD") -> PlanHistory:
    """History of the plan folder in one ``git log``; empty (not an error) outside git."""
    root = repo_root(plan_dir)
    if root is None:
        return PlanHistory()
    try:
        prefix = plan_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return PlanHistory(problem=f"{plan_dir} is not inside {root}")
    prefix = "" if prefix == "." else prefix
    args = ["log", "-z", "--name-status", "-M", "--full-history", "--parents", "--no-color"]
    args += ["--encoding=UTF-8", f"--format={LOG_FORMAT}", rev, "--", prefix or "."]
    result = run_git(args, root)
    partial = is_shallow(root)
    if not result.ok:  # e.g. a repository without any commit yet
        return PlanHistory(
            partial=partial, available=True, root=root, prefix=prefix, problem=result.err
        )
    commits = with_pull_requests(parse_log(result.text, prefix))
    return PlanHistory(tuple(commits), group_by_section(commits), partial, True, root, prefix)


def history_of(history: PlanHistory, visible: Callable[[str], bool] | None = None,
               commits: Collection[str] | None = None) -> PlanHistory:
    """Part of the history, git's log read once (PLAN_FORMAT §10): without any commit that
    touches a file `visible` refuses (an audience must not read the subjects of commits to
    what it may not see), and only the commits whose hash is in `commits` (a version's)."""
    kept = [
        c for c in history.commits
        if (commits is None or c.hash in commits) and (visible is None or all(
            visible(f.path) and (f.old_path is None or visible(f.old_path)) for f in c.files))
    ]
    return replace(history, commits=tuple(kept), sections=group_by_section(kept))
