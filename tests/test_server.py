"""`faq-bot serve`'s application through Starlette's test client: every route,
every error status, the context round trip, CORS, and the page's safety."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED_FAQ, needs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faq_bot import FaqBot, Status
from faq_bot.cli import main

needs("starlette", "uvicorn", "httpx")

from starlette.testclient import TestClient  # noqa: E402

from faq_bot.server import MAX_BODY, _one_write_protocol, create_app  # noqa: E402

STATIC = Path(__file__).resolve().parent.parent / "faq_bot" / "static"
JSON = {"content-type": "application/json"}


# POST /v1/ask takes a short way past Starlette's middleware unless CORS is
# on; every answer and every error must be the same both ways.
@pytest.fixture(scope="module", params=["short way", "through CORS"])
def client(request: pytest.FixtureRequest, bot: FaqBot) -> Iterator[TestClient]:
    origins = ["https://clinic.example"] if request.param == "through CORS" else []
    with TestClient(create_app(bot=bot, cors_origins=origins)) as client:
        yield client


def ask(client: TestClient, question: str, **fields: Any) -> dict[str, Any]:
    response = client.post("/v1/ask", json={"question": question, **fields})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


# --- POST /v1/ask ---------------------------------------------------------------------


# One question of each status: the API must say exactly what `ask --json` says.
@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("what is failed back syndrome", Status.ANSWERED),
        ("how do i renew my passport", Status.NO_MATCH),
        ("I suddenly can't control my bladder", Status.URGENT),
    ],
)
def test_the_reply_is_ask_json_plus_a_context(
    client: TestClient, capsys: pytest.CaptureFixture[str], question: str, status: Status
) -> None:
    body = ask(client, question)
    assert "context" in body
    del body["context"]
    assert main(["ask", "--json", question]) == 0
    assert body == json.loads(capsys.readouterr().out)
    assert body["status"] == status.value


def test_the_done_when_question_reaches_the_definition(client: TestClient) -> None:
    assert ask(client, "what is failed back syndrome")["section"] == "definition"


def test_top_sets_how_many_alternatives(client: TestClient) -> None:
    assert ask(client, "what is failed back syndrome", top=0)["alternatives"] == []
    assert len(ask(client, "what is failed back syndrome", top=5)["alternatives"]) == 5


def test_the_context_goes_round(client: TestClient) -> None:
    first = ask(client, "what is failed back syndrome")
    second = ask(client, "and what causes it?", context=first["context"])
    third = ask(client, "does smoking matter", context=second["context"])
    assert third["status"] == "answered"
    # The first question of a conversation may send null, or nothing.
    assert ask(client, "what is failed back syndrome", context=None)["context"] == first["context"]


def test_a_follow_up_needs_the_context_it_follows(client: TestClient) -> None:
    # The server keeps no session: "tell me more" means something only with
    # the context the last reply handed out.
    first = ask(client, "what is failed back syndrome")
    more = ask(client, "tell me more", context=first["context"])
    alone = ask(client, "tell me more")
    assert more["status"] == "smalltalk"
    assert {e["id"] for e in more["followups"]} - {first["id"]}
    assert alone["followups"] == []


# Values no reply ever hands out: a client that sends one back has a bug.
@pytest.mark.parametrize(
    "context",
    [
        "not a context",
        42,
        True,
        [1, 2],
        {"unexpected": True},
        {"topic": 5},
        {"topic": "x" * 10_000},
        {"choices": "what-is-fbs"},
        {"choices": ["Not An Id"]},
    ],
)
def test_a_malformed_context_is_a_400(client: TestClient, context: object) -> None:
    response = client.post("/v1/ask", json={"question": "what is fbss", "context": context})
    assert response.status_code == 400
    assert "'context'" in response.json()["error"]["message"]


def test_lone_surrogates_in_a_question_still_get_a_reply(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b'{"question": "what is fbss \\ud800"}', headers=JSON)
    assert response.status_code == 200
    assert response.json()["query"] == "what is fbss \ufffd"


# --- errors -------------------------------------------------------------------------------


class _Chunks:
    """A body sent in chunks, with no length to check first; anew each time it is sent."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.total // 1024):
            yield b" " * 1024


# Every way a request can go wrong, with the status and a word of the message
# that tells the client what to fix.
ERRORS = [
    ("POST /v1/ask", {"content": b'{"question": ', "headers": JSON}, 400, "not valid JSON"),
    ("POST /v1/ask", {"content": b'{"question": "\xff"}', "headers": JSON}, 400, "not UTF-8"),
    ("POST /v1/ask", {"content": b"[" * 10_000, "headers": JSON}, 400, "too deeply nested"),
    ("POST /v1/ask", {"content": b'{"question": "x", "top": NaN}', "headers": JSON}, 400, "NaN"),
    ("POST /v1/ask", {"json": ["what is fbss"]}, 400, "must be a JSON object, not an array"),
    ("POST /v1/ask", {"json": {}}, 400, "'question' is missing"),
    ("POST /v1/ask", {"json": {"question": 3}}, 400, "'question' must be a string, not a number"),
    ("POST /v1/ask", {"json": {"question": " \n"}}, 400, "'question' is empty"),
    ("POST /v1/ask", {"json": {"question": "x", "top": 11}}, 400, "'top'"),
    ("POST /v1/ask", {"json": {"question": "x", "top": True}}, 400, "'top'"),
    ("POST /v1/ask", {"json": {"questoin": "x"}}, 400, "unknown field 'questoin'"),
    ("POST /v1/ask", {"content": b" " * (MAX_BODY + 1), "headers": JSON}, 413, "over 16384 bytes"),
    ("POST /v1/ask", {"content": _Chunks(MAX_BODY + 1024), "headers": JSON}, 413, "over 16384 bytes"),
    ("POST /v1/ask", {"content": b'{"question": "x"}'}, 415, "content-type: application/json"),
    ("POST /v1/ask", {"data": {"question": "x"}}, 415, "content-type: application/json"),
    (
        "POST /v1/ask",
        {"content": b'{"question": "x"}', "headers": {"content-type": "application/json; charset=latin-1"}},
        415,
        "application/json",
    ),
    ("GET /v1/ask", {}, 405, "method not allowed"),
    ("DELETE /v1/topics", {}, 405, "method not allowed"),
    ("GET /v1/entries/no-such-entry", {}, 404, "no entry has the id 'no-such-entry'"),
    ("GET /nowhere", {}, 404, "no such page"),
    ("GET /static/../server.py", {}, 404, ""),
]


@pytest.mark.parametrize(("route", "request_args", "status", "words"), ERRORS)
def test_errors_are_json_with_one_shape(
    client: TestClient, route: str, request_args: dict[str, Any], status: int, words: str
) -> None:
    method, path = route.split()
    response = client.request(method, path, **request_args)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status
    assert words in error["message"]
    assert "Traceback" not in response.text


def test_a_failure_inside_is_a_500_without_a_trace(bot: FaqBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("SECRET internal detail")

    monkeypatch.setattr(bot, "ask", broken)
    with TestClient(create_app(bot=bot), raise_server_exceptions=False) as client:
        response = client.post("/v1/ask", json={"question": "what is fbss"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "SECRET" not in response.text
    assert "Traceback" not in response.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: (
            st.lists(inner) | st.dictionaries(st.sampled_from(["question", "top", "context", "x"]), inner)
        ),
        max_leaves=8,
    )
)
def test_no_json_body_makes_the_server_fail(client: TestClient, body: object) -> None:
    response = client.post("/v1/ask", content=json.dumps(body).encode(), headers=JSON)
    assert response.status_code in (200, 400)
    assert ("error" in response.json()) == (response.status_code != 200)


# --- the other routes ----------------------------------------------------------------------


def test_topics_lists_every_section_and_entry(client: TestClient, bot: FaqBot) -> None:
    topics = client.get("/v1/topics").json()
    assert [s["id"] for s in topics["sections"]] == [s.id for s in bot.faq.sections]
    listed = [e["id"] for s in topics["sections"] for e in s["entries"]]
    assert sorted(listed) == sorted(e.id for e in bot.faq.entries)
    assert topics["source"]["title"] == bot.faq.source.title
    assert topics["reminder"] == bot.faq.reminder


def test_each_entry_is_served_by_its_id(client: TestClient, bot: FaqBot) -> None:
    for entry in bot.faq.entries:
        body = client.get(f"/v1/entries/{entry.id}").json()
        assert (body["id"], body["question"], body["answer"]) == (entry.id, entry.question, entry.answer)
        assert body["reminder"] == bot.faq.reminder


def test_every_suggestion_id_opens_its_entry(client: TestClient) -> None:
    reply = ask(client, "is back pain after surgery normal")
    assert reply["alternatives"]
    for alternative in reply["alternatives"]:
        assert client.get(f"/v1/entries/{alternative['id']}").status_code == 200


def test_healthz_is_ready_only_once_the_faq_is_loaded() -> None:
    app = create_app([BUNDLED_FAQ])
    before = TestClient(app)  # outside `with`: the lifespan, which loads the FAQ, has not run
    assert before.get("/healthz").status_code == 503
    assert before.post("/v1/ask", json={"question": "what is fbss"}).json()["error"]["code"] == "not_ready"
    with TestClient(app) as client:
        health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["entries"] > 0


def test_a_faq_that_fails_to_load_logs_one_line_and_stays_not_ready(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="faq_bot.server"), TestClient(create_app([bad])) as client:
        assert client.get("/healthz").status_code == 503
    [record] = [r for r in caplog.records if r.name == "faq_bot.server"]
    assert record.levelno == logging.ERROR
    assert str(bad) in record.getMessage()
    assert "\n" not in record.getMessage()


# --- the OpenAPI description ----------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()  # type: ignore[no-any-return]


def test_openapi_describes_every_api_route(client: TestClient, openapi: dict[str, Any]) -> None:
    served = {re.sub(r"\{\w+\}", "{}", route.path) for route in client.app.routes}  # type: ignore[attr-defined]
    described = {re.sub(r"\{\w+\}", "{}", path) for path in openapi["paths"]}
    assert described == served - {"/", "/static/{}"}


# The described shapes are the served ones, for each kind of reply and error.
@pytest.mark.parametrize(
    ("route", "body", "schema"),
    [
        ("POST /v1/ask", {"question": "what is failed back syndrome"}, "Reply"),
        ("POST /v1/ask", {"question": "how do i renew my passport"}, "Reply"),
        ("POST /v1/ask", {"question": "I can't control my bladder"}, "Reply"),
        ("POST /v1/ask", {"question": 3}, "Error"),
        ("GET /v1/topics", None, "Topics"),
        ("GET /v1/entries/what-is-failed-back-syndrome", None, "Entry"),
        ("GET /v1/entries/nope", None, "Error"),
        ("GET /healthz", None, "Health"),
    ],
)
def test_responses_match_the_openapi_schemas(
    client: TestClient, openapi: dict[str, Any], route: str, body: object, schema: str
) -> None:
    from jsonschema import Draft202012Validator

    method, path = route.split()
    response = client.request(method, path, json=body) if body is not None else client.request(method, path)
    validator = Draft202012Validator({**openapi, "$ref": f"#/components/schemas/{schema}"})
    validator.validate(response.json())


def test_openapi_carries_the_version(openapi: dict[str, Any]) -> None:
    import faq_bot

    assert openapi["info"]["version"] == faq_bot.__version__


# --- the page -------------------------------------------------------------------------------


def test_the_page_and_its_files_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    for name, kind in (
        ("chat.js", "text/javascript"),
        ("chat.css", "text/css"),
        ("icon.svg", "image/svg+xml"),
    ):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(kind)


def test_the_page_loads_nothing_from_elsewhere() -> None:
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text) + re.findall(r"url\(([^)]*)\)", text)
        assert [link for link in links if re.match(r"[a-z]+:|//", link)] == [], path.name
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html  # nothing inline: the policy would block it
    assert "style=" not in html


def test_the_script_never_inserts_text_as_html() -> None:
    script = (STATIC / "chat.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script


def test_the_page_has_a_live_region_and_a_labelled_input() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="log"[^>]*role="log"[^>]*aria-live="polite"', html)
    assert '<label for="question">' in html
    assert 'name="viewport"' in html


# --- CORS -----------------------------------------------------------------------------------


def test_cors_is_off_by_default(bot: FaqBot) -> None:
    client = TestClient(create_app(bot=bot))
    response = client.post(
        "/v1/ask", json={"question": "what is fbss"}, headers={"origin": "https://elsewhere.example"}
    )
    assert "access-control-allow-origin" not in response.headers
    assert client.options("/v1/ask", headers=_preflight("https://elsewhere.example")).status_code == 405


def test_cors_lets_only_the_named_origins_in(bot: FaqBot) -> None:
    with TestClient(create_app(bot=bot, cors_origins=["https://clinic.example"])) as client:
        allowed = client.options("/v1/ask", headers=_preflight("https://clinic.example"))
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://clinic.example"
        asked = client.post(
            "/v1/ask", json={"question": "what is fbss"}, headers={"origin": "https://clinic.example"}
        )
        assert asked.headers["access-control-allow-origin"] == "https://clinic.example"
        other = client.post(
            "/v1/ask", json={"question": "what is fbss"}, headers={"origin": "https://elsewhere.example"}
        )
        assert "access-control-allow-origin" not in other.headers


def _preflight(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }


# --- mounting and the transport -------------------------------------------------------


def test_the_app_answers_mounted_under_a_prefix(bot: FaqBot) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    outer = Starlette(routes=[Mount("/faq", app=create_app(bot=bot))])
    with TestClient(outer) as client:
        reply = client.post("/faq/v1/ask", json={"question": "what is failed back syndrome"})
        assert reply.json()["section"] == "definition"
        assert client.post("/faq/v1/ask", json={}).status_code == 400
        assert client.post("/v1/ask", json={"question": "what is fbss"}).status_code == 404


class _Recorder:
    """A transport that keeps what is written to it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...


def _exchange(bot: FaqBot, request: bytes, *, replies: int) -> _Recorder:
    """``request`` through uvicorn's HTTP protocol as `faq-bot serve` runs it,
    until ``replies`` replies are whole and a little after."""
    from uvicorn import Config
    from uvicorn.server import ServerState

    async def run() -> _Recorder:
        config = Config(create_app(bot=bot), lifespan="off", log_config=None, access_log=False)
        protocol = _one_write_protocol()(config, ServerState(), {})
        transport = _Recorder()
        protocol.connection_made(transport)
        protocol.data_received(request)
        for _ in range(400):
            if b"".join(transport.writes).count(b"HTTP/1.1 ") >= replies:
                break
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.02)  # for a write that would come late
        protocol.connection_lost(None)
        return transport

    return asyncio.run(run())


# uvicorn writes a response's head and its body separately: two system calls,
# and a client woken twice. The server hands each reply over in one write.
@pytest.mark.parametrize(
    ("request_line", "body"),
    [
        ("POST /v1/ask", b'{"question": "what is failed back syndrome"}'),
        ("POST /v1/ask", b'{"question": 3}'),
        ("GET /v1/topics", b""),
        ("HEAD /healthz", b""),  # a head and no body at all
    ],
)
def test_each_reply_leaves_in_one_write(bot: FaqBot, request_line: str, body: bytes) -> None:
    method, path = request_line.split()
    request = (
        f"{method} {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode() + body
    # Two requests, one after the other on one connection.
    transport = _exchange(bot, request + request, replies=2)
    assert len(transport.writes) == 2
    for written in transport.writes:
        head, _, rest = written.partition(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head, re.I)[1])  # type: ignore[index]
        assert len(rest) == (0 if method == "HEAD" else length)


# --- the command --------------------------------------------------------------------------


def test_serve_refuses_a_bad_faq_in_one_line_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [\n", encoding="utf-8")
    assert main(["serve", "--faq", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"faq-bot: error: {bad}:")
    assert err.count("\n") == 1


@pytest.mark.parametrize("args", [["--workers", "0"], ["--port", "0"], ["--port", "70000"]])
def test_serve_refuses_bad_numbers(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", *args]) == 2
    assert "faq-bot: error:" in capsys.readouterr().err


def test_workers_without_fork_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    monkeypatch.delattr(os, "fork")
    assert main(["serve", "--workers", "2"]) == 2
    assert "needs fork()" in capsys.readouterr().err
