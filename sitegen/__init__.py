"""sitegen: sales strategy as code."""

__version__ = "0.1.0"
