"""YAML syntax errors in plain words, with the likely fix.

The parser says "found character that cannot start any token" for a tab,
"mapping values are not allowed here" for ``answer: Note: ...`` and "did not
find expected key" for a line indented one space too few. :func:`explain`
reads the error's marks and the lines around them and says what is wrong and
how to fix it ("a tab in the indentation: YAML indents with spaces only;
indent the line 4 spaces, like line 3"). PyYAML and libyaml word their errors
differently; both are understood.

When the fix is certain (a tab, a value to put in quotes, a space missing
after a colon or a dash), :attr:`Explanation.repaired` is the text with that
one fix made and no line added or removed, so the loader can go on and
report the problems after it in the same run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

# The line breaks YAML counts, so that line numbers agree with its marks.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# "key: value" or "- key: value": the key, and where its value starts.
_KEY = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)*)(?P<key>[^\s\"'#&*!|>%@`{}\[\],?:-][^#]*?):(?:[ \t]+|$)")
_KEY_WITHOUT_SPACE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)*)(?P<key>[A-Za-z_][\w-]*):(?P<rest>[^\s:/].*)$")
_DASH_WITHOUT_SPACE = re.compile(r"^(?P<lead>[ \t]*)-(?P<rest>[^\s-].*)$")
_SHOWN = 40  # characters of a value quoted back in a hint


@dataclass(frozen=True)
class Explanation:
    """What is wrong, where (1-based; the place to fix, which may come before
    where the parser noticed), and the text with the fix made, when certain."""

    message: str
    line: int | None
    column: int | None
    repaired: str | None = None


def explain(error: yaml.YAMLError, text: str) -> Explanation:
    """The plain-language explanation of a YAML syntax ``error`` in ``text``."""
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    raw = Explanation(
        f"{problem}" + (f" ({context})" if context else ""),
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
    )
    if mark is None:
        return raw
    lines = _LINE_BREAK.split(text)
    at = _Place(lines, mark.line, mark.column)
    start = _Place(lines, context_mark.line, context_mark.column) if context_mark else None
    for rule in _RULES:
        found = rule(problem.casefold(), context.casefold(), at, start)
        if found is not None:
            return found
    return raw


class _Place:
    """A position in the text's lines (0-based), with the lines at hand."""

    def __init__(self, lines: list[str], line: int, column: int) -> None:
        self.lines = lines
        self.line = line
        self.column = column

    @property
    def text(self) -> str:
        return self.lines[self.line] if self.line < len(self.lines) else ""

    @property
    def char(self) -> str:
        return self.text[self.column : self.column + 1]

    def explanation(self, message: str, *, line: int | None = None, column: int | None = None) -> Explanation:
        return Explanation(
            message,
            (self.line if line is None else line) + 1,
            (self.column if column is None else column) + 1,
        )

    def repaired(self, message: str, line: int, new_lines: list[str], column: int) -> Explanation:
        """``message`` with the text whose lines from ``line`` on are ``new_lines``."""
        lines = [*self.lines[:line], *new_lines, *self.lines[line + len(new_lines) :]]
        return Explanation(message, line + 1, column + 1, "\n".join(lines))

    def previous(self) -> int | None:
        """The nearest line above with content (not blank, not a comment)."""
        for i in range(self.line - 1, -1, -1):
            stripped = self.lines[i].strip()
            if stripped and not stripped.startswith("#"):
                return i
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _key_column(line: str) -> int | None:
    """Where the key of a ``key: value`` or ``- key: value`` line starts."""
    found = _KEY.match(line)
    return len(found["lead"]) if found else None


def _expected_indent(place: _Place) -> tuple[int, str] | None:
    """How many spaces a line like this one is indented by, judging by the
    lines above it, and which line says so ("like line 3", "under line 1"):
    a list item like the nearest list item, a key like the nearest key, or
    more than a key that opens a block."""
    content = place.text.lstrip(" \t")
    dash = content.startswith("-") and content[1:2] in ("", " ", "\t")
    for i in range(place.line - 1, -1, -1):
        line = place.lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = _key_column(line)
        opens = key is not None and line.rstrip().endswith(":")
        if dash and stripped.startswith("- "):
            return _indent(line), f"like line {i + 1}"
        if key is not None and opens and (dash or i == place.line - 1):
            return key + 2, f"under line {i + 1}"
        if not dash and key is not None:
            return key, f"like line {i + 1}"
        if key is None and not stripped.startswith("- "):
            continue  # a value continued over several lines
        if key is not None and _indent(line) == 0:
            return None
    return None


def _indent_it(count: int) -> str:
    return f"indent it {_spaces(count)}" if count else "start it at the beginning of the line"


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3].rstrip() + "..."


# --- the rules: each returns an Explanation when the error is its kind ----------


def _tab(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    del context, start
    if at.char != "\t" and "tab" not in problem:
        return None
    tab = at.text.find("\t")
    if tab < 0:
        return None
    leading = _indent(at.text)
    if tab < leading:
        expected = _expected_indent(at)
        if expected is None:
            return at.explanation(
                "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces",
                column=tab,
            )
        spaces, like = expected
        message = (
            f"a tab in the indentation: YAML indents with spaces only; "
            f"indent this line {_spaces(spaces)}, {like}"
        )
        return at.repaired(message, at.line, [" " * spaces + at.text[leading:]], tab)
    fixed = at.text[:tab] + " " + at.text[tab + 1 :]
    return at.repaired("a tab character: YAML does not allow one here; use a space", at.line, [fixed], tab)


def _space_after(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    """A key or a list dash without the space after it; the parser notices a
    line later, so the place to fix is the line before."""
    del context, start
    if "mapping values are not allowed" not in problem and "expected key" not in problem:
        return None
    before = at.previous()
    for i in (at.line, before):
        if i is None:
            continue
        line = at.lines[i]
        found = _KEY_WITHOUT_SPACE.match(line)
        if found and ": " not in line:
            column = len(found["lead"]) + len(found["key"])
            fixed = f"{found['lead']}{found['key']}: {found['rest']}"
            return at.repaired(f"a key needs a space after its colon: {fixed.strip()!r}", i, [fixed], column)
        found = _DASH_WITHOUT_SPACE.match(line)
        if found:
            fixed = f"{found['lead']}- {found['rest']}"
            return at.repaired(
                f"a list item needs a space after its dash: {fixed.strip()!r}", i, [fixed], len(found["lead"])
            )
    return None


def _colon_in_value(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    del context, start
    if "mapping values are not allowed" not in problem:
        return None
    found = _KEY.match(at.text)
    if found is None or found.end() > at.column:
        return None
    return _quote_value(at, found, "a colon followed by a space inside a value that is not in quotes")


def _bad_start(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    del context, start
    if "cannot start any token" not in problem and "undefined alias" not in problem:
        return None
    found = _KEY.match(at.text)
    if found is None or found.end() != at.column:
        return None
    why = f"a value cannot start with {at.char!r} unless it is in quotes"
    return _quote_value(at, found, why)


def _quote_value(at: _Place, key: re.Match[str], why: str) -> Explanation:
    """Put the value that starts after ``key`` in quotes, with the lines that
    continue it (indented more than the key), keeping any comment after it."""
    indent = _indent(at.text)
    last = at.line
    while last + 1 < len(at.lines):
        following = at.lines[last + 1]
        if following.strip() and (_indent(following) <= indent or following.lstrip().startswith("#")):
            break
        if not following.strip():
            break
        last += 1
    value_lines = [at.text[key.end() :], *at.lines[at.line + 1 : last + 1]]
    comment = ""
    tail = re.search(r"[ \t]+#.*$", value_lines[-1])
    if tail and last == at.line:
        comment, value_lines[-1] = tail.group(0), value_lines[-1][: tail.start()]
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in value_lines]
    escaped[0] = at.text[: key.end()] + '"' + escaped[0].lstrip()
    escaped[-1] = escaped[-1].rstrip() + '"' + comment
    value = " ".join(v.strip() for v in value_lines).strip()
    message = f"{why}; put the value in quotes: {key['key']}: {_quoted(_short(value))}"
    return at.repaired(message, at.line, escaped, key.end())


def _after_quote(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    del context, start
    if "expected key" not in problem and "<scalar>" not in problem:
        return None
    before = at.text[: at.column].rstrip()
    found = _KEY.match(at.text)
    if not before.endswith(("'", '"')) or found is None:
        return None
    value = at.text[found.end() :].rstrip()
    # The quotes the text does not use go around it.
    quoted = "'" + value.replace("'", "''") + "'" if '"' in value and "'" not in value else _quoted(value)
    message = (
        f"text after the closing quote: put all of the value in quotes, e.g. {found['key']}: {_short(quoted)}"
    )
    return at.repaired(message, at.line, [at.text[: found.end()] + quoted], at.column)


def _unclosed(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    if start is None:
        return None
    if "quoted scalar" in context and "end of stream" in problem:
        quote = start.char or '"'
        return start.explanation(
            f"the quote {quote} that starts here is never closed: end the text with {quote}"
        )
    if "quoted scalar" in context and "escape" in problem:
        return at.explanation(
            "a backslash in double quotes starts an escape such as \\n: write \\\\ for a backslash, "
            "or use single quotes"
        )
    for kind, opening, closing in (("flow sequence", "[", "]"), ("flow mapping", "{", "}")):
        if kind in context:
            what = "list" if opening == "[" else "mapping"
            return start.explanation(
                f"the {what} that starts here with {opening!r} is not closed with {closing!r} where it "
                f"should be: close it, or put the value in quotes if the {opening} is part of the text"
            )
    if "block scalar" in context:
        return at.explanation(
            "after | or > only - or + (and an indentation digit) may follow on the same line: "
            "start the text on the next line, indented"
        )
    return None


def _no_colon(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    del at
    if "simple key" not in context or "expected ':'" not in problem or start is None:
        return None
    shown = _short(start.text.strip())
    return start.explanation(
        f"{shown!r} is not a 'key: value' line: add the colon (and a space), "
        "or, if it goes on with the text of the line above, indent it more than that line's key",
        column=_indent(start.text),
    )


def _indentation(problem: str, context: str, at: _Place, start: _Place | None) -> Explanation | None:
    structure = "block mapping" in context or "block collection" in context
    continued = "mapping values are not allowed" in problem
    if not (structure or continued):
        return None
    current = _indent(at.text)
    column = current
    if continued:
        before = at.previous()
        key = _key_column(at.lines[before]) if before is not None else None
        if before is None or key is None or current <= key:
            return None
        name = at.lines[before][key:].split(":", 1)[0]
        here = at.text.strip().split(":", 1)[0]
        return at.explanation(
            f"{here + ':'!r} is indented more than {name + ':'!r} on line {before + 1}, so YAML reads it as "
            f"more of that value: if it is a key of its own, {_indent_it(key)} like {name + ':'!r}; "
            f"if the colon belongs to the text, put the value of {name!r} in quotes",
            column=column,
        )
    expected = _expected_indent(at)
    if expected is not None and expected[0] != current:
        spaces, like = expected
        kind = "a list item" if at.text.lstrip().startswith("-") else "a key"
        return at.explanation(
            f"this line is indented {_spaces(current)}, but {kind} here goes {_spaces(spaces)} in, "
            f"{like}: line it up",
            column=column,
        )
    if at.text.lstrip().startswith("- "):
        where = f" (the mapping that starts on line {start.line + 1})" if start else ""
        return at.explanation(
            f"a list item where a 'key: value' was expected{where}: "
            "put the list under its key, indented more than the key",
            column=column,
        )
    if start is not None:
        what = "mapping" if "mapping" in context else "list"
        return at.explanation(
            f"this line does not fit the indentation of the lines above: the {what} it seems to belong "
            f"to starts on line {start.line + 1} at column {start.column + 1}",
            column=column,
        )
    return None


_RULES = (_tab, _space_after, _colon_in_value, _bad_start, _after_quote, _unclosed, _no_colon, _indentation)
