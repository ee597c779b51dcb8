"""The machinery every page shares: Jinja environment, Markdown, URLs, locale formatting, outputs.

- `environment` the Jinja environment (filters, globals, the sandbox)
- `themes`      where templates and theme files come from (bundled themes, the user's `theme/`)
- `page`        what every page template receives; a template → an `Output`
- `markdown`    prose → safe HTML with Unicode heading anchors
- `urls`        section id → output path; relative, percent-encoded hrefs
- `i18n`        the site's own labels in en / pl / zh (`messages/`)
- `formatter`   Babel money, number, percent and date formatting per locale
- `periods`     period labels (`2027-Q1` → "Q1 2027") in the plan's language
- `components`  plain data the theme's macros display: tables and charts
- `assets`      theme static files and the shared Plotly bundle as outputs
- `parallel`    section pages rendered by forked workers, same bytes as serial
- `output`      one file of the site: bytes at a site-relative path
"""
