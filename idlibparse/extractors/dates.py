"""Dates extractor: every temporal expression, normalized to a TIMEX3 value.

``extract(doc)`` returns one :class:`~idlibparse.records.DateMention` per expression:

- ``value``: the TIMEX3 value, resolved against ``doc.ref_date`` ("2020-02-08", "2020-W07",
  "2019-12", "2020-02-07TNI", "P2M", "PT24H", "PRESENT_REF"); underspecified when there is no
  reference date ("XXXX-WXX-6", "XXXX-12") and then ``resolved`` is False.
- ``type``: date | time | duration | set.
- ``mod``: since | until | by | before | after (from the signal word before the expression,
  which stays outside the span, as TimeML marks extents) or start | mid | end | approx (from
  words inside it: "the end of the month", "nearly nine-year").
- ``anchor``: for a duration tied to a point ("the last 24 hours"), that point.

Finding is in ``_dates_find`` (one pattern per form), values in ``_dates_resolve``; this module
filters what only looks like a date ("May" the verb, "Resolution 2254", "Sunday Times") and reads
which way each clause points in time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache, partial

import regex

from idlibparse import compiled, lexicon
from idlibparse.document import Document
from idlibparse.extractors._dates_find import cues, reading, scan, vocabulary
from idlibparse.extractors._dates_resolve import (
    RESOLVERS,
    Context,
    Timex,
    is_set_context,
    number_of,
    range_end,
)
from idlibparse.records import DateMention

# Forms whose value depends on which way the clause points (past or future).
_TENSED = frozenset({"time", "daypart", "dayrange", "full", "hol", "quarter", "season", "weekday", "month"})
# Forms giving an absolute point that "a year earlier", "four days later" count from.
_ANCHORS = frozenset({"full", "monthyear", "quarter", "year"})

# A signal word just before a point: "since Friday", "by the end of the month".
_SIGNAL_WORDS = ("since", "until", "till", "through", "by", "before", "after")
_SIGNAL = re.compile(rf"(?i)\b({'|'.join(_SIGNAL_WORDS)})[^\S\n]{{1,3}}+\Z")
# Markers of the future and of the past in a clause; the one nearest the expression decides. A
# match opens with the mark before the word, read in the text with a space put before it (see
# ``_Clauses``), so that the engine skips quickly to such a mark instead of trying a lookbehind
# at every letter.
_TENSE_SOURCE = (
    r"[^\w'’](?:(?P<future>will|won['’]t|['’]ll|shall|going\sto|is\sto|are\sto|due\sto|set\sto"
    r"|scheduled|slated|planned|plans?(?=\sto\s)|expected|expects?|upcoming|next|intends?|tomorrow)"
    r"|(?P<would>would)"
    r"|(?P<weak>said|told|announced|added|reported|stated|declared)"
    r"|(?P<past>was|were|had|did)|(?P<adverb>ago|last|yesterday|earlier)"
    # a regular past form, not a passive participle ("would be paid") nor an -ed word that is
    # no verb ("United", "armed", "succeed"); whether the word ends in "ed" is asked first, as
    # most words do not
    r"|(?=\w++(?<=\w{{2}}[^e]ed)(?![\w'’]))(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)"
    r"(?P<weaked>(?!(?:{not_past})(?![\w'’]))\w++))"
    r"(?![\w'’])"
)


@cache
def _tense(case_blind: bool, narrow: bool = False) -> re.Pattern[str]:
    # The standard library's engine scans this plain alternation faster than ``regex``, and
    # faster still over lower-cased text without a case-blind flag, and with ASCII classes over
    # a narrow text (see ``reading``).
    source = _TENSE_SOURCE.format(not_past="|".join(sorted(cues("not_past"))))
    return compiled.std_compile(source, re.IGNORECASE if case_blind else re.ASCII if narrow else 0)


def _weak(found: re.Match[str]) -> bool:
    """A reporting verb: "said the offer expires Nov. 21" says nothing about the date's
    direction."""
    return found.group("weak") is not None


# How far (characters) before and after an expression a tense marker still speaks for it.
_LOOK_BEFORE = 100
_LOOK_AFTER = 80
# The end of a sentence (its final stop, quote or bracket, then the space before a capital or a
# digit) or a line break; and the word before a full stop, to tell an abbreviation. Its first
# character is matched first, which lets the engine skip quickly to the next one of them.
_SENTENCE_BREAK = re.compile(r"[.!?\n](?:(?<=\n)|(?<=[.!?])[.!?]*+[\"'”’)\]]*+\s++(?=[\"'“‘(\[]?+[A-Z\d]))")
_WORD_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
# A past auxiliary right before a future marker ("was expected to", "had been due to").
_PAST_AUXILIARY = re.compile(r"(?i)\b(?:was|were|had(?:\s++been)?|previously)\s++(?:\w++\s++)?\Z")
# The second year of a range ("1977-1979").
_RANGE_END = re.compile(r"[-–]((?:1[5-9]|20)\d\d)(?![\d\w])")
# A plural noun just before "a week" ("four flights a week"), which makes it a rate.
_PLURAL_END = re.compile(r"(?<![\w'’])(?!(?:was|has|is|as|its|his|this|us|does|days|times)\Z)[a-z]{3,}s\Z")
_WORD_BEFORE = re.compile(r"([\w.’'\-]{1,30}+)[^\S\n]{1,3}+\Z")
_WORD_BACKWARDS = re.compile(r"[\w.’'\-]{1,30}")  # the same word read from its end
# The last letters of the signal words (either case).
_SIGNAL_ENDS = frozenset(w[-1] for w in _SIGNAL_WORDS) | frozenset(w[-1].upper() for w in _SIGNAL_WORDS)
_WORD_AFTER = re.compile(r"[^\S\n]{1,3}+([\w’'\-]{1,30}+)")
# The end of an amount before "a year", "a night": the phrase is a rate.
_AMOUNT = re.compile(
    r"(?:\d|\d%|\)|million|billion|thousand|hundred|percent|%|cents?|dollars?|shares?|units?|seats?)\Z"
)


def extract(doc: Document) -> list[DateMention]:
    text = doc.text
    folded = text.lower()
    read = reading(text)
    clauses = _Clauses(doc, folded, read[1])
    mentions: list[DateMention] = []
    append, checks, resolvers = mentions.append, _CHECKS, RESOLVERS
    anchor: str | None = None
    ref = doc.ref_date
    for form, m in scan(text, folded, read):
        check = checks.get(form)
        if check is not None and not check(m, text):
            continue
        ask = partial(_direction, clauses, form, m) if form in _TENSED else None
        context = Context(ref, None, anchor, ask)
        timex = resolvers[form](m, context)
        if timex is None:
            continue
        start, stop = m.span()
        timex = _with_signal(timex, text, start)
        if form == "duration":
            if _low_count(m) and is_set_context(text, start):
                timex = Timex(timex.value, "set", timex.mod, point=False)
            elif timex.value == "P1D" and _someday(m, text):
                timex = Timex("FUTURE_REF", point=False)
        elif form in _ANCHORS and timex.resolved and timex.value:
            anchor = timex.value
        append(_mention(doc, start, timex.end or stop, timex))
        if form == "year" and (second := _RANGE_END.match(text, stop)):  # "1977-1979": two years
            append(_mention(doc, second.start(1), second.end(1), Timex(second.group(1))))
        elif form == "dayrange" and (last := range_end(m, context)) is not None:  # "11-13 December"
            append(_mention(doc, m.start(number_of(m, "day")), stop, _with_signal(last, text, start)))
    return mentions


def _mention(doc: Document, start: int, end: int, timex: Timex) -> DateMention:
    return DateMention(
        text=doc.text[start:end],
        start=start,
        end=end,
        section=doc.section_at(start),
        value=timex.value,
        type=timex.type,
        mod=timex.mod,
        resolved=timex.resolved and timex.value is not None,
        anchor=timex.anchor,
    )


def _low_count(m: regex.Match[str]) -> bool:
    return (m.group(number_of(m, "num")) or "").lower() in ("a", "an")


def _someday(m: regex.Match[str], text: str) -> bool:
    """ "Will one day be": after a modal, "one day" is some day to come (TimeML FUTURE_REF)."""
    return m.group().lower() == "one day" and _word_before(text, m.start()).lower() in cues("modals")


def _with_signal(timex: Timex, text: str, start: int) -> Timex:
    """A point after "since", "until", "by", "before", "after" takes it as its mod (an inner
    mod such as "the end of" is more precise and wins)."""
    if not timex.point or timex.mod is not None or timex.type not in ("date", "time"):
        return timex
    low = max(0, start - 16)
    gap = _gap_start(text, start, low)
    if gap <= low or (text[gap - 1].isascii() and text[gap - 1] not in _SIGNAL_ENDS):
        return timex  # no signal word can end before the spaces: the search would find none
    found = _SIGNAL.search(text, low, start)
    if not found:
        return timex
    mod = found.group(1).lower()
    mod = {"till": "until", "through": "until"}.get(mod, mod)
    return Timex(timex.value, timex.type, mod, timex.resolved, timex.anchor, timex.point)


def _direction(clauses: _Clauses, form: str, m: regex.Match[str]) -> bool | None:
    """Which way the clause points, for forms whose value depends on it. For a month or a day
    written without its year a reporting verb says nothing (wire stories report dates still to
    come in the past tense: "said the offer expires Nov. 21")."""
    if form not in _TENSED:
        return None
    undated = form in ("full", "month", "dayrange")
    future = clauses.future(m.start(), m.end(), skip_reports=undated)
    if future is False and undated and _word_before(clauses.doc.text, m.start()).lower() in cues("deadline"):
        return None  # "was extended until Nov. 16", "effective Feb. 1": a limit; the nearest
    return future


class _Clauses:
    """The tense markers of the sentence around each date (as far as a marker may lie from
    it), found once per such window; dense dates re-read their short windows, which is still
    cheaper on ordinary text than searching fixed blocks."""

    def __init__(self, doc: Document, folded: str, narrow: bool = False) -> None:
        self.doc = doc
        # the lower-cased text when lower-casing keeps the offsets (a few letters grow: "İ")
        self.text = folded if len(folded) == len(doc.text) else doc.text
        self.tense = _tense(self.text is doc.text, narrow)
        self.padded: str | None = None  # the text with a space put before it, made when needed
        self.markers: dict[tuple[int, int], tuple[list[int], list[int], list[re.Match[str]]]] = {}

    def _sentence(self, start: int, end: int) -> tuple[list[int], list[int], list[re.Match[str]]]:
        """The starts and ends of the tense markers of the sentence around [start, end), and
        their matches."""
        bounds = self._bounds(start, end)
        marks = self.markers.get(bounds)
        if marks is None:
            if self.padded is None:
                self.padded = " " + self.text
            # a match opens with the mark before the marker: one place earlier in the text read
            # with a space before it, which is where the marker starts in the text itself
            found = list(self.tense.finditer(self.padded, bounds[0], bounds[1] + 1))
            marks = self.markers[bounds] = ([f.start() for f in found], [f.end() - 1 for f in found], found)
        return marks

    def _bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end) as far as a marker may lie: found in a window, not
        by splitting the whole text (most of it holds no expression that needs its tense)."""
        text = self.doc.text
        low, high = max(0, start - _LOOK_BEFORE), min(len(text), end + _LOOK_AFTER)
        for found in reversed([*_SENTENCE_BREAK.finditer(text, low, start)]):  # the last that ends one
            stop = found.start()
            if text[stop] != "." or not _after_abbreviation(text, stop):
                low = found.end()
                break
        for found in _SENTENCE_BREAK.finditer(text, end, high):
            stop = found.start()
            if text[stop] != "." or not _after_abbreviation(text, stop):
                return low, stop + 1
        return low, high

    def future(self, start: int, end: int, skip_reports: bool = False) -> bool | None:
        """Whether the clause around [start, end) speaks of the future (True), the past
        (False), or gives no sign (None): the tense marker nearest the expression decides."""
        starts, ends, found = self._sentence(start, end)
        i = bisect.bisect_left(starts, start) - 1
        floor = start - _LOOK_BEFORE
        while i >= 0 and starts[i] >= floor:
            marker = found[i]
            if ends[i] <= start and not (skip_reports and marker.group("weak") is not None):
                return self._points_ahead(marker, starts[i])
            i -= 1
        # after the expression only verbs count ("ago", "last" there belong to another one), and
        # not "would", which opens a clause of its own ("decided on Feb. 11 that a war would ...")
        i = bisect.bisect_left(starts, end)
        while i < len(found) and ends[i] <= end + _LOOK_AFTER:
            marker = found[i]
            if not (skip_reports and _weak(marker)) and not (marker.group("adverb") or marker.group("would")):
                return self._points_ahead(marker, starts[i])
            i += 1
        return None

    def _points_ahead(self, marker: re.Match[str], at: int) -> bool | None:
        """A future marker after a past auxiliary looks ahead from a past moment, not from
        the day of writing ("had been scheduled to expire Friday"): no sign either way. The
        marker starts at ``at``."""
        if marker.group("future") is None and marker.group("would") is None:
            return False
        before = self.text[max(0, at - 20) : at]
        return None if _PAST_AUXILIARY.search(before) else True


def _after_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation ("Gen.", "U.S.", "W.") rather
    than a sentence."""
    if text[stop] != ".":
        return False
    # the letters and dots that end with it (at most 13), read backwards, standing as a word of
    # their own (no word character or dot before them)
    low = max(0, stop - 12)
    first = stop
    while first > low and text[first - 1] in _WORD_LETTERS:
        first -= 1
    if first > 0 and (
        text[first - 1] in _WORD_LETTERS or text[first - 1] == "_" or text[first - 1].isalnum()
    ):
        return False  # the word goes on before (or is glued to a digit): no word of its own
    word = text[first : stop + 1]
    return len(word) == 2 or word.lower() in lexicon.abbreviations() or word.count(".") > 1


def _gap_start(text: str, start: int, low: int) -> int:
    """Where the one to three spaces (no line break) that end ``text[low:start]`` begin, or -1
    when it does not end so (the spaces that end ``_SIGNAL`` and ``_WORD_BEFORE``)."""
    if start - 1 > low and text[start - 1] == " " and not text[start - 2].isspace():
        return start - 1  # one space after a word, as mostly
    i = start
    while i > low and start - i < 3 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    if i == start or (i > low and text[i - 1] != "\n" and text[i - 1].isspace()):
        return -1
    return i


def _word_before(text: str, start: int) -> str:
    """The word before the spaces before ``start`` (``_WORD_BEFORE`` searched in the 34
    characters before it), read backwards from the spaces instead of tried at each of them."""
    low = max(0, start - 34)
    gap = _gap_start(text, start, low)
    if gap <= low:
        return ""
    found = _WORD_BACKWARDS.match(text[low:gap][::-1])
    return found.group()[::-1] if found else ""


def _word_after(text: str, end: int) -> str:
    found = _WORD_AFTER.match(text, end, min(len(text), end + 34))
    return found.group(1) if found else ""


def _plausible_vague(m: regex.Match[str], text: str) -> bool:
    if _word_before(text, m.start()).lower() == "as":
        return False  # "as soon as", "as now": a conjunction, not a time
    if _discourse_now(m, text):
        return False
    after = _word_after(text, m.end()).lower()
    if after == "of" and m.group()[:4].lower() == "the ":
        return False  # "the future of Syria": its fate, not a time
    return after not in ("after", "before")  # "soon after the war"


def _plausible_set(m: regex.Match[str], text: str) -> bool:
    if _in_name(m, text, "set"):
        return False  # "USA Today", "Breitbart News Daily"
    if m.group(number_of(m, "setword")):
        return _word_before(text, m.start()).lower() not in cues("determiners")  # "its daily briefing"
    return True


def _plausible_day(m: regex.Match[str], text: str) -> bool:
    return not _in_name(m, text, "day")


def _plausible_weekday(m: regex.Match[str], text: str) -> bool:
    if _in_name(m, text, "weekday"):
        return False  # "Fox News Sunday"
    return _word_after(text, m.end()) not in lexicon.ordered_words("dates_not_dates.txt")  # "Sunday Times"


def _plausible_month(m: regex.Match[str], text: str) -> bool:
    if _word_after(text, m.end()) in lexicon.ordered_words("dates_not_dates.txt"):
        return False  # "March Alliance"
    if not m.group(number_of(m, "inner")):
        before = _word_before(text, m.start()).lower()
        if (m.group(number_of(m, "month")) or "") in ("May", "MAY"):
            return before in cues("month_cues")
    return True


def _discourse_now(m: regex.Match[str], text: str) -> bool:
    """ "Now, ..." opening a sentence with a comma is a discourse marker, not a time (TimeML)."""
    if m.group() != "Now" or not text.startswith(",", m.end()):
        return False
    before = text[max(0, m.start() - 4) : m.start()].rstrip(" \t\"'“‘")
    return not before or before[-1] in ".!?\n"


def _in_name(m: regex.Match[str], text: str, form: str) -> bool:
    """A capitalized date word right after a capitalized word that is not a sentence start or a
    date word itself ends a name: "USA Today", "Fox News Sunday" (but "On Sunday", "Iraq on
    Sunday" stay dates; a weekday needs a listed word before it, "News", "Bloody")."""
    word = m.group()
    if not word[:1].isupper():
        return False
    before = _word_before(text, m.start())
    if not before[:1].isupper() or before.endswith((".", ":")) or before.lower() in cues("month_cues"):
        return False
    if form == "weekday":
        return before.lower() in cues("weekday_names")
    return _word_before(text, m.start() - len(before) - 1) != "" or before.isupper()


def _plausible_duration(m: regex.Match[str], text: str) -> bool:
    unit_group, num_group = number_of(m, "unit"), number_of(m, "num")
    unit = (m.group(unit_group) or "").lower()
    count = (m.group(num_group) or "").lower()
    fraction_count = count in ("a", "an", "one", "three")
    if text.startswith("-", m.start(unit_group) - 1) and _word_after(text, m.end()).lower() in cues(
        "round_the_clock"
    ):
        return False  # "a 24-hour hospital", "24-hour news": open round the clock, not a span of time
    if unit.startswith("quarter") and (
        text.startswith("-", m.start(unit_group) - 1)
        or (fraction_count and _word_after(text, m.end()).lower() == "of")
    ):
        return False  # "three-quarters of its food", "a quarter of the market": fractions
    if count in ("a", "an") and m.start(num_group) == m.start():
        if unit in ("second", "minute"):
            return False  # "a second group"
        before = text[max(0, m.start() - 12) : m.start()].rstrip().lower()
        if _AMOUNT.search(before) or _PLURAL_END.search(before):
            return False  # "$35 a night", "four flights a week": a rate, not a time
    return True


def _plausible_year(m: regex.Match[str], text: str) -> bool:
    inner = " ".join((m.group(number_of(m, "inner")) or "").lower().split())
    if m.group(number_of(m, "fiscal")) or vocabulary()["inner"].get(inner) in ("start", "mid", "end"):
        return True  # "fiscal 2019", "mid-2019", "the end of 2019"
    before = _word_before(text, m.start(number_of(m, "year")) if inner else m.start())
    if inner:
        before = ""  # "about 2015": the approximating word, not a name, stands before the year
    if before.lower().rstrip(".") in lexicon.words("dates_not_year.txt") or before.lower() in lexicon.words(
        "dates_not_year.txt"
    ):
        return False  # "Resolution 2254", "Flight 1549"
    cue = (
        before.lower() in cues("year_caps_ok")
        or before.lower() in cues("month_cues")
        or before.endswith((".", ","))
    )
    if before[:1].isupper() and not cue and lexicon.months().get(before.lower().rstrip(".")) is None:
        return False  # "Vision 2030", "Euro 2020": a name
    after = _word_after(text, m.end())
    # "1500 troops": a count
    return not (after.islower() and after.endswith("s") and after not in cues("not_plural") and not cue)


# What drops a form's match that only looks like a date; a form not named here is kept.
_CHECKS: dict[str, Callable[[regex.Match[str], str], bool]] = {
    "set": _plausible_set,
    "day": _plausible_day,
    "weekday": _plausible_weekday,
    "year": _plausible_year,
    "vague": _plausible_vague,
    "duration": _plausible_duration,
    "month": _plausible_month,
}
