"""Messages people read are in the plan's language; the catalogs are complete and current.

A Polish or Chinese sales lead reads the site's warnings, the serve overlay,
`init`'s output and the pull-request comment (`diff --format markdown|html`)
in their language; `check` in the terminal stays English (the contract's
line, read by editors and CI). The catalogs under sitegen/locale are checked
like code: a message with no translation, a fuzzy one, a stale template or a
stale .mo fails here (docs/translating.md says how to fix each).
"""

from __future__ import annotations

import ast
import gettext
import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import ROOT, md
from serving import OVERVIEW, EventStream, serve

from sitegen.diagnostics import Location, warning
from sitegen.serve.overlay import overlay_html
from sitegen.translation import N_

LOCALE = ROOT / "sitegen" / "locale"
LANGUAGES = ("pl", "zh")
KEYWORDS = {"N_": None, "N_plural": (1, 2), "plural": (2, 3)}  # as scripts/messages.sh passes them to pybabel

PL_PLAN = """\
title: Plan sprzedaży
language: pl
currency: PLN
period:
  start: 2027-01-01
  end: 2027-12-31
"""
# A campaign on three planes of four: a `plane-missing` warning on the site
CAMPAIGNS = md(
    "title: Kampanie\nkind: campaigns\ncampaigns:\n"
    + "".join(
        f"  - {{id: {plane}, name: {plane}, type: marketing, plane: {plane}, start: 2027-01-01, end: 2027-12-31}}\n"
        for plane in ("prospecting", "sales", "cross-selling")
    )
)
PL_MISSING = "brak kampanii na płaszczyźnie retention"
EN_MISSING = "no campaign on the retention plane"


def _catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "sitegen.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _template_ids() -> set:
    with (LOCALE / "sitegen.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


# -- the catalogs -------------------------------------------------------------


def test_the_template_holds_every_message_in_the_code():
    found = {
        msgid if isinstance(msgid, str) else tuple(msgid)
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            ROOT / "sitegen", [("**.py", "python")], keywords=KEYWORDS
        )
    }
    template = _template_ids()
    assert found == template, (
        "sitegen/locale/sitegen.pot is out of date: run ./scripts/messages.sh "
        f"(new: {sorted(map(str, found - template))[:5]}, gone: {sorted(map(str, template - found))[:5]})"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation_that_is_not_fuzzy(language):
    catalog = _catalog(language)
    missing = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert {m.id for m in catalog if m.id} == _template_ids(), "run ./scripts/messages.sh (pybabel update)"
    assert missing == [], f"{language}: messages without a translation: {missing[:5]}"
    assert fuzzy == [], f"{language}: fuzzy translations to review: {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    # Babel's python-format checker: the same %(name)s placeholders as the msgid
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _catalog(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_po_file(language):
    with (LOCALE / language / "LC_MESSAGES" / "sitegen.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for message in _catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for i, form in enumerate(message.string):
                assert compiled[(message.id[0], i)] == form, "run ./scripts/messages.sh compile"
        else:
            assert compiled[message.id] == message.string, "run ./scripts/messages.sh compile"


def test_a_message_is_worded_where_it_is_shown():
    found = warning(Location("plan/c.md", 4, 1), "plane-missing",
                    N_("no campaign on the %(plane)s plane; sales effort should cover prospecting, "
                       "sales, cross-selling and retention", plane="retention"))
    assert found.line_text().startswith(f"plan/c.md:4:1: warning: {EN_MISSING};")
    assert found.record()["message"].startswith(EN_MISSING)  # --format json and plan.json: English
    assert found.text("pl").startswith(PL_MISSING)
    assert found.text("zh").startswith("retention 维度没有营销活动")


# -- what the user sees ---------------------------------------------------------


def test_a_polish_plan_shows_its_warnings_in_polish_and_check_stays_english(tmp_path, write_plan, run_cli):
    plan = write_plan(tmp_path, {"kampanie.md": CAMPAIGNS}, plan_yaml=PL_PLAN)
    code, out, _ = run_cli("check", "--plan", str(plan))
    assert code == 0 and f"warning: {EN_MISSING};" in out and "[plane-missing]" in out

    code, _, err = run_cli("build", "--plan", str(plan), "--out", str(tmp_path / "public"))
    assert code == 0, err
    dashboard = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert PL_MISSING in dashboard and "[plane-missing]" in dashboard and EN_MISSING not in dashboard
    plan_json = (tmp_path / "public" / "plan.json").read_text(encoding="utf-8")
    assert EN_MISSING in plan_json and PL_MISSING not in plan_json  # the contract's data stays English


def test_init_in_polish_speaks_polish(tmp_path, run_cli):
    code, out, _ = run_cli("init", str(tmp_path / "plan"), "--language", "pl", "--year", "2027")
    assert code == 0
    assert out.startswith(f"Utworzono plan sprzedaży na 2027 w {(tmp_path / 'plan').as_posix()}/ (język: polski, waluta: PLN")
    assert "Dalsze kroki:" in out and "Next steps" not in out
    code, _, err = run_cli("init", str(tmp_path / "plan"), "--language", "zh")
    assert code == 1 and "中已有计划" in err  # refused in Chinese: the folder holds a plan


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a",
                        "GIT_COMMITTER_EMAIL": "a@x", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_pull_request_comment_of_a_polish_plan_is_polish(tmp_path, write_plan, run_cli):
    four = CAMPAIGNS.replace("---\nText", "  - {id: r, name: r, type: marketing, plane: retention, "
                             "start: 2027-01-01, end: 2027-12-31}\n---\nText")
    plan = write_plan(tmp_path, {"kampanie.md": four}, plan_yaml=PL_PLAN)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "plan")
    (plan / "kampanie.md").write_text(CAMPAIGNS, encoding="utf-8")  # the retention campaign is dropped

    code, out, err = run_cli("diff", "HEAD", "--plan", str(plan), "--format", "markdown")
    assert code == 0, err
    assert out.startswith("### Zmiany w planie sprzedaży: `HEAD` → `kopia robocza`")
    assert "<summary>Ostrzeżenia (1)</summary>" in out
    assert f"**pojawiło się** `kampanie.md`: {PL_MISSING}" in out and "`[plane-missing]`" in out
    assert "| kampania `r` | usunięto |" in out

    code, out, _ = run_cli("diff", "HEAD", "--plan", str(plan), "--format", "html")
    assert code == 0 and "<html lang='pl'>" in out and "<h2>Ostrzeżenia</h2>" in out and PL_MISSING in out
    code, out, _ = run_cli("diff", "HEAD", "--plan", str(plan))
    assert "Plan changes:" in out and EN_MISSING in out  # the terminal stays English


def test_the_overlay_counts_in_polish_plural_forms():
    errors = [warning(Location("plan/a.md", n, 1), "x", "a") for n in range(1, 6)]
    html = overlay_html(errors, files=22, language="pl")
    assert "0 błędów, 5 ostrzeżeń w 22 plikach" in html and 'lang="pl"' in html
    assert "0 错误" not in overlay_html(errors[:2], files=1, language="zh")
    assert "2 个警告" in overlay_html(errors[:2], files=1, language="zh")


def test_serve_shows_a_polish_plan_s_errors_in_polish(tmp_path):
    with serve(tmp_path) as site:
        stream = EventStream(site.port)
        stream.next("hello")
        (site.plan / "plan.yaml").write_text(PL_PLAN, encoding="utf-8")
        stream.next("reload")
        broken = "---\ntitle: Cele\nkind: goals\ngoals:\n  - id: g1\n    metric: revenue\n    tagret: 100\n---\n"
        (site.plan / "overview.md").write_text(broken, encoding="utf-8")
        overlay = json.loads(stream.next("errors"))["html"]
        assert "Plan zawiera błędy" in overlay and "Zamknij" in overlay
        assert re.search(r"błąd</span>.*overview\.md:7:5", overlay)
        (site.plan / "overview.md").write_text(OVERVIEW, encoding="utf-8")
        stream.next("reload")
        # plan.yaml itself unreadable: its `language:` line still says how to explain it
        (site.plan / "plan.yaml").write_text(PL_PLAN.replace("pl", "zh") + "currency: CNY\n", encoding="utf-8")
        overlay = json.loads(stream.next("errors"))["html"]
        assert "计划存在错误" in overlay and "重复的键 &#x27;currency&#x27;" in overlay and "[duplicate-key]" in overlay
        stream.close()


# -- every message can be translated ---------------------------------------------

# The functions that make a diagnostic or a field's error, and where their message is
_MESSAGE_AT = {"error": (2,), "warning": (2,), "range_error": (0,), "type_error": (0, 2), "worded_error": (1,)}
# English on purpose: a bug report (the traceback is in the terminal) and Jinja's own words
# about a theme's template, read by whoever writes the theme
_ENGLISH_ONLY = {("serve/rebuild.py", "internal"), ("site/engine/environment.py", "theme-template")}


def _plain_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_no_diagnostic_is_made_from_plain_english_text():
    plain = []
    for path in (ROOT / "sitegen").rglob("*.py"):
        rel = path.relative_to(ROOT / "sitegen").as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MESSAGE_AT):
                continue
            code = node.args[1].value if node.func.id in ("error", "warning") and len(node.args) > 1 \
                and isinstance(node.args[1], ast.Constant) else None
            if (rel, code) in _ENGLISH_ONLY:
                continue
            if any(i < len(node.args) and _plain_text(node.args[i]) for i in _MESSAGE_AT[node.func.id]):
                plain.append(f"sitegen/{rel}:{node.lineno}")
    assert plain == [], f"wrap the message in N_(...) (docs/translating.md): {plain}"


BROKEN = {
    "ziele.md": md("title: Cele\nkind: goals\ngoals:\n  - {id: g1, metric: revenue, target: lots, period: 2027, segment: smbb}\n"),
    "typo.md": "---\ntitle: [unclosed\n---\n",
    "team.md": md("title: Zespół\nkind: resources\nteam:\n  - {id: ae, role: AE, headcount: -1, hours_per_week: 40}\n"),
}


def test_a_broken_polish_plan_is_explained_in_polish_throughout(tmp_path):
    from conftest import analyse_files

    analysis = analyse_files(BROKEN, plan_yaml=PL_PLAN)
    assert analysis.diagnostics, "the plan should have errors"
    for d in analysis.diagnostics:
        assert d.wording is not None, d.line_text()
        assert d.text("pl") != d.message or d.code == "yaml-syntax", d.line_text()
    texts = {d.code: d.text("pl") for d in analysis.diagnostics}
    assert texts["yaml-syntax"].startswith("błędny YAML:")
    assert texts["type"].startswith("oczekiwano liczby, a podano tekst 'lots'")


def test_check_speaks_polish_when_asked_and_keeps_the_line_and_code(tmp_path, write_plan, run_cli):
    plan = write_plan(tmp_path, {"kampanie.md": CAMPAIGNS}, plan_yaml=PL_PLAN)
    code, out, _ = run_cli("check", "--plan", str(plan), "--lang", "pl")
    assert code == 0
    assert re.search(rf"kampanie\.md:\d+:\d+: warning: {PL_MISSING};.* \[plane-missing\]$", out, re.M)
    assert out.rstrip().endswith("0 błędów, 1 ostrzeżenie w 2 plikach")
    code, out, _ = run_cli("check", "--plan", str(plan), "--lang", "pl", "--format", "json")
    assert EN_MISSING in out and PL_MISSING not in out  # data: the contract's English


def test_braces_in_a_plan_value_are_shown_as_written_in_every_language():
    from conftest import analyse_files

    goals = md("title: Cele\nkind: goals\ngoals:\n  - {id: g1, metric: revenue, target: '{x}', period: 2027}\n")
    found = [d for d in analyse_files({"cele.md": goals}, plan_yaml=PL_PLAN).diagnostics if d.code == "type"]
    assert found and "text '{x}'" in found[0].message and "tekst '{x}'" in found[0].text("pl")


def test_figures_in_a_message_are_written_as_the_language_writes_numbers():
    from decimal import Decimal

    from sitegen.compute.plain_numbers import num, pct

    peak = N_("peak %(use)s in %(month)s: %(needed)s h needed, %(available)s h available",
              use=pct(Decimal("2.83")), month="2027-10", needed=num(Decimal("1426.24")), available=num(12500))
    assert peak.text("en") == "peak 283% in 2027-10: 1,426.2 h needed, 12,500 h available"
    # in Polish "1,780" would read as one point seven eight
    assert peak.text("pl") == "szczyt 283% w 2027-10: potrzeba 1\xa0426,2 h, dostępne 12\xa0500 h"
    assert "需要 1,426.2 小时" in peak.text("zh")
