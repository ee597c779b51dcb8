"""Story: a pull request adds a `theme/` folder, and CI builds the site with it.

A theme's templates are presentation, not programs: they are rendered in
Jinja's sandbox, so a template that reaches for Python's internals (the
classic `''.__class__.__mro__` escapes, `cycler.__init__.__globals__.os`,
`str.format` field lookups) stops the build with a located `theme-template`
error, and nothing it asked for runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import md, write_plan

ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "format": "{{ '{0.__init__.__globals__}'.format(fmt) }}",
    "getattr filter": "{{ (fmt|attr('__init__')|attr('__globals__'))['os'].system('touch PWNED') }}",
}


def _theme(root: Path, body: str) -> None:
    templates = root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% extends "default/page.html" %}\n{% block prose %}' + body + "{% endblock %}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_theme_template_cannot_reach_python(tmp_path: Path, run_cli, escape: str) -> None:
    write_plan(tmp_path, {"notes.md": md("title: Notes\n")})
    _theme(tmp_path, escape)
    code, out, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 1, out
    first = err.splitlines()[0]
    assert first.startswith("theme/templates/page.html:2:1: error: template error: ")
    assert first.endswith("[theme-template]")
    # the sandbox refuses the first unsafe step; a chain fails on what that left
    assert "is unsafe" in first or "StrictUndefined object' has no attribute" in first
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "public").exists()


def test_a_theme_still_uses_what_templates_are_given(tmp_path: Path, run_cli) -> None:
    write_plan(tmp_path, {"notes.md": md("title: Notes\n")})
    _theme(tmp_path, "<p class=mine>{{ page.title | upper }} {{ fmt.money(1234) }} {{ t('site.print') }}</p>{{ super() }}")
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, err
    page = (tmp_path / "public" / "notes.html").read_text(encoding="utf-8")
    assert "<p class=mine>NOTES $1,234 Print</p>" in page


def test_a_theme_static_link_out_of_the_theme_is_not_published(tmp_path: Path, run_cli) -> None:
    write_plan(tmp_path, {"notes.md": md("title: Notes\n")})
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=abc123", encoding="utf-8")
    static = tmp_path / "theme" / "static"
    static.mkdir(parents=True)
    (static / "logo.txt").symlink_to(secret)
    (static / "mine.css").write_text("body{}", encoding="utf-8")
    code, _, err = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "public" / "assets" / "mine.css").is_file()
    assert not (tmp_path / "public" / "assets" / "logo.txt").exists()
    assert not any("abc123" in p.read_text(errors="replace") for p in (tmp_path / "public").rglob("*") if p.is_file())


def test_a_theme_added_while_the_preview_runs_is_sandboxed_too(tmp_path: Path) -> None:
    """Without a `theme/` folder only sitegen's own templates render, outside the sandbox
    (it costs about a tenth of a page); the preview's first save of a theme brings it in."""
    from sitegen.serve.rebuild import Rebuilder

    write_plan(tmp_path, {"notes.md": md("title: Notes\n")})
    rebuilder = Rebuilder(tmp_path / "plan", tmp_path / "preview")
    assert rebuilder.rebuild().ok
    _theme(tmp_path, ESCAPES["globals"])
    result = rebuilder.rebuild(theme_changed=True)
    assert not result.ok
    problem = result.diagnostics[0]
    assert (problem.code, Path(problem.path).name) == ("theme-template", "page.html")
    assert not (tmp_path / "PWNED").exists()
