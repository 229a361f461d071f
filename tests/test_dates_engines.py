"""The dates finder tries its forms with the standard library's engine on texts both engines
read alike, and with ``regex`` otherwise: the two must find the same expressions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibparse import lexicon
from idlibparse.extractors import _dates_find as finder

# Words the forms are made of, and some that lean on them, with digits and punctuation between.
WORDS = [
    "the",
    "last",
    "past",
    "next",
    "few",
    "weeks",
    "days",
    "years",
    "months",
    "ago",
    "later",
    "earlier",
    "since",
    "on",
    "in",
    "at",
    "for",
    "by",
    "until",
    "Monday",
    "Friday",
    "friday",
    "March",
    "march",
    "May",
    "may",
    "Dec.",
    "December",
    "2019",
    "2020",
    "1990s",
    "'90s",
    "24",
    "3",
    "11",
    "a",
    "an",
    "one",
    "two",
    "twenty-four",
    "hours",
    "hour",
    "p.m.",
    "a.m.",
    "GMT",
    "noon",
    "midnight",
    "dawn",
    "morning",
    "night",
    "tonight",
    "yesterday",
    "today",
    "now",
    "recently",
    "summer",
    "spring",
    "fall",
    "quarter",
    "third",
    "half",
    "and",
    "of",
    "early",
    "late",
    "mid-",
    "mid-March",
    "year-end",
    "fiscal",
    "Q3",
    "H1",
    "every",
    "each",
    "daily",
    "weekly",
    "Christmas",
    "Day",
    "24/12/2019",
    "2020-02-08",
    "nearly",
    "about",
    "more",
    "than",
    "almost",
    "within",
    "took",
    "lasted",
]
# (a no-break space makes a text wide, see ``finder.reading``: both kinds of classes are tried)
GAPS = [" ", " ", " ", ", ", ". ", "-", "  ", "\n", " (", ") ", "\xa0", "’ "]


def _found(text: str) -> list[tuple[str, int, int]]:
    return [(name, m.start(), m.end()) for name, m in finder.scan(text)]


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fresh trial counters (and no threshold), so the standard library's engine is used at once."""
    monkeypatch.setattr(finder, "_STD_AFTER", 0)
    finder._trial.cache_clear()
    finder._word_trial.cache_clear()
    yield
    finder._trial.cache_clear()
    finder._word_trial.cache_clear()


def _regex_only(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    with monkeypatch.context() as patch:
        patch.setattr(finder, "reading", lambda text: (False, False))  # every text "foreign"
        return _found(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=1, max_size=14))
def test_both_engines_find_the_same(
    engines: None, monkeypatch: pytest.MonkeyPatch, parts: list[tuple[str, str]]
) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert finder._alike(text)  # the fast engine is the one tried
    assert _found(text) == _regex_only(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "Fighting resumed on Friday, three weeks after a truce agreed on March 5, 2020.",
        "For years the town lay empty; at dawn on Tuesday the 24-hour pause ended.",
        "In the past 48 hours, about 2,000 people fled, compared with 800 in the third quarter of 2019.",
    ],
)
def test_wire_sentences_agree(engines: None, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    fast = _found(text)
    assert fast  # each sentence has dates
    assert fast == _regex_only(text, monkeypatch)


def test_stored_opening_words_answer_as_worked_out(cache_dir: Path) -> None:
    finder._stored_openings.cache_clear()
    try:
        made = finder._stored_openings()
        (stored,) = list(cache_dir.rglob("dates-openings-*.pickle"))
        finder._stored_openings.cache_clear()
        assert finder._stored_openings() == made  # loaded
        assert made
        for word, names in made.items():
            assert names == finder.opening_names(word), word
        stored.write_bytes(b"\x80garbage")
        finder._stored_openings.cache_clear()
        assert finder._stored_openings() == made  # worked out again
    finally:
        finder._stored_openings.cache_clear()


NUMBER_PIECES = [
    "2019",
    "1990",
    "0300",
    "24",
    "3",
    "11",
    "31",
    "1,500",
    "45.5",
    "1/2",
    "½",
    "s",
    "'s",
    "th",
    "-",
    "–",
    "/",
    ".",
    ":",
    ",",
    "GMT",
    "hours",
    "days",
    "Dec.",
    "March",
    "and",
    "to",
    "third",
    "quarter",
    "century",
    "ago",
    "a.m.",
    "2020-02-08",
    "24/12/2019",
    "of",
    "fiscal",
    "Q3",
    "٢٠١٩",
    "weeks",
    "or",
    "half",
    " ",
    "\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), min_size=1, max_size=9))
def test_numbers_tried_by_their_count_of_digits_find_what_all_forms_find(parts: list[str]) -> None:
    text = "".join(parts)
    every = ("time", "dayrange", "full", "quarter", "decade", "ago", "duration", "year")
    found = _found(text)
    saved = dict(finder._STARTING_WITH)
    try:
        finder._STARTING_WITH.update(digit=every, digits4=every)
        assert found == _found(text)
    finally:
        finder._STARTING_WITH.clear()
        finder._STARTING_WITH.update(saved)


def _the_phrases() -> list[str]:
    _, _, every = finder.openers()
    return [*sorted(every)[::3], "past", "first", "same", "end", "1990s", "'90s", "March", "Q3", "of"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["the", "The", "THE", *_the_phrases()]),
            st.sampled_from(["", "cap", "upper"]),
            st.sampled_from([" ", " ", "  ", "-", ", ", "\n"]),
        ),
        min_size=1,
        max_size=7,
    )
)
def test_forms_after_the_pruned_by_the_next_word_find_what_all_forms_find(
    monkeypatch: pytest.MonkeyPatch, parts: list[tuple[str, str, str]]
) -> None:
    cased = {"": str.lower, "cap": str.capitalize, "upper": str.upper}
    text = "the " + "".join(cased[case](word) + gap for word, case, gap in parts)
    found = _found(text)
    with monkeypatch.context() as patch:
        patch.setattr(finder, "_after_the", dict)  # every form "the" opens, whatever follows
        assert found == _found(text)


def _trigger_in_two_lists(folded: bool) -> re.Pattern[str]:
    """The trigger as first written: all the words that stand alone, then all opening words."""
    alone, starters, every = finder.openers()
    every_alt, starter_alt = finder._alt(sorted(every)), finder._alt(sorted(starters))
    clock = finder._alt(sorted(finder.cues("clock")))
    blind = "(?:" if folded else "(?i:"
    and_half = rf"[\s\-]{blind}and[\s\-]a[\s\-]half)"
    after_number = (
        rf"(?:\.\d++)?(?:[a-zA-Z½]|[:/\-–]\d|-|[^\S\n]{{1,3}}+(?:{blind}{every_alt}|{clock})(?![\w])|\d/\d"
        rf"|{blind}and[\s\-]a[\s\-]half)|{blind}and|to)[^\S\n]{{1,3}}+\d))"
    )
    before_article = rf"(?=\s{{1,3}}+{blind}an?|the)\s)"
    tails = {
        **dict.fromkeys(alone, r"(?![\w])"),
        **dict.fromkeys(finder.cues("before_article"), before_article),
    }
    words = lexicon.tailed_trie(tails, finder.SP)
    return re.compile(
        rf"[^\w\-](?:\d(?<![,.:].)(?:\d{{3}}(?!\d)|\d{{0,2}}+(?={after_number}))|['’]\d|{blind}{words})"
        rf"|{blind}{starter_alt})(?=[\s,.\-]{{1,4}}+['’]?+(?:\d|{blind}{every_alt})(?![\w]))|{and_half}))"
    )


def _trigger_words() -> list[str]:
    alone, starters, every = finder.openers()
    return [*sorted(alone | starters | every)[::2], "2019", "24", "1/2", "'90s", "and a half", "GMT"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_trigger_words()),
            st.sampled_from([" ", "  ", "-", ", ", ". ", "\n", "'", "(", "", "–"]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([str.lower, str.title, str.upper]),
)
def test_trigger_by_first_letter_finds_what_two_lists_find(
    parts: list[tuple[str, str]], case: Callable[[str], str]
) -> None:
    text = " " + case("".join(word + gap for word, gap in parts))
    for folded in (True, False):
        subject = text.lower() if folded else text
        got = [(m.start(), m.group()) for m in finder.trigger(folded).finditer(subject)]
        assert got == [(m.start(), m.group()) for m in _trigger_in_two_lists(folded).finditer(subject)]
