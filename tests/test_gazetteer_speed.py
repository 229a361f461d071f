"""The gazetteer's shortcuts give what the general paths they stand in for give: a key's doubled
letters found by a search for any doubled character."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse import gazetteer

_DOUBLED_LETTER = re.compile(r"([^\W\d_])\1")


def _collapse_by_letters(text: str) -> str:
    """:func:`gazetteer._collapse` as a search for a doubled letter, then the loop."""
    if _DOUBLED_LETTER.search(text) is None:
        return text
    kept: list[str] = []
    previous = ""
    for char in text:
        if char != previous or not char.isalpha():
            kept.append(char)
        previous = char
    return "".join(kept)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aabbeeqq  ½²1__--\n\n'éé", max_size=14))
def test_collapse_matches_the_doubled_letter_search(text: str) -> None:
    assert gazetteer._collapse(text) == _collapse_by_letters(text)


def test_collapse_of_words_and_names() -> None:
    for text in ("maarrat", "raqqa", "11 aa", "½½", "  x", "al  bab", "hassakeh", "book keeper", ""):
        assert gazetteer._collapse(text) == _collapse_by_letters(text)
