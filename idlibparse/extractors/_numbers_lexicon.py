"""The numbers vocabulary (``idlibparse/data/numbers_*``) as lookup tables and the compiled
patterns built from it. Everything is loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from idlibparse import compiled, lexicon


@dataclass(frozen=True, slots=True)
class Bound:
    """What a qualifier word does to a figure: its qualifier and which bound the figure sets."""

    qualifier: str
    bound: str  # low|high|none


@dataclass(frozen=True, slots=True)
class Vague:
    value: float | None
    low: float | None
    high: float | None
    needs: str  # no|yes (a noun must follow)|of ("of" must follow)


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    kind: str  # percent|distance|area|weight|volume|speed|power|money
    factor: float | None = None
    normalized: str | None = None


def norm(phrase: str) -> str:
    """A phrase as the tables key it: lower case, single spaces, no soft variation in dashes."""
    return " ".join(phrase.replace("‐", "-").replace("–", "-").split()).lower()


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def _cells(row: tuple[str, ...], n: int) -> tuple[str, ...]:
    return tuple(row) + ("",) * (n - len(row))


@cache
def number_words() -> dict[str, tuple[int, str]]:
    """word -> (value, kind) for the cardinal words."""
    return {w.lower(): (int(v), kind) for w, v, kind in lexicon.table("numbers_words.tsv")}


@cache
def scales() -> dict[str, tuple[float, bool]]:
    """scale word or abbreviation -> (value, only beside a currency)."""
    return {s.lower(): (float(v), flag == "yes") for s, v, flag in lexicon.table("numbers_scales.tsv")}


@cache
def vague() -> dict[str, Vague]:
    out = {}
    for row in lexicon.table("numbers_vague.tsv"):
        phrase, value, low, high, needs = _cells(row, 5)
        out[norm(phrase)] = Vague(_float(value), _float(low), _float(high), needs or "no")
    return out


@cache
def qualifiers() -> dict[str, Bound]:
    return {norm(p): Bound(q, b) for p, q, b in lexicon.table("numbers_qualifiers.tsv")}


@cache
def suffixes() -> dict[str, Bound]:
    return {norm(p): Bound(q, b) for p, q, b in lexicon.table("numbers_suffixes.tsv")}


@cache
def units() -> dict[str, Unit]:
    """surface (lower case unless the row is case-exact) -> unit."""
    out = {}
    for row in lexicon.table("numbers_units.tsv"):
        surface, code, kind, factor, normalized, case = _cells(row, 6)
        key = surface if case == "exact" else norm(surface)
        out[key] = Unit(code, kind, _float(factor), normalized or None)
    return out


@cache
def convertible_units() -> dict[str, Unit]:
    """unit code -> its first unit with a conversion factor (to km, km2 or kg)."""
    out: dict[str, Unit] = {}
    for unit in units().values():
        if unit.factor:
            out.setdefault(unit.code, unit)
    return out


@cache
def currencies() -> dict[str, tuple[str, str]]:
    """surface (lower case unless case-exact) -> (code, position before|after|both)."""
    out = {}
    for surface, code, position, case in lexicon.table("numbers_currencies.tsv"):
        out[surface if case == "exact" else norm(surface)] = (code, position)
    return out


@cache
def nouns() -> dict[str, str]:
    """counted-noun ending (lower case) -> category."""
    return {norm(p): c for p, c in lexicon.table("numbers_nouns.tsv")}


@cache
def events() -> dict[str, str]:
    return {norm(p): c for p, c in lexicon.table("numbers_events.tsv")}


@cache
def one_not() -> tuple[frozenset[str], frozenset[str]]:
    """(words before, words after) that make "one" a pronoun."""
    rows = lexicon.table("numbers_one_not.tsv")
    before = frozenset(w.lower() for pos, w in rows if pos == "before")
    after = frozenset(w.lower() for pos, w in rows if pos == "after")
    return before, after


@cache
def np_words(role: str) -> frozenset[str]:
    """A word class of numbers_np_words.tsv: lead, plural_head or determiner."""
    return frozenset(w.lower() for r, w in lexicon.table("numbers_np_words.tsv") if r == role)


def np_stop() -> frozenset[str]:
    return lexicon.words("numbers_np_stop.txt")


def id_words() -> frozenset[str]:
    return lexicon.words("numbers_id_words.txt")


def time_units() -> frozenset[str]:
    return lexicon.words("numbers_time_units.txt")


def person_suffixes() -> frozenset[str]:
    return lexicon.words("numbers_person_suffixes.txt")


def address_words() -> frozenset[str]:
    return lexicon.words("numbers_address_words.txt")


def verbs() -> frozenset[str]:
    return lexicon.words("numbers_verbs.txt")


def anaphoric() -> frozenset[str]:
    return lexicon.words("numbers_anaphoric.txt")


def military_cues() -> frozenset[str]:
    return lexicon.words("numbers_military_cues.txt")


def civil_cues() -> frozenset[str]:
    return lexicon.words("numbers_civil_cues.txt")


def _last_words(phrases: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The last words of ``phrases``, lower case and without a dot, as a set and a tuple."""
    words = {p.split()[-1].rstrip(".").lower() for p in phrases if p.strip(". ")}
    return frozenset(words), tuple(sorted(words))


@cache
def qualifier_endings() -> tuple[frozenset[str], tuple[str, ...]]:
    """The last word of every qualifier, lower case, without a dot: a figure whose preceding
    word ends with none of these has no qualifier before it (tested before the pattern)."""
    return _last_words(list(qualifiers()))


@cache
def before_endings() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words ``before_pattern`` can end on (months, identifier words, "the", "and", "or"),
    for the same cheap test; it can also end on ")", "#", "№", "," or "&"."""
    return _last_words([*lexicon.months(), *id_words(), "the", "and", "or"])


@cache
def join_words() -> frozenset[str]:
    """The words ``before_pattern`` can end on only as "the" after a month ("March the 5") or
    as the joining word of a list of identifiers ("Resolutions 2254 and 2118"), unless a month
    or an identifier ends with one too."""
    return frozenset({"the", "and", "or"} - _last_words([*lexicon.months(), *id_words()])[0])


@cache
def month_forms() -> tuple[str, ...]:
    """The month names and abbreviations as ``before_pattern`` reads them: capitalized."""
    return tuple(sorted(m.capitalize() for m in lexicon.months()))


# --- patterns ------------------------------------------------------------------------------

# the number words that may be the second figure of a proportion ("one in three"), and the
# words of the trailing qualifiers "or more", "and above"...
_RATIO_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_OR_SUFFIXES = ("more", "so", "fewer", "less", "higher")
_AND_SUFFIXES = ("more", "above")


trie_alternation = lexicon.trie_alternation


def _words_of(kind: str) -> str:
    return trie_alternation([w for w, (_, k) in number_words().items() if k == kind])


def _case_split(keys: list[str], exact: set[str]) -> str:
    """An alternation where case-exact entries keep their case inside a case-blind pattern."""
    loose = [k for k in keys if k not in exact]
    strict = [k for k in keys if k in exact]
    parts = []
    if strict:
        parts.append(f"(?-i:{trie_alternation(strict)})")
    if loose:
        parts.append(trie_alternation(loose))
    return "|".join(parts)


def _exact_keys(name: str, case_col: int) -> set[str]:
    return {row[0] for row in lexicon.table(name) if len(row) > case_col and row[case_col] == "exact"}


@cache
def pieces() -> dict[str, str]:
    """Named pattern pieces, composed into the mention pattern (and reused by tests)."""
    p: dict[str, str] = {}
    p["unit"] = rf"(?:{_words_of('unit')})\b"
    p["teen"] = rf"(?:{_words_of('teen')})\b"
    p["ten"] = rf"(?:{_words_of('ten')})\b"
    p["small"] = rf"(?:{p['ten']}(?:[-‐–]|\s+)?{p['unit']}|{p['ten']}|{p['teen']}|{p['unit']})"
    p["hund"] = rf"(?:(?:{p['small']}|a)\s+hundred\b(?:\s+(?:and\s+)?{p['small']})?|{p['small']})"
    p["big"] = r"(?:thousand|million|billion|trillion)\b"
    p["card"] = (
        rf"(?:(?:{p['hund']}|a)\s+{p['big']}(?:\s+(?:and\s+)?{p['hund']}(?:\s+{p['big']})?){{0,3}}"
        rf"|(?:{p['hund']}|a|half\s+a)\s+dozen\b|{p['hund']})"
    )
    p["digits"] = r"(?:\d{1,3}(?:,\d{3})++(?![\d])|\d{1,15}+)(?:\.\d{1,12}+)?"
    scale_words = [s for s in scales() if s.isalpha() and len(s) > 3]
    scale_abbr = [s for s in scales() if s not in scale_words]
    p["scale_word"] = rf"(?:{trie_alternation(scale_words)})(?![\w])"
    p["scale_abbr"] = rf"(?:{trie_alternation(scale_abbr)})(?![\w])"
    p["digit_scale"] = (
        rf"{p['digits']}(?:(?:\s++|-)?{p['scale_word']}(?:\s+{p['big']})?|\s?{p['scale_abbr']})"
    )
    frac = (
        r"(?:(?:a|one)[\s-]+)?(?:half|quarter)|three[\s-]+quarters|a\s+third|one[\s-]+third|two[\s-]+thirds"
    )
    scale_or_dozen = r"(?:dozen|hundred|thousand|million|billion)\b"
    fraction_words = (
        rf"(?:(?:{frac})\s+(?:of\s+)?a\s+{scale_or_dozen}"
        rf"|{p['hund']}\s+and\s+a\s+(?:half|quarter)\s+{scale_or_dozen}"
        rf"|(?:{p['hund']}|a)\s+(?:million|billion)\s+and\s+a\s+half\b)"
    )
    p["fraction"] = (
        rf"(?:(?:{frac})\s+(?:of\s+)?a\s+{scale_or_dozen}"
        rf"|(?:{p['hund']}|{p['digits']})\s+and\s+a\s+(?:half|quarter)\s+{scale_or_dozen}"
        rf"|(?:{p['hund']}|a)\s+(?:million|billion)\s+and\s+a\s+half\b)"
    )
    # The same figure for a candidate that starts with a digit, and for one that starts with a
    # word: each keeps only the branches that can match there, in the same order.
    # the digits matched once, then the longest tail: the same match as trying the three
    # branches in turn, since no tail can start where a shorter reading of the digits ends
    p["number_digits"] = (
        rf"(?:{p['digits']}(?:\s+and\s+a\s+(?:half|quarter)\s+{scale_or_dozen}"
        rf"|(?:\s++|-)?{p['scale_word']}(?:\s+{p['big']})?|\s?{p['scale_abbr']})?)"
    )
    p["number_words"] = rf"(?:{fraction_words}|{p['card']})"
    p["number"] = rf"(?:{p['fraction']}|{p['digit_scale']}|{p['card']}|{p['digits']})"
    # the second figure of a proportion ("one in three", "eight out of 10")
    p["ratio_b"] = rf"(?:{'|'.join(_RATIO_WORDS)}|a\s+hundred|[2-9]|10|100)(?![\w,\-]|\.\d)"
    p["vague"] = rf"(?:{trie_alternation(list(vague()))})\b"
    cur = currencies()
    exact_cur = _exact_keys("numbers_currencies.tsv", 3)
    before = [k for k, (_, pos) in cur.items() if pos in ("before", "both")]
    after = [k for k, (_, pos) in cur.items() if pos in ("after", "both")]
    p["cur_before"] = rf"(?:(?:{_case_split(before, exact_cur)})\s?)"
    p["cur_after"] = rf"(?:{_case_split(after, exact_cur)})(?![\w])"
    exact_units = _exact_keys("numbers_units.tsv", 5)
    p["unit_after"] = rf"(?:{_case_split(list(units()), exact_units)})(?![\w²³])"
    p["suffix"] = (
        rf"(?:-plus\b|\+(?![\d])|\s+or\s+(?:{'|'.join(_OR_SUFFIXES)})\b"
        rf"|\s+and\s+(?:{'|'.join(_AND_SUFFIXES)})\b|-odd\b)"
    )
    return p


@cache
def mention_pattern(start: str = "any") -> regex.Pattern[str]:
    """A figure with its currency, range partner, unit and trailing qualifier; the qualifier
    before it is read separately (see numbers.py), so this pattern starts only on a figure.

    ``start`` narrows the pattern to a candidate that begins with a digit or a currency
    ("digit") or with a word ("word"): the same matches, without trying branches that cannot
    start there. Groups the narrowed pattern cannot set are kept, never set, so every variant
    answers the same group names. One more narrows it to a word that can begin only a vague
    amount ("vague": "many", "thousands"); see ``word_patterns``."""
    p = pieces()
    left = r"(?<![\w.,°′″'’/:#@\-])"
    amount_a = rf"(?P<cur_a>{p['cur_before']})?(?P<a>{p['number']})"
    amount_b = rf"(?P<cur_b>{p['cur_before']})?(?P<b>{p['number']})"
    between = rf"(?P<between>between)\s+{amount_a}\s+(?P<sep>and)\s+{amount_b}"
    vague = rf"(?P<vague>{p['vague']})(?:\s+of\s+(?P<of_cur>{p['cur_after']}))?"
    never = r"(?!)"  # a branch that holds the groups of the others and never matches
    if start == "digit":
        amount = rf"(?P<cur_a>{p['cur_before']})?(?P<a>{p['number_digits']})"
        between = rf"{never}(?P<between>)(?P<sep>){amount_b}"
        vague = rf"{never}(?P<vague>)(?P<of_cur>)"
    elif start == "word":
        amount = rf"(?P<cur_a>{never})?(?P<a>{p['number_words']})"
    elif start == "vague":
        between = rf"{never}(?P<between>)"
        amount = rf"(?P<cur_a>{never})?(?P<a>{never})"
    else:
        amount = amount_a
    pattern = rf"""{left}
        (?:{between}
          |{amount}(?:\s++(?P<sep>in|out\s+of)\s++(?P<b>{p["ratio_b"]})|\s*+(?P<sep>to|or|-|–|—)\s*+{amount_b})?
          |{vague}
        )
        (?:(?:\s*+|-)(?P<unit>{p["unit_after"]}|{p["cur_after"]}))?
        (?P<suffix>{p["suffix"]})?"""
    return compiled.compile(pattern, regex.IGNORECASE | regex.VERBOSE)


@cache
def word_patterns() -> dict[str, str | None]:
    """The candidate words (lower case) with which no figure of the word pattern's amount
    branch can begin, each with the narrowed mention pattern (its ``start`` for
    ``mention_pattern``, loaded when first asked for) that reads from it the same as the word
    pattern: the first word of a vague amount only that amount; None for a word that begins
    neither ("million" with nothing before it). "between" keeps the word pattern, whose first
    branch is the range after it: a pattern narrowed to that branch would spare next to nothing
    per match and cost its load (some milliseconds) in every process that meets the word."""
    # an amount begins with a unit, teen or ten word, "a", or a fraction's first word
    amount_first = {w for w, (_, kind) in number_words().items() if kind in ("unit", "teen", "ten")}
    amount_first |= {"a", "one", "two", "three", "half", "quarter"}
    vague_first = {phrase.split()[0] for phrase in vague()}
    words = (set(number_words()) | vague_first | {"between", "half", "quarter"}) - amount_first
    return {
        word: "word" if word == "between" else "vague" if word in vague_first else None
        for word in sorted(words)
    }


# --- plain figures ---------------------------------------------------------------------------

# Most figures are plain digits or a single number word followed by a word the mention pattern
# cannot read on ("5 people", "1,200 were", "two soldiers"). ``plain_figure_end`` tells such a
# figure from a cheap look at the characters around it and spares the pattern there. It must
# answer as the pattern would: it mirrors ``pieces()["digits"]`` on ASCII digits, and every word
# the pattern may read after a figure (a scale, "and", "in", "out of", "to", "or", a unit, a
# currency written after figures; after a number word also any number word and fraction) is in
# the openers of ``_plain_tests``;
# anything else it does not know, it leaves to the pattern.
_PLAIN_DIGITS = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})++(?![0-9])|[0-9]{1,15}+)(?:\.[0-9]{1,12}+)?")
_SPACE_THEN_WORD = re.compile(r"[ \t\n\r\f\v]++([A-Za-z]*+)")
_DASH_THEN_WORD = re.compile(r"-([A-Za-z]++)")
_LETTERS = re.compile(r"[A-Za-z]++")
_ASCII_SPACE = frozenset(" \t\n\r\f\v")
# "to" and "or" open a range with no space before its second figure ("5to6")
_RANGE_OPENERS = ("to", "or")
_WORD_OPENERS = ("half", "quarter", "quarters", "third", "thirds", "and")
_NO_PLAIN = (-1, "")


_PlainTests = tuple[
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    dict[str, frozenset[str]],
]


@cache
def _plain_tests() -> _PlainTests:
    """(characters the pattern's look-behind allows before a figure, characters that open
    nothing the pattern reads after a figure, the leading letters (lower case) of the words it
    may read next, the same after a number word, the number words read this way: units, teens
    and tens, the leading letters of the words it may read right after a hyphen: a unit, a
    scale, "plus", "odd", or the second figure of a range, which may be a number word or begin
    with a currency; and the joining words after which the figure still ends unless the next
    word is one of those mapped to it)."""
    # (a currency written only before a figure, "$" or "A$", opens nothing after one)
    after_currencies = [key for key, (_, position) in currencies().items() if position in ("after", "both")]
    keys = [*units(), *after_currencies, *scales(), "and", "in", "out", "to", "or"]
    letters = re.compile(r"[a-z]+")
    openers = {lead.group() for key in keys if (lead := letters.match(key.lower()))}
    opening = {key[0].lower() for key in keys} | set("-‐–—+%")
    ascii_chars = [chr(i) for i in range(128)]
    not_before = re.compile(_NOT_BEFORE)
    dash_openers = frozenset(
        openers
        | set(number_words())
        | set(_WORD_OPENERS)
        | {lead.group() for key in currencies() if (lead := letters.match(key.lower()))}
        | {"plus", "odd"}
    )
    # "5 and", "5 in", "5 to", "5 or": the pattern reads on only into "and a half million" or
    # "and more", the second figure of a proportion ("in three") or of a range ("to six", "to
    # $6"), or "or more"; unless the word itself begins a unit or currency written after figures
    unit_keys = [*units(), *after_currencies, *scales()]
    unit_leads = {lead.group() for key in unit_keys if (lead := letters.match(key.lower()))}
    connectors = {
        "and": frozenset({"a", *_AND_SUFFIXES}),
        "in": frozenset({"a", *_RATIO_WORDS}),
        "to": dash_openers,
        "or": dash_openers | set(_OR_SUFFIXES),
    }
    return (
        frozenset({c for c in ascii_chars if not not_before.match(c)} | set("“”‘—–\u00a0")),
        frozenset(c for c in ascii_chars if not c.isalpha() and not c.isspace() and c not in opening),
        frozenset(openers),
        frozenset(openers | set(number_words()) | set(_WORD_OPENERS)),
        frozenset(w for w, (_, kind) in number_words().items() if kind in ("unit", "teen", "ten")),
        dash_openers,
        {word: then for word, then in connectors.items() if word not in unit_leads},
    )


def plain_figure_end(text: str, start: int, endpos: int, word_end: int) -> tuple[int, str]:
    """Where the mention pattern's match from ``start`` (bounded by ``endpos``) ends when it
    reads plain digits or a lone number word (ending at ``word_end``, -1 for a digit start)
    and nothing more, or -1 when it may read more or the text holds what this test does not
    know: the pattern must then be run. Digits with one scale word ("5 million") count as
    plain. Second, the word after the white space that follows the figure, lower-cased (""
    if none): its ASCII letters up to a character that is none."""
    tests = _plain_tests()
    if start and text[start - 1] not in tests[0]:
        return _NO_PLAIN
    return _figure_end(text, start, endpos, word_end, tests)


def plain_money_end(text: str, start: int, endpos: int) -> tuple[int, int]:
    """For a candidate on a currency sign ("$5", "£ 300"): where its figure starts and where
    the mention pattern's match ends when it reads the sign (with the one space it allows
    after it) and plain digits and nothing more, as ``plain_figure_end`` tells them; (-1, -1)
    when it may read more."""
    tests = _plain_tests()
    if text[start] not in _signs() or (start and text[start - 1] not in tests[0]):
        return -1, -1
    figure = start + 2 if text[start + 1 : start + 2] == " " else start + 1
    end = _figure_end(text, figure, endpos, -1, tests)[0]
    return (figure, end) if end >= 0 else (-1, -1)


def plain_percent_end(text: str, start: int, endpos: int) -> tuple[int, int, int]:
    """For a candidate on digits followed by "%" or "percent" ("5%", "40 percent of"): where
    the digits end, where the unit starts and where the mention pattern's match ends when it
    reads those and nothing more (no scale, range, proportion or trailing qualifier can come
    between or after them); (-1, -1, -1) when it may read more."""
    if start and text[start - 1] not in _plain_tests()[0]:
        return _NO_PERCENT
    digits = _PLAIN_DIGITS.match(text, start, endpos)
    if digits is None:
        return _NO_PERCENT
    a_end = digits.end()
    if text[a_end : a_end + 1] == "%":
        unit_start, end = a_end, a_end + 1
    else:
        word = _SPACE_THEN_WORD.match(text, a_end, endpos)
        if word is None or word.group(1).lower() != "percent":
            return _NO_PERCENT
        unit_start, end = word.start(1), word.end()
    # the unit ends before no word character, and no trailing qualifier follows ("-plus",
    # "+", "or more", "and above")
    if end >= endpos or not text[end].isascii() or text[end].isalnum() or text[end] in "_-+":
        return _NO_PERCENT
    if text[end] in _ASCII_SPACE:
        nxt = _SPACE_THEN_WORD.match(text, end, endpos)
        assert nxt is not None
        if nxt.end() >= endpos or not text[nxt.end()].isascii() or nxt.group(1).lower() in ("or", "and"):
            return _NO_PERCENT
    return a_end, unit_start, end


_NO_PERCENT = (-1, -1, -1)


@cache
def _signs() -> str:
    """The one-character currencies written before a figure ("$", "£") that begin no longer
    currency: after one of these the pattern can read only the figure."""
    keys = currencies()
    return "".join(
        sorted(
            k
            for k, (_, pos) in keys.items()
            if len(k) == 1
            and pos != "after"
            and not any(o != k and o.lower().startswith(k.lower()) for o in keys)
        )
    )


def _figure_end(
    text: str,
    start: int,
    endpos: int,
    word_end: int,
    tests: _PlainTests,
) -> tuple[int, str]:
    """``plain_figure_end`` after the test of the character before the figure."""
    _, closing, digit_openers, word_openers, words, dash_openers, connectors = tests
    if word_end < 0:
        digits = _PLAIN_DIGITS.match(text, start, endpos)
        if digits is None:
            return _NO_PLAIN
        end, openers = digits.end(), digit_openers
    else:
        word = text[start:word_end]
        if not word.isascii() or word.lower() not in words:
            return _NO_PLAIN
        end, openers = word_end, word_openers
    scale_left = word_end < 0  # digits may go on with one scale word ("5 million")
    while True:
        if end == endpos:
            return end, ""
        if not text[end : end + 5].isascii():
            return _NO_PLAIN  # a digit of another script could continue the figure ("1,23٣")
        char = text[end]
        if char in closing:
            return end, ""
        if char == "-":  # "24-year-old", "three-day": a word after the hyphen that opens nothing
            dash_word = _DASH_THEN_WORD.match(text, end, endpos)
            if dash_word is None or dash_word.end() >= endpos or not text[dash_word.end()].isascii():
                return _NO_PLAIN
            return _NO_PLAIN if dash_word.group(1).lower() in dash_openers else (end, "")
        if char.isalpha() and word_end < 0:
            # letters on the digits ("1990s", "40th", "5G"): the pattern reads on only into a
            # scale, unit or currency written on them ("5m", "5km") or "to"/"or" ("5to6"), each
            # of which ends where its letters do; else it reads the digits alone
            letters = _LETTERS.match(text, end, endpos)
            assert letters is not None
            low = letters.group().lower()
            if letters.end() >= endpos or not text[letters.end()].isascii():
                return _NO_PLAIN
            return _NO_PLAIN if low in openers or low.startswith(_RANGE_OPENERS) else (end, "")
        if char not in _ASCII_SPACE:
            return _NO_PLAIN
        space_word = _SPACE_THEN_WORD.match(text, end, endpos)
        assert space_word is not None
        after = space_word.end()
        if after >= endpos:
            return _NO_PLAIN
        word = space_word.group(1)
        if not word:
            return (end, "") if text[after] in closing else _NO_PLAIN
        if not text[after].isascii():
            return _NO_PLAIN
        low = word.lower()
        if scale_left and low in _scale_words() and not (text[after].isdigit() or text[after] == "_"):
            scale_left, end = False, after  # the scale word ends where no word character follows
            continue
        if low in connectors:
            return _joined_end(text, after, endpos, connectors[low], end, low)
        return _NO_PLAIN if low in openers or low.startswith(_RANGE_OPENERS) else (end, low)


def _joined_end(
    text: str, after: int, endpos: int, then: frozenset[str], end: int, low: str
) -> tuple[int, str]:
    """``_figure_end`` for a figure ending at ``end`` before the joining word ``low`` (ending
    at ``after``): the figure ends there when white space and a word of ASCII letters that is
    none of ``then`` follow the joining word."""
    nxt = _SPACE_THEN_WORD.match(text, after, endpos)
    if nxt is None or not nxt.group(1) or nxt.end() >= endpos or not text[nxt.end()].isascii():
        return _NO_PLAIN
    return _NO_PLAIN if nxt.group(1).lower() in then else (end, low)


def no_figure_after(text: str, start: int, word_end: int, endpos: int) -> bool:
    """For a candidate word that starts a figure only before certain words ("between 5 and 6",
    "half a million", "a quarter of a million"): whether the word after it (ASCII letters
    after white space) is none of them, so that the mention pattern cannot match there."""
    needs = _next_words().get(text[start:word_end].lower())
    if needs is None:
        return False
    nxt = _SPACE_THEN_WORD.match(text, word_end, endpos)
    if nxt is None or not nxt.group(1) or nxt.end() >= endpos or not text[nxt.end()].isascii():
        return False
    return nxt.group(1).lower() not in needs


@cache
def _next_words() -> dict[str, frozenset[str]]:
    """Candidate words that are no figure on their own, with the words that may follow them
    in a mention: "between" a figure (what may follow a hyphen in a range: a number word, a
    currency's first letters, ...), "half" and "quarter" "a" or "of"."""
    return {"between": _plain_tests()[5], "half": frozenset({"a", "of"}), "quarter": frozenset({"a", "of"})}


@cache
def _scale_words() -> frozenset[str]:
    """The scale words the mention pattern reads after digits ("million"; ``pieces()``)."""
    return frozenset(s for s in scales() if s.isalpha() and len(s) > 3)


@cache
def qualifier_before() -> regex.Pattern[str]:
    """A qualifier ending right before a figure (searched in a short window ending there)."""
    alt = lexicon.alternation(list(qualifiers()))
    return compiled.compile(rf"(?<![\w])(?P<q>{alt})\s*+\Z", regex.IGNORECASE | regex.REVERSE)


# A figure never starts right after one of these: a word character, a decimal point or
# separator, a degree or minute mark, an apostrophe, a slash, a colon, "#", "@" or a dash.
_NOT_BEFORE = r"[\w.,°′″'’/:#@\-]"
# A character outside this ASCII class may stand before a figure; the class is a quicker first
# test than ``_NOT_BEFORE`` itself (no Unicode category to look up), which is tested next, in
# ``candidates``, on the few matches that begin with a character outside ASCII.
_MAY_BE_BEFORE = r"[^a-z0-9_.,'/:#@\-]"
_NOT_BEFORE_CHAR = re.compile(_NOT_BEFORE)


@cache
def candidate_pattern() -> re.Pattern[str]:
    """Where a mention can start: a digit, a currency sign or code, a number word, the first
    word of a vague amount, "between", or "a" before a scale ("a dozen", "a few"). Scanning for
    these first keeps the full mention pattern off the great majority of positions; the
    standard library engine runs this prefix-factored scan several times faster than regex.

    Each match begins with the character before the candidate, one that may stand there: a
    pattern that begins with a character class lets the engine skip in C every position whose
    character is not in it (within words, most of the text), where a lookbehind would be tried
    at each. ``candidates`` puts a space before the text so a candidate at its start has one.
    The class lets through every character outside ASCII; ``candidates`` refuses those of
    ``_NOT_BEFORE`` ("é5", "’5") itself, on the matches alone, which costs far less than a
    lookbehind tried at every space.
    Codes and words share one prefix tree whose branches each begin with a letter, which the
    engine compares before it enters a branch.

    The scan runs on the lower-cased text (see ``candidates``), case-blind matching being the
    slow part of it. Currency codes are written in capitals, so the scan proposes a lower-case
    "usd 5" as well; the mention pattern then refuses it, and because the code is only looked
    ahead of, the scan still proposes the "5" after it."""
    first_words = {w for w in number_words() if w != "a"}
    first_words |= {phrase.split()[0] for phrase in vague() if not phrase.startswith("a ")}
    first_words |= {"between", "half", "quarter"}
    a_next = {"hundred", "thousand", "million", "billion", "trillion", "dozen", "quarter", "half", "third"}
    a_next |= {phrase.split()[1] for phrase in vague() if phrase.startswith("a ")}
    before = {k for k, (_, pos) in currencies().items() if pos in ("before", "both")}
    symbols = "".join(sorted(k for k in before if len(k) == 1))
    codes = _scan_codes()
    # codes and words in one prefix tree, each with its own ending: a code only before a
    # figure, a word at a word boundary, "a" before a scale ("a dozen") or a vague word
    tails = dict.fromkeys(codes, r"(?=\s?\d)") | dict.fromkeys(first_words, r"\b")
    tails["a"] = rf"\s+(?:{lexicon.trie_alternation(a_next)})\b"
    trie = lexicon.tailed_trie(tails)
    # the tree's first letters as branches of the outer alternation itself, not of a group
    # within it: the engine turns a branch away on its first character before entering it,
    # but enters a group of branches to try them (at every position the scan stops on)
    assert trie.startswith("(?:")
    assert trie.endswith(")")
    return compiled.std_compile(rf"{_MAY_BE_BEFORE}(?:\d|[{re.escape(symbols)}]\s?\d|{trie[3:-1]})")


@cache
def _scan_codes() -> frozenset[str]:
    """The currency codes the candidate scan reads (lower case): those written before a
    figure in their own case ("USD", "US$"); the symbols are read apart."""
    exact_cur = _exact_keys("numbers_currencies.tsv", 3)
    before = {k for k, (_, pos) in currencies().items() if pos in ("before", "both")}
    return frozenset(k.lower() for k in before if len(k) > 1 and k in exact_cur)


def candidates(text: str) -> Iterator[tuple[int, int]]:
    """Where a figure may start in ``text``, with the end of the number word that starts it
    (-1 for a digit or a currency): the scan runs over the lower-cased text when lower-casing
    keeps every offset, else case-blind over the text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        padded, pattern = " " + lowered, candidate_pattern()
    else:
        padded, pattern = " " + text, _candidate_pattern_any_case()
        lowered = ""
    codes = _scan_codes()
    # offsets in ``padded`` are one more than in ``text``: a match's start (the character
    # before the candidate) is the candidate's own offset in the text
    resume: int | None = 0
    while resume is not None:
        matches, resume = pattern.finditer(padded, resume), None
        for m in matches:
            start, end = m.span()
            if not padded[start].isascii() and _NOT_BEFORE_CHAR.match(padded, start):
                # no figure starts after this character: the scan goes on from the next one,
                # as if the match had failed there
                resume = start + 1
                break
            # a word starts with a letter; of what starts with one, only codes are no word
            if padded[start + 1].isalpha():
                word = padded[start + 1 : end]
                yield start, end - 1 if (word if lowered else word.lower()) not in codes else -1
            else:
                yield start, -1
            if padded[end - 1] == "$" and padded[end : end + 1].isdecimal():
                # "US$5": the code ends on a character a figure may follow, and the match took it
                yield end - 1, -1


@cache
def _candidate_pattern_any_case() -> re.Pattern[str]:
    return compiled.std_compile(candidate_pattern().pattern, re.IGNORECASE)


@cache
def lead_pattern() -> regex.Pattern[str]:
    """A noun that names what a figure counts standing before it ("a population of", "the
    death toll stood at", "casualties numbered", "Fatalities: 5"), searched in reverse in a window ending at
    the figure. Group ``np`` is the noun phrase."""
    rows = lexicon.table("numbers_lead_nouns.tsv")
    of_nouns = [p for p, link in rows if link == "of"]
    verb_nouns = [p for p, link in rows if link == "verb"]
    links = lexicon.alternation(list(lexicon.ordered_words("numbers_lead_links.txt")))
    gap = r"[^\S\n]++"
    return compiled.compile(
        rf"(?<![\w])(?P<np>(?:number{gap}of{gap})?(?:{lexicon.alternation(verb_nouns)}))"
        rf"(?:{gap}(?:(?:has|had|have){gap})?(?:{links}){gap}|[^\S\n]*+:[^\S\n]*+)\Z"
        rf"|(?<![\w])(?P<np>{lexicon.alternation(of_nouns)}){gap}of{gap}\Z",
        regex.IGNORECASE | regex.REVERSE,
    )


@cache
def lead_endings() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words ``lead_pattern`` can end on, for a cheap test before it."""
    return _last_words([*lexicon.ordered_words("numbers_lead_links.txt"), "of"])


_AFTER_MODS = (
    "more", "long", "straight", "consecutive", "full", "whole", "additional", "other", "further", "odd",
    "hard", "bloody",
)  # fmt: skip


@cache
def after_leads() -> frozenset[str]:
    """The words (lower case, ASCII letters) a match of ``after_pattern`` can begin with after
    white space, for a cheap test before it: ages, months, clock times, time units."""
    words = {"year", "month", "week", "day", "years", "months", "weeks", "days", "of"}
    words |= {"a", "am", "p", "pm", "gmt", "utc", "hrs", "local"}
    return frozenset(words | set(lexicon.months()) | set(time_units()) | set(_AFTER_MODS))


@cache
def after_pattern() -> regex.Pattern[str]:
    """What may follow a figure and make it something else, in one pass: an age ("-year-old"),
    a month ("5 November"), a clock time ("10 a.m.", ":30"), a time unit ("24 hours", "a
    nine-year war") or a hyphenated word ("one-sided"). The group that matched says which."""
    months = trie_alternation([m.capitalize() for m in lexicon.months()])
    units = trie_alternation(list(time_units()))
    mods = rf"(?:(?:{'|'.join(_AFTER_MODS)})\s+)?"
    dash = r"(?:[^\S\n]*+[-‐][^\S\n]*+|[^\S\n]++)"
    return compiled.compile(
        rf"(?P<age>{dash}(?P<u>year|month|week|day)s?{dash}old\b)"
        rf"|(?P<month>(?:st|nd|rd|th)?\.?\s*+(?:of\s+)?(?-i:{months})\b)"
        r"|(?P<time>[^\S\n]*+(?:a\.?m\.?|p\.?m\.?)(?![\w])|:\d\d|[^\S\n]*+(?:GMT|UTC|hrs|local[^\S\n]+time)\b)"
        rf"|(?P<tunit>(?:\s++|\s*+-\s*+){mods}(?:{units})\b)"
        r"|(?P<hyphen>[-‐]\p{L})",
        regex.IGNORECASE,
    )


@cache
def ascii_after_pattern() -> re.Pattern[str]:
    """``after_pattern`` for the standard library's engine, which runs it faster, to be used
    where the text it reads is ASCII: there, with ASCII classes and case folding, both engines
    match alike (a letter is ``[^\\W\\d_]``)."""
    source = after_pattern().pattern
    assert source.count("\\p{") == 1
    return compiled.std_compile(source.replace(r"\p{L}", r"[^\W\d_]"), re.IGNORECASE | re.ASCII)


@cache
def before_pattern() -> regex.Pattern[str]:
    """What may stand right before a figure and make it part of a date or a name, in one
    reverse search: a month ("December 24"), an identifier word ("Resolution 2254", "No. 2"),
    a list after one ("Resolutions 2254 and 2118"), an acronym in brackets ("(CTF) 50"), "#"."""
    months = lexicon.suffix_alternation(sorted(m.capitalize() for m in lexicon.months()))
    ids = lexicon.suffix_alternation(sorted(id_words()))
    return compiled.compile(
        rf"(?:(?P<month>(?<![\w])(?-i:{months})\.?,?\s*+(?:the\s+)?)"
        rf"|(?P<id>(?<![\w])(?:{ids})\.?[^\S\n]*+[#№]?[^\S\n]*+)"
        rf"|(?P<listed>(?<![\w])(?:{ids})[^\S\n]+\d[\d,]*(?:[^\S\n]*,[^\S\n]*\d[\d,]*){{0,8}}"
        r"[^\S\n]*(?:,|and|&|or)[^\S\n]*)"
        r"|(?P<acronym>\(\p{Lu}{2,6}\)[^\S\n]*)"
        r"|(?P<hash>[#№][^\S\n]*))\Z",
        regex.IGNORECASE | regex.REVERSE,
    )
