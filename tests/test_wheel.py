"""A user who installs the wheel gets a working `sitegen build`: the themes ship inside it.

The top-level `themes/` folder goes into the wheel as `sitegen/themes` through hatchling's
own `force-include` (pyproject.toml), not through a setup.py trick; in a checkout
`sitegen/themes` is a symlink. The test builds the real wheel with the real backend,
unpacks it (a pure-Python wheel unpacked is what pip installs) and builds a plan from
another folder, so nothing of the checkout can stand in for what the wheel lacks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, md, write_plan


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    builder = pytest.importorskip("hatchling.builders.wheel", reason="pip install -e '.[test]': hatchling builds the wheel")
    out = tmp_path_factory.mktemp("dist")
    return Path(next(iter(builder.WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))))


def test_the_wheel_holds_every_theme_file_once(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    themes = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "themes").rglob("*") if p.is_file())
    assert themes, "no themes in the checkout"
    shipped = sorted(n.removeprefix("sitegen/") for n in names if n.startswith("sitegen/themes/"))
    assert shipped == themes
    assert len(names) == len(set(names))


def test_sitegen_built_from_the_unpacked_wheel_writes_pages_and_theme_assets(wheel: Path, tmp_path: Path) -> None:
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    plan = write_plan(tmp_path / "work", {"intro.md": md("title: Intro\n", "Hello.\n")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "SITEGEN_NO_TEMPLATE_CACHE": "1"}
    # -I would drop PYTHONPATH; -P keeps the current folder off the path; -s: no user site
    done = subprocess.run([sys.executable, "-P", "-s", "-c",
                           "import sitegen, sys; from sitegen.cli import main; print(sitegen.__file__); sys.exit(main())",
                           "build", "--plan", str(plan), "--out", str(elsewhere / "public")],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(str(installed))  # the wheel's code, not the checkout's
    site = elsewhere / "public"
    assert "Hello." in (site / "intro.html").read_text(encoding="utf-8")
    assert (site / "index.html").is_file()
    for asset in ("sitegen.css", "sitegen.js", "plotly.min.js"):
        assert (site / "assets" / asset).is_file(), asset
