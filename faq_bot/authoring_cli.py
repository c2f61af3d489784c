"""Command-line glue for the FAQ authors' commands (init, lint, add, suggest).

Registered by :mod:`faq_bot.cli`; each command sets ``handler`` on the
parsed arguments. Heavy imports stay inside the handlers so that ``faq-bot
ask`` does not pay for them at start-up.

Exit codes: ``lint`` 1 when it finds an error (or, with ``--strict``, a
warning); ``add`` and ``suggest`` 0 when done; 2 for bad input, as elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .errors import FaqError
from .faces import ExitCode
from .text import sanitize_line


def add_authoring_commands(commands: Any, *, faq_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the authoring subcommands to ``commands`` (an argparse subparsers action)."""
    lint = commands.add_parser(
        "lint",
        help="check that every phrasing reaches its own entry, "
        "and look for duplicates, empty sections and copied text",
    )
    faq_option(lint)
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    lint.add_argument(
        "--source",
        metavar="FILE",
        help="the source article: report answers copying 12 or more words in a row from it",
    )
    lint.set_defaults(handler=_lint)

    add = commands.add_parser(
        "add",
        help="append an entry to a FAQ file, or alternates to an entry (--to), keeping the file's layout",
    )
    faq_option(add)
    add.add_argument("--question", help="the new entry's question")
    add.add_argument("--answer", help="the new entry's answer")
    add.add_argument("--section", metavar="ID", help="id of a declared section, for the new entry")
    add.add_argument(
        "--to", metavar="ENTRY", help="add the --alternate wordings to this existing entry instead"
    )
    add.add_argument(
        "--alternate",
        action="append",
        default=[],
        metavar="TEXT",
        help="another way people ask it (repeatable; 3 or more make a good entry)",
    )
    add.add_argument(
        "--keyword",
        action="append",
        default=[],
        metavar="TEXT",
        help="a word or phrase the entry is about (repeatable)",
    )
    add.add_argument("--id", metavar="ID", help="the entry's id (default: made from the question)")
    add.set_defaults(handler=_add)

    init = commands.add_parser(
        "init", help="write a starter FAQ to begin from, and the schema beside it (never overwrites a file)"
    )
    init.add_argument(
        "path", nargs="?", default="faq.yaml", metavar="FILE", help="the new FAQ (default faq.yaml)"
    )
    init.add_argument(
        "--topic", default=None, metavar="TEXT", help='what the FAQ is about, e.g. "billing for Acme"'
    )
    init.set_defaults(handler=_init)

    suggest = commands.add_parser(
        "suggest", help="group the logged unanswered questions, biggest group first, with the closest entry"
    )
    faq_option(suggest)
    suggest.add_argument("log", metavar="FILE", help="a log written with --log-unanswered")
    suggest.add_argument("--top", type=_positive, default=10, metavar="N", help="groups to show (default 10)")
    suggest.set_defaults(handler=_suggest)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint
    from .loader import load_faq

    faq = load_faq(*(getattr(args, "faq", None) or ()))
    source_text = None
    if args.source:
        try:
            with open(args.source, encoding="utf-8") as f:
                source_text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise FaqError(f"cannot read the source: {exc}", path=args.source) from exc
    findings = lint(faq, source_text=source_text)
    for finding in findings:
        print(sanitize_line(str(finding)))  # a finding names a file, and file names can hold escapes
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if findings:
        print(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {len(faq.entries)} entries"
        )
    else:
        print(f"OK: no problems in {len(faq.entries)} entries")
    return ExitCode.PROBLEMS if errors or (args.strict and warnings) else ExitCode.OK


def _add(args: argparse.Namespace) -> int:
    from .editing import add_alternates, add_entry

    paths = getattr(args, "faq", None)
    if not paths:
        raise FaqError("add needs --faq FILE, the FAQ file to add the entry to")
    if len(paths) > 1:
        raise FaqError(f"add takes one --faq FILE, not {len(paths)}")
    if args.to is not None:
        extra = [f"--{n}" for n in ("question", "answer", "section", "id") if getattr(args, n) is not None]
        extra += ["--keyword"] if args.keyword else []
        if extra:
            raise FaqError(f"add --to takes only --alternate, not {', '.join(extra)}")
        added = add_alternates(paths[0], args.to, alternates=args.alternate)
        count = len(args.alternate)
        plural = "s" * (count != 1)
        print(f"added {count} alternate{plural} to entry {added.id!r} in {paths[0]} at line {added.line}")
        return ExitCode.OK
    missing = [f"--{n}" for n in ("question", "answer", "section") if getattr(args, n) is None]
    if missing:
        raise FaqError(f"add needs {', '.join(missing)} for a new entry (or --to ENTRY to add alternates)")
    added = add_entry(
        paths[0],
        question=args.question,
        answer=args.answer,
        section=args.section,
        alternates=args.alternate,
        keywords=args.keyword,
        entry_id=args.id,
    )
    print(f"added entry {added.id!r} to {sanitize_line(str(paths[0]))} at line {added.line}")
    return ExitCode.OK


def _init(args: argparse.Namespace) -> int:
    import shlex

    from .starter import DEFAULT_TOPIC, write_starter
    from .text import sanitize

    started = write_starter(args.path, topic=args.topic or DEFAULT_TOPIC)
    made = f"wrote {started.faq}" + (f" and {started.schema}" if started.schema else "")
    print(sanitize(f"{made}; next: edit it, then run: faq-bot validate {shlex.quote(str(started.faq))}"))
    return ExitCode.OK


def _suggest(args: argparse.Namespace) -> int:
    from .bot import FaqBot
    from .loader import load_faq
    from .text import sanitize
    from .unanswered import group_questions, read_log

    bot = FaqBot(load_faq(*(getattr(args, "faq", None) or ())))
    queries, warnings = read_log(args.log)
    for warning in warnings:
        print(f"faq-bot: warning: {warning}", file=sys.stderr)
    groups, answered = group_questions(queries, bot)
    print(
        f"{len(queries)} logged questions: {len(queries) - answered} still unanswered "
        f"in {len(groups)} groups, {answered} answered by the FAQ now"
    )
    shown = groups[: args.top]
    if any(not g.is_alternate for g in shown):
        print(
            "A new entry's command takes its answer from $ANSWER: set it first (ANSWER=...), or edit it in."
        )
    for number, group in enumerate(shown, 1):
        print(f"\n{number}. " + "\n".join(sanitize(line) for line in group.lines(bot.faq)))
    return ExitCode.OK
