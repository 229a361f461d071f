"""The dates extractor's shortcuts must answer exactly what the longer way answers: each test
compares a shortcut with the plain computation it stands for."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse import lexicon
from idlibparse.extractors import _dates_find as finder
from idlibparse.extractors import _dates_resolve as resolve
from idlibparse.extractors import dates
from idlibparse.extractors._dates_resolve import Context

# Words a form may lean on before its start, as the forms' lookbehinds list them.
BEFORES = ("", "in ", "for ", "at ", "after ", "took ", "during ", "since ", "within ", "until ")


def _opens_after_words(name: str, word: str) -> bool:
    """The long way: the form with its lookbehind, probed after each word it may lean on."""
    pattern = finder._bare(name)
    variants = (word, word.capitalize(), word.upper())
    for before in BEFORES:
        for v in variants:
            if not pattern.match(f"{before}{v}", pos=len(before), partial=True):
                continue
            for after in (" ", "-", ".", ",", " 1", " a"):
                if pattern.match(f"{before}{v}{after}", pos=len(before), partial=True):
                    return True
    return False


def _vocabulary() -> list[str]:
    alone, starters, _ = finder.openers()
    return [*sorted(alone | starters), "the", "weeks", "springs", "dusk", "dawn", "fall", "x", "be"]


@pytest.mark.parametrize("name", [n for n in finder.forms() if finder._LEANING_SOURCE in finder.forms()[n]])
def test_leaning_form_probed_once_opens_as_after_each_word(name: str) -> None:
    for word in _vocabulary():
        expected = _opens_after_words(name, word)
        assert (name in finder.opening_names(word)) == expected, word


# The tense markers as first written: the -ed ending asked after the word's exceptions, and a
# lookbehind for the mark before the word instead of the mark taken.
TENSE_FIRST_WRITTEN = dates._TENSE_SOURCE.replace(
    r"|(?=\w++(?<=\w{{2}}[^e]ed)(?![\w'’]))(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)"
    r"(?P<weaked>(?!(?:{not_past})(?![\w'’]))\w++))",
    r"|(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?P<weaked>(?!(?:{not_past})(?![\w'’]))\w++(?<=\w{{2}}[^e]ed)))",
).replace("[^\\w'’](?:", "(?<![\\w'’])(?:", 1)

TENSE_WORDS = [
    "was", "had", "would", "be", "been", "being", "paid", "armed", "united", "succeed", "shed",
    "announced", "fired", "reported", "closed", "will", "won't", "it'll", "going", "to", "next",
    "planned", "plans", "expected", "said", "ago", "the", "talks", "ended", "bed", "red", "needed",
    "seized", "freed", "agreed", "tomorrow", "earlier", "3rd", "2020", "ed", "sped",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(TENSE_WORDS), st.sampled_from([" ", ", ", ". ", "\n", "'", "’"])),
        max_size=12,
    )
)
def test_tense_markers_as_first_written(parts: list[tuple[str, str]]) -> None:
    assert TENSE_FIRST_WRITTEN != dates._TENSE_SOURCE
    not_past = "|".join(sorted(finder.cues("not_past")))
    text = "".join(word + gap for word, gap in parts)
    for case_blind, flags in ((False, 0), (True, re.IGNORECASE)):
        reference = re.compile(TENSE_FIRST_WRITTEN.format(not_past=not_past), flags)
        for subject in (text, text.upper()):
            # in windows, as the clauses read them: in the text with a space put before it
            for low, high in ((0, len(subject)), (3, len(subject)), (1, max(1, len(subject) - 4))):
                if low > high:
                    continue
                found = dates._tense(case_blind).finditer(" " + subject, low, high + 1)
                got = [(m.start(), m.end() - 1, m.lastgroup) for m in found]
                assert got == [
                    (m.start(), m.end(), m.lastgroup) for m in reference.finditer(subject, low, high)
                ]


# A sentence break as first written: its first character not matched first.
SENTENCE_BREAK_FIRST_WRITTEN = re.compile(r"[.!?]++[\"'”’)\]]*+\s++(?=[\"'“‘(\[]?+[A-Z\d])|\n")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Gen.", "U.S.", "said", "Friday", "2020", "?!", "...", ".", "!", "\n", " ", "  ", "“", "”"]
        ),
        max_size=16,
    ),
    st.integers(0, 12),
)
def test_sentence_breaks_as_first_written(parts: list[str], low: int) -> None:
    text = " ".join(parts)
    low = min(low, len(text))
    for high in (len(text), max(low, len(text) - 3)):
        got = [m.span() for m in dates._SENTENCE_BREAK.finditer(text, low, high)]
        assert got == [m.span() for m in SENTENCE_BREAK_FIRST_WRITTEN.finditer(text, low, high)]


def test_ascii_text_alike_as_by_the_full_test() -> None:
    for code in range(128):
        text = f"on Friday{chr(code)} 5 March"
        assert finder._alike(text) == (finder._FOREIGN.search(text) is None), code
    assert not finder._alike("Idlib\x1c 2020")
    assert finder._alike("“Idlib” — 2020")
    assert not finder._alike("Idlib ² 2020")


def test_direction_asked_once_and_only_when_read() -> None:
    asked: list[int] = []

    def ask() -> bool | None:
        asked.append(1)
        return True

    context = Context(dt.date(2020, 2, 8), None, None, ask)
    assert asked == []
    assert context.future is True
    assert context.future is True
    assert asked == [1]
    assert Context(None, False, "2019").future is False


PIECES = ["since", "SINCE", "Until", "by", "after", "before", "till", "through", "said", "Gen.", "U.S.",
          "al-Assad", "O'Neill", "l’Est", "x", "é", "ſ", "K", "2019", "_", "-", "—", "(", ".", ",",
          " ", "  ", "    ", "\t", "\n", "\xa0", " \n ", "\u2003"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16))
def test_word_before_and_signal_read_backwards_as_searched(parts: list[str]) -> None:
    text = "".join(parts) + "Friday"
    for start in range(len(text) + 1):
        found = dates._WORD_BEFORE.search(text, max(0, start - 34), start)
        assert dates._word_before(text, start) == (found.group(1) if found else "")
        low = max(0, start - 16)
        gap = dates._gap_start(text, start, low)
        if gap <= low or (text[gap - 1].isascii() and text[gap - 1] not in dates._SIGNAL_ENDS):
            assert dates._SIGNAL.search(text, low, start) is None


# The word before a full stop, as the extractor once searched for it.
LAST_WORD = re.compile(r"(?<![\w.])[A-Za-z.]++\Z")


def _after_abbreviation_searched(text: str, stop: int) -> bool:
    """The long way: the word before the full stop searched for in the 13 characters there."""
    if text[stop] != ".":
        return False
    found = LAST_WORD.search(text, max(0, stop - 12), stop + 1)
    if found is None:
        return False
    word = found.group()
    return len(word) == 2 or word.lower() in lexicon.abbreviations() or word.count(".") > 1


ABBREVIATION_PIECES = ["Gen", "U", "S", "W", "Lt", "Col", "al", "x", "é", "3", "_", "-", " ", "\n", ".",
                       "Jan", "Sept", "approx", "Mr", "ſ", "Ⅻ", "²"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ABBREVIATION_PIECES), max_size=12))
def test_abbreviation_read_backwards_as_searched(parts: list[str]) -> None:
    text = "".join(parts) + "."
    for stop in range(len(text)):
        assert dates._after_abbreviation(text, stop) == _after_abbreviation_searched(text, stop), stop


@pytest.mark.parametrize("ref", [dt.date(2020, 2, 8), dt.date(2020, 2, 29), dt.date(2019, 12, 31)])
def test_own_weekday_and_month_need_no_direction(ref: dt.date) -> None:
    from idlibparse.extractors import _dates_resolve as resolve

    for future in (True, False, None):
        assert resolve._weekday_date(ref, ref.isoweekday(), future) == ref
        assert resolve._month_year(ref, ref.month, future) == ref.year


_UNICODE_CLASSES = [re.compile(c) for c in (r"\w", r"\s", r"\d")]
_ASCII_CLASSES = [re.compile(c, re.ASCII) for c in (r"\w", r"\s", r"\d")]


def test_narrow_characters_classed_alike_with_ascii_classes() -> None:
    """Every character a narrow text may hold is read alike by both engines and falls in the
    same classes with ASCII classes as with Unicode ones (the long way: asked of each class)."""
    for code in range(0x110000):
        char = chr(code)
        if finder._WIDE.match(char):
            continue
        assert finder._FOREIGN.match(char) is None, hex(code)
        for wide, narrow in zip(_UNICODE_CLASSES, _ASCII_CLASSES, strict=True):
            assert (wide.match(char) is None) == (narrow.match(char) is None), hex(code)


def test_reading_as_by_the_full_tests() -> None:
    for text in (
        "on Friday 5 March",
        "“Idlib” — 2020",
        "Idlib\xa02020",
        "Alep\xe9 2020",
        "Idlib\x1c 2020",
        "Alep\xe9 \xb2 2020",
        "\xb2 Alep\xe9",
        "\xa0\u2019\u0130",
    ):
        alike = finder._FOREIGN.search(text) is None
        assert finder.reading(text) == (alike, finder._WIDE.search(text) is None), text


NARROW_WORDS = [*sorted(finder.openers()[2])[::3], "2019", "24", "1/2", "'90s", "said", "will", "armed"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(NARROW_WORDS),
            st.sampled_from([" ", "  ", "-", ", ", ". ", "\n", "’", "“", "", "–", "_", "\t"]),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_narrow_patterns_find_what_the_wide_ones_find(parts: list[tuple[str, str]]) -> None:
    text = " " + "".join(word + gap for word, gap in parts).lower()
    assert finder.reading(text)[1]
    for narrow, wide in (
        (finder.trigger(True, True), finder.trigger(True)),
        (dates._tense(False, True), dates._tense(False)),
    ):
        assert [(m.span(), m.lastgroup) for m in narrow.finditer(text)] == [
            (m.span(), m.lastgroup) for m in wide.finditer(text)
        ]


GROUP_SAMPLES = [
    "3 p.m. local time on Friday, Dec. 13, 2019",
    "the past 24 hours",
    "two and a half years ago",
    "11-13 December 2019",
    "early last week",
    "the third quarter of 2019",
    "every two weeks",
    "late Tuesday night",
    "fiscal 2020",
    "mid-March",
]


def test_groups_read_by_number_as_by_name() -> None:
    """A group read by its number (``number_of``, ``_g``, ``_low``) is the group read by its
    name, and a name the pattern lacks reads as none."""
    names = sorted({name for form in finder.forms() for name in finder._single(form).groupindex})
    for form in finder.forms():
        pattern = finder._single(form)
        for text in GROUP_SAMPLES:
            for start in range(len(text)):
                m = pattern.match(text, start)
                if m is None:
                    continue
                for name in names:
                    if name in pattern.groupindex:
                        assert m.group(resolve.number_of(m, name)) == m.group(name)
                        assert m.span(resolve.number_of(m, name)) == m.span(name)
                        assert m.captures(resolve.number_of(m, name)) == m.captures(name)
                        assert resolve._g(m, name) == m.group(name)
                        assert resolve._low(m, name) == (m.group(name) or "").lower()
                    else:
                        assert resolve._g(m, name) is None
                        assert resolve._low(m, name) == ""
                        with pytest.raises(IndexError):
                            m.group(resolve.number_of(m, name))
