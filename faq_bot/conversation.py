"""The chat's engine: what to show for each line the user types.

No terminal here: :meth:`Conversation.respond` turns a line into an
:class:`Output`, a list of ``(style_class, text)`` fragments and flags, which
:mod:`faq_bot.chat` prints. Every FAQ string passes
:func:`~faq_bot.text.sanitize` again on its way into a fragment, and
fragments are plain text, never markup, so ``<b>&amp;</b>`` in an answer is
shown as written.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .bot import FaqBot
from .model import Entry, Reply, Section, Status
from .render import where_from
from .text import sanitize

Fragment = tuple[str, str]

_NUMBER = re.compile(r"[0-9]{1,6}")
_QUIT_WORDS = frozenset({"quit", "exit"})


@dataclass(frozen=True)
class Output:
    """What to show for one line: ``fragments`` to print in order, ``quit``
    when the chat should end, and ``reply`` when the bot was asked (for the
    opt-in log of unanswered questions)."""

    fragments: tuple[Fragment, ...] = ()
    quit: bool = False
    reply: Reply | None = None

    @property
    def text(self) -> str:
        """The fragments as plain text (for pipes and tests)."""
        return "".join(text for _, text in self.fragments)


@dataclass(frozen=True)
class Command:
    """A chat command: ``/name`` or ``/alias``, with one line of help."""

    name: str
    aliases: tuple[str, ...]
    help: str
    handler: Callable[[Conversation], Output]


class Conversation:
    """One chat with ``bot``; remembers the last numbered list shown, so that a
    number picks from it."""

    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot
        self.faq = bot.faq
        self.choices: tuple[Entry, ...] = ()
        self._commands = {f"/{n}": c for c in COMMANDS for n in (c.name, *c.aliases)}

    def welcome(self, *, width: int | None = None) -> Output:
        # The FAQ says what it is about and what it is not: its topic, its
        # article and its reminder make the banner, whatever the subject.
        about = f" about {self.faq.topic}" if self.faq.topic else ""
        source = self.faq.source
        origin = f' from the article "{source.title}"' if source else "" if about else " from its FAQ"
        return _output(
            [
                ("class:banner", "faq-bot"),
                ("", sanitize(f" answers questions{about}{origin}.") + "\n"),
                ("class:reminder", sanitize(self.faq.reminder) + "\n"),
                ("", "Ask a question in your own words. Type "),
                ("class:command", "/help"),
                ("", " for help, "),
                ("class:command", "/quit"),
                ("", " or Ctrl-D to leave.\n"),
            ],
            width,
        )

    def goodbye(self) -> Output:
        return Output((("", "Take care.\n"),), quit=True)

    def respond(self, line: str, *, width: int | None = None) -> Output:
        """What to show for ``line``; long lines are wrapped to ``width``."""
        text = line.strip()
        if not text:
            return Output()
        if text.casefold() in _QUIT_WORDS:
            return Output(quit=True)
        if text.startswith("/"):
            return _wrapped(self._command(text), width)
        if _NUMBER.fullmatch(text):
            return _wrapped(self._choose(int(text)), width)
        reply = self.bot.ask(line)
        output = _wrapped(self._reply(reply), width)
        return Output(output.fragments, reply=reply)

    def _command(self, text: str) -> Output:
        name = text.split(maxsplit=1)[0].casefold()
        command = self._commands.get(name)
        if command is not None:
            return command.handler(self)
        close = difflib.get_close_matches(name, self._commands, n=1, cutoff=0.5)
        hint = f" Did you mean /{self._commands[close[0]].name}?" if close else ""
        return _hint(f"Unknown command {sanitize(name)}.{hint} Type /help for the commands.")

    def _choose(self, number: int) -> Output:
        if not self.choices:
            return _hint("There is no numbered list to choose from yet: ask a question, or type /topics.")
        if not 1 <= number <= len(self.choices):
            return _hint(f"Choose a number from 1 to {len(self.choices)}.")
        return Output(tuple(self._answer(self.choices[number - 1])))

    def _reply(self, reply: Reply) -> Output:
        fragments: list[Fragment] = []
        self.choices = ()
        if reply.status is Status.URGENT:
            # The notice comes first and alone: nothing may distract from it.
            fragments.append(("class:urgent", f"URGENT: {sanitize(reply.message or '')}\n"))
            fragments.append(("class:reminder", sanitize(reply.reminder) + "\n"))
            return Output(tuple(fragments))
        if reply.status is Status.ANSWERED and reply.entry is not None:
            fragments += self._answer(reply.entry, reminder=False)
            if reply.uncertain and reply.alternatives:
                fragments += self._suggest(
                    "Not what you meant? Did you mean:", [m.entry for m in reply.alternatives]
                )
        else:
            fragments.append(("class:fallback", sanitize(reply.message or self.faq.fallback) + "\n"))
            if reply.alternatives:
                fragments += self._suggest("Did you mean:", [m.entry for m in reply.alternatives])
        fragments.append(("class:reminder", sanitize(reply.reminder) + "\n"))
        return Output(tuple(fragments))

    def _answer(self, entry: Entry, *, reminder: bool = True) -> list[Fragment]:
        section = self.faq.section(entry.section) or Section(entry.section, entry.section)
        fragments = [
            ("class:answer", sanitize(entry.answer) + "\n"),
            # The same line as `faq-bot ask` prints.
            ("class:source", where_from(self.faq, section) + "\n"),
        ]
        if reminder:
            fragments.append(("class:reminder", sanitize(self.faq.reminder) + "\n"))
        return fragments

    def _suggest(self, heading: str, entries: Sequence[Entry]) -> list[Fragment]:
        self.choices = tuple(entries)
        fragments: list[Fragment] = [("class:heading", heading + "\n")]
        fragments += _numbered(entries, start=1)
        return fragments

    def topics(self) -> Output:
        fragments: list[Fragment] = [("class:heading", "Topics (type a number to read the answer):\n")]
        listed: list[Entry] = []
        for section in self.faq.sections:
            entries = [e for e in self.faq.entries if e.section == section.id]
            if entries:
                fragments.append(("class:section", sanitize(section.title) + "\n"))
                fragments += _numbered(entries, start=len(listed) + 1)
                listed += entries
        self.choices = tuple(listed)
        return Output(tuple(fragments))

    def source(self) -> Output:
        if self.faq.source is None:
            return _hint("This FAQ names no source article.")
        return Output((("class:source", f"Source: {sanitize(self.faq.source.citation())}\n"),))

    def help(self) -> Output:
        about = f" about {self.faq.topic}" if self.faq.topic else ""
        fragments: list[Fragment] = [
            (
                "",
                sanitize(f"Ask a question{about} in your own words. ")
                + "When I show a numbered list, type a number to read that answer.\n",
            ),
        ]
        names = [", ".join(f"/{n}" for n in (c.name, *c.aliases)) for c in COMMANDS]
        column = max(map(len, names))
        for name, command in zip(names, COMMANDS, strict=True):
            fragments += [("class:command", f"  {name:<{column}}"), ("", f"  {command.help}\n")]
        fragments.append(("", "quit, exit and Ctrl-D leave too; Ctrl-C clears the line.\n"))
        return Output(tuple(fragments))


def _numbered(entries: Sequence[Entry], *, start: int) -> list[Fragment]:
    fragments: list[Fragment] = []
    for number, entry in enumerate(entries, start):
        fragments += [("class:number", f"  {number}. "), ("class:question", sanitize(entry.question) + "\n")]
    return fragments


def _hint(text: str) -> Output:
    return Output((("class:hint", text + "\n"),))


def _output(fragments: list[Fragment], width: int | None) -> Output:
    return _wrapped(Output(tuple(fragments)), width)


def _wrapped(output: Output, width: int | None) -> Output:
    """``output`` with each line folded at word boundaries to ``width``
    columns; a numbered item's continuation lines line up under its text."""
    if not width:
        return output
    lines: list[list[Fragment]] = [[]]
    for style, text in output.fragments:
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((style, part))
    fragments: list[Fragment] = []
    for number, line in enumerate(lines):
        if number:
            fragments.append(("", "\n"))
        fragments += _fold(line, width)
    return Output(tuple(fragments), quit=output.quit, reply=output.reply)


def _fold(line: list[Fragment], width: int) -> list[Fragment]:
    # textwrap expands tabs; do it first so positions in the text stay put.
    line = [(style, text.replace("\t", " ")) for style, text in line]
    text = "".join(t for _, t in line)
    if len(text) <= width:
        return line
    indent = " " * (len(text) - len(text.lstrip(" ")))
    if line and line[0][0] == "class:number":
        indent = " " * len(line[0][1])
    wrapped = textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)
    # Re-cut the wrapped text into the original styles: wrapping only turns
    # some spaces into newlines (and adds indents after them).
    out: list[Fragment] = []
    styles = [s for s, t in line for _ in t]
    position = 0
    for row, content in enumerate(wrapped):
        if row:
            out.append(("", "\n" + indent))
            while position < len(text) and text[position] == " ":
                position += 1
        for char in content[len(indent) if row else 0 :]:
            out.append((styles[position], char))
            position += 1
    return _merge(out)


def _merge(fragments: Iterable[Fragment]) -> list[Fragment]:
    merged: list[Fragment] = []
    for style, text in fragments:
        if merged and merged[-1][0] == style:
            merged[-1] = (style, merged[-1][1] + text)
        else:
            merged.append((style, text))
    return merged


COMMANDS: tuple[Command, ...] = (
    Command("help", ("h", "?"), "what I can do, and the commands", Conversation.help),
    Command("topics", ("t",), "the sections and their questions, numbered", Conversation.topics),
    Command("source", ("s",), "the article the answers come from, if the FAQ names one", Conversation.source),
    Command("quit", ("q", "exit"), "leave the chat", lambda _: Output(quit=True)),
)
