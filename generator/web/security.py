"""What keeps case data safe on the web page: upload checks, size limits, access token, CSRF and headers."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import math
import secrets
import threading
import time
import traceback
import zipfile
from collections import deque
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from generator.errors import UsageError
from generator.limits import MAX_INPUT_MB, size_text as size_words

CSRF_COOKIE = "casepack_csrf"
SESSION_COOKIE = "casepack_session"
log = logging.getLogger("casepack.web")
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")

# The pages load nothing from anywhere else, run only our own script and can't be framed.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Documents opened in the browser: Chromium shows a PDF through its own viewer, which a policy of
# default-src 'none' (object-src 'none') would block; nothing in our PDFs or Word files runs scripts.
FILE_POLICY = "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'"


class UploadRefused(Exception):
    """An uploaded file is not one we will read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class UploadLimits:
    max_request_bytes: int = 5 * 1024 * 1024
    max_files: int = 20
    # A real case workbook unpacks to well under a megabyte; these leave room and stop zip bombs.
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_zip_entries: int = 500
    max_sheet_bytes: int = 20 * 1024 * 1024
    max_input_bytes: int = int(MAX_INPUT_MB * 1024 * 1024)  # one case file, as --max-input-mb on the command line


def is_loopback(host: str) -> bool:
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


MIN_TOKEN_BITS = 128


def token_bits(token: str) -> float:
    """A generous estimate of how hard a token is to guess: its length times the bits of the smallest
    usual alphabet holding every character it uses. A token with few different characters counts as
    only as long as the number it has."""
    classes = [(str.islower, 26), (str.isupper, 26), (str.isdigit, 10)]
    alphabet = sum(size for test, size in classes if any(test(ch) and ch.isascii() for ch in token))
    if any(not (ch.isascii() and ch.isalnum()) for ch in token):
        alphabet += 33  # punctuation, spaces, and anything else
    length = min(len(token), 2 * len(set(token)))
    return length * math.log2(alphabet) if alphabet > 1 else 0.0


def check_bind(host: str, token: str | None) -> None:
    """Case data must not be reachable from the network without an access token too long to guess.
    A token set on 127.0.0.1 means a proxy in front (README, "Behind TLS"): it must be as strong."""
    if is_loopback(host) and not token:
        return
    offer = f"Here is a new random one you can use: --token {new_token()} (or set it in CASEPACK_TOKEN)"
    if not token:
        raise UsageError(
            f"refusing to listen on {host} without an access token: anyone on the network could read case data. "
            f"Set one with --token or the CASEPACK_TOKEN environment variable, or listen on 127.0.0.1. {offer}"
        )
    if token_bits(token) < MIN_TOKEN_BITS:
        raise UsageError(
            f"refusing to start on {host}: the access token is too easy to guess (about {token_bits(token):.0f} bits; "
            f"at least {MIN_TOKEN_BITS} are needed, such as 22 random letters and digits). {offer}"
        )


def new_token() -> str:
    """A random access token of 256 bits."""
    return secrets.token_urlsafe(32)


class SignInGuard:
    """One limit on failed sign-ins for the whole server, whoever and wherever they come from: after
    `max_failures` within `window_seconds`, every sign-in is refused (the right token too) until the
    oldest failure is out of the window. Each failure is logged with the count, never the token tried."""

    def __init__(self, max_failures: int = 10, window_seconds: float = 60.0, clock=time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window_seconds, clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _prune(self) -> None:
        cutoff = self.clock() - self.window
        while self._failures and self._failures[0] <= cutoff:
            self._failures.popleft()

    def locked(self) -> bool:
        with self._lock:
            self._prune()
            return len(self._failures) >= self.max_failures

    def failed(self, how: str) -> None:
        with self._lock:
            self._prune()
            self._failures.append(self.clock())
            count = len(self._failures)
        log.warning("sign-in failed (%s): %d in the last %g s", how, count, self.window)
        if count == self.max_failures:
            log.warning("sign-in paused for everyone: %d failures in %g s", count, self.window)


def sniff(name: str, data: bytes, limits: UploadLimits) -> str:
    """The kind of an uploaded file from its content ("json" or "xlsx"), whatever its name says."""
    if len(data) > limits.max_input_bytes:
        raise UploadRefused(
            f"{name} is {size_words(len(data))}, more than the {size_words(limits.max_input_bytes)} a case file may be, "
            "so it was not read. A case workbook is usually well under 1 MB."
        )
    if data[:4] == b"PK\x03\x04":
        _check_workbook(name, data, limits)
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRefused(
            f"{name} is an old-style Excel file (.xls). Open it in Excel, save it as 'Excel Workbook (.xlsx)' and upload that."
        )
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UploadRefused(
            f"{name} is not an Excel workbook (.xlsx) or a JSON case file, so it was not read. "
            "Upload the case workbook saved from Excel as 'Excel Workbook (.xlsx)'."
        ) from None
    except RecursionError:
        raise UploadRefused(f"{name} is nested far deeper than a case file is, so it was not read.") from None
    except ValueError:  # Python refuses to read a number of more than 4300 digits
        raise UploadRefused(f"{name} holds a number thousands of digits long, which no case needs, so it was not read.") from None
    if not isinstance(value, dict):
        raise UploadRefused(f"{name} is JSON but does not hold a case (it should be one JSON object, in braces).")
    return "json"


def _check_workbook(name: str, data: bytes, limits: UploadLimits) -> None:
    not_workbook = UploadRefused(
        f"{name} is a zip file but not an Excel workbook (.xlsx), so it was not read. "
        "Upload the case workbook saved from Excel as 'Excel Workbook (.xlsx)'."
    )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise not_workbook from None
    with archive:
        entries = archive.infolist()
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise not_workbook
        if len(entries) > limits.max_zip_entries:
            raise UploadRefused(f"{name} holds {len(entries)} parts; a case workbook has far fewer, so it was not read.")
        too_big = UploadRefused(
            f"{name} unpacks to more than {size_words(limits.max_unpacked_bytes)}, far more than a case "
            "workbook needs, so it was not read. Remove unused sheets, rows or pictures and upload it again."
        )
        # Unpack for real with a running count: the sizes a zip declares can lie.
        total = 0
        for entry in entries:
            if entry.file_size > limits.max_unpacked_bytes:
                raise too_big
            size = 0
            try:
                with archive.open(entry) as member:
                    while chunk := member.read(64 * 1024):
                        size += len(chunk)
                        total += len(chunk)
                        if total > limits.max_unpacked_bytes:
                            raise too_big
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
                raise not_workbook from None
            if entry.filename.startswith("xl/worksheets/") and size > limits.max_sheet_bytes:
                raise UploadRefused(
                    f"{name} has a sheet of more than {size_words(limits.max_sheet_bytes)}, far bigger than a "
                    "case workbook needs, so it was not read. Delete the unused rows and upload it again."
                )


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def security_headers(policy: str) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": policy,
        "x-content-type-options": "nosniff",
        # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on our own forms.
        "referrer-policy": "same-origin",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
        # Case pages and documents must not linger in the browser's cache or a proxy's.
        "cache-control": "no-store",
        "pragma": "no-cache",
    }
    if policy == PAGE_POLICY:
        headers["x-frame-options"] = "DENY"
    return [(k.encode(), v.encode()) for k, v in headers.items()]


class SecurityMiddleware:
    """Adds the security headers to every response, and refuses request bodies over the size limit.

    The limit is checked on Content-Length before any of the body is read; uvicorn never passes on
    more than that length. A body of unknown length (chunked) is refused, which no browser form sends.
    """

    def __init__(self, app, max_body: int, refuse) -> None:
        self.app = app
        self.max_body = max_body
        self.refuse = refuse  # (status) -> ASGI app with a page saying why

    async def __call__(self, scope: dict[str, Any], receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        app = self.app
        if b"transfer-encoding" in headers:
            app = self.refuse(411)
        elif declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            app = self.refuse(413)

        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                original = message.get("headers", [])
                is_file = any(k.lower() == FILE_MARK for k, _ in original)
                kept = [(k, v) for k, v in original if k.lower() != FILE_MARK]
                own = {k.lower() for k, _ in kept}
                extra = [(k, v) for k, v in security_headers(FILE_POLICY if is_file else PAGE_POLICY) if k not in own]
                message = {**message, "headers": kept + extra}
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        except Exception as exc:
            # The server would log the exception's message, which may quote case data: log only
            # its type and where it happened, and answer with a plain error.
            log.error("request failed: %s\n%s", type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
            if not started:
                body = b"Something went wrong. Nothing was kept; go back to the start page and try again."
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *security_headers(PAGE_POLICY)]})
                await send({"type": "http.response.body", "body": body})


# A route sets this header on a document it sends; the middleware swaps it for the file policy.
FILE_MARK = b"x-casepack-file"
