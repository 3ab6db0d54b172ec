"""newscrawl: watch how news articles change after they are published."""

__version__ = "0.1.0"
