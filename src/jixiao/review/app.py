"""The review web app: FastAPI routes over :class:`~jixiao.review.service.ReviewService`, server-rendered.

Safety: templates autoescape everything; a Content-Security-Policy allows only our own script and
style files; documents are addressed by report id from the folder's own listing; cross-site form posts
are refused; with a token, every request must carry it (header, or the cookie set from ``?token=``); on
a loopback address the Host header must name that address (:func:`served_hosts`), so a page whose domain
was rebound to 127.0.0.1 gets nothing; every form field is checked (:func:`check_decision_form`) and the
reviewer's name is cleaned (:func:`clean_reviewer`) wherever it comes from.
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
import socket
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlsplit

import jinja2
from fastapi import FastAPI
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import PlainTextResponse
from fastapi.responses import RedirectResponse
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.templating import Jinja2Templates

from jixiao import __version__
from jixiao.errors import ReviewConflictError
from jixiao.errors import ReviewError
from jixiao.review.editing import VALUE_FIELDS
from jixiao.review.editing import InvalidEditError
from jixiao.review.service import SORT_KEYS
from jixiao.review.service import ReviewService
from jixiao.review.service import SortKey
from jixiao.review.store import Action
from jixiao.schema import Provenance

HERE = Path(__file__).parent
TOKEN_COOKIE = "jixiao_token"
REVIEWER_COOKIE = "jixiao_reviewer"
TOKEN_HEADER = "x-jixiao-token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


REVIEWER_CHARS = 64
_FIELD_CHARS = {"path": 300, "action": 10, "version": 9, "comment": 2000, "text": 20_000, "mode": 10}
_PART_CHARS = 200
_PATH = re.compile(r"^[A-Za-z0-9_/]*$")


def served_hosts(host: str) -> list[str] | None:
    """The Host header values a server listening on ``host`` accepts: every name of its address when that
    is a loopback address in any form (``127.0.0.1``, ``127.1``, ``::1``, ``localhost``), plus
    ``localhost``; None (any) when it is not loopback, where the token is what guards it."""
    addresses = _addresses(host)
    if not addresses or not all(a.is_loopback for a in addresses):
        return None
    names = {host.lower().strip("[]"), "localhost", "127.0.0.1", "::1", *(str(a) for a in addresses)}
    return sorted(names | {f"[{n}]" for n in names if ":" in n})


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    if not host.strip():
        return []  # an empty host listens on every interface
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def clean_reviewer(name: str | None) -> str | None:
    """A reviewer's name as stored: control and formatting characters dropped (line breaks, direction
    overrides, zero-width marks), spaces collapsed, at most :data:`REVIEWER_CHARS` characters; None if
    nothing is left."""
    if not name:
        return None
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in name[: 4 * REVIEWER_CHARS])
    cleaned = " ".join(kept.split())[:REVIEWER_CHARS].strip()
    return cleaned or None


def check_decision_form(form: dict[str, str]) -> str | None:
    """Why a decision form is refused (one line), or None: the fields its page sends, each within bounds."""
    for name, value in form.items():
        limit = _FIELD_CHARS.get(
            name, _PART_CHARS if name.startswith("v_") and name[2:] in VALUE_FIELDS else 0
        )
        if limit == 0:
            return f"unknown field {name[:40]!r}"
        if len(value) > limit:
            return f"field {name} longer than {limit} characters"
    if form.get("action") not in ("accept", "edit", "reject"):
        return "action must be accept, edit or reject"
    if not form.get("version", "").isdigit() or not form["version"].isascii():
        return "version must be a whole number"
    if not _PATH.match(form.get("path", "")):
        return "path holds characters no value id has"
    if form.get("mode") not in (None, "parse", "fields"):
        return "mode must be parse or fields"
    return None


def value_id(path: str) -> str:
    """HTML id of a value chip (value ids hold '/', which CSS selectors would need escaped)."""
    return "v-" + (path.replace("/", "-") or "report")


def describe_prov(prov: Provenance | None) -> str:
    """Where a value came from, in words: file, page or line, table cell, characters."""
    if prov is None:
        return "no provenance recorded"
    parts = [prov.file]
    if prov.page is not None:
        parts.append(f"page {prov.page}")
    if prov.line is not None:
        parts.append(f"line {prov.line}")
    if prov.table is not None:
        cell = f"table {prov.table}"
        if prov.row is not None:
            cell += f" row {prov.row}" + (f" col {prov.col}" if prov.col is not None else "")
        parts.append(cell)
    if prov.span is not None:
        parts.append(f"chars {prov.span[0]}–{prov.span[1]}")
    parts.append(prov.method)
    return " · ".join(parts)


def json_display(text: str | None) -> str:
    """A stored JSON value, short: an amount or indicator value by its text as written."""
    if text is None:
        return "∅"
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, dict):
        return str(value.get("raw", value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "∅" if value is None else str(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: document text must never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vid"] = value_id
    env.filters["where"] = describe_prov
    env.filters["jv"] = json_display
    env.globals["version"] = __version__
    env.globals["VALUE_FIELDS"] = VALUE_FIELDS
    return env


def _is_fetch(request: Request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


def _token_ok(request: Request, token: str) -> bool:
    offered = [
        request.headers.get(TOKEN_HEADER),
        request.cookies.get(TOKEN_COOKIE),
        request.query_params.get("token"),
    ]
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        offered.append(auth[7:].strip())
    return any(o is not None and secrets.compare_digest(o.encode(), token.encode()) for o in offered)


def _cross_site(request: Request) -> bool:
    """A state-changing request sent by another site's page (the browser says so in Origin/Sec-Fetch-Site)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != request.headers.get("host", "")
    return request.headers.get("sec-fetch-site") == "cross-site" or origin == "null"


def _safe_next(target: str | None) -> str:
    # Only paths of this app: never an absolute URL or a scheme-relative '//host'.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def create_app(
    out: Path,
    *,
    reviewer: str | None = None,
    token: str | None = None,
    allowed_hosts: list[str] | None = None,
    sources: list[Path] | None = None,
) -> FastAPI:
    """The review app for output folder ``out``.

    Args:
        out: a ``jixiao extract`` output folder; ``out/review.sqlite`` is created on first run.
        reviewer: name recorded with decisions when the browser has not set one.
        token: when given, every request must carry it (``X-Jixiao-Token`` header, ``Authorization:
            Bearer``, or the cookie set by opening any page with ``?token=``).
        allowed_hosts: Host header values accepted (guards a loopback server against DNS rebinding);
            None accepts any.
        sources: folders where the published files (PDF, scans, workbooks) may be found when they are
            no longer where ``jixiao extract`` read them.

    Raises:
        ReviewError: ``out`` is not an output folder, or its review store cannot be opened.
    """
    service = ReviewService(out, sources)
    reviewer = clean_reviewer(reviewer)
    templates = Jinja2Templates(env=_environment())
    app = FastAPI(title="jixiao review", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        response: Response
        if token is not None and not _token_ok(request, token):
            response = PlainTextResponse(
                "401: this review server needs its token — open the link printed when it started "
                "(…/?token=…), or send the X-Jixiao-Token header.",
                status_code=401,
            )
        elif request.method not in ("GET", "HEAD", "OPTIONS") and _cross_site(request):
            response = PlainTextResponse("403: cross-site requests are refused.", status_code=403)
        elif token is not None and request.method == "GET" and "token" in request.query_params:
            # Trade the token in the address for a cookie, and drop it from the address bar and history.
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            query = "&".join(f"{quote(k)}={quote(v)}" for k, v in rest)
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def who(request: Request) -> str:
        # The cookie is the browser's to set: cleaned like the form's name before it is shown or stored.
        name = clean_reviewer(unquote(request.cookies.get(REVIEWER_COOKIE, "")[: 16 * REVIEWER_CHARS]))
        return name or reviewer or "anonymous"

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("message", None)
        context.setdefault("panel", None)
        return templates.TemplateResponse(
            request, name, {"reviewer": who(request), **context}, status_code=status
        )

    def not_found(request: Request, exc: ReviewError) -> HTMLResponse:
        return render(request, "error.html", 404, title="Not found", detail=exc.reason)

    @app.get("/", response_class=HTMLResponse)
    def index(
        request: Request, sort: str = "errors", order: str = "desc", attention: int = 0
    ) -> HTMLResponse:
        key: SortKey = sort if sort in SORT_KEYS else "errors"
        rows = service.list_documents(key, descending=order != "asc", attention_only=bool(attention))
        return render(request, "list.html", rows=rows, sort=key, order=order, attention=bool(attention))

    def document_page(
        request: Request, report_id: str, path: str | None, message: str | None = None, status: int = 200
    ) -> HTMLResponse:
        try:
            page = service.document(report_id)
            panel = service.value_panel(report_id, path) if path else None
        except ReviewError as exc:
            return not_found(request, exc)
        return render(request, "document.html", status, page=page, panel=panel, message=message)

    @app.get("/r/{report_id}", response_class=HTMLResponse)
    def document(request: Request, report_id: str, v: str | None = None) -> HTMLResponse:
        return document_page(request, report_id, v)

    @app.get("/r/{report_id}/value", response_class=HTMLResponse)
    def value(request: Request, report_id: str, path: str) -> HTMLResponse:
        try:
            panel = service.value_panel(report_id, path)
        except ReviewError as exc:
            return render(request, "_inspector_error.html", 404, detail=exc.reason)
        return render(request, "_inspector.html", panel=panel)

    @app.post("/r/{report_id}/decide", response_class=HTMLResponse)
    async def decide(request: Request, report_id: str) -> Response:
        form = {k: str(v) for k, v in (await request.form(max_files=0, max_fields=40)).items()}
        refused = check_decision_form(form)
        if refused is not None:
            return PlainTextResponse(f"400: {refused}", 400)
        path = form.get("path", "")
        chosen: Action = form["action"]  # type: ignore[assignment]
        try:
            service.decide(
                report_id,
                path,
                chosen,
                int(form["version"]),
                who(request),
                comment=form.get("comment"),
                form=form,
            )
        except (ReviewConflictError, InvalidEditError) as exc:
            status = 409 if isinstance(exc, ReviewConflictError) else 422
            message = exc.reason
            if not _is_fetch(request):
                return document_page(request, report_id, path, message=message, status=status)
            try:
                panel = service.value_panel(report_id, path)
            except ReviewError as missing:
                return render(request, "_inspector_error.html", 404, detail=missing.reason)
            return render(request, "_inspector.html", status, panel=panel, message=message)
        except ReviewError as exc:
            if _is_fetch(request):
                return render(request, "_inspector_error.html", 404, detail=exc.reason)
            return not_found(request, exc)
        if not _is_fetch(request):
            target = f"/r/{report_id}?v={quote(path)}#{value_id(path)}"
            return RedirectResponse(target, status_code=303)
        return render(request, "_inspector.html", panel=service.value_panel(report_id, path))

    @app.get("/r/{report_id}/page/{page}.png")
    def page_image(request: Request, report_id: str, page: int) -> Response:
        try:
            png = service.page_image(report_id, page)
        except ReviewError as exc:
            return PlainTextResponse(f"404: {exc.reason}", status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.post("/reviewer")
    async def set_reviewer(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=4)
        name = clean_reviewer(str(form.get("name", "")))
        response = RedirectResponse(_safe_next(str(form.get("next", "/"))[:2000]), status_code=303)
        if name:
            response.set_cookie(REVIEWER_COOKIE, quote(name), samesite="strict", max_age=365 * 86400)
        else:
            response.delete_cookie(REVIEWER_COOKIE)
        return response

    return app
