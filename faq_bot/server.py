"""faq-bot over HTTP: a JSON API and a web chat page (``faq-bot serve``).

Needs the ``server`` extra (Starlette and uvicorn); nothing else in faq-bot
imports this module. :func:`create_app` builds the ASGI application, to serve
or to mount in another one; :func:`serve` runs it with uvicorn, in one
process or in ``workers`` forked ones sharing one socket.

The server keeps no session state: each reply carries a ``context`` value
that the client sends back with its next question, so any worker or machine
can answer any request. Error bodies always have one shape,
``{"error": {"status": 400, "code": "bad_request", "message": "..."}}``,
and never hold a stack trace. Access log lines name the method, the route
and the status, never a question or a query string.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import gc
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .bot import FaqBot
from .cache import load_indexed
from .conversation import Context, respond_in_context
from .errors import FaqError
from .model import Faq, Reply
from .text import sanitize

__all__ = ["MAX_BODY", "create_app", "serve"]

log = logging.getLogger("faq_bot.server")

#: The largest request body read, in bytes: a question needs far less.
MAX_BODY = 16 * 1024
#: The most alternatives a client may ask for.
MAX_TOP = 10
_MAX_ID = 200
#: A question's body needs 3 levels; deeper JSON is refused before it is parsed.
MAX_JSON_DEPTH = 32

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    500: "internal_error",
    503: "not_ready",
}

# The page loads only its own script, style and icon, talks only to this
# server, and may not be framed; nothing inline runs.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "content-security-policy": _CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    # Replies echo the question: no cache on the way may keep them.
    "cache-control": "no-store",
}
_STATIC = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_ASK_FIELDS = ("question", "top", "context")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CHARSET = re.compile(r"charset\s*=\s*\"?([\w-]+)", re.I)


class _BadRequest(Exception):
    """The request can't be served as sent; ``status`` says why (400, 413, 415)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# Made once: json.dumps and json.loads with options build a new one on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_bytes(value: object) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


_RAW_HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in _HEADERS.items()]


def _response(body: bytes, status: int = 200, *, media_type: str = "application/json") -> Response:
    response = Response(body, status_code=status, media_type=media_type)
    response.raw_headers += _RAW_HEADERS  # encoded once, not on every response
    return response


def _error_body(status: int, message: str) -> bytes:
    return _json_bytes({"error": {"status": status, "code": _CODES[status], "message": message}})


def _error(status: int, message: str, *, headers: dict[str, str] | None = None) -> Response:
    response = _response(_error_body(status, message), status)
    response.headers.update(headers or {})
    return response


# --- what the API says ----------------------------------------------------------------


def _respond(bot: FaqBot, question: str, context: object, top: int | None) -> tuple[Reply, object]:
    """The one place a question meets the bot: the reply, and the context the
    client sends back with its next question (:class:`Context`, as JSON).
    Raises ValueError for a context no reply hands out. Ids the FAQ no
    longer has (after a reload) are dropped rather than refused."""
    before = None if context is None else Context.from_dict(context)
    reply, after = respond_in_context(bot, question, before, limit=top)
    return reply, after.to_dict()


@dataclass(frozen=True)
class _Loaded:
    """A loaded bot and the JSON bodies that depend only on its FAQ, made once."""

    bot: FaqBot
    topics: bytes
    entries: dict[str, bytes]

    @classmethod
    def of(cls, bot: FaqBot) -> _Loaded:
        faq = bot.faq
        return cls(
            bot, _json_bytes(_topics(faq)), {e.id: _json_bytes(_entry(faq, e.id)) for e in faq.entries}
        )


def _topics(faq: Faq) -> dict[str, Any]:
    source = faq.source
    return {
        "topic": faq.topic,
        "source": None
        if source is None
        else {
            "title": source.title,
            "author": source.author,
            "publisher": source.publisher,
            "date": source.date,
            "url": source.url,
            "citation": source.citation(),
        },
        "reminder": faq.reminder,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "entries": [
                    {"id": e.id, "question": e.question} for e in faq.entries if e.section == section.id
                ],
            }
            for section in faq.sections
        ],
    }


def _entry(faq: Faq, entry_id: str) -> dict[str, Any]:
    entry = faq.entry(entry_id)
    assert entry is not None
    section = faq.section(entry.section)
    return {
        "id": entry.id,
        "question": entry.question,
        "answer": entry.answer,
        "section": entry.section,
        "section_title": section.title if section else None,
        "reminder": faq.reminder,
    }


# --- the application ----------------------------------------------------------------


@dataclass
class _State:
    paths: tuple[str, ...]
    top: int
    loaded: _Loaded | None = None
    #: Freeze what is loaded out of the garbage collector's sight (see _freeze).
    freeze: bool = False
    reloading: asyncio.Task[None] | None = field(default=None, repr=False)

    async def load(self) -> None:
        """:meth:`load_now` off the event loop."""
        await run_in_threadpool(self.load_now)

    def load_now(self) -> None:
        """Load the FAQ; on failure keep what is loaded (or stay not ready)
        and log one line."""
        try:
            faq, index = load_indexed(self.paths)
        except FaqError as exc:
            kept = (
                f"still serving the {len(self.loaded.bot.faq.entries)} entries loaded before"
                if self.loaded
                else "not ready"
            )
            log.error("FAQ not loaded (%s): %s", kept, _one_line(str(exc)))
            return
        self.loaded = _Loaded.of(FaqBot(faq, index=index, limit=self.top))
        if self.freeze:
            _freeze()
        log.info("FAQ loaded: %d entries from %s", len(faq.entries), _one_line(", ".join(faq.paths)))

    def reload_soon(self) -> None:
        if self.reloading is None or self.reloading.done():
            self.reloading = asyncio.get_running_loop().create_task(self.load())


def _freeze() -> None:
    """Move every object alive now, the loaded FAQ and its index above all,
    out of the garbage collector's sight. They live as long as the server,
    and a full collection would rescan them all, pausing every request in
    hand for milliseconds; with workers, it would also copy the pages they
    share with the supervisor."""
    gc.collect()
    gc.freeze()


def _one_line(text: str) -> str:
    return " ".join(sanitize(text).split())


def create_app(
    faq_paths: Sequence[str | os.PathLike[str]] = (),
    *,
    bot: FaqBot | None = None,
    top: int = 3,
    cors_origins: Sequence[str] = (),
    reload_on_sighup: bool = False,
) -> Starlette:
    """The ASGI application.

    With ``bot``, it answers from that bot at once. Otherwise it loads
    ``faq_paths`` (default: as ``faq-bot`` chooses) at start-up, in the
    lifespan, and answers 503 until then: an app mounted where the lifespan
    does not reach it should be given ``bot``. ``cors_origins`` lets pages on
    those origins call the API (none by default). ``reload_on_sighup`` reloads
    the FAQ on SIGHUP; it needs the main thread's event loop, as under uvicorn.
    """
    state = _State(tuple(str(p) for p in faq_paths), top, _Loaded.of(bot) if bot is not None else None)
    return _app(state, cors_origins=cors_origins, reload_on_sighup=reload_on_sighup)


def _app(state: _State, *, cors_origins: Sequence[str], reload_on_sighup: bool) -> Starlette:
    page = _Page.read()
    ask = _Ask(state)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if state.loaded is None:
            await state.load()
        loop = asyncio.get_running_loop()
        if reload_on_sighup:
            loop.add_signal_handler(signal.SIGHUP, state.reload_soon)
        try:
            yield
        finally:
            if reload_on_sighup:
                loop.remove_signal_handler(signal.SIGHUP)

    def ready() -> _Loaded:
        if state.loaded is None:
            raise HTTPException(503, "the FAQ is not loaded yet")
        return state.loaded

    async def topics(_: Request) -> Response:
        return _response(ready().topics)

    async def entry(request: Request) -> Response:
        entry_id = request.path_params["entry_id"]
        found = ready().entries.get(entry_id)
        if found is None:
            return _error(404, f"no entry has the id {_one_line(entry_id[:_MAX_ID])!r}")
        return _response(found)

    async def healthz(_: Request) -> Response:
        if state.loaded is None:
            return _error(503, "the FAQ is not loaded yet")
        faq = state.loaded.bot.faq
        return _response(_json_bytes({"status": "ok", "entries": len(faq.entries), "version": __version__}))

    async def openapi(_: Request) -> Response:
        return _response(page.openapi)

    async def index(_: Request) -> Response:
        return _response(page.index, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return _error(404, "no such file")
        return _response(page.files[name], media_type=_STATIC[name])

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = exc.status_code if exc.status_code in _CODES else 400
        message = exc.detail if status == 503 else _MESSAGES.get(status, "the request is not valid")
        return _error(status, message, headers=dict(exc.headers or {}))

    async def internal_error(_: Request, __: Exception) -> Response:
        return _error(500, "the server failed to answer; the error is in its log")

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["content-type"],
                max_age=600,
            )
        )
    return _App(
        # CORS needs the middleware on every route; without it, asking takes the short way.
        None if cors_origins else ask,
        routes=[
            Route("/v1/ask", ask, methods=["POST"]),
            Route("/v1/topics", topics, methods=["GET"]),
            Route("/v1/entries/{entry_id}", entry, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/", index, methods=["GET"]),
            Route("/static/{name}", static, methods=["GET"]),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )


_MESSAGES = {404: "no such page; the API is under /v1/ (see /openapi.json)", 405: "method not allowed here"}


class _App(Starlette):
    """The Starlette application, with a short way for ``POST /v1/ask``
    when ``ask`` is given: straight to it, past the middleware, the
    router and Starlette's Request and Response, about 10 µs a request
    (a sixth of what the server spends outside the bot). Every other
    request, and every request of an app mounted under a prefix, goes the
    usual way."""

    def __init__(self, ask: _Ask | None, **options: Any) -> None:
        super().__init__(**options)
        self._ask = ask

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self._ask is not None
            and scope["type"] == "http"
            and scope["path"] == "/v1/ask"
            and scope["method"] == "POST"
            and not scope.get("root_path")
        ):
            await self._ask(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


class _Ask:
    """``POST /v1/ask`` as a plain ASGI application: the reply, or an error
    with its JSON body and status, and the security headers either way."""

    def __init__(self, state: _State) -> None:
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            status, body = await self._answer(scope, receive)
        except Exception:
            # As Starlette would: the trace to the log, none in the response.
            log.exception("POST /v1/ask failed")
            status, body = 500, _error_body(500, "the server failed to answer; the error is in its log")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(body)),
            *_RAW_HEADERS,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, receive: Receive) -> tuple[int, bytes]:
        loaded = self.state.loaded
        if loaded is None:
            return 503, _error_body(503, "the FAQ is not loaded yet")
        try:
            question, top, context = _ask_fields(await _json_body(scope, receive))
            reply, new_context = _respond(loaded.bot, question, context, top)
        except _BadRequest as exc:
            return exc.status, _error_body(exc.status, exc.message)
        except ValueError as exc:  # only a context the client made up raises it
            return 400, _error_body(
                400,
                f"'context' is not valid ({exc}): send the previous reply's context back unchanged, or null",
            )
        body = reply.to_dict()
        body["context"] = new_context
        return 200, _json_bytes(body)


@dataclass(frozen=True)
class _Page:
    """The web chat's files and the OpenAPI description, read once from the package."""

    index: bytes
    files: dict[str, bytes]
    openapi: bytes

    @classmethod
    def read(cls) -> _Page:
        folder = resources.files("faq_bot") / "static"
        spec = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
        spec["info"]["version"] = __version__
        return cls(
            index=(folder / "index.html").read_bytes(),
            files={name: (folder / name).read_bytes() for name in _STATIC},
            openapi=_json_bytes(spec),
        )


async def _json_body(scope: Scope, receive: Receive) -> object:
    """The request's JSON body, or :class:`_BadRequest` saying what is wrong with it."""
    content_type = declared = None
    for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get
        if name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
        elif name == b"content-length" and declared is None:
            declared = value.decode("latin-1")
    media_type, _, params = (content_type or "").partition(";")
    charset = params and _CHARSET.search(params)
    if media_type.strip().lower() != "application/json" or (charset and charset[1].lower() != "utf-8"):
        raise _BadRequest(415, "send the body as JSON, with the header 'content-type: application/json'")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise _BadRequest(413, f"the body is over {MAX_BODY} bytes")
    # Read straight from the server, counting: a chunked body has no length to check first.
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _BadRequest(400, "the body ended early")
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            raise _BadRequest(413, f"the body is over {MAX_BODY} bytes")
        if not message.get("more_body", False):
            break
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadRequest(400, f"the body is not UTF-8 (byte {exc.start + 1})") from None
    # Checked here, not left to the recursion limit, which another part of
    # the process may have raised.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _depth(text) > MAX_JSON_DEPTH:
        raise _BadRequest(
            400, f"the body is not valid JSON: too deeply nested ({MAX_JSON_DEPTH} levels at most)"
        )
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise _BadRequest(400, f"the body is not valid JSON: {exc.msg} at {where}") from None
    except (RecursionError, ValueError):
        raise _BadRequest(400, "the body is not valid JSON: too deeply nested, or NaN/Infinity") from None


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _depth(text: str) -> int:
    """How deeply ``text``'s JSON arrays and objects nest (strings skipped)."""
    depth = deepest = 0
    for char in _JSON_STRING.sub('""', text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> object:
    raise ValueError(name)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _ask_fields(body: object) -> tuple[str, int | None, object]:
    if not isinstance(body, dict):
        raise _BadRequest(400, f"the body must be a JSON object, not {_json_type(body)}")
    unknown = sorted(set(body) - set(_ASK_FIELDS))
    if unknown:
        raise _BadRequest(
            400, f"unknown field {_one_line(unknown[0][:40])!r}; the fields are {', '.join(_ASK_FIELDS)}"
        )
    if "question" not in body:
        raise _BadRequest(400, "the field 'question' is missing")
    question = body["question"]
    if not isinstance(question, str):
        raise _BadRequest(400, f"'question' must be a string, not {_json_type(question)}")
    if not question.strip():
        raise _BadRequest(400, "'question' is empty")
    top = body.get("top")
    if top is not None and not (isinstance(top, int) and not isinstance(top, bool) and 0 <= top <= MAX_TOP):
        raise _BadRequest(400, f"'top' must be a whole number from 0 to {MAX_TOP}")
    # JSON may carry lone surrogates ("\\ud800"), which no UTF-8 reply can hold.
    question = _SURROGATE.sub("\ufffd", question)
    return question, top, body.get("context")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


# --- running it ----------------------------------------------------------------------


class _AccessLog:
    """One line per request on stdout: client, method, route, status and
    time taken. The query string and any path the API does not know are
    left out, since a client may put a question there.

    Lines are written in batches, every quarter of a second and at
    shutdown: through :mod:`logging`, one write per request took a fifth
    of the server's CPU in bench/serve.py."""

    EVERY = 0.25  # seconds a line may wait
    BATCH = 500  # lines that are written at once, whatever the wait

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.lines: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":

            async def send_flushed(message: Message) -> None:
                if message["type"].startswith("lifespan.shutdown"):
                    self.flush()
                await send(message)

            await self.app(scope, receive, send_flushed)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            path = scope["path"]
            # A known route's path holds only letters, digits and . - / (no markup or controls).
            path = path if status != 404 and _KNOWN_PATH.fullmatch(path) else "(not logged)"
            client = scope.get("client")
            who = f"{client[0]}:{client[1]}" if client else "-"
            took = 1000 * (time.perf_counter() - start)
            method = _one_line(scope["method"][:20])
            self.lines.append(f'INFO:     {who} "{method} {path}" {status} {took:.1f}ms\n')
            if len(self.lines) == 1:
                asyncio.get_running_loop().call_later(self.EVERY, self.flush)
            elif len(self.lines) >= self.BATCH:
                self.flush()

    def flush(self) -> None:
        if self.lines:
            text = "".join(self.lines)
            self.lines.clear()
            with contextlib.suppress(OSError):  # stdout closed: the lines have nowhere to go
                sys.stdout.write(text)
                sys.stdout.flush()


_KNOWN_PATH = re.compile(
    r"/(v1/(ask|topics|entries/[\w.-]{1,200})|healthz|openapi\.json|static/[\w.-]+)?", re.A
)


class _OneWrite:
    """A connection's transport that sends what is written to it in one turn
    of the event loop as one write. uvicorn writes a response's head and
    body separately: two system calls, two TCP segments, and the client
    woken twice, where one would do (in bench/serve.py, one write took a
    tenth off the server's CPU a request and half off the clients')."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            asyncio.get_running_loop().call_soon(self._flush)
        self._pending.append(data)

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def _one_write_protocol() -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol (httptools when installed, else h11), its
    connections' transports wrapped in :class:`_OneWrite`."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    base: Any = AutoHTTPProtocol

    class OneWriteProtocol(base):  # type: ignore[misc]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(_OneWrite(transport))  # type: ignore[arg-type]

    return OneWriteProtocol


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, and ours beside it on stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["faq_bot.server"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def serve(
    faq_paths: Sequence[str | os.PathLike[str]] = (),
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    cors_origins: Sequence[str] = (),
    access_log: bool = True,
) -> int:
    """Serve the FAQ until SIGTERM or Ctrl-C; reload it on SIGHUP. The FAQ is
    loaded (and checked) before anything listens, so a bad one raises
    :class:`FaqError` here. With ``workers`` above 1, that many processes are
    forked after loading and share the listening socket. Returns the exit
    code: 128 + the signal that stopped it (one worker ends by the signal itself)."""
    import uvicorn

    faq, index = load_indexed(faq_paths)
    state = _State(tuple(str(p) for p in faq_paths), 3, _Loaded.of(FaqBot(faq, index=index)), freeze=True)
    _freeze()
    app = _app(state, cors_origins=cors_origins, reload_on_sighup=True)
    config = uvicorn.Config(
        _AccessLog(app) if access_log else app,
        host=host,
        port=port,
        http=_one_write_protocol(),
        log_config=_log_config(),
        access_log=False,  # ours leaves the query string out
        server_header=False,
        timeout_graceful_shutdown=10,
        lifespan="on",
    )
    if workers <= 1:
        uvicorn.Server(config).run()
        return 0
    return _Workers(config, workers, reload=state.load_now).run()


class _Workers:
    """``count`` forked uvicorn servers on one socket. SIGHUP is passed on
    (each worker reloads its FAQ in place) after ``reload`` has reloaded the
    supervisor's own copy, which a replacement worker starts with. SIGTERM
    and SIGINT stop them all gracefully, and a worker that dies is replaced."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD)

    def __init__(self, config: Any, count: int, *, reload: Callable[[], None]) -> None:
        self.config = config
        self.count = count
        self.reload = reload
        self.pids: dict[int, float] = {}  # pid -> start time

    def run(self) -> int:
        sock = self.config.bind_socket()
        signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        for _ in range(self.count):
            self._start(sock)
        stopped_by = 0
        while self.pids:
            number = signal.sigwaitinfo(self.SIGNALS).si_signo
            if number == signal.SIGHUP and not stopped_by:
                self.reload()
                self._tell(signal.SIGHUP)
            elif number in (signal.SIGTERM, signal.SIGINT) and not stopped_by:
                stopped_by = number
                self._tell(signal.SIGTERM)
            elif number == signal.SIGCHLD:
                self._reap(sock, replace=not stopped_by)
        sock.close()
        # As a shell reports a process that signal ended, like one worker (uvicorn re-raises it).
        return 128 + stopped_by

    def _start(self, sock: Any) -> None:
        pid = os.fork()
        if pid:
            self.pids[pid] = time.monotonic()
            return
        # The child: never back into the supervisor's code, whatever happens.
        code = 1
        try:
            for number in self.SIGNALS:
                signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, self.SIGNALS)
            threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
            import uvicorn

            uvicorn.Server(self.config).run(sockets=[sock])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            log.exception("worker %d failed", os.getpid())
        finally:
            os._exit(code)

    def _tell(self, number: int) -> None:
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    def _reap(self, sock: Any, *, replace: bool) -> None:
        while self.pids:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            started = self.pids.pop(pid, None)
            if started is None or not replace:
                continue
            log.error("worker %d ended (status %d); starting another", pid, status)
            if time.monotonic() - started < 1:
                time.sleep(1)  # a worker that dies at once must not make a fork loop
            self._start(sock)


def _stop_when_orphaned(supervisor: int) -> None:
    """In a worker: stop gracefully once the supervisor is gone (killed
    outright, it could not pass SIGTERM on), rather than serve unsupervised."""
    while os.getppid() == supervisor:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
