"""One module per kind of output: section pages (`sections` with `strategy` and `execution`),
the dashboard, the calendar and its iCalendar files, the history pages, plan.json."""
