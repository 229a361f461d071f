"""The places scan's word tests read in one set what they used to ask of several tables: a word
left to the full probe (nationality, short form with or without its dot, first word of a
two-word nationality), a one-word run that names nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse import gazetteer
from idlibparse.extractors import _places_recognize as recognize

WORDS = (
    "Idlib",
    "Syria",
    "Syrian",
    "Sri",
    "Calif",
    "Ga",
    "Kurdish",
    "Police",
    "Obama",
    "Smith",
    "The",
    "AZAZ",
    "Washington",
    "North",
    "Saraqib",
    "Colo",
    "Tenn",
    "Lankan",
    "Mexico",
    "Jordan",
)


def _starts_nothing_by_tables(word: str) -> bool:
    """:func:`recognize._starts_nothing` asked of each table in turn."""
    if len(word) <= 3 or word.isupper() or word == "The" or word in recognize.demonyms():
        return False
    shorts = recognize.abbreviations()
    firsts = {name.split(" ", 1)[0] for name in recognize.demonyms() if " " in name}
    if word in shorts or word + "." in shorts or word in firsts:
        return False
    candidates, extends = recognize._name_entry(word)
    return not candidates and not extends


def _names_nothing_by_tables(word: str) -> bool:
    if word in recognize.demonyms() or word in recognize.abbreviations():
        return False
    key = gazetteer.fold(word)
    return key not in recognize._regions() and not gazetteer.probe(key)[0]


def _table_words() -> list[str]:
    shorts = list(recognize.abbreviations())
    words = [*WORDS, *recognize.demonyms(), *shorts, *(s[:-1] for s in shorts if s.endswith("."))]
    return [word for word in words if word]


def test_starts_nothing_matches_the_tables() -> None:
    for word in _table_words():
        assert recognize._starts_nothing(word) == _starts_nothing_by_tables(word), word


def test_alpha_names_nothing_matches_the_tables() -> None:
    for word in _table_words():
        if word.isalpha():
            assert recognize._alpha_names_nothing(word) == _names_nothing_by_tables(word), word


NAME_WORDS = ("Idlib", "Aleppo", "Ab", "A", "Aléppo", "Zürich", "Ma", "Qamenas", "Sarmin", "B")


def test_name_pieces_of_one_word_match_the_pattern() -> None:
    for word in NAME_WORDS:
        expected = tuple(m.span() for m in recognize._NAME_RUN_RE.finditer(word))
        assert recognize._name_pieces.__wrapped__(word) == expected, word


_JOINT_PIECES = [",", " ", "and", "or", "d", "r", "\n", "x", "\xa0", "\x1c", "nd", "Sarmin"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_JOINT_PIECES), max_size=6))
def test_list_joints_pass_their_pre_tests(pieces: list[str]) -> None:
    """Where a list joint's pattern matches, the cheap test before it passes: before a name,
    the character before the last space is a comma or the end of "and"/"or"; after a name, a
    space is followed by "and" or "or"."""
    window = "".join(pieces)
    if recognize._LIST_BEFORE.search(window) is not None:
        assert window[-2:-1] in recognize._LIST_BEFORE_ENDS
    if window[:1] != "," and recognize._LIST_AFTER.match(window) is not None:
        assert window[:1].isspace()
        assert window.startswith(("and", "or"), 1)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([" ", ",", "'", "’", "\n", "\xa0"]),
    st.sampled_from(["governorate", "s main hospital", " 15 km south of ", " south of "]),
)
def test_cues_after_a_name_start_where_tested(first: str, rest: str) -> None:
    """A head word after an unknown name follows a space; the other cues a comma or an
    apostrophe (so each pattern is tried only there)."""
    _, after, following = recognize._unknown_cues()
    text = first + rest
    if first in ",'’":
        assert after.match(text) is None
    if first not in ",'’":
        assert following.match(text) is None
