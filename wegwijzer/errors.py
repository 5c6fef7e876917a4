"""One exception hierarchy, so adapters can map failures to clear responses."""

from __future__ import annotations


class WegwijzerError(Exception):
    """Base class of every error Wegwijzer raises on purpose."""


class CatalogueError(WegwijzerError):
    """The catalogue files are missing, malformed or break a content rule."""


class UnknownTopicError(WegwijzerError):
    """A topic id that the catalogue does not hold."""


class UnknownBranchError(WegwijzerError):
    """A library branch id that the catalogue does not hold."""


class EngineUnavailableError(WegwijzerError):
    """The Rasa engine did not answer (down, loading, or timed out)."""
