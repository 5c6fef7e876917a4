"""free_port(): a port nobody else gets until our server binds it."""

from __future__ import annotations

import errno
import socket

import pytest

from bot.ports import free_port


def test_a_free_port_is_kept_from_plain_binds_but_open_to_our_servers() -> None:
    port = free_port()
    # Anyone else (another test run, a plain bind, "any free port") is refused...
    with socket.socket() as other, pytest.raises(OSError, match="in use") as refused:
        other.bind(("127.0.0.1", port))
    assert refused.value.errno == errno.EADDRINUSE
    # ...while a server that binds with SO_REUSEADDR, as ours all do, may listen on it.
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen(1)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            accepted, _ = server.accept()
            accepted.close()


def test_two_calls_give_two_ports() -> None:
    assert len({free_port() for _ in range(20)}) == 20
