"""Organisation settings: working defaults, a file laid over them per run."""

from __future__ import annotations

import pytest

from generator.errors import SettingsError
from generator.settings import TEMPLATES_DIR, load_settings


def ours(tmp_path, text: str):
    """A team's settings file holding `text`."""
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    return path


def settings_error(path) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    return str(caught.value)


def test_defaults_work_without_a_file(settings):
    assert settings.organisation.name == "Northbridge Council"
    assert settings.protective_marking == "OFFICIAL-SENSITIVE"
    assert settings.organisation.logo is not None and settings.organisation.logo.is_file()


def test_a_settings_file_overrides_only_what_it_names(tmp_path):
    path = ours(tmp_path, '[organisation]\nname = "Southvale Borough Council"\n[letters]\nprotective_marking = ""\n')
    settings = load_settings(path)
    assert settings.organisation.name == "Southvale Borough Council"
    assert settings.protective_marking == ""
    assert settings.organisation.phone == "01632 960 000"


def test_relative_paths_are_read_from_the_settings_file_folder(tmp_path):
    (tmp_path / "crest.png").write_bytes((load_settings().organisation.logo).read_bytes())
    path = ours(tmp_path, '[organisation]\nlogo = "crest.png"\n')
    assert load_settings(path).organisation.logo == (tmp_path / "crest.png").resolve()


def test_missing_logo_is_reported(tmp_path):
    path = ours(tmp_path, '[organisation]\nlogo = "nowhere.png"\n')
    assert settings_error(path) == f"{path} > organisation.logo: no image at {(tmp_path / 'nowhere.png').resolve()}"


def test_unknown_signer_is_reported(tmp_path):
    path = ours(tmp_path, '[letters]\nsigned_by = "the cat"\n')
    assert settings_error(path) == f"{path} > letters.signed_by: 'the cat' is not one of key_worker, team_manager, named"


def test_broken_settings_file_is_reported(tmp_path):
    path = ours(tmp_path, "[organisation\n")
    assert settings_error(path).startswith(f"{path}: ")


def test_a_templates_folder_is_read_from_the_settings_file_folder(tmp_path):
    (tmp_path / "our-templates").mkdir()
    path = ours(tmp_path, '[templates]\ndir = "our-templates"\n')
    settings = load_settings(path)
    assert settings.templates_dir == (tmp_path / "our-templates").resolve()
    assert settings.template_roots == ((tmp_path / "our-templates").resolve(), TEMPLATES_DIR)


def test_without_a_team_folder_the_built_in_templates_are_the_only_root():
    assert load_settings().template_roots == (TEMPLATES_DIR,)


def test_a_templates_folder_that_is_not_there_is_reported(tmp_path):
    path = ours(tmp_path, '[templates]\ndir = "our-templates"\n')
    assert settings_error(path) == (f"{path} > templates.dir: no folder at {(tmp_path / 'our-templates').resolve()}; "
                                    "make it, or leave dir out to use the built-in templates")
