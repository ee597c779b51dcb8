"""`python -m sitegen` is the same program as the `sitegen` script."""

from sitegen.cli import run

run()
