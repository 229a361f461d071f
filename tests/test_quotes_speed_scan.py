"""The words after a character other than a space, found from a copy of the text made of
character classes, must be those _OTHER_LEAD finds (with a letter or digit lead turned away), on
ASCII text and on text with characters outside ASCII alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.extractors import _quotes_words as words

_PIECES = st.sampled_from(
    [
        "said",
        "says",
        "told",
        "x",
        "A",
        "7",
        "_",
        " ",
        "\n",
        ",",
        "(",
        "'",
        "-",
        "’",
        "‘",
        "“",
        "”",
        "«",
        "é",
        "É",
        "٣",
        "日本",
        "\u00a0",
        "\U0001f600",
        "?",
        "#",
    ]
)


def _by_pattern(text: str) -> list[tuple[int, str]]:
    return [(m.start(1), m.group(1)) for m in words._OTHER_LEAD.finditer(text) if not m.group()[0].isalnum()]


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_other_leads_are_the_pattern_s(text: str) -> None:
    assert words._other_leads(text) == _by_pattern(text)


def test_a_word_next_to_a_letter_outside_ascii_is_no_word_of_its_own() -> None:
    text = "ésaid «said» ’said said’ (said)é “said”"
    assert words._other_leads(text) == [(7, "said"), (26, "said"), (34, "said")]
    assert words._other_leads(text) == _by_pattern(text)
