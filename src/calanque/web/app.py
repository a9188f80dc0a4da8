"""The FastAPI application: middleware, background tasks, and the routers of each concern.

Pages (`pages`), the JSON/SSE API (`api`) and the OpenAI-compatible endpoint (`openai_compat`)
get the engine and the rate limiter through `deps`; everything the site says about the territory
comes from the engine, everything it says about itself from `i18n`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from calanque import __version__
from calanque.answer.answerer import QuestionError
from calanque.config import Settings
from calanque.engine import Engine
from calanque.web import api, pages, players_api, race_pages
from calanque.web.console import mount as mount_console
from calanque.web.contact import router as contact_router
from calanque.web.deps import HERE
from calanque.web.openai_compat import router as openai_router
from calanque.web.race_api import router as race_router
from calanque.web.ratelimit import make_limiter
from calanque.web.safety import MAX_BODY_BYTES, BodyLimit, invalid, validation_error

__all__ = ["MAX_BODY_BYTES", "create_app", "server_options"]


class SecurityHeaders:
    """The CSP and its companions on every response, as plain ASGI: the `@app.middleware`
    form (BaseHTTPMiddleware) wraps every response in a task group and a stream, and a
    profile of 400 players showed it among the event loop's largest costs (server-sent
    events pass through it for as long as they last)."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app, self.origins = app, origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        embedded = path == "/embed" or path.startswith("/embed/")
        framers = " ".join(["'self'", *self.origins]) if embedded else "'none'"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault(
                    "Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; "
                    "img-src 'self' data:; connect-src 'self'; "
                    f"frame-ancestors {framers}; base-uri 'none'; form-action 'self'",
                )
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn options for `calanque serve`. uvicorn believes `X-Forwarded-For` from 127.0.0.1 by
    default, so any local client (or a proxy that passes the header through) could pick the
    address the rate limit keys on; it is believed only from the proxies `trusted_proxies` names."""
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(proxies)}


def create_app(
    engine: Engine | None = None, *, crawl_every: float = 0.0, race_demo: bool = False
) -> FastAPI:
    """The site over `engine`; `crawl_every` > 0 refreshes due web sources in the background;
    `race_demo` runs the accelerated demo race (with the races of the `race_file` setting)."""
    engine = engine or Engine()
    settings = engine.settings

    def purge() -> None:
        """Retention: conversations untouched for `retention_days` are deleted."""
        engine.conversations.purge(settings.retention_days)

    async def purge_daily(stop: asyncio.Event) -> None:
        while not stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=86_400)
            await asyncio.to_thread(purge)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        await asyncio.to_thread(purge)  # before the first request is served
        # Models and search structures load once, before the first request: concurrent first
        # questions must not each load them.
        await asyncio.to_thread(engine.warm)
        tasks = [asyncio.create_task(purge_daily(stop))]
        app.state.crawler_task = None
        if crawl_every > 0:
            from calanque.crawl.scheduler import schedule

            app.state.crawler_task = asyncio.create_task(
                schedule(engine, stop, interval=crawl_every)
            )
            tasks.append(app.state.crawler_task)
        yield
        stop.set()
        for task in tasks:
            task.cancel()  # the crawl state resumes an interrupted crawl at the next start
            with suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        title="Calanque",
        version=__version__,
        description="Questions about a territory, answered from cited regional sources.",
        lifespan=lifespan,
        # The default pages load Swagger UI and ReDoc from a CDN with an inline script, which
        # the site's CSP blocks: /docs is served from vendored files instead (`pages.docs`).
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error)
    app.state.engine = engine
    app.state.limiter = make_limiter(engine.database, settings.rate_limit_per_minute)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    origins = settings.allowed_origins
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
        )

    # The agency's console; a logged-in member of staff may send larger uploads.
    staff_uploads = mount_console(app)
    # Counted as it arrives: a chunked upload announces no length.
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES, wider=staff_uploads)

    app.add_middleware(SecurityHeaders, origins=origins)

    @app.exception_handler(QuestionError)
    async def question_error(request: Request, exc: QuestionError) -> JSONResponse:
        error = invalid(str(exc), "body", "question")
        return JSONResponse({"detail": error.detail}, status_code=422)

    app.include_router(pages.router)
    app.include_router(api.router)
    app.state.race_demo = race_demo
    app.include_router(openai_router)
    app.include_router(race_router)
    app.include_router(contact_router)
    app.include_router(race_pages.api)
    app.include_router(race_pages.pages)
    app.include_router(players_api.router)
    app.include_router(players_api.claims)
    app.include_router(players_api.pages)
    return app
