"""What a figure counts and what happened to it: the counted noun phrase after the figure
("430 Turkish military vehicles", "hundreds of thousands of people"), its category from the
noun, and the event words of the same clause ("were killed", "has displaced")."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import regex

from idlibparse import compiled, lexicon
from idlibparse.extractors import _numbers_lexicon as lex
from idlibparse.records import Span

# A word of a noun phrase: "U.S.", "ISIL-held", "Shi'ite"; words are separated by spaces
# within a line (a counted phrase never runs across a paragraph break).
_WORD = compiled.compile(
    r"[^\S\n]++(?P<w>(?:\p{Lu}\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\d'’]*+(?:[-‐][\p{L}\p{M}\d]++)*+)"
)
# the same for the standard library's engine, faster, where the text is ASCII: there the
# letters (and marks) are ASCII letters and both engines match alike
_ASCII_WORD = re.compile(
    r"[^\S\n]++(?P<w>(?:[A-Z]\.){2,}|[a-zA-Z][a-zA-Z\d'’]*+(?:[-‐][a-zA-Z\d]++)*+)", re.ASCII
)
# "of" leading into the counted phrase: "hundreds of people", "eight of the soldiers".
_OF_DET = compiled.compile(
    r"[^\S\n]++of[^\S\n]++(?:(?:the|these|those|their|its|our)[^\S\n]++)?", regex.IGNORECASE
)
_OF_PLAIN = compiled.compile(r"[^\S\n]++of(?=[^\S\n])", regex.IGNORECASE)
_OF_PRONOUN = compiled.compile(
    r"[^\S\n]++of[^\S\n]++(?:them|whom|which|us|those|these|it)\b", regex.IGNORECASE
)
_MAX_WORDS = 6
_PLURAL = compiled.compile(r"\p{L}{2,}(?<![su]s|is)s")
# Categories a clause's event word may override ("15 prisoners were executed" -> killed).
PERSON_CATEGORIES = frozenset(
    {"people", "combatants", "refugees", "other", "detained", "displaced", "missing", "injured"}
)


@cache
def _months() -> frozenset[str]:
    return frozenset(lexicon.months())


@cache
def _vocabulary() -> tuple[
    frozenset[str],
    dict[str, str],
    frozenset[str],
    dict[str, str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
]:
    """The word lists ``counted_after`` reads, fetched once: (words that end a counted phrase
    before them: stop words, time units, number words, months), nouns, verbs, events, lead
    words, plural heads (the listed ones and the listed nouns of plural form), months."""
    months = _months()
    enders = lex.np_stop() | lex.time_units() | set(lex.number_words()) | months
    plural_nouns = {noun for noun in lex.nouns() if _PLURAL.fullmatch(noun)}
    return (
        frozenset(enders),
        lex.nouns(),
        lex.verbs(),
        lex.events(),
        lex.np_words("lead"),
        lex.np_words("plural_head") | plural_nouns,
        months,
    )


@cache
def _following_nouns() -> frozenset[str]:
    """The listed nouns that are no stop word: one of these after a plural head carries the
    phrase on ("forces soldiers")."""
    return frozenset(lex.nouns().keys() - lex.np_stop())


def counted_after(text: str, pos: int, end: int, plain_of: bool) -> Span | None:
    """The noun phrase counted by a figure ending at ``pos`` (searched up to ``end``)."""
    space = text[pos : pos + 1]
    if not space.isspace() or space == "\n":
        return None  # every word and "of" pattern here starts with white space within the line
    probe = text[pos : pos + 12].lstrip(" \t\u00a0").lower()
    if probe.startswith("of") and not probe[2:3].isalpha():  # the "of" patterns only when needed
        if _OF_PRONOUN.match(text, pos, end):
            return None
        of = _OF_DET.match(text, pos, end)
        if of and (plain_of or of.group().strip().lower() != "of"):
            pos = of.end() - 1  # keep one space for the word pattern
        elif _OF_PLAIN.match(text, pos, end):
            return None
    enders, nouns, verbs, events, leads, plural_heads, months = _vocabulary()
    word_pattern: re.Pattern[str] | regex.Pattern[str] = _ASCII_WORD if text[pos:end].isascii() else _WORD
    first = last = -1
    heads = 0
    pending = False  # a past participle or -ing form seen as a modifier ("displaced people")
    for _ in range(_MAX_WORDS):
        m = word_pattern.match(text, pos, end)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if heads and low in verbs:
            break
        if first < 0 and low in leads:  # "256 more prisoners", "20 other civilians"
            first, last, pos = m.start(1), m.end(1), m.end()
            continue
        if low in enders or low.rstrip(".") in months:
            break
        verbish = word.islower() and low.endswith(("ed", "ing", "ly")) and low not in nouns
        if heads and word.islower() and low in events and not low.endswith("s"):
            break  # "97 civilians killed in ...": the event word is not part of the phrase
        if verbish and heads:
            if not _compound_follows(word_pattern, text, m.end(), end, low):
                break
            verbish = False  # "ISIS fighting positions": a listed compound, not a verb
        if first < 0:
            first = m.start(1)
        last = m.end(1)
        pos = m.end()
        if verbish:
            pending = True
            continue
        heads += 1
        if low in plural_heads and not _noun_follows(word_pattern, text, pos, end):
            break  # a known plural head ends the phrase unless a noun follows ("forces soldiers")
    if first < 0:
        return None
    # "12 killed": only an event word standing alone may be what was counted
    if not heads and (not pending or text[first:last].lower() not in nouns):
        return None
    return Span(text[first:last], first, last)


def _compound_follows(
    word_pattern: re.Pattern[str] | regex.Pattern[str], text: str, pos: int, end: int, low: str
) -> bool:
    m = word_pattern.match(text, pos, end)
    return bool(m and f"{low} {m.group('w').lower()}" in lex.nouns())


def _noun_follows(word_pattern: re.Pattern[str] | regex.Pattern[str], text: str, pos: int, end: int) -> bool:
    m = word_pattern.match(text, pos, end)
    return bool(m and m.group(1).lower() in _following_nouns())


def noun_category(counted: Span) -> str:
    """Category from the longest listed ending of the counted phrase ("military vehicles")."""
    return _noun_category(counted.text)


@lru_cache(maxsize=4096)
def _noun_category(phrase: str) -> str:
    words = phrase.split()
    nouns = lex.nouns()
    for k in range(len(words), 0, -1):
        found = nouns.get(lex.norm(" ".join(words[-k:])))
        if found:
            return found
    last = words[-1].lower()
    if last.endswith("s") and last[:-1] in nouns:
        return nouns[last[:-1]]
    return "other"


def names_people(counted: Span) -> bool:
    """An unlisted plural that looks like people: "tribesmen", "activists", "Iraqis"."""
    return _names_people(counted.text)


@lru_cache(maxsize=4096)
def _names_people(phrase: str) -> bool:
    head = phrase.split()[-1]
    return head.lower().endswith(tuple(lex.person_suffixes())) or (head[:1].isupper() and head.endswith("s"))


def modifier_event(counted: Span) -> str | None:
    """An event word inside the counted phrase itself ("displaced people", "wounded soldiers")."""
    return _modifier_event(counted.text)


@lru_cache(maxsize=4096)
def _modifier_event(phrase: str) -> str | None:
    events = lex.events()
    for word in phrase.split()[:-1]:
        found = events.get(word.lower())
        if found:
            return found
    return None


@cache
def _event_pattern() -> regex.Pattern[str]:
    events = lex.trie_alternation(list(lex.events()))
    return compiled.compile(rf"(?<![\w])(?:{events})(?![\w])", regex.IGNORECASE)


@cache
def _ascii_event_pattern() -> re.Pattern[str]:
    """``_event_pattern`` for the standard library's engine, to be run on the lower-cased text of
    an ASCII window: there (with ASCII classes) both engines match alike. Without case folding
    the engine turns a branch of the alternation away on its first letter before entering it,
    which it does not do for a case-blind one: it runs many times faster."""
    events = lex.trie_alternation(list(lex.events()), space=r"[ \t\n\r\f\v]+")
    return compiled.std_compile(rf"(?<![\w])(?:{events})(?![\w])", re.ASCII)


# Where a clause ends before a figure: an event word beyond it belongs to another clause.
_JOINTS = compiled.compile(r";|,[^\S\n]|[^\S\n](?:and|but|while|whereas)[^\S\n]", regex.IGNORECASE)
# the same for the standard library's engine, faster, for the lower-cased text of an ASCII
# window, where both match alike
_ASCII_JOINTS = re.compile(r";|,[ \t\r\f\v]|[ \t\r\f\v](?:and|but|while|whereas)[ \t\r\f\v]", re.ASCII)


def nearest_event(text: str, floor: int, start: int, right: tuple[int, int]) -> str | None:
    """The category of the event word nearest the figure at ``start``: the last one between it
    and the last clause joint after ``floor``, or the first one in the window ``right`` after
    it, whichever is closer."""
    joint = floor
    clause = text[floor:start]
    if clause.isascii():
        for j in _ASCII_JOINTS.finditer(clause.lower()):
            joint = floor + j.end()  # the last one
    else:
        for k in _JOINTS.finditer(text, floor, start):
            joint = k.end()
    # (the characters on either side of the windows count too: the event pattern looks at them)
    lo = max(0, joint - 1)
    window = text[lo : right[1] + 1]
    if window.isascii():  # read in lower case, offsets from ``lo``
        low = (joint - lo, start - lo)
        return _nearest(_ascii_event_pattern(), window.lower(), low, (right[0] - lo, right[1] - lo))
    return _nearest(_event_pattern(), text, (joint, start), right)


def _nearest(
    pattern: re.Pattern[str] | regex.Pattern[str], text: str, left: tuple[int, int], right: tuple[int, int]
) -> str | None:
    """The category of the last match of the event ``pattern`` in the window ``left`` or the
    first in the window ``right``, whichever is closer to the figure between them."""
    best: tuple[int, str] | None = None
    before = None
    for m in pattern.finditer(text, left[0], left[1]):
        before = m
    if before is not None:
        best = (left[1] - before.end(), before.group())
    after = pattern.search(text, right[0], right[1])
    if after is not None and (best is None or after.start() - right[0] < best[0]):
        best = (after.start() - right[0], after.group())
    return lex.events().get(lex.norm(best[1])) if best else None


def is_vehicle_military(counted: Span, clause: str) -> bool:
    """Plain "vehicles"/"trucks": military unless aid words say otherwise, and a military cue
    stands in the phrase or its clause."""
    words = {w.strip(",.;:()").lower() for w in counted.text.split()}
    context = {w.strip(',.;:()"“”').lower() for w in clause.split()}
    if words & lex.civil_cues() or context & lex.civil_cues():
        return False
    return bool((words | context) & lex.military_cues())
