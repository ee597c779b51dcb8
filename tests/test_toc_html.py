"""A page's "On this page" box is written in Python: the same bytes as the theme's macro.

A page of 20,000 headings spent half its build in the macro's loop (issue #15);
the box is now written in Python while the templates are the default theme's.
The reader must never see a difference.
"""

from __future__ import annotations

import pytest
from conftest import md

from sitegen.site.engine.environment import build_environment
from sitegen.site.engine.markdown import Heading, render_with_toc
from sitegen.site.nav.toc import default_toc

MIXED = (
    Heading(2, 'Price & "terms" <2027>', "price-terms-2027"),
    Heading(3, "Rynek 'EMEA'", "rynek-emea"),
    Heading(2, "目标", "目标"),
    Heading(6, "x", "x-1"),
)


@pytest.mark.parametrize("language", ["en", "pl", "zh"])
@pytest.mark.parametrize("headings", [(), MIXED[:1], MIXED, render_with_toc("## Same\n\n" * 30).toc])
def test_the_python_box_is_the_macro_byte_for_byte(language, headings) -> None:
    env = build_environment(language, "EUR")
    macro = env.get_template("macros.html").module.toc
    title = env.globals["t"]("site.on_this_page")
    assert default_toc(headings, title) == str(macro(headings))
    assert str(env.globals["toc_html"](macro, headings)) == str(macro(headings))


def test_a_page_with_headings_is_the_same_page_either_way(tmp_path, write_plan) -> None:
    """The whole built page, with the Python box and with the macro."""
    from sitegen.pipeline import analyse_folder
    from sitegen.site.build import build_site, prepare_site

    body = "## Plan & <goals>\n\ntext\n\n### Q1\n\nmore\n\n## Plan & <goals>\n\nagain\n"
    plan = write_plan(tmp_path, {"notes.md": md("title: Notes\n", body)})
    analysis = analyse_folder(plan)
    pages = []
    for python in (True, False):
        build = prepare_site(analysis)
        build.env.globals["toc_html"].enabled = python
        pages.append({o.path: o.content for o in build_site(analysis, env=build.env) if o.path.endswith(".html")})
    assert pages[0] == pages[1]
    assert b'<a href="#plan-goals-1">Plan &amp; &lt;goals&gt;</a>' in pages[0]["notes.html"]
