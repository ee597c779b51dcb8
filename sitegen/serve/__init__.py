"""The live preview's machinery: watching the plan folder, rebuilding, serving with reload.

`sitegen serve` itself (the command) is `sitegen.commands.serve`.
"""
