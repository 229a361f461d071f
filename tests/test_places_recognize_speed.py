"""The places scan's word tests read in one set what they used to ask of several tables: a word
left to the full probe (nationality, short form with or without its dot, first word of a
two-word nationality), a one-word run that names nothing."""

from __future__ import annotations

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
