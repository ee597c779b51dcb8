"""Charts as plain Plotly figure dicts with their data tables: plan figures, the campaign timeline, axes."""
