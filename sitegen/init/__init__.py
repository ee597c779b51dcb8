"""`sitegen init`'s skeletons and how they are written; the command is `sitegen.commands.init`."""
