"""The catalogue: the one source of truth for topics, providers, links and branches."""

from wegwijzer.catalogue.loader import DEFAULT_CATALOGUE_DIR, load_catalogue
from wegwijzer.catalogue.models import (
    Branch,
    Catalogue,
    Link,
    Provider,
    Task,
    TaskGuidance,
    Topic,
)

__all__ = [
    "DEFAULT_CATALOGUE_DIR",
    "Branch",
    "Catalogue",
    "Link",
    "Provider",
    "Task",
    "TaskGuidance",
    "Topic",
    "load_catalogue",
]
