"""Template lookup order, strictness, escaping and the helpers templates rely on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest

from sitegen.site.engine.environment import build_environment, json_script
from sitegen.site.engine.page import PageInfo, Site, render_page
from sitegen.site.engine.themes import ThemeNotFound, theme_dirs, themes_root, user_theme_dir


def test_themes_root_has_the_default_theme() -> None:
    root = themes_root()
    assert (root / "default" / "templates" / "base.html").is_file()
    assert (root / "default" / "static" / "sitegen.css").is_file()


def test_override_dir_wins_over_default(tmp_path: Path) -> None:
    override = tmp_path / "theme"
    override.mkdir()
    (override / "macros.html").write_text(
        "{% macro badge(text, kind='x') %}<b>OVERRIDDEN {{ text }}</b>{% endmacro %}",
        encoding="utf-8",
    )
    env = build_environment("en", "USD", override_dir=override)
    template = env.from_string('{% import "macros.html" as m %}{{ m.badge("hi") }}')
    assert template.render() == "<b>OVERRIDDEN hi</b>"
    # templates the override does not provide still come from the default theme
    assert "sg-skip" in env.loader.get_source(env, "base.html")[0]  # type: ignore[union-attr]


def test_override_templates_subfolder_is_also_searched(tmp_path: Path) -> None:
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "templates" / "page.html").write_text("MINE", encoding="utf-8")
    env = build_environment("en", "USD", override_dir=tmp_path / "theme")
    assert env.get_template("page.html").render() == "MINE"


def test_override_can_extend_the_bundled_template(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text(
        '{% extends "default/page.html" %}{% block prose %}<p>CUSTOM</p>{% endblock %}',
        encoding="utf-8",
    )
    env = build_environment("en", "USD", override_dir=tmp_path / "theme")
    site = Site("Plan", "en", dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    html = render_page(env, "page.html", "a/b.html", site, page=PageInfo("B")).content.decode()
    assert "<p>CUSTOM</p>" in html and 'href="../assets/sitegen.css"' in html


def test_missing_override_dir_is_fine(tmp_path: Path) -> None:
    env = build_environment("en", "USD", override_dir=tmp_path / "nope")
    assert env.get_template("base.html")


def test_user_theme_dir_is_beside_the_plan(tmp_path: Path) -> None:
    assert user_theme_dir(tmp_path / "plan") == (tmp_path / "theme").resolve()


def test_unknown_theme_lists_available() -> None:
    with pytest.raises(ThemeNotFound, match="default"):
        theme_dirs("no-such-theme")
    with pytest.raises(ThemeNotFound):
        theme_dirs("../default")


def test_default_theme_dirs() -> None:
    assert theme_dirs(None) == theme_dirs("default") == (themes_root() / "default",)


def test_strict_undefined_and_autoescape() -> None:
    env = build_environment("en", "USD")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nope }}").render()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_filters_and_globals() -> None:
    env = build_environment("pl", "PLN")
    out = env.from_string("{{ v|money }} {{ t('metric.profit') }} {{ html_lang }}").render(
        v=Decimal("1050000")
    )
    assert out == "1\u00a0050\u00a0000\u00a0zł Zysk pl"
    assert build_environment("zh", "CNY").globals["html_lang"] == "zh-Hans"


def test_url_is_relative_to_current_page() -> None:
    env = build_environment("en", "USD")
    template = env.from_string("{{ url('assets/sitegen.css') }} {{ url('目标.html', 'a b') }}")
    out = template.render(current_path="活动/上半年.html")
    assert out == "../assets/sitegen.css ../%E7%9B%AE%E6%A0%87.html#a%20b"


def test_json_script_cannot_close_the_script_element() -> None:
    out = json_script({"title": "</script><script>alert(1)</script>", "v": Decimal("1.5")})
    assert "</" not in out and "<" not in out
    assert '"v":1.5' in out
    assert json_script({"n": Decimal("60")}) == '{"n":60}'


def test_url_in_macros_is_relative_to_the_page_being_rendered(tmp_path: Path) -> None:
    """A theme's macros link correctly whether imported with context or without."""
    override = tmp_path / "theme"
    override.mkdir()
    (override / "links.html").write_text(
        "{% macro home() %}{{ url('index.html') }}{% endmacro %}", encoding="utf-8"
    )
    env = build_environment("en", "USD", override_dir=override)
    for header in ('{% import "links.html" as l %}', '{% import "links.html" as l with context %}'):
        template = env.from_string(header + "{{ l.home() }}|{{ url('regions/emea.html') }}")
        assert template.render(current_path="regions/emea/goals.html") == "../../index.html|../emea.html"
        assert template.render(current_path="index.html") == "index.html|regions/emea.html"
