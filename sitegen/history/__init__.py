"""Git as the plan's review record: one-pass section history and plan snapshots at a ref.

Only this package runs git (through ``git.run_git``); everything it returns is
plain frozen data, so the site renderer and ``sitegen diff`` stay pure.
"""

from sitegen.history.git import GitResult, is_shallow, repo_root, resolve_commit, run_git
from sitegen.history.log import (
    Commit,
    FileChange,
    PlanHistory,
    PullRequest,
    SectionHistory,
    read_history,
)
from sitegen.history.site import history_for_site
from sitegen.history.snapshot import (
    PlanLocation,
    SnapshotError,
    git_renames,
    locate_plan,
    snapshot_sources,
)

__all__ = [
    "Commit",
    "FileChange",
    "GitResult",
    "PlanHistory",
    "PlanLocation",
    "PullRequest",
    "SectionHistory",
    "SnapshotError",
    "git_renames",
    "history_for_site",
    "is_shallow",
    "locate_plan",
    "read_history",
    "repo_root",
    "resolve_commit",
    "run_git",
    "snapshot_sources",
]
