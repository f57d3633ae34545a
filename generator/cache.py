"""The render cache: a document's bytes kept under a key made of everything that can change them.

A rebuild asks the cache for each document before rendering it. The key of a PDF is its rendered HTML
and stylesheet; the key of a .docx is its context and its template's bytes. Both also carry the
build's fingerprint: every file under the templates folder, the settings (with the logo's and the
toolkit's contents), the installed fonts and font configuration, the versions of casepack and of the
libraries that write the bytes, the native text libraries WeasyPrint loads, and casepack's own
rendering code. Change any of these and the document is rendered again; change nothing and its
bytes come back as they were written, so a cached build is byte-identical to a cold one.

The cache holds children's case data. It lives in a private (0700) folder under the user's cache
directory (XDG_CACHE_HOME is respected), its files are private (0600), and it is bounded in size:
after each build the entries least recently used are removed until it fits. Everything here runs in
the process that submits the documents, so it works whichever executor renders them.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.wording import Words
from generator.errors import CasepackError

FORMAT_VERSION = b"casepack-render-cache-1"
MAGIC = b"CPK1"
DEFAULT_MAX_MB = 200
# The libraries whose code decides a document's bytes (WeasyPrint and what it parses and writes with;
# docxtpl and what it fills and zips with; Jinja for both).
LIBRARIES = (
    "casepack", "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow",
    "docxtpl", "python-docx", "lxml", "jinja2", "markupsafe",
)
# The native libraries WeasyPrint lays text out and embeds fonts with; their file names carry their versions.
NATIVE_LIBRARIES = ("libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libharfbuzz-subset", "libfontconfig", "libfreetype")
NATIVE_DIRS = ("/usr/lib", "/usr/lib/*-linux-gnu", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib")
RENDER_CODE = Path(__file__).parent
RENDER_CODE_FILES = ("pipeline.py", "wording.py", "render/__init__.py", "render/chart.py", "render/docx.py", "render/html.py", "render/pdf.py")


class CacheError(CasepackError):
    """The cache folder cannot be used safely."""


def default_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("casepack", appauthor=False) / "renders"


@dataclass(frozen=True)
class RenderCache:
    """Where rendered documents are kept, and how much of them at most."""

    folder: Path
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024

    @classmethod
    def default(cls, max_mb: float = DEFAULT_MAX_MB) -> RenderCache:
        return cls(default_folder(), int(max_mb * 1024 * 1024))

    def open(self, settings) -> CacheSession:
        """The cache for one build: the folder made private, the build's fingerprint taken once."""
        _private_folder(self.folder)
        return CacheSession(self, build_fingerprint(settings))


def _private_folder(folder: Path) -> None:
    for missing in reversed([f for f in (folder, *folder.parents) if not f.exists()]):
        missing.mkdir(mode=0o700, exist_ok=True)  # each folder made here is private, not only the last
    info = folder.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise CacheError(f"{folder}: the render cache folder belongs to another user; build with --no-cache or set XDG_CACHE_HOME")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)


# --- keys ------------------------------------------------------------------------------------

def _feed(h, value: Any) -> None:
    """Every value a context can hold, fed to the hash with its type, so that different values never collide."""
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        h.update(b"s%d:" % len(data))
        h.update(data)
    elif isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (bytes, bytearray)):
        h.update(b"b%d:" % len(value))
        h.update(value)
    elif isinstance(value, dict):
        h.update(b"d%d:" % len(value))
        for k in sorted(value, key=repr):  # a context's order never reaches the document; its keys are strings
            _feed(h, k)
            _feed(h, value[k])
    elif isinstance(value, (list, tuple)):
        h.update(b"l%d:" % len(value))
        for item in value:
            _feed(h, item)
    elif isinstance(value, Path):
        h.update(b"p:")
        _feed(h, str(value))
        h.update(file_digest(value).encode())
    elif isinstance(value, Words):  # a document's wording: every phrase reaches the document
        h.update(b"w:")
        _feed(h, dict(value.items()))
    elif is_dataclass(value):
        h.update(f"o{type(value).__module__}.{type(value).__qualname__}:".encode())
        for f in fields(value):
            _feed(h, f.name)
            _feed(h, getattr(value, f.name))
    else:
        h.update(f"{type(value).__module__}.{type(value).__qualname__}:".encode())
        _feed(h, repr(value))


def _stat_key(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path.resolve()), info.st_size, info.st_mtime_ns, info.st_ino)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's contents, read afresh each time: a file rewritten within the clock's
    resolution keeps its size and time stamp, so those cannot stand for its contents."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except IsADirectoryError:
        return "folder"  # the templates folder: its files are hashed one by one (tree_digest)
    except OSError:
        return "missing"


def _tree(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name


def tree_digest(folder: Path) -> str:
    """Every file under a folder, by relative path and contents."""
    h = hashlib.sha256()
    for path in _tree(folder):
        _feed(h, path.relative_to(folder).as_posix())
        _feed(h, file_digest(path))
    return h.hexdigest()


def _font_files() -> Iterable[Path]:
    """The fonts and font configuration fontconfig can see: a font added, removed or updated shows here."""
    home = Path.home()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", data_home / "fonts", Path("/etc/fonts"), config_home / "fontconfig"):
        if folder.is_dir():
            yield from _tree(folder)


def _native_libraries() -> Iterable[str]:
    for pattern in NATIVE_DIRS:
        for name in NATIVE_LIBRARIES:
            for suffix in (".so*", ".*dylib"):
                for path in sorted(glob.glob(f"{pattern}/{name}{suffix}")):
                    yield os.path.realpath(path)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def build_fingerprint(settings) -> str:
    """What every document of a build shares and any of which can change its bytes."""
    h = hashlib.sha256(FORMAT_VERSION)
    _feed(h, settings)  # a dataclass: every setting, with the logo's and toolkit file's contents (Paths are hashed by content)
    _feed(h, tree_digest(settings.templates_dir))
    _feed(h, [(name, _version(name)) for name in LIBRARIES])
    _feed(h, [sys.version, zlib.ZLIB_RUNTIME_VERSION])  # Python's own zlib compresses both formats' streams
    _feed(h, [file_digest(RENDER_CODE / name) for name in RENDER_CODE_FILES])
    _feed(h, [_stat_key(path) for path in _font_files()])
    _feed(h, sorted(set(_native_libraries())))
    return h.hexdigest()


def document_key(fingerprint: str, plan, fmt: str, settings) -> str:
    """A PDF is keyed by the HTML and stylesheet it is rendered from, a .docx by its context and template."""
    h = hashlib.sha256(fingerprint.encode())
    _feed(h, [fmt, plan.document, plan.template])
    if fmt == "pdf":
        from generator.pipeline import pdf_source

        html, css = pdf_source(plan, settings)
        _feed(h, [html, css])
        # Files the HTML points at by path (the logo) are not in its text: their contents are.
        _feed(h, [ref.path for ref in _image_refs(plan.context) if ref.path is not None])
    else:
        _feed(h, plan.context)
    return h.hexdigest()


def _image_refs(value: Any) -> Iterator[Any]:
    from generator.render import ImageRef

    if isinstance(value, ImageRef):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _image_refs(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _image_refs(v)


# --- one build's use of the cache ---------------------------------------------------------------

@dataclass
class CacheSession:
    cache: RenderCache
    fingerprint: str
    _keys: dict[tuple[int, str], str] = field(default_factory=dict)

    def _entry(self, key: str) -> Path:
        return self.cache.folder / key[:2] / key

    def key(self, plan, fmt: str, settings) -> str:
        slot = (id(plan), fmt)  # a build's plans live as long as the build
        if slot not in self._keys:
            self._keys[slot] = document_key(self.fingerprint, plan, fmt, settings)
        return self._keys[slot]

    def get(self, key: str) -> bytes | None:
        path = self._entry(key)
        try:
            blob = path.read_bytes()
            os.utime(path)  # most recently used: the last to be evicted
        except OSError:
            return None
        digest, data = blob[len(MAGIC) : len(MAGIC) + 32], blob[len(MAGIC) + 32 :]
        if not blob.startswith(MAGIC) or hashlib.sha256(data).digest() != digest:
            path.unlink(missing_ok=True)  # damaged (a disk error, a hand edit): render it again
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keeps a document's bytes; a cache that cannot be written only means the next build renders again."""
        path = self._entry(key)
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".writing-")  # 0600
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(MAGIC + hashlib.sha256(data).digest() + data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def split(self, jobs: list, settings, output: Callable[[Any, str, bytes], Any]) -> tuple[list, list]:
        """(outcomes of the jobs already in the cache, the jobs still to render); a job is (case, document, plan, format)."""
        reused, to_render = [], []
        for job in jobs:
            case_no, doc_no, plan, fmt = job
            try:
                data = self.get(self.key(plan, fmt, settings))
            except Exception:  # noqa: BLE001 - a document whose HTML cannot be made fails in rendering, with its message
                data = None
            if data is None:
                to_render.append(job)
            else:
                reused.append((case_no, doc_no, output(plan, fmt, data), None))
        return reused, to_render

    def store(self, plan, fmt: str, settings, data: bytes) -> None:
        try:
            key = self.key(plan, fmt, settings)
        except Exception:  # noqa: BLE001 - no key (see split): the document is simply not kept
            return
        self.put(key, data)

    def trim(self) -> None:
        """Removes the least recently used entries until the cache is within its size."""
        entries = []
        for path in self.cache.folder.glob("??/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            entries.append((info.st_mtime_ns, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.cache.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
