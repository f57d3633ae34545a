"""The one way output reaches disk: safe names under the output folder, temp files, whole case folders, a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CasepackError

UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 100


class WriteError(CasepackError):
    """Output could not be written where it was asked to go."""


def safe_name(text: str, fallback: str = "case") -> str:
    """A file or folder name that Windows and Linux both accept and that cannot climb out of its folder."""
    name = re.sub(r"\.{2,}", "-", UNSAFE.sub("-", text))
    name = re.sub(r"-{2,}", "-", name).strip(" .-")[:MAX_NAME].strip(" .-")
    if not name or name.split(".")[0].upper() in RESERVED:
        name = f"{fallback}-{name}" if name else fallback
    return name


@dataclass(frozen=True)
class OutputFile:
    document: str
    format: str
    filename: str  # relative to the case folder
    data: bytes
    recipient: str | None = None
    subject: str | None = None
    pages: int | None = None  # a print pack's page count (the manifest lists it for packs only)
    contains: tuple[str, ...] = ()  # a print pack's documents, by file name, in the order they are printed


# Case documents are private: only their owner may read them (a shared machine has other users).
# Settings ([output] file_mode, folder_mode) may open them up, for a team's shared folder say.
FILE_MODE = 0o600
DIR_MODE = 0o700


def _write_atomic(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def os_reason(exc: OSError) -> str:
    """Why the system refused, in its own words ('Permission denied', 'No space left on device')."""
    return exc.strerror or type(exc).__name__


def check_output_folder(out_dir: Path) -> None:
    """Refuses, before any work, an output 'folder' that is a file or cannot be made or written to."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: is a file, not a folder; give -o a folder to write the cases into")
    try:
        out_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{out_dir}: the output folder could not be made ({os_reason(exc)})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise WriteError(f"{out_dir}: cannot write to this folder (Permission denied); choose another with -o")


def _entry(f: OutputFile) -> dict:
    entry = {
        "document": f.document,
        "format": f.format,
        "path": f.filename,
        "recipient": f.recipient,
        "subject": f.subject,
        "sha256": hashlib.sha256(f.data).hexdigest(),
    }
    if f.pages is not None:
        entry.update(pages=f.pages, contains=list(f.contains))
    return entry


def manifest(files: list[OutputFile], reference: str) -> bytes:
    entries = [_entry(f) for f in files]
    return (json.dumps({"case": reference, "documents": entries}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_case(out_dir: Path, reference: str, files: list[OutputFile], file_mode: int = FILE_MODE, dir_mode: int = DIR_MODE) -> Path:
    """Writes one case's documents and manifest to out_dir/<reference>/, all or nothing.

    The case is built in a hidden sibling folder and renamed into place, so a reader never sees a
    half-written case, and a rebuild replaces the old documents without leaving stale ones behind.
    A folder that cannot be written (read-only, full, a file) is a WriteError naming it, never a traceback.
    """
    out_dir = Path(out_dir)
    final = out_dir / safe_name(reference)
    try:
        return _write_case(out_dir, final, reference, files, file_mode, dir_mode)
    except OSError as exc:
        raise WriteError(f"{final}: could not be written ({os_reason(exc)}); nothing of this case was left behind") from None


def _write_case(out_dir: Path, final: Path, reference: str, files: list[OutputFile], file_mode: int, dir_mode: int) -> Path:
    check_output_folder(out_dir)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{final.name}.partial-"))
    try:
        seen: set[str] = set()
        for f in files:
            if f.filename in seen:
                raise WriteError(f"{final / f.filename}: two documents of this run would be written to the same file")
            seen.add(f.filename)
            target = (staging / f.filename).resolve()
            if staging.resolve() not in target.parents:
                raise WriteError(f"{f.filename}: refusing to write outside the case folder")
            _write_atomic(target, f.data, file_mode)
        _write_atomic(staging / "manifest.json", manifest(files, reference), file_mode)
        os.chmod(staging, dir_mode)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{final.name}.old-"))
            os.replace(final, old / final.name)
        os.replace(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
