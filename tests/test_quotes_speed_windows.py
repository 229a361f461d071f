"""A speaker's walk reads tokens window by window, and a forward walk reads them lazily: on a
line of any length the tokens it reads must be those of the whole window tokenized at once, and
the phrase it finds the one a walk over all of them finds. (A very long line, one with no line
break near enough, is tokenized from the window's start itself: _BLOCK is made small here so that
short texts have such lines.)"""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.extractors import _quotes_speakers as speakers

_PIECES = st.sampled_from(
    [
        "the",
        "Defence",
        "Ministry",
        "Gen.",
        "U.S.",
        "J.",
        "al-Assad",
        "Shi’ite",
        "’s",
        "'s",
        "officials",
        "on",
        "Saturday",
        "reportedly",
        "has",
        "who",
        "and",
        "said",
        "a",
        "monitor",
        "x",
        "é",
        "7",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        ",",
        ".",
        "(",
        ")",
        "“",
        "”",
        ":",
        "-",
    ]
)

_TEXTS = st.lists(_PIECES, max_size=80).map("".join)


def _whole_walk(text: str, start: int, end: int) -> speakers.Phrase | None:
    """The subject as a walk over the whole window tokenized at once finds it."""
    return speakers._subject(text, speakers._tokenize(text, start, end), False)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data(), st.sampled_from([8, 16, 40]))
def test_a_walk_window_by_window_finds_what_a_walk_over_the_whole_window_finds(
    text: str, data: st.DataObject, block: int
) -> None:
    end = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, end))
    with patch.object(speakers, "_BLOCK", block):
        start = max(floor, end - speakers.WINDOW)
        windows = list(speakers._back_windows(text, start, end))
        if speakers._line_bounds(text, start, end) is None:
            # the widest window holds the tokens of text[start:end] tokenized from ``start``
            assert windows[-1] == (speakers._tokenize(text, start, end), False)
            assert speakers._subject_before(text, end, floor) == _whole_walk(text, start, end)
            assert speakers.antecedent(text, end, floor) == speakers._antecedent(
                text, speakers._tokenize(text, start, end), False
            )


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data())
def test_a_walk_that_starts_in_a_shortened_window_finds_what_a_walk_over_all_of_it_finds(
    text: str, data: st.DataObject
) -> None:
    end = data.draw(st.integers(0, len(text)))
    # (a floor near where a shortened window starts is where the windows are told apart)
    floor = data.draw(st.integers(0, end) | st.integers(max(0, end - 110), end))
    start = max(floor, end - speakers.WINDOW)
    windows = list(speakers._back_windows(text, start, end))
    assert not windows[-1][1]  # the last window is the whole one
    assert all(cut for _, cut in windows[:-1])
    for toks, _ in windows[:-1]:  # each shortened window is a part that ends the whole one
        assert toks == windows[-1][0][len(windows[-1][0]) - len(toks) :]
    whole = speakers._subject(text, windows[-1][0], False)
    assert speakers._subject_before(text, end, floor) == whole


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data(), st.sampled_from([8, 16, 40]))
def test_a_forward_walk_on_a_long_line_reads_the_tokens_of_its_window(
    text: str, data: st.DataObject, block: int
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    with patch.object(speakers, "_BLOCK", block):
        if speakers._line_bounds(text, start, end) is None:
            assert list(speakers._iter_tokens(text, start, end)) == speakers._tokenize(text, start, end)


def test_a_subject_on_a_very_long_line() -> None:
    text = "x " * 3000 + "Fighting went on, the Syrian Observatory for Human Rights said on Sunday."
    verb = text.index(" said") + 1
    assert speakers._line_bounds(text, verb - 200, verb) is None
    found = speakers.subject_before(text, verb, 0)
    assert found is not None
    assert found.text == "the Syrian Observatory for Human Rights"


_LONG_TEXTS = [
    "the Defence Ministry of x " * 6 + "said",
    "Syria’s state news agency SANA, citing a military source on Saturday, said",
    "In Idlib , rebels of the Hayat Tahrir al-Sham (HTS) group who hold the U.S. envoy Gen. J. Smith’s "
    "convoy near the M5 highway on Sunday and Monday reportedly said",
    "word\n" * 30 + "the Syrian Observatory for Human Rights, a UK-based war monitor, said",
]


@pytest.mark.parametrize("text", _LONG_TEXTS)
def test_every_window_of_a_long_phrase_ends_the_whole_one(text: str) -> None:
    """Every verb position and every floor: the shortened windows end the whole one, and the walk
    finds what a walk over the whole window finds."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    for end in sorted({*spaces, *(i + 1 for i in spaces), len(text)}):
        for floor in range(end + 1):
            start = max(floor, end - speakers.WINDOW)
            windows = list(speakers._back_windows(text, start, end))
            whole = windows[-1][0]
            for toks, cut in windows[:-1]:
                assert cut
                assert toks == whole[len(whole) - len(toks) :]
            assert speakers._subject_before(text, end, floor) == speakers._subject(text, whole, False)
