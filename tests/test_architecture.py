"""The shape of the code that docs/architecture.md promises: the stages in order, no import
cycles, a renderer that is handed its inputs.

Every import counts, also those inside functions: a lazy import that closes a
cycle is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
import graphlib
import tomllib
from collections.abc import Collection
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


def test_every_folder_of_code_is_a_regular_package() -> None:
    """A folder of modules without `__init__.py` is a namespace package: Python imports it all
    the same, but import-graph tools (grimp, import-linter) and packagers do not see it as part
    of `sitegen`, so a cycle through it would go unnoticed by anything but this file."""
    folders = {p.parent for p in ROOT.rglob("*.py") if "themes" not in p.parts}
    assert sorted(str(f.relative_to(ROOT.parent)) for f in folders if not (f / "__init__.py").is_file()) == []


def test_the_package_has_no_import_cycles() -> None:
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


# What the renderer must never reach for: git, the pipeline, the commands and
# the live preview. It is handed the analysed plan, its history and the diff.
NOT_FROM_SITE = ("sitegen.history", "sitegen.pipeline", "sitegen.commands", "sitegen.serve",
                 "sitegen.git_inputs", "sitegen.diff.compare", "sitegen.load", "sitegen.write")


def test_the_site_renderer_reads_no_git_and_runs_no_pipeline() -> None:
    reached = {
        module: sorted(d for d in deps if d.startswith(NOT_FROM_SITE))
        for module, deps in import_graph().items()
        if module.startswith("sitegen.site")
    }
    assert {m: d for m, d in reached.items() if d} == {}


def _closure(graph: dict[str, set[str]], module: str) -> set[str]:
    """Every sitegen module `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for dep in graph.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


# Reached through the model, which the renderer reads: the comparison's data types
# (`diff.model`) and the line marks a section keeps (`load.yamlmarks`, `model.plan.Section`).
SITE_MAY_REACH = ("sitegen.diff.model", "sitegen.load.yamlmarks")


def test_nothing_the_renderer_imports_reaches_git_the_pipeline_or_the_commands() -> None:
    """Not even through another module: what render needs of git and of the comparison it is
    handed as data (`SiteHistory`, `Comparison`) by the command that read them."""
    graph = import_graph()
    forbidden = (*NOT_FROM_SITE, "sitegen.cli", "sitegen.diff", "sitegen.outdir", "sitegen.init")
    reached = {
        module: sorted(d for d in _closure(graph, module)
                       if d.startswith(forbidden) and not d.startswith(SITE_MAY_REACH))
        for module in graph if module.startswith("sitegen.site")
    }
    assert {m: d for m, d in reached.items() if d} == {}


# The pipeline in order (docs/architecture.md): a module imports only from its own
# stage or an earlier one, so a reader can take the packages from the top down.
STAGES = (
    ("sitegen",),  # the package itself: its version
    ("sitegen.translation", "sitegen.diagnostics", "sitegen.library_cache", "sitegen.commonmark"),
    ("sitegen.load",),
    ("sitegen.model",),
    ("sitegen.audience", "sitegen.validate"),
    ("sitegen.compute",),
    ("sitegen.pipeline",),
    ("sitegen.diff",),
    ("sitegen.history",),
    ("sitegen.site",),
    ("sitegen.git_inputs", "sitegen.outdir", "sitegen.write"),
    ("sitegen.serve",),
    ("sitegen.init", "sitegen.commands"),
    ("sitegen.cli", "sitegen.__main__"),
)


def _stage(module: str) -> int:
    """The last stage naming `module` or a package holding it (`sitegen` alone names only itself)."""
    found = [i for i, names in enumerate(STAGES) for name in names
             if module == name or (name != "sitegen" and module.startswith(name + "."))]
    assert found, f"{module} belongs to no stage of STAGES: add it where it belongs in the pipeline"
    return max(found)


def test_a_module_imports_only_its_own_stage_or_earlier_ones() -> None:
    backwards = sorted(
        f"{module} -> {dep}"
        for module, deps in import_graph().items()
        for dep in deps
        if _stage(dep) > _stage(module)
    )
    assert backwards == []


MAX_LINES = 400  # STYLE.md: a module a reader can hold; split a longer one by meaning


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    long = {name: lines for name, path in _modules().items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_LINES}
    assert long == {}, f"split these by what their parts are about (not by line count): {long}"


# mypy skips no module and reads every function (issue #16): mypy does not check the body of an
# unannotated function, so every function is typed, in every module, a new one from its first line.
# The stages before rendering are held to more: no Any returned as a typed value.
STRICT_EVERYWHERE = ("disallow_untyped_defs", "check_untyped_defs")
NO_ANY_RETURNED = ("sitegen.load", "sitegen.model", "sitegen.validate", "sitegen.audience", "sitegen.compute")


def _mypy_config() -> dict:
    return tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def _mypy_overrides() -> list[dict]:
    return _mypy_config().get("overrides", [])


def _mypy_modules(setting: str, value: bool = True) -> set[str]:
    """The modules of the overrides that set `setting` to `value`."""
    return {module for override in _mypy_overrides() if override.get(setting) is value
            for module in override["module"]}


def test_mypy_skips_no_module() -> None:
    skipped = _mypy_modules("ignore_errors")
    assert skipped == set(), f"type these instead of skipping them: {sorted(skipped)}"


def test_mypy_checks_every_function_of_every_module() -> None:
    config = _mypy_config()
    assert {setting: config.get(setting) for setting in STRICT_EVERYWHERE} == dict.fromkeys(STRICT_EVERYWHERE, True)
    lax = {module for setting in STRICT_EVERYWHERE for module in _mypy_modules(setting, False)}
    assert lax == set(), f"type these instead of exempting them: {sorted(lax)}"


def test_no_module_turns_mypy_off_inline() -> None:
    """A `# mypy:` comment or an ignore of a whole file would undo the settings above for one module."""
    turned_off = sorted(name for name, path in _modules().items()
                        if any(line.startswith(("# mypy:", "# type: ignore"))
                               for line in path.read_text(encoding="utf-8").splitlines()))
    assert turned_off == []


def _mypy_holds(module: str, setting: str) -> bool:
    """An override that sets `setting` names the module, itself or as its package's (`sitegen.validate.*`)."""
    return any(name == module or (name.endswith(".*") and f"{module}.".startswith(name[:-1]))
               for name in _mypy_modules(setting))


def test_the_stages_before_rendering_return_no_any() -> None:
    lax = sorted(module for module in _modules()
                 if module.startswith(NO_ANY_RETURNED) and not _mypy_holds(module, "warn_return_any"))
    assert lax == [], f"hold these to warn_return_any: {lax}"


def test_every_module_the_mypy_overrides_name_exists() -> None:
    """A module moved or renamed silently leaves its override (mypy only notes "unused section"):
    a typed module would lose its strict checks without anyone noticing."""
    named = {module.removesuffix(".*") for override in _mypy_overrides() for module in override["module"]}
    assert named - set(_modules()) == set(), "rename these in pyproject.toml's [[tool.mypy.overrides]]"


# Folders docs/architecture.md names that are the user's, not the code's.
USER_FOLDERS = {"public/", "theme/"}
FILE_SUFFIXES = {"html", "pdf", "json", "ics", "js", "css", "md", "mo", "toml", "yaml"}  # `report.html`: a file


def _resolves(token: str, modules: Collection[str]) -> bool | None:
    """Whether a dotted name that starts with a sitegen module (`site.build.build_site`, `markdown.slugify`)
    is found there; None when it starts with no module (a setting, `plan.yaml`)."""
    import importlib

    parts = token.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        named = [m for m in modules if m in (head, f"sitegen.{head}") or m.endswith(f".{head}")]
        if named:
            for name in named:
                value: object = importlib.import_module(name)
                try:
                    for attribute in parts[i:]:
                        value = getattr(value, attribute)
                    return True
                except AttributeError:
                    continue
            return False
    return None


def test_every_module_and_folder_the_architecture_page_names_exists() -> None:
    """docs/architecture.md is a newcomer's map: a module it names (`site/cache.py`,
    `git_inputs.py`, `nav/`) is a file or folder of sitegen (or of the checkout), and a
    dotted name that starts with a module (`site.build.build_site`, `sitegen.git_inputs.comparison`)
    is found there, so a move or a rename that forgets the page fails here."""
    import re

    text = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    files = [p.relative_to(ROOT).as_posix() + ("/" if p.is_dir() else "") for p in ROOT.rglob("*")
             if "__pycache__" not in p.parts]
    modules = _modules()
    missing = []
    for token in sorted(set(re.findall(r"`([\w./]+)`", text))):
        if token.endswith((".py", "/")) and token not in USER_FOLDERS:
            if not any(f == token or f.endswith("/" + token) for f in files) and not (ROOT.parent / token).exists():
                missing.append(token)
        elif re.fullmatch(r"[a-z_]+(\.\w+)+", token) and token.rpartition(".")[2] not in FILE_SUFFIXES:
            if _resolves(token, modules) is False:
                missing.append(token)
    assert missing == []
