"""The app's engine keeps statement parameters (contact details) out of errors and logs."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from wegwijzer.storage.engine import make_engine


def test_a_database_error_does_not_carry_the_parameters(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection, pytest.raises(OperationalError) as caught:
        connection.execute(
            text("UPDATE referrals SET phone = :phone WHERE no_such_column = 1"),
            {"phone": "+31612345678"},
        )
    engine.dispose()
    message = str(caught.value)
    assert "no_such_column" in message
    assert "612345678" not in message
    assert "hidden due to hide_parameters" in message
