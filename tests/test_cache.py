"""The render cache: a rebuild reuses what is unchanged, byte for byte, and renders again whatever can differ."""

from __future__ import annotations

import json
import shutil
import stat
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import BUILD_DATE, REFERENCE, ROOT
from readers import pdf_text
from generator.cache import RenderCache
from generator.cli import main
from generator.pipeline import BuildRequest, build
from generator.settings import load_settings
from generator.web.jobs import Store

# Short documents of both kinds: letters (7 per case) and the one-page invitation list (2).
QUICK = ("closure-letter", "invitation-list")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def cache(tmp_path) -> RenderCache:
    return RenderCache(tmp_path / "cache")


def run(inputs, out, settings, cache, documents=QUICK, packs=True):
    result = build(BuildRequest(tuple(inputs), out, settings, documents=documents, today=BUILD_DATE, cache=cache, packs=packs))
    assert result.ok, [str(c.error) for c in result.cases]
    return result


def test_a_rebuild_from_the_cache_is_byte_identical_to_a_cold_build(tmp_path, settings, cache):
    cold = build(BuildRequest((REFERENCE,), tmp_path / "cold", settings, today=BUILD_DATE))  # no cache at all
    first = run([REFERENCE], tmp_path / "first", settings, cache, documents=None)
    again = run([REFERENCE], tmp_path / "again", settings, cache, documents=None)
    every = cold.documents  # each document in each format
    assert every >= 80
    assert (first.rendered, first.reused) == (every, 0)
    assert (again.rendered, again.reused) == (0, every)
    assert files_of(again.cases[0].folder) == files_of(first.cases[0].folder) == files_of(cold.cases[0].folder)


def test_changing_one_plan_action_renders_again_only_the_documents_that_show_it(tmp_path, raw, write_case, settings, cache):
    before = run([write_case(raw, "before.json")], tmp_path / "before", settings, cache, documents=None)
    raw["plan"][0]["action"] = "Daily washing routine, with a picture chart made with Amara."
    after = run([write_case(raw, "after.json")], tmp_path / "after", settings, cache, documents=None)
    cold = build(BuildRequest((tmp_path / "after.json",), tmp_path / "cold", settings, today=BUILD_DATE))

    old, new = files_of(before.cases[0].folder), files_of(after.cases[0].folder)
    changed = sorted(name for name in new if name != "manifest.json" and new[name] != old[name])
    # The plan shows in the summary sheets (one per assessment) and in Kayleigh's family copy, in both formats:
    # the action names Amara and Ruby, so Marcus's and Liam's copies leave it out.
    # So do the print packs holding them: the whole case's, and Kayleigh's envelope (joined again, not rendered).
    assert set(changed) == {f"{stem}.{fmt}" for stem in ("summary-sheet_baseline", "summary-sheet_review-1", "family-copy_kayleigh") for fmt in ("docx", "pdf")} | {
        "FSN-2026-0142_print-pack.pdf", "FSN-2026-0142_print-pack_kayleigh.pdf"}
    assert after.rendered == 6
    assert after.reused == cold.documents - 6
    assert new == files_of(cold.cases[0].folder)


def test_an_edited_template_renders_everything_again(tmp_path, raw, write_case, cache):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[templates]\ndir = "templates"\n', encoding="utf-8")
    settings = load_settings(settings_file)
    case = write_case(raw)
    first = run([case], tmp_path / "one", settings, cache)
    assert run([case], tmp_path / "two", settings, cache).reused == first.rendered == 18

    letter = templates / "html" / "closure-letter.html"
    letter.write_text(letter.read_text(encoding="utf-8").replace("{% block letter %}", "{% block letter %}<p>Edited wording.</p>"), encoding="utf-8")
    edited = run([case], tmp_path / "three", settings, cache)
    assert (edited.rendered, edited.reused) == (18, 0)
    assert "Edited wording." not in pdf_text(tmp_path / "two" / "FSN-2026-0142" / "closure-letter_kayleigh.pdf")
    assert "Edited wording." in pdf_text(tmp_path / "three" / "FSN-2026-0142" / "closure-letter_kayleigh.pdf")


@pytest.mark.parametrize("where", ["docx/closure-letter.docx", "wording/closure.txt"])
def test_any_file_changed_or_added_under_templates_renders_everything_again(tmp_path, raw, write_case, cache, where):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[templates]\ndir = "templates"\n', encoding="utf-8")
    settings = load_settings(settings_file)
    case = write_case(raw)
    run([case], tmp_path / "one", settings, cache)
    target = templates / where
    target.parent.mkdir(exist_ok=True)
    with open(target, "ab") as handle:  # a .docx with a byte after its end still opens; a new wording file is new
        handle.write(b"\n")
    again = run([case], tmp_path / "two", settings, cache)
    assert (again.rendered, again.reused) == (18, 0)


def test_changed_settings_render_everything_again(tmp_path, raw, write_case, cache):
    case = write_case(raw)
    run([case], tmp_path / "one", load_settings(), cache)
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[letters]\nreply_days = 10\n', encoding="utf-8")
    again = run([case], tmp_path / "two", load_settings(settings_file), cache)
    assert (again.rendered, again.reused) == (18, 0)


def test_a_changed_logo_file_renders_everything_again(tmp_path, raw, write_case, cache):
    logo = tmp_path / "logo.png"
    shutil.copyfile(ROOT / "generator" / "data" / "logo.png", logo)
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[organisation]\nlogo = "logo.png"\n', encoding="utf-8")
    case = write_case(raw)
    run([case], tmp_path / "one", load_settings(settings_file), cache)
    Image.new("RGB", (90, 30), "#1f4e79").save(logo)  # same path, new picture
    again = run([case], tmp_path / "two", load_settings(settings_file), cache)
    assert (again.rendered, again.reused) == (18, 0)


def test_the_cache_stays_within_its_size_and_keeps_the_most_recently_used(tmp_path, raw, write_case, settings):
    # Without print packs: their cover sheets are kept in the cache too (tests/test_packs.py), but are not documents counted here.
    big = RenderCache(tmp_path / "big")
    run([write_case(raw)], tmp_path / "measure", settings, big, documents=("closure-letter",), packs=False)
    sizes = sorted(p.stat().st_size for p in (tmp_path / "big").glob("??/*"))
    assert len(sizes) == 14
    bound = sum(sizes[-5:])  # room for five entries, whichever they are
    small = RenderCache(tmp_path / "small", max_bytes=bound)
    first = run([write_case(raw)], tmp_path / "one", settings, small, documents=("closure-letter",), packs=False)
    kept = list((tmp_path / "small").glob("??/*"))
    assert sum(p.stat().st_size for p in kept) <= bound
    assert 5 <= len(kept) < 14
    again = run([write_case(raw)], tmp_path / "two", settings, small, documents=("closure-letter",), packs=False)
    assert again.reused == len(kept) and again.rendered == 14 - len(kept)
    assert files_of(again.cases[0].folder) == files_of(first.cases[0].folder)


def test_a_damaged_entry_is_rendered_again_not_used(tmp_path, raw, write_case, settings, cache):
    case = write_case(raw)
    first = run([case], tmp_path / "one", settings, cache, documents=("closure-letter",), packs=False)
    entry = next((tmp_path / "cache").glob("??/*"))
    entry.write_bytes(entry.read_bytes()[:-100])
    again = run([case], tmp_path / "two", settings, cache, documents=("closure-letter",), packs=False)
    assert (again.rendered, again.reused) == (1, 13)
    assert files_of(again.cases[0].folder) == files_of(first.cases[0].folder)


def test_the_command_keeps_its_cache_private_under_xdg_cache_home_and_says_what_it_reused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    command = ["build", str(REFERENCE), "-o", str(tmp_path / "out"), "--documents", "closure-letter", "--date", "2026-11-22"]
    assert main(command) == 0
    assert "14 document(s) rendered, 0 reused from the render cache" in capsys.readouterr().out
    assert main(command) == 0
    assert "0 document(s) rendered, 14 reused from the render cache" in capsys.readouterr().out

    folder = tmp_path / "xdg" / "casepack" / "renders"
    for path in (tmp_path / "xdg", tmp_path / "xdg" / "casepack", folder, *folder.glob("??")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    entries = list(folder.glob("??/*"))
    assert len(entries) == 14 + 8  # and the print packs' cover sheets (one per envelope, 7) and contents page
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in entries)


def test_no_cache_renders_everything_and_keeps_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    command = ["build", str(REFERENCE), "-o", str(tmp_path / "out"), "--documents", "closure-letter", "--no-cache"]
    assert main(command) == 0
    assert main(command) == 0
    assert capsys.readouterr().out.count("14 document(s) rendered\n") == 2
    assert not (tmp_path / "xdg").exists()


def test_an_unchanged_rebuild_writes_the_same_folder_and_manifest(tmp_path, settings, cache):
    run([REFERENCE], tmp_path / "out", settings, cache)
    manifest = (tmp_path / "out" / "FSN-2026-0142" / "manifest.json").read_bytes()
    again = run([REFERENCE], tmp_path / "out", settings, cache)
    assert again.reused == 18
    assert (tmp_path / "out" / "FSN-2026-0142" / "manifest.json").read_bytes() == manifest
    assert len([d for d in json.loads(manifest)["documents"] if d["document"] != "print-pack"]) == 18


def test_the_web_page_keeps_nothing_in_the_render_cache(tmp_path, settings, monkeypatch):
    """Each upload is built once and then deleted with its job: a cache could not be used again, and
    would keep children's data after the job is gone; so the web page builds without one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    store = Store(settings, keep_seconds=600, root=tmp_path)
    try:
        job = store.new_job()
        store.add_file(job, "case.json", "json", REFERENCE.read_bytes())
        closure_letters = {e.index: frozenset(p["name"] for p in e.plans if p["document"] == "closure-letter") for e in job.ready}
        assert store.start_build(job, closure_letters, ("pdf",))
        deadline = time.monotonic() + 120
        while job.state == "building" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [f.status for f in job.files] == ["built"]
        assert [d["document"] for d in job.files[0].documents].count("closure-letter") == 7
    finally:
        store.close()
    assert not (tmp_path / "xdg").exists()


def test_a_team_folder_and_the_built_in_templates_both_count_in_the_fingerprint(tmp_path, settings):
    import dataclasses

    from generator.cache import build_fingerprint

    team = tmp_path / "team"
    (team / "wording" / "en").mkdir(parents=True)
    ours = dataclasses.replace(settings, templates_dir=team)
    empty = build_fingerprint(ours)
    (team / "docx").mkdir()
    shutil.copy(settings.templates_dir / "docx" / "closure-letter.docx", team / "docx")
    assert build_fingerprint(ours) == empty  # a file the same as the built-in one changes nothing
    (team / "docx" / "closure-letter.docx").write_bytes(b"a changed template")
    assert build_fingerprint(ours) != empty
    (team / "docx" / "closure-letter.docx").unlink()
    # A team's wording file is merged over the built-in one: both count.
    (team / "wording" / "en" / "closure-letter.toml").write_text('thanks = "Thank you."\n', encoding="utf-8")
    with_wording = build_fingerprint(ours)
    assert with_wording != empty
    (team / "wording" / "en" / "closure-letter.toml").write_text('thanks = "Thank you!"\n', encoding="utf-8")
    assert build_fingerprint(ours) != with_wording
