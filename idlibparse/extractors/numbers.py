"""Numbers: every English way of writing a quantity, with its bounds, unit, what it counts and
what happened to what it counts.

Output (``NumberMention``): ``text``/``start``/``end`` cover the figure with its qualifier and
unit ("more than half a million", "around 600,000", "less than 10 miles", "$2m"), never the
counted noun, which is given apart in ``counted`` (a span with offsets).

- ``value``: the figure ("half a million" -> 500000, "two hundred and fifty-three" -> 253). For
  a range, its low end. For vague amounts, the conservative count conflict-event coders use
  (dozens -> 12, hundreds -> 100, tens of thousands -> 10000), null where the words give no
  count ("several", "a few", "many").
- ``low``/``high``: the bounds (null where open). exact: both equal the value; more_than and
  at_least set ``low``; less_than, at_most, up_to set ``high``; "nearly"/"almost" give
  ``approximately`` with ``high``; "about"/"around" give ``approximately`` with no bounds;
  ranges ("between 10 and 15", "3,000 to 5,000", "10-15") give both; vague amounts give the
  bounds the words allow ("hundreds": 200 to 999) while ``value`` stays conservative.
- Proportions ("one in three children", "eight out of 10") are one mention in percent (33.33,
  80) counting the noun after them.
- ``unit``: percent, percentage_points, a currency code (USD, EUR, GBP, SYP...), km, mi, m,
  km2, t, kg..., or ``years_old`` for ages ("a 12-year-old boy" is an age, not a count of boys:
  it is given with unit years_old, no counted phrase, category other). Distances, areas and
  weights carry ``normalized_value`` in km, km2 and kg.
- ``category``: killed, injured, displaced, refugees, detained, missing, combatants,
  military_vehicles, aircraft, munitions, structures, people, money, distance, percent, other:
  from the counted noun, then, for people (and unlisted nouns that look like people:
  "tribesmen", "activists"), from the event word nearest the figure in its clause ("eight
  soldiers were killed" -> killed). Lists and subsets share their verb ("19 fighters and 11
  rebels were killed", "23 people, including 11 children, were killed"). Plain "vehicles" and
  "trucks" are military_vehicles only with a military cue and no aid cue nearby.
- ``source``: left null here; the pipeline fills it from the statement holding the figure.

Not numbers: years and other date and time parts, durations ("24 hours", "a nine-year war"),
frequencies ("several times"), phone numbers, street addresses, identifiers ("Resolution 2254",
"F-16", "Highway M5", "CTF 50"), ordinals, footnote marks, coordinates, "one" as a pronoun ("one
of the", "the one who"), "the two countries" where the number only refers back to parties
already named. A plain "one" is kept only when it counts a casualty, an aircraft or a military
vehicle ("one soldier was killed", "one jet bombed the market"). When no noun follows a figure, a
noun before it may name what it counts ("a population of 80,000", "the death toll stood at 30",
"casualties numbered 40"; numbers_lead_nouns.tsv).

How: a prefix-factored scan over the lower-cased text finds where a figure can start (a digit,
a currency sign, a number word); the mention pattern (``_numbers_lexicon.mention_pattern``, in a
variant for digit starts and one for word starts) reads the figure with its currency, range
partner, unit and trailing qualifier from there; short windows before and after it settle the
rest, each searched only when the word next to the figure could begin or end what it looks for.
Every pattern is bounded, so the work grows linearly with the text.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import regex

from idlibparse import compiled
from idlibparse.document import Document
from idlibparse.extractors import _numbers_counted as counted_np
from idlibparse.extractors import _numbers_lexicon as lex
from idlibparse.extractors._numbers_values import money_only_scale, value_of
from idlibparse.records import NumberMention, Span

_LONGEST = 300  # no mention is longer than this many characters
_WINDOW = 40  # characters looked at before a figure for its qualifier and context
_LEFT_EVENT = 90  # how far before a figure an event word may stand
_RIGHT_EVENT = 70  # ... and after its counted phrase

# Patterns anchored at the end of a window before a figure run in reverse: they fail at once
# instead of being tried at every position of the window.
_AGED = compiled.compile(r"(?<![\w])(?:aged|age|ages)[^\S\n]++\Z", regex.IGNORECASE | regex.REVERSE)
_HYPHEN_WORD = compiled.compile(r"[-‐][\p{L}]")
# (no possessive quantifiers here: run in reverse they would swallow the capital itself)
_CAP_BEFORE = compiled.compile(
    r"(?P<pre>.?)(?P<w>\b(?:\p{Lu}[\p{L}\d'’.\-]*))[^\S\n]+\Z", regex.DOTALL | regex.REVERSE
)
_ACRONYM = compiled.compile(r"\p{Lu}{1,6}")
_FROM_BEFORE = compiled.compile(r"(?<![\w])(?:from|by)[^\S\n]++\Z", regex.IGNORECASE | regex.REVERSE)
_DEGREE_BEFORE = compiled.compile(r"(?<![\w])(?:so|too|how|as)[^\S\n]++\Z", regex.IGNORECASE | regex.REVERSE)
_NAME_COMMA = compiled.compile(r"(?<![\w])\p{Lu}[\p{L}'’.\-]*,[^\S\n]\Z", regex.REVERSE)
_DECIMALS = compiled.compile(r"\.(\d++)")
_NEXT_WORD = compiled.compile(r"[^\S\n]++(?P<w>[\p{L}][\p{L}'’\-]*+)")
_PREV_WORD = compiled.compile(r"(?P<w>[\p{L}]++)[^\S\n]++\Z", regex.REVERSE)
_PHONE = compiled.compile(
    r"(?<![\w])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[.\-]\d{2,4}){2,4}(?![\w])"
    r"|\+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]\d{2,6}){1,4}(?![\w])"
    r"|\(\d{2,4}\)[\s.\-]?\d{3,4}[\s.\-]\d{3,4}(?![\w])"
    r"|(?<![\w.,\-])\d{3}-\d{4}(?![\w\-])"  # a local number: "463-3950"
)
_POUNDS_WEIGHT = compiled.compile(
    r"[^\S\n]++of[^\S\n]++(?!aid|funding|money|cash|assistance|support)\p{L}", regex.IGNORECASE
)
_OF_AFTER = compiled.compile(r"[^\S\n]++of\b", regex.IGNORECASE)
_TOLL = compiled.compile(
    r"(?<![\w])(?P<toll>(?:death|casualty)[^\S\n]++toll)\b[^.;:!?\n]{0,40}?[^\S\n]\Z",
    regex.IGNORECASE | regex.REVERSE,
)
_COORDINATED = compiled.compile(r"[^\S\n]*+(?:,[^\S\n]*+)?(?:(?:and|or)[^\S\n]++)?")
_INCLUDING = compiled.compile(
    r"[^\S\n]*+,?[^\S\n]*+(?:including|among[^\S\n]++them|of[^\S\n]++(?:whom|them))[^\S\n]++",
    regex.IGNORECASE,
)
_LEAD = re.compile(r"\s*+([A-Za-z]*+)")
_PHONE_HINT = re.compile(r"\+|\(\d|\d[.\-]\d")
_RATIO_SEPS = frozenset({"in", "out of"})
_NORMALIZED = frozenset({"distance", "area", "weight"})
_BEFORE_MARKS = frozenset(")#№,&")
_CONVERSION_GAP = compiled.compile(r"[^\S\n]*+\([^\S\n]*+\Z")


@dataclass(slots=True)
class _Found:
    """A figure found and valued, before its counted phrase and category are settled."""

    start: int
    end: int
    number_end: int  # where the counted phrase may begin
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None
    unit_kind: str | None = None  # percent|money|distance|area|weight|volume|speed|power|age
    normalized_value: float | None = None
    normalized_unit: str | None = None
    needs: str = "no"  # vague words needing a noun ("yes") or "of" after them ("of")
    strict_noun: bool = False  # "many", "one": only with a noun of a known category
    bare_one: bool = False  # a plain "one", kept only when it counts a casualty
    counted: Span | None = None
    category: str = "other"


def extract(doc: Document) -> list[NumberMention]:
    text = doc.text
    size = len(text)
    found: list[_Found] = []
    after_digit, after_word = lex.mention_pattern("digit"), lex.mention_pattern("word")
    narrowed = lex.word_patterns()
    no_groups: dict[str, str | None] = dict.fromkeys(after_digit.groupindex)
    resume = 0
    for start, word_end in lex.candidates(text):
        if start < resume:
            continue
        # endpos bounds the match: unbounded, the regex engine may look ahead through the
        # whole text for a literal the pattern requires.
        endpos = start + _LONGEST if start + _LONGEST < size else size
        end, lead = lex.plain_figure_end(text, start, endpos, word_end)
        if end >= 0:  # "5 people", "two soldiers": the figure alone, as the pattern would read it
            alone = _figure_alone(text, text[start:end], start, end, lead)
            if alone is not None:
                found.append(alone)
            resume = end
            continue
        if word_end < 0:  # "$300", "£ 5": a sign and plain digits, as the pattern would read them
            figure, end = lex.plain_money_end(text, start, endpos)
            if end >= 0:
                g = {**no_groups, "cur_a": text[start:figure], "a": text[figure:end]}
                found.extend(_resolve(text, None, g, start, end) or ())
                resume = end
                continue
            a_end, unit_start, end = lex.plain_percent_end(text, start, endpos)
            if end >= 0:  # "5%", "40 percent"
                g = {**no_groups, "a": text[start:a_end], "unit": text[unit_start:end]}
                found.extend(_resolve(text, None, g, start, end) or ())
                resume = end
                continue
        # A candidate starts on a word ("five", "a dozen") or on a digit or a currency ("5",
        # "$5", "USD 5").
        if word_end >= 0 and lex.no_figure_after(text, start, word_end, endpos):
            resume = start + 1  # "between the lines", "half the town": as no match
            continue
        if word_end < 0:
            mention = after_digit
        else:
            narrow = narrowed.get(text[start:word_end].lower(), "word")
            if narrow is None:
                continue  # "million" alone: no branch of the pattern begins with it
            mention = after_word if narrow == "word" else lex.mention_pattern(narrow)
        m = mention.match(text, start, endpos)
        if m and m.end() == m.end("a") and m.start("a") == start:  # the figure alone again
            alone = _figure_alone(text, m.group("a"), start, m.end(), None)
            if alone is not None:
                found.append(alone)
            resume = m.end()
        elif m:
            here = _resolve(text, m, _groups(m), start, m.end())
            if here is None:  # "12 in 10 days": no proportion, the first figure alone
                m = mention.match(text, start, m.end("a"))
                here = _resolve(text, m, _groups(m), start, m.end()) if m else []
            found.extend(here or ())
            resume = m.end() if m else start + 1
    found = [f for f in (_with_counted(text, f) for f in found) if f is not None]
    _inherit_conversions(text, found)
    starts = [f.start for f in found]
    mentions: list[NumberMention] = []
    for i, f in enumerate(found):
        category = _category(doc, f, found, i, starts)
        previous = mentions[-1] if mentions and i and mentions[-1].start == found[i - 1].start else None
        if previous and category in counted_np.PERSON_CATEGORIES and _subset_of(text, found[i - 1], f):
            category = previous.category  # "wounded 23 people, including six children"
        if f.bare_one and category not in _ONE_KEPT:
            continue  # "one child who visits", "in one case": a single thing, rarely a figure
        # (fields in their order, the source left unset: keyword arguments cost a frozen
        # dataclass markedly more)
        mentions.append(
            NumberMention(
                text[f.start : f.end],
                f.start,
                f.end,
                doc.section_at(f.start),
                f.value,
                f.low,
                f.high,
                f.qualifier,
                f.unit,
                f.counted,
                category,
                None,
                f.normalized_value,
                f.normalized_unit,
            )
        )
    return mentions


# --- finding and valuing -------------------------------------------------------------------


def _groups(m: regex.Match[str]) -> dict[str, str | None]:
    return dict(zip(_group_names(m.re), m.groups(), strict=True))  # reading groups by name is slow


def _resolve(
    text: str, m: regex.Match[str] | None, g: dict[str, str | None], start: int, end: int
) -> list[_Found] | None:
    """The figures a mention match (its groups ``g``, its span) holds (none if it is no
    quantity), or None when it read a proportion ("one in three") that is none, to be read
    again without it. ``m`` is None for a sign and plain digits, or plain digits and a percent
    sign or word, read without the pattern."""
    if g["vague"]:
        assert m is not None
        return _vague(text, m)
    a, b = g["a"] or "", g["b"]
    if g["sep"] is not None and lex.norm(g["sep"]) in _RATIO_SEPS:
        return _ratio(text, g, start, end)
    number_end = end
    unit_kind: str | None = None
    unit: str | None = None
    next_char = text[end : end + 1]
    if next_char.isalnum():
        return []  # "5th", "10x", "3G": part of a word, whatever else holds
    after = _after(text, end, None)
    after_kind = after.lastgroup if after else None
    cues = _cues_before(_word_before(text, start))
    if after and after_kind == "age" and not g["unit"] and not b:
        end = number_end = after.end()
        unit, unit_kind = f"{after.group('u').lower()}s_old", "age"
    elif (cues & _AGE and _AGED.search(text, max(0, start - 12), start)) or (
        next_char == "," and not (g["b"] or g["unit"] or g["cur_a"]) and _appositive_age(text, a, start)
    ):
        unit, unit_kind = "years_old", "age"
    if b is not None and _day_then_figure(text, start, cues, b):
        return None  # "since Dec. 5 to 922": a day, then a figure of its own
    bare_one = a.lower() == "one" and not g["unit"] and not b and unit_kind is None
    if bare_one and _one_is_pronoun(text, *(m.span("a") if m else (start, end))):
        return []  # checked first: cheap, and it settles most "one"s
    if _not_a_quantity(text, g, start, end, unit_kind, after_kind, cues):
        return []
    a_val = value_of(a)
    if a_val is None:
        return []
    b_val = value_of(b) if b else None
    if b and b_val is not None:
        a_val = _shared_scale(a, a_val, b)
    currency = _currency(g) if g["cur_a"] or g["cur_b"] or g["unit"] else None
    # (with no currency, unit or scale letter "m"/"b" there is no unit to read)
    if unit_kind is None and (currency or g["unit"] or (b or a)[-1:] in "mbMB"):
        unit, unit_kind, a_val, b_val = _unit(text, b or a, g["unit"], end, currency, a_val, b_val)
        if unit_kind == "skip":
            return []
    if b is not None:
        assert m is not None
        return _range(text, m, a_val, b_val, unit, unit_kind)
    qualifier, low, high, start = _qualifier(text, start, a_val, cues)
    if g["suffix"]:
        qualifier, low, high = _suffix(g["suffix"], qualifier, low, high, a_val)
    found = _figure(a, start, end, number_end, a_val, low, high, qualifier, unit, unit_kind, bare_one)
    return [found]


def _figure_alone(text: str, a: str, start: int, end: int, lead: str | None) -> _Found | None:
    """What ``_resolve`` makes of a match that read the figure ``a`` and nothing else (no
    currency, range, unit or suffix), in the same order of tests, each settled as early and as
    cheaply as it can be. ``lead`` is the lower-cased word after the white space following the
    figure when the plain-figure test read it, None when unknown."""
    # Part of a word, a measure, a footnote, a fraction or a clock time, whatever else holds
    # (the test ``_not_a_quantity`` makes on the character after the figure; only an age, which
    # starts with a space or a dash, could move the end it looks at).
    if _ends_badly(text, start, end):
        return None
    next_char = text[end : end + 1]
    cues = _cues_before(_word_before(text, start))
    if (
        next_char in _DASHES
        and text[end + 1 : end + 2].isalpha()
        and not cues & _AGE
        and not text[end + 1 : end + 6].lower().startswith(_AGE_UNITS)
    ):
        # "three-day", "one-sided": the after pattern reads a time unit or a hyphenated word
        # (its last branch matches a dash before any letter), never an age, and no age cue
        # stands before: whatever else holds, the figure is none
        return None
    after = _after(text, end, lead)
    after_kind = after.lastgroup if after else None
    number_end = end
    unit: str | None = None
    unit_kind: str | None = None
    if after is not None and after_kind == "age":
        end = number_end = after.end()
        unit, unit_kind = f"{after.group('u').lower()}s_old", "age"
        if _ends_badly(text, start, end):
            return None
    elif (cues & _AGE and _AGED.search(text, max(0, start - 12), start)) or (
        next_char == "," and _appositive_age(text, a, start)
    ):
        unit, unit_kind = "years_old", "age"
    bare_one = unit_kind is None and a.lower() == "one"
    if bare_one and _one_is_pronoun(text, start, end):
        return None
    if unit_kind != "age" and (after_kind is not None or _named_or_coded(text, a, start, end, cues)):
        return None
    a_val = value_of(a)
    if a_val is None:
        return None
    if unit_kind is None and a[-1:] in "mbMB":
        unit, unit_kind, a_val, _ = _unit(text, a, None, end, None, a_val, None)
        if unit_kind == "skip":
            return None
    qualifier, low, high, start = _qualifier(text, start, a_val, cues)
    return _figure(a, start, end, number_end, a_val, low, high, qualifier, unit, unit_kind, bare_one)


def _figure(
    a: str,
    start: int,
    end: int,
    number_end: int,
    a_val: float,
    low: float | None,
    high: float | None,
    qualifier: str,
    unit: str | None,
    unit_kind: str | None,
    bare_one: bool,
) -> _Found:
    """The mention of one figure ``a`` read with its qualifier and unit: a bare "one" or a year
    must be followed by what it counts; distances, areas and weights are normalized."""
    found = _Found(start, end, number_end, a_val, low, high, qualifier, unit, unit_kind)
    if bare_one and not unit_kind:
        found.needs, found.strict_noun, found.bare_one = "yes", qualifier == "exact", qualifier == "exact"
    if not unit_kind and _is_year(a, a_val) and qualifier == "exact":
        found.needs, found.strict_noun = "yes", True
    if unit_kind in _NORMALIZED:
        _normalize(found)
    return found


@functools.cache
def _group_names(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """The group names of a mention pattern in group order (a repeated name is one group)."""
    return tuple(sorted(pattern.groupindex, key=lambda name: pattern.groupindex[name]))


def _ratio(text: str, g: dict[str, str | None], start: int, end: int) -> list[_Found] | None:
    """ "one in three children", "eight out of 10": a proportion, given in percent; None if the
    figures make none ("killed 12 in 10 days")."""
    a_val, b_val = value_of(g["a"] or ""), value_of(g["b"] or "")
    if a_val is None or b_val is None or not 1 <= a_val < b_val or g["cur_a"] or g["unit"] or g["suffix"]:
        return None
    next_char = text[end : end + 1]
    if next_char.isalnum():
        return None
    value = round(100 * a_val / b_val, 2)
    qualifier, low, high, start = _qualifier(text, start, value, _cues_before(_word_before(text, start)))
    return [_Found(start, end, end, value, low, high, qualifier, "percent", "ratio")]


def _appositive_age(text: str, a: str, start: int) -> bool:
    """ "Bryan Harman, 28, died": a bare figure ``a`` (with nothing else read, followed by a
    comma) between commas right after a name is an age."""
    if start < 2 or text[start - 2] != "," or not a.isdigit() or int(a) > 120:
        return False  # (the name pattern ends with a comma and a space)
    return bool(_NAME_COMMA.search(text, max(0, start - 40), start))


def _not_a_quantity(
    text: str,
    g: dict[str, str | None],
    start: int,
    end: int,
    unit_kind: str | None,
    after_kind: str | None,
    cues: int,
) -> bool:
    """Dates and times, durations, identifiers, ordinals, footnotes, coordinates, phones."""
    if _ends_badly(text, start, end):
        return True
    if unit_kind == "age":
        return False
    if after_kind == "month":
        return True  # "24 December"
    plain = not g["unit"] and not g["cur_a"]
    if plain and after_kind in ("age", "time", "tunit", "hyphen"):
        return True  # "10-12 years old", "10 a.m.", "24 hours", "a nine-year war", "one-sided"
    if after_kind == "hyphen" and not g["unit"]:
        return True
    return _named_or_coded(text, g["a"] or "", start, end, cues)


def _ends_badly(text: str, start: int, end: int) -> bool:
    """The character after a figure makes it part of a word, a measure ("5°", "5%"), a
    footnote ("[5]"), a fraction or a clock time ("24/7", "10:30"); so does the end of the
    text."""
    after = text[end : end + 1]
    if after.isalnum() or after in "°′″º%" or (after == "]" and text[start - 1 : start] == "["):
        return True
    return after in "/:" and text[end + 1 : end + 2].isdigit()


def _named_or_coded(text: str, a: str, start: int, end: int, cues: int) -> bool:
    """A figure ``a`` that is a day of a month or part of a name ("December 24", "Resolution
    2254", "CTF 50"), of a phone number, or a coordinate."""
    window_start = max(0, start - _WINDOW)
    if cues & (_NAMED | _JOIN):
        named = _named_before(text, start, cues)
        # "December 24", "Resolution 2254", "No. 2", "(CTF) 50"; but "In January, 1,227
        # trucks": a figure with a thousands separator is no day of a month
        if named and not (named.lastgroup == "month" and "," in a):
            return True
    if cues & _CAPITAL and _identifier_before(text, text[window_start:start], start, end):
        return True
    if a[:1].isdigit() and _in_phone_number(text, start, end):
        return True
    if "." not in a:
        return False
    fraction = _DECIMALS.search(a)
    return bool(fraction and len(fraction.group(1)) >= 4)  # coordinates, not counts


def _day_then_figure(text: str, start: int, cues: int, b: str) -> bool:
    """A range after a month whose second figure can be no day of it."""
    if not cues & (_NAMED | _JOIN):
        return False
    named = _named_before(text, start, cues)
    return bool(named and named.lastgroup == "month" and (value_of(b) or 0) > 31)


def _after(text: str, end: int, lead: str | None) -> re.Match[str] | regex.Match[str] | None:
    """The after pattern's match at ``end`` (right after a figure or a vague amount), tried only
    where it can begin: on a dash, on white space before a word it can start with (``lead``,
    that word lower-cased when known) or a dash, on a dot before a month ("5. January") or on a
    colon before a digit; on anything else it cannot (a letter or a digit, which the callers
    rule out first, would begin an ordinal suffix or a month only as part of the word)."""
    char = text[end : end + 1]
    if char in _DASHES:
        pass
    elif char == ".":
        if not _may_start_after(text, end + 1):
            return None
    elif char == ":":
        if not text[end + 1 : end + 2].isdigit():
            return None
    elif not char.isspace() or not (
        lead in lex.after_leads() if lead is not None else _may_start_after(text, end)
    ):
        return None
    if text[end : end + 40].isascii():
        return lex.ascii_after_pattern().match(text, end, end + 40)
    return lex.after_pattern().match(text, end, end + 40)


def _may_start_after(text: str, end: int) -> bool:
    """After white space, whether the after pattern can match: the next word is one it can
    begin with, or a dash comes next ("5 - year - old")."""
    lead = _LEAD.match(text, end, end + 40)
    if lead is None:
        return False
    word = lead.group(1)
    return word.lower() in lex.after_leads() if word else text[lead.end() : lead.end() + 1] in ("-", "‐")


def _word_before(text: str, start: int) -> str:
    """The last whitespace-separated token of the window before a figure ("" if none): the
    patterns that read that window all end on it, so cheap tests on it spare most searches."""
    tail = text[max(0, start - _WINDOW) : start].rstrip()
    return tail.rsplit(None, 1)[-1] if tail else ""


# Which of the patterns read before a figure can end on the word before it (bits of
# ``_cues_before``): a qualifier, a date or a name, a capitalized name, a noun leading to it,
# "aged"; a date or a name only if what stands before the joining word allows ("the", "and").
_QUALIFIER, _NAMED, _CAPITAL, _LEAD_NOUN, _AGE, _JOIN = 1, 2, 4, 8, 16, 32
_AGE_WORDS = ("age", "aged", "ages")
_AGE_UNITS = ("year", "month", "week", "day")  # the units of the after pattern's age branch
_DASHES = ("-", "‐")  # the dashes the after pattern reads


@functools.lru_cache(maxsize=4096)
def _cues_before(word: str) -> int:
    """The patterns that can end on ``word`` (the words before figures repeat: cached)."""
    return (
        (_QUALIFIER if _may_end_qualifier(word) else 0)
        | ((_JOIN if word.lower() in lex.join_words() else _NAMED) if _may_end_name_or_date(word) else 0)
        | (_CAPITAL if _may_end_capital(word) else 0)
        | (_LEAD_NOUN if _may_end_with(word, lex.lead_endings()) or word[-1:] == ":" else 0)
        | (_AGE if word.lower().endswith(_AGE_WORDS) else 0)
    )


def _named_before(text: str, start: int, cues: int) -> regex.Match[str] | None:
    """``before_pattern``'s match ending at a figure (at ``start``) whose preceding word can
    end it (``cues``): with a joining word, only where what stands before the word allows."""
    if not cues & _NAMED and not _join_may_end_name(text, start):
        return None
    return lex.before_pattern().search(text, max(0, start - _WINDOW), start)


def _join_may_end_name(text: str, start: int) -> bool:
    """Whether the pattern can end on the joining word before a figure: "the" only after a
    month ("March the 5"), "and" and "or" only after a listed figure or a comma ("Resolutions
    2254 and 2118"). A necessary test, not a sufficient one."""
    head = text[max(0, start - _WINDOW) : start].rsplit(None, 1)
    if len(head) < 2:
        return False  # (the pattern reads nothing before the window)
    before, word = head
    if word.lower() == "the":
        return before.rstrip(".,").endswith(lex.month_forms())
    return before[-1:].isdigit() or before.endswith(",")


def _may_end_with(word: str, endings: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    """Whether a phrase ending in one of ``endings`` (whole words) can end on ``word``; a word
    of letters only must be one of them, any other must end with one."""
    core = word.rstrip(".,#№").lower()
    return core in endings[0] if core.isalpha() else core.endswith(endings[1])


def _may_end_qualifier(word: str) -> bool:
    return _may_end_with(word, lex.qualifier_endings())


def _may_end_name_or_date(word: str) -> bool:
    if word[-1:] == ",":  # only after a month ("May, 5") or in a list of figures ("2254, 2118")
        return word[-2:-1] in ("", ",") or word[-2].isdigit() or _may_end_with(word, lex.before_endings())
    return word[-1:] in _BEFORE_MARKS or _may_end_with(word, lex.before_endings())


def _may_end_capital(word: str) -> bool:
    """Whether a capitalized word can end right before the figure: for a word of letters
    only, its first letter is a capital; any other must hold a capital somewhere."""
    return word[:1].isupper() if word.isalpha() else not word.islower()


def _identifier_before(text: str, window: str, start: int, end: int) -> bool:
    """A capitalized name right before the figure: "CTF 50", "Exercise Eager Lion 16"."""
    cap = _CAP_BEFORE.search(window)
    if not cap:
        return False
    word = cap.group("w")
    if word.endswith(("'s", "’s", "s'", "s’")):
        return False  # "Syria's 14 provinces": a possessive, not a name with a number
    low = word.lower().rstrip(".")
    if low in lex.np_stop() or low in lex.qualifiers() or low in lex.vague() or low in lex.events():
        return False
    if low in lex.currencies() or word in lex.currencies():
        return False
    if _ACRONYM.fullmatch(word):
        return True  # "CTF 50", "DDG 70", "L 12"
    sentence_start = (cap.start("w") == 0 and (start - len(window) == 0)) or cap.group("pre") in (
        "",
        "\n",
        '"',
        "“",
    )
    if cap.group("pre") == " ":
        before = text[: start - len(window) + cap.start("pre")].rstrip()
        sentence_start = not before or before[-1] in '.!?:;"“”(—–-'
    if sentence_start:
        return False
    nxt = _NEXT_WORD.match(text, end, end + 60)
    # In a title-case headline every word is capitalized; there a capital proves nothing.
    return not (nxt and nxt.group("w")[:1].isupper())


def _in_phone_number(text: str, start: int, end: int) -> bool:
    lo, hi = max(0, start - 20), min(len(text), end + 20)
    window = text[lo:hi]
    # every phone pattern needs a "+", a "(" before a digit or digits joined by "." or "-":
    # first whether any of those characters is there at all, then the hint pattern
    if "+" not in window and "(" not in window and "." not in window and "-" not in window:
        return False
    if not _PHONE_HINT.search(text, lo, hi):
        return False
    return any(p.start() <= start and end <= p.end() for p in _PHONE.finditer(text, lo, hi))


def _is_year(phrase: str, value: float) -> bool:
    return phrase.isdigit() and len(phrase) == 4 and 1800 <= value <= 2100


def _one_is_pronoun(text: str, start: int, end: int) -> bool:
    before, after = lex.one_not()
    prev = _PREV_WORD.search(text, max(0, start - 20), start)
    if prev and prev.group("w").lower() in before:
        return True
    nxt = _NEXT_WORD.match(text, end, end + 60)
    return not nxt or nxt.group("w").lower() in after


def _shared_scale(a: str, a_val: float, b: str) -> float:
    """ "3 to 5 million": the scale written once belongs to both ends."""
    a_tokens = lex.norm(a).split()
    b_tokens = lex.norm(b).replace("-", " ").split()
    if (
        len(a_tokens) == 1
        and len(b_tokens) >= 2
        and b_tokens[-1] in lex.scales()
        and a_tokens[0] not in lex.scales()
    ):
        scale_value, money_only = lex.scales()[b_tokens[-1]]
        if not money_only and b_tokens[-1] not in ("hundred", "dozen"):
            return a_val * scale_value
    return a_val


def _currency(g: dict[str, str | None]) -> str | None:
    for group in ("cur_a", "cur_b", "unit"):
        surface = g[group]
        if surface:
            entry = lex.currencies().get(surface.strip()) or lex.currencies().get(lex.norm(surface))
            if entry:
                return entry[0]
    return None


def _unit(
    text: str,
    last: str,
    surface: str | None,
    end: int,
    currency: str | None,
    a_val: float,
    b_val: float | None,
) -> tuple[str | None, str | None, float, float | None]:
    """The unit (written ``surface``) and its kind; "50m" without a currency is metres unless
    a noun follows. ``last`` is the last figure read, which may end with a scale letter."""
    scale = money_only_scale(last)
    if currency and surface and lex.norm(surface) == "pounds" and _POUNDS_WEIGHT.match(text, end, end + 40):
        return "lb", "weight", a_val, b_val
    if currency:
        return currency, "money", a_val, b_val
    unit = (lex.units().get(surface) or lex.units().get(lex.norm(surface))) if surface else None
    if unit:  # "1.5m tonnes": the letter was the scale
        return unit.code, unit.kind, a_val, b_val
    if scale:
        nxt = _NEXT_WORD.match(text, end, end + 60)
        if scale == "m" and not (nxt and _counts_things(nxt.group("w"))):
            return "m", "distance", a_val / 1e6, b_val / 1e6 if b_val is not None else None
        if scale == "b" and not nxt:
            return None, "skip", a_val, b_val
    return None, None, a_val, b_val


def _counts_things(word: str) -> bool:
    """A word after "1.2m" that makes the "m" a million: a listed noun or a plain plural
    ("1.2m doses"), not a measure's context ("50m apart", "5m high")."""
    low = word.lower()
    return low in lex.nouns() or (
        word.islower() and len(low) > 3 and low.endswith("s") and low not in lex.np_stop()
    )


def _normalize(found: _Found) -> None:
    if found.unit_kind in ("distance", "area", "weight") and found.value is not None:
        unit = lex.convertible_units().get(found.unit or "")
        if unit and unit.factor is not None:
            found.normalized_value = round(found.value * unit.factor, 6)
            found.normalized_unit = unit.normalized


def _range(
    text: str, m: regex.Match[str], a_val: float, b_val: float | None, unit: str | None, unit_kind: str | None
) -> list[_Found]:
    """ "between 10 and 15", "3,000 to 5,000", "10-15 km"; a dash between a larger and a
    smaller figure is a score, a year span or a phone number, not a range."""
    sep = m.group("sep")
    a, b = m.group("a"), m.group("b")
    if _is_year(a, a_val) or (b_val is not None and _is_year(b, b_val)):
        return []
    if b_val is None or b_val <= a_val:
        if sep in ("-", "–", "—"):
            return []
        return _split(m, a_val, b_val, unit, unit_kind)
    window = text[max(0, m.start() - _WINDOW) : m.start()]
    if _FROM_BEFORE.search(window):
        return _split(m, a_val, b_val, unit, unit_kind)  # "rose from 10 to 20", "by 5 to 7": two figures
    found = _Found(m.start(), m.end(), m.end(), a_val, a_val, b_val, "range", unit, unit_kind)
    _normalize(found)
    return [found]


def _split(
    m: regex.Match[str], a_val: float, b_val: float | None, unit: str | None, unit_kind: str | None
) -> list[_Found]:
    first = _Found(m.start(), m.end("a"), m.end("a"), a_val, a_val, a_val, "exact", unit, unit_kind)
    _normalize(first)
    if b_val is None:
        return [first]
    start_b = m.start("cur_b") if m.group("cur_b") else m.start("b")
    second = _Found(start_b, m.end(), m.end(), b_val, b_val, b_val, "exact", unit, unit_kind)
    _normalize(second)
    return [first, second]


def _qualifier(text: str, start: int, value: float, cues: int) -> tuple[str, float | None, float | None, int]:
    if not cues & _QUALIFIER:
        return "exact", value, value, start
    q = lex.qualifier_before().search(text, max(0, start - _WINDOW), start)
    if not q:
        return "exact", value, value, start
    bound = lex.qualifiers()[lex.norm(q.group("q"))]
    low = value if bound.bound == "low" else None
    high = value if bound.bound == "high" else None
    return bound.qualifier, low, high, q.start("q")


def _suffix(
    suffix: str | None, qualifier: str, low: float | None, high: float | None, value: float
) -> tuple[str, float | None, float | None]:
    if not suffix or qualifier != "exact":
        return qualifier, low, high
    bound = lex.suffixes().get(lex.norm(suffix))
    if bound is None:
        return qualifier, low, high
    return (
        bound.qualifier,
        value if bound.bound == "low" else None,
        value if bound.bound == "high" else None,
    )


def _vague(text: str, m: regex.Match[str]) -> list[_Found]:
    phrase = lex.norm(m.group("vague"))
    entry = lex.vague()[phrase]
    start, end = m.start(), m.end()
    if m.group("unit") and not m.group("of_cur") and lex.norm(m.group("unit")) not in lex.currencies():
        return []  # "several km" is not a count
    after = _after(text, m.end("vague"), None)
    if after and after.lastgroup in ("month", "tunit", "time", "age"):
        return []  # "several months", "hundreds of years"
    cues = _cues_before(_word_before(text, start))
    if cues & (_NAMED | _JOIN) and _named_before(text, start, cues):
        return []
    if phrase == "many" and _DEGREE_BEFORE.search(text, max(0, start - 10), start):
        return []  # "so many", "how many", "too many": degree, not an amount
    if entry.needs == "of" and not _OF_AFTER.match(text, m.end("vague"), m.end("vague") + 10):
        return []
    if _HYPHEN_WORD.match(text, end, end + 2):
        return []
    q = None
    if cues & _QUALIFIER:
        q = lex.qualifier_before().search(text, max(0, start - _WINDOW), start)
    if q and lex.qualifiers()[lex.norm(q.group("q"))].qualifier != "approximately":
        start = q.start("q")
    found = _Found(start, end, m.end("vague"), entry.value, entry.low, entry.high, "vague")
    found.needs = entry.needs
    found.strict_noun = phrase in ("many", "numerous")
    currency = _currency(m.groupdict()) if (m.group("of_cur") or m.group("unit")) else None
    if m.group("of_cur"):
        entry_cur = lex.currencies().get(lex.norm(m.group("of_cur")))
        currency = entry_cur[0] if entry_cur else currency
    if currency:
        found.unit, found.unit_kind, found.needs = currency, "money", "no"
    return [found]


# --- what was counted ----------------------------------------------------------------------


def _with_counted(text: str, f: _Found) -> _Found | None:
    """Attach the counted phrase; drop figures that need one and have none."""
    limit = min(len(text), f.number_end + 120)
    if f.unit_kind in (None, "percent", "ratio"):
        plain_of = f.qualifier == "vague" or f.unit_kind in ("percent", "ratio")
        # a percent counts only what follows "of" ("40 percent of the town")
        if f.unit_kind == "percent" and not _OF_AFTER.match(text, f.number_end, f.number_end + 10):
            span = None
        else:
            span = counted_np.counted_after(text, f.number_end, limit, plain_of)
        f.counted = span
    if f.needs == "yes" and f.counted is None:
        return None
    if f.strict_noun and (f.counted is None or counted_np.noun_category(f.counted) == "other"):
        return None
    if f.counted is not None and _anaphoric(text, f):
        return None
    if f.counted is not None and f.counted.text.rsplit(None, 1)[-1].lower() in lex.address_words():
        return None  # "405 Williams Ave.", "the 2900 block": an address
    if f.counted is None and f.unit_kind is None:
        window = max(0, f.start - 60)
        # the pattern needs "toll": a substring test spares most searches
        toll = _TOLL.search(text, window, f.start) if "toll" in text[window : f.start].lower() else None
        if toll:
            f.counted = Span(toll.group("toll"), toll.start("toll"), toll.end("toll"))
        elif _cues_before(_word_before(text, f.start)) & _LEAD_NOUN:
            lead = lex.lead_pattern().search(text, window, f.start)
            if lead:  # "a population of 80,000", "casualties numbered 40"
                f.counted = Span(lead.group("np"), lead.start("np"), lead.end("np"))
    return f


def _anaphoric(text: str, f: _Found) -> bool:
    """ "the two countries", "our two nations": a reference to parties already named."""
    assert f.counted is not None
    if f.value is None or f.value > 3 or f.qualifier != "exact" or not text[f.start : f.end].isalnum():
        return False
    prev = _PREV_WORD.search(text, max(0, f.start - 20), f.start)
    head = f.counted.text.split()[-1].lower()
    return bool(prev and prev.group("w").lower() in lex.np_words("determiner") and head in lex.anaphoric())


def _inherit_conversions(text: str, found: list[_Found]) -> None:
    """ "less than 10 miles (15 km)": the converted figure keeps the original's qualifier."""
    for prev, cur in itertools.pairwise(found):
        if (
            prev.unit_kind
            and prev.unit_kind == cur.unit_kind
            and prev.qualifier != "exact"
            and cur.qualifier == "exact"
            and cur.start - prev.end < 8
            and _CONVERSION_GAP.fullmatch(text, prev.end, cur.start)
        ):
            cur.qualifier = prev.qualifier
            cur.low = cur.value if prev.low is not None else None
            cur.high = cur.value if prev.high is not None else None


_CASUALTIES = frozenset({"killed", "injured", "displaced", "detained", "missing"})
# A plain "one" is a figure when it counts a casualty, an aircraft or a military vehicle ("one
# jet bombed the market"); "one strike", "one shell" are the wording of single events.
_ONE_KEPT = _CASUALTIES | {"aircraft", "military_vehicles"}


def _subset_of(text: str, before: _Found, f: _Found) -> bool:
    end = before.counted.end if before.counted else before.number_end
    return end <= f.start and f.start - end < 30 and bool(_INCLUDING.fullmatch(text, end, f.start))


_UNIT_CATEGORY = {"percent": "percent", "ratio": "percent", "money": "money", "distance": "distance"}


def _category(doc: Document, f: _Found, found: list[_Found], i: int, starts: list[int]) -> str:
    if f.unit_kind:
        return _UNIT_CATEGORY.get(f.unit_kind, "other")
    category = counted_np.noun_category(f.counted) if f.counted else "other"
    text = doc.text
    clause_end = f.counted.end if f.counted else f.number_end
    if category == "vehicles":
        sentence = doc.sentence_at(f.start) or (f.start, f.end)
        context = text[max(sentence[0], f.start - _LEFT_EVENT) : min(sentence[1], clause_end + _RIGHT_EVENT)]
        assert f.counted is not None
        return "military_vehicles" if counted_np.is_vehicle_military(f.counted, context) else "other"
    if f.counted and f.counted.text.lower().endswith("toll"):
        return "killed"
    if category not in counted_np.PERSON_CATEGORIES:
        return category
    if category == "other" and f.counted and not counted_np.names_people(f.counted):
        return category  # "captured 12 villages": not people, whatever the verb
    if f.counted:
        inside = counted_np.modifier_event(f.counted)
        if inside:
            return inside
    sentence = doc.sentence_at(f.start) or (f.start, f.end)
    left_floor = sentence[0]
    if i:
        before = found[i - 1]
        left_floor = max(left_floor, before.number_end, before.counted.end if before.counted else 0)
    left_floor = max(left_floor, f.start - _LEFT_EVENT)
    right_cap = min(sentence[1], clause_end + _RIGHT_EVENT)
    if i + 1 < len(found):
        right_cap = min(right_cap, max(clause_end, found[i + 1].start))
    if i + 1 < len(found) and (
        _COORDINATED.fullmatch(text, clause_end, found[i + 1].start) or _subset_of(text, f, found[i + 1])
    ):
        # "19 fighters and 11 rebels were killed", "23 people, including 11 children, were
        # killed": the list shares its verb
        nxt = found[i + 1]
        right_cap = min(sentence[1], (nxt.counted.end if nxt.counted else nxt.number_end) + _RIGHT_EVENT)
    right_end = text.find(";", clause_end, right_cap)
    right = (clause_end, right_end if right_end >= 0 else right_cap)
    # the event word nearest the figure in its clause, which ends before it at the last joint
    # after ``left_floor``
    event = counted_np.nearest_event(text, left_floor, f.start, right)
    if event:
        return event
    return category
