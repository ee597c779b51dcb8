"""`sitegen check`: run load → validate → compute and print every diagnostic."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from sitegen.diagnostics import format_github, format_json, format_text
from sitegen.pipeline import Analysis, analyse_folder


def report(analysis: Analysis, fmt: str = "text", stream: TextIO | None = None, language: str = "en") -> None:
    """``language`` words the messages of text and github output (`--lang`); JSON is data and
    keeps the English message of the contract, like plan.json."""
    stream = stream or sys.stdout
    diags = analysis.diagnostics
    if fmt == "json":
        stream.write(format_json(diags))
    elif fmt == "github":
        stream.write(format_github(diags, language))
    else:
        colour = stream.isatty() and "NO_COLOR" not in os.environ
        stream.write(format_text(diags, analysis.files, colour, language))


def check(plan_dir: Path, fmt: str, strict: bool, language: str = "en") -> int:
    analysis = analyse_folder(plan_dir)
    report(analysis, fmt, language=language)
    return 1 if analysis.failed(strict) else 0
