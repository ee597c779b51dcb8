"""Actuals kept in a CSV file next to the section; errors are located to the row."""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from pydantic import ValidationError

from sitegen.diagnostics import Diagnostic, Location, error
from sitegen.load.frontmatter import decode
from sitegen.load.sources import PlanSources
from sitegen.load.yamlmarks import Marks
from sitegen.model.kinds import Actual
from sitegen.model.plan import Placed, Section

COLUMNS = ("goal", "value", "as_of")


def csv_path(section: Section, source: str) -> str:
    """The CSV file's path in the plan: `source` is relative to the section's folder."""
    parts: list[str] = []
    for part in (PurePosixPath(section.rel).parent / source).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def read_actuals_csv(section: Section, sources: PlanSources) -> tuple[list[Placed], list[Diagnostic]]:
    source = section.data.source
    rel = csv_path(section, source)
    display = sources.display(rel)
    if rel not in sources.files:
        where = section.at(("source",))
        return [], [error(where, "missing-file", f"actuals file '{source}' not found (looked for {display})")]
    text, bad = decode(sources.files[rel])
    if bad:
        return [], [error(Location(display, bad.line, bad.column), "encoding", bad.message)]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if tuple(header) != COLUMNS:
        msg = f"the first line must be the header 'goal,value,as_of', got '{','.join(header)}'"
        return [], [error(Location(display, 1, 1), "csv", msg)]
    rows, diags = [], []
    lines = text.split("\n")
    for row in reader:
        line_no = reader.line_num  # the physical line, even after a quoted multi-line cell
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            diags.append(error(Location(display, line_no, 1), "csv", f"expected 3 values (goal,value,as_of), got {len(row)}"))
            continue
        try:
            actual = Actual.model_validate(dict(zip(COLUMNS, (c.strip() for c in row), strict=True)))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                field = COLUMNS.index(err["loc"][0]) if err["loc"] and err["loc"][0] in COLUMNS else 0
                column = _cell_starts(lines[line_no - 1])[field] if line_no <= len(lines) else 1
                diags.append(error(Location(display, line_no, column), "csv", f"{err['loc'][0]}: {err['msg']}"))
            continue
        rows.append(Placed(actual, _row_section(section, display, line_no), ()))
    return rows, diags


def _cell_starts(line: str) -> list[int]:
    """1-based column where each cell of a CSV line begins (commas inside quotes skipped)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts + [1] * 3


def _row_section(section: Section, display: str, line: int) -> Section:
    """A CSV row poses as a one-line section so its warnings are located the same way."""
    return Section(section.rel, display, section.id, section.data, "", line, Marks(values={(): (line, 1)}))
