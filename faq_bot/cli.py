"""The ``faq-bot`` command line: a thin layer over the library.

Exit codes: 0 done (whatever the reply's status); 1 ``validate``, ``eval`` or
``lint`` found problems or fell short, or the output's reader went away; 2
usage error or invalid FAQ; 130 interrupted; 143 the chat got SIGTERM.
Errors print one line, ``faq-bot: error: ...``, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn, TextIO

from . import __version__
from .authoring_cli import add_authoring_commands
from .errors import FaqError
from .loader import ENV_VAR, default_faq_paths, expand_paths, iter_problems, load_faq
from .matcher import FaqBot
from .model import Faq, Reply
from .text import sanitize_line

LOG_ENV_VAR = "FAQ_BOT_LOG_UNANSWERED"

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


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
    parser = _Parser(
        prog="faq-bot",
        description="Answers questions about failed back syndrome from a FAQ. "
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
    ask.add_argument("--top", type=_count, default=3, metavar="N", help="alternatives to list (default 3)")

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
        help="a mapping with a list under 'cases' of {q: question, expect: section id, "
        "a list of them, no_match or urgent}",
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
    return parser


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler = _HANDLERS.get(args.command) or getattr(args, "handler", None) or _chat
        return int(handler(args))
    except _UsageError as exc:
        return _fail(str(exc))
    except FaqError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


def _fail(message: str) -> int:
    print(f"faq-bot: error: {sanitize_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _load(args: argparse.Namespace) -> Faq:
    return load_faq(*(args.faq or ()))


def _bot(args: argparse.Namespace, *, top: int = 3) -> FaqBot:
    """The bot for the chosen FAQ, its index from the cache when it can be."""
    from .cache import load_indexed

    faq, index = load_indexed(args.faq or ())
    return FaqBot(faq, index=index, top=top)


def _unanswered_log(args: argparse.Namespace) -> Callable[[Reply], None] | None:
    """The opt-in log of unanswered questions, or None (the default: private)."""
    path = args.log_unanswered or os.environ.get(LOG_ENV_VAR, "").strip()
    if not path:
        return None
    from .unanswered import UnansweredLog

    return UnansweredLog(path).record


def _chat(args: argparse.Namespace) -> int:
    from .chat import run_chat

    return run_chat(
        _bot(args),
        history=args.history,
        color=not args.no_color,
        on_reply=_unanswered_log(args),
    )


def _ask(args: argparse.Namespace) -> int:
    from .render import render_reply

    words = args.question
    if not words:
        raise _UsageError("ask needs a question, or - to read questions from standard input")
    bot = _bot(args, top=args.top)
    faq = bot.faq
    log = _unanswered_log(args)
    questions = _stdin_lines(sys.stdin) if words == ["-"] else iter([_argv_text(" ".join(words))])
    out = sys.stdout
    for number, question in enumerate(questions):
        reply = bot.ask(question)
        if log is not None:
            log(reply)
        if args.json:
            out.write(json.dumps(reply.to_dict()) + "\n")
        else:
            out.write(("\n" if number else "") + render_reply(faq, reply) + "\n")
        out.flush()
    return EXIT_OK


def _argv_text(text: str) -> str:
    """Command-line text as stdin is read: bytes that are not UTF-8 (lone
    surrogates, from Python's surrogateescape) become U+FFFD, so that no
    output, JSON included, carries a lone surrogate strict parsers reject."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte (main() called with one)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _stdin_lines(stream: TextIO) -> Iterator[str]:
    tolerate_bad_bytes(stream)
    for line in stream:
        yield line.rstrip("\r\n")


def tolerate_bad_bytes(stream: TextIO) -> None:
    """Read bytes that are not valid text as replacement characters: one bad
    byte in a piped question must not end the batch with a traceback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


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
    return EXIT_PROBLEMS if problems else EXIT_OK


def _topics(args: argparse.Namespace) -> int:
    from .render import render_topics

    print(render_topics(_load(args)))
    return EXIT_OK


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
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_cases

    cases = load_cases(args.cases)
    report = evaluate(FaqBot(_load(args)), cases)
    for case, reply in report.misses:
        got = reply.status.value + (f"/{reply.entry.section} ({reply.entry.id})" if reply.entry else "")
        print(
            f"MISS [{case.group}] {case.question!r}: expected {'|'.join(case.expect)}, "
            f"got {got}, score {reply.score:.1f}"
        )
    labels = {"in_scope": "in scope", "no_match": "no_match", "urgent": "urgent"}
    for group, label in labels.items():
        print(f"{label:<9} {report.passed[group]:>4}/{report.totals[group]:<4} {report.accuracy(group):.3f}")
    print(f"urgent false alarms: {report.urgent_false_alarms}")
    short = (
        report.accuracy("in_scope") < args.min_inscope
        or report.accuracy("no_match") < args.min_nomatch
        or report.accuracy("urgent") < args.min_urgent
        or (args.max_urgent_fp is not None and report.urgent_false_alarms > args.max_urgent_fp)
    )
    return EXIT_PROBLEMS if short else EXIT_OK


_HANDLERS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "chat": _chat,
    "ask": _ask,
    "validate": _validate,
    "topics": _topics,
    "where": _where,
    "eval": _eval,
}
