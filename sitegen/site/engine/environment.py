"""The Jinja environment: where templates come from and what they can call.

Built once per build, with the loader of `themes` (the user's `theme/`
folder, the named theme, the default theme). Autoescaping is on and undefined variables raise
(`StrictUndefined`): a typo in a template fails the build instead of
publishing an empty cell.

Templates get: `labels` (the site's labels in the plan's language:
`labels['site.menu']`; a lookup, where a call costs Jinja a few microseconds
and every page's layout shows about twenty), `t(key, **params)` (a label with
its placeholders filled in, or one whose key is made from data:
`t('status.' ~ status)` names a missing key), `fmt` (the `Formatter`),
`url(target, fragment=None)` (relative href from the page being rendered,
which must be in the context as `current_path`), and the filters of
`Formatter.filters()` plus `page_path` and `json_script`.

`url` works in macros imported without context too (`{% import "macros.html"
as m %}`): the page being rendered is also kept for the duration of
`render(current_path=...)`. The default theme imports its macros that way, so
Jinja builds the macro module once per build instead of twice per page (an
import `with context` runs the whole macro file again each time).
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable, Iterable, MutableMapping
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from sitegen.diagnostics import Diagnostic, Location, error
from sitegen.site.engine.formatter import Formatter
from sitegen.site.engine.i18n import messages, translator
from sitegen.site.engine.themes import DEFAULT_THEME, template_loader, themes_root
from sitegen.site.engine.urls import page_path, relative_url
from sitegen.site.nav.sidebar import NavCache

__all__ = [
    "ThemeError",
    "build_environment",
    "json_script",
    "render_page_template",
    "theme_problem",
]

HTML_LANG = {"en": "en", "pl": "pl", "zh": "zh-Hans"}  # script subtag picks CJK fonts


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_script(value: Any) -> Markup:
    """JSON safe to embed in `<script type="application/json">`.

    `<`, `>`, `&` and the JS line separators are escaped so prose inside a
    chart title can never close the script element. A `str` is taken as
    JSON text that is already serialized (e.g. from a chart builder).
    """
    text = (
        value
        if isinstance(value, str)
        else json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default
        )
    )
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


_RENDERING: ContextVar[str] = ContextVar("sitegen_current_path")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str, fragment: str | None = None) -> str:
    """Href from the page being rendered (`current_path`) to another site path."""
    current = context.get("current_path")
    return relative_url(_RENDERING.get() if current is None else current, target, fragment)


class ThemeError(Exception):
    """A template failed (a user theme's typo, an unknown variable): located, and
    picklable, so a page worker can hand it to the command that reports it."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic)
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.line_text()


def theme_problem(exc: jinja2.TemplateError) -> Diagnostic:
    """The template file and line a Jinja error comes from, as a diagnostic.

    A syntax error names them; an error while rendering (an undefined
    variable, a missing template) is found in the traceback, whose frames
    Jinja rewrites to template files and lines.
    """
    path, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if path is None:
        frames = traceback.extract_tb(exc.__traceback__)
        inner = [f for f in frames if f.filename.endswith((".html", ".htm", ".xml", ".j2"))]
        if inner:
            path, line = inner[-1].filename, inner[-1].lineno
    shown = _shown_path(path) if path else "theme"
    detail = exc.message.rstrip(".") if isinstance(exc.message, str) and exc.message else type(exc).__name__
    message = (
        f"template error: {detail}; fix the template (or remove it from the theme folder"
        " to use the default one)"
    )
    return error(Location(shown, line or 1, 1), "theme-template", message)


def _shown_path(path: str) -> str:
    """Relative to the working folder when inside it (what the author opens)."""
    try:
        # abspath, not resolve: a template that is a link is named by the link
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def render_page_template(template: jinja2.Template, **context: Any) -> str:
    """`template.render(**context)` for a page of the site, with `root` beside `current_path`:
    the href of the site's root folder from the page (`''`, `'../'`, …; a site path never
    starts with `/`), which the layout writes before the site's own files
    (`{{ root }}assets/sitegen.css`) instead of calling `url()` for each on every page.
    A template error leaves as a located `ThemeError` (what `build` and `serve` report),
    not a traceback."""
    current = context.get("current_path")
    if current is not None:
        context["root"] = "../" * current.count("/")
    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:
        raise ThemeError(theme_problem(exc)) from None


class _PageTemplate(jinja2.Template):
    """Keeps `current_path` while a page renders, for `url` in context-free macros."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        current = kwargs.get("current_path")
        if current is None:
            return super().render(*args, **kwargs)
        token = _RENDERING.set(current)
        try:
            return super().render(*args, **kwargs)
        finally:
            _RENDERING.reset(token)


def _remembered(name: str) -> Callable[..., str]:
    plain = getattr(Formatter, name)

    def method(self: RememberingFormatter, value: object, *args: Any, **kwargs: Any) -> str:
        key = (name, type(value), str(value), args, tuple(sorted(kwargs.items())))
        found = self._memo.get(key)
        if found is None:
            found = plain(self, value, *args, **kwargs)
            if len(self._memo) < 200_000:
                self._memo[key] = found
        return found

    method.__doc__ = plain.__doc__
    return method


class RememberingFormatter(Formatter):
    """A Formatter that formats each (value, options) once per build.

    Babel's pattern formatting is a tenth of a large build, and a plan shows
    the same amounts, counts and dates on many pages. The key holds the
    value's type and text, so `1.0` and `1.00` never share an answer.
    """

    __slots__ = ("_memo",)
    _memo: dict[tuple[Any, ...], str]  # set in __init__: the Formatter is frozen

    def __init__(self, language: str, currency: str):
        super().__init__(language, currency)
        object.__setattr__(self, "_memo", {})

    money = _remembered("money")
    money_compact = _remembered("money_compact")
    number = _remembered("number")
    percent = _remembered("percent")
    date = _remembered("date")
    month_year = _remembered("month_year")


class _SitegenEnvironment(jinja2.Environment):
    """What both of sitegen's environments do differently from Jinja's: templates' globals
    as plain dicts (`make_globals`), and which name of a `select_template` list exists
    is remembered.

    Every page of a kind asks for the same list (`kinds/prose.html`, then
    `page.html`), and Jinja caches found templates but not misses: each page
    searched the theme folders again for the missing name. The chosen name is
    still loaded through `get_template`, so an edited template is reloaded;
    `serve` makes a new environment when a theme file appears or vanishes.
    """

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._chosen: dict[tuple[str | jinja2.Template, ...], str] = {}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict instead of Jinja's `ChainMap` over the environment's:
        Jinja copies and lists them at every render and every `{% import %}`, key by key
        through the ChainMap in Python (~30 µs of the ~130 a section page's template takes).
        The environment's globals are all set before its first template is loaded
        (`build_environment`), as Jinja asks of them."""
        return {**self.globals, **(d or {})}

    def select_template(self, names: Iterable[str | jinja2.Template], parent: str | None = None,
                        globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        key = tuple(names) if isinstance(names, list | tuple) else None
        chosen = self._chosen.get(key) if key is not None else None
        if chosen is not None:
            return self.get_template(chosen, parent, globals)
        template = super().select_template(names, parent, globals)
        if key is not None and template.name is not None:
            self._chosen[key] = template.name
        return template


class _Environment(_SitegenEnvironment, jinja2.Environment):
    """The bundled themes' environment: sitegen's own templates, not sandboxed."""

    template_class = _PageTemplate


class _SandboxedEnvironment(_SitegenEnvironment, SandboxedEnvironment):
    """Jinja's sandbox, for a build whose templates may come from the user's `theme/` folder.

    Templates are presentation: a theme (a `theme/` folder in a pull request is
    built by CI) may read the values it is given and call their public methods,
    never reach Python through `__class__`, `__globals__` or `str.format`
    fields. The sandbox checks each attribute access and call at run time,
    about a tenth of a prose page's rendering: the bundled themes, which are
    sitegen's own code, are rendered without it (benchmarks/README.md).
    """

    template_class = _PageTemplate


# The sandbox compiles calls differently (`environment.call` checks each one), and
# Jinja's cache key holds only the template's name and source: a template compiled
# for one kind of environment must never be loaded by the other (or by an older
# sitegen), hence a name of our own for each kind's cache files.
_CACHE_PATTERNS = {True: "__sitegen_sandboxed_%s.cache", False: "__sitegen_bundled_%s.cache"}


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, like Python's own `.pyc` files.

    Compiling the theme's templates was about a quarter of a second of every
    build. Jinja keys each entry by template file and checks the source's
    checksum, so an edited or overriding template is compiled afresh. The
    cache is a speed-up only: a cache folder that cannot be read or written
    (read-only, full disk, removed meanwhile) means compiling as before.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Jinja's per-user folder under the system temp dir; none when it cannot be made safely."""
    if os.environ.get("SITEGEN_NO_TEMPLATE_CACHE"):
        return None
    try:
        return _QuietBytecodeCache(pattern=_CACHE_PATTERNS[sandboxed])
    except (OSError, RuntimeError):
        return None


def _default_sidebar(env: jinja2.Environment) -> bool:
    """True when the sidebar markup is the default theme's (NavCache may then edit it)."""
    default = themes_root() / DEFAULT_THEME / "templates"
    try:
        assert env.loader is not None
        names = (env.loader.get_source(env, n)[1] for n in ("base.html", "macros.html"))
        return all(name is not None and Path(name).parent == default for name in names)
    except jinja2.TemplateError:
        return False


def build_environment(
    language: str,
    currency: str,
    *,
    theme: str | None = None,
    override_dir: Path | None = None,
    auto_reload: bool = True,
) -> jinja2.Environment:
    """The one Jinja environment of a build (see the module docstring).

    Sandboxed whenever the user's override folder exists: only then can a
    template that is not sitegen's own be loaded (the loader looks there only
    if it existed when the environment was made; `serve` makes a new one
    when a theme file appears).
    """
    user_dir = override_dir if override_dir is not None and override_dir.is_dir() else None
    sandboxed = user_dir is not None  # one answer for both: user templates only in a sandbox
    env = (_SandboxedEnvironment if sandboxed else _Environment)(
        auto_reload=auto_reload,
        loader=template_loader(theme, user_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(sandboxed),
    )
    formatter = RememberingFormatter(language, currency)
    env.filters.update(formatter.filters())
    env.filters["page_path"] = page_path
    env.filters["json_script"] = json_script
    env.globals.update(
        t=translator(language),
        labels=MappingProxyType(messages(language)),
        fmt=formatter,
        url=_url,
        nav_cached=NavCache(enabled=_default_sidebar(env)),
        language=language,
        html_lang=HTML_LANG[language],
    )
    return env
