"""Rendering: computed plan → a list of `Output` files (HTML, JSON, ICS, assets).

Rendering never writes to disk; `sitegen.write` does. Submodules:

- `markdown`    prose → safe HTML with Unicode heading anchors
- `urls`        section id → output path; relative, percent-encoded hrefs
- `i18n`        the site's own labels in en / pl / zh
- `formatting`  Babel money, number, percent and date formatting per locale
- `environment` the Jinja environment (theme lookup, filters, globals)
- `navigation`  the sidebar tree built from section source paths
- `assets`      theme static files and the shared Plotly bundle as outputs
"""

from sitegen.site.engine.output import Output

__all__ = ["Output"]
