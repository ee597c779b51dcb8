"""The shape of the code that docs/architecture.md promises: no import cycles.

Every import counts, also those inside functions: a lazy import that closes a
cycle is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "sitegen"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "themes" not in p.parts}


def import_graph() -> dict[str, set[str]]:
    """sitegen module → the sitegen modules it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_package_has_no_import_cycles() -> None:
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


# What the renderer must never reach for: git, the pipeline, the commands and
# the live preview. It is handed the analysed plan, its history and the diff.
NOT_FROM_SITE = ("sitegen.history", "sitegen.pipeline", "sitegen.commands", "sitegen.serve",
                 "sitegen.build", "sitegen.diff.compare", "sitegen.load", "sitegen.validate", "sitegen.write")


def test_the_site_renderer_reads_no_git_and_runs_no_pipeline() -> None:
    reached = {
        module: sorted(d for d in deps if d.startswith(NOT_FROM_SITE))
        for module, deps in import_graph().items()
        if module.startswith("sitegen.site")
    }
    assert {m: d for m, d in reached.items() if d} == {}
