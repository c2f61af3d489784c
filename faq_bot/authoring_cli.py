"""Command-line glue for the FAQ authors' commands (lint, add, suggest).

Registered by :mod:`faq_bot.cli`; each command sets ``handler`` on the
parsed arguments. Heavy imports stay inside the handlers so that ``faq-bot
ask`` does not pay for them at start-up.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_authoring_commands(
    commands: Any, *, faq_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add the authoring subcommands to ``commands`` (an argparse subparsers action)."""
