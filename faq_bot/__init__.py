"""faq-bot: answers questions from a FAQ written in YAML, on any topic.

Embedding it::

    from faq_bot import FaqBot, load_faq

    bot = FaqBot(load_faq())          # the packaged FAQ
    reply = bot.ask("what is fbss?")
    hit = reply.answered              # the entry and its section, or None
    print(hit.entry.answer if hit else reply.message)
"""

from .bot import DEFAULT_SCORE_CUTOFF, FaqBot
from .conversation import Context, Conversation, respond_in_context
from .errors import EvalCasesError, FaqError, FaqInvalid, FaqLoadError, FaqValidationError
from .loader import default_faq_paths, is_valid_faq, load_faq, load_faq_text
from .matcher import FaqIndex, Scorer
from .model import Answered, Entry, Faq, Intent, Match, Reason, Reply, Section, Source, Status, UrgentRule
from .safety import Screening, UrgentScreen

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "Answered",
    "Context",
    "Conversation",
    "Entry",
    "EvalCasesError",
    "Faq",
    "FaqBot",
    "FaqError",
    "FaqIndex",
    "FaqInvalid",
    "FaqLoadError",
    "FaqValidationError",
    "Intent",
    "Match",
    "Reason",
    "Reply",
    "Scorer",
    "Screening",
    "Section",
    "Source",
    "Status",
    "UrgentRule",
    "UrgentScreen",
    "default_faq_paths",
    "is_valid_faq",
    "load_faq",
    "load_faq_text",
    "respond_in_context",
]
