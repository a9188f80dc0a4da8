"""What routes get through FastAPI dependencies: the engine, the page language, the rate limit,
and the page renderer. The app puts the engine and the limiter in `app.state` once; routers read
them here, so no route closes over the app."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from calanque.engine import Engine
from calanque.territory.pack import split_demo_mark
from calanque.web.i18n import UI, ui

HERE = Path(str(resources.files("calanque.web")))
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(engine_of)]


def rate_limit(request: Request) -> None:
    """One question's worth of the client's per-minute allowance (keyed on its network)."""
    address = request.client.host if request.client else "unknown"
    wait = request.app.state.limiter.check(address)
    if wait:
        raise HTTPException(
            429,
            detail="too many questions: try again in a minute",
            headers={"Retry-After": str(int(wait) + 1)},
        )


RateLimited = Depends(rate_limit)


def page_lang(request: Request, engine: EngineDep) -> str:
    """The page's language: `?lang=`, then the cookie the switch set, then the pack's."""
    lang = request.query_params.get("lang") or request.cookies.get("lang") or ""
    return lang if lang in UI else engine.pack.default_language


PageLang = Annotated[str, Depends(page_lang)]


def brand(pack_label: str) -> tuple[str, bool]:
    """The agency's name, and whether the pack marks it as a demo (`One Provence (démo)`): the
    mark is shown in the page's language."""
    return split_demo_mark(pack_label)


def render(
    request: Request, name: str, lang: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page of the site, with what every template reads (texts, pack, brand, examples)."""
    engine: Engine = request.app.state.engine
    brand_name, brand_demo = brand(engine.pack.agency or engine.pack.name)
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "t": ui(lang),
            "lang": lang,
            "pack": engine.pack,
            "brand": brand_name,
            "brand_demo": brand_demo,
            "examples": engine.pack.examples.get(lang, [])[:6],
            "max_chars": engine.settings.max_question_chars,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in UI:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return response
