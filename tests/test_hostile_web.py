"""The web page against guessing and hostile uploads (issue 15): strong tokens only on the network, one
global limit on failed sign-ins, logs without tokens or usable upload ids, the input size limit."""

from __future__ import annotations

import json
import logging
import re

import pytest
from test_web_http import REFERENCE, STRONG_TOKEN, csrf_of, job_of, start, upload  # noqa: F401 - start is a fixture

from generator.cli import main
from generator.errors import UsageError
from generator.web.security import MIN_TOKEN_BITS, SignInGuard, UploadLimits, check_bind, token_bits


@pytest.mark.parametrize("token", ["a", "zz", "a-long-token", "passwordpasswordpasswordpassword", "from-the-environment"])
def test_a_guessable_token_is_refused_on_the_network_with_a_strong_one_offered(token):
    with pytest.raises(UsageError) as refused:
        check_bind("0.0.0.0", token)
    message = str(refused.value)
    assert "the access token is too easy to guess" in message and f"at least {MIN_TOKEN_BITS} are needed" in message
    offered = re.search(r"--token (\S+)", message).group(1)
    assert offered != token and token_bits(offered) >= 256
    check_bind("0.0.0.0", offered)  # the offered token is accepted
    with pytest.raises(UsageError, match="too easy to guess"):
        check_bind("127.0.0.1", token)  # a token on 127.0.0.1 means a proxy in front: as strong
    check_bind("127.0.0.1", None)


def test_without_a_token_the_refusal_offers_one_too():
    with pytest.raises(UsageError, match=r"Here is a new random one you can use: --token [A-Za-z0-9_-]{43}"):
        check_bind("192.0.2.10", None)


def test_serve_refuses_a_short_token_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("CASEPACK_TOKEN", "ab")
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "too easy to guess" in capsys.readouterr().err


def _sign_in(client, token: str):
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"csrf": csrf, "token": token, "next": "/"}, follow_redirects=False)


def test_one_global_limit_on_failed_sign_ins_stops_guessing_and_logs_no_token(start, caplog):
    caplog.set_level(logging.INFO)
    client = start(token=STRONG_TOKEN, failed_sign_in_delay=0, max_failed_sign_ins=5)
    guesses = [f"{a}{b}" for a in "abc" for b in "xy"][:5]
    for guess in guesses:
        assert _sign_in(client, guess).status_code == 401
    # The limit is the server's, not the client's: the right token is refused too until the window passes.
    locked = _sign_in(client, STRONG_TOKEN)
    assert locked.status_code == 429 and "Sign-in is paused" in locked.text
    assert client.get("/", headers={"authorization": f"Bearer {STRONG_TOKEN}"}, follow_redirects=False).status_code == 303
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("casepack")]
    assert [m for m in ours if m.startswith("sign-in failed")] == [f"sign-in failed (sign-in form): {n} in the last 60 s" for n in range(1, 6)]
    assert "sign-in paused for everyone: 5 failures in 60 s" in ours
    logged = caplog.text
    for guess in guesses:
        assert f"'{guess}'" not in logged and f" {guess} " not in logged and f"={guess}" not in logged
    assert STRONG_TOKEN not in logged


def test_wrong_bearer_tokens_count_against_the_same_limit(start):
    client = start(token=STRONG_TOKEN, failed_sign_in_delay=0, max_failed_sign_ins=3)
    for guess in ("aa", "ab", "ac"):
        assert client.get("/", headers={"authorization": f"Bearer {guess}"}, follow_redirects=False).status_code == 303
    assert _sign_in(client, STRONG_TOKEN).status_code == 429


def test_the_limit_lifts_when_the_failures_leave_the_window():
    now = [1000.0]
    guard = SignInGuard(max_failures=2, window_seconds=60, clock=lambda: now[0])
    guard.failed("test")
    now[0] += 30
    guard.failed("test")
    assert guard.locked()
    now[0] += 31  # the first failure is now more than 60 s old
    assert not guard.locked()


def test_an_upload_over_the_input_limit_is_refused_unread(start, caplog):
    client = start(limits=UploadLimits(max_input_bytes=10 * 1024))
    response = upload(client, ("case.json", REFERENCE.read_bytes()))
    assert response.status_code == 200
    size = round(REFERENCE.stat().st_size / 1024)
    assert f"case.json is {size} KB, more than the 10 KB a case file may be, so it was not read." in response.text


def test_serve_passes_max_input_mb_to_the_page(monkeypatch, tmp_path):
    import uvicorn

    from generator.web import server

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app))
    monkeypatch.setattr(server, "configure_logging", lambda: None)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert main(["serve", "--max-input-mb", "0.5"]) == 0
    assert started["app"].state.store.max_input_bytes == 512 * 1024


def test_a_lone_surrogate_is_listed_at_its_field_and_a_word_only_build_is_not_offered(start, raw):
    client = start()
    raw["family"][0]["name"] = "Kay\udc00leigh"
    response = upload(client, ("case.json", json.dumps(raw).encode()))
    assert response.status_code == 200
    assert "/family/0/name" in response.text and "U+DC00" in response.text
    store = client.app.state.store
    job = store.get(job_of(response))
    assert [f.status for f in job.files] == ["invalid"]


@pytest.mark.parametrize("data, said", [
    (b'{"case": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "case.json is nested far deeper than a case file is, so it was not read."),
    (b'{"schema_version": ' + b"9" * 5000 + b"}", "case.json holds a number thousands of digits long, which no case needs, so it was not read."),
])
def test_json_too_deep_or_with_a_huge_number_is_refused_saying_so(start, data, said):
    client = start()
    response = upload(client, ("case.json", data))
    assert response.status_code == 200 and said in response.text and "Not read" in response.text
