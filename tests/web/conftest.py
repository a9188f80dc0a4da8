"""A real uvicorn server on loopback, serving the synthetic pack's index."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.engine import Engine
from calanque.web.app import create_app


@pytest.fixture(scope="session")
def web_app(built_engine: Engine) -> FastAPI:
    return create_app(built_engine)


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    web_app.state.limiter.per_minute = 1000
    with TestClient(web_app) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(web_app: FastAPI) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
