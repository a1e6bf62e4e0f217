"""reportbot: sourced answers about a body of news reporting."""

__version__ = "0.1.0"
