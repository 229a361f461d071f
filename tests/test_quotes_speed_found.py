"""The speech verbs found once per article (``Found``) read by position must give what a scan of
the same part of the text gives: verb_hits, verb_at and first_verb."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.extractors import _quotes_words as words

# Pieces that make words run into each other and cut verbs short: speech verbs, their prefixes,
# letters of every kind, and the characters that may or may not end a word.
_PIECES = st.sampled_from(
    [
        "said",
        "says",
        "say",
        "sai",
        "told",
        "added",
        "warned",
        "reports",
        "the",
        "Ministry",
        "x",
        "é",
        "_",
        "7",
        " ",
        "  ",
        "\n",
        ",",
        ".",
        "'",
        "’",
        "-",
        "“",
        "”",
        '"',
        "(",
    ]
)


def _key(hits: list[words.Hit]) -> list[tuple[int, int, str]]:
    return [(h.at, h.stop, h.word) for h in hits]


def _one(hit: words.Hit | None) -> tuple[int, int, str] | None:
    return None if hit is None else (hit.at, hit.stop, hit.word)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.data())
def test_found_reads_as_a_scan_of_the_part(text: str, data: st.DataObject) -> None:
    found = words.Found(text, words.scan(text)[0])
    assert _key(found.hits) == _key(words.verb_hits(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _key(found.between(start, end)) == _key(words.verb_hits(text, start, end))
    assert _one(found.at(start, end)) == _one(words.verb_at(text, start, end))
    assert _one(found.first(start, end)) == _one(words.first_verb(text, start, end))


def test_a_part_that_ends_inside_a_word_reads_the_word_cut_short() -> None:
    text = "He says so"
    found = words.Found(text, words.scan(text)[0])
    assert _key(found.between(0, 6)) == [(3, 6, "say")]  # as a scan of "He say" finds
    assert _one(found.at(3, 6)) == (3, 6, "say")
    assert _key(found.between(0, len(text))) == [(3, 7, "says")]
