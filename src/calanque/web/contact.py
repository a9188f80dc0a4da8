"""The site's contact form: a visitor who wants the agency to contact them says so explicitly
(an unticked consent box is refused: nothing is kept), and gets a link that erases it all."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from calanque.console.audience import AUDIENCES
from calanque.console.prospects import ContactError
from calanque.web.deps import PageLang, RateLimited, render

router = APIRouter(include_in_schema=False)
PAGE = ["GET", "HEAD"]


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:2000] for k, v in form.items() if isinstance(v, str)}


@router.api_route("/contact", methods=PAGE, response_class=HTMLResponse)
def contact_page(request: Request, lang: PageLang, c: str = "") -> HTMLResponse:
    return render(
        request, "contact.html", lang, conversation=c[:64], audiences=AUDIENCES, form={}, error=""
    )


@router.post("/contact", response_class=HTMLResponse, dependencies=[RateLimited])
async def contact(request: Request, lang: PageLang) -> HTMLResponse:
    form = await _fields(request)
    try:
        token = request.app.state.console.prospects.opt_in(
            form.get("email", ""),
            consent=form.get("consent") == "yes",
            name=form.get("name", ""),
            audience=form.get("audience", ""),
            message=form.get("message", ""),
            lang=lang,
            conversation_id=form.get("conversation_id", ""),
        )
    except ContactError as exc:
        return render(
            request,
            "contact.html",
            lang,
            422,
            conversation=form.get("conversation_id", ""),
            audiences=AUDIENCES,
            form=form,
            error=str(exc),
        )
    withdraw = str(request.url_for("withdraw_page", token=token))
    return render(request, "contact_done.html", lang, withdraw=withdraw)


@router.api_route("/contact/withdraw/{token}", methods=PAGE, response_class=HTMLResponse)
def withdraw_page(request: Request, lang: PageLang, token: str) -> HTMLResponse:
    return render(request, "contact_withdraw.html", lang, token=token[:100], done=False)


@router.post("/contact/withdraw/{token}", response_class=HTMLResponse, dependencies=[RateLimited])
def withdraw(request: Request, lang: PageLang, token: str) -> HTMLResponse:
    erased = request.app.state.console.prospects.withdraw(token)
    return render(
        request,
        "contact_withdraw.html",
        lang,
        200 if erased else 404,
        token="",
        done=True,
        erased=erased,
    )
