"""stancemap: a source-cited map of a negotiation, read from news coverage."""

__version__ = "0.1.0"
