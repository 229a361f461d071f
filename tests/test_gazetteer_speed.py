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


def _fold_by_translation(surface: str) -> str:
    """:func:`gazetteer.fold` of an ASCII surface read through the punctuation table, as for
    any surface with a character that vanishes or separates."""
    tokens = surface.casefold().translate(gazetteer._PUNCT).split()
    if len(tokens) == 1:
        return gazetteer._ABBREVIATIONS.get(tokens[0], tokens[0])
    if len(tokens) > 1 and tokens[0] == "the":
        del tokens[0]
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if i < last and len(token) <= 3:
            tokens[i] = gazetteer._article(token, tokens[i + 1])
        elif token in gazetteer._ABBREVIATIONS:
            tokens[i] = gazetteer._ABBREVIATIONS[token]
    return " ".join(tokens)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Al", "as", "Ash", "Sham", "The", "the", "Saint", "Mount", "Idlib", "of", "Es", "Salt", " "]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fold_of_plain_words_matches_the_punctuation_table(words: list[str]) -> None:
    surface = " ".join(words)
    if surface.replace(" ", "").isalpha() and not surface.isalpha():
        assert gazetteer.fold.__wrapped__(surface) == _fold_by_translation(surface)
