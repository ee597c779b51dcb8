"""Prose is untrusted: raw HTML is escaped, script links dropped, anchors keep Unicode."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.commonmark import _PARSER, may_panic_native
from sitegen.site.engine.markdown import (
    Heading,
    is_safe_url,
    render_markdown,
    render_with_toc,
    slugify,
)


def test_raw_html_is_escaped_not_passed_through() -> None:
    html = render_markdown('<script>alert(1)</script>\n\nHi <img src=x onerror="alert(1)">\n')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/png;base64,AAAA)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
    ],
)
def test_unsafe_link_schemes_are_dropped(link: str) -> None:
    html = render_markdown(link)
    assert "href=" not in html and "src=" not in html
    assert "javascript:" not in html.lower().replace("&#x09;", "") or "<a" not in html


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("[a](https://example.com/x?y=1)", 'href="https://example.com/x?y=1"'),
        ("[a](mailto:sales@example.com)", 'href="mailto:sales@example.com"'),
        ("[a](goals.md#targets)", 'href="goals.md#targets"'),
        ("[a](#top)", 'href="#top"'),
    ],
)
def test_ordinary_links_are_kept(link: str, href: str) -> None:
    assert href in render_markdown(link)


def test_is_safe_url_ignores_case_whitespace_and_percent_encoding() -> None:
    assert not is_safe_url(" JavaScript:alert(1)")
    assert not is_safe_url("java%09script:alert(1)")
    assert is_safe_url("https://example.com")
    assert is_safe_url("segments.md")


def test_unicode_heading_anchors() -> None:
    result = render_with_toc("# Grupy klientów\n\n## 目标 2027\n\n## 目标 2027\n\n### Cíle — Q1!\n")
    assert '<h1 id="grupy-klientów">Grupy klientów</h1>' in result.html
    assert '<h2 id="目标-2027">' in result.html
    assert '<h2 id="目标-2027-1">' in result.html
    assert result.toc == (
        Heading(1, "Grupy klientów", "grupy-klientów"),
        Heading(2, "目标 2027", "目标-2027"),
        Heading(2, "目标 2027", "目标-2027-1"),
        Heading(3, "Cíle — Q1!", "cíle-q1"),
    )


def test_slug_is_stable_across_unicode_normalization_and_never_empty() -> None:
    decomposed = "Grupy klientów".replace("ó", "o\u0301")
    assert slugify(decomposed) == slugify("Grupy klientów") == "grupy-klientów"
    assert slugify("!!!") == "section"
    assert slugify("  a   b  ") == "a-b"


def test_tables_are_enabled() -> None:
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n")
    assert "<table>" in html and '<td style="text-align:right">2</td>' in html


def test_link_resolver_rewrites_section_links() -> None:
    html = render_markdown(
        "[goals](goals.md) [web](https://x.org)",
        resolve_link=lambda href: "../goals.html" if href == "goals.md" else None,
    )
    assert 'href="../goals.html"' in html and 'href="https://x.org"' in html


def test_rendering_is_deterministic() -> None:
    text = "# A\n\n## A\n\ntext\n"
    assert render_markdown(text) == render_markdown(text)


def test_remote_images_become_links_and_local_images_stay() -> None:
    html = render_markdown("![Logo](https://cdn.example.com/l.png) ![Map](img/map.png)")
    assert '<a href="https://cdn.example.com/l.png" class="sg-remote-image">Logo</a>' in html
    assert '<img src="img/map.png" alt="Map" />' in html


@pytest.mark.parametrize("text", ["[`", "See [`plan.yaml for details", "- [`a\n- b`]"])
def test_text_that_panics_the_native_parser_still_renders_quietly(
    text: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """markdown-it-pyrs 0.4 panics on an unclosed code span after `[`: the body
    is rendered by markdown-it-py instead and the terminal stays clean."""
    html = render_markdown(text)
    assert "[" in html and "`" in html
    assert capfd.readouterr().err == ""


def test_other_threads_errors_still_reach_the_terminal_while_prose_renders(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """`serve` renders in one thread while others run: rendering prose (the bodies that would
    panic the native parser too) leaves the process's stderr alone, so their messages show."""
    import os
    import threading

    capfd.readouterr()
    done = threading.Event()

    def render_many() -> None:
        for _ in range(200):
            render_markdown("See [`plan.yaml for details\n\n## Notes\n\n[goals](goals.md)\n")
        done.set()

    worker = threading.Thread(target=render_many)
    worker.start()
    written = 0
    while not done.is_set() or written == 0:
        os.write(2, b"another thread's warning\n")
        written += 1
    worker.join()
    assert capfd.readouterr().err == "another thread's warning\n" * written


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]()`*_!<>\\ \n#-|:&x\t1.")), max_size=60))
def test_any_text_renders_and_never_passes_raw_html(text: str) -> None:
    html = render_markdown(text + "<script>")
    assert "<script>" not in html


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI runs two suites at once
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_ascii_headings_get_the_ids_of_the_general_rule(title: str) -> None:
    """ASCII headings take a shortcut (a translation table); their ids are those of the
    per-character rule every other heading goes through."""
    kept = []
    for char in title.strip().lower():
        if unicodedata.category(char)[0] in "LNM" or char in "-_":
            kept.append(char)
        elif char.isspace():
            kept.append("-")
    expected = re.sub(r"-{2,}", "-", "".join(kept)).strip("-") or "section"
    assert slugify(title) == expected


def _anchors_of(text: str) -> list[str]:
    return [h.anchor for h in render_with_toc(text).toc]


def test_repeated_headings_get_the_smallest_free_suffix() -> None:
    text = "## Plan\n\n## Plan-1\n\n## Plan\n\n## Plan\n\n## Plan-2\n\n## Other\n\n## Plan\n"
    assert _anchors_of(text) == ["plan", "plan-1", "plan-2", "plan-3", "plan-2-1", "other", "plan-4"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["A", "A-1", "A-2", "B", "A-1-1", "b"]), max_size=30))
def test_heading_ids_are_unique_and_the_first_free_in_order(titles: list[str]) -> None:
    """Each heading takes its slug, else slug-1, slug-2 … the first not taken by an earlier one."""
    anchors = _anchors_of("".join(f"## {t}\n\n" for t in titles))
    taken: set[str] = set()
    for title, anchor in zip(titles, anchors, strict=True):
        slug = slugify(title)
        candidates = [slug, *(f"{slug}-{n}" for n in range(1, len(titles) + 2))]
        assert anchor == next(c for c in candidates if c not in taken)
        taken.add(anchor)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[]()`|>!*_-\n a<\"")), max_size=24))
def test_text_the_native_parser_is_given_does_not_panic_it(text: str) -> None:
    """Bodies that could panic markdown-it-pyrs are told apart before the call."""
    if not may_panic_native(text):
        _PARSER.render(text)  # a panic would raise PanicException (a BaseException)
        _PARSER.tree(text)  # what `check` reads links with
