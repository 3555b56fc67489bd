"""Starting real servers (gunicorn, redis-server) on this machine for a test."""

import socket
import time


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, seconds: float = 30) -> None:
    """Return once something accepts connections on the port, or when the time is up (the
    test's own request then fails with the reason)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
