"""Plain-text rendering of replies for ``faq-bot ask`` (the chat builds its
own styled fragments in :mod:`faq_bot.conversation`). Every FAQ string passes
:func:`~faq_bot.text.sanitize` again here, so nothing from a file reaches the
terminal as a control code."""

from __future__ import annotations

import textwrap

from .model import Faq, Reply, Section, Status
from .text import sanitize


def where_from(faq: Faq, section: Section) -> str:
    """The line naming where an answer comes from: the article and section,
    or the FAQ's section when it names no article."""
    if faq.source is None:
        return sanitize(f"Section: {section.title}")
    return sanitize(f"Source: {faq.source.title}, {section.title}")


def source_line(faq: Faq, reply: Reply) -> str | None:
    return where_from(faq, reply.section) if reply.section is not None else None


def reply_lines(faq: Faq, reply: Reply, *, width: int | None = None) -> list[str]:
    """The reply as paragraphs of text, wrapped to ``width`` when given."""
    paragraphs: list[str] = []
    if reply.status is Status.URGENT:
        paragraphs.append(f"URGENT: {reply.message}")
    elif reply.status is Status.ANSWERED and reply.entry is not None:
        paragraphs.append(reply.entry.answer)
        paragraphs.append(source_line(faq, reply) or "")
    else:
        paragraphs.append(reply.message or faq.fallback)
        if reply.alternatives:
            suggestions = ["Did you mean:"]
            suggestions += [f"  {n}. {m.entry.question}" for n, m in enumerate(reply.alternatives, 1)]
            paragraphs.append("\n".join(suggestions))
    paragraphs.append(reply.reminder)
    out = []
    for paragraph in paragraphs:
        clean = sanitize(paragraph)
        if width and "\n" not in clean:
            clean = "\n".join(textwrap.wrap(clean, width)) or clean
        out.append(clean)
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
