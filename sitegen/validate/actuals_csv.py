"""Actuals kept in a CSV file next to the section; errors are located to the row and column.

A CRM export keeps its own headers (`columns:` maps them), its separator (`;`
from a European Excel), its decimal mark (`decimal:`, default `,` in a
`;`-separated file) and its date format (`date_format:`); see `csv_values`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from pydantic import ValidationError

from sitegen.diagnostics import Diagnostic, Location, error, suggest
from sitegen.load.frontmatter import decode
from sitegen.load.sources import PlanSources
from sitegen.load.yamlmarks import Marks
from sitegen.model.kinds import Actual, ActualsSection
from sitegen.model.plan import ItemPath, Placed, Section
from sitegen.translation import N_, Message
from sitegen.validate.csv_values import delimiter_of, parse_amount, parse_day

COLUMNS = ("goal", "value", "as_of")
OPTIONAL = ("stage", "activity")


def csv_path(section: Section, source: str) -> str:
    """The CSV file's path in the plan: `source` is relative to the section's folder.
    (A `source` that climbs out of the plan stays inside here; `leaves_plan` tells.)"""
    parts: list[str] = []
    for part in (PurePosixPath(section.rel).parent / source).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def leaves_plan(section: Section, source: str) -> bool:
    """`source` names a file outside the plan folder (absolute, or `..` above the plan)."""
    if PurePosixPath(source).is_absolute() or PureWindowsPath(source).drive:
        return True
    depth = 0
    for part in (PurePosixPath(section.rel).parent / source).parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return True
    return False


@dataclass(frozen=True)
class _Layout:
    """Where each field sits in the file: field → (cell index, header as written)."""

    cells: dict[str, tuple[int, str]]
    delimiter: str
    decimal: str


def read_actuals_csv(section: Section, sources: PlanSources) -> tuple[list[Placed[Actual]], list[Diagnostic]]:
    """The rows of an actuals section's `source:` file, each placed at its line (none without a `source`)."""
    data = section.data_as(ActualsSection)
    source = data.source
    if not source:
        return [], []
    rel = csv_path(section, source)
    display = sources.display(rel)
    if rel in sources.outside:  # the link itself is reported by the loader; its target is not read
        return [], []
    if leaves_plan(section, source):  # never read, and "not found" would be wrong: say where it is
        root = sources.display_root.rstrip("/") or "."
        return [], [error(section.at(("source",)), "outside-plan", N_(
            "actuals file '%(source)s' is outside %(root)s/, which sitegen does not read; "
            "copy the file into %(root)s/ and give its path from this section's folder",
            source=source, root=root))]
    if rel not in sources.files:
        where = section.at(("source",))
        return [], [error(where, "missing-file", N_("actuals file '%(source)s' not found (looked for %(display)s)",
                                                    source=source, display=display))]
    decoded = decode(sources.files[rel])
    if decoded[1] is not None:
        bad = decoded[1]
        return [], [error(Location(display, bad.line, bad.column), "encoding", bad.message)]
    text = decoded[0]
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter_of(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    layout = _layout(data, header, delimiter)
    if isinstance(layout, Message):
        return [], [error(Location(display, 1, 1), "csv", layout)]
    rows: list[Placed[Actual]] = []
    diags: list[Diagnostic] = []
    lines = text.split("\n")
    for row in reader:
        line_no = reader.line_num  # the physical line, even after a quoted multi-line cell
        if not any(cell.strip() for cell in row):
            continue
        starts = _cell_starts(lines[line_no - 1] if line_no <= len(lines) else "", delimiter)
        actual, problems = _row(data, layout, row, line_no - 1)
        diags += [error(Location(display, line_no, starts[i] if i < len(starts) else 1), "csv", m) for i, m in problems]
        if actual is not None:
            columns = {field: starts[i] for field, (i, _) in layout.cells.items() if i < len(starts)}
            rows.append(Placed(actual, _row_section(section, display, line_no, columns), ()))
    return rows, diags


def _layout(data: ActualsSection, header: list[str], delimiter: str) -> _Layout | Message:
    """Each field's cell, or what is wrong with the header (a located `csv` error at line 1)."""
    mapped = data.columns.model_dump(exclude_none=True) if data.columns else {}
    decimal = data.decimal or ("," if delimiter == ";" else ".")
    if not mapped:
        unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
        if unknown or not set(COLUMNS) <= set(header):
            shown = _quoted(delimiter.join(header))
            hint = N_(" ('%(column)s'%(suggestion)s)", column=_quoted(unknown[0], 40),
                      suggestion=suggest(unknown[0], COLUMNS + OPTIONAL) or N_(" is not one of them")) if unknown else ""
            return N_("the first line must be the header 'goal,value,as_of' (optionally 'stage' or 'activity'), "
                      "got '%(shown)s'%(hint)s; a CRM export can keep its own headers: map them with `columns:` in the section",
                      shown=shown, hint=hint)
        return _Layout({h: (i, h) for i, h in enumerate(header)}, delimiter, decimal)
    cells: dict[str, tuple[int, str]] = {}
    for field in COLUMNS + OPTIONAL:
        name = mapped.get(field, field if field in header else None)
        if name is None:
            if field in COLUMNS:
                return N_("no column for '%(field)s': add `%(field)s: \"<header>\"` under `columns:` (headers: %(headers)s)",
                          field=field, headers=_quoted(", ".join(header)))
            continue
        if name not in header:
            return N_("column '%(name)s' (columns.%(field)s) is not in the header%(suggestion)s; headers: %(headers)s",
                      name=name, field=field, suggestion=suggest(name, header), headers=_quoted(", ".join(header)))
        cells[field] = (header.index(name), name)
    return _Layout(cells, delimiter, decimal)


def _quoted(text: str, limit: int = 80) -> str:
    """File content in a message, cut short: a header line is quoted, a whole file never is."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row(data: ActualsSection, layout: _Layout, row: list[str], number: int) -> tuple[Actual | None, list[tuple[int, Message]]]:
    """One data row as an actual, or its problems as (cell index, message) — each names the row
    (counting the header as row 0, as a spreadsheet's data rows are counted) and the column."""
    values: dict[str, object] = {}
    problems: list[tuple[int, Message]] = []
    for field, (index, name) in layout.cells.items():
        cell = row[index].strip() if index < len(row) else None
        if cell is None:
            problems.append((0, N_("row %(row)s, column '%(column)s': missing (the row has %(values)s values, the header %(header)s or more)",
                                   row=number, column=name, values=len(row), header=len(layout.cells))))
            continue
        if field in OPTIONAL:
            if cell:
                values[field] = cell
            continue
        parsed = (parse_amount(cell, layout.decimal) if field == "value"
                  else parse_day(cell, data.date_format) if field == "as_of" else cell)
        if isinstance(parsed, Message):
            problems.append((index, _cell(number, name, parsed)))
        else:
            values[field] = parsed
    if problems:
        return None, problems
    try:
        return Actual.model_validate(values), []
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            field = str(err["loc"][0]) if err["loc"] else "goal"
            index, name = layout.cells.get(field, (0, field))
            problems.append((index, _cell(number, name, (err.get("ctx") or {}).get("wording") or err["msg"])))
        return None, problems


def _cell(row: int, column: str, problem: str | Message) -> Message:
    return N_("row %(row)s, column '%(column)s': %(problem)s", row=row, column=column, problem=problem)


def _cell_starts(line: str, delimiter: str) -> list[int]:
    """1-based column where each cell of a CSV line begins (separators inside quotes skipped)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def _row_section(section: Section, display: str, line: int, columns: dict[str, int]) -> Section:
    """A CSV row poses as a one-line section so its warnings are located the same way: a field's
    warning (`actual-date` at `as_of`) points at that field's cell, as the `csv` errors do."""
    marks: dict[ItemPath, tuple[int, int]] = {(): (line, 1)}
    marks |= {(field,): (line, column) for field, column in columns.items()}
    return Section(section.rel, display, section.id, section.data, "", line, Marks(values=marks))
