"""faq-bot: answers patients' questions about failed back syndrome from a FAQ.

Embedding it::

    from faq_bot import FaqBot, load_faq

    bot = FaqBot(load_faq())          # the packaged FAQ
    reply = bot.ask("what is fbss?")
    print(reply.status, reply.entry.answer if reply.entry else reply.message)
"""

from .errors import EvalCasesError, FaqError, FaqInvalid, FaqLoadError, FaqValidationError
from .loader import default_faq_paths, is_valid_faq, load_faq
from .matcher import DEFAULT_SCORE_CUTOFF, FaqBot, FaqIndex, Scorer
from .model import Entry, Faq, Match, Reply, Section, Source, Status, UrgentRule
from .safety import Screening, UrgentScreen

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "Entry",
    "EvalCasesError",
    "Faq",
    "FaqBot",
    "FaqError",
    "FaqIndex",
    "FaqInvalid",
    "FaqLoadError",
    "FaqValidationError",
    "Match",
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
]
