"""The working-day calendar lives in `sitegen.model.workdays` (validation needs it too, §7);
this name stays for the compute modules and tests that import it from here."""

from sitegen.model.workdays import Calendar

__all__ = ["Calendar"]
