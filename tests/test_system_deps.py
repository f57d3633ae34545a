"""scripts/system-deps.sh: exact presence tests, no apt-get for what is there, a clear message for what is not."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-deps.sh"
STUB_MARK = "APT-GET STUB CALLED"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def stubs(tmp_path) -> Path:
    """A folder put first on PATH, holding an apt-get that fails loudly and leaves a mark."""
    folder = tmp_path / "bin"
    folder.mkdir()
    _stub(folder, "apt-get", f'echo "{STUB_MARK} $*" >&2; touch "{tmp_path}/apt-get-called"; exit 97')
    return folder


def _run(stubs: Path, mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}
    return subprocess.run(["bash", str(SCRIPT), mode], capture_output=True, text=True, env=env, timeout=60)


def test_fifty_runs_on_a_machine_that_has_everything_never_call_apt_get(stubs):
    for mode in ("run", "test"):
        assert _run(stubs, mode).returncode == 0, "this machine should have every package the set-up needs"
    for attempt in range(50):
        result = _run(stubs, "test")
        assert result.returncode == 0 and result.stdout == "" and result.stderr == "", (attempt, result.stdout, result.stderr)
    assert not (stubs.parent / "apt-get-called").exists()


def _hide_everything(stubs: Path) -> None:
    """Make every presence test see nothing: no package, no font, no library."""
    _stub(stubs, "dpkg-query", "echo 'dpkg-query: no packages found' >&2; exit 1")
    _stub(stubs, "fc-match", "echo 'DejaVu Sans'")
    _stub(stubs, "ldconfig", "echo '0 libs found in cache'")


def test_a_package_that_cannot_be_installed_is_named_with_the_command(stubs):
    _hide_everything(stubs)
    result = _run(stubs, "run")
    assert result.returncode != 0
    assert STUB_MARK in result.stderr  # it did try, as root
    message = result.stderr.strip().splitlines()[-1]
    for package in ("fonts-liberation2", "fonts-noto-color-emoji", "libharfbuzz-subset0"):
        assert package in message
    assert "apt-get update failed" in message
    assert "apt-get install fonts-liberation2 fonts-noto-color-emoji libharfbuzz-subset0" in message


def test_without_root_it_names_the_package_and_does_not_try(stubs):
    _hide_everything(stubs)
    _stub(stubs, "id", "echo 1000")
    result = _run(stubs, "run")
    assert result.returncode == 1
    assert STUB_MARK not in result.stderr
    assert "Installing them needs root" in result.stderr
    assert "sudo sh -c 'apt-get update && apt-get install fonts-liberation2 fonts-noto-color-emoji libharfbuzz-subset0'" in result.stderr


def _make_dry_run(folder: Path) -> str:
    return subprocess.run(["make", "-n", "run"], cwd=folder, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_second_make_run_installs_nothing(tmp_path):
    """The pip step runs once per content of pyproject.toml: its stamp is named by the file's hash,
    so a second `make run` (or a fresh checkout's newer mtimes) does not reinstall."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    first = _make_dry_run(tmp_path)
    assert "pip install" in first and "python3 -m venv" in first
    stamp = tmp_path / ".venv" / f".installed-{hashlib.sha1((tmp_path / 'pyproject.toml').read_bytes()).hexdigest()[:12]}"
    stamp.parent.mkdir()
    stamp.touch()
    os.utime(tmp_path / "pyproject.toml")  # newer than the stamp, as after a checkout: content is what counts
    second = _make_dry_run(tmp_path)
    assert "pip" not in second and "venv" not in second.replace(".venv/bin/casepack", "")
    assert "system-deps.sh run" in second and "casepack build" in second
