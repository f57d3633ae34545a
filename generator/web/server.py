"""Starts the web page on uvicorn, after checking that case data will not be open to the network."""

from __future__ import annotations

import logging
import os

from generator.settings import Settings
from generator.errors import UsageError
from generator.web.security import LOCAL_NAMES, UploadLimits, check_bind, is_loopback

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for noisy in ("weasyprint", "fontTools"):  # their messages can quote a document's text
        logging.getLogger(noisy).setLevel(logging.ERROR)


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    max_upload_mb: float = 5,
    keep_minutes: float = 30,
    max_input_mb: float | None = None,
) -> int:
    """Serves until interrupted. Off localhost an access token is required (--token or CASEPACK_TOKEN)."""
    import uvicorn

    from generator.web.app import WebConfig, create_app

    token = token or os.environ.get("CASEPACK_TOKEN") or None
    check_bind(host, token)
    if max_upload_mb <= 0 or keep_minutes <= 0:
        raise UsageError("--max-upload-mb and --keep-minutes must be more than 0")
    config = WebConfig(
        settings=settings,
        token=token,
        limits=UploadLimits(
            max_request_bytes=int(max_upload_mb * 1024 * 1024),
            **({"max_input_bytes": int(max_input_mb * 1024 * 1024)} if max_input_mb else {}),
        ),
        keep_minutes=keep_minutes,
        # With a token (on the network, or on 127.0.0.1 behind a proxy that keeps the Host header) the
        # token guards every page, so any Host header may be answered.
        allowed_hosts=LOCAL_NAMES if is_loopback(host) and not token else ("*",),
    )
    configure_logging()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"casepack: open http://{shown}:{port}/ in a browser; press Ctrl+C to stop", flush=True)
    # No access log: addresses of case pages are ids only, but the log should hold nothing of a case.
    uvicorn.run(create_app(config), host=host, port=port, access_log=False, server_header=False, log_level="info")
    return 0
