"""Pairing quotation marks, paragraph by paragraph, in one pass.

Curly and straight double quotes, ``older wire'' pairs, doubled apostrophes used as marks, and
guillemets. Single quotes are left alone: inside a double quotation they are part of its words,
and outside one they are too often apostrophes. A quotation never runs past the end of its
paragraph unless the next paragraph opens with a mark (the news convention for a quotation over
several paragraphs); an opening mark that never closes is kept only when it stands where a
quotation begins (at the paragraph's start, or after a colon or comma), otherwise it is a stray.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from idlibparse import compiled

# The marks: "``" and "''" are one mark each, a single backtick or apostrophe none. The pattern
# states them; _double_marks finds its matches.
MARK = re.compile(r"[`'\"“”«»„](?:(?<=`)`|(?<=')'|(?<=[\"“”«»„]))")
# Single quotation marks, for a text that quotes with them alone (British style): an opening ‘,
# and a ’ that ends no word ("Turkey’s") and is no plural possessive ("the rebels’ positions").
SINGLE_MARK = compiled.compile(r"‘|’(?![\w’])(?<!s’(?=\s\p{Ll}))")
# At least this many opening single marks, and no double mark, make single marks the quotation marks.
MIN_SINGLE_OPENERS = 2
# A paragraph that opens with a quotation mark (after white space).
OPENS_WITH_MARK = compiled.compile(r"\s*+(?:``|''|[\"“«„”])")

_OPENERS = frozenset({"“", "«", "„", "``", "‘"})
_CLOSERS = frozenset({"”", "»", "''", "’"})


class Quoted(NamedTuple):
    """Words between quotation marks: ``start``/``end`` are the words, ``mark_start``/``mark_end``
    include the marks. ``continues`` when the quotation goes on in the next paragraph."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    closed: bool = True
    continues: bool = False


def pair_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quoted]:
    """Every quotation in reading order (content without the marks, white space trimmed)."""
    found: list[Quoted] = []
    marks = _marks(text)
    if not marks:
        return found
    i = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        while i < len(marks) and marks[i][0] < p_start:
            i += 1
        j = i
        while j < len(marks) and marks[j][0] < p_end:
            j += 1
        if j > i:
            next_opens = index + 1 < len(paragraphs) and bool(
                OPENS_WITH_MARK.match(text, paragraphs[index + 1][0], paragraphs[index + 1][1])
            )
            found.extend(_pair_paragraph(text, marks[i:j], p_start, p_end, next_opens))
        i = j
    return found


def _marks(text: str) -> list[tuple[int, str]]:
    """Each mark with where it starts, in order: double marks, unless the text has none and
    quotes with single ones."""
    if text.count("‘") >= MIN_SINGLE_OPENERS and not any(form in text for form in MARK_FORMS):
        return [(m.start(), m.group()) for m in SINGLE_MARK.finditer(text)]
    return _double_marks(text)


# What MARK matches: each form is made of one character repeated, so no two forms overlap, and a
# form's non-overlapping occurrences from the left are MARK's matches of it.
MARK_FORMS = ("``", "''", '"', "“", "”", "«", "»", "„")


def _double_marks(text: str) -> list[tuple[int, str]]:
    """MARK's matches, found form by form with str.find (which skips ahead to a fixed string far
    faster than an engine tests a class at each character), then put in order."""
    found: list[tuple[int, str]] = []
    for form in MARK_FORMS:
        at = text.find(form)
        while at >= 0:
            found.append((at, form))
            at = text.find(form, at + len(form))
    found.sort()
    return found


def _pair_paragraph(
    text: str, marks: list[tuple[int, str]], p_start: int, p_end: int, next_opens: bool
) -> Iterator[Quoted]:
    opened: tuple[int, str] | None = None
    for pos, mark in marks:
        before = text[pos - 1] if pos > p_start else " "
        after_pos = pos + len(mark)
        after = text[after_pos] if after_pos < p_end else " "
        if mark == '"' and before.isdigit() and not after.isalpha():
            continue  # an inch mark: 5'11"
        if opened is None:
            if _can_open(mark, before, after):
                opened = (pos, mark)
            continue
        if _can_close(mark, before, after):
            quoted = _make(text, opened[0] + len(opened[1]), pos, opened[0], after_pos, True)
            if quoted:
                yield quoted
            opened = None
        elif _can_open(mark, before, after):
            opened = (pos, mark)  # the earlier opening mark was a stray
    if opened is None:
        return
    start = opened[0] + len(opened[1])
    lead = text[p_start : opened[0]].rstrip()
    if next_opens or not lead or lead.endswith((":", ",")):
        quoted = _make(text, start, p_end, opened[0], p_end, False, continues=next_opens)
        if quoted:
            yield quoted


def _can_open(mark: str, before: str, after: str) -> bool:
    if mark in _OPENERS:
        return not after.isspace()
    if mark == '"' or mark in _CLOSERS:
        # a closing mark used as an opener ("''If ...", a stray ” before a word) opens only
        # where a quotation may begin: after space or a bracket, before a word
        return (before.isspace() or before in "([—–-") and not after.isspace()
    return False


def _can_close(mark: str, before: str, after: str) -> bool:
    if mark in _CLOSERS or mark == '"':
        return not before.isspace() or after.isspace() or after in ".,;:!?)"
    if mark == "“":  # a curly opener typed for a closer ("51 percent.“")
        return not before.isspace() and (after.isspace() or after in ".,;:!?)")
    return False


def _make(
    text: str, start: int, end: int, mark_start: int, mark_end: int, closed: bool, continues: bool = False
) -> Quoted | None:
    """Trim white space inside the marks; nothing for an empty pair."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Quoted(start, end, mark_start, mark_end, closed, continues)
