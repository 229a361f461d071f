"""Finding temporal expressions: forms built from small named pieces.

The finder is an ordered list of forms, each a pattern (``time``, ``full``, ``ago``,
``duration``, ...); at a given position the first form that matches wins, so longer forms come
first. Spans follow TimeML extents: signal words ("on", "since", "by", "in") stay outside,
modifiers that are part of the phrase ("early", "the end of", "nearly") stay inside. Every
repeat is bounded or possessive so no input can make a form backtrack explosively.

``scan`` does not try the forms at every position: a cheap trigger (plain alternations of the
vocabulary, prefix-factored, run by the standard library's engine over the lower-cased text)
marks where an expression can open, and there the forms that can open with that word (for a
digit, a month name or a weekday, a fixed list) are tried in order, each without its named
groups; the one that fits is matched again with them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import cast

import regex

from idlibparse import compiled, lexicon

SP = r"[^\S\n]{1,3}+"  # the space between two words of one expression (never a paragraph break)
_B = r"(?<![\w\-])"  # a word starts here
_E = r"(?![\w\-])"  # a word ends here


def _alt(entries: list[str] | tuple[str, ...]) -> str:
    """A non-capturing alternation of literal phrases, factored into a prefix tree so that a
    failed attempt costs one branch per character instead of one try per phrase."""
    return f"(?:{lexicon.trie_alternation(entries, SP)})"


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """The data files as lower-cased lookup tables, for the resolver too."""
    return {
        "units": {w.lower(): f"{letter}:{size}" for w, letter, size in lexicon.table("dates_units.tsv")},
        "numbers": {w.lower(): v for w, v in lexicon.table("dates_numbers.tsv")},
        "ordinals": {w.lower(): v for w, v in lexicon.table("dates_ordinals.tsv")},
        "weekdays": {w.lower(): v for w, v in lexicon.table("dates_weekdays.tsv")},
        "seasons": {w.lower(): v for w, v in lexicon.table("dates_seasons.tsv")},
        "vague": {w.lower(): v for w, v in lexicon.table("dates_vague.tsv")},
        "sets": {w.lower(): v for w, v in lexicon.table("dates_sets.tsv")},
        "mods": {w.lower(): m for w, _, m in lexicon.table("dates_modifiers.tsv")},
        "inner": {w.lower(): m for w, place, m in lexicon.table("dates_modifiers.tsv") if place == "inner"},
        "holidays": {w.lower(): v for w, v in lexicon.table("dates_holidays.tsv")},
    }


@cache
def cues(name: str) -> frozenset[str]:
    """A closed word class from dates_cues.tsv ("openers", "month_cues", ...)."""
    rows = {row[0]: row[1] for row in lexicon.table("dates_cues.tsv")}
    return frozenset(rows[name].split())


def _capitalized(words: list[str]) -> list[str]:
    return [w[:1].upper() + w[1:] for w in words]


@cache
def pieces() -> dict[str, str]:
    """The named building blocks of the finder pattern."""
    voc = vocabulary()
    months = lexicon.months()
    full_months = [m for m in months if (len(m) > 3 and m != "sept") or m == "may"]
    abbrevs = [m for m in months if m not in full_months]
    month_full = _alt(_capitalized(full_months))
    # An abbreviation needs its dot or a following day number ("Dec. 24", "Dec 24").
    month_abbr = rf"(?:{_alt(_capitalized(abbrevs))})(?:\.|(?=\s\d))"
    month = rf"(?P<month>{month_full}|{month_abbr}|{month_full.upper()})"
    weekday = rf"(?P<wd>{_alt(_capitalized(list(voc['weekdays'])))})"
    word_numbers = [w for w in voc["numbers"] if not w.startswith("a") or " " in w]
    units_digit = "one|two|three|four|five|six|seven|eight|nine"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    number = (
        rf"(?P<num>\d{{1,3}}+(?:,\d{{3}})*+(?:\.\d{{1,3}}+)?(?:{SP}1/2|½)?"
        rf"|(?i:(?:{tens})(?:(?:-|{SP})(?:{units_digit}))?(?!\w))"
        rf"|(?i:{_alt(word_numbers)})(?!\w)|(?i:an?)(?=\s))"
    )
    unit = rf"(?P<unit>(?i:{_alt(list(voc['units']))}))"
    year = r"(?P<year>(?:1[89]\d\d|20\d\d|1[0-7]\d\d)(?!\d))"
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?+(?!\d|:\d)"
    parts = [w for w, v in voc["seasons"].items() if v in ("MO", "AF", "EV", "NI", "DT")]
    seasons = [w for w, v in voc["seasons"].items() if v in ("SP", "SU", "FA", "WI")]
    return {
        "month": month,
        "weekday": weekday,
        "number": number,
        "unit": unit,
        "year": year,
        "day": day,
        "part": rf"(?P<part>(?i:{_alt(parts)})s?)",
        "season": rf"(?P<season>(?i:{_alt(seasons)}))",
        "vague": rf"(?P<vague>(?i:{_alt(list(voc['vague']))}))",
        "setword": rf"(?P<setword>(?i:{_alt(list(voc['sets']))}))",
        "holiday": rf"(?P<holiday>{_alt([name for name, _ in lexicon.table('dates_holidays.tsv')])})",
        "inner": rf"(?P<inner>(?i:{_alt(list(voc['inner']))}))",
        "ordinal": rf"(?P<ord>(?i:{_alt(list(voc['ordinals']))})|[1-4](?:st|nd|rd|th))",
    }


# Relative words, all matched case-blind.
_REL = (
    r"(?P<rel>(?i:this{SP}coming|this{SP}past|last|this|next|coming|past|previous|following|current"
    r"|that|the{SP}same))"
)
_DAYWORD = r"(?P<dayword>(?i:yesterday|today|tomorrow|tonight|overnight))"
_AGO = r"(?P<dir>(?i:ago|earlier|later|from{SP}now|hence))"
_SPAN_WORD = (
    r"(?P<spanrel>(?i:past|last|next|first|coming|previous|following|final|initial|remaining|latest))"
)
_ZONES = r"GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|EET|EEST|MSK|AST|IST|(?i:local{SP}time)"
_CLOCK = (
    r"(?P<clock>(?:(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mm>[0-5]\d))?{SP0}"
    r"(?P<ampm>(?i:[ap]\.m\.|[ap]m\b|[ap]\.m\b))"
    r"|(?P<hh24>[01]\d|2[0-3]):?(?P<mm24>[0-5]\d){SP0}(?P<zone>GMT|UTC|Z|(?i:local{SP}time)|hours|hrs)"
    r"|(?P<hhc>[01]?\d|2[0-3]):(?P<mmc>[0-5]\d)(?!\d)(?=\s(?:(?i:on|in|at|local)|GMT|UTC|[A-Z]{{3}}\b))"
    r"|(?P<noon>(?i:noon|midnight|midday))))"
    r"(?:{SP}(?P<zone2>" + _ZONES + r"))?"
)
_DECADE_NAMES = r"(?P<decw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
_FILLERS = r"(?i:more|full|long|straight|consecutive|trading|working|calendar)"
_RUNIT = r"(?P<runit>week|month|year|weekend|decade|century|quarter|fortnight|WEEK|MONTH|YEAR|WEEKEND)"
_PAGO = r"(?P<pago>(?i:year-earlier|year-ago|year{SP}earlier|prior-year))"


def _spoken_year() -> str:
    units = "one|two|three|four|five|six|seven|eight|nine"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    tens = rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:-|{SP})(?:{units}))?"
    return (
        rf"(?i:(?P<ycent>nineteen|twenty)(?:-|{SP})(?P<yrest>{tens}|{teens}|oh{SP}(?:{units}))"
        rf"|(?P<ythousand>two{SP}thousand)(?:{SP}(?:and{SP})?(?P<yrest>{tens}|{teens}|{units})"
        rf"|(?!{SP}[a-z]{{3,20}}s\b)))"
    )


@cache
def forms() -> dict[str, str]:
    """The forms of the finder, in the order they are tried at one position."""
    p = pieces()
    sp = SP
    month, weekday, number, unit, year, day = (
        p[k] for k in ("month", "weekday", "number", "unit", "year", "day")
    )
    clock = _CLOCK.replace("{SP0}", r"[^\S\n]{0,3}+").replace("{SP}", sp).replace("{{3}}", "{3}")
    rel = _REL.replace("{SP}", sp)
    ago = _AGO.replace("{SP}", sp)
    pago = _PAGO.replace("{SP}", sp)
    the = rf"(?i:the){sp}"
    approx = (
        rf"(?P<approx>(?i:nearly|almost|about|around|approximately|roughly|some|more{sp}than|less{sp}than"
        rf"|at{sp}least|at{sp}most|up{sp}to|no{sp}more{sp}than|fewer{sp}than"
        rf"|(?:over|under|just|only)(?!{sp}the\b))){sp}"
    )
    inner = p["inner"]
    # "two and a half years", "two-and-a-half-year", "a year and a half"
    half = rf"(?P<half>(?:-|{sp})(?i:and)(?:-|{sp})(?i:a)(?:-|{sp})(?i:half))"
    twilight = "dawn|daybreak|dusk|nightfall"
    half_after = rf"(?P<half>(?i:and){sp}(?i:a){sp}(?i:half))(?![\w\-])"
    inner_joined = rf"{inner}(?:-|{sp})"
    # the date a clock time or day part may lean on ("3 p.m. Friday", "noon on Thursday 28 July")
    mdy = rf"{month}(?:{sp}|(?<=\.))(?:the{sp})?{day}(?:,?{sp}{year})?"
    dmy = rf"{day}{sp}(?:of{sp})?{month}(?:,?{sp}{year})?"
    dayref = rf"(?:{weekday}(?:,?{sp}(?:{mdy}|{dmy}))?|{mdy}|{dmy}|{_DAYWORD})"
    iso = r"(?P<iso>(?<![\d\-/])(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])(?![\d\-]))"
    numeric = (
        r"(?P<num_date>(?<![\d\-/.])(?P<na>[0-3]?\d)(?P<sep>[/.])(?P<nb>[0-3]?\d)(?P=sep)"
        r"(?P<ny>(?:19|20)\d\d)(?![\d/.]\d))"
    )
    tapprox = rf"(?P<tapprox>(?i:about|around|approximately|shortly{sp}(?:before|after))){sp}"
    dayhead = rf"(?:(?:{rel}{sp})?{weekday}|{_DAYWORD}|(?P<dprel>(?i:this|last|that|the|one)))"
    year_of = rf"(?:{sp}(?i:of){sp}(?:(?i:fiscal){sp})?{year})?"
    quarter_year = rf"(?:(?:{rel}{sp}(?i:year)|{year})(?:['’]s)?{sp})?"
    decade = rf"(?P<dec>(?:1[0-9]|20)\d0)['’]?s|['’](?P<dec2>\d0)s|{_DECADE_NAMES}"
    after_in = r"(?<=(?i:\b(?:in|into|during|since|until|by|through|throughout|over|for))"
    no_adjective = r"(?![^\s\-]++-\w)"
    found = {
        # 3 p.m. local time, 0300 GMT, 11am on Thursday 28 July, 10 p.m. Wednesday
        "time": rf"(?:{tapprox})?{clock}(?:,?{sp}(?:(?i:on){sp})?{dayref})?",
        # Friday night, last night, this morning, tonight, Tuesday nights
        "daypart": rf"(?:(?P<dpmod>(?i:early|late)){sp})?{dayhead}(?:{sp}(?P<dpin>(?i:in{sp}the)))?"
        rf"{sp}{p['part']}{_E}|{p['part']}(?:{sp}(?<=(?i:{twilight}).)(?i:on))?{sp}(?:{weekday}|{_DAYWORD}){_E}",
        # (at) dawn, (before) nightfall: the part of the day the story's day had
        "partalone": rf"(?<=(?i:\b(?:at|before|after|until|by|since)){sp})(?P<part>(?i:{twilight})){_E}",
        # 11-13 December, between 1 and 15 January: the first day of a range, its month after it
        "dayrange": rf"(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?+(?:[^\S\n]?+[-–][^\S\n]?+|{sp}"
        rf"(?i:and|to|until|till){sp}){day}{sp}(?:of{sp})?{month}(?:,?{sp}{year})?",
        # Thursday, Dec. 15; December 24, 2019; 24 December 2019; 2020-02-08; 24/12/2019
        "full": rf"(?:{inner}{sp})?(?:{weekday},?{sp}(?:the{sp})?)?(?:{mdy}|{dmy})|{iso}|{numeric}",
        # Christmas Day, Thanksgiving
        "hol": rf"(?:{rel}{sp})?{p['holiday']}(?:{sp}{year})?{_E}",
        # March 2011, mid-March 2019
        "monthyear": rf"(?:{inner_joined})?{month}(?:(?:{sp}of)?,?{sp}{year}"
        rf"|{sp}(?P<myrel>(?i:this|last|next)){sp}(?i:year)(?![\w\-]))",
        # the latest quarter, the year-earlier period, year-ago: a quarter the story speaks of
        "period": rf"(?:{the}(?:(?i:latest|most{sp}recent|same|comparable|corresponding){sp})?{pago}{sp}"
        rf"(?i:quarter|period)|{the}(?:(?i:latest|most{sp}recent){sp})?(?i:quarter)|{the}(?i:latest){sp}"
        rf"(?i:period)|(?P<pago>(?i:year-earlier|year-ago)))(?![\w\-])",
        # the third quarter of 2019, Q3 2019, third-quarter, the first half
        "quarter": rf"(?:(?P<qthe>(?i:the)){sp})?(?:{pago}{sp})?{quarter_year}(?:(?i:fiscal){sp})?"
        rf"{p['ordinal']}(?:-|{sp})"
        rf"(?P<qunit>(?i:quarter|half))(?!\w|-\w){year_of}|(?P<qq>Q[1-4]|H[12])(?:{sp}{year})?{_E}",
        # the 1990s, the late 1970s, the '90s, the nineties, the 20th century
        "decade": rf"(?:{the})?(?:(?P<dmod>(?i:early|late|mid))(?:{sp}|-)?)?(?:{decade})(?![\w\-])"
        rf"|(?:{the})?(?P<cent>1\d|20|2[01]|[1-9])(?:st|nd|rd|th){sp}(?i:century)",
        # this summer, last fall, the winter of 2019, summer 2019, in spring
        "season": rf"(?:(?:{inner}|{rel}){sp})?(?:{the})?{p['season']}(?:{sp}(?i:of))?,?{sp}{year}"
        rf"|(?:{inner}|{rel}){sp}(?:{the})?{p['season']}(?![\w\-])"
        rf"|{after_in}{sp})(?:{the})?(?P<season>spring|summer|autumn|fall|winter)(?![\w\-]|{sp}of{sp}(?!\d))",
        # year-end, by year's end
        "yearend": rf"(?i:year(?:-|{sp})end|year['’]s{sp}end)(?![\w\-])",
        # nineteen ninety-six, the year two thousand, January nineteen ninety-seven (spoken news;
        # "two thousand" before a plural noun is a count: "two thousand years")
        "yearwords": rf"(?:{the}(?i:year){sp}|{month}{sp})?{_spoken_year()}(?![\w\-])",
        # the following day, the day before: one day from the last date given
        "relday": rf"{the}(?:(?P<drel>(?i:following|previous|preceding|same)){sp}"
        rf"(?P<dunit>(?i:day|week|month|year))|(?P<drel>(?i:next)){sp}(?i:day)"
        rf"|(?i:day){sp}(?P<drel>(?i:before|after))(?=[^\S\n]*+[,.;]))(?![\w\-])",
        # for weeks, within days, in years
        "plural": rf"(?<=(?i:\b(?:for|within|in|after|take|takes|took|last|lasted|not)){sp}){unit}(?<=s)"
        rf"(?![\w\-]|{sp}(?i:ago|of|later|earlier|old))",
        # two weeks ago, a year earlier, four days later, nearly four years ago
        "ago": rf"(?:{approx})?{number}{half}?{sp}{unit}(?:{sp}(?i:or){sp}(?i:so)|{sp}{half_after})?"
        rf"{sp}{ago}{_E}",
        # the past three days, the next two weeks, three hours, nearly nine-year, 24-hour
        # (no article before an adjective: "the 24-hour truce" is "24-hour")
        "duration": rf"(?:{approx})?(?:(?P<durthe>(?i:the)){sp}(?:{_SPAN_WORD}{sp}|{no_adjective}))?{number}"
        rf"(?:{sp}(?:or|to)(?:{sp}{number})?|-{number})?{half}?(?:-|{sp}{_FILLERS}{sp}|{sp}){unit}"
        rf"(?!-old|{sp}(?i:old)\b|[\w\-])(?:-long|{sp}{half_after})?",
        # the first week of the operation, the last days of the siege
        "partof": rf"{the}(?P<ford>(?i:first|second|third|last|final|opening|closing)){sp}"
        rf"(?:(?i:few){sp})?{unit}(?={sp}(?i:of)\b)",
        # the past year, the last decade: the unit before the present one
        "pastunit": rf"{the}(?P<prel>(?i:past|last|previous|preceding)){sp}{unit}(?![\w\-])",
        # every day, each Thursday, every two weeks, daily, weekly
        "set": rf"(?P<every>(?i:every|each))(?:{sp}(?i:other))?{sp}(?:{number}{sp})?"
        rf"(?:{unit}|{weekday}|{month}|{p['part']})(?![\w\-])|{p['setword']}{_E}",
        # last week, this month, late last year, earlier this month, the end of the month, the weekend
        "rel": rf"(?:{inner_joined})?(?:{rel}|(?P<the>(?i:the))){sp}{_RUNIT}(?![\w\-])",
        # next Monday, last May
        "relname": rf"(?:{inner}{sp})?{rel}{sp}(?:{weekday}|{month})(?![\w\-])",
        "vague": rf"{p['vague']}(?![\w\-])",
        "day": rf"(?:(?P<dwmod>(?i:early|late|earlier|later)){sp})?{_DAYWORD}(?![\w\-])",
        "weekday": rf"(?:(?P<wdmod>(?i:early|late|earlier|later)){sp})?{weekday}(?![\w\-])",
        "month": rf"(?:{inner_joined})?{month}(?![\w\-])",
        "year": rf"(?:(?P<fiscal>(?i:fiscal|FY))[^\S\n]{{0,3}}+)?(?:{inner_joined})?(?<![$€£]){year}"
        r"(?![.,]\d|%)",
    }
    return found


# The forms that can start with a digit, a month name or a weekday: an expression opening
# with one of those is looked for among these only (the same order, fewer failed tries).
_STARTING_WITH = {
    # a number of one to three digits: no year (four digits) can open there
    "digit": ("time", "dayrange", "full", "quarter", "decade", "ago", "duration"),
    # four digits: no day of a range, no count of units (at most three digits before a comma)
    "digits4": ("time", "full", "quarter", "decade", "year"),
    "month": ("full", "monthyear", "yearwords", "month"),
    "weekday": ("daypart", "full", "weekday"),
    "plural": ("plural",),
    "set": ("set",),
    "vague": ("vague",),
    "season": ("season",),
    "part": ("daypart", "partalone"),
}


@cache
def _ordered(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` in the order the forms are tried."""
    return tuple(name for name in forms() if name in names)


@cache
def _single(name: str) -> regex.Pattern[str]:
    """One form on its own. Trying the forms one after another at a position finds what their
    alternation would: the first that matches wins."""
    return compiled.compile(rf"{_B}(?:{forms()[name]})", regex.VERSION0)


# A named group; "sep" is referred back to ("24/12/2019" repeats its separator).
_NAMED_GROUP = re.compile(r"\(\?P<(?!sep>)\w++>")


def _without_groups(source: str) -> str:
    return _NAMED_GROUP.sub("(?:", source)


@cache
def _bare(name: str) -> regex.Pattern[str]:
    """One form without its named groups: it matches the same text, but the engine saves
    and restores every group at each point it may backtrack to, so a try that fails costs far
    less without them. A form is tried bare, and matched again with its groups when it fits."""
    return compiled.compile(rf"{_B}(?:{_without_groups(forms()[name])})", regex.VERSION0)


# How a lookbehind for the word a form leans on begins (see ``_LEANING``).
_LEANING_SOURCE = r"(?<=(?i:\b"


@cache
def _probe(name: str) -> regex.Pattern[str]:
    """The pattern that asks whether form ``name`` can open with a word: the form without its
    groups and without a lookbehind at its start for the word it leans on ("for years", "in
    spring", "at dawn"). Each such lookbehind is met by some word before ("in ", "for ", "at "),
    so one probe of the word alone answers what a probe after each of those words would."""
    source = _without_groups(forms()[name])
    if _LEANING_SOURCE in source:
        source = _LEANING.sub("", source)
    return compiled.compile(rf"{_B}(?:{source})", regex.VERSION0)


@cache
def opening_names(word: str) -> tuple[str, ...]:
    """The forms that can start with the lower-cased opening ``word``: each form is asked (a
    partial match) whether some text opening with the word, in any case and after any word it
    may lean on, could be the start of a match."""
    variants = (word, word.capitalize(), word.upper())
    return tuple(
        name
        for name in forms()
        if _may_open_with(name, word[:1]) and _may_open_with(name, word[:2]) and _may_open(name, variants)
    )


@lru_cache(maxsize=4096)
def _may_open_with(name: str, prefix: str) -> bool:
    """Whether form ``name`` can open with the lower-cased ``prefix`` of a word (in the cases
    the word is tried in): what cannot begin with a word's first letters cannot begin with the
    word, and their answer serves every word that starts with them."""
    match = _probe(name).match
    return any(match(v, partial=True) for v in dict.fromkeys((prefix, prefix.capitalize(), prefix.upper())))


def _may_open(name: str, variants: tuple[str, ...]) -> bool:
    match = _probe(name).match
    # The word alone first: what cannot begin with the word cannot begin with the word and a
    # mark after it either (a word ends in both), and most forms stop here.
    if not any(match(v, partial=True) for v in variants):
        return False
    afters = (" ", "-", ".", ",", " 1", " a")
    return any(match(f"{v}{after}", partial=True) for v in variants for after in afters)


def _words_of(entries: Iterable[str]) -> set[str]:
    return {part for entry in entries for part in regex.split(r"[\s\-]+", entry.lower()) if part}


def _first_words(entries: Iterable[str]) -> set[str]:
    return {regex.split(r"[\s\-]+", entry.lower())[0] for entry in entries if entry}


@cache
def openers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-cased words that can make an expression on their own, words that can open one
    when another word of the vocabulary follows, and the words of the whole vocabulary."""
    voc = vocabulary()
    alone = (
        set(cues("alone"))
        | set(lexicon.months())
        | set(voc["weekdays"])
        | {u for u in voc["units"] if u.endswith("s")}
    )
    alone |= set(voc["sets"]) | {w for w in voc["vague"] if " " not in w} | set(voc["seasons"])
    alone |= {w.lower() for w in voc["holidays"] if " " not in w}
    tables = [voc[t] for t in ("numbers", "ordinals", "vague", "inner", "holidays", "seasons", "units")]
    starters = cues("openers") | set().union(*(_first_words(t) for t in tables))
    every = starters | alone | set().union(*(_words_of(t) for t in tables)) | cues("second")
    # function words never come second in an expression ("at the moment" aside), and letting
    # them would try the whole pattern at every "of the", "a a"
    return frozenset(alone), frozenset(starters - alone), frozenset(every - cues("never_second"))


@cache
def trigger(folded: bool = False, narrow: bool = False) -> re.Pattern[str]:
    """Where an expression can start (see ``_trigger_source``); ``narrow``: with ASCII classes,
    for a narrow text (see ``reading``), which they read as the Unicode ones do at less cost, the
    mark that opens a match spelled out (what ``\\w`` is then), which the engine tests in one step."""
    if not narrow:
        return compiled.std_compile(_trigger_source(folded))
    source = _trigger_source(folded).replace(r"[^\w\-]", r"[^0-9A-Z_a-z\-]", 1)
    return compiled.std_compile(source, re.ASCII)


@cache
def _trigger_source(folded: bool) -> str:
    """Where an expression can start: a word that can stand alone ("Friday", "yesterday"), an
    opening word followed by another word of the vocabulary ("the past", "a decade"), a year,
    or a number followed by a unit, a clock word or a separator ("3 p.m.", "24/12/2019").

    A match opens with the mark before the word (the text is scanned with a space put before
    it): the engine then looks for that mark alone, quickly, and tries the words only after
    one, instead of testing at every letter whether a word starts there. The words are sorted
    by their first letter, which the engine then compares once, not once per list: after it, the
    words that stand alone are tried before those that open an expression, as two lists tried
    one after the other would try the words that start with that letter. The source is built
    once for both kinds of classes (the building costs more than loading a stored program)."""
    alone, starters, every = openers()
    every_alt = _alt(sorted(every))
    clock = _alt(sorted(cues("clock")))
    blind = "(?:" if folded else "(?i:"
    and_half = rf"[\s\-]{blind}and[\s\-]a[\s\-]half)"
    after_number = (
        rf"(?:\.\d++)?(?:[a-zA-Z½]|[:/\-–]\d|-|[^\S\n]{{1,3}}+(?:{blind}{every_alt}|{clock})(?![\w])|\d/\d"
        rf"|{blind}and[\s\-]a[\s\-]half)|{blind}and|to)[^\S\n]{{1,3}}+\d))"
    )
    # a word alone, or a word before "a", "an", "the" ("about a year", "over the weekend")
    before_article = rf"(?=\s{{1,3}}+{blind}an?|the)\s)"
    alone_tails = {
        **dict.fromkeys(alone, r"(?![\w])"),
        **dict.fromkeys(cues("before_article"), before_article),
    }
    # an opening word, then another word of the vocabulary, a number or "and a half"
    opening = rf"(?=[\s,.\-]{{1,4}}+['’]?+(?:\d|{blind}{every_alt})(?![\w]))|{and_half})"
    branches = []
    for first in sorted({word[0] for word in [*alone_tails, *starters]}):
        lists = []
        if rests := {word[1:]: tail for word, tail in sorted(alone_tails.items()) if word[0] == first}:
            lists.append(lexicon.tailed_trie(rests, SP))
        if rests := {word[1:]: "" for word in sorted(starters) if word[0] == first}:
            lists.append(lexicon.tailed_trie(rests, SP) + opening)
        branches.append(re.escape(first) + (lists[0] if len(lists) == 1 else f"(?:{'|'.join(lists)})"))
    words = "|".join(branches)
    # The standard library's engine scans this plain alternation several times faster, and
    # faster still on lower-cased text without case-blind groups.
    number = rf"\d(?<![,.:].)(?:\d{{3}}(?!\d)|\d{{0,2}}+(?={after_number}))"
    return rf"[^\w\-](?:{number}|['’]\d|{blind}(?:{words})))"


@cache
def _openings() -> dict[str, str]:
    """The kind of word (a key of ``_STARTING_WITH``) each lower-cased opening word is, for
    the words that open only a few forms."""
    voc = vocabulary()
    kinds = {w: "plural" for w in voc["units"] if w.endswith("s")}
    kinds |= dict.fromkeys([*voc["sets"], "every", "each"], "set")
    kinds |= dict.fromkeys(cues("vague_only"), "vague")
    parts = ("MO", "AF", "EV", "NI", "DT")
    kinds |= {w: ("part" if code in parts else "season") for w, code in voc["seasons"].items()}
    kinds |= dict.fromkeys(lexicon.months(), "month")
    kinds |= dict.fromkeys(voc["weekdays"], "weekday")
    return kinds


# How to try a list of forms in turn: (form, pattern, the form with its groups). The pattern
# tells whether the form fits; the form is then matched again with its groups, unless the
# pattern has them already (None). A form named "" is an alternation of forms that tells
# which one fits by its group's name (see ``_together``).
Steps = tuple[tuple[str, "re.Pattern[str] | regex.Pattern[str]", "regex.Pattern[str] | None"], ...]

# Lists longer than this are tried as one alternation (one call instead of many).
_COMBINE_OVER = 4


@cache
def _together(names: tuple[str, ...]) -> regex.Pattern[str]:
    """The forms of ``names`` as one alternation, each a group named after it and otherwise
    without groups: it tells which form fits first."""
    body = "|".join(f"(?P<f_{name}>{_without_groups(forms()[name])})" for name in names)
    return compiled.compile(rf"{_B}(?:{body})", regex.VERSION0)


@cache
def _plan(names: tuple[str, ...], combine: bool = True) -> Steps:
    """How ``regex`` tries ``names`` in turn (see ``Steps``), a long list as one alternation
    when ``combine``. The last form is tried with its groups at once: nothing is tried after
    it, so when it matches there is no second match to make."""
    if combine and len(names) > _COMBINE_OVER:
        return (("", _together(names), None),)
    last = names[-1]
    return tuple(
        (name, _single(name), None) if name == last else (name, _bare(name), _single(name)) for name in names
    )


# A character the two engines may class differently (``\w``, ``\s``, case): superscript digits,
# vulgar fractions, connector punctuation, and everything outside Latin-1 and the general
# punctuation block. A text without one is tried by the standard library's engine.
_FOREIGN = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\xb1\xb4-\xb8\xba\xbb\xbf-\xff\u2010-\u2027\u2030-\u203e\u2041-\u2053\u2055-\u205e]"
)
# The same test for a text of ASCII characters only (most are): a control character.
_ASCII_FOREIGN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _alike(text: str) -> bool:
    """Whether both engines read ``text`` alike (no character of ``_FOREIGN``)."""
    return (_ASCII_FOREIGN if text.isascii() else _FOREIGN).search(text) is None


# A character that the standard library's engine may class differently with ASCII classes
# (``re.ASCII``) than with Unicode ones, or that ``_FOREIGN`` holds: the characters outside it are
# ASCII (but the separators \x1c-\x1f, spaces to Unicode) and punctuation that is neither a
# word character nor a space (curly quotes, dashes). A text without one is "narrow".
_WIDE = re.compile(
    "[^\t\n\r\x20-\x7e\xa1-\xa9\xab-\xb1\xb4\xb6-\xb8\xbb\xbf\xd7\xf7"
    "\u2010-\u2027\u2030-\u203e\u2041-\u2053\u2055-\u205e]"
)


def reading(text: str) -> tuple[bool, bool]:
    """Whether both engines read ``text`` alike (see ``_alike``), and whether it is narrow (see
    ``_WIDE``): the standard library's patterns then read it with ASCII classes, whose tests
    cost less, and find the same."""
    if text.isascii():
        alike = _alike(text)  # ASCII with no control character: narrow too
        return alike, alike
    wide = _WIDE.search(text)
    if wide is None:
        return True, True
    # no character before the first wide one is foreign (a foreign character is wide)
    return _FOREIGN.search(text, wide.start()) is None, False


@cache
def _std_source(name: str) -> str:
    """Form ``name`` without its groups, its lookbehinds of varying width rewritten."""
    source = _LEANING.sub(_fixed_leaning, _TWILIGHT.sub(_fixed_twilight, _without_groups(forms()[name])))
    return rf"{_B}(?:{source})"


@cache
def _form_stored(name: str, narrow: bool) -> bool:
    """Whether form ``name`` has its standard library program stored (asked once per form: a
    form compiled later in this process is in ``_STD_READY``)."""
    return compiled.std_stored(_std_source(name), re.ASCII if narrow else 0)


@cache
def _std(name: str, narrow: bool = False) -> re.Pattern[str] | regex.Pattern[str]:
    """One form without its groups, compiled by the standard library's engine (a few times
    faster than ``regex`` at trying it) unless it needs ``regex`` (a lookbehind of varying
    width). Each form is compiled once, with ASCII classes when ``narrow`` (for a narrow text,
    see ``reading``: they read it alike at a fraction of the cost, most forms being case-blind)."""
    _STD_READY.add((name, narrow))
    try:
        return compiled.std_compile(_std_source(name), re.ASCII if narrow else 0)
    except re.error:
        return _bare(name)


# The forms compiled by the standard library's engine so far in this process (with whether
# with ASCII classes).
_STD_READY: set[tuple[str, bool]] = set()


def _std_ready(name: str, narrow: bool) -> bool:
    return (name, narrow) in _STD_READY or _form_stored(name, narrow)


# The lookbehinds of varying width, rewritten for the standard library's engine as one of fixed
# width per word length (and per number of spaces), which is what they test: a word right
# before ("for years"), or the twilight word before "on" ("dawn on Friday").
_LEANING = re.compile(r"\(\?<=\(\?i:\\b\(\?:([a-z|]++)\)\)\[\^\\S\\n\]\{1,3\}\+\)")
_TWILIGHT = re.compile(r"\(\?<=\(\?i:([a-z|]++)\)\.\)")


def _by_length(words: str) -> list[str]:
    lengths = sorted({len(word) for word in words.split("|")})
    return ["|".join(word for word in words.split("|") if len(word) == n) for n in lengths]


def _fixed_leaning(found: re.Match[str]) -> str:
    # "[^\S\n]{1,3}+" looking back takes every space there (three at most) and the word must
    # end before them: one lookbehind per count of spaces says the same. A word ends in a letter,
    # so only the lookbehinds for the count of spaces there can hold: that count is asked first.
    groups = _by_length(found.group(1))
    counts = []
    for spaces, exactly in (
        (1, r"(?<![^\S\n]{2})"),
        (2, r"(?<=[^\S\n]{2})(?<![^\S\n]{3})"),
        (3, r"(?<=[^\S\n]{3})"),
    ):
        branches = "|".join(rf"(?<=(?i:\b(?:{words}))[^\S\n]{{{spaces}}})" for words in groups)
        counts.append(f"{exactly}(?:{branches})")
    return rf"(?<=[^\S\n])(?:{'|'.join(counts)})"


def _fixed_twilight(found: re.Match[str]) -> str:
    return "(?:" + "|".join(f"(?<=(?i:{words}).)" for words in _by_length(found.group(1))) + ")"


# A form not stored yet (see ``compiled.std_compile``) is compiled by the standard library's engine (a
# millisecond or two) only once the list it is in has been tried this often, enough to repay
# it; a single short article stays with ``regex``'s stored patterns. A list whose forms are all
# stored, or compiled already, moves to that engine at once.
_STD_AFTER = 50


@cache
def _std_plan(names: tuple[str, ...], narrow: bool = False) -> Steps:
    """How to try ``names`` in turn on a text both engines read alike (see ``_FOREIGN``), with
    ASCII classes when it is narrow."""
    return tuple((name, _std(name, narrow), _single(name)) for name in names)


class _Trial:
    """The forms a kind of opening word may start: how ``regex`` tries them (made when first
    needed), how often it has, and how the standard library's engine tries them once that has
    paid."""

    __slots__ = ("fast", "names", "narrow", "regex_tries", "slow", "tries")

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.slow: Steps | None = None
        self.fast: Steps | None = None  # for a text both engines read alike
        self.narrow: Steps | None = None  # the same with ASCII classes, for a narrow one
        self.regex_tries = 0
        self.tries = 0

    def steps(self, narrow: bool = False) -> Steps:
        """The steps for a text both engines read alike (narrow or not)."""
        fast = self.narrow if narrow else self.fast
        if fast is not None:
            return fast
        self.tries += 1
        # paid, or nothing to pay
        if self.tries > _STD_AFTER or all(_std_ready(name, narrow) for name in self.names):
            fast = _std_plan(self.names, narrow)
            if narrow:
                self.narrow = fast
            else:
                self.fast = fast
            return fast
        return self.regex_steps()

    def regex_steps(self) -> Steps:
        """The steps for any text: the forms one by one (each stored on its own, shared by every
        list) until the list has been tried as often as repays loading its alternation."""
        if self.slow is None:
            self.regex_tries += 1
            if self.regex_tries <= _STD_AFTER:
                return _plan(self.names, combine=False)
            self.slow = _plan(self.names)
        return self.slow


@cache
def _trial(names: tuple[str, ...]) -> _Trial:
    return _Trial(names)


@lru_cache(maxsize=2048)
def _word_trial(word: str) -> tuple[bool, _Trial | None]:
    """For a lower-cased opening word: whether it is a month or weekday name (written
    capitalized to be one), and the forms it may start (None when there is none)."""
    kind = _openings().get(word)
    if kind:
        names = _ordered(_STARTING_WITH[kind])
    else:
        stored = _stored_openings().get(word)
        names = opening_names(word) if stored is None else stored
    return kind in ("month", "weekday"), (_trial(names) if names else None)


# Changed whenever ``opening_names`` works differently, so that stored answers go stale.
_OPENINGS_VERSION = "1"


@cache
def _stored_openings() -> dict[str, tuple[str, ...]]:
    """``opening_names`` of each word the trigger can open with (but those of ``_openings``):
    asking each form about each word costs more than a short article's scan (see
    ``_stored_table``)."""
    alone, starters, _ = openers()
    words = sorted((alone | starters | cues("before_article")) - _openings().keys())
    return _stored_table("openings", words, opening_names)


def _stored_table(
    kind: str, words: list[str], work: Callable[[str], tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """``work(word)`` for each of ``words``, kept in the pattern cache of
    :mod:`idlibparse.compiled` under a key made of the forms and the words; worked out and
    stored when missing or stale, empty when the cache is off or cannot be written (the caller
    then works out what it needs itself)."""
    folder = compiled.directory()
    if folder is None:
        return {}
    made_of = "\0".join([_OPENINGS_VERSION, kind, *forms(), *forms().values(), *words])
    path = folder / f"dates-{kind}-{compiled.key(made_of)}.pickle"
    table = compiled.load(path)
    if isinstance(table, dict) and len(table) == len(words):
        return cast("dict[str, tuple[str, ...]]", table)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    if not os.access(folder, os.W_OK):
        return {}  # not to be kept: the caller works out only the words it meets
    table = {word: work(word) for word in words}
    compiled.store(path, table)
    return table


# "the" opens many forms, and most of them only before a few words ("the past", "the 1990s",
# "the third quarter"): after "the" and one space, the forms are those the next word allows.
_THE_NEXT = re.compile(r"[a-z]++")


@cache
def _after_the() -> dict[str, _Trial | None]:
    """For each word of the vocabulary (its first letters, up to a mark), the forms that can
    open with "the" followed by a space and that word, as their trial (None: none can)."""
    _, _, every = openers()
    words = sorted({found.group() for word in every if (found := _THE_NEXT.match(word))})
    table = _stored_table("after-the", words, _opening_after_the)
    return {word: (_trial(names) if names else None) for word, names in table.items()}


def _opening_after_the(word: str) -> tuple[str, ...]:
    """The forms "the" may open that can start with "the", one space and the lower-cased
    ``word`` (a partial match, in the cases the words are written in): whatever comes after
    them, a form that cannot begin so cannot match there."""
    pairs = [f"{the} {next_word}" for the in ("the", "The", "THE") for next_word in _cases(word)]
    return tuple(
        name for name in opening_names("the") if any(_probe(name).match(pair, partial=True) for pair in pairs)
    )


def _cases(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((word, word.capitalize(), word.upper())))


def scan(
    text: str, folded: str | None = None, read: tuple[bool, bool] | None = None
) -> Iterator[tuple[str, regex.Match[str]]]:
    """The expressions of ``text`` in reading order with the form each is, none overlapping (as
    ``finditer`` would give them), trying the forms only where the trigger says one may start:
    a failed try of the whole alternation costs far more than the trigger's scan. ``folded``
    is ``text.lower()`` and ``read`` is ``reading(text)`` when the caller has them already."""
    if folded is None:
        folded = text.lower()
    same = len(folded) == len(text)  # a few letters grow when lower-cased ("İ"): keep offsets
    source = folded if same else text
    alike, narrow = reading(text) if read is None else read
    digit, digits4 = _trial(_ordered(_STARTING_WITH["digit"])), _trial(_ordered(_STARTING_WITH["digits4"]))
    word_trial, first, after_the = _word_trial, _first, _after_the()
    end = 0
    for candidate in trigger(same, narrow and same).finditer(" " + source):
        start = candidate.start()  # of the mark before the word, one place later in the text
        if start < end:
            continue
        if source[start].isdigit():  # the token's first character
            # the trigger takes a number's four digits, or its first one to three (see ``trigger``)
            trial = digits4 if candidate.end() - start == 5 else digit
        else:
            token = candidate.group()[1:]
            named, opened = word_trial(token if same else token.lower())
            if opened is None or (named and not text[start].isupper()):
                continue  # "may", "march": a month or weekday name is written capitalized
            trial = opened
            if token == "the" and text.startswith(" ", start + 3):  # see ``_after_the``
                next_word = _THE_NEXT.match(source, start + 4)
                if next_word is not None:
                    pruned = after_the.get(next_word.group(), trial)
                    if pruned is None:
                        continue
                    trial = pruned
        steps = trial.narrow if narrow else trial.fast
        if steps is None or not alike:
            steps = trial.steps(narrow) if alike else trial.regex_steps()
        found = first(text, start, steps, trial)
        if found is not None:
            end = found[1].end()
            yield found


def _first(text: str, start: int, steps: Steps, trial: _Trial) -> tuple[str, regex.Match[str]] | None:
    """The first form of ``steps`` that matches at ``start``, with its groups; None when none
    does or the first that does matches nothing. Should the standard library's engine ever
    accept a form that ``regex`` refuses, ``regex`` alone decides (the trial's ``regex`` steps)."""
    for name, pattern, full in steps:
        found = pattern.match(text, start)
        if found is not None:
            if found.end() <= start:
                return None
            if full is None:
                if name:
                    assert isinstance(found, regex.Match)
                    return name, found
                name = (found.lastgroup or "")[2:]
                full = _single(name)
            grouped = full.match(text, start)
            if grouped is None:
                if steps is not trial.fast and steps is not trial.narrow:
                    return None
                return _first(text, start, _plan(trial.names, False), trial)
            return name, grouped
    return None
