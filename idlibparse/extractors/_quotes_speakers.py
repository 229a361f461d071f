"""Speakers: the noun phrase before a speech verb ("Turkey's Defence Ministry said") or after it
("said Erdogan"), what kind of source it names, and what a pronoun or a short reference ("he",
"the ministry") stands for.

Everything works on a bounded window of words around one verb, so the cost per statement is
constant whatever the length of the article.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import islice
from typing import NamedTuple

from idlibparse import compiled, lexicon
from idlibparse.extractors import _quotes_words as words

# How far from its verb a speaker phrase may reach, in characters and in words.
WINDOW = 240
MAX_WORDS = 18


# Paragraphs longer than this are tokenized window by window rather than cached whole.
_BLOCK = 4000


@cache
def _token_pattern() -> re.Pattern[str]:
    """Words (with inner dots, "U.S", and inner apostrophes, "Shi’ite"), a possessive ending, or
    one punctuation mark. A word keeps its final dot when it is an abbreviation or an initial
    ("Gen.", "U.S.", "J."): fixed-width look-behinds, one per length of abbreviation (a prefix
    tree of the stems of that length), so that the standard library's engine (fast on this) can
    do it all. Every part after a word's first run can be empty, so the first way a word matches
    is the longest: possessive repeats give the same tokens without backtracking state."""
    stems = {a.rstrip(".") for a in lexicon.abbreviations() if a.count(".") == 1 and a.endswith(".")}
    forms = {f for stem in stems for f in (stem, stem.capitalize(), stem.upper())}
    by_length: dict[int, list[str]] = {}
    for form in sorted(forms):
        by_length.setdefault(len(form), []).append(form)
    behind = "|".join(
        rf"(?<=\b{lexicon.trie_alternation(same, space=' ')}\.)" for _, same in sorted(by_length.items())
    )
    return compiled.std_compile(
        rf"[\w&\-]++(?:[’'](?!s\b)\w++)*+(?:\.\w++)*+(?:\.(?:{behind}|(?<=\b[A-Z]\.)|(?<=\.\w\.))|)"
        r"|[’']s\b|[^\w\s]"
    )


def _tokenize(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _token_pattern().finditer(text, start, end)]


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line around text[start:end] when it is of ordinary length, else None (a very long
    line is tokenized from ``start`` itself, so that the cost stays bounded)."""
    lo = text.rfind("\n", max(0, start - _BLOCK), start) + 1
    hi = text.find("\n", end, end + _BLOCK)
    if hi == -1:
        hi = len(text) if len(text) - end <= _BLOCK else -1
    if (lo == 0 and start > _BLOCK) or hi == -1:
        return None
    return lo, hi


def _line_tokens(text: str, start: int, end: int, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """The tokens of line text[lo:hi] lying wholly in text[start:end], produced lazily. No token
    holds a space, so tokenizing from the last space before ``start`` gives the same tokens as
    tokenizing the whole line, at the cost of a word or two."""
    space = text.rfind(" ", lo, start)
    for m in _token_pattern().finditer(text, space + 1 if space >= 0 else lo, hi):
        if m.start() < start:
            continue
        if m.end() > end:
            return
        yield m.start(), m.end(), m.group()


def _iter_tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """The tokens lying wholly in text[start:end], lazily, so that a forward walk that stops
    early tokenizes only what it reads."""
    bounds = _line_bounds(text, start, end)
    if bounds is None:
        return ((m.start(), m.end(), m.group()) for m in _token_pattern().finditer(text, start, end))
    return _line_tokens(text, start, end, *bounds)


# A backward walk first looks at this many characters before its verb, then at these many.
_NEAR = (40, 100)


class _Edge(Exception):
    """A backward walk ran off the start of a shortened window: it must look again, further."""


def _back_windows(text: str, start: int, end: int) -> Iterator[tuple[list[tuple[int, int, str]], bool]]:
    """The tokens of text[start:end] for a backward walk from ``end``: first only the last
    characters of _NEAR (``True``: shortened; a walk that runs off their start raises _Edge), then,
    when needed, all of them. Most walks stop at a comma or a clause word within a few words.
    A wider window only tokenizes what lies before the last one read."""
    # on a very long line (no bounds) the tokens are those of text[start:end] tokenized from
    # ``start`` itself and cut at ``end``: as no token holds a space, tokenizing from a space
    # after ``start`` gives the same tokens from there on, so the windows below serve as well
    lo, hi = _line_bounds(text, start, end) or (start, end)
    if end < hi and not text[end - 1 : end].isspace():
        # a token may cross ``end``: tokenize on past it, window by window
        for reach in _NEAR:
            near = max(start, end - reach)
            if near == start:
                break
            yield list(_line_tokens(text, near, end, lo, hi)), True
        yield list(_line_tokens(text, start, end, lo, hi)), False
        return
    # no token crosses ``end`` (white space before it), nor the space before ``read``
    read = end
    toks: list[tuple[int, int, str]] = []
    # the window starts: those of _NEAR that lie after ``start`` (they are in decreasing
    # order), then ``start`` (written out: this runs for every walk)
    near_1, near_2 = end - _NEAR[0], end - _NEAR[1]
    nears = (near_1, near_2, start) if near_2 > start else (near_1, start) if near_1 > start else (start,)
    for near in nears:
        if near < read:
            space = text.rfind(" ", lo, near)
            begin = space + 1 if space >= 0 else lo
            if begin < read:
                toks = _tokenize(text, begin, read) + toks
                read = begin
        # (near,) sorts before every token starting at ``near``
        skip = bisect.bisect_left(toks, (near,))
        yield (toks[skip:] if skip else toks), near != start


# A run of word characters, as the tokenizer starts a word.
_WORD_RUN = re.compile(r"[\w&\-]+")
# Tokens that end a speaker phrase on its left.
_HARD_LEFT = frozenset('“”"«»„;:—–!?()[]')
# Lower-case words that start a clause rather than a name: a phrase stops before them.
_CLAUSE_WORDS = words.grammar("clause_words")
# Words between a speaker and the verb ("the ministry has also said").
_AUX = words.grammar("between_subject_and_verb")
# Words that may start a modifier after an inverted speaker ("said Erdogan on Saturday").
_AFTER_STOP = words.grammar("after_inverted_speaker")
_WEEKDAYS = words.grammar("weekdays")
_DETERMINERS = words.grammar("determiners")
_NOT_SUBJECT = words.grammar("not_sentence_subject")
_PREPOSITIONS = words.grammar("prepositions")


class Phrase(NamedTuple):
    start: int
    end: int
    text: str


class _Subjects(threading.local):
    """Answers of subject_before for the text this thread last asked about: several readers
    of one article ask about the same verb. Kept for one text only (so no earlier article
    stays in memory) and per thread (parsers may share a process)."""

    def __init__(self) -> None:
        self.text = ""
        self.found: dict[tuple[int, int], Phrase | None] = {}


_subjects = _Subjects()


def subject_before(text: str, verb_start: int, floor: int) -> Phrase | None:
    """The noun phrase that is the subject of the verb at ``verb_start``, not reaching before
    ``floor``. An appositive between subject and verb ("the Observatory, a UK-based monitor,
    said") is left out."""
    kept = _subjects
    if kept.text is not text:
        kept.found = {}
        kept.text = text
    found = kept.found
    key = (verb_start, floor)
    if key in found:
        return found[key]
    phrase = found[key] = _subject_before(text, verb_start, floor)
    return phrase


def _subject_before(text: str, verb_start: int, floor: int) -> Phrase | None:
    for window, shortened in _back_windows(text, max(floor, verb_start - WINDOW), verb_start):
        try:
            return _subject(text, window, shortened)
        except _Edge:
            continue
    return None


def _subject(text: str, toks: list[tuple[int, int, str]], cut: bool) -> Phrase | None:
    i = len(toks) - 1
    while i >= 0 and (toks[i][2].lower() in _AUX or _adverb(toks[i][2])):
        i -= 1  # an auxiliary or an adverb ("has also said", "reportedly said")
    if i < 1 and cut:
        raise _Edge  # what stands before (an "on" before a weekday) is out of sight
    # "the ministry on Saturday said": skip a weekday before the verb
    if i >= 1 and toks[i][2].lower() in _WEEKDAYS and toks[i - 1][2].lower() == "on":
        i -= 2
    if i < 0:
        if cut:
            raise _Edge
        return None
    if toks[i][2] == ",":
        # an appositive or a relative clause between subject and verb: skip back over it
        j = i - 1
        while j >= 0 and toks[j][2] != "," and toks[j][2] not in _HARD_LEFT:
            j -= 1
        if j < 0 and cut:
            raise _Edge
        if j < 0 or toks[j][2] != ",":
            return None
        appositive = toks[j + 1 : i]
        if not appositive:
            return None
        if not _looks_appositive(appositive):
            # "The state's campaign chairman, Phil Lovas, said": the name is part of the phrase
            head = _phrase_ending_at(text, toks, j - 1, cut)
            if head is None:
                return None
            end = appositive[-1][1]
            return Phrase(head.start, end, text[head.start : end])
        i = j - 1
    return _phrase_ending_at(text, toks, i, cut)


@cache
def _left_stops() -> frozenset[str]:
    """Tokens a phrase stops at on its left (outside brackets): a comma, a hard mark, a clause
    word, or a speech verb in the past or as a participle ("said", "adding"): no name holds one."""
    past = {form for form, entry in words.verbs().items() if entry.tense in ("past", "participle")}
    return frozenset({","}) | _HARD_LEFT | _CLAUSE_WORDS | past


def antecedent(text: str, pos: int, floor: int) -> Phrase | None:
    """The noun phrase a relative pronoun at ``pos`` stands for ("Patriot Coal, which said ...")."""
    for toks, cut in _back_windows(text, max(floor, pos - WINDOW), pos):
        try:
            return _antecedent(text, toks, cut)
        except _Edge:
            continue
    return None


def _antecedent(text: str, toks: list[tuple[int, int, str]], cut: bool) -> Phrase | None:
    i = len(toks) - 1
    if i >= 0 and toks[i][2] == ",":
        i -= 1
    phrase = _phrase_ending_at(text, toks, i, cut)
    if phrase is None:
        return None
    # keep the last noun phrase: from its last determiner ("He met the Turkish envoy" -> "the
    # Turkish envoy"), else its closing run of capitalized words ("Patriot Coal")
    inside = [t for t in toks if phrase.start <= t[0] and t[1] <= phrase.end]
    first = next(
        (k for k in range(len(inside) - 1, -1, -1) if inside[k][2].lower() in ("the", "a", "an")), None
    )
    if first is None:
        first = len(inside)
        while first > 0 and (
            inside[first - 1][2][:1].isupper() or inside[first - 1][2] in ("of", "’s", "'s")
        ):
            first -= 1
        if first == len(inside):
            return None
    return Phrase(inside[first][0], phrase.end, text[inside[first][0] : phrase.end])


def _adverb(tok: str) -> bool:
    return tok.endswith("ly") and tok.islower() and len(tok) > 4 and tok not in ("only", "early")


def _looks_appositive(toks: list[tuple[int, int, str]]) -> bool:
    first = toks[0][2]
    if first.lower() in _CLAUSE_WORDS or first.lower() in _AUX:
        return False
    return (
        first[:1].islower()
        or first[:1].isdigit()
        or first in ("A", "An", "The")
        or first.endswith(("’s", "'s"))
    )


def _phrase_ending_at(
    text: str, toks: list[tuple[int, int, str]], i: int, cut: bool = False
) -> Phrase | None:
    """Walk left from token ``i`` to the phrase's start: a comma, a mark, a clause word."""
    if i < 0 and cut:
        raise _Edge
    if i < 0:
        return None
    tok = toks[i][2]
    if not (tok[:1].isalnum() or tok == ")" or _wordlike(tok)):
        return None
    end_tok = i
    depth = 0
    stops = _left_stops()
    while i >= 0:
        tok = toks[i][2]
        if tok == ")":
            depth += 1
        elif tok == "(" and depth:
            depth -= 1
        elif depth == 0 and tok in stops:
            break
        i -= 1
    if i < 0 and cut:
        raise _Edge
    first = i + 1
    # drop leading connectives written with a capital ("But a campaign operative said")
    while first <= end_tok and toks[first][2].lower() in _CLAUSE_WORDS:
        first += 1
    if first < end_tok and toks[first][2] in _ADVERBIAL_OPENERS:
        first = _skip_leading_adverbial(toks, first, end_tok)
    if first > end_tok or end_tok - first + 1 > MAX_WORDS:
        return None
    last = toks[end_tok][2].lower()
    if last in _DETERMINERS or last in _PREPOSITIONS or last in ("and", "or", "but"):
        return None
    while first < end_tok and toks[first][2].lower() in ("and", "or"):
        first += 1
    start, end = toks[first][0], toks[end_tok][1]
    return Phrase(start, end, text[start:end])


_ADVERBIAL_OPENERS = frozenset({"On", "Last", "Late", "Earlier", "This"})


def _skip_leading_adverbial(toks: list[tuple[int, int, str]], first: int, last: int) -> int:
    """'On Saturday the ministry said' -> 'the ministry'."""
    if (
        first + 2 <= last
        and toks[first][2] in _ADVERBIAL_OPENERS
        and (toks[first + 1][2].lower() in _WEEKDAYS or toks[first + 1][2] in ("week", "month", "year"))
    ):
        return first + 2
    return first


def _wordlike(tok: str) -> bool:
    return tok[:1].isalnum() or any(c.isalnum() for c in tok)


def object_after(text: str, verb_end: int, ceiling: int) -> Phrase | None:
    """The speaker after an inverted verb ("..., said Turkish President Tayyip Erdogan")."""
    toks = _iter_tokens(text, verb_end, min(ceiling, verb_end + WINDOW))
    kept: list[tuple[int, int, str]] = []
    relative = False
    for start, end, tok in toks:
        low = tok.lower()
        if not _wordlike(tok):
            if tok in ("’s", "'s") or (tok in "()" and relative):
                kept.append((start, end, tok))
                continue
            break
        if low == "who":
            relative = True
        elif not relative and low in _AFTER_STOP:
            break
        if low.rstrip(".") in words.verbs() and kept and not relative:
            break
        kept.append((start, end, tok))
        if len(kept) > MAX_WORDS:
            return None
    while kept and (kept[-1][2].lower() in _DETERMINERS or kept[-1][2].lower() in _PREPOSITIONS):
        kept.pop()
    if not kept:
        return None
    start, end = kept[0][0], kept[-1][1]
    return Phrase(start, end, text[start:end])


# --- what kind of source ----------------------------------------------------------------


def pronoun(phrase: str) -> str | None:
    """The pronoun a phrase is, lower case, or None."""
    low = phrase.lower()
    return low if low in words.pronouns() else None


def short_reference(phrase: str) -> str | None:
    """The head word of a short definite reference ("the ministry" -> "ministry"), else None."""
    parts = phrase.split()
    if 2 <= len(parts) <= 3 and parts[0].lower() == "the":
        head = parts[-1].strip(".,").lower()
        return head if head.isalpha() else None
    return None


_LEADING_THE = compiled.compile(r"^(?:the|The)\s+")
_PARENTHESIS = compiled.compile(r"\s*+\([^()]{0,40}\)")


@lru_cache(maxsize=4096)
def classify(phrase: str) -> str:
    """person, organization, media, government, armed_group, anonymous or unknown."""
    pro = pronoun(phrase)
    if pro:
        types, _ = words.pronouns()[pro]
        return "person" if types == {"person"} else "unknown"
    if words.lacks_cue_and_title(phrase):
        found: set[str] = set()
    else:
        found = words.cue_kinds(phrase)
        if words.has_title(phrase):
            found.add("person")
    bare = _LEADING_THE.sub("", phrase) if phrase.startswith(("the", "The")) else phrase
    if bare.lower() in words.countries():
        found.add("government")
    if found:  # most phrases hold no cue, no title and no country: their shape tells
        for kind in words.type_order():
            if kind in found:
                return kind
    return _by_shape(phrase)


def _by_shape(phrase: str) -> str:
    """No cue: a run of capitalized words is a person's name, an acronym an organization."""
    bare = _PARENTHESIS.sub("", phrase) if "(" in phrase else phrase  # "(R-Utah)", "(D-Mo.)"
    parts = [p for p in bare.split() if p.lower() not in _NAME_PARTICLES]
    if not parts or len(parts) > 4:
        return "unknown"
    for p in parts:
        if not (p[:1].isupper() or p.rsplit("-", 1)[-1][:1].isupper()):  # "al-Hassan"
            return "unknown"
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) > 1:
        return "organization"
    return "person"


# Lower-case words that may stand inside a person's name.
_NAME_PARTICLES = frozenset({"of", "the", "de", "al", "bin", "van", "von"})


# Connectors that may stand inside a named subject but not end it.
_LINKS = frozenset({"of", "for", "the", "and", "on", "in", "de", "al", "el", "bin"})


@cache
def _connector_words() -> frozenset[str]:
    """Lower-case words that may sit inside a named source ("Syrian state TV", "the Ministry of
    Defence"): connectors plus every lower-case word of the speaker cues."""
    return (
        frozenset({"of", "for", "the", "and", "de", "al", "el", "bin", "’s", "'s", "on", "in"})
        | words.cue_words()
    )


def sentence_subject(text: str, start: int, end: int) -> Phrase | None:
    """The named phrase a sentence opens with ("Syrian state TV broadcast ..." -> "Syrian state
    TV"), as a candidate antecedent for a later pronoun."""
    first = text[start : start + 1]
    if first and not (first.isalpha() or first.isspace() or first in "’'-"):
        return None  # a quotation mark, a bracket or a digit opens no named subject
    if start == 0 or text[start - 1].isspace():
        opener = _WORD_RUN.match(text, start)
        if opener and opener.group() in _NOT_SUBJECT and text[opener.end() : opener.end() + 1] not in "’'.":
            return None  # "He ...", "But ...": the first token is that word alone
    toks: list[tuple[int, int, str]] = []  # read lazily: most sentences open with a common word
    last = -1
    connectors = _connector_words()
    for i, found in enumerate(islice(_iter_tokens(text, start, min(end, start + WINDOW)), MAX_WORDS)):
        toks.append(found)
        tok = found[2]
        if tok[:1].isupper() or tok.rsplit("-", 1)[-1][:1].isupper() or tok in ("’s", "'s"):
            last = i
        elif i > 0 and tok.lower() in connectors:
            if tok[:1].isalpha() and tok not in _LINKS:
                last = i
        else:
            break
    while last >= 0 and toks[last][2] in ("’s", "'s"):
        last -= 1
    if last < 0 or toks[0][2] in _NOT_SUBJECT or (toks[0][2] in ("The", "A", "An") and last < 1):
        return None
    s, e = toks[0][0], toks[last][1]
    return Phrase(s, e, text[s:e])
