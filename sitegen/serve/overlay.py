"""The error overlay: the plan's diagnostics drawn over the last good page (serve only).

Pure: diagnostics in, an HTML fragment out. It carries its own scoped styles
(the theme knows nothing about it) and is dismissable; the live-reload client
swaps it in place when the errors change and reloads once they are fixed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from urllib.parse import quote

from sitegen.diagnostics import Diagnostic, count_summary
from sitegen.translation import N_

__all__ = ["OVERLAY_ID", "overlay_html"]

OVERLAY_ID = "sitegen-overlay"

_STYLE = """<style>
#sitegen-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.92);
color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem}
#sitegen-overlay .sg-o-box{max-width:60rem;margin:0 auto}
#sitegen-overlay h2{font:600 1.25rem/1.3 system-ui,sans-serif;margin:0 0 .5rem;color:#fca5a5}
#sitegen-overlay p{margin:.25rem 0 1rem;color:#d4d4d8;font-family:system-ui,sans-serif}
#sitegen-overlay ul{list-style:none;margin:0;padding:0}
#sitegen-overlay li{padding:.5rem .75rem;margin:.25rem 0;border-left:4px solid #ef4444;background:#27272a}
#sitegen-overlay li.warning{border-color:#f59e0b}
#sitegen-overlay a{color:#93c5fd}
#sitegen-overlay .sg-o-sev{font-weight:700;text-transform:uppercase;font-size:.8em;margin-right:.5em}
#sitegen-overlay button{float:right;font:inherit;background:#3f3f46;color:#fff;border:0;padding:.25rem .75rem;cursor:pointer}
</style>"""


SEVERITY = {"error": N_("error"), "warning": N_("warning")}


def _item(diag: Diagnostic, links: Mapping[str, str], language: str) -> str:
    where = escape(f"{diag.path}:{diag.line}:{diag.column}")
    page = links.get(diag.path)
    if page:
        href = "/" + quote(page)
        where = f'<a href="{escape(href)}">{where}</a>'
    return (
        f'<li class="{escape(diag.severity)}"><span class="sg-o-sev">{escape(SEVERITY[diag.severity].text(language))}</span>'
        f"{where}: {escape(diag.text(language))} <code>[{escape(diag.code)}]</code></li>"
    )


def overlay_html(
    diagnostics: Sequence[Diagnostic], links: Mapping[str, str] | None = None, files: int = 0,
    language: str = "en",
) -> str:
    """The overlay listing every diagnostic, errors first, in the plan's ``language``;
    links go to the section's page."""
    links = links or {}
    ordered = sorted(diagnostics, key=lambda d: (d.severity != "error", d.sort_key()))
    items = "\n".join(_item(d, links, language) for d in ordered)
    summary = escape(count_summary(list(diagnostics), files, language)) if files else ""
    dismiss = N_("Dismiss").text(language)
    title = N_("The plan has errors — showing the last good site").text(language)
    advice = N_("Fix the files below and save; this page reloads by itself.").text(language)
    return (
        f'<div id="{OVERLAY_ID}" role="alertdialog" aria-modal="false" aria-labelledby="sitegen-overlay-title"'
        f' lang="{escape(language)}">{_STYLE}<div class="sg-o-box">'
        f'<button type="button" data-sitegen-dismiss>{escape(dismiss)}</button>'
        f'<h2 id="sitegen-overlay-title">{escape(title)}</h2>'
        f"<p>{escape(advice)} {summary}</p>"
        f"<ul>\n{items}\n</ul></div></div>"
    )
