"""A real uvicorn server on loopback, serving the synthetic pack's index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_server import serve

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
    with serve(web_app) as url:
        yield url
