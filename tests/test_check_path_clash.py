"""Two sections whose pages would be one file are found by `check`, both files named.

`build` refused them too, but only at the writer, with no location: the
author saw "two outputs at one path" and no file to fix.
"""

from __future__ import annotations

import unicodedata

from conftest import md, write_plan

PAGE = md("title: A page\n")
NFC, NFD = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")


def _check_and_build(tmp_path, run_cli, files):
    write_plan(tmp_path, files)
    checked = run_cli("check", "--plan", "plan", cwd=tmp_path)
    built = run_cli("build", "--plan", "plan", "--out", "public", cwd=tmp_path)
    for _code, out, err in (checked, built):
        assert "Traceback" not in out + err
    return checked, built


def test_names_that_differ_only_in_unicode_normalization_clash(tmp_path, run_cli):
    (code, out, _), (built, *built_out) = _check_and_build(tmp_path, run_cli, {f"{NFC}.md": PAGE, f"{NFD}.md": PAGE})
    assert code == 1
    line = out.splitlines()[0]
    # the NFD name sorts first (plain 'e' before 'é'), so the NFC file is the second one
    assert line == (
        f"plan/{NFC}.md:2:1: error: section '{NFC}' would be written to the same page as the section at "
        f"plan/{NFD}.md:2 (the two names differ only in how an accent is encoded, NFC or NFD: "
        "on disk they are one file); rename one of them [path-clash]"
    )
    assert built == 1 and line in "".join(built_out)
    assert not (tmp_path / "public").exists()


def test_a_folder_named_like_a_page_clashes_with_that_page(tmp_path, run_cli):
    files = {"executive-summary.md": PAGE, "executive-summary.html/x.md": PAGE}
    (code, out, _), (built, *built_out) = _check_and_build(tmp_path, run_cli, files)
    assert code == 1
    line = out.splitlines()[0]
    assert line == (
        "plan/executive-summary.html/x.md:2:1: error: section 'executive-summary.html/x' would be written "
        "inside the folder 'executive-summary.html', but 'executive-summary.html' is the page of the section "
        "at plan/executive-summary.md:2; rename the folder or the file [path-clash]"
    )
    assert built == 1 and line in "".join(built_out)


def test_a_folder_named_like_a_file_the_site_writes_clashes(check_plan):
    code, lines, _ = check_plan({"plan.json/notes.md": PAGE, "History.md": PAGE})
    assert code == 1
    assert lines[:2] == [
        "plan/History.md:2:1: error: section 'History' would be written to 'History.html', a page the site "
        "writes itself; give it another id or file name [path-clash]",
        "plan/plan.json/notes.md:2:1: error: section 'plan.json/notes' would be written inside the folder "
        "'plan.json', but 'plan.json' is a file the site writes itself; rename the folder or the file [path-clash]",
    ]


def test_a_folder_and_a_page_with_different_names_are_fine(check_plan):
    code, lines, _ = check_plan({"summary.md": PAGE, "summary/details.md": PAGE, "notes.html.md": PAGE})
    assert code == 0, lines
