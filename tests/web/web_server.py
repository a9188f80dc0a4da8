"""A real uvicorn server on loopback for an app, started in a thread, with the options
`calanque serve` gives it (`server_options`: no forwarded header believed by default)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from calanque.web.app import server_options


@contextmanager
def serve_later(lifespan: str = "off") -> Iterator[tuple[Callable[[FastAPI], None], str]]:
    """(start, url): the address is known first, for an app whose settings name it. With
    `lifespan="on"` the app starts as under `calanque serve` (models warmed, races started)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: FastAPI) -> None:
        options = server_options(app.state.engine.settings)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan, **options
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        for _ in range(400):
            if server.started:
                break
            time.sleep(0.05)

    try:
        yield start, f"http://127.0.0.1:{port}"
    finally:
        for server, thread in servers:
            server.should_exit = True
            thread.join(timeout=10)


@contextmanager
def serve(app: FastAPI, lifespan: str = "off") -> Iterator[str]:
    with serve_later(lifespan) as (start, url):
        start(app)
        yield url
