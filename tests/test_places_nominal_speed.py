"""The description scan's shortcuts give what the general paths they stand in for give: where a
head word can start, where a determiner starts, and the matches themselves."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.extractors import _places_nominal as nominal

# Pieces of text the scan meets: determiners, modifiers, head words and their look-alikes, every
# kind of white space, punctuation.
PIECES = (
    "the",
    "The",
    "a",
    "A",
    "an",
    "An",
    "this",
    "that",
    "That",
    "than",
    "Iran",
    "then",
    "besieged",
    "nearby",
    "rebel-held",
    "town",
    "township",
    "city",
    "city's",
    "city council",
    "village",
    "hospital",
    "field hospital",
    "air base",
    "airport",
    "aircraft",
    "market",
    "marketplace",
    "base",
    "based",
    "camp",
    "campaign",
    "front line",
    "frontline",
    "military",
    "of",
    "said",
    "shelled",
    "in",
    "Saraqeb",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\xa0",
    "\u2009",
    "\u3000",
    "\x1c",
    ",",
    ".",
    "-",
    "’s",
)

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _general_head_starts(text: str) -> list[int]:
    return [m.start() + 1 for m in nominal._head_start_pattern().finditer(text)]


def test_other_spaces_are_every_white_space_but_space_and_line_break() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    others = set(nominal._OTHER_ASCII_SPACES) | set(nominal._OTHER_SPACES)
    assert others | {" ", "\n"} == spaces
    assert " " not in others
    assert "\n" not in others
    assert all(c.isascii() for c in nominal._OTHER_ASCII_SPACES)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_head_starts_match_the_white_space_scan(text: str) -> None:
    assert nominal._head_starts(text) == _general_head_starts(text)


def test_head_starts_on_written_sentences() -> None:
    text = (
        "Shelling hit the town of Saraqeb on Tuesday.\nResidents of the town fled to a nearby village,"
        "\xa0while the field hospital and the airport\tclosed. The city council met in the city."
    )
    for variant in (text, text.replace("\xa0", " ").replace("\t", " "), text.replace("\n", "\u2029")):
        assert nominal._head_starts(variant) == _general_head_starts(variant)
    assert nominal._head_starts(text.replace("\xa0", " ").replace("\t", " "))


_DETERMINER_LOOKAHEAD = re.compile(r"(?=(?:[Tt]h(?:e|is|at)|[Aa]n?)\s)")


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 200), st.integers(0, 200))
def test_determiner_starts_match_the_lookahead_scan(text: str, lo: int, hi: int) -> None:
    got = [m.start() for m in nominal._DETERMINER_AT.finditer(text, lo, hi)]
    assert got == [m.start() for m in _DETERMINER_LOOKAHEAD.finditer(text, lo, hi)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_matches_are_the_pattern_matches(text: str) -> None:
    got = [m.span() for m in nominal._matches(text)]
    assert got == [m.span() for m in nominal._pattern().finditer(text)]
