"""The benchmark generator writes plans a user could have written: `sitegen check` passes.

Benchmarks are only meaningful on valid input, so a generated plan must carry
every kind of section and check with 0 errors; the prose variant must give
MkDocs and Hugo the very same Markdown bodies.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan, generate_prose, plan_files  # noqa: E402
from sitegen.cli import main  # noqa: E402

KINDS = ("positioning", "swot", "segments", "offer", "goals", "funnel", "resources",
         "campaigns", "territories", "budget", "actuals")


def test_a_generated_20_section_plan_checks_with_no_error(tmp_path, capsys):
    plan = generate_plan(tmp_path / "plan", 20, seed=3)

    code = main(["check", "--plan", str(plan)])

    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 errors" in out
    sections = sorted(plan.rglob("*.md"))
    assert len(sections) == 20
    written = "".join(p.read_text(encoding="utf-8") for p in sections)
    for kind in KINDS:
        assert f"kind: {kind}\n" in written


def test_the_same_seed_gives_the_same_plan_and_another_seed_other_prose():
    assert plan_files(40, seed=1) == plan_files(40, seed=1)
    assert plan_files(40, seed=1) != plan_files(40, seed=2)


def test_the_prose_variant_holds_the_same_pages_for_sitegen_mkdocs_and_hugo(tmp_path, capsys):
    dirs = generate_prose(tmp_path, 20)

    plan_pages = sorted(p.relative_to(dirs.plan).as_posix() for p in dirs.plan.rglob("*.md"))
    docs = sorted(p.relative_to(dirs.mkdocs / "docs").as_posix() for p in dirs.mkdocs.rglob("*.md"))
    hugo = sorted(p.relative_to(dirs.hugo / "content").as_posix() for p in dirs.hugo.rglob("*.md"))
    assert plan_pages == docs and len(hugo) == len(docs) == 20
    summary = (dirs.mkdocs / "docs" / "regions" / "emea-001" / "goals.md").read_text(encoding="utf-8")
    assert summary.startswith('---\ntitle: "EMEA region 1: goals"\n---\n')
    assert "kind:" not in summary
    assert (dirs.hugo / "content" / "regions" / "emea-001" / "_index.md").exists()
    hugo_nav = sorted(p.relative_to(dirs.hugo_nav / "content").as_posix() for p in dirs.hugo_nav.rglob("*.md"))
    assert hugo_nav == hugo and (dirs.hugo_nav / "layouts" / "partials" / "nav.html").exists()
    assert main(["check", "--plan", str(dirs.plan)]) == 0
