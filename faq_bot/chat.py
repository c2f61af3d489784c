"""The chat's input and output; what to say is :mod:`faq_bot.conversation`'s job.

On a terminal, a prompt_toolkit session: completion of the FAQ's questions,
suggestions from this session's history, a toolbar with the keys. Otherwise
(stdin or stdout not a terminal), one plain answer per input line, without
escape codes, and prompt_toolkit is never imported.

Privacy: input history stays in memory unless ``history`` names a file.

Exit codes: ``ExitCode.OK`` when the chat ends (``/quit``, ``quit``, ``exit``,
Ctrl-D, end of input); ``ExitCode.TERMINATED`` on SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from .conversation import Conversation, Fragment, Output
from .faces import ExitCode, tolerate_bad_bytes
from .model import Reply
from .private import open_private

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.application import Application
    from prompt_toolkit.completion import Completer
    from prompt_toolkit.history import History
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output as TerminalOutput

    from .bot import FaqBot

OnReply = Callable[[Reply], None]

PROMPT = "ask> "
TOOLBAR = " Enter: ask  Tab: complete  Right: accept  Ctrl-C: clear  Ctrl-D: quit  /help "
# Everything stays readable in monochrome: labels ("Source:", "URGENT:") carry
# the meaning, colour only helps.
STYLE = {
    "prompt": "bold ansigreen",
    "banner": "bold",
    "answer": "",
    "source": "italic ansicyan",
    "reminder": "ansiyellow",
    "urgent": "bold ansired",
    "fallback": "",
    "smalltalk": "",
    "note": "italic",
    "heading": "bold",
    "section": "bold underline",
    "number": "bold ansicyan",
    "question": "",
    "command": "bold",
    "hint": "ansimagenta",
}


class _Terminated(SystemExit):
    """SIGTERM arrived. A SystemExit, so that neither asyncio nor
    prompt_toolkit reports it as an error on its way out of the prompt."""


def run_chat(
    bot: FaqBot, *, history: str | None = None, color: bool = True, on_reply: OnReply | None = None
) -> int:
    """The chat on a terminal, else questions read line by line; the exit code."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        tolerate_bad_bytes(sys.stdin)
        return _until_terminated(lambda: run_lines(bot, sys.stdin, sys.stdout, on_reply=on_reply))
    color = color and not os.environ.get("NO_COLOR")
    return ChatApp(bot, history=history, color=color, on_reply=on_reply).run()


def run_lines(bot: FaqBot, lines: Iterable[str], out: TextIO, *, on_reply: OnReply | None = None) -> int:
    """Answer each line of ``lines`` in plain text, a blank line between answers."""
    conversation = Conversation(bot)
    first = True
    for line in lines:
        output = conversation.respond(line.rstrip("\r\n"))
        _log(output, on_reply)
        if output.fragments:
            out.write(output.text if first else "\n" + output.text)
            out.flush()
            first = False
        if output.quit:
            break
    return ExitCode.OK


class ChatApp:
    """The interactive chat. ``session``, or ``input`` and ``output``, and
    ``printer`` (receives the fragments to show) are for tests."""

    def __init__(
        self,
        bot: FaqBot,
        *,
        history: str | None = None,
        color: bool = True,
        on_reply: OnReply | None = None,
        session: PromptSession[str] | None = None,
        input: Input | None = None,
        output: TerminalOutput | None = None,
        printer: Callable[[list[Fragment]], None] | None = None,
    ) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.output import ColorDepth
        from prompt_toolkit.styles import Style

        self.conversation = Conversation(bot)
        self.on_reply = on_reply
        self.style = Style.from_dict(STYLE)
        self.color_depth = None if color else ColorDepth.DEPTH_1_BIT
        self.session: PromptSession[str] = session or PromptSession(
            FormattedText([("class:prompt", PROMPT)]),
            history=_history(history),
            completer=_completer(self.conversation.complete),
            auto_suggest=AutoSuggestFromHistory(),
            bottom_toolbar=TOOLBAR,
            style=self.style,
            color_depth=self.color_depth,
            input=input,
            output=output,
        )
        self.printer = printer or self._print

    def run(self) -> int:
        return _until_terminated(self._loop, self.session.app)

    def _loop(self) -> int:
        self.show(self.conversation.welcome(width=self._width()), gap=True)
        output = Output()
        while True:
            try:
                line = self.session.prompt()
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            try:
                output = self.conversation.respond(line, width=self._width())
                _log(output, self.on_reply)
                self.show(output, gap=not output.quit)
            except KeyboardInterrupt:
                # Ctrl-C while an answer prints stops the answer, not the chat.
                continue
            if output.quit:
                break
        if not (output.quit and output.fragments):  # a "bye" has said goodbye already
            self.show(self.conversation.goodbye())
        return ExitCode.OK

    def show(self, output: Output, *, gap: bool = False) -> None:
        """Print ``output``; with ``gap``, a blank line after it sets it apart
        from the next question."""
        if output.fragments:
            self.printer([*output.fragments, ("", "\n")] if gap else list(output.fragments))

    def _print(self, fragments: list[Fragment]) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(
            FormattedText(fragments),
            end="",
            style=self.style,
            output=self.session.output,
            color_depth=self.color_depth,
        )

    def _width(self) -> int:
        return self.session.output.get_size().columns


def _log(output: Output, on_reply: OnReply | None) -> None:
    if on_reply is not None and output.reply is not None:
        # Each question of a message that asked several.
        for reply in (output.reply, *output.reply.more):
            on_reply(reply)


def _completer(complete: Callable[[str], list[str]]) -> Completer:
    """Tab offers what ``complete`` finds for the text before the cursor; a
    choice replaces all of it."""
    from prompt_toolkit.completion import CompleteEvent, Completer, Completion
    from prompt_toolkit.document import Document

    class _Questions(Completer):
        def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:  # noqa: ARG002
            typed = document.text_before_cursor
            for text in complete(typed):
                yield Completion(text, start_position=-len(typed))

    return _Questions()


def _history(path: str | None) -> History:
    """Memory only, unless the user asked for a file; an unusable file means
    a warning and memory only, not a crash."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    if path is None:
        return InMemoryHistory()
    try:
        # Creating the file is fine: the user asked for it, readable by them
        # alone (it holds their questions; an existing one is made private
        # first). Reading it is checked too, since prompt_toolkit loads it in
        # the background.
        os.close(open_private(path))
        with open(path, "rb"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"faq-bot: warning: cannot use history file {path!r} ({reason}); keeping history in memory only",
            file=sys.stderr,
        )
        return InMemoryHistory()
    return FileHistory(path)


def _until_terminated(run: Callable[[], int], app: Application[str] | None = None) -> int:
    """``run()``, or ExitCode.TERMINATED on SIGTERM. While ``app`` (the prompt) is
    running, it is asked to exit, so it restores the terminal on its way out."""

    def exit_app() -> None:
        if app is not None and app.is_running and app.future is not None and not app.future.done():
            app.exit(exception=_Terminated(ExitCode.TERMINATED))
        else:
            raise _Terminated(ExitCode.TERMINATED)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
        loop = app.loop if app is not None else None
        if loop is not None and not loop.is_closed():
            # Thread-safe scheduling also wakes the event loop out of select().
            loop.call_soon_threadsafe(exit_app)
        else:
            raise _Terminated(ExitCode.TERMINATED)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        return run()
    except _Terminated:
        return ExitCode.TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)
