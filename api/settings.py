"""The app's settings live in the core (wegwijzer/config.py); re-exported for the adapters."""

from wegwijzer.config import Settings, get_settings

__all__ = ["Settings", "get_settings"]
