"""Generic checks on every site built from the example plans (en, pl, zh).

Each site is built once per session (`built_sites`), served from a sub-path
(/en/, /pl/, /zh/) and crawled ONCE (`crawl`, see crawl.py): every *.html is
loaded over HTTP and from file://, its problems recorded and axe run on it;
screenshots of index.html, a funnel page and calendar.html go to
test-artifacts/screenshots/. vnu runs once (one JVM, started in the
background as soon as the sites are built) over the pages of all sites. The
tests then only read these results, so each failure names its page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from .crawl import funnel_page
from .helpers import external_refs, format_axe, format_vnu

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def vnu_errors(built_sites, vnu_started) -> dict[str, list[dict]]:
    """vnu errors per site name, from ONE vnu run over every built site's pages."""
    ok = [s for s in built_sites.values() if not s.error]
    errors = vnu_started.result()
    by_site: dict[str, list[dict]] = {s.name: [] for s in ok}
    for err in errors:
        path = Path(err["path"]).resolve()
        for s in ok:
            if path.is_relative_to(s.out.resolve()):
                by_site[s.name].append(err)
                break
    return by_site


# --------------------------------------------------------------------------


def test_site_has_pages(built_site):
    assert "index.html" in built_site.html_files
    assert len(built_site.html_files) >= 2, (
        f"only {built_site.html_files} built from {built_site.plan}"
    )


def test_pages_load_without_errors(built_site, crawl):
    bad = {rel: r.problems for rel, r in crawl.pages.items() if r.problems}
    report = "\n".join(f"{built_site.name}/{rel}:\n{p.format()}" for rel, p in bad.items())
    assert not bad, f"{len(bad)} of {len(crawl.pages)} pages had problems:\n{report}"
    assert set(crawl.pages) == set(built_site.html_files)


def test_no_external_resource_references(built_site):
    found = {}
    for rel in built_site.html_files:
        refs = external_refs(built_site.path(rel).read_text(encoding="utf-8"))
        if refs:
            found[rel] = refs
    assert not found, "pages reference resources on other hosts:\n" + "\n".join(
        f"  {rel}: {refs}" for rel, refs in found.items()
    )


def test_axe_no_serious_violations(built_site, crawl):
    bad = {rel: r.axe for rel, r in crawl.pages.items() if r.axe}
    report = "\n".join(f"{built_site.name}/{rel}:\n{format_axe(v)}" for rel, v in bad.items())
    assert not bad, f"axe: serious/critical violations on {len(bad)} pages:\n{report}"


def test_html_valid_vnu(built_site, vnu_errors):
    errors = vnu_errors[built_site.name]
    assert not errors, f"vnu: {len(errors)} errors:\n" + format_vnu(
        errors[:50], relative_to=built_site.out.resolve()
    )


def test_screenshots_saved(built_site, crawl):
    expected = ["index.html"]
    if "calendar.html" in built_site.html_files:
        expected.append("calendar.html")
    funnel = funnel_page(built_site)
    if funnel:
        expected.append(funnel)
    for rel in expected:
        shot = crawl.screenshots.get(rel)
        assert shot is not None and shot.is_file() and shot.stat().st_size > 0, (
            f"no screenshot of {built_site.name}/{rel}"
        )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in ("a", "area") and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("link", "script", "img") and (a.get("href") or a.get("src")):
            self.hrefs.append(a.get("href") or a.get("src"))


def _parsed(path: Path, cache: dict[Path, _Links]) -> _Links:
    if path not in cache:
        cache[path] = _Links()
        cache[path].feed(path.read_text(encoding="utf-8"))
    return cache[path]


def test_internal_links_resolve_and_are_relative(built_site):
    """Every local link/asset points at a file that exists, by a relative URL
    (the site must work from a sub-path and from file://), and every #anchor of
    a link — a goal's row, a campaign's row, a segment's card — is on its page."""
    out = built_site.out
    problems, pages = [], {}
    for rel in built_site.html_files:
        parser = _parsed(built_site.path(rel), pages)
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # external link, mailto:, data:
            if not parts.path:
                if parts.fragment and unquote(parts.fragment) not in parser.ids:
                    problems.append(f"{rel}: no element #{parts.fragment} on the page")
                continue
            if parts.path.startswith("/"):
                problems.append(f"{rel}: root-relative {href!r} breaks under a sub-path")
                continue
            target = PurePosixPath(rel).parent / unquote(parts.path)
            path = (out / target).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_relative_to(out.resolve()) or not path.is_file():
                problems.append(f"{rel}: broken link {href!r}")
            elif parts.fragment and path.suffix == ".html" and unquote(parts.fragment) not in _parsed(path, pages).ids:
                problems.append(f"{rel}: {href!r} leads to no element #{unquote(parts.fragment)}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_pages_work_from_file_url(built_site, crawl):
    """Opened straight from disk (file://), pages load with no error either."""
    bad = {rel: r.file_problems for rel, r in crawl.pages.items() if r.file_problems}
    report = "\n".join(
        f"{built_site.name}/{rel} (file://):\n{p.format()}" for rel, p in bad.items()
    )
    assert not bad, f"{len(bad)} pages had problems from file://:\n{report}"
    assert set(crawl.pages) == set(built_site.html_files)
