"""Safe YAML that remembers where every key and value came from.

PyYAML's constructors forget positions and its composer recurses, so we build
values straight from the parser's event stream: iterative (a 5,000-deep
document cannot overflow the stack), with duplicate keys, unknown tags, alias
bombs and excessive nesting all turned into located diagnostics. Numbers that
look like floats become exact ``Decimal`` values: a plan's money and rates are
never binary floats.

Numbers are read as the author wrote them, never as YAML 1.1 reinterprets
them: ``045000`` is not octal 18944, ``1:30:00`` is not 5400 and ``0x1F`` is
not 31. Decimal forms YAML 1.1 misreads or leaves as text (``045000``, ``+12``,
``1_000``, ``1e3``) become ``NumberText``: text as written, which a number
field reads as that decimal; hexadecimal, binary and sexagesimal forms stay
plain text, which a number field refuses with a hint.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NoReturn, Protocol, TypeAlias

import yaml
from yaml import events

from sitegen.translation import N_, Message

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

MAX_DEPTH = 64
# Size and alias expansion are limited apart: a long plan is fine (100,000
# campaigns are about 900,000 values), a small file whose aliases repeat
# values into millions is an attack. Both limits are in docs/plan-format.md.
MAX_VALUES = 2_000_000
MAX_ALIASED = 100_000

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_T}{n}" for n in ("str", "int", "float", "bool", "null", "timestamp")}
_NEUTRAL_TAGS = {None, "!"}
_STR, _FLOAT, _INT, _TIMESTAMP = f"{_T}str", f"{_T}float", f"{_T}int", f"{_T}timestamp"
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,99})")  # no octal, hex, '_' or sexagesimal forms; not 5,000 digits
# A decimal number as people write it: leading zeros, a sign, '_' between digits, an exponent.
_DECIMAL_FORM = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?")
_NUMBER_START = frozenset("0123456789+-.")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}  # keys repeat across sections


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    """The implicit tag of a plain or quoted scalar, memoised for short values (keys, enums)."""
    key = (value, implicit)
    tag = _RESOLVED.get(key)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)
        if len(value) <= 40 and len(_RESOLVED) < 50_000:
            _RESOLVED[key] = tag
    return tag

Path_ = tuple[str | int, ...]
# A value as the builder makes it: mappings (keys as text), lists, and the scalars it reads
# itself or through PyYAML's constructor (booleans, null, timestamps).
Yaml: TypeAlias = "dict[str, Yaml] | list[Yaml] | str | int | bool | Decimal | dt.date | dt.datetime | None"


class NumberText(str):
    """A plain scalar that is a decimal number in a form YAML 1.1 misreads (``045000``
    as octal) or reads as text (``1e3``): kept as written, so a text field shows
    ``007`` and a number field reads the decimal the author meant (``45000``)."""

    __slots__ = ()


def _number_text(value: str) -> str:
    """``NumberText`` when ``value`` is a decimal number as written, else the plain text."""
    return NumberText(value) if _DECIMAL_FORM.fullmatch(value) else value


@dataclass
class Marks:
    """Positions (1-based line, column) of values and of mapping keys, by path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path_) -> tuple[int, int]:
        """The value's position, else the nearest enclosing one that is known."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def key(self, path: Path_) -> tuple[int, int]:
        return self.keys.get(path) or self.value(path)


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    code: str
    message: str | Message


@dataclass
class YamlResult:
    data: Yaml
    marks: Marks
    problems: list[YamlProblem]


class _Stop(Exception):
    def __init__(self, problem: YamlProblem):
        self.problem = problem


@dataclass
class _Frame:
    container: dict[str, Yaml] | list[Yaml]
    path: Path_
    size: int = 1
    key: str = ""  # the mapping's key waiting for its value (has_key)
    has_key: bool = False
    anchor: str | None = None


def _explain(exc: yaml.MarkedYAMLError, source: str) -> Message:
    """PyYAML's own words (English), and what to do about them in the plan's language."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    text = f"{context}: {problem}" if context else problem
    mark = exc.problem_mark
    at = source.splitlines()[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(source.splitlines()) else ""
    hint: str | Message = ""
    if at == "\t" or "\\t" in problem:
        hint = N_("; indent with spaces, not tabs")
    elif "quoted scalar" in text:
        hint = N_("; a quote was opened but never closed")
    elif "mapping values are not allowed" in problem:
        hint = N_("; put a space after ':' or quote the text")
    return N_("invalid YAML: %(problem)s%(hint)s", problem=text, hint=hint)


class _Position(Protocol):
    """A parser's mark: PyYAML's (`yaml.Mark`) or its C parser's (`yaml._yaml.Mark`)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class _Builder:
    def __init__(self, line_offset: int):
        self.offset = line_offset
        self.marks = Marks()
        self.problems: list[YamlProblem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Yaml, int]] = {}
        self.root: Yaml = None
        self.written = 0  # values placed (an alias counts once here)
        self.aliased = 0  # values repeated by aliases

    def pos(self, mark: _Position | None) -> tuple[int, int]:
        """1-based (line, column) in the file. The parser marks every event; PyYAML's types let
        a mark be None, which would be the start of the text."""
        if mark is None:
            return (self.offset + 1, 1)
        return (mark.line + 1 + self.offset, mark.column + 1)

    def fail(self, mark: _Position | None, code: str, message: str | Message) -> NoReturn:
        line, col = self.pos(mark)
        raise _Stop(YamlProblem(line, col, code, message))

    def scalar(self, ev: events.ScalarEvent) -> Yaml:
        tag = ev.tag
        if tag is None or tag == "!":  # no tag, or the non-specific one (_NEUTRAL_TAGS)
            tag = _resolve(ev.value, ev.implicit)
        elif tag not in _SCALAR_TAGS:
            self.fail(ev.start_mark, "yaml-tag", N_("YAML tag '%(tag)s' is not allowed; remove it and write a plain value",
                                                   tag=_short(ev.tag)))
        if tag == _STR:
            if ev.value[:1] in _NUMBER_START and ev.implicit[0]:
                return _number_text(ev.value)  # `1e3`, `-.5`: numbers YAML 1.1 leaves as text
            return ev.value
        if tag == _FLOAT:
            return _decimal(ev.value) if ":" not in ev.value else ev.value  # `1:30.5` is no number
        if tag == f"{_T}merge":
            self.fail(ev.start_mark, "yaml-tag", N_("merge keys ('<<') are not supported; write the fields out"))
        if tag == _INT:
            if _PLAIN_INT.fullmatch(ev.value):
                return int(ev.value)
            return _number_text(ev.value)  # `045000`, `+12`, `1_000`; `0x1F`, `1:30:00` stay text
        if tag == _TIMESTAMP and _PLAIN_DATE.fullmatch(ev.value):
            try:
                return dt.date.fromisoformat(ev.value)
            except ValueError:
                return ev.value  # '2027-02-30': the field's own check says what is wrong
        # the C parser's marks are `yaml._yaml.Mark`, which PyYAML's types do not admit on a node
        # (the constructor only prints them in its errors, and those we cut to their first line)
        node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark)  # type: ignore[arg-type]
        try:
            # PyYAML's constructor is untyped; for the tags that reach it (bool, null, a timestamp
            # with a time) it makes a bool, None or a datetime
            made: Yaml = _CONSTRUCTOR.construct_object(node)
            return made
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            if tag == f"{_T}timestamp":
                return ev.value  # '2027-02-30': the field's own check says what is wrong
            self.fail(ev.start_mark, "yaml-syntax", N_("invalid value '%(value)s': %(problem)s", value=ev.value,
                                                      problem=_first_line(exc)))
        return None

    def place(self, value: Yaml, mark: _Position | None, size: int) -> Path_ | None:
        """Attach a finished value to its parent; return its path, or None for a key."""
        self.written += 1
        if self.written > MAX_VALUES:
            self.fail(mark, "yaml-limit", N_("more than %(limit)s values in one file; split it into several files",
                                             limit=f"{MAX_VALUES:,}"))
        if not self.stack:
            self.root = value
            self.marks.values[()] = self.pos(mark)
            return ()
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
        elif not top.has_key:
            if isinstance(value, (dict, list)):
                self.fail(mark, "yaml-syntax", "a mapping key must be a plain value")
            key = _key_text(value)
            if key in top.container:
                first = self.marks.keys.get((*top.path, key), (0, 0))[0]
                self.fail(mark, "duplicate-key", N_("duplicate key '%(key)s' (first defined on line %(first)s); keep only one",
                                                    key=str(key), first=first))
            top.key, top.has_key = key, True
            self.marks.keys[(*top.path, key)] = self.pos(mark)
            top.container[key] = None
            return None
        else:
            path = (*top.path, top.key)
            top.container[top.key] = value
            top.has_key = False
        self.marks.values[path] = self.pos(mark)
        return path

    def start(self, ev: events.CollectionStartEvent, container: dict[str, Yaml] | list[Yaml], allowed: str) -> None:
        if ev.tag not in _NEUTRAL_TAGS and ev.tag != f"{_T}{allowed}":
            self.fail(ev.start_mark, "yaml-tag", N_("YAML tag '%(tag)s' is not allowed; remove it", tag=_short(ev.tag)))
        if len(self.stack) >= MAX_DEPTH:
            self.fail(ev.start_mark, "yaml-limit", N_("nesting deeper than %(depth)s levels", depth=MAX_DEPTH))
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and not top.has_key:
            self.fail(ev.start_mark, "yaml-syntax", "a mapping key must be a plain value")
        path = self.place(container, ev.start_mark, 0)
        self.stack.append(_Frame(container, path or (), anchor=ev.anchor))

    def end(self) -> None:
        frame = self.stack.pop()
        if self.stack:
            self.stack[-1].size += frame.size
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size)

    def feed(self, ev: events.Event) -> None:
        # `type(ev) is …` (which mypy narrows on) rather than isinstance: the event classes are leaves
        if type(ev) is events.ScalarEvent:
            value = self.scalar(ev)
            self.place(value, ev.start_mark, 1)
            if ev.anchor:
                self.anchors[ev.anchor] = (value, 1)
        elif type(ev) is events.MappingStartEvent:
            self.start(ev, {}, "map")
        elif type(ev) is events.SequenceStartEvent:
            self.start(ev, [], "seq")
        elif type(ev) is events.MappingEndEvent or type(ev) is events.SequenceEndEvent:
            self.end()
        elif type(ev) is events.AliasEvent:
            if ev.anchor is None or ev.anchor not in self.anchors:
                self.fail(ev.start_mark, "yaml-syntax", N_("unknown alias '*%(anchor)s'", anchor=ev.anchor))
            value, size = self.anchors[ev.anchor]
            self.aliased += size
            if self.aliased > MAX_ALIASED:
                msg = N_("aliases ('*%(anchor)s') repeat more than %(limit)s values; write the values out",
                         anchor=ev.anchor, limit=f"{MAX_ALIASED:,}")
                self.fail(ev.start_mark, "yaml-limit", msg)
            self.place(value, ev.start_mark, size)
        elif type(ev) is events.DocumentStartEvent and self.root is not None:
            self.fail(ev.start_mark, "yaml-syntax", N_("more than one YAML document; remove the extra '---'"))


def _first_line(exc: BaseException) -> str:
    """PyYAML appends 'in "<unicode string>", line 2' lines; a diagnostic is one line."""
    return str(getattr(exc, "problem", None) or exc).strip().split("\n")[0]


def _short(tag: str | None) -> str:
    return (tag or "").replace(_T, "!!")


def _key_text(value: Yaml) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _decimal(text: str) -> Decimal | str:
    cleaned = text.replace("_", "").lower()
    if cleaned in (".inf", "+.inf"):
        return Decimal("Infinity")
    if cleaned == "-.inf":
        return Decimal("-Infinity")
    if cleaned == ".nan":
        return Decimal("NaN")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the resolver's float forms are all decimals
        return text


def load_yaml(text: str, line_offset: int = 0) -> YamlResult:
    """Parse one YAML document; ``line_offset`` is the file line the text starts after."""
    builder = _Builder(line_offset)
    try:
        loader = _Loader(text)
        try:
            feed, next_event = builder.feed, loader.get_event
            while (ev := next_event()) is not None and type(ev) is not events.StreamEndEvent:
                feed(ev)
        finally:
            loader.dispose()
    except _Stop as stop:
        return YamlResult(None, builder.marks, [stop.problem])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # point at the opening quote, not the end of the file
        line, col = builder.pos(mark) if mark else (line_offset + 1, 1)
        code = "yaml-limit" if "maximum nesting depth" in (exc.problem or "") else "yaml-syntax"
        return YamlResult(None, builder.marks, [YamlProblem(line, col, code, _explain(exc, text))])
    except yaml.reader.ReaderError as exc:  # a control character: located by its offset
        before = text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        msg = N_("invalid YAML: character %(char)s is not allowed (a control character); delete it",
                 char=f"U+{ord(char):04X}")
        return YamlResult(None, builder.marks, [YamlProblem(line, col, "yaml-syntax", msg)])
    except yaml.YAMLError as exc:
        problem = YamlProblem(line_offset + 1, 1, "yaml-syntax", N_("invalid YAML: %(problem)s%(hint)s",
                                                                    problem=_first_line(exc), hint=""))
        return YamlResult(None, builder.marks, [problem])
    return YamlResult(builder.root, builder.marks, [])
