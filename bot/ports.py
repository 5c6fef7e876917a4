"""Free loopback ports that stay free until the server we start binds them.

Binding port 0 and closing the socket leaves a window in which any other process
asking for a free port may get the same one. Instead we end a real connection on
the port, which leaves it in TIME_WAIT for about a minute: the kernel then hands
it to nobody who asks for "any free port" or binds it plainly, while our servers
(uvicorn, Rasa's Sanic, PostgreSQL, Redis, aiosmtpd) bind with SO_REUSEADDR and
may take it.
"""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1, held in TIME_WAIT for a server that binds with SO_REUSEADDR."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port: int = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            # The side that closes first keeps the TIME_WAIT: ours, on `port`.
            accepted.close()
            client.recv(1)
    return port
