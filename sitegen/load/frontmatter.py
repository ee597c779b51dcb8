"""Split a section file into front matter and body, keeping file line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitegen.load.yamlmarks import Marks, Yaml, YamlProblem, YamlResult, load_yaml
from sitegen.translation import N_, Message


@dataclass(frozen=True)
class DecodeProblem:
    line: int
    column: int
    message: str | Message


def decode(data: bytes) -> tuple[str, None] | tuple[None, DecodeProblem]:
    """UTF-8 (BOM accepted) with CRLF/CR normalised to LF; bad bytes are located.
    (The text or the problem, never both: a caller that tests one item of the pair gets the other typed.)"""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        msg = N_("file is not valid UTF-8 (byte %(byte)s); save it as UTF-8", byte=f"0x{data[exc.start]:02x}")
        return None, DecodeProblem(line, column, msg)
    if "\r" in text:  # one quick scan; most files have no CR to replace
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


@dataclass
class SplitFile:
    front: Yaml
    marks: Marks
    body: str
    body_line: int
    problems: list[YamlProblem]


def _fence(line: str) -> bool:
    return line.rstrip() == "---"


# The line that closes the front matter: `---` or `...`, trailing whitespace allowed (as `_fence`)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M)


@lru_cache(maxsize=8192)
def _front_matter(front: str) -> YamlResult:
    """The front matter's YAML, parsed once per text (nothing changes what YAML gives): a build
    of a plan kept in git analyses the plan at each of its last 30 commits, and `--versions`
    at each tag, and most files are the same text in all of them."""
    return load_yaml(front, line_offset=1)


def split_front_matter(text: str) -> SplitFile:
    """Front matter sits between a first line ``---`` and the next ``---`` line. Only the
    front matter is looked through: the body is the rest of the text, never split into lines."""
    first, newline, _ = text.partition("\n")
    if not text or text.isspace():  # (not `strip()`: that copies the whole text)
        return SplitFile(None, Marks(), "", 1, [YamlProblem(1, 1, "front-matter", N_("empty file; a section starts with '---', its fields (at least 'title:'), and '---'"))])
    if not _fence(first):
        msg = N_("no front matter; start the file with a '---' line, then 'title: ...', then another '---' line")
        return SplitFile(None, Marks(), text, 1, [YamlProblem(1, 1, "front-matter", msg)])
    start = len(first) + 1
    closing = _CLOSING.search(text, start) if newline else None
    if closing is None:
        msg = N_("front matter is not closed; add a line with '---' after the last field")
        return SplitFile(None, Marks(), "", 1, [YamlProblem(1, 1, "front-matter", msg)])
    result = _front_matter(text[start : closing.start() - 1])
    body_line = text.count("\n", 0, closing.start()) + 2
    return SplitFile(result.data, result.marks, text[closing.end() + 1 :], body_line, result.problems)
