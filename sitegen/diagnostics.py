"""Diagnostics: every problem with a plan is a value, reported all at once.

The one-line form ``path:line:col: severity: message [code]`` is the contract
(PLAN_FORMAT §4); editors, CI annotations and the site all read it.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from sitegen.translation import N_, Message, plural

Severity = Literal["error", "warning"]
# Codes of a file that could not be read at all: listed before everything else
CAUSES = frozenset({"missing-plan", "encoding", "front-matter", "yaml-syntax", "duplicate-key", "yaml-tag", "yaml-limit"})


@dataclass(frozen=True, order=True)
class Location:
    """A place in a plan file; line and column are 1-based, as editors count."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str  # English, as the contract line, --format json and plan.json show it
    # The message's msgid and arguments, worded in the plan's language where people read
    # it (site, overlay); not part of equality, the contract or the JSON (see `record`).
    wording: Message | None = field(default=None, compare=False, repr=False, metadata={"json": False})

    def __post_init__(self) -> None:
        # One problem, one line: editors and CI parse the output line by line.
        if "\n" in self.message or "\r" in self.message:
            object.__setattr__(self, "message", " ".join(self.message.split()))

    @classmethod
    def at(cls, where: Location, severity: Severity, code: str, message: str | Message) -> Diagnostic:
        wording = message if isinstance(message, Message) else None
        return cls(where.path, where.line, where.column, severity, code, str(message), wording)

    def text(self, language: str = "en") -> str:
        """The message in ``language`` (pl, zh): what the site and the overlay show."""
        if self.wording is None:
            return self.message
        return " ".join(self.wording.text(language).split())

    def record(self) -> dict[str, Any]:
        """The contract's JSON object (PLAN_FORMAT §4 and plan.json): English message."""
        return {"path": self.path, "line": self.line, "column": self.column,
                "severity": self.severity, "code": self.code, "message": self.message}

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    def sort_key(self) -> tuple[bool, str, int, int, int, str, str]:
        """A file that cannot be read comes first: what follows may be its consequence."""
        return (self.code not in CAUSES, self.path, self.line, self.column, self.severity != "error", self.code,
                self.message)

    def line_text(self, language: str = "en") -> str:
        """The contract line, with invisible characters shown as escapes (see `visible`); the
        severity and code stay English in every language (tools read them), the message may not."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.text(language)} [{self.code}]"
        return visible(text)


# Characters a terminal or a CI log would act on, or that hide or reorder text,
# rather than show: controls (ESC starts the sequences that clear lines and
# recolour the log), format characters (zero-width joiner and space, bidi
# overrides), line/paragraph separators, and lone surrogates (undecodable bytes
# of a file name, which would also make printing fail).
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN


def _escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every invisible or terminal-controlling character written as a
    Python-style escape (``\\x1b``, ``\\u200d``), so a plan value can neither rewrite
    the terminal nor hide part of a message; other text, CJK and NBSP included, is kept."""
    if text.isprintable():  # no control, format, separator or surrogate: nothing to escape
        return text
    return "".join(_escape(c) if _hidden(c) else c for c in text)


def error(where: Location, code: str, message: str | Message) -> Diagnostic:
    return Diagnostic.at(where, "error", code, message)


def warning(where: Location, code: str, message: str | Message) -> Diagnostic:
    return Diagnostic.at(where, "warning", code, message)


def suggest(word: str, candidates: Iterable[str]) -> Message | str:
    """The ``(did you mean 'x'?)`` tail, or an empty string when nothing is close."""
    match = _closest(str(word), tuple(sorted(set(candidates))))
    return N_(" (did you mean '%(match)s'?)", match=match) if match else ""


@lru_cache(maxsize=1024)  # a renamed id is named again by every item that refers to it
def _closest(word: str, candidates: tuple[str, ...]) -> str | None:
    match = get_close_matches(word, candidates, n=1, cutoff=0.6)
    return match[0] if match else None


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Paths are shown relative to the current directory, as compilers do."""
    cwd = cwd or Path.cwd()
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix()


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == "error" or strict for d in diagnostics)


def count_summary(diagnostics: Sequence[Diagnostic], files: int, language: str = "en") -> str:
    """``2 errors, 1 warning in 5 files``, in ``language``'s plural forms."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return plural(
        language, "%(errors)s, %(warnings)s in %(n)d file", "%(errors)s, %(warnings)s in %(n)d files", files,
        errors=plural(language, "%(n)d error", "%(n)d errors", errors),
        warnings=plural(language, "%(n)d warning", "%(n)d warnings", warnings),
    )


_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def format_text(diagnostics: Sequence[Diagnostic], files: int, colour: bool = False, language: str = "en") -> str:
    """The contract lines and a count; ``language`` words the messages (`check --lang`)."""
    lines = []
    for d in diagnostics:
        if colour:
            sev = f"{_COLOURS[d.severity]}{d.severity}{_RESET}"
            where = visible(f"{d.path}:{d.line}:{d.column}:")
            lines.append(f"{_BOLD}{where}{_RESET} {sev}: {visible(d.text(language))} [{visible(d.code)}]")
        else:
            lines.append(d.line_text(language))
    lines.append(count_summary(diagnostics, files, language))
    return "\n".join(lines) + "\n"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """JSON keeps every value exactly (a program reads it); the characters `visible`
    escapes are written as ``\\uXXXX`` (JSON's own escape, decoded back by any reader)
    instead of raw, so the JSON is as safe to print in a terminal as the text."""
    text = json.dumps([d.record() for d in diagnostics], ensure_ascii=False, indent=2)
    # json.dumps escapes the C0 controls but not DEL (0x7f) nor anything beyond ASCII;
    # a raw newline here is the indentation
    # (line by line: most lines are printable as they are, and a plan may have thousands of warnings)
    if not text.isascii() or "\x7f" in text:
        text = "\n".join(line if line.isprintable() else "".join(_json_escape(c) if _hidden(c) else c for c in line)
                         for line in text.split("\n"))
    return text + "\n"


def _json_escape(char: str) -> str:
    return json.dumps(char, ensure_ascii=True)[1:-1]  # a surrogate pair above U+FFFF


def _gh_escape(text: str, prop: bool = False) -> str:
    # A workflow command is one line read by the runner; what it shows lands in the
    # log and in a pull request's annotations, so hidden characters are escaped first.
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(diagnostics: Sequence[Diagnostic], language: str = "en") -> str:
    out = []
    for d in diagnostics:
        props = f"file={_gh_escape(d.path, True)},line={d.line},col={d.column},title={_gh_escape(d.code, True)}"
        out.append(f"::{d.severity} {props}::{_gh_escape(d.text(language))}")
    return "".join(line + "\n" for line in out)
