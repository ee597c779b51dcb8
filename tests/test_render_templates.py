"""The default theme renders in every language, links relatively, and is valid HTML."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from sitegen.site.engine.assets import PLOTLY_ASSET, theme_asset_outputs
from sitegen.site.engine.components import Chart, Table
from sitegen.site.engine.environment import build_environment
from sitegen.site.engine.markdown import render_with_toc
from sitegen.site.engine.output import Output
from sitegen.site.engine.page import History, PageInfo, Site, render_page
from sitegen.site.nav.tree import NavEntry, NavNode, build_nav
from sitegen.write import write_site

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)

DEMO = """{% extends "page.html" %}
{% block section_data %}
{% call m.kpi_grid() %}
{{ m.kpi(t('kpi.revenue_target'), 1050000|money, t('field.period') ~ ': 2027', 'good') }}
{{ m.kpi(t('kpi.capacity_use'), 1.12|percent, None, 'bad') }}
{% endcall %}
{{ m.chart(chart) }}
{{ m.data_table(chart.table) }}
{{ m.swot_grid(['Team'], ['Size'], [], ['Rival']) }}
{% call m.card(t('kind.segments')) %}<p>{{ m.plane_badge('cross-selling') }}</p>{% endcall %}
{{ m.facts([(t('field.owner'), 'Anna'), (t('field.channel'), None)]) }}
{{ m.diagnostics_list(diagnostics, {'plan/goals.md': 'goals.html'}) }}
{{ m.error_overlay(diagnostics) }}
{% endblock %}
"""


@dataclass(frozen=True)
class _Diagnostic:
    path: str
    line: int
    column: int
    severity: str
    code: str
    message: str


def _site(env: jinja2.Environment, language: str) -> Site:
    t = env.globals["t"]
    entries = [
        NavEntry("goals.md", "Goals", "goals.html", 1),
        NavEntry("grupy-klientów/małe.md", "Małe firmy", "grupy-klientów/małe.html"),
        NavEntry("活动/上半年.md", "上半年", "活动/上半年.html"),
    ]
    return Site(
        title="Plan <2027>",
        language=language,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        organization="ACME & Co",
        links=(NavNode(t("page.dashboard"), "index.html"),),
        nav=build_nav(entries),
        downloads=((t("site.download_json"), "plan.json"),),
    )


def _render_demo(language: str, currency: str) -> list[Output]:
    env = build_environment(language, currency)
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"demo.html": DEMO}), env.loader])
    prose = render_with_toc("## Cele\n\n<b>raw</b>\n\n## 目标\n\n| a | b |\n|--|--:|\n| 1 | 2 |\n")
    page = PageInfo(
        "Grupy klientów",
        kind="goals",
        owner="Anna Nowak",
        status="review",
        html=Markup(prose.html),
        toc=prose.toc,
        history=History(dt.date(2027, 1, 3), "Anna", "Jan"),
    )
    table = Table(["Stage", "Required"], [["Leads", "600"], ["Won", "60"]], [False, True])
    figure = {"data": [{"type": "bar", "x": ["Leads", "Won"], "y": [600, 60]}], "layout": {}}
    chart = Chart("funnel", "Funnel </script>", figure, table)
    diagnostics = [
        _Diagnostic("plan/goals.md", 14, 7, "error", "unknown-ref", "unknown segment 'x'"),
        _Diagnostic("plan/x.md", 1, 1, "warning", "capacity", "too much <work>"),
    ]
    site = _site(env, language)
    return [
        render_page(
            env,
            "demo.html",
            "grupy-klientów/małe.html",
            site,
            page=page,
            chart=chart,
            diagnostics=diagnostics,
        ),
        render_page(env, "page.html", "活动/上半年.html", site, page=PageInfo("上半年")),
        render_page(env, "page.html", "goals.html", site, page=PageInfo("Goals", status="draft")),
    ]


@pytest.mark.parametrize(("language", "currency"), [("en", "USD"), ("pl", "PLN"), ("zh", "CNY")])
def test_pages_render_in_every_language(language: str, currency: str) -> None:
    pages = {o.path: o.content.decode() for o in _render_demo(language, currency)}
    demo = pages["grupy-klientów/małe.html"]
    lang = {"en": "en", "pl": "pl", "zh": "zh-Hans"}[language]
    assert demo.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert '<meta name="robots" content="noindex">' in demo
    assert 'href="../assets/sitegen.css"' in demo and 'src="../assets/sitegen.js"' in demo
    assert 'href="ma%C5%82e.html" aria-current="page"' in demo
    assert 'href="../%E6%B4%BB%E5%8A%A8/%E4%B8%8A%E5%8D%8A%E5%B9%B4.html"' in demo
    assert "&lt;b&gt;raw&lt;/b&gt;" in demo and "<b>raw" not in demo
    assert "Plan &lt;2027&gt;" in demo and "ACME &amp; Co" in demo
    assert "</script><script" not in demo.replace("</script>\n", "")
    assert 'href="../goals.html">plan/goals.md:14:7</a>' in demo
    assert 'id="sg-main"' in demo and 'href="#sg-main"' in demo
    assert 'href="/' not in demo and 'src="/' not in demo and "http" not in demo
    top = pages["goals.html"]
    assert 'href="assets/sitegen.css"' in top and 'href="goals.html" aria-current="page"' in top


def test_rendering_is_deterministic() -> None:
    assert _render_demo("pl", "PLN") == _render_demo("pl", "PLN")


def test_assets_include_theme_files_and_plotly_once(tmp_path: Path) -> None:
    outputs = theme_asset_outputs()
    paths = [o.path for o in outputs]
    assert paths == sorted(paths) and paths.count(PLOTLY_ASSET) == 1
    assert {"assets/sitegen.css", "assets/sitegen.js", "assets/favicon.svg"} <= set(paths)
    override = tmp_path / "theme" / "static"
    override.mkdir(parents=True)
    (override / "sitegen.css").write_text("body{}")
    (override / ".hidden").write_text("x")
    replaced = {o.path: o.content for o in theme_asset_outputs(override_dir=tmp_path / "theme")}
    assert replaced["assets/sitegen.css"] == b"body{}" and "assets/.hidden" not in replaced


def test_theme_js_makes_no_outside_requests() -> None:
    js = next(o for o in theme_asset_outputs() if o.path == "assets/sitegen.js").content.decode()
    assert "http" not in js and "fetch(" not in js and "XMLHttpRequest" not in js
    assert "displaylogo: false" in js and "responsive: true" in js


@pytest.mark.skipif(not (VNU.is_file() and shutil.which("java")), reason="Nu checker not installed")
def test_pages_are_valid_html(tmp_path: Path) -> None:
    outputs = [o for lang, cur in [("en", "USD"), ("zh", "CNY")] for o in _render_demo(lang, cur)]
    outputs = [Output(f"{i}/{o.path}", o.content) for i, o in enumerate(outputs)]
    css = next(o for o in theme_asset_outputs() if o.path == "assets/sitegen.css")
    write_site([*outputs, css], tmp_path / "site")
    files = sorted(str(p) for p in (tmp_path / "site").rglob("*.*") if not p.name.startswith("."))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--also-check-css", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
