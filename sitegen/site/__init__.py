"""Rendering, pure: an analysed plan, its history and its comparison → the site's files.

`build.build_site` is the one way pages are made; it yields `Output`s (bytes at
a site path) and writes nothing (`sitegen.write` does). Its parts:

- `engine/`  what every page shares: the Jinja environment, themes, Markdown,
             URLs, locale formatting, outputs, forked page workers
- `nav/`     the sidebar: its tree, its pruned copies, its HTML per shape
- `charts/`  Plotly figures as plain dicts
- `pages/`   one module per kind of output
- `inputs`   what rendering reads of an analysis (protocols)
- `cache`    `RenderCache`: what `serve` keeps between saves
"""
