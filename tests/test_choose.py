"""Building only some people's or some meetings' documents: the library's BuildRequest and the CLI flags."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import BUILD_DATE, REFERENCE, ROOT

from generator.errors import UsageError
from generator.pipeline import BuildRequest, build


def built(tmp_path, settings, **choices) -> list[tuple[str, str | None, str | None]]:
    """(file, recipient, subject) of every document written, as the manifest lists them."""
    out = tmp_path / "out"
    result = build(BuildRequest((REFERENCE,), out, settings, ("docx",), today=BUILD_DATE, jobs=1, **choices))
    assert result.ok, [str(c.error) for c in result.cases]
    manifest = json.loads((out / "FSN-2026-0142" / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in (out / "FSN-2026-0142").iterdir() if p.name != "manifest.json")
    assert files == sorted(d["path"] for d in manifest["documents"])
    return [(d["path"], d["recipient"], d["subject"]) for d in manifest["documents"]]


def test_one_meeting_gives_its_list_and_a_letter_for_each_invitee(tmp_path, settings, reference_data):
    m1 = next(m for m in reference_data["meetings"] if m["id"] == "m1")
    invitees = [i["person"] for i in m1["invitees"]]
    documents = built(tmp_path, settings, meetings=("m1",))
    assert ("invitation-list_m1.docx", None, "m1") in documents
    letters = [recipient for name, recipient, _ in documents if name.startswith("invitation-letter_")]
    assert sorted(letters) == sorted(invitees)
    assert {subject for _, _, subject in documents} == {"m1"}
    assert len(documents) == len(invitees) + 1


def test_the_meeting_with_a_family_meeting_agreement_includes_it(tmp_path, settings):
    documents = built(tmp_path, settings, meetings=("m2",))
    assert ("family-meeting-agreement_m2.docx", None, "m2") in documents
    assert not any(subject != "m2" for _, _, subject in documents)


def test_one_person_gives_only_the_documents_addressed_to_them(tmp_path, settings):
    documents = built(tmp_path, settings, recipients=("kayleigh",))
    assert {recipient for _, recipient, _ in documents} == {"kayleigh"}
    kinds = sorted(name.removesuffix(".docx") for name, _, _ in documents)
    assert kinds == sorted([
        "family-copy_kayleigh", "assessment-agreement_kayleigh", "invitation-letter_m1_kayleigh", "invitation-letter_m2_kayleigh",
        "closure-letter_kayleigh", "feedback-sheet_kayleigh",
    ])  # fmt: skip


def test_people_and_a_meeting_together_give_what_is_both(tmp_path, settings):
    documents = built(tmp_path, settings, recipients=("kayleigh", "gp"), meetings=("m1",))
    assert sorted(name for name, _, _ in documents) == ["invitation-letter_m1_gp.docx", "invitation-letter_m1_kayleigh.docx"]


def test_an_unknown_id_is_a_usage_error_listing_the_known_ones(tmp_path, settings):
    with pytest.raises(UsageError) as caught:
        build(BuildRequest((REFERENCE,), tmp_path / "out", settings, ("docx",), today=BUILD_DATE, jobs=1, recipients=("bob",), meetings=("m1", "m9")))
    message = str(caught.value)
    assert message.startswith("'bob' is not the id of any person in the case; the person ids are: amara, angela, denise, gp, ")
    assert message.endswith("; and 'm9' is not the id of any meeting in the case; the meeting ids are: m1, m2")
    assert not (tmp_path / "out").exists()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_meetings_and_recipients_flags(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(REFERENCE), "-o", str(out), "--format", "docx", "--date", BUILD_DATE.isoformat(),
                     "--meetings", "m2", "--recipients", "ruby, priya", "--no-cache")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "FSN-2026-0142").iterdir()) == [
        "invitation-letter_m2_priya.docx", "invitation-letter_m2_ruby.docx", "manifest.json",
    ]  # fmt: skip


def test_cli_unknown_meeting_is_a_usage_error_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(REFERENCE), "-o", str(out), "--meetings", "20-november")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "casepack: '20-november' is not the id of any meeting in the case; the meeting ids are: m1, m2"
    assert not out.exists() or list(out.iterdir()) == []


def test_cli_an_empty_list_of_ids_is_a_usage_error(tmp_path):
    result = run_cli("build", str(REFERENCE), "-o", str(tmp_path / "out"), "--recipients", " , ")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "casepack: --recipients needs at least one id; separate several with commas, as in --recipients kayleigh,gp"


def test_names_choose_exactly_the_documents_named_as_the_web_page_does(tmp_path, settings):
    documents = built(tmp_path, settings, names=frozenset({"invitation-list_m1", "closure-letter_gp"}))
    assert sorted(name for name, _, _ in documents) == ["closure-letter_gp.docx", "invitation-list_m1.docx"]
