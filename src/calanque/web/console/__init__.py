"""The agency's console at `/console`: staff only, in French by default with the English switch.

`mount(app)` adds its routers to the site and returns what the body limit needs to let a member
of staff send larger uploads. Routes are thin: `calanque.console` does the work.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response
from starlette.types import Scope

from calanque.console.service import ConsoleService
from calanque.web.console.auth import NotLoggedIn, upload_limit
from calanque.web.ratelimit import DatabaseRateLimiter

LOGIN_ATTEMPTS_PER_MINUTE = 10


def mount(app: FastAPI) -> Callable[[Scope], int | None]:
    # race_pages adds its routes to pages' routers: imported before they are included.
    from calanque.web.console import api, pages, race_pages  # noqa: F401

    engine = app.state.engine
    console = ConsoleService(engine)
    app.state.console = console
    # Per address, counted in the database: every worker (and process) serving the console
    # shares the count, as they share the per-account lock-out.
    app.state.login_limiter = DatabaseRateLimiter(
        engine.database, LOGIN_ATTEMPTS_PER_MINUTE, scope="console-login"
    )
    app.include_router(pages.public)
    app.include_router(pages.router)
    app.include_router(pages.admin)
    app.include_router(api.router)
    app.include_router(api.admin)

    async def not_logged_in(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/console/api/"):
            return JSONResponse({"detail": "log in to the console first"}, status_code=401)
        return RedirectResponse("/console/login", status_code=303)

    app.add_exception_handler(NotLoggedIn, not_logged_in)
    return upload_limit(console, int(engine.settings.console_upload_mb * 1_000_000))
