"""A typo in the author's theme template shows in the preview like a plan error, and fixing it clears it."""

from __future__ import annotations

import json
from pathlib import Path

from serving import EventStream, eventually, serve

BROKEN = '{% extends "default/page.html" %}\n{% block prose %}{{ nosuchvar }}{{ super() }}{% endblock %}\n'
FIXED = '{% extends "default/page.html" %}\n{% block prose %}<p class="mine">mine</p>{{ super() }}{% endblock %}\n'


def test_a_broken_theme_template_shows_the_overlay_and_the_fix_clears_it(tmp_path: Path) -> None:
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        templates = tmp_path / "theme" / "templates"
        templates.mkdir(parents=True)
        (templates / "page.html").write_text(BROKEN, encoding="utf-8")

        errors = json.loads(stream.next("errors"))
        lines = [f"{d['path']}:{d['line']}: {d['code']}" for d in errors["diagnostics"]]
        assert any(line.endswith("page.html:2: theme-template") for line in lines), lines
        assert "nosuchvar" in errors["html"]
        assert eventually(lambda: "[theme-template]" in site.output)
        assert "Traceback" not in site.output

        (templates / "page.html").write_text(FIXED, encoding="utf-8")
        stream.next("reload")
        assert eventually(lambda: "sitegen-overlay" not in site.text("/overview.html"))
        assert 'class="mine"' in site.text("/overview.html")
        stream.close()
