"""Theme static files and the shared Plotly bundle, as outputs under `assets/`.

Reading them here (rather than copying in `write`) keeps one writer and lets
`serve` compare bytes like any other output. Plotly's JavaScript is taken from
the installed `plotly` package and shipped ONCE as `assets/plotly.min.js`, so
every page shares one cached, local file and the site makes no outside request.
Later folders override earlier ones file by file, so a user theme may replace
just `sitegen.css`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitegen.site.engine.output import Output
from sitegen.site.engine.themes import theme_dirs
from sitegen.site.engine.urls import asset_path

__all__ = ["PLOTLY_ASSET", "asset_outputs", "plotly_js_path", "theme_asset_outputs"]

PLOTLY_ASSET = asset_path("plotly.min.js")


def plotly_js_path() -> Path:
    """The minified Plotly bundle that ships inside the plotly Python package.

    Found without importing plotly: its import takes ~0.15 s, a tenth of a
    small build, and only the file is needed.
    """
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the plotly package is not installed (pip install plotly)")
    path = Path(spec.origin).resolve().parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package ({path})")
    return path


def _files(folder: Path) -> Iterable[tuple[str, Path]]:
    """The folder's files; a link that leads out of it is never read (a theme/ from a pull
    request must not publish `/proc/self/environ` or a key file as an asset)."""
    home = folder.resolve()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts) \
                and path.resolve().is_relative_to(home):
            yield relative.as_posix(), path


def asset_outputs(static_dirs: Sequence[Path]) -> list[Output]:
    """Files of the given folders (lowest priority first) as `assets/…` outputs."""
    chosen: dict[str, Path] = {}
    for folder in static_dirs:
        if folder.is_dir():
            chosen.update(_files(folder))
    return [Output(asset_path(name), chosen[name].read_bytes()) for name in sorted(chosen)]


def theme_asset_outputs(theme: str | None = None, override_dir: Path | None = None) -> list[Output]:
    """All assets of a build: Plotly, default theme, named theme, user overrides."""
    folders = [folder / "static" for folder in reversed(theme_dirs(theme))]
    if override_dir is not None:
        folders.append(override_dir / "static")
    outputs = asset_outputs(folders)
    if all(output.path != PLOTLY_ASSET for output in outputs):
        outputs.append(Output(PLOTLY_ASSET, plotly_js_path().read_bytes()))
    return sorted(outputs, key=lambda output: output.path)
