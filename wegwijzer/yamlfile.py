"""YAML for content files: PyYAML's C parser (libyaml) when it is there.

Every app start reads the catalogue, the practice cases and the partners file
(about 60 files); the pure-Python parser spends most of a start on them. The C
parser reads the same safe subset and raises the same `yaml.YAMLError`s.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def safe_load(text: str) -> Any:
    """Like `yaml.safe_load`, faster."""
    return yaml.load(text, Loader=SafeLoader)
