"""Synthetic sales plans for benchmarks: realistic in shape, deterministic, valid.

A plan is built from *regions*: each region folder holds one section of every
kind of PLAN_FORMAT §2 (positioning, swot, segments, offer, goals, two funnels,
resources, four campaign files, territories, budget, actuals) plus prose
pages, the way a company-wide plan kept by regional teams looks. Two top-level
files (an executive summary and the default funnel) complete it, so a plan of
``sections`` files has exactly that many ``.md`` files.

The prose variant is the *same* Markdown with the front matter reduced to
``title``, laid out three ways: a sitegen plan, an MkDocs project and a Hugo
site, so the three generators are timed on identical text.

API (other helpers import it)::

    generate_plan(dest, sections, seed=0) -> Path      # dest/plan.yaml + sections
    generate_prose(dest, sections, seed=0) -> ProseDirs  # dest/{plan,mkdocs,hugo}

Command line: ``python benchmarks/generate.py DEST --sections 1000 [--prose]``.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

try:  # imported as benchmarks.generate or run as a script next to prose.py
    from benchmarks.prose import Writer
except ImportError:  # pragma: no cover
    from prose import Writer  # type: ignore[no-redef]

YEAR = 2027
PER_REGION = 16  # data sections per region folder
TOP = 2  # executive-summary.md + default-funnel.md
MIN_SECTIONS = TOP + PER_REGION
AREAS = ("emea", "amer", "apac", "latam", "dach", "nordics", "benelux", "iberia", "anz", "india")
PLANES = ("prospecting", "sales", "cross-selling", "retention")
QUARTERS = {1: ("01-04", "03-26"), 2: ("04-05", "06-25"), 3: ("07-05", "09-24"), 4: ("10-04", "12-17")}


def plan_files(sections: int, seed: int = 0) -> dict[str, str]:
    """Every file of a plan with ``sections`` Markdown sections, by relative path."""
    if sections < MIN_SECTIONS:
        raise ValueError(f"a generated plan needs at least {MIN_SECTIONS} sections")
    regions = max(1, (sections - TOP) // (PER_REGION + 4))
    pages = sections - TOP - PER_REGION * regions
    files: dict[str, str] = {"plan.yaml": _plan_yaml()}
    top = Writer(random.Random(f"{seed}:top"))
    files["executive-summary.md"] = _md(
        {"title": "Executive summary", "owner": "Chief Revenue Officer", "order": 1,
         "status": "approved"}, top.body("Executive summary"))
    files["default-funnel.md"] = _md(_funnel_data("Default funnel", None, "", 12000), top.body("Default funnel"))
    for index in range(regions):
        share = pages // regions + (1 if index < pages % regions else 0)
        files.update(_region(index, share, seed))
    return files


def generate_plan(dest: Path, sections: int, seed: int = 0) -> Path:
    """Write a valid plan of ``sections`` sections into ``dest`` (created); returns it."""
    return _write(Path(dest), plan_files(sections, seed))


@dataclass(frozen=True)
class ProseDirs:
    plan: Path  # a sitegen plan folder (plan.yaml + pages)
    mkdocs: Path  # an MkDocs project (mkdocs.yml + docs/)
    hugo: Path  # a Hugo site (hugo.toml + content/ + layouts/): a bare page, the title and the prose
    hugo_nav: Path  # the same content with a page like sitegen's: section tree with the open chain, contents


def generate_prose(dest: Path, sections: int, seed: int = 0) -> ProseDirs:
    """The plan's Markdown with front matter cut to ``title``, for sitegen, MkDocs and Hugo."""
    dest = Path(dest)
    pages: dict[str, str] = {}
    for rel, text in plan_files(sections, seed).items():
        if rel.endswith(".md"):
            title, body = _split(text)
            pages[rel] = f"---\ntitle: {_quote(title)}\n---\n{body}"
    plan = _write(dest / "plan", {"plan.yaml": _plan_yaml(holidays=False), **pages})
    mkdocs = _write(dest / "mkdocs", {"mkdocs.yml": _MKDOCS_YML, **{f"docs/{r}": t for r, t in pages.items()}})
    hugo_pages = {f"content/{_hugo_name(r)}": t for r, t in pages.items()}
    hugo = _write(dest / "hugo", {"hugo.toml": _HUGO_TOML, **_HUGO_LAYOUTS, **hugo_pages})
    hugo_nav = _write(dest / "hugo-nav", {"hugo.toml": _HUGO_TOML, **_HUGO_NAV_LAYOUTS, **hugo_pages})
    return ProseDirs(plan, mkdocs, hugo, hugo_nav)


# --- plan-wide pieces ---------------------------------------------------------------------

def _plan_yaml(holidays: bool = True) -> str:
    extra = "holidays: US\ncompare_to: HEAD~1\n" if holidays else ""
    return (f"title: Globex Corporation — Sales Plan {YEAR}\norganization: Globex Corporation\n"
            f"language: en\ncurrency: USD\nperiod:\n  start: {YEAR}-01-01\n  end: {YEAR}-12-31\n"
            f"working_days: [mon, tue, wed, thu, fri]\n{extra}")


_MKDOCS_YML = "site_name: Globex Corporation — Sales Plan\ntheme:\n  name: mkdocs\n"
_HUGO_TOML = ('baseURL = "/"\ntitle = "Globex Corporation — Sales Plan"\n'
              'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
              "[markup.goldmark.renderer]\nunsafe = false\n")
_HUGO_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
              "<title>{{ .Title }} · {{ .Site.Title }}</title></head>\n"
              "<body><main><h1>{{ .Title }}</h1>\n{{ .Content }}</main></body></html>\n")
_HUGO_LAYOUTS = {"layouts/_default/single.html": _HUGO_PAGE, "layouts/_default/list.html": _HUGO_PAGE,
                 "layouts/index.html": _HUGO_PAGE}


# What a sitegen page carries besides its prose, in Hugo's terms: the section tree
# with the current page's chain open and the other sections closed to one link
# (sitegen's sidebar), and the page's table of contents.
_HUGO_NAV_TREE = (
    '<ul>{{ range .node.RegularPages }}<li><a href="{{ .RelPermalink }}"'
    '{{ if eq . $.page }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}'
    "{{ range .node.Sections }}<li>{{ if or (eq . $.page) ($.page.IsDescendant .) }}"
    '<details open><summary>{{ .Title }}</summary><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
    '{{ partial "nav.html" (dict "node" . "page" $.page) }}</details>'
    '{{ else }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</li>{{ end }}</ul>\n')
_HUGO_NAV_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                  "<title>{{ .Title }} · {{ .Site.Title }}</title></head>\n"
                  '<body><nav>{{ partial "nav.html" (dict "node" .Site.Home "page" .) }}</nav>\n'
                  "<main><h1>{{ .Title }}</h1>\n{{ .TableOfContents }}\n{{ .Content }}</main></body></html>\n")
_HUGO_NAV_LAYOUTS = {"layouts/_default/single.html": _HUGO_NAV_PAGE, "layouts/_default/list.html": _HUGO_NAV_PAGE,
                     "layouts/index.html": _HUGO_NAV_PAGE, "layouts/partials/nav.html": _HUGO_NAV_TREE}


def _hugo_name(rel: str) -> str:
    """Hugo treats a folder's ``index.md`` as a leaf bundle that swallows its siblings."""
    head, _, name = rel.rpartition("/")
    return f"{head}/_index.md" if name == "index.md" and head else rel


# --- one region ---------------------------------------------------------------------------

def _region(index: int, pages: int, seed: int) -> dict[str, str]:
    area = AREAS[index % len(AREAS)]
    slug = f"{area}-{index + 1:03d}"
    name = f"{area.upper()} region {index + 1}"
    folder = f"regions/{slug}"
    text = Writer(random.Random(f"{seed}:{slug}"))
    data = _region_data(slug, name, folder, index)
    files = {f"{folder}/{rel}": _md(front, text.body(front["title"])) for rel, front in data.items()}
    files[f"{folder}/actuals.csv"] = _actuals_csv(slug)
    for page in range(pages):
        title = f"{name}: {text.topic()} ({page + 1})"
        front = {"title": title, "owner": text.person(), "order": page + 1, "status": "draft"}
        files[f"{folder}/notes/note-{page + 1:03d}.md"] = _md(front, text.body(title))
    return files


def _region_data(p: str, name: str, folder: str, index: int) -> dict[str, dict]:
    """Front matter of the 16 data sections of region ``p``; ids are prefixed with ``p``."""
    head = {"owner": f"Head of {name}", "status": "approved"}
    inline_actuals = index % 2 == 0
    return {
        "index.md": {"title": name, "order": index + 10, **head,
                     "extra": {"region_code": p, "headquarters": f"Office {index + 1}"}},
        "positioning.md": {"title": f"{name}: positioning", "kind": "positioning", "order": 1, **head,
                           "mission": f"Give every finance team in {name} one trusted revenue number.",
                           "value_proposition": "Connect CRM, billing and ERP in days, not months.",
                           "competitors": [{"id": f"{p}-rival", "name": "Rival Analytics", "type": "direct",
                                            "notes": "Discounts hard in the mid-market."},
                                           {"id": f"{p}-sheets", "name": "Spreadsheets", "type": "indirect"}]},
        "swot.md": {"title": f"{name}: SWOT", "kind": "swot", "order": 2, **head,
                    "subject": "us" if index % 3 else f"{p}-rival",
                    "strengths": ["Fast time to value", "Pre-built revenue data model"],
                    "weaknesses": ["Small field team"], "opportunities": ["Tool consolidation by CFOs"],
                    "threats": ["Bundled analytics from CRM vendors", "Tight hiring market"]},
        "segments.md": {"title": f"{name}: segments", "kind": "segments", "order": 3, **head, "segments": [
            {"id": f"{p}-smb", "name": "Small businesses", "size": 20000, "who": "20–199 employees",
             "buying": "Trial, then a short call", "needs": ["Month-end report"], "where": ["Search", "Webinars"]},
            {"id": f"{p}-mid", "name": "Mid-market", "size": 6000, "needs": ["One revenue number"]},
            {"id": f"{p}-retail", "name": "Retail chains", "parent": f"{p}-mid", "size": 900}]},
        "offer.md": {"title": f"{name}: offer", "kind": "offer", "order": 4, **head, "products": [
            {"id": f"{p}-team", "name": "Insight Team", "price": 6000, "unit": "per year", "margin": "85%",
             "segments": [f"{p}-smb"], "benefits": ["One-click month-end report"]},
            {"id": f"{p}-business", "name": "Insight Business", "price": 24000, "margin": 0.8,
             "segments": [f"{p}-mid", f"{p}-retail"]}],
            "packages": [{"id": f"{p}-bundle", "name": "Retail bundle", "includes": [f"{p}-team", f"{p}-business"],
                          "price": 28000, "margin": "70%", "segments": [f"{p}-retail"]}]},
        "goals.md": {"title": f"{name}: goals", "kind": "goals", "order": 5, **head, "goals": _goals(p, folder)},
        "funnels/smb.md": _funnel_data(f"{name}: SMB funnel", f"{p}-smb", p, 6000),
        "funnels/mid.md": _funnel_data(f"{name}: mid-market funnel", f"{p}-mid", p, 24000),
        "resources.md": {"title": f"{name}: team", "kind": "resources", "order": 7, **head, "team": [
            {"id": f"{p}-sdr", "role": "Sales Development Representative", "headcount": 6, "selling_share": "85%"},
            {"id": f"{p}-ae", "role": "Account Executive", "headcount": 8, "hours_per_week": 40,
             "selling_share": 0.6},
            {"id": f"{p}-csm", "role": "Customer Success Manager", "headcount": 2, "start": f"{YEAR}-07-01"}],
            "competences": ["Value selling"], "software": [{"name": "CRM seats", "cost": 24000}, "Sales deck"]},
        **{f"campaigns/q{q}.md": {"title": f"{name}: campaigns Q{q}", "kind": "campaigns", "order": 7 + q,
                                  **head, "campaigns": _campaigns(p, q)} for q in range(1, 5)},
        "territories.md": {"title": f"{name}: territories", "kind": "territories", "order": 12, **head,
                           "territories": [
                               {"id": f"{p}-north", "name": "North", "accounts": 120, "visits_per_month": 0.5,
                                "visit_minutes": 60, "travel_minutes": 60, "reps": 2, "field_hours_per_day": 5},
                               {"id": f"{p}-south", "name": "South", "accounts": 80, "visits_per_month": 1,
                                "visit_minutes": 45, "travel_minutes": 45, "reps": 1}]},
        "budget.md": {"title": f"{name}: budget", "kind": "budget", "order": 13, **head, "total": 900000, "lines": [
            {"name": "Software", "amount": 24000, "period": str(YEAR), "category": "software"},
            {"name": "Kickoff", "amount": 15000, "period": f"{YEAR}-01", "category": "enablement"},
            {"name": "SDR coaching", "amount": 12000, "period": f"{YEAR}-Q2", "category": "enablement",
             "team": f"{p}-sdr"},
            {"name": "Field travel", "amount": 30000, "period": f"{YEAR}-H1", "category": "travel",
             "territory": f"{p}-north"}]},
        "actuals.md": {"title": f"{name}: Q1 review", "kind": "actuals", "order": 14, **head,
                       **({"actuals": [{"goal": f"{p}-smb-revenue", "value": 130000, "as_of": f"{YEAR}-03-31"},
                                       {"goal": f"{p}-mid-q1", "value": 90000, "as_of": f"{YEAR}-03-31"}]}
                          if inline_actuals else {"source": "actuals.csv"})},
    }


def _goals(p: str, folder: str) -> list[dict]:
    quarters = [(q, share) for q, share in zip(range(1, 5), (96000, 120000, 120000, 144000), strict=True)]
    return [
        {"id": f"{p}-smb-revenue", "metric": "revenue", "target": 600000, "period": str(YEAR),
         "segment": f"{p}-smb", "product": f"{p}-team"},
        {"id": f"{p}-mid-revenue", "metric": "revenue", "target": 480000, "period": str(YEAR), "segment": f"{p}-mid"},
        *({"id": f"{p}-mid-q{q}", "metric": "revenue", "target": t, "period": f"{YEAR}-Q{q}", "segment": f"{p}-mid"}
          for q, t in quarters),
        {"id": f"{p}-smb-deals-03", "metric": "deals", "target": 20, "period": f"{YEAR}-03", "segment": f"{p}-smb"},
        {"id": f"{p}-retail-customers", "metric": "customers", "target": 8, "period": f"{YEAR}-H2",
         "segment": f"{p}-retail"},
        {"id": f"{p}-team-profit", "metric": "profit", "target": 102000, "period": str(YEAR),
         "product": f"{p}-team", "funnel": f"{folder}/funnels/smb"},
    ]


def _funnel_data(title: str, segment: str | None, p: str, deal: int) -> dict:
    sdr, ae = (f"{p}-sdr", f"{p}-ae") if p else (None, None)
    activities = [
        {"name": "Cold call attempts", "stage": "lead", "per_unit": 4, "minutes": 5, "role": sdr},
        {"name": "Email sequence", "stage": "lead", "per_unit": 3, "minutes": 3, "role": sdr},
        {"name": "Discovery call", "stage": "qualified", "per_unit": 1, "minutes": 30, "role": ae},
        {"name": "Demo", "stage": "demo", "per_unit": 1, "minutes": 60, "role": ae},
        {"name": "Proposal follow-up", "stage": "proposal", "per_unit": 2, "minutes": 20, "role": ae},
    ]
    return {"title": title, "kind": "funnel", "owner": "Sales operations", "order": 6, "status": "review",
            **({"segment": segment} if segment else {}), "deal_size": deal,
            "stages": [{"id": "lead", "name": "New lead", "conversion": 0.4},
                       {"id": "qualified", "name": "Qualified", "conversion": "55%"},
                       {"id": "demo", "name": "Demo held", "conversion": 0.5},
                       {"id": "proposal", "name": "Proposal sent", "conversion": "45%"}],
            "activities": [{k: v for k, v in a.items() if v is not None} for a in activities]}


def _campaigns(p: str, q: int) -> list[dict]:
    start, end = QUARTERS[q]
    out = []
    for n in range(6):
        plane = PLANES[(n + q) % 4]
        item = {"id": f"{p}-q{q}-c{n + 1}", "name": f"Q{q} {plane} campaign {n + 1}",
                "type": "marketing" if n % 2 else "sales", "plane": plane,
                "start": f"{YEAR}-{start}", "end": f"{YEAR}-{end}", "channel": "Webinars and outbound",
                "owner": "Field marketing", "budget": 4000 + 1000 * n}
        if plane in ("prospecting", "sales"):
            segment = "smb" if n % 2 else "mid"
            goal = f"{p}-smb-revenue" if n % 2 else f"{p}-mid-q{q}"
            item.update(segment=f"{p}-{segment}", goal=goal, expected_leads=400 + 50 * n)
        out.append(item)
    return out


def _actuals_csv(p: str) -> str:
    return f"goal,value,as_of\n{p}-smb-revenue,131000,{YEAR}-03-31\n{p}-mid-q1,88000,{YEAR}-03-31\n"


# --- Markdown with YAML front matter ------------------------------------------------------

def _md(front: dict, body: str) -> str:
    return "---\n" + "".join(_yaml(key, value, 0) for key, value in front.items()) + "---\n\n" + body


def _yaml(key: str, value, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return f"{pad}{key}:\n" + "".join(_yaml(k, v, indent + 2) for k, v in value.items())
    if isinstance(value, list):
        return f"{pad}{key}:\n" + "".join(_item(v, indent + 2) for v in value)
    return f"{pad}{key}: {_scalar(value)}\n"


def _item(value, indent: int) -> str:
    pad = " " * indent
    if not isinstance(value, dict):
        return f"{pad}- {_scalar(value)}\n"
    lines = "".join(_yaml(k, v, indent + 2) for k, v in value.items())
    return f"{pad}- {lines[indent + 2:]}"


_DATE_OR_PERIOD = re.compile(r"^\d{4}(-(\d{2}(-\d{2})?|H[12]|Q[1-4]))?$")


def _scalar(value) -> str:
    if isinstance(value, str):
        plain = value and all(c.isalnum() or c in " -_./()" for c in value) and not value[0].isdigit()
        if _DATE_OR_PERIOD.match(value):
            return value
        return value if plain and value not in ("yes", "no", "true", "false", "null") else _quote(value)
    return str(value)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _split(text: str) -> tuple[str, str]:
    """Title and body of a generated section (front matter written by ``_md``)."""
    _, front, body = text.split("---\n", 2)
    line = next(x for x in front.splitlines() if x.startswith("title: "))
    title = line[len("title: "):]
    return (title[1:-1].replace('\\"', '"').replace("\\\\", "\\") if title.startswith('"') else title), body


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--sections", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prose", action="store_true", help="write the prose-only variant instead")
    args = parser.parse_args(argv)
    if args.prose:
        print(generate_prose(args.dest, args.sections, args.seed))
    else:
        print(generate_plan(args.dest, args.sections, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
