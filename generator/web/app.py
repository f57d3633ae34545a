"""The administrators' web page: upload case files, see what to fix, build and download the case packs.

A thin layer over the library: check_case() and build() do all the work; this module only moves
files in and out of each upload's own temporary folder and shows the results.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.middleware.trustedhost import TrustedHostMiddleware

from generator.settings import EXAMPLES_DIR as INPUTS, Settings  # the reference example, in a checkout or installed
from generator.web import views
from generator.web.jobs import BUILT, Job, Store
from generator.web.preview import docx_blocks
from generator.web.security import (
    CSRF_COOKIE,
    FILE_MARK,
    LOCAL_NAMES,
    SESSION_COOKIE,
    SecurityMiddleware,
    SignInGuard,
    UploadLimits,
    UploadRefused,
    new_secret,
    same,
    size_words,
    sniff,
)

HERE = Path(__file__).parent
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class WebConfig:
    settings: Settings
    token: str | None = None
    limits: UploadLimits = field(default_factory=UploadLimits)
    keep_minutes: float = 30
    allowed_hosts: tuple[str, ...] = LOCAL_NAMES  # Host headers answered: stops DNS rebinding to 127.0.0.1
    temp_root: Path | None = None  # where each server's own temporary folder goes (default: the system's)
    max_failed_sign_ins: int = 10  # failed sign-ins, from anywhere, within sign_in_window_seconds before sign-in pauses
    sign_in_window_seconds: float = 60
    failed_sign_in_delay: float = 1  # seconds each wrong token waits for its answer


class NeedLogin(Exception):
    pass


class Refused(Exception):
    """A request we answer with a page explaining why not."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(title)
        self.status, self.title, self.message = status, title, message


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, only ever shown on the page (escaped), never used as a path."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:120] or "unnamed file"


def create_app(config: WebConfig) -> FastAPI:
    store = Store(config.settings, config.keep_minutes * 60, config.temp_root)
    store.max_input_bytes = config.limits.max_input_bytes
    guard = SignInGuard(config.max_failed_sign_ins, config.sign_in_window_seconds)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined)
    secret = new_secret()
    session_value = hmac.new(secret.encode(), (config.token or "").encode(), hashlib.sha256).hexdigest()
    max_size = size_words(config.limits.max_request_bytes)
    shared = {
        "organisation": config.settings.organisation.name,
        "keep_minutes": f"{config.keep_minutes:g}",
        "max_size": max_size,
        "max_files": config.limits.max_files,
    }
    workbook_lock = threading.Lock()

    def page(request: Request | None, name: str, status: int = 200, **context) -> HTMLResponse:
        """A page; its forms carry the token from the browser's cookie, which is set on first visit.
        Without a request (an answer from the size-limit middleware) the page has no form and sets no cookie."""
        cookie = request.cookies.get(CSRF_COOKIE) if request is not None else None
        csrf = cookie or (new_secret() if request is not None else "")
        html = env.get_template(name).render(csrf=csrf, **shared, **context)
        response = HTMLResponse(html, status)
        if csrf and cookie != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
        return response

    def refusal_page(request: Request | None, status: int, title: str, message: str) -> HTMLResponse:
        return page(request, "message.html", status, title=title, message=message)

    def refuse_body(status: int):
        if status == 413:
            title = "The upload is too big"
            message = (f"Uploads are limited to {max_size} in total, and nothing was kept. A case workbook is "
                       "usually well under 1 MB: upload fewer files at once, or remove pictures from the workbook.")
        else:
            title, message = "The upload could not be read", "Upload the files from the form on the start page."
        return refusal_page(None, status, title, message)

    def check_form(request: Request, form) -> None:
        """POST forms must come from our own page: same origin, and the token from our cookie."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            raise Refused(403, "This form came from another site", "Nothing was done. Start again from the start page.")
        if not same(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
            raise Refused(403, "This form has expired", "Nothing was done. Go back to the start page and try again.")

    def authorised(request: Request) -> bool:
        if not config.token:
            return True
        header = request.headers.get("authorization", "")
        if header.startswith("Bearer "):
            # A token in a header is a sign-in too: it counts against the same limit as the form.
            if guard.locked():
                return False
            if same(header[7:], config.token):
                return True
            guard.failed("bearer header")
        return same(request.cookies.get(SESSION_COOKIE), session_value)

    async def require_access(request: Request) -> None:
        if not authorised(request):
            raise NeedLogin

    def find(job_id: str) -> Job:
        job = store.get(job_id)
        if job is None:
            raise Refused(404, "This upload is not here",
                          f"Uploads are deleted when you delete them, after {shared['keep_minutes']} minutes, and when "
                          "the server stops. Upload the files again from the start page.")
        return job

    def job_page(request: Request, job: Job, status: int = 200, choice: views.Choice | None = None,
                 problems: list[dict[str, str]] | None = None, preview: dict | None = None) -> HTMLResponse:
        """The upload's page; while it can be built, the choosing form ticked as `choice` (everything at first)."""
        view = views.job_view(job)
        if job.state == "deleted":
            status = 410
        choosing = None
        if job.state == "checked" and job.ready and preview is None:
            choosing = views.choice_view(job, choice or views.everything(job))
        problems = problems or []
        return page(request, "job.html", status, job=view, choosing=choosing, choice_problems=problems,
                    problem_at={p["anchor"]: p["message"] for p in problems}, preview=preview)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store.start_sweeping()
        try:
            yield
        finally:
            store.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    open_routes = APIRouter()
    routes = APIRouter(dependencies=[Depends(require_access)])

    @app.exception_handler(Refused)
    async def on_refused(request: Request, exc: Refused):
        return refusal_page(request, exc.status, exc.title, exc.message)

    @app.exception_handler(NeedLogin)
    async def on_login_needed(request: Request, exc: NeedLogin):
        if request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", 303)
        return refusal_page(request, 401, "Sign in first", "This page needs the access token. Nothing was done.")

    @app.exception_handler(404)
    async def on_not_found(request: Request, exc):
        return refusal_page(request, 404, "Page not found", "There is no page at this address.")

    @open_routes.get("/favicon.ico")
    async def favicon():
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    # --- signing in (only when a token is set) -----------------------------------------------
    @open_routes.get("/login")
    async def login_form(request: Request, next: str = "/"):
        return page(request, "login.html", next=_safe_next(next), failed=False)

    @open_routes.post("/login")
    async def login(request: Request):
        form = await request.form(max_files=0, max_fields=10)
        check_form(request, form)
        target = _safe_next(str(form.get("next") or "/"))
        if config.token and guard.locked():
            raise Refused(429, "Sign-in is paused",
                          f"Too many wrong access tokens were tried in the last {config.sign_in_window_seconds:g} seconds, "
                          "from this or another computer, so nobody can sign in for now. Wait a minute and try again.")
        if not config.token or same(str(form.get("token") or ""), config.token):
            response = RedirectResponse(target, 303)
            response.set_cookie(SESSION_COOKIE, session_value, httponly=True, samesite="strict", path="/")
            return response
        guard.failed("sign-in form")
        await asyncio.sleep(config.failed_sign_in_delay)  # slows guessing
        return page(request, "login.html", 401, next=target, failed=True)

    # --- the start page and the workbooks to fill in -------------------------------------------
    @routes.get("/")
    async def start(request: Request):
        return page(request, "index.html", problem="")

    def workbook(kind: str) -> Path:
        from generator.load.workbook import write_blank, write_filled
        from generator.pipeline import check_case

        folder = store.root / "workbooks"
        target = folder / f"{kind}.xlsx"
        with workbook_lock:
            if not target.exists():
                folder.mkdir(exist_ok=True)
                if kind == "blank":
                    write_blank(target, config.settings.toolkit, config.settings.agencies)
                elif (INPUTS / "case-example.xlsx").is_file():
                    target.write_bytes((INPUTS / "case-example.xlsx").read_bytes())
                else:
                    checked = check_case(INPUTS / "case-example.json", config.settings)
                    write_filled(target, checked.case, config.settings.toolkit, config.settings.agencies)
        return target

    @routes.get("/workbooks/{kind}.xlsx")
    async def download_workbook(kind: str):
        if kind not in ("blank", "example"):
            raise Refused(404, "Page not found", "There is no workbook of that name.")
        try:
            path = await run_in_threadpool(workbook, kind)
        except ImportError:
            raise Refused(503, "Workbooks are not available", "This version of casepack cannot write workbooks yet.") from None
        name = "case-workbook-blank.xlsx" if kind == "blank" else "case-workbook-example.xlsx"
        return FileResponse(path, media_type=MEDIA_TYPES["xlsx"], filename=name)

    # --- uploading and checking -----------------------------------------------------------------
    @routes.post("/uploads")
    async def upload(request: Request):
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise Refused(400, "The upload could not be read", "Upload the files from the form on the start page.")
        parser = MultiPartParser(request.headers, request.stream(), max_files=config.limits.max_files, max_fields=10)
        parser.spool_max_size = config.limits.max_request_bytes + 1  # keep uploads in memory, never in /tmp
        try:
            form = await parser.parse()
        except MultiPartException:
            return page(request, "index.html", 400,
                        problem=f"Upload at most {config.limits.max_files} files at once, from this form.")
        check_form(request, form)
        uploads = [v for v in form.getlist("files") if isinstance(v, UploadFile) and v.filename]
        if not uploads:
            return page(request, "index.html", 400, problem="Choose at least one case file to upload.")
        job = store.new_job()
        for item in uploads:
            data = await item.read()
            name = display_name(item.filename)
            try:
                kind = sniff(name, data, config.limits)
            except UploadRefused as exc:
                store.add_file(job, name, None, b"", str(exc))
                continue
            await run_in_threadpool(store.add_file, job, name, kind, data)
        await run_in_threadpool(store.refuse_repeated, job)
        store.log_checked(job)
        return RedirectResponse(f"/uploads/{job.id}", 303)

    @routes.get("/uploads/{job_id}")
    async def show_job(request: Request, job_id: str):
        return job_page(request, find(job_id))

    @routes.get("/uploads/{job_id}/status")
    async def job_status(job_id: str):
        return JSONResponse(views.status(find(job_id)))

    # --- building ---------------------------------------------------------------------------------
    async def choice_form(request: Request, job: Job) -> tuple[views.Choice, bool]:
        """The choice a form carries, with any select all/none button applied; and whether one was pressed."""
        # Every meeting and person of up to max_files cases can be a field of its own.
        form = await request.form(max_files=0, max_fields=200 + 100 * config.limits.max_files)
        check_form(request, form)
        choice = views.choice_from_form(form)
        select = str(form.get("select") or "")
        return views.apply_select(job, choice, select) if select else choice, bool(select)

    async def checked_choice(request: Request, job_id: str, reshow_on_select: bool):
        """The job and the choice its form carries, and the page to answer with instead when the choice cannot go
        on: the job is not ready (back to its page), a select all/none button was pressed (the form again, when
        `reshow_on_select`), or the choice has problems (the form again, ticked as it was, with the problems)."""
        job = find(job_id)
        choice, selecting = await choice_form(request, job)
        if job.state != "checked" or not job.ready:
            return job, choice, RedirectResponse(f"/uploads/{job.id}", 303)
        if selecting and reshow_on_select:  # a select all/none button, or "Change what to make": the form again
            return job, choice, job_page(request, job, choice=choice)
        problems = views.choice_problems(job, choice)
        if problems:
            return job, choice, job_page(request, job, 400, choice=choice, problems=problems)
        return job, choice, None

    @routes.post("/uploads/{job_id}/choose")
    async def choose(request: Request, job_id: str):
        """Shows what the choice would make, before anything is built; or the form again, ticked as it was."""
        job, choice, answer = await checked_choice(request, job_id, reshow_on_select=True)
        return answer or job_page(request, job, preview=views.preview_view(job, choice))

    @routes.post("/uploads/{job_id}/build")
    async def start_build(request: Request, job_id: str):
        job, choice, answer = await checked_choice(request, job_id, reshow_on_select=False)
        if answer:
            return answer
        formats = tuple(name for name, _ in views.FORMATS if name in choice.formats)
        store.start_build(job, views.chosen_names(job, choice), formats)
        return RedirectResponse(f"/uploads/{job.id}", 303)

    # --- looking at and taking away the documents ---------------------------------------------
    def built_document(job: Job, number: int, position: int) -> tuple[Path, dict, str]:
        """A built file, its manifest entry, and its name with the case reference for downloading."""
        if job.state == "deleted" or not 1 <= number <= len(job.files):
            raise Refused(404, "This document is not here", "It may have been deleted. Upload the case file again.")
        entry = job.files[number - 1]
        if entry.status != BUILT or not 0 <= position < len(entry.documents):
            raise Refused(404, "This document is not here", "It may have been deleted. Upload the case file again.")
        doc = entry.documents[position]
        path = (entry.folder / doc["path"]).resolve()
        if entry.folder.resolve() not in path.parents or not path.is_file():
            raise Refused(404, "This document is not here", "It may have been deleted. Upload the case file again.")
        return path, doc, views.download_name(entry.case.case.reference, doc["path"])

    @routes.get("/uploads/{job_id}/files/{number}/{position}/download")
    async def download_document(job_id: str, number: int, position: int):
        path, doc, name = built_document(find(job_id), number, position)
        return FileResponse(path, media_type=MEDIA_TYPES[doc["format"]], filename=name,
                            headers={FILE_MARK.decode(): "1"})

    @routes.get("/uploads/{job_id}/files/{number}/{position}/view")
    async def view_document(request: Request, job_id: str, number: int, position: int):
        job = find(job_id)
        path, doc, name = built_document(job, number, position)
        if doc["format"] == "pdf":
            return FileResponse(path, media_type=MEDIA_TYPES["pdf"], filename=name,
                                content_disposition_type="inline", headers={FILE_MARK.decode(): "1"})
        blocks = await run_in_threadpool(docx_blocks, path)
        return page(request, "preview.html", job_id=job.id, filename=name, blocks=blocks,
                    download=f"/uploads/{job.id}/files/{number}/{position}/download")

    @routes.post("/uploads/{job_id}/download")
    async def download_all(request: Request, job_id: str):
        job = find(job_id)
        form = await request.form(max_files=0, max_fields=10)
        check_form(request, form)
        if job.state != "built" or not job.built:
            return RedirectResponse(f"/uploads/{job.id}", 303)
        path = await run_in_threadpool(store.zip_all, job)
        # Downloading deletes nothing: a download can fail, or be wanted again. Deleting is its own button.
        return FileResponse(path, media_type="application/zip", filename=views.zip_name([f.folder.name for f in job.built]),
                            headers={FILE_MARK.decode(): "1"})

    @routes.post("/uploads/{job_id}/delete")
    async def delete_now(request: Request, job_id: str):
        job = find(job_id)
        form = await request.form(max_files=0, max_fields=10)
        check_form(request, form)
        if job.state == "building":
            return job_page(request, job, 409, problems=[{"anchor": "progress", "message": "Wait for the build to finish, then delete."}])
        await run_in_threadpool(store.delete, job, "asked")
        return RedirectResponse(f"/uploads/{job.id}", 303)

    app.include_router(open_routes)
    app.include_router(routes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    app.add_middleware(SecurityMiddleware, max_body=config.limits.max_request_bytes, refuse=refuse_body)
    return app


def _safe_next(target: str) -> str:
    """Only a path on this site: never another site after signing in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
