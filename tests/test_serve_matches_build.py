"""The live preview never drifts from a fresh build, whatever an author does between saves.

A hypothesis state machine edits a small but complete plan the way authors
do — numbers (front matter, an actuals CSV, plan.yaml's settings), ids,
prose, pages added, removed and renamed, a folder renamed, the theme's files
and templates overridden — rebuilds the preview after each save (taking
turns between re-reading only the files named and walking the folder, as
`serve` does after file or folder events), and compares the preview folder
with what `sitegen build` writes from the same files, file for file. A plan
with errors must fail both ways (the preview then keeps its last good site).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from sitegen.cli import main
from sitegen.serve.rebuild import Rebuilder

MINI = Path(__file__).parent / "fixtures" / "mini"
WORDS = st.text(alphabet=st.sampled_from(list("abc xyz[]*_#\n")), min_size=1, max_size=30)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


class EditingThePlan(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="sitegen-stateful-"))
        self.plan = self.tmp / "plan"
        shutil.copytree(MINI, self.plan)
        self.rebuilder = Rebuilder(self.plan, self.tmp / "preview")
        self.changed: list[str] = []
        self.theme_changed = False
        self.added: list[str] = []
        self.builds = 0
        self.folder_moved = False  # serve then walks the folder (no complete list of files)

    @initialize()
    def first_build(self) -> None:
        assert self.rebuilder.rebuild().ok

    def _edit(self, rel: str, old: str, new: str) -> None:
        path = self.plan / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        self.changed.append(rel)

    @rule(amount=st.integers(min_value=1, max_value=9_000_000))
    def change_a_target(self, amount: int) -> None:
        text = (self.plan / "sales/goals.md").read_text(encoding="utf-8")
        current = text.split("target: ", 1)[1].split("\n", 1)[0]
        self._edit("sales/goals.md", f"target: {current}", f"target: {amount}")

    @rule(headcount=st.integers(min_value=0, max_value=40))
    def change_a_headcount(self, headcount: int) -> None:
        text = (self.plan / "sales/team.md").read_text(encoding="utf-8")
        current = text.split("headcount: ", 1)[1].split(",", 1)[0]
        self._edit("sales/team.md", f"headcount: {current},", f"headcount: {headcount},")

    @rule(new_id=st.sampled_from(["customers-h2", "clients-h2", "revenue-q1", "h2 customers"]))
    def rename_a_goal_id(self, new_id: str) -> None:
        text = (self.plan / "sales/goals.md").read_text(encoding="utf-8")
        current = text.split("  - id: ")[4].split("\n", 1)[0]
        self._edit("sales/goals.md", f"  - id: {current}\n", f"  - id: {new_id}\n")

    @rule(value=st.integers(min_value=0, max_value=2_000_000))
    def change_an_actual_in_the_csv(self, value: int) -> None:
        rows = (self.plan / "sales/actuals.csv").read_text(encoding="utf-8").split("\n")
        goal, _, as_of = rows[1].split(",")
        self._edit("sales/actuals.csv", rows[1], f"{goal},{value},{as_of}")

    @rule(setting=st.sampled_from([("currency: ", ["USD", "EUR", "PLN"]),
                                   ("title: ", ["Mini Co — Sales Plan 2027", "Mini & Co <2027>"])]),
          data=st.data())
    def change_a_setting(self, setting: tuple[str, list[str]], data: st.DataObject) -> None:
        key, values = setting
        text = (self.plan / "plan.yaml").read_text(encoding="utf-8")
        current = text.split(f"\n{key}", 1)[1].split("\n", 1)[0]
        self._edit("plan.yaml", f"\n{key}{current}\n", f"\n{key}{data.draw(st.sampled_from(values))}\n")

    @rule()
    def rename_a_folder(self) -> None:
        old, new = ("market", "markets") if (self.plan / "market").exists() else ("markets", "market")
        (self.plan / old).rename(self.plan / new)
        self.folder_moved = True

    @rule(rel=st.sampled_from(["intro.md", "market/swot.md", "sales/goals.md"]), words=WORDS)
    def edit_prose(self, rel: str, words: str) -> None:
        if not (self.plan / rel).exists():  # its folder is renamed just now
            rel = rel.replace("market/", "markets/")
        path = self.plan / rel
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        self.changed.append(rel)

    @rule(name=st.sampled_from(["notes", "more/ideas", "站点"]), words=WORDS)
    def add_a_page(self, name: str, words: str) -> None:
        rel = f"{name}.md"
        (self.plan / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.plan / rel).write_text(f"---\ntitle: {name.title()}\n---\n{words}\n", encoding="utf-8")
        self.added.append(rel)
        self.changed.append(rel)

    @rule(data=st.data())
    def remove_or_rename_a_page(self, data: st.DataObject) -> None:
        if not self.added:
            return
        rel = data.draw(st.sampled_from(self.added))
        self.added.remove(rel)
        if data.draw(st.booleans()) and not (self.plan / f"renamed-{Path(rel).name}").exists():
            new = f"renamed-{Path(rel).name}"
            (self.plan / rel).rename(self.plan / new)
            self.added.append(new)
            self.changed.append(new)
        else:
            (self.plan / rel).unlink()
        self.changed.append(rel)

    @rule(colour=st.sampled_from(["#123456", "teal", None]))
    def override_the_theme(self, colour: str | None) -> None:
        css = self.tmp / "theme" / "static" / "extra.css"
        if colour is None:
            css.unlink(missing_ok=True)
        else:
            css.parent.mkdir(parents=True, exist_ok=True)
            css.write_text(f"body {{ color: {colour}; }}\n", encoding="utf-8")
        self.theme_changed = True

    @rule(footer=st.sampled_from(["Made by <b>sales</b>", "{{ site.title }} ✓", None]))
    def override_a_template(self, footer: str | None) -> None:
        """A `theme/templates/base.html` that extends the bundled one and changes its footer:
        the site is then rendered in the sandbox, without the sidebar's cache."""
        base = self.tmp / "theme" / "templates" / "base.html"
        if footer is None:
            base.unlink(missing_ok=True)
        else:
            base.parent.mkdir(parents=True, exist_ok=True)
            base.write_text('{% extends "default/base.html" %}'
                            f"{{% block footer %}}<footer>{footer}</footer>{{% endblock %}}\n", encoding="utf-8")
        self.theme_changed = True

    @invariant()
    def the_preview_is_a_fresh_build(self) -> None:
        if not self.changed and not self.theme_changed and not self.folder_moved:
            return
        complete = not self.folder_moved and not self.theme_changed and self.builds % 2 == 0
        result = self.rebuilder.rebuild(self.changed, theme_changed=self.theme_changed, complete=complete)
        self.changed, self.theme_changed, self.folder_moved = [], False, False
        self.builds += 1
        fresh = self.tmp / f"fresh-{self.builds}"
        code = main(["build", "--plan", str(self.plan), "--out", str(fresh)])
        assert (code == 0) == result.ok, result.diagnostics
        if result.ok:
            assert set(result.deferred) <= {"report.html"}  # the one output a save does not wait for
            self.rebuilder.write_deferred()  # what a browser asking for it does (or the author's pause)
            assert _tree(self.tmp / "preview") == _tree(fresh)
        shutil.rmtree(fresh, ignore_errors=True)

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


EditingThePlan.TestCase.settings = settings(
    max_examples=4, stateful_step_count=6, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_the_preview_follows_every_edit_like_a_fresh_build = EditingThePlan.TestCase
