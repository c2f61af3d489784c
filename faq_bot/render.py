"""How a reply looks: styled text fragments, ``(style_class, text)``, which
the chat prints with their styles (:mod:`faq_bot.chat`) and ``faq-bot ask``
as plain text (:func:`render_reply`).

Every FAQ string passes :func:`~faq_bot.text.sanitize` again here, so nothing
from a file reaches the terminal as a control code; fragments are plain text,
never markup, so ``<b>&amp;</b>`` in an answer is shown as written.

What goes where:

- urgent: the notice first and alone. Nothing follows it that could weaken
  it (no reminder that this is "not medical advice"), only a note when the
  rest of the message was left unanswered.
- small talk: its reply, and the entries it offers ("tell me more").
- answers: each answer with its source line; when a message asked several
  things, each under the question it answers. Then the numbered lists (see
  :func:`offered_lists`), a note on anything left unanswered, the reminder.
- declined: the fallback, related suggestions, how to see the topics, the
  reminder.
"""

from __future__ import annotations

from .model import Entry, Faq, Reply, Section, Status
from .records import replace
from .smalltalk import Language, language_for
from .text import sanitize

Fragment = tuple[str, str]

#: The small talk intent that asks what the bot can do: the topics hint follows it.
HELP_INTENT = "help"
#: A part of a message longer than this is shortened where it is quoted back.
_QUOTED_CHARS = 80


def where_from(faq: Faq, section: Section) -> str:
    """The line naming where an answer comes from: the article and section,
    or the FAQ's section when it names no article."""
    if faq.source is None:
        return sanitize(f"Section: {section.title}")
    return sanitize(f"Source: {faq.source.title}, {section.title}")


def source_line(faq: Faq, reply: Reply) -> str | None:
    return where_from(faq, reply.section) if reply.section is not None else None


def offered_lists(reply: Reply) -> list[tuple[str | None, tuple[Entry, ...]]]:
    """The numbered lists ``reply`` offers, in order, each with the name of
    its heading's wording (None: the reply's message heads it). Numbers run
    on from one list to the next, and a number in the next message picks from
    them (:class:`faq_bot.conversation.Context`): the suggestions when the bot
    declined or is unsure, then the entries to read next."""
    if reply.more or reply.status is Status.URGENT:
        return []
    lists: list[tuple[str | None, tuple[Entry, ...]]] = []
    unsure = reply.status is Status.ANSWERED and reply.uncertain
    if reply.alternatives and (reply.status is Status.NO_MATCH or unsure):
        heading = "did_you_mean" if reply.status is Status.NO_MATCH else "not_what_you_meant"
        lists.append((heading, tuple(m.entry for m in reply.alternatives)))
    listed = {e.id for _, entries in lists for e in entries}
    rest = tuple(e for e in reply.followups if e.id not in listed)
    if rest:
        lists.append(("also_ask" if reply.status is Status.ANSWERED else None, rest))
    return lists


def reply_fragments(
    faq: Faq,
    reply: Reply,
    *,
    language: Language | None = None,
    restate: bool = False,
    topics_hint: str | None = None,
    followups: bool = True,
) -> list[Fragment]:
    """``reply`` as fragments, each ending its line. ``restate`` heads an
    answer with the question it answers (after a pick or a follow-up);
    ``topics_hint`` says how to see the topics, after the fallback and after
    asking what the bot can do; ``followups=False`` leaves out the entries an
    answer links to (where no number can pick them)."""
    language = language or language_for(faq)
    out: list[Fragment] = []
    if reply.status is Status.URGENT:
        out.append(("class:urgent", f"URGENT: {sanitize(reply.message or '')}\n"))
        if reply.note:
            out.append(("class:note", sanitize(reply.note) + "\n"))
        return out
    if reply.status is Status.SMALLTALK:
        out.append(("class:smalltalk", sanitize(reply.message or "") + "\n"))
        out += _lists(reply, language)
        if reply.intent == HELP_INTENT and topics_hint:
            out.append(("class:hint", topics_hint + "\n"))
        return out
    parts = (reply, *reply.more)
    several = len(parts) > 1
    for number, part in enumerate(parts):
        if number:
            out.append(("", "\n"))
        if part.status is Status.ANSWERED and part.entry is not None:
            if restate or several:
                out.append(("class:heading", sanitize(part.entry.question) + "\n"))
            out.append(("class:answer", sanitize(part.entry.answer) + "\n"))
            out.append(("class:source", (source_line(faq, part) or "") + "\n"))
        else:
            if several:
                asked = sanitize(" ".join(part.query.split()))
                if len(asked) > _QUOTED_CHARS:
                    asked = asked[: _QUOTED_CHARS - 3].rstrip() + "..."
                out.append(("class:heading", f'{language.say("you_asked")} "{asked}"\n'))
            out.append(("class:fallback", sanitize(part.message or faq.fallback) + "\n"))
    out += _lists(reply if followups else replace(reply, followups=()), language)
    if topics_hint and any(p.status is Status.NO_MATCH for p in parts):
        out.append(("class:hint", topics_hint + "\n"))
    if reply.note:
        out.append(("class:note", sanitize(reply.note) + "\n"))
    out.append(("class:reminder", sanitize(reply.reminder) + "\n"))
    return out


def _lists(reply: Reply, language: Language) -> list[Fragment]:
    out: list[Fragment] = []
    number = 1
    for heading, entries in offered_lists(reply):
        if heading is not None:
            out.append(("class:heading", language.say(heading) + "\n"))
        out += numbered(entries, start=number)
        number += len(entries)
    return out


def numbered(entries: tuple[Entry, ...] | list[Entry], *, start: int) -> list[Fragment]:
    fragments: list[Fragment] = []
    for number, entry in enumerate(entries, start):
        fragments += [("class:number", f"  {number}. "), ("class:question", sanitize(entry.question) + "\n")]
    return fragments


def reply_lines(faq: Faq, reply: Reply, *, width: int | None = None) -> list[str]:
    """The reply as lines of plain text, wrapped to ``width`` when given."""
    language = language_for(faq)
    fragments = reply_fragments(
        faq, reply, language=language, topics_hint=language.say("topics_command"), followups=False
    )
    lines = "".join(text for _, text in fragments).rstrip("\n").split("\n")
    if not width:
        return lines
    import textwrap  # here: a JSON reply is never wrapped

    out: list[str] = []
    for line in lines:
        # A numbered item's continuation lines line up under its text.
        indent = " " * (len(line) - len(line.lstrip(" ")))
        if line.lstrip()[:1].isdigit():
            indent += " " * (line.lstrip().find(" ") + 1)
        out += textwrap.wrap(line, width, subsequent_indent=indent) or [line]
    return out


def render_reply(faq: Faq, reply: Reply, *, width: int | None = None) -> str:
    return "\n".join(reply_lines(faq, reply, width=width))


def render_topics(faq: Faq) -> str:
    lines = []
    for section in faq.sections:
        entries = [e for e in faq.entries if e.section == section.id]
        if not entries:
            continue
        lines.append(f"{section.title} [{section.id}]")
        lines += [f"  - {e.question}" for e in entries]
    return sanitize("\n".join(lines))
