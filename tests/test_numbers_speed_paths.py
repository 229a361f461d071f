"""The short paths of the numbers scan answer as the mention pattern would.

``plain_figure_end``, ``plain_money_end``, ``plain_percent_end`` and ``no_figure_after`` spare
the mention pattern where a cheap look at the text tells what it would read. Each must agree
with the pattern wherever it answers; these tests run both on every candidate of many short
texts composed from figures and the words that may follow them.
"""

from __future__ import annotations

import itertools

import pytest

from idlibparse.extractors import _numbers_lexicon as lex

FIGURES = [
    "5", "12", "1,200", "3.5", "2019", "$5", "$ 5", "£300", "US$ 40", "five", "Twenty", "one",
    "between", "half", "Quarter", "5%", "40 percent", "2 million", "$1.5 billion", "7 hundred",
    "many", "Several", "thousands", "tens", "million", "dozen", "between 3 and", "Between two and",
]  # fmt: skip
FOLLOWERS = [
    "", " people", " a share", " a dozen", " and", " and more", " and a half million", " or more", " or",
    "-year-old", "-plus", "-odd", "-km", "-six", "-fold", " to 6", " in 10", " in the", " out of 10",
    " percent", " percentage points", "%", " million", " Million people", " million2", " thousand",
    " km", " miles", " dollars", " the", " of the", " of a million", " a million", ".", ",", ")",
    " - 7", "\u00a0people", "’s", " 5", "+", " per cent", " and the", " and a half", " and above", " and six",
    " in Idlib", " in a hundred", " in three", " in\u00a0three", " to the", " to six", " to $6", " to USD 6",
    " to a million", " to half", " or so", " or fewer", " or the", " or two", " or\u00a0more", " to 6th",
    "th", "s", "st", "G", "km", "m", "bn", "to6", "or7", "tons", "x", "mph", "kmé", "thé", "sq km", "M",
    "K", "Million", "ish", "th\u00a0", "mln", "percent", "kg.", "lbs", "yo",
]  # fmt: skip
BEFORE = ["", "about ", "(", "No. ", "the "]


def _texts() -> list[str]:
    return [b + f + a + " here." for b, f, a in itertools.product(BEFORE, FIGURES, FOLLOWERS)]


def _only(m: object, **groups: str) -> bool:
    """Whether the match set exactly ``groups`` (with these values) and no other group."""
    found = {k: v for k, v in m.groupdict().items() if v is not None}  # type: ignore[attr-defined]
    return found == groups


@pytest.mark.parametrize("text", _texts())
def test_short_paths_agree_with_the_mention_pattern(text: str) -> None:
    for start, word_end in lex.candidates(text):
        endpos = min(len(text), start + 300)
        pattern = lex.mention_pattern("word" if word_end >= 0 else "digit")
        m = pattern.match(text, start, endpos)
        end, _ = lex.plain_figure_end(text, start, endpos, word_end)
        if end >= 0:
            assert m is not None, (text, start)
            assert m.end() == end, (text, start)
            assert _only(m, a=text[start:end]), (text, start)
        if word_end < 0:
            figure, end = lex.plain_money_end(text, start, endpos)
            if end >= 0:
                assert m is not None, (text, start)
                assert m.end() == end, (text, start)
                assert _only(m, cur_a=text[start:figure], a=text[figure:end]), (text, start)
            a_end, unit_start, end = lex.plain_percent_end(text, start, endpos)
            if end >= 0:
                assert m is not None, (text, start)
                assert m.end() == end, (text, start)
                assert _only(m, a=text[start:a_end], unit=text[unit_start:end]), (text, start)
        elif lex.no_figure_after(text, start, word_end, endpos):
            assert m is None, (text, start)
        if word_end >= 0 and text[start:word_end].lower() in lex.word_patterns():
            narrowed = lex.word_patterns()[text[start:word_end].lower()]
            n = lex.mention_pattern(narrowed).match(text, start, endpos) if narrowed else None
            assert (n and (n.span(), _set(n))) == (m and (m.span(), _set(m))), (text, start)


def _set(m: object) -> dict[str, str]:
    return {k: v for k, v in m.groupdict().items() if v is not None}  # type: ignore[attr-defined]


def test_short_paths_are_taken() -> None:
    """The cases they exist for do take them (else they would spare nothing)."""
    assert lex.plain_figure_end("5 people died", 0, 13, -1) == (1, "people")
    assert lex.plain_figure_end("24-year-old", 0, 11, -1)[0] == 2
    assert lex.plain_figure_end("2 million people fled", 0, 21, -1) == (9, "people")
    assert lex.plain_money_end("$5 a share", 0, 10) == (1, 2)
    assert lex.plain_percent_end("40 percent of them", 0, 18) == (2, 3, 10)
    assert lex.no_figure_after("between the lines", 0, 7, 17)
    assert lex.plain_figure_end("5 to the east", 0, 13, -1) == (1, "to")
    assert lex.plain_figure_end("five and the rest", 0, 17, 4) == (4, "and")
    assert lex.word_patterns()["many"] == "vague"
    assert lex.word_patterns()["million"] is None


ASCII_TEXTS = [
    "He was 5 years old; 10 - year - old boys, 3 of May, 4th of July, 5 a.m. and 7 p.m. GMT, 24 hours, "
    "a nine-year war, one-sided, 5. January, 10:30, 5 more days, 3 hard years, 2 local time.",
    "U.S. forces killed 12 ISIL-held fighters and Shi'ite militiamen, who were displaced, wounded, "
    "executed or fled; but 3 died while 4 were missing, whereas 9 WERE KILLED, and as refugees.",
    "Fatalities rose\tto 40,\x0bwhile 2 Syrian-backed fighters died\x0c and 3 were captured.\r\nA 5 km road.",
]


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return (a.span(), a.lastgroup, a.groupdict()) == (b.span(), b.lastgroup, b.groupdict())  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ASCII_TEXTS + [t.upper() for t in ASCII_TEXTS])
def test_ascii_twins_match_as_the_full_patterns(text: str) -> None:
    """On ASCII text the standard library's twins of the after, word, event and joint patterns
    match exactly as the full patterns do, at every position (the event and joint twins on the
    text in lower case)."""
    from idlibparse.extractors import _numbers_counted as counted

    pairs = [
        (lex.after_pattern(), lex.ascii_after_pattern(), text),
        (counted._WORD, counted._ASCII_WORD, text),
        # (these two twins read the lower-cased text)
        (counted._event_pattern(), counted._ascii_event_pattern(), text.lower()),
        (counted._JOINTS, counted._ASCII_JOINTS, text.lower()),
    ]
    for full, twin, twin_text in pairs:
        for pos in range(len(text)):
            full_match = full.match(text, pos, pos + 40)
            twin_match = twin.match(twin_text, pos, pos + 40)
            if twin_text is not text:  # the same span and groups, in lower case
                assert (full_match and full_match.span()) == (twin_match and twin_match.span()), (full, pos)
                assert (full_match and full_match.group().lower()) == (twin_match and twin_match.group())
            else:
                assert _same(full_match, twin_match), (full, pos)
        assert [m.span() for m in full.finditer(text)] == [m.span() for m in twin.finditer(twin_text)]


def test_mention_fields_in_the_order_extract_passes_them() -> None:
    """``numbers.extract`` builds its mentions with positional arguments (cheaper for a frozen
    dataclass than keywords), in this order."""
    import dataclasses

    from idlibparse.records import NumberMention

    assert [f.name for f in dataclasses.fields(NumberMention)] == [
        "text", "start", "end", "section", "value", "low", "high", "qualifier", "unit", "counted",
        "category", "source", "normalized_value", "normalized_unit",
    ]  # fmt: skip


EVENT_TEXTS = [
    *ASCII_TEXTS,
    "Fighting killed 12 people, and 30 were WOUNDED; while 4 Fled, 9 soldiers were taken  hostage.",
    "Officials said 7 civilians died in Idlib’s south, and 3 were injured; 20 families fled.",
    "Kills: 5 fighters, while 6 others DIED in the café; but 8 were Executed and 2 left their homes.",
    "İstanbul: 4 were killed, and 5 were wounded while 6 fled.",
    "Overkilled 5 men, outfled 6 and undead 7 on unwounded 8; 9 killedx, 10 refugeesque.",
]


def _nearest_event_reference(text: str, floor: int, start: int, right: tuple[int, int]) -> str | None:
    """``nearest_event`` the long way: the full patterns of the regex engine on the text."""
    from idlibparse.extractors import _numbers_counted as counted

    joint = floor
    for j in counted._JOINTS.finditer(text, floor, start):
        joint = j.end()
    best: tuple[int, str] | None = None
    for m in counted._event_pattern().finditer(text, joint, start):
        best = (start - m.end(), m.group())
    after = counted._event_pattern().search(text, right[0], right[1])
    if after is not None and (best is None or after.start() - right[0] < best[0]):
        best = (after.start() - right[0], after.group())
    return lex.events().get(lex.norm(best[1])) if best else None


@pytest.mark.parametrize("text", EVENT_TEXTS + [t.upper() for t in EVENT_TEXTS])
def test_nearest_event_agrees_with_the_full_patterns(text: str) -> None:
    """The event word nearest a figure, read in lower case from ASCII windows, is the one the
    full patterns find, for windows of every start and length."""
    from idlibparse.extractors import _numbers_counted as counted

    size = len(text)
    for start in range(0, size, 3):
        for floor in range(max(0, start - 40), start + 1):
            for gap in (0, 2):
                for width in (0, 9, 40):
                    first = min(size, start + gap)
                    right = (first, min(size, first + width))
                    expected = _nearest_event_reference(text, floor, start, right)
                    assert counted.nearest_event(text, floor, start, right) == expected, (floor, start, right)


def test_candidate_scan_as_with_the_tree_in_a_group() -> None:
    """The candidate scan, whose prefix tree's branches are branches of its outer alternation,
    finds what it finds with the tree kept in a group of its own."""
    import re

    source = lex.candidate_pattern().pattern
    head = "(?:\\d|"
    first = source.index(head) + len(head)
    tree = source.index("|", source.index("\\d", first)) + 1  # after the currency signs' branch
    grouped = re.compile(source[:tree] + "(?:" + source[tree:-1] + "))")
    texts = [t.lower() for t in _texts()] + [t.lower() for t in ASCII_TEXTS + EVENT_TEXTS]
    for text in texts:
        padded = " " + text
        assert [m.span() for m in grouped.finditer(padded)] == [
            m.span() for m in lex.candidate_pattern().finditer(padded)
        ], text


NAMED_TEXTS = [
    "In May, 5 people died; on Dec., 6 more; by March the 7 talks ended and December 8, 9 fled.",
    "Resolutions 2254, 2118 and 2249, 40 states, said, 12 monitors and 2254 , 2118 or 7, 8.",
    "Task force (CTF) 50, No. 5, #6 and № 7, Resolution 2254 & 2118, Mid-December, 5 and PreDecember, 6.",
    "The 3rd, 4 men, 10,000, 5 and 1,2, 3 and (December, 4) and “May, 5” and officials,\n6 said.",
]


@pytest.mark.parametrize("text", NAMED_TEXTS + [t.upper() for t in NAMED_TEXTS])
def test_cues_spare_only_searches_that_fail(text: str) -> None:
    """The date-or-name pattern before a figure is sought only where the word before it may end
    it: wherever the pattern matches, the cheap tests let it be sought and it is found."""
    import re

    from idlibparse.extractors import numbers

    for digits in re.finditer(r"\d+", text):
        start = digits.start()
        full = lex.before_pattern().search(text, max(0, start - 40), start)
        cues = numbers._cues_before(numbers._word_before(text, start))
        cheap = numbers._named_before(text, start, cues) if cues & (numbers._NAMED | numbers._JOIN) else None
        assert (full and full.span()) == (cheap and cheap.span()), (text, start)
