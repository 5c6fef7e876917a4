"""Under CI=true a test that cannot run fails; elsewhere it skips and says why.

CI must never go green on tests that did not run: a missing server or package is
a broken set-up there, not a reason to leave PostgreSQL or Redis untested.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

CI_RULE = "CI=true: a missing dependency fails the run instead of skipping it"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with `reason`; under CI=true fail with it instead."""
    if in_ci():
        pytest.fail(f"{reason} ({CI_RULE})", pytrace=False)
    pytest.skip(reason)
