"""A broken theme template stops the build with a located error, never a traceback.

Authors override one template in `theme/` next to the plan; a typo there (an
unknown variable, an unclosed tag) must name the file and line, leave the
last good site untouched and exit 1 — also when the page that fails is
rendered by a worker process of a large build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_plan  # noqa: E402

UNDEFINED = """{% extends "default/page.html" %}
{% block prose %}{% if page.title.endswith("SWOT") %}{{ nosuchvar }}{% endif %}{{ super() }}{% endblock %}
"""
UNCLOSED = """{% extends "default/page.html" %}
{% block prose %}{% if page.html %}
{% endblock %}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "template, line, message",
    [(UNDEFINED, 2, "'nosuchvar' is undefined"), (UNCLOSED, 3, "Encountered unknown tag 'endblock'")],
)
def test_a_broken_theme_template_is_located_and_the_old_site_kept(
    tmp_path: Path, run_module, jobs: str, template: str, line: int, message: str
) -> None:
    plan = generate_plan(tmp_path / "plan", 100)
    code, _, err = run_module("build", "--plan", plan, "--out", "public", cwd=tmp_path, env={"SITEGEN_JOBS": jobs})
    assert code == 0, err
    before = {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}

    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "templates" / "page.html").write_text(template, encoding="utf-8")
    code, out, err = run_module("build", "--plan", plan, "--out", "public", cwd=tmp_path, env={"SITEGEN_JOBS": jobs})

    assert code == 1
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"theme/templates/page.html:{line}:1: error: template error: ")
    assert message in first and first.endswith("[theme-template]")
    assert "Build stopped: nothing written, public/ left as it was." in err
    after = {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "public", "theme"]


def test_a_theme_template_linking_outside_the_theme_is_refused_unread(tmp_path: Path, run_module) -> None:
    """A pull request can add a link as easily as a file: a template that points at a
    secret elsewhere on the machine must not be published as a page."""
    plan = generate_plan(tmp_path / "plan", 100)
    secret = tmp_path / "secret.txt"
    secret.write_text("API_TOKEN=hunter2", encoding="utf-8")
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "templates" / "page.html").symlink_to(secret)

    code, out, err = run_module("build", "--plan", plan, "--out", "public", cwd=tmp_path)

    assert code == 1
    assert "Traceback" not in err and "hunter2" not in out + err
    first = err.splitlines()[0]
    assert first.startswith("theme/templates/page.html:1:1: error: template error: this template is a link")
    assert first.endswith("[theme-template]")
    assert not (tmp_path / "public").exists()
