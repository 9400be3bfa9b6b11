"""The web layer: routes, checks and templates over `stancemap.serve.views`.

Pages are rendered on the server; the few scripts in `static/app.js` only add comfort
(submit the date on change), so every page works without JavaScript."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware.trustedhost import TrustedHostMiddleware

from stancemap import __version__
from stancemap.forecast.analyst import FIELDS as EDIT_FIELDS
from stancemap.forecast.analyst import changes_from_form, reset_changes
from stancemap.report.timeline import ACTION_COLOURS
from stancemap.scenario import Scenario
from stancemap.serve import schemas, views
from stancemap.serve.forecasts import ForecastCache
from stancemap.serve.security import (
    AUTH_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    Security,
    WriteRefused,
    new_session_id,
    safe_next,
)
from stancemap.serve.snapshot import SnapshotCache
from stancemap.serve.uploads import MAX_UPLOAD_BYTES, ingest_link, ingest_upload
from stancemap.store import Store
from stancemap.store.forecast_edits import (
    ForecastEditError,
    add_forecast_edit,
    add_forecast_edits,
)
from stancemap.store.reviews import EDITABLE_FIELDS, ReviewError, add_review

REVIEWER_COOKIE = "stancemap_reviewer"
# Multipart framing around a 5 MB file; anything larger is refused before it is parsed.
_UPLOAD_SLACK = 64 * 1024
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

GroupsProvider = Callable[[Store], views.Groups | None]


class ReviewIn(BaseModel):
    decision: str = Field(description="confirm, reject or edit")
    reviewer: str = Field(description="who reviews (kept in the audit trail)")
    changes: dict[str, Any] = Field(
        default_factory=dict,
        description=f"for edit: new values of {', '.join(EDITABLE_FIELDS)}")
    note: str = ""


class UrlIn(BaseModel):
    url: str


class ForecastEditIn(BaseModel):
    party: str
    field: str = Field(description=f"one of {', '.join(EDIT_FIELDS)}")
    value: float | None = Field(None, description="the analyst's number; null keeps the "
                                                  "suggested value (set only the spread)")
    spread: float | None = Field(None, description="standard deviation for the Monte Carlo; "
                                                   "null: the default")
    analyst: str = Field(description="who sets it (kept in the trail)")
    note: str = ""


class BadInput(ValueError):
    """A query parameter that a page cannot use; shown on an error page, status 422."""


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"as_of: not a YYYY-MM-DD date: {value[:40]!r}") from None


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("stancemap.serve", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.globals["colours"] = ACTION_COLOURS
    env.globals["version"] = __version__
    return env


def create_app(
    store: Store,
    scenario: Scenario,
    *,
    token: str | None = None,
    require_token: bool = False,
    allowed_hosts: list[str] | None = None,
    groups: GroupsProvider | None = None,
    allow_local_urls: bool = False,
) -> FastAPI:
    """The dashboard over one store. `require_token` (set when listening beyond loopback)
    makes every write need `token`; `allowed_hosts` refuses other Host headers, which stops
    DNS-rebinding pages from talking to a loopback server."""
    if require_token and not token:
        raise ValueError("require_token needs a token")
    security = Security(token=token, require_token=require_token)
    env = _environment()
    snapshots = SnapshotCache(store)
    forecasts = ForecastCache(store, scenario)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Read the statements before the first visitor asks, not while they wait.
        await run_in_threadpool(snapshots.get)
        yield

    app = FastAPI(title="stancemap", version=__version__, lifespan=lifespan,
                  description="Who demanded, offered, rejected, accepted or proposed what: "
                              "the map, timelines, evidence and reviews of one store.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    static_dir = resources.files("stancemap.serve") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    def current_groups() -> views.Groups | None:
        return groups(store) if groups is not None else None

    def dashboard() -> views.Dashboard:
        return views.Dashboard(store, scenario, current_groups(), snapshot=snapshots.get())

    def forecast_issue(issue: str) -> dict[str, Any]:
        suggested, forecast = forecasts.get(snapshots.get())
        return views.forecast_issue(store, scenario, suggested, forecast, issue)

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next: Any) -> Response:
        session = request.cookies.get(SESSION_COOKIE)
        fresh = session is None or len(session) > 64
        request.state.session = new_session_id() if fresh else session
        response: Response = await call_next(request)
        if fresh:
            # Lax, not Strict: a link followed from elsewhere must keep the session (and
            # the forms open in other tabs); browsers still withhold it on cross-site POSTs.
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True,
                                samesite="lax", secure=request.url.scheme == "https")
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return page(request, "error.html.j2", {"message": str(exc)}, status=404)

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, exc: BadInput) -> Response:
        return page(request, "error.html.j2", {"message": str(exc)}, status=422)

    @app.exception_handler(WriteRefused)
    async def refused(request: Request, exc: WriteRefused) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        return page(request, "error.html.j2", {"message": exc.message}, status=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return page(request, "error.html.j2",
                    {"message": f"bad request: {where}: {first.get('msg', '')}"}, status=422)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200
             ) -> HTMLResponse:
        session = getattr(request.state, "session", "")
        html = env.get_template(name).render(
            request_path=request.url.path,
            request_query=request.url.query,
            csrf_field=CSRF_FIELD,
            csrf=security.csrf_token(session),
            reviewer=unquote(request.cookies.get(REVIEWER_COOKIE, "")),
            require_token=security.require_token,
            signed_in=security.signed_in(request),
            scenario=scenario,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    async def form_write(request: Request, *, need_auth: bool = True) -> dict[str, Any]:
        form = await request.form(max_files=0, max_fields=20)
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        security.check_write(request, values.get(CSRF_FIELD), need_auth=need_auth)
        return values

    # -- pages ----------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, as_of: str | None = None) -> HTMLResponse:
        data = dashboard().map(_parse_day(as_of))
        return page(request, "map.html.j2", {"m": data})

    @app.get("/cell/{party}/{issue}", response_class=HTMLResponse, include_in_schema=False)
    def cell_page(request: Request, party: str, issue: str,
                  as_of: str | None = None) -> HTMLResponse:
        data = dashboard().cell(party, issue, _parse_day(as_of))
        return page(request, "cell.html.j2", {"c": data})

    @app.get("/issue/{issue}", response_class=HTMLResponse, include_in_schema=False)
    def issue_page(request: Request, issue: str, party: str | None = None,
                   page_number: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        data = dashboard().issue(issue, party=party or None, page=page_number)
        return page(request, "issue.html.j2",
                    {"i": data, "timeline": Markup(data["timeline_svg"])})

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_list(request: Request,
                      page_number: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        data = views.articles_page(store, page=page_number)
        return page(request, "articles.html.j2", {"a": data, "events": None})

    @app.post("/articles", response_class=HTMLResponse, include_in_schema=False)
    async def add_articles_form(request: Request) -> HTMLResponse:
        events = await receive_articles(request)
        data = views.articles_page(store)
        ok = any(e["status"] in ("added", "duplicate") for e in events)
        return page(request, "articles.html.j2", {"a": data, "events": events},
                    status=200 if ok else 400)

    @app.get("/articles/{doc:path}/statements/{fingerprint}", response_class=HTMLResponse,
             include_in_schema=False)
    def statement_page(request: Request, doc: str, fingerprint: str) -> HTMLResponse:
        data = views.statement_detail(store, doc, fingerprint)
        return page(request, "statement.html.j2", {"s": data, "error": None})

    @app.post("/articles/{doc:path}/statements/{fingerprint}/review",
              include_in_schema=False)
    async def review_form(request: Request, doc: str, fingerprint: str) -> Response:
        values = await form_write(request)
        entry = views.find_statement(store, doc, fingerprint)
        decision = values.get("decision", "")
        changes: dict[str, Any] = {}
        if decision == "edit":
            current = entry.statement
            for name in EDITABLE_FIELDS:
                if name not in values:
                    continue
                now = getattr(current, name)
                now_text = now.isoformat() if isinstance(now, date) else (now or "")
                if values[name].strip() != now_text:
                    changes[name] = values[name]
        reviewer = values.get("reviewer", "")
        try:
            add_review(store, entry.original, decision, reviewer, changes=changes,
                       note=values.get("note", ""), scenario=scenario)
        except ReviewError as exc:
            data = views.statement_detail(store, doc, fingerprint)
            return page(request, "statement.html.j2", {"s": data, "error": str(exc)},
                        status=400)
        default = f"/articles/{quote(doc, safe='')}/statements/{fingerprint}"
        response = RedirectResponse(safe_next(values.get("next"), default), status_code=303)
        response.set_cookie(REVIEWER_COOKIE, quote(reviewer.strip()[:100]),
                            samesite="strict", max_age=365 * 86400)
        return response

    @app.get("/articles/{doc:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, doc: str) -> HTMLResponse:
        data = views.article_page(store, doc, current_groups())
        return page(request, "article.html.j2", {"a": data})

    @app.get("/reviews", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request,
                   page_number: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        return page(request, "reviews.html.j2",
                    {"r": views.audit_page(store, page=page_number)})

    @app.get("/forecast", response_class=HTMLResponse, include_in_schema=False)
    def forecast_page(request: Request) -> HTMLResponse:
        _, forecast = forecasts.get(snapshots.get())
        return page(request, "forecast.html.j2", {"f": views.forecast_index(scenario, forecast)})

    @app.get("/forecast/{issue}", response_class=HTMLResponse, include_in_schema=False)
    def forecast_issue_page(request: Request, issue: str) -> HTMLResponse:
        return page(request, "forecast_issue.html.j2", {"f": forecast_issue(issue),
                                                        "error": None})

    @app.post("/forecast/{issue}/numbers", include_in_schema=False)
    async def forecast_numbers_form(request: Request, issue: str) -> Response:
        # One form holds every party's numbers (a row each); the button pressed names the
        # party whose row is saved or reset, so the form has more fields than the others.
        form = await request.form(max_files=0, max_fields=400)
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        security.check_write(request, values.get(CSRF_FIELD))
        data = await run_in_threadpool(forecast_issue, issue)
        party = values.get("party") or values.get("reset") or ""
        row = next((r for r in data["numbers"] if r["party"] == party), None)
        analyst = values.get("analyst", "")
        try:
            if row is None:
                raise ForecastEditError(f"party: '{party[:40]}' is not a party of this issue")
            prefix = f"{party}:"
            if values.get("reset"):
                changes = reset_changes(row)
            else:
                changes = changes_from_form(row, {k[len(prefix):]: v for k, v in values.items()
                                                  if k.startswith(prefix)})
            if changes:
                await run_in_threadpool(add_forecast_edits, store, issue, party, changes,
                                        analyst, note=values.get("note", ""), scenario=scenario)
        except (ForecastEditError, ValueError) as exc:
            return page(request, "forecast_issue.html.j2", {"f": data, "error": str(exc)},
                        status=400)
        response = RedirectResponse(f"/forecast/{quote(issue, safe='')}#party-{party}",
                                    status_code=303)
        if analyst.strip():
            response.set_cookie(REVIEWER_COOKIE, quote(analyst.strip()[:100]),
                                samesite="strict", max_age=365 * 86400)
        return response

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        # A readable index built from the schema: FastAPI's Swagger UI would load its
        # scripts from a CDN, which this dashboard never does.
        endpoints = []
        for path, methods in app.openapi()["paths"].items():
            for method, op in methods.items():
                doc = (op.get("description") or op.get("summary") or "").strip()
                endpoints.append({
                    "method": method.upper(), "path": path,
                    "summary": doc.split("\n\n")[0].replace("\n", " "),
                    "params": [p["name"] for p in op.get("parameters", [])],
                })
        return page(request, "api.html.j2", {"endpoints": endpoints})

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str | None = None) -> HTMLResponse:
        return page(request, "login.html.j2", {"next": safe_next(next), "error": None})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        values = await form_write(request, need_auth=False)
        if not security.token_matches(values.get("token", "")):
            return page(request, "login.html.j2",
                        {"next": safe_next(values.get("next")), "error": "wrong token"},
                        status=401)
        response = RedirectResponse(safe_next(values.get("next")), status_code=303)
        response.set_cookie(AUTH_COOKIE, security.auth_cookie(), httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
        return response

    # -- writes shared by the page and the API -------------------------------------------

    async def receive_articles(request: Request) -> list[dict[str, Any]]:
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            raise WriteRefused(411, "uploads need a Content-Length")
        if int(length) > MAX_UPLOAD_BYTES + _UPLOAD_SLACK:
            raise WriteRefused(413, f"upload over the {MAX_UPLOAD_BYTES // 2**20} MB limit")
        content_type = request.headers.get("content-type", "")
        url: str | None
        upload: UploadFile | None
        if content_type.startswith("application/json"):
            security.check_write(request, None)
            try:
                body = UrlIn.model_validate_json(await request.body())
            except ValueError:
                raise WriteRefused(422, "expected {\"url\": \"https://...\"}") from None
            url, upload = body.url, None
        else:
            form = await request.form(max_files=1, max_fields=10)
            token = form.get(CSRF_FIELD)
            security.check_write(request, token if isinstance(token, str) else None)
            raw_url = form.get("url")
            url = raw_url if isinstance(raw_url, str) and raw_url.strip() else None
            file = form.get("file")
            upload = file if isinstance(file, UploadFile) and file.filename else None
        if upload is not None:
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
            name = upload.filename or "upload"
            events = await run_in_threadpool(ingest_upload, store, name, data)
        elif url:
            events = await run_in_threadpool(ingest_link, store, url,
                                             allow_local=allow_local_urls)
        else:
            raise WriteRefused(422, "choose a file to upload or paste a URL")
        return [{"status": e.status, "source": e.source, "article_id": e.article_id,
                 "detail": e.detail, "language": e.language} for e in events]

    # -- JSON API -------------------------------------------------------------------

    @app.get("/api/scenario", tags=["scenario"], response_model=schemas.ScenarioOut)
    def api_scenario() -> dict[str, Any]:
        return {"name": scenario.name, "description": scenario.description,
                "parties": {k: p.name for k, p in scenario.parties.items()},
                "issues": {k: i.description for k, i in scenario.issues.items()},
                "actions": {k: a.description for k, a in scenario.actions.items()},
                "colours": ACTION_COLOURS}

    @app.get("/api/map", tags=["map"], response_model=schemas.MapOut)
    def api_map(as_of: date | None = None) -> dict[str, Any]:
        """Parties x issues: the latest stance of each party on each issue, reviews applied."""
        return dashboard().map(as_of)

    @app.get("/api/cells/{party}/{issue}", tags=["map"], response_model=schemas.CellPageOut)
    def api_cell(party: str, issue: str, as_of: date | None = None) -> dict[str, Any]:
        """One cell of the map with every statement behind it, newest first."""
        return dashboard().cell(party, issue, as_of)

    @app.get("/api/issues/{issue}", tags=["issues"], response_model=schemas.IssuePageOut)
    def api_issue(issue: str, party: str | None = None, page: int = Query(1, ge=1),
                  per_page: int = Query(views.DEFAULT_PER_PAGE, ge=1, le=views.MAX_PER_PAGE)
                  ) -> dict[str, Any]:
        """Every statement on one issue, oldest first, paginated; the timeline as SVG."""
        return dashboard().issue(issue, party=party, page=page, per_page=per_page)

    @app.get("/api/articles", tags=["articles"], response_model=schemas.ArticlesOut)
    def api_articles(page: int = Query(1, ge=1),
                     per_page: int = Query(views.DEFAULT_PER_PAGE, ge=1,
                                           le=views.MAX_PER_PAGE)) -> dict[str, Any]:
        return views.articles_page(store, page=page, per_page=per_page)

    @app.post("/api/articles", tags=["articles"], response_model=schemas.EventsOut,
              responses={400: {"model": schemas.EventsOut,
                               "description": "nothing could be stored"}})
    async def api_add_articles(request: Request) -> JSONResponse:
        """Add articles: multipart with `file` (.txt, .html, .jsonl; at most 5 MB) or `url`,
        or JSON {"url": ...}. One event per article: added, duplicate, conflict or error."""
        events = await receive_articles(request)
        ok = any(e["status"] in ("added", "duplicate") for e in events)
        return JSONResponse({"events": events}, status_code=200 if ok else 400)

    @app.get("/api/articles/{doc:path}/statements/{fingerprint}", tags=["statements"],
             response_model=schemas.StatementDetailOut)
    def api_statement(doc: str, fingerprint: str) -> dict[str, Any]:
        """One statement as reviewed, its extracted original and its review history."""
        return views.statement_detail(store, doc, fingerprint)

    @app.post("/api/articles/{doc:path}/statements/{fingerprint}/reviews",
              tags=["statements"], status_code=201, response_model=schemas.ReviewCreatedOut)
    def api_review(request: Request, doc: str, fingerprint: str, body: ReviewIn
                   ) -> JSONResponse:
        """Confirm, reject or edit a statement. JSON body, so a browser cannot forge it from
        another site; needs the token when the server requires one."""
        security.check_write(request, None)
        entry = views.find_statement(store, doc, fingerprint)
        try:
            review = add_review(store, entry.original, body.decision, body.reviewer,
                                changes=body.changes, note=body.note, scenario=scenario)
        except ReviewError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return JSONResponse({"review": review.to_json(),
                             "statement": views.statement_detail(store, doc, fingerprint)},
                            status_code=201)

    @app.get("/api/articles/{doc:path}", tags=["articles"],
             response_model=schemas.ArticlePageOut)
    def api_article(doc: str) -> dict[str, Any]:
        """The article text, its statements with character offsets, and the highlighted
        segments; its group of re-tellings when grouping is available."""
        return views.article_page(store, doc, current_groups())

    @app.get("/api/statements", tags=["statements"], response_model=schemas.StatementsOut)
    def api_statements(party: str | None = None, issue: str | None = None,
                       doc: str | None = None, status: str | None = None,
                       page: int = Query(1, ge=1),
                       per_page: int = Query(views.DEFAULT_PER_PAGE, ge=1,
                                             le=views.MAX_PER_PAGE)) -> dict[str, Any]:
        """Every statement with its review status (unreviewed, confirmed, edited, rejected),
        reviews applied, filtered and paginated."""
        return dashboard().statements(party=party, issue=issue, doc=doc, status=status,
                                      page=page, per_page=per_page)

    @app.get("/api/forecast", tags=["forecast"], response_model=schemas.ForecastOut)
    def api_forecast() -> dict[str, Any]:
        """Every issue with a scale: each bargaining model's forecast with its 5-95% band
        from a few Monte Carlo draws, and the chart as SVG."""
        _, forecast = forecasts.get(snapshots.get())
        return views.forecast_index(scenario, forecast)

    @app.get("/api/forecast/{issue}", tags=["forecast"],
             response_model=schemas.ForecastIssueOut)
    def api_forecast_issue(issue: str) -> dict[str, Any]:
        """One scaled issue: the models' forecasts and bands, and the numbers behind them
        (position, salience, capability per party; suggested, scenario or analyst's)."""
        return forecast_issue(issue)

    @app.post("/api/forecast/{issue}/edits", tags=["forecast"], status_code=201,
              response_model=schemas.ForecastEditCreatedOut)
    def api_forecast_edit(request: Request, issue: str, body: ForecastEditIn) -> JSONResponse:
        """Set one number of one party on the issue (or, with value and spread null, return
        it to its suggestion). JSON body; needs the token when the server requires one."""
        security.check_write(request, None)
        try:
            edit = add_forecast_edit(store, issue, body.party, body.field, body.value,
                                     body.analyst, spread=body.spread, note=body.note,
                                     scenario=scenario)
        except ForecastEditError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return JSONResponse({"edit": edit.to_json(), "issue": forecast_issue(issue)},
                            status_code=201)

    @app.get("/api/reviews", tags=["statements"], response_model=schemas.AuditOut)
    def api_reviews(page: int = Query(1, ge=1),
                    per_page: int = Query(views.DEFAULT_PER_PAGE, ge=1,
                                          le=views.MAX_PER_PAGE)) -> dict[str, Any]:
        """The audit trail, newest first."""
        return views.audit_page(store, page=page, per_page=per_page)

    return app
