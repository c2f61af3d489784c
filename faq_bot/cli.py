"""The ``faq-bot`` command line: a thin layer over the library.

Exit codes are :class:`faq_bot.faces.ExitCode`. Errors print one line,
``faq-bot: error: ...``, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .bot import FaqBot
from .errors import FaqError
from .faces import ExitCode, read_lines
from .loader import ENV_VAR, default_faq_paths, expand_paths, iter_problems, load_faq
from .model import Faq, Reply
from .text import sanitize_line

if TYPE_CHECKING:
    import argparse

LOG_ENV_VAR = "FAQ_BOT_LOG_UNANSWERED"


class _UsageError(Exception):
    pass


def _faq_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--faq",
        action="append",
        metavar="PATH",
        default=default,
        help=f"FAQ file or directory of *.yaml files (repeatable; default: ${ENV_VAR}, "
        "else the packaged FAQ)",
    )


def _log_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--log-unanswered",
        metavar="FILE",
        default=default,
        help=f"opt in: append each question the bot could not answer to FILE as a JSON line "
        f"(or set ${LOG_ENV_VAR}); nothing is logged otherwise",
    )


def _chat_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--history",
        metavar="FILE",
        default=default,
        help="opt in: keep the chat's input history in FILE (default: memory only)",
    )
    parser.add_argument(
        "--no-color",
        action="store_true",
        default=default,
        help="no colour (also when NO_COLOR is set or output is not a terminal)",
    )


def build_parser() -> argparse.ArgumentParser:
    # Imported here: a plain ask or the plain chat needs no parser (see main).
    import argparse

    from .authoring_cli import add_authoring_commands

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _UsageError(message)

    parser = _Parser(
        prog="faq-bot",
        description="Answers questions from a FAQ written in YAML (see 'faq-bot where'). "
        "With no command, opens the chat.",
    )
    parser.add_argument("--version", action="version", version=f"faq-bot {__version__}")
    _faq_option(parser, default=None)
    _chat_options(parser, default=None)
    _log_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    # Subcommands take the same options; SUPPRESS keeps one given before the command.
    chat = commands.add_parser("chat", help="the interactive chat (the default)")
    _faq_option(chat, default=argparse.SUPPRESS)
    _chat_options(chat, default=argparse.SUPPRESS)
    _log_option(chat, default=argparse.SUPPRESS)

    ask = commands.add_parser("ask", help="answer one question, or one per line of stdin with '-'")
    _faq_option(ask, default=argparse.SUPPRESS)
    _log_option(ask, default=argparse.SUPPRESS)
    ask.add_argument("question", nargs="*", help="the question (words are joined), or - for stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ask.add_argument(
        "--limit", "--top", type=_count, default=3, metavar="N", help="alternatives to list (default 3)"
    )

    validate = commands.add_parser("validate", help="check FAQ files; one line per problem")
    _faq_option(validate, default=argparse.SUPPRESS)
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: --faq)")

    topics = commands.add_parser("topics", help="list the sections and their questions")
    _faq_option(topics, default=argparse.SUPPRESS)

    where = commands.add_parser("where", help="print the FAQ files the bot reads, and why those")
    _faq_option(where, default=argparse.SUPPRESS)

    evaluate = commands.add_parser("eval", help="score the bot on a YAML file of cases")
    _faq_option(evaluate, default=argparse.SUPPRESS)
    evaluate.add_argument(
        "cases",
        metavar="CASES.yaml",
        help="a mapping with a list under 'cases' of {q: question, expect: an entry id or a section "
        "id, a list of them, no_match or urgent}",
    )
    evaluate.add_argument(
        "--json", action="store_true", help="the report as one JSON object, every case in it"
    )
    evaluate.add_argument(
        "--baseline",
        metavar="FILE",
        help="an earlier eval --json output: list the cases fixed and broken since",
    )
    for group in ("inscope", "nomatch", "urgent"):
        evaluate.add_argument(
            f"--min-{group}",
            type=float,
            default=0.0,
            metavar="X",
            help=f"exit 1 if {group} accuracy is below X (0 to 1)",
        )
    evaluate.add_argument(
        "--max-urgent-fp",
        type=int,
        default=None,
        metavar="N",
        help="exit 1 if more than N questions are wrongly flagged urgent",
    )
    add_authoring_commands(commands, faq_option=lambda p: _faq_option(p, default=argparse.SUPPRESS))

    serve = commands.add_parser("serve", help="the HTTP API and web chat (needs faq-bot[server])")
    _faq_option(serve, default=argparse.SUPPRESS)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="processes sharing the port (default 1)"
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages from ORIGIN (e.g. https://clinic.example) call the API (repeatable; default: none)",
    )
    serve.add_argument("--no-access-log", action="store_true", help="no line per request")
    return parser


def _count(text: str) -> int:
    import argparse

    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _port(text: str) -> int:
    import argparse

    value = int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"must be from 1 to 65535, not {value}")
    return value


def _positive(text: str) -> int:
    import argparse

    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    # Run as the program, not called by an embedder or a test: the bot lives
    # as long as the process (see _bot).
    own = argv is None
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        if not argv:  # the chat with its defaults: no parser to build
            return _run_chat(None, history=None, color=True, log_to=None, own_process=own)
        plain = _plain_ask(argv)
        if plain is not None:
            return _answer(plain[1], as_json=plain[0], own_process=own)
        args = build_parser().parse_args(argv)
        args.own_process = own
        handler = _HANDLERS.get(args.command) or getattr(args, "handler", None) or _chat
        return int(handler(args))
    except _UsageError as exc:
        return _fail(str(exc))
    except FaqError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.PROBLEMS


def _fail(message: str) -> int:
    print(f"faq-bot: error: {sanitize_line(message)}", file=sys.stderr)
    return ExitCode.USAGE


def _load(args: argparse.Namespace) -> Faq:
    return load_faq(*(args.faq or ()))


def _bot(paths: list[str] | None, *, limit: int = 3, own_process: bool = False) -> FaqBot:
    """The bot for the chosen FAQ, its index from the cache when it can be."""
    with _lasting(own_process):
        from .cache import load_indexed  # under the pause too: its objects last as long

        faq, index = load_indexed(paths or ())
        return FaqBot(faq, index=index, limit=limit)


@contextlib.contextmanager
def _lasting(own_process: bool) -> Iterator[None]:
    """With ``own_process``, what is made inside lasts as long as the process
    (the bot, the chat's terminal library): no collection runs while it is
    made, and then its objects go to the collector's permanent generation
    instead of being walked as the load ends (a few ms of a cached start) and
    by every full collection after."""
    if not own_process:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _unanswered_log(given: str | None) -> Callable[[Reply], None] | None:
    """The opt-in log of unanswered questions, or None (the default: private)."""
    path = given or os.environ.get(LOG_ENV_VAR, "").strip()
    if not path:
        return None
    from .unanswered import UnansweredLog

    return UnansweredLog(path).record


def _chat(args: argparse.Namespace) -> int:
    return _run_chat(
        args.faq,
        history=args.history,
        color=not args.no_color,
        log_to=args.log_unanswered,
        own_process=args.own_process,
    )


def _run_chat(
    paths: list[str] | None, *, history: str | None, color: bool, log_to: str | None, own_process: bool
) -> int:
    with _lasting(own_process):
        from .chat import run_chat

        if own_process and sys.stdin.isatty() and sys.stdout.isatty():
            import prompt_toolkit  # noqa: F401 - the chat's, imported under the same pause
        bot = _bot(paths, own_process=own_process)
    return run_chat(bot, history=history, color=color, on_reply=_unanswered_log(log_to))


def _plain_ask(argv: list[str]) -> tuple[bool, list[str]] | None:
    """``(json, words)`` when ``argv`` is a plain ``ask [--json] words`` (or
    ``-``) that argparse would read the same way, else None. Building the
    parser costs more than a cached answer (gettext, shutil and 60 options),
    and these are the calls scripts make one after another."""
    if argv[:1] != ["ask"]:
        return None
    as_json = argv[1:2] == ["--json"]
    words = argv[2:] if as_json else argv[1:]
    # Anything else that starts with "-" is an option (or "--"): argparse's to read.
    if not words or (any(w[:1] == "-" for w in words) and words != ["-"]):
        return None
    return as_json, words


def _ask(args: argparse.Namespace) -> int:
    if not args.question:
        raise _UsageError("ask needs a question, or - to read questions from standard input")
    return _answer(
        args.question,
        as_json=args.json,
        paths=args.faq,
        limit=args.limit,
        log_to=args.log_unanswered,
        own_process=args.own_process,
    )


def _answer(
    words: list[str],
    *,
    as_json: bool,
    paths: list[str] | None = None,
    limit: int = 3,
    log_to: str | None = None,
    own_process: bool = False,
) -> int:
    from .conversation import respond_in_context
    from .render import render_reply
    from .replyjson import ReplyEncoder

    bot = _bot(paths, limit=limit, own_process=own_process)
    log = _unanswered_log(log_to)
    if own_process and words == ["-"]:
        # A stream keeps what it reads over and over (replies, rankings, lines
        # written), and the collector walked those every 700 allocations: 8-15%
        # of a batch's time. Cycles are still collected, a tenth as often.
        gc.set_threshold(_STREAM_GC_THRESHOLD, *gc.get_threshold()[1:])
    out = sys.stdout
    # Replies are written out whenever reading may wait for more questions: a
    # batch's go out together, in one write (stdout may be unbuffered), not
    # one write each.
    held: list[str] = []

    def send() -> None:
        out.write("".join(held))
        held.clear()
        out.flush()

    questions = read_lines(sys.stdin, waiting=send) if words == ["-"] else iter([_argv_text(" ".join(words))])
    # A question asked again gets the very same reply (see respond_in_context):
    # its line is written again rather than made again. Keyed by the reply's
    # id, with the reply kept so that the id cannot be another's.
    lines: dict[int, tuple[Reply, str]] = {}
    encoder = ReplyEncoder()
    try:
        for number, question in enumerate(questions):
            # Each question on its own: no context carries from one to the next.
            reply, _ = respond_in_context(bot, question)
            if log is not None:
                for part in (reply, *reply.more):
                    log(part)
            if as_json:
                known = lines.get(id(reply))
                if known is not None and known[0] is reply:
                    line = known[1]
                else:
                    if len(lines) >= _LINES_KEPT:
                        lines.clear()
                    line = encoder.line(reply)
                    lines[id(reply)] = (reply, line)
                held.append(line)
            else:
                held.append(("\n" if number else "") + render_reply(bot.faq, reply) + "\n")
    finally:  # what was answered goes out, Ctrl-C or not
        send()
    return ExitCode.OK


_LINES_KEPT = 1024
_STREAM_GC_THRESHOLD = 10_000  # allocations between collections of the youngest objects


def _argv_text(text: str) -> str:
    """Command-line text as stdin is read: bytes that are not UTF-8 (lone
    surrogates, from Python's surrogateescape) become U+FFFD, so that no
    output, JSON included, carries a lone surrogate strict parsers reject."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte (main() called with one)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _validate(args: argparse.Namespace) -> int:
    # Paths given to validate are checked one by one; a --faq set is checked
    # together, as the bot would load it (ids must be unique across it).
    groups: list[list[str] | None] = (
        [[p] for p in args.paths] if args.paths else [args.faq] if args.faq else [None]
    )
    problems = 0
    for group in groups:
        try:
            faq = load_faq(*group) if group else load_faq()
        except FaqError as exc:
            for problem in iter_problems(exc):
                print(problem, file=sys.stdout)
                problems += 1
            continue
        where = ", ".join(str(p) for p in expand_paths(group)) if group else ", ".join(faq.paths)
        where = sanitize_line(where)  # file names can hold escape sequences too
        print(
            f"{where}: OK: {len(faq.entries)} entries in {len(faq.sections)} sections, "
            f"{len(faq.synonyms)} synonym terms, {len(faq.urgent_rules)} urgent rules"
        )
    return ExitCode.PROBLEMS if problems else ExitCode.OK


def _topics(args: argparse.Namespace) -> int:
    from .render import render_topics

    print(render_topics(_load(args)))
    return ExitCode.OK


def _where(args: argparse.Namespace) -> int:
    if args.faq:
        why = "given with --faq"
    elif os.environ.get(ENV_VAR, "").strip():
        why = f"from ${ENV_VAR}"
    else:
        why = "the packaged FAQ"
    paths = [p.resolve() for p in expand_paths(args.faq or default_faq_paths())]
    if any("site-packages" in p.parts for p in paths):
        why += "; a copy made at install time: install with 'pip install -e .' to answer from faq/ as edited"
    for path in paths:
        print(sanitize_line(str(path)))  # one line a file, whatever its name holds
    print(f"({why})", file=sys.stderr)
    return ExitCode.OK


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import check_cases, compare, evaluate, load_cases, read_baseline

    cases = load_cases(args.cases)
    baseline = read_baseline(args.baseline) if args.baseline else None
    bot = FaqBot(_load(args))
    problems = check_cases(cases, bot.faq, path=args.cases)
    if problems:
        for problem in problems:
            print(f"faq-bot: error: {problem}", file=sys.stderr)
        return ExitCode.USAGE
    report = evaluate(bot, cases)
    comparison = compare(report, baseline) if baseline is not None else None
    if args.json:
        found = report.to_dict()
        if comparison is not None:
            found["compared"] = {"baseline": str(args.baseline), **comparison.to_dict()}
        print(json.dumps(found))
    else:
        for line in report.lines(comparison):
            print(line)
        if comparison is not None:
            print(f"since {args.baseline}: {comparison.summary()}")
    short = (
        report.accuracy("in_scope") < args.min_inscope
        or report.accuracy("no_match") < args.min_nomatch
        or report.accuracy("urgent") < args.min_urgent
        or (args.max_urgent_fp is not None and report.urgent_false_alarms > args.max_urgent_fp)
    )
    return ExitCode.PROBLEMS if short else ExitCode.OK


def _serve(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    if find_spec("starlette") is None or find_spec("uvicorn") is None:
        return _fail("serve needs the server extra: pip install 'faq-bot[server]'")
    if args.workers > 1 and not hasattr(os, "fork"):
        raise _UsageError("--workers above 1 needs fork(), which this system lacks (Linux and macOS have it)")
    from .server import serve

    return serve(
        args.faq or (),
        host=args.host,
        port=args.port,
        workers=args.workers,
        cors_origins=args.cors_origin,
        access_log=not args.no_access_log,
    )


_HANDLERS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "chat": _chat,
    "ask": _ask,
    "validate": _validate,
    "topics": _topics,
    "where": _where,
    "eval": _eval,
    "serve": _serve,
}
