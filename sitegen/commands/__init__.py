"""One module per command of the `sitegen` program, at the I/O edge: read, run the pipeline, print, write.

`sitegen.cli` parses the arguments and calls `run(args)` (or `check`/`build`)
of the command's module; the stages they call never print or exit.
"""
