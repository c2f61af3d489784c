"""faq-bot: answers questions from a FAQ written in YAML, on any topic.

Embedding it::

    from faq_bot import FaqBot, load_faq

    bot = FaqBot(load_faq())          # the packaged FAQ
    reply = bot.ask("what is fbss?")
    hit = reply.answered              # the entry and its section, or None
    print(hit.entry.answer if hit else reply.message)
"""

import gc as _gc

# The modules below make tens of thousands of objects that live as long as
# the process: collections while they load free nothing, and cost a cached
# `faq-bot ask` about 1% of its time. Paused, then left as they were.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from .bot import DEFAULT_SCORE_CUTOFF, Evidence, FaqBot
    from .conversation import Context, Conversation, respond_in_context
    from .errors import EvalCasesError, FaqError, FaqInvalid, FaqLoadError, FaqValidationError
    from .loader import default_faq_paths, is_valid_faq, load_faq, load_faq_text
    from .matcher import FaqIndex, Scorer
    from .model import Answered, Entry, Faq, Intent, Match, Reason, Reply, Section, Source, Status, UrgentRule
    from .safety import Screening, UrgentScreen
finally:
    if _collecting:
        # Into the oldest generation unwalked: re-enabled as they were, the first
        # collection after would walk them all (2% of a cached `faq-bot ask`).
        # Not where something else has frozen objects: unfreeze() would free those.
        if not _gc.get_freeze_count():
            _gc.freeze()
            _gc.unfreeze()
        _gc.enable()
del _gc, _collecting

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "Answered",
    "Context",
    "Conversation",
    "Entry",
    "EvalCasesError",
    "Evidence",
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
