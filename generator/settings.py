"""Organisation settings (name, letterhead, signatory, colours, toolkit and agency list files) with working defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.agencies import DEFAULT_AGENCIES, AgencyList, load_agencies
from generator.errors import SettingsError
from generator.toolkit import Toolkit, load_toolkit

DEFAULT_SETTINGS = Path(__file__).parent / "data" / "settings.toml"
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SIGNERS = ("key_worker", "team_manager", "named")
TLS_FILES = ("tls_ca_file", "tls_cert", "tls_key")


@dataclass(frozen=True)
class Organisation:
    name: str
    department: str
    address: tuple[str, ...]
    phone: str
    email: str
    website: str
    logo: Path | None


@dataclass(frozen=True)
class ExecutorSettings:
    """Where documents are rendered when not on this machine: a Dask scheduler, and the TLS files to reach it."""

    scheduler: str  # tcp://HOST:8786, or tls://HOST:8786 with the three files below
    tls_ca_file: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    insecure_cluster: bool = False  # allow a scheduler on another machine without TLS


@dataclass(frozen=True)
class Settings:
    organisation: Organisation
    signed_by: str
    signatory_name: str
    signatory_role: str
    protective_marking: str
    reply_days: int
    primary_colour: str
    accent_colour: str
    font_family: str
    docx_font: str
    toolkit_file: Path
    templates_dir: Path = TEMPLATES_DIR
    # Where feedback sheets go back to: not the worker being rated. Empty: the organisation's own.
    feedback_return_to: str = ""
    feedback_address: tuple[str, ...] = ()
    feedback_email: str = ""
    agencies_file: Path = DEFAULT_AGENCIES
    executor: ExecutorSettings | None = None  # None: this machine's worker processes
    file_mode: int = 0o600  # permissions of documents written; folders get folder_mode
    folder_mode: int = 0o700

    @property
    def toolkit(self) -> Toolkit:
        return load_toolkit(self.toolkit_file)

    @property
    def template_roots(self) -> tuple[Path, ...]:
        """Where templates and wording are looked for, first match winning: the team's folder, then the built-in one."""
        return tuple(dict.fromkeys((self.templates_dir, TEMPLATES_DIR)))

    @property
    def agencies(self) -> AgencyList:
        return load_agencies(self.agencies_file)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"{path}: settings file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    # Relative file paths in a settings file are relative to that file, not to where casepack runs.
    for section, key in (("organisation", "logo"), ("toolkit", "file"), ("templates", "dir"), ("agencies", "file"), *(("executor", k) for k in TLS_FILES)):
        value = data.get(section, {}).get(key)
        if value:
            data[section][key] = str((path.parent / value).resolve())
    return data


def _executor(section: dict[str, Any]) -> ExecutorSettings | None:
    if not section.get("scheduler"):
        return None
    files = {key: Path(section[key]) if section.get(key) else None for key in TLS_FILES}
    return ExecutorSettings(str(section["scheduler"]), **files, insecure_cluster=bool(section.get("insecure_cluster", False)))
def _mode(raw: dict[str, Any], key: str, default: int, source: Path) -> int:
    """[output] file_mode / folder_mode: octal permissions as text, such as "0640"."""
    value = raw.get("output", {}).get(key)
    if value is None:
        return default
    try:
        mode = int(str(value), 8)
    except ValueError:
        mode = -1
    owner = 0o700 if key == "folder_mode" else 0o600
    if not 0 <= mode <= 0o777 or mode & owner != owner:
        raise SettingsError(f"{source} > output.{key}: '{value}' is not a permission such as \"{owner:04o}\" (the owner must keep {'read, write and search' if key == 'folder_mode' else 'read and write'})")
    return mode


def load_settings(path: Path | None = None) -> Settings:
    """The default settings, with the named file's values laid over them."""
    raw = _read(DEFAULT_SETTINGS)
    if path is not None:
        raw = _merge(raw, _read(Path(path)))
    source = path or DEFAULT_SETTINGS
    try:
        org, letters, style = raw["organisation"], raw["letters"], raw["style"]
        signed_by = letters["signed_by"]
        if signed_by not in SIGNERS:
            raise SettingsError(f"{source} > letters.signed_by: '{signed_by}' is not one of {', '.join(SIGNERS)}")
        if signed_by == "named" and not letters.get("signatory_name"):
            raise SettingsError(f"{source} > letters.signatory_name: needed when signed_by is 'named'")
        logo = Path(org["logo"]) if org.get("logo") else None
        if logo is not None and not logo.is_file():
            raise SettingsError(f"{source} > organisation.logo: no image at {logo}")
        settings = Settings(
            organisation=Organisation(
                name=org["name"],
                department=org.get("department", ""),
                address=tuple(org.get("address", ())),
                phone=org.get("phone", ""),
                email=org.get("email", ""),
                website=org.get("website", ""),
                logo=logo,
            ),
            signed_by=signed_by,
            signatory_name=letters.get("signatory_name", ""),
            signatory_role=letters.get("signatory_role", ""),
            protective_marking=letters.get("protective_marking", ""),
            reply_days=int(letters.get("reply_days", 5)),
            primary_colour=style["primary_colour"],
            accent_colour=style["accent_colour"],
            font_family=style["font_family"],
            docx_font=style["docx_font"],
            toolkit_file=Path(raw["toolkit"]["file"]),
            templates_dir=Path(raw.get("templates", {}).get("dir", TEMPLATES_DIR)),
            feedback_return_to=raw.get("feedback", {}).get("return_to", ""),
            feedback_address=tuple(raw.get("feedback", {}).get("address", ())),
            feedback_email=raw.get("feedback", {}).get("email", ""),
            agencies_file=Path(raw.get("agencies", {}).get("file", DEFAULT_AGENCIES)),
            executor=_executor(raw.get("executor", {})),
            file_mode=_mode(raw, "file_mode", 0o600, source),
            folder_mode=_mode(raw, "folder_mode", 0o700, source),
        )
    except KeyError as exc:
        raise SettingsError(f"{source}: required setting {exc.args[0]!r} is missing") from exc
    settings.toolkit  # fail now, not halfway through a run, if the toolkit file is unusable
    settings.agencies  # and the same for the agency list
    return settings
