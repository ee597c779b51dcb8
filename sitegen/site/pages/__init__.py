"""One module per kind of output: section pages (`sections`, with each kind's context in
`strategy`, `execution` and `quotas`), the dashboard, review, scenarios, calendar and its
iCalendar files (`ics`), history pages, plan.json, the search index and the board pack
(`report`, `report_document`); and what they share: `scope` (the plan-wide facts one build
reads), `reads` (what a context read of them, for `serve`'s cache), `links` (the plan's
cross-links) and `targets` (which page shows each diagnostic)."""
