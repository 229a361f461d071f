"""Finding toponyms in running text (the places extractor's first half).

One compiled pattern finds runs of capitalized words (with the lower-case joints names use:
"al-", "of", "de", "and"); inside a run, the longest word n-gram that the gazetteer knows wins,
probed as dict lookups on folded keys. Cues add what the gazetteer lacks ("the village of X",
"X province", "near X") and type what it has ("Idlib city"). Filters drop what only looks like
a place: nationalities, people ("Khalil Ashawi", "Jordan Smith", "President Assad"), newspapers
("Washington Post"), weekdays and common words at the start of a sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple, TypeVar

import regex

from idlibparse import compiled, gazetteer, lexicon
from idlibparse.document import Document
from idlibparse.gazetteer import Place

# --- the pieces of a capitalized run ---------------------------------------------------
# A capitalized word, with inner apostrophes ("Ma'arrat", "O'Hare") but not a possessive "'s".
_WORD_REST = r"[\p{L}\p{M}]*+(?:['’](?!(?:[sdmt]|ve|ll|re)\b)\p{L}[\p{L}\p{M}]*+){0,3}"
_WORD = rf"\p{{Lu}}{_WORD_REST}"
# Dotted short forms: "U.S.", "D.C.", "N.Y.", "W.Va.", "W. Va.".
_DOTTED = r"(?:\p{Lu}\.){2,3}+|\p{Lu}\.\x20?\p{Lu}\p{Ll}{1,2}\."
# The Arabic article written lower case before a capitalized word: "al-Numan", "ash-Shughur".
_ARTICLE = r"(?:a[lnrstdz]|ash|e[lnrsdz]|u[ld])[\-‑’'](?=\p{Lu})"
# Lower-case words that stay inside a name: "Gulf of Mexico", "Trinidad and Tobago".
_CONNECT = r"(?:of|de|del|della|di|da|do|dos|das|du|des|la|le|les|and|upon|on|sur|am|the)"
# Between two pieces: a space or hyphen; ". " only after "St", "Mt", "Ft" ("St. Louis").
# (the dot before its lookbehind: most runs end on a space, where the dot fails at once)
_JOIN = r"(?:\x20|[\-‑]|\.(?<=\b(?:St|Ste|Mt|Ft|Pt)\.)\x20)"
_HEAD = rf"(?:{_ARTICLE})?+(?:{_DOTTED}|{_WORD})"
# A short form or a word, as (?:_DOTTED|_WORD) with its capital read once: the same
# alternatives in the same order, so the same matches.
_PIECE = rf"\p{{Lu}}(?:\.(?:\p{{Lu}}\.){{1,2}}+|\.\x20?\p{{Lu}}\p{{Ll}}{{1,2}}\.|{_WORD_REST})"
# A run: at most 24 joined pieces, so a megabyte of capitalized words is scanned in bounded steps.
# It starts on a capital letter (an article before its first word is added afterwards): a pattern
# that could start on any "a" or "e" would try a match at most letters of the text.
_RUN = compiled.compile(
    rf"(?<![\p{{L}}\p{{M}}\d]){_PIECE}(?:{_JOIN}(?:{_CONNECT}{_JOIN})?(?:{_ARTICLE})?+{_PIECE}){{0,24}}"
)
_JOINTS = "-‑’'"  # (what joins an article to its word)
_ARTICLE_BEFORE = compiled.compile(r"(?<![\p{L}\p{M}\d])(?:a[lnrstdz]|ash|e[lnrsdz]|u[ld])[\-‑’']\Z")
# A name known only from its cue: capitalized words and Arabic articles, no "of"/"and"/"on".
_NAME_RUN = rf"(?<![\p{{L}}\p{{M}}\d])(?:{_HEAD})(?:[\x20\-‑]{_HEAD}){{0,3}}(?![\p{{L}}])"
_NAME_RUN_RE = compiled.compile(_NAME_RUN)
_TOKEN = compiled.compile(
    rf"(?P<art>{_ARTICLE})|(?P<dot>{_DOTTED})|(?P<word>{_WORD})|(?P<con>(?<![\p{{L}}])(?:{_CONNECT})(?![\p{{L}}]))"
)

# --- context around a name --------------------------------------------------------------
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_DISTANCE = (
    r"(?:(?:about|some|around|nearly|almost|roughly|less\sthan|more\sthan|over|under)\s)?"
    r"\d[\d.,]*+\s?(?:km|kilometers|kilometres|miles|mi|meters|metres|m)\b\.?(?:\s\([^()]{1,20}\))?\s"
)
# "near X", "north of X", "outskirts of X", "northern X": the event is near or in part of X.
# Patterns ending in \Z search backwards ((?r)): a forward search would try every position of
# the window before the one that can match.
_NEAR_BEFORE = compiled.compile(
    rf"(?r)(?:\b(?:near|nearby|outside|around|outskirts\sof|edge\sof|vicinity\sof|(?:{_DISTANCE})?{_DIRECTION}(?:ern)?\sof|(?:north|south|east|west)ern|countryside\sof|suburbs?\sof)\s(?:the\s)?)\Z",
    regex.IGNORECASE,
)
_TITLES: tuple[str, ...] = ("Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Pvt")
_TITLES += ("Adm", "Sen", "Rep", "Gov", "Prof", "Rev", "Fr")
_TITLE_BEFORE = compiled.compile(rf"(?r)(?<![\p{{L}}])(?:{'|'.join(_TITLES)})\.?\s(?:\p{{Lu}}\.\s)?\Z")
# Cheap tests in C before the patterns above, each a condition every match meets: the words a
# near-cue and an organization's name hold; the last character of a title or an initial.
_TITLE_ENDS = frozenset("rsntljmpvf.")
# How the word before the space (and a "the") a near-cue ends with ends.
_NEAR_ENDS = ("near", "nearby", "outside", "around", "of", "ern")


def _near_before(window: str) -> bool:
    """ "near X", "north of X", "northern X" (see _NEAR_BEFORE). The cue word ends right
    before the last character (a space), or before "the" and a space: tested first in C."""
    folded = window.casefold()
    return (
        ("of" in folded or "near" in folded or "ern" in folded or "outside" in folded or "around" in folded)
        and (
            folded.endswith(_NEAR_ENDS, 0, len(folded) - 1)
            or (
                folded.endswith("the", 0, len(folded) - 1) and folded.endswith(_NEAR_ENDS, 0, len(folded) - 5)
            )
        )
        and _NEAR_BEFORE.search(window) is not None
    )


def _org_before(window: str) -> bool:
    """ "Islamic State of X", "al-Qaeda in X" (see _ORG_BEFORE)."""
    return (
        "State" in window or "aeda" in window or "overnment" in window or "Emirate" in window
    ) and _ORG_BEFORE.search(window) is not None


def _titled(window: str) -> bool:
    """A title or an initial right before a name: "Gen. X", "Isiah L. X". Both end in a dot
    before the last character (a space), unless a title without its dot does."""
    return (
        window[-2:-1] in _TITLE_ENDS
        and (window[-2:-1] == "." or window.endswith(_TITLES, 0, len(window) - 1))
        and (_TITLE_BEFORE.search(window) is not None or _INITIAL_BEFORE.search(window) is not None)
    )


# "X, 15 km southeast of Y" / "X, south of Y": X lies near Y (matched at the end of X).
_ANCHOR_AFTER = compiled.compile(
    rf",?\s(?:(?:located|lying|which\slies|about|some)\s)?(?:{_DISTANCE})?{_DIRECTION}\sof\s(?:the\s)?"
)
_SENTENCE_LEAD = compiled.compile(r"[\s\"'“‘(\[—–-]*+")
# A single initial before a name makes it a person's: "Isiah L. Booker".
_INITIAL_BEFORE = compiled.compile(r"(?r)(?<![\p{L}.])\p{Lu}\.\s\Z")
# Organization names built on a place: "Islamic State of Iraq", "al-Qaeda in Iraq".
_ORG_BEFORE = compiled.compile(
    r"(?r)(?:Islamic\sState\s(?:of|in)|[Qq]aeda\sin|Emirate\sof|[Gg]overnment\sof)\s(?:the\s)?\Z"
)
# A dateline in capitals inside running text: "CHARLESTON, W.Va. --", "BEIRUT (AP) -".
_CAPS_DATELINE = compiled.compile(
    r"\A(?:[\p{Lu}'’.\-]++\x20?){0,3}(?:,\s\p{Lu}[\p{L}.]*+(?:\s\p{Lu}[\p{L}.]*+){0,2})?\s*+(?:\([^()\n]{1,30}\)\s*+)?(?:--|—|–|-|:)\s"
)


@dataclass(slots=True)
class Found:
    """A place mention before resolution."""

    start: int
    end: int  # the mention: the name plus a head word ("Idlib province") or facility
    surface: str  # the name itself, as written
    candidates: tuple[Place, ...]
    qualifier: str | None = None  # the type a cue implies (admin1 for "X province")
    precision: int = 1
    facility: bool = False  # "Aleppo Airport": a place of its own, anchored on the name
    cued: bool = False  # a cue said place, so filters for look-alikes do not apply
    anchor: int | None = None  # index of the Found whose point this one takes ("X, south of Y")
    abbreviation: tuple[str, str] | None = None  # (country code, admin1 name) from an abbreviation
    # where an abbreviation counts (its table's context: "any", "after_place")
    context: str | None = None
    listed: str | None = None  # "next" or "prev": a list member takes that neighbour's point


class _Tok(NamedTuple):
    kind: str  # art|dot|word|con
    start: int
    end: int


# --- vocabulary -------------------------------------------------------------------------


@cache
def _folded_words(name: str) -> frozenset[str]:
    return frozenset(gazetteer.fold(w) for w in lexicon.ordered_words(name))


@cache
def stopwords() -> frozenset[str]:
    return _folded_words("places_stopwords.txt")


@cache
def given_names() -> frozenset[str]:
    return frozenset(lexicon.ordered_words("places_given_names.txt"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(lexicon.ordered_words("places_surnames.txt"))


_NEXT_NAME = compiled.compile(r",\s((?:\p{Lu}\.){2}|\p{Lu}\p{Ll}++\.?(?:\s\p{Lu}\p{Ll}++)?)")


def _state_after(text: str, end: int) -> bool:
    """Whether ", <state or country>" follows: "Clark, N.J.", "Nelson, British Columbia"."""
    m = _NEXT_NAME.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    return word in abbreviations() or any(c.type in ("admin1", "country") for c in lookup(word))


@cache
def titles() -> frozenset[str]:
    return frozenset(lexicon.ordered_words("places_titles.txt"))


@cache
def name_tails() -> frozenset[str]:
    return frozenset(lexicon.ordered_words("places_name_tails.txt"))


@cache
def state_tails() -> frozenset[str]:
    return frozenset(lexicon.ordered_words("places_state_tails.txt"))


# "<Word>[.] [<Word>] [<Initial>.] <Surname>": a person when the first word is a given name or
# a title ("Sheriff Bob Jones", "Gen. Joseph Votel", "Isiah L. Booker").
_PERSON = compiled.compile(
    r"(?<![\p{L}])(?P<first>\p{Lu}\p{Ll}++)\.?\s(?:(?P<middle>\p{Lu}\p{Ll}++)\s)?(?:\p{Lu}\.\s)?"
    r"(?P<surname>\p{Lu}\p{Ll}++(?:['’\-]\p{Lu}\p{Ll}++)?)(?![\p{L}'’])"
)


# Where a person's name in the sense of _PERSON can start: a capitalized word before another.
_FIRST_WORD = compiled.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}++(?=\.?\s\p{Lu})")


@cache
def _person_firsts() -> frozenset[str]:
    return given_names() | titles()


def _person_names(text: str) -> frozenset[str]:
    """Surnames of the people an article names in full ("Sheriff Bob Jones", "Isiah L.
    Booker"): alone later on ("Jones said"), they are the person, not a town. Names of big
    places stay places ("George Washington" does not hide Washington)."""
    names = set()
    firsts = _person_firsts()
    # (cheap: only given names and titles go on; not concurrent, see _runs)
    for word in _FIRST_WORD.finditer(text, concurrent=False):
        if word.group() not in firsts:
            continue
        m = _PERSON.match(text, word.start())
        if m is None:
            continue
        surname = m.group("surname")
        if surname in given_names() or gazetteer.fold(surname) in stopwords():
            continue
        names.add(surname)
    return frozenset(n for n in names if not any(_big(p) for p in lookup(n)))


# Two or three capitalized words, no joints: "Kevin Ripley", "Chiquita Raquel Henry".
_PAIR = compiled.compile(r"\p{Lu}\p{Ll}++(?:\x20\p{Lu}\p{Ll}++){1,2}")


def _name_pairs(doc: Document, runs: list[tuple[int, int]]) -> frozenset[str]:
    """Last words of two- or three-word runs that name no place and start with a word that is
    no place, common word or nationality ("Kevin Ripley"): a person's surname, so that word
    alone later ("Ripley said") is that person. Title lines and sentence starts are left out,
    as they capitalize ordinary words."""
    text = doc.text
    names: set[str] = set()
    for start, end in runs:  # (runs of two or three plain words, see _sort_runs)
        last = _pair_surname(text[start:end])
        if last is None or last in names:
            continue
        if doc.section_at(start) == "title" or _starts_sentence(doc, start):
            continue
        names.add(last)
    return frozenset(names)


@lru_cache(maxsize=65536)
def _pair_surname(pair: str) -> str | None:
    """The last word of two or three plain words when, wherever they stand, they may be a
    person's name (see :func:`_name_pairs`): it names a place that is not big, the first word
    is no place, common word or nationality, and the words together name no place. Cached:
    names repeat."""
    words = pair.split(" ")
    first, last = words[0], words[-1]
    if first in demonyms() or not lookup(last) or _big_name(last):
        return None
    key = gazetteer.fold(first)
    if key in stopwords() or _IS_COMMON(key) or lookup(first) or lookup(pair):
        return None
    return last


def _big_name(word: str) -> bool:
    return any(_big(p) for p in lookup(word))


def _starts_sentence(doc: Document, offset: int) -> bool:
    if not _may_start_sentence(doc.text, offset):
        return False
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return True
    lead = _SENTENCE_LEAD.match(doc.text, sentence[0], offset)
    return lead is not None and lead.end() == offset


def _big(place: Place) -> bool:
    return place.type in ("country", "admin1") or place.population >= 500_000


def _hyphened_to_other(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """Joined by a hyphen to a capitalized word that is no place ("Wal-Mart", "Coca-Cola")."""
    for k in (i - 1, j + 1):
        if 0 <= k < len(toks) and toks[k].kind == "word":
            gap = text[toks[k].end : toks[i].start] if k < i else text[toks[j].end : toks[k].start]
            other = text[toks[k].start : toks[k].end]
            if other.isupper() or other in demonyms():
                continue  # "D-Charleston", "Watertown-ML", "Kurdish-Arab"
            if gap in ("-", "‑") and not _important(lookup(other)):
                return True
    return False


@cache
def demonyms() -> dict[str, str]:
    """Demonym as written ("Turkish") -> country code ("" for peoples of no one country)."""
    return {row[0]: (row[1] if len(row) > 1 else "") for row in lexicon.table("places_demonyms.tsv")}


@cache
def abbreviations() -> dict[str, tuple[str, str, str]]:
    """Short form as written ("Ga.") -> (country code, admin1 name or "", context)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in lexicon.table("places_abbreviations.tsv"):
        padded = (*row, "", "", "")
        out[padded[0]] = (padded[1], padded[2], padded[3] or "any")
    return out


@cache
def cues() -> dict[tuple[str, str], tuple[str, int]]:
    """(cue word, before|after) -> (place type, precision)."""
    return {(row[0].lower(), row[1]): (row[2], int(row[3])) for row in lexicon.table("places_cues.tsv")}


@cache
def _cue_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    before = lexicon.alternation([c for c, pos in cues() if pos == "before"])
    after = lexicon.alternation([c for c, pos in cues() if pos == "after"])
    facilities = lexicon.alternation(lexicon.ordered_words("places_facilities.txt"))
    cue_before = compiled.compile(rf"(?<![\p{{L}}])(?P<cue>{before})s?\sof\s(?:the\s)?\Z")
    head_after = compiled.compile(rf"\A\s(?P<cue>(?i:{after}))(?![\p{{L}}])")
    facility_after = compiled.compile(rf"\A\s(?P<fac>{facilities})(?![\p{{L}}])")
    return cue_before, head_after, facility_after


@cache
def _facility_initials() -> frozenset[str]:
    """The first letters of the facility names (as written): a name followed by none needs no
    facility pattern."""
    return frozenset(name[0] for name in lexicon.ordered_words("places_facilities.txt"))


# A list's joints: "Qamenas, Sarmin and Talamenes".
_LIST_AFTER = compiled.compile(r",\s(?:and\s|or\s)?|\s(?:and|or)\s")
_LIST_BEFORE = compiled.compile(r"(?:,\s(?:and\s|or\s)?|\s(?:and|or)\s)\Z")
# The character before the last space of such a joint: the comma, or the last letter of "and" or "or".
_LIST_BEFORE_ENDS = (",", "d", "r")
# Only runs right after "of " or "near " can have a cue before them.
_CUE_WORD_BEFORE = compiled.compile(r"(?:\sof|[Nn]ear)\s\Z")


@cache
def _unknown_cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Cues around a capitalized run the gazetteer does not know: before it ("the village of",
    "near"), after it ("governorate", ", 15 km southeast of", "'s main hospital")."""
    before = lexicon.alternation(
        [c for c, pos in cues() if pos == "before" and c not in ("area", "outskirts")]
    )
    after = lexicon.alternation(
        [c for c, pos in cues() if pos == "after" and c not in ("area", "city", "town")]
    )
    return (
        compiled.compile(rf"(?:(?<![\p{{L}}])(?P<cue>{before})s?\sof|(?P<near>(?i:near|outskirts\sof)))\s\Z"),
        compiled.compile(rf"\s(?P<cue>(?i:{after}))(?![\p{{L}}])"),
        compiled.compile(
            rf"(?:,\s(?:(?:about|some|around|roughly)\s)?(?:{_DISTANCE})?{_DIRECTION}\sof\s"
            r"|['’]s\s(?:main|only|largest|biggest|central|old|national)\s"
            r"(?:hospital|market|mosque|square|prison|stadium|bakery))"
        ),
    )


_IS_COMMON: Callable[[str], bool] = getattr(gazetteer, "is_common_word", lambda key: False)


@lru_cache(maxsize=65536)
def candidates_of(key: str) -> tuple[Place, ...]:
    """The gazetteer's candidates for a folded key (cached: names repeat across articles); a
    world region of places_regions.tsv stands alone ("Middle East" is no village)."""
    region = _regions().get(key)
    if region is not None:
        return (region,)
    return gazetteer.lookup_folded(key) if hasattr(gazetteer, "lookup_folded") else gazetteer.lookup(key)


@cache
def _regions() -> dict[str, Place]:
    return {
        gazetteer.fold(name): Place(None, name, "region", "", None, float(lat), float(lon), 0, "")
        for name, lat, lon in lexicon.table("places_regions.tsv")
    }


def lookup(surface: str) -> tuple[Place, ...]:
    return candidates_of(gazetteer.fold(surface))


# --- the scan ---------------------------------------------------------------------------


def find(doc: Document) -> tuple[list[Found], list[str]]:
    """Every place mention in ``doc`` (unresolved, in text order), and the country codes of the
    nationality words seen (evidence for resolution)."""
    text = doc.text
    found: list[Found] = []
    demonym_codes: list[str] = []
    max_tokens = max(1, min(gazetteer.max_name_tokens(), 12))
    pair_runs, cue_runs, list_runs, scan_runs = _sort_runs(text, _runs(text), max_tokens)
    scanner = _Scanner(doc, max_tokens, _person_names(text) | _name_pairs(doc, pair_runs))
    for start, end, plan in scan_runs:
        scanner.scan_run(start, end, plan, found, demonym_codes)
    found.extend(_unknown_names(text, cue_runs, found))
    found.sort(key=lambda f: (f.start, -f.end))
    found = _drop_overlaps(found)
    found = _list_members(text, list_runs, found)
    _accept_abbreviations(text, found)
    _link_anchors(text, found)
    return found, demonym_codes


_Spans = list[tuple[int, int]]


def _sort_runs(
    text: str, runs: _Spans, max_tokens: int
) -> tuple[_Spans, _Spans, _Spans, list[tuple[int, int, _Plan]]]:
    """One pass over the runs, keeping those each later step can use: runs of two or three
    plain words (person names, see :func:`_name_pairs`), runs that may have a cue around them
    (:func:`_unknown_names`), runs in or next to a list (:func:`_list_members`), runs the scan
    for names must read (:meth:`_Scanner.scan_run`)."""
    pairs: _Spans = []
    cued: _Spans = []
    listed: _Spans = []
    scanned: list[tuple[int, int, _Plan]] = []
    startswith = text.startswith
    endswith = text.endswith
    heads = _cue_words("after")
    # (the first letters of the head words: a word starting otherwise is none of them)
    size, initials = _head_starts()
    if _SHAPES_TOKENS[0] != max_tokens:  # (the shapes depend on it: one value per process)
        _SHAPES_TOKENS[0] = max_tokens
        _SHAPES.clear()
        _SHAPES_DOTTED.clear()
    shapes, dotted = _SHAPES, _SHAPES_DOTTED
    for run in runs:
        start, end = run
        # (the two characters after and before the run, read once for the tests below)
        after = text[end : end + 2]
        next_char = after[:1]
        name = text[start:end]
        if next_char == ".":
            shape = dotted.get(name)
            if shape is None:
                shape = _remember(dotted, name, _run_shape(name, True, max_tokens))
        else:
            shape = shapes.get(name)
            if shape is None:
                shape = _remember(shapes, name, _run_shape(name, False, max_tokens))
        is_pair, has_cue, has_joint, plan = shape
        before = text[start - 2 : start] if start >= 2 else ""
        if plan is not None:
            scanned.append((start, end, plan))
        if is_pair:
            pairs.append(run)
        # A cheap test before the cue patterns: "of X", "near X", "X province", "X, south of",
        # "X's main", "Camp X", "X Airfield" (the last two in the run itself).
        if has_cue or (
            before in ("f ", "r ") and endswith(("of ", "ear "), start - 4 if start > 4 else 0, start)
        ):
            cued.append(run)
        elif after == ", ":
            if " of " in text[end : end + 60]:
                cued.append(run)
        elif after in ("'s", "’s"):
            cued.append(run)
        elif next_char == " " and text[end + 1 : end + 1 + size].lower() in initials:
            word = text[end + 1 : end + 14].split(" ", 1)[0].rstrip(",.;:")
            if word.lower() in heads:
                cued.append(run)
        if (
            has_joint
            or next_char == ","
            or (before[:1] == "," if start >= 2 else startswith(",", start - 2))
            or (after in (" a", " o") and startswith((" and ", " or "), end))
            or (before in ("d ", "r ") and endswith((" and ", " or "), 0, start))
        ):
            listed.append(run)
    return pairs, cued, listed, scanned


_Shape = tuple[bool, bool, bool, "_Plan | None"]
# The shapes of the runs seen, by run, with no dot after the run and with one (plain dicts,
# emptied when full: a lookup in the loop costs no call, and an entry makes no object the
# collector tracks); the longest name's length they were made for.
_SHAPES: dict[str, _Shape] = {}
_SHAPES_DOTTED: dict[str, _Shape] = {}
_SHAPES_TOKENS = [0]
_MAX_CACHED = 65536  # (entries of each such dict cache)
_V = TypeVar("_V")


def _remember(cache: dict[str, _V], key: str, value: _V) -> _V:
    """Keep ``value`` in a bounded dict cache (emptied when full) and return it."""
    if len(cache) >= _MAX_CACHED:
        cache.clear()
    cache[key] = value
    return value


def _run_shape(run: str, dot_after: bool, max_tokens: int) -> _Shape:
    """What _sort_runs reads in a run itself (kept in _SHAPES: runs repeat): whether it is two or three
    plain words; whether it starts with a cue word or ends in a facility ("Camp X", "X
    Airfield"); whether it holds "and" or "or"; what the scan does in it (see :func:`_run_plan`),
    or None where it may skip it: a one-word run that names nothing ("The", "He", "Smith")
    unless a dot follows, or a run that holds no name and no nationality wherever it stands."""
    if run.isalpha():  # one plain word, most runs
        if not dot_after and _alpha_names_nothing(run):
            return _NO_SHAPE
        return False, False, False, _run_plan(run, (("word", 0, len(run)),), dot_after, max_tokens)
    plan = (
        None
        if _word_names_nothing(run) and not dot_after
        else _run_plan(run, _run_tokens(run), dot_after, max_tokens)
    )
    space = run.find(" ")
    if space == -1:
        return False, False, False, plan
    has_cue = run[:space].lower() in _cue_words("prefix") or (
        run.endswith(_facility_tails()) and _facility_end().search(run) is not None
    )
    return _PAIR.fullmatch(run) is not None, has_cue, " and " in run or " or " in run, plan


_NO_SHAPE: tuple[bool, bool, bool, None] = (False, False, False, None)


def _runs(text: str) -> list[tuple[int, int]]:
    """The spans of capitalized runs, each with the Arabic article written before it ("al-Bab").
    An article ends in a hyphen or apostrophe right before a run's capital, so only runs after
    one are looked at (not every such character of the text)."""
    # (concurrent=False: the engine would let go of the interpreter lock and take it back at
    # every run, which costs more than finding most runs)
    runs = [run.span() for run in _RUN.finditer(text, concurrent=False)]
    search = _ARTICLE_BEFORE.search
    for index, (start, end) in enumerate(runs):
        if start and text[start - 1] in _JOINTS:
            article = search(text, max(0, start - 4), start)
            if article is not None:
                runs[index] = (article.start(), end)
    return runs


# _starts_nothing of the words seen (a bounded dict cache, see _SHAPES).
_STARTS_NOTHING: dict[str, bool] = {}


def _starts_nothing(word: str) -> bool:
    """A capitalized word that starts no name, short form or nationality ("Obama", "Police"):
    the scan steps over it without probing its n-grams. Short words may be articles that fold
    only before the next word, and words in capitals are read as names in datelines, so both
    are left to the full probe."""
    if len(word) <= 3 or word.isupper() or word in _start_words():  # ("The": three letters)
        return False
    candidates, extends = _ENTRIES.get(word) or _name_entry(word)
    return not candidates and not extends


@cache
def _start_words() -> frozenset[str]:
    """The words _starts_nothing leaves to the full probe whatever the gazetteer says, in one
    set: nationalities, short forms with or without their dot ("Calif" of "Calif."), and the
    first words of two-word nationalities ("Sri" of "Sri Lankan")."""
    return _named_words().union(
        (short[:-1] for short in abbreviations() if short.endswith(".")),
        (name.split(" ", 1)[0] for name in demonyms() if " " in name),
    )


def _word_names_nothing(word: str) -> bool:
    """A one-word run that names no place, no nationality and no short form ("The", "He",
    "Smith"), unless a dot follows it (see :func:`find`)."""
    if " " in word or "-" in word or "‑" in word or "." in word or "'" in word or "’" in word:
        return False
    return _alpha_names_nothing(word)


def _alpha_names_nothing(word: str) -> bool:
    """:func:`_word_names_nothing` of a word with no space, hyphen, dot or apostrophe."""
    if word in _named_words():
        return False
    # (candidates_of without its cache: a region, else the probe's candidates)
    key = gazetteer.fold(word)
    return key not in _regions() and not gazetteer.probe(key)[0]


@cache
def _named_words() -> frozenset[str]:
    """Nationalities and short forms, in one set (see :func:`_alpha_names_nothing`)."""
    return frozenset([*demonyms(), *abbreviations()])


# _run_tokens of the runs seen (a bounded dict cache, see _SHAPES).
_TOKENS: dict[str, tuple[tuple[str, int, int], ...]] = {}


def _run_tokens(run: str) -> tuple[tuple[str, int, int], ...]:
    """The tokens of a capitalized run, with offsets in the run (cached: runs repeat). A run
    starts on a capital or an Arabic article, so no token depends on the text before it."""
    toks = _TOKENS.get(run)
    if toks is None:
        plain = _plain_tokens(run)
        toks = _remember(
            _TOKENS,
            run,
            plain
            if plain is not None
            else tuple((m.lastgroup or "word", m.start(), m.end()) for m in _TOKEN.finditer(run)),
        )
    return toks


_CONNECT_WORDS = frozenset(_CONNECT[3:-1].split("|"))


def _plain_tokens(run: str) -> tuple[tuple[str, int, int], ...] | None:
    """The tokens of a run of plain ASCII words joined by single spaces ("Gulf of Mexico"), as
    _TOKEN reads them, without the pattern: a capitalized word is a word, a lower-case one a
    joint ("of"); None for any other run (hyphens, dots, apostrophes, other letters)."""
    # (the letters tested in C for the whole run; an empty piece is neither kind, so None)
    if not run.isascii() or not run.replace(" ", "").isalpha():
        return None
    tokens = []
    at = 0
    for piece in run.split(" "):
        end = at + len(piece)
        if piece[:1].isupper():
            tokens.append(("word", at, end))
        elif piece in _CONNECT_WORDS:
            tokens.append(("con", at, end))
        else:
            return None
        at = end + 1
    return tuple(tokens)


# A name found in a run: (index of its last token, the surface whose _name_entry gives its
# candidates or "" for none, abbreviation). The surface, not the candidates: a hit then holds
# only strings and numbers, so the collector stops tracking the hits the run caches keep.
_Hit = tuple[int, str, tuple[str, str, str] | None]
# What _longest_in_run answers when a name in capitals needs its context to be read.
_NEEDS_CAPS: _Hit = (-1, "", None)


def _longest_in_run(
    run: str,
    i: int,
    dot_after: bool,
    max_tokens: int,
    caps: bool | None,
    toks: tuple[tuple[str, int, int], ...] | None = None,
) -> _Hit | None:
    """The longest name starting at token i of a run (see _Scanner._longest), a pure function of
    the run, whether a dot follows it, and (``caps``) whether a first word in capitals may be
    read as a name: None asks, and _NEEDS_CAPS is the answer when it matters. Not cached: its
    caller _run_plan is (through the run shapes), and a first pass over new texts hardly ever
    asks it twice. ``toks``: the run's tokens, where the caller has them."""
    if toks is None:
        toks = (("word", 0, len(run)),) if run.isalpha() else _run_tokens(run)
    first_kind, first_start, first_end = toks[i]
    best: _Hit | None = None
    short = None
    if first_kind == "word" or first_kind == "dot":
        word = run[first_start:first_end]
        shorts = abbreviations()
        if (
            run[first_end : first_end + 1] == "." if first_end < len(run) else dot_after
        ) and not word.endswith("."):
            dotted = word + "."
            if dotted in shorts:
                word = dotted
        short = shorts.get(word)
        if short is not None:
            best = (i, "", short)
    count = len(toks)
    for j in range(i, min(count, i + max_tokens)):
        kind, last_start, last_end = toks[j]
        if kind == "con" or kind == "art":
            continue
        surface = run[first_start:last_end]
        if j == i and kind == "word" and surface.isupper() and len(surface) > 1:
            if short is not None:
                break
            if caps is None:
                return _NEEDS_CAPS
            if not caps:
                break
            surface = surface.title()
        candidates, extends = _ENTRIES.get(surface) or _name_entry(surface)
        if (
            candidates
            and (short is None or j > i)
            and len(surface.strip(".")) > 1
            and not (i == j and first_kind == "dot")  # "U.N.": a short form only from the table
        ):
            best = (j, surface, None)
        if j + 1 == count or (last_end - last_start > 3 and not extends):
            break  # (a short word may be an article that folds only before the next word)
    return best


# What the scan does at a token, as far as the run alone tells (see _run_plan).
_SKIP, _PAIR_NATIONALITY, _TRY = 0, 1, 2
_Step = tuple[int, _Hit | None, str | None]


_Toks = tuple[tuple[str, int, int], ...]
# What the scan does in a run: its steps (one per token) and its tokens.
_Plan = tuple[tuple[_Step, ...], _Toks]
_SKIP_STEP: _Step = (_SKIP, None, None)


def _run_plan(run: str, toks: _Toks, dot_after: bool, max_tokens: int) -> _Plan | None:
    """Per token of a run, what _Scanner.scan_run does there before it looks at the context:
    (_SKIP, None, None) for a word that starts nothing, a joint or "The";
    (_PAIR_NATIONALITY, None, code) where the token and the next are a nationality ("Sri
    Lankan"); else (_TRY, the longest name there (_NEEDS_CAPS where a name in capitals needs the
    context), the nationality code of the word or None). A pure function of the run, whether a
    dot follows it and the longest name's length (its caller is cached). None where the scan
    finds neither a name nor a nationality in the run, wherever it stands: none of its steps
    tries a name or meets a nationality, so its loop takes one token at a time and asks nothing
    of the context."""
    nationalities = demonyms()
    known = _STARTS_NOTHING
    entries = _ENTRIES
    shorts = abbreviations()
    size = len(run)
    count = len(toks)
    steps: list[_Step] = []
    nothing = True
    for i, (kind, start, end) in enumerate(toks):
        word = run[start:end]
        if kind == "word":
            skip = known.get(word)
            if skip is None:
                skip = _remember(known, word, _starts_nothing(word))
            if skip:
                steps.append(_SKIP_STEP)
                continue
        if kind == "con" or word == "The":
            steps.append(_SKIP_STEP)
            continue
        pair = run[start : toks[i + 1][2]] if i + 1 < count else ""
        if pair in nationalities:
            steps.append((_PAIR_NATIONALITY, None, nationalities[pair]))
            nothing = False
            continue
        hit: _Hit | None
        if kind == "word" and len(word) > 3 and not word.isupper():
            # (a long word that starts no longer name, or the run's last word: its name is the
            # word alone or its short form, as _longest_in_run finds it, read without its loop)
            candidates, extends = entries.get(word) or _name_entry(word)
            if extends and i + 1 < count:
                hit = _longest_in_run(run, i, dot_after, max_tokens, None, toks)
            else:
                dotted = run[end : end + 1] == "." if end < size else dot_after
                short = shorts.get(word + "." if dotted and word + "." in shorts else word)
                if short is not None:
                    hit = (i, "", short)
                elif candidates:
                    hit = (i, word, None)
                else:
                    hit = None
        else:
            hit = _longest_in_run(run, i, dot_after, max_tokens, None, toks)
        code = nationalities.get(word)
        if hit is not None or code is not None:
            nothing = False
        steps.append((_TRY, hit, code))
    return None if nothing else (tuple(steps), toks)


def _absolute_tokens(run: str, start: int) -> list[_Tok]:
    """The tokens of a run starting at ``start`` of the text."""
    if run.isalpha():  # one plain word: its one token needs no tokenizer
        return [_Tok("word", start, start + len(run))]
    return _shifted(_run_tokens(run), start)


def _shifted(toks: _Toks, start: int) -> list[_Tok]:
    """A run's tokens (offsets in the run) as tokens of the text, the run starting at ``start``."""
    # (tuple.__new__ directly: a NamedTuple's own __new__ is a Python call per token)
    return [tuple.__new__(_Tok, (kind, start + s, start + e)) for kind, s, e in toks]


class _Scanner:
    def __init__(self, doc: Document, max_tokens: int, persons: frozenset[str]) -> None:
        self.doc = doc
        self.text = doc.text
        self.max_tokens = max_tokens
        self.persons = persons
        self._lower_words: frozenset[str] | None = None
        self._cue_patterns = _cue_patterns()
        self._facility_initials = _facility_initials()
        self._head_starts = _head_starts()

    def scan_run(
        self, start: int, end: int, plan: _Plan, found: list[Found], demonym_codes: list[str]
    ) -> None:
        text = self.text
        steps, run_toks = plan
        toks: list[_Tok] | None = None  # (made at the first name tried)
        count = len(steps)
        i = 0
        last_match_end = -1  # token index just past the last accepted match in this run
        while i < count:
            step, hit, code = steps[i]
            if step == _SKIP:
                i += 1  # ("The Gainesville Police": the article is no part of the name)
                continue
            if step == _PAIR_NATIONALITY:  # "Sri Lankan", "South Ossetian"
                if code:
                    demonym_codes.append(code)
                last_match_end = i = i + 2
                continue
            if hit is not None and toks is None:
                toks = _shifted(run_toks, start)
            if hit is _NEEDS_CAPS and toks is not None:
                hit = self._longest(toks, i, text[start:end], text.startswith(".", end))
            if hit is None or toks is None:
                if code is not None:
                    if code:
                        demonym_codes.append(code)
                    last_match_end = i + 1  # a nationality may stand before a place
                i += 1
                continue
            j, name, abbreviation = hit
            candidates = (_ENTRIES.get(name) or _name_entry(name))[0] if name else ()
            mention = (
                self._state_town(toks, i, j, candidates)
                if abbreviation is None and candidates and candidates[0].type == "admin1"
                else None
            )
            if mention is None:
                mention = self._accept(toks, i, j, candidates, abbreviation, last_match_end)
            if mention is not None:
                found.append(mention)
                while j + 1 < count and toks[j + 1].start < mention.end:
                    j += 1  # (the words the mention took in: "Tennessee Colony")
                last_match_end = j + 1
            i = j + 1

    def _longest(self, toks: list[_Tok], i: int, run: str, dot_after: bool) -> _Hit | None:
        """The longest name starting at token i: (last token index, candidates, abbreviation)."""
        hit = _longest_in_run(run, i, dot_after, self.max_tokens, None)
        if hit is _NEEDS_CAPS:
            hit = _longest_in_run(run, i, dot_after, self.max_tokens, self._caps_allowed(toks[i].start))
        return None if hit is _NEEDS_CAPS else hit

    def _state_town(self, toks: list[_Tok], i: int, j: int, candidates: tuple[Place, ...]) -> Found | None:
        """ "Tennessee Colony": a state's name and a settlement word make a town the gazetteer
        does not hold, so a place whose point is unknown rather than the state."""
        if not candidates or candidates[0].type != "admin1" or j + 1 >= len(toks):
            return None
        nxt = toks[j + 1]
        text = self.text
        if nxt.kind != "word" or nxt.start != toks[j].end + 1:
            return None
        if text[nxt.start : nxt.end] not in state_tails():
            return None
        start = toks[i].start
        return Found(start, nxt.end, text[start : nxt.end], ())

    def _caps_allowed(self, offset: int) -> bool:
        """A name in capitals is read only in a dateline ("AZAZ, Syria (Reuters) -"), also one
        opening a sentence inside the text ("CHARLESTON, W.Va. -- ...")."""
        if self.doc.section_at(offset) == "dateline":
            return True
        return (
            self._is_sentence_start(offset)
            and _CAPS_DATELINE.match(self.text[offset : offset + 80]) is not None
        )

    def _accept(
        self,
        toks: list[_Tok],
        i: int,
        j: int,
        candidates: tuple[Place, ...],
        abbreviation: tuple[str, str, str] | None,
        last_match_end: int,
    ) -> Found | None:
        text = self.text
        start, name_end = toks[i].start, toks[j].end
        if abbreviation is not None:
            name_end = start + len(_abbreviation_text(text, toks[i]))
            if not abbreviation[1] and (
                _adjectival(text, name_end) or _backed(text, name_end) or _org_follows(text, name_end)
            ):
                return None  # "U.S. forces", "UK officials", "US-led": a nationality, not a place
            found = Found(start, name_end, text[start:name_end], candidates)
            found.abbreviation = (abbreviation[0], abbreviation[1])
            found.context = abbreviation[2]
            return found
        cue_before, head_after, facility_after = self._cue_patterns
        window = text[start - 40 if start > 40 else 0 : start]
        qualifier = None
        precision = 1
        cued = facility = False
        end = name_end
        if window.endswith(("of ", "of the ")):
            cue = cue_before.search(window)
            if cue is not None:
                qualifier, precision = cues()[(cue.group("cue").lower(), "before")]
                cued = True
        if text.startswith(" ", name_end):
            after = text[name_end : name_end + 40]
            # (the first letters after the space first: most names are followed by no cue)
            initial = after[1:2]
            facility_initials = self._facility_initials
            size, head_starts = self._head_starts
            letters = after[1 : 1 + size]  # (a head word's first letters, see _head_starts)
            head = (
                head_after.match(after) if not letters.isascii() or letters.lower() in head_starts else None
            )
            if head is not None:
                qualifier, head_precision = cues()[(head.group("cue").lower(), "after")]
                precision, cued = max(precision, head_precision), True
                end = name_end + head.end()
            elif initial in facility_initials:
                fac = facility_after.match(after)
                if fac is not None:
                    facility, cued, precision = True, True, 2
                    end = name_end + fac.end()
        # (the tests that drop a name first: they need no precision)
        if not cued and self._looks_unlike_place(toks, i, j, candidates, last_match_end, window):
            return None
        if _org_before(window):
            return None  # "Islamic State of Iraq"
        if precision == 1 and _near_before(window):
            precision = 2
        if _backed(text, name_end):
            return None  # "Iran-backed", "US-led": who backs or leads, not where
        if not cued and _candidate_flags(candidates)[2] and _org_follows(text, name_end):
            return None  # "United States Treasury Department": an organization named after a country
        return Found(start, end, text[start:name_end], candidates, qualifier, precision, facility, cued)

    def _looks_unlike_place(
        self,
        toks: list[_Tok],
        i: int,
        j: int,
        candidates: tuple[Place, ...],
        last_match_end: int,
        window: str,
    ) -> bool:
        text = self.text
        surface = text[toks[i].start : toks[j].end]
        stop, given, surname, common = _surface_flags(surface)
        if stop:
            return True
        if _titled(window):
            return True
        if i == j and surface in self.persons:
            return True  # "Jones" where the article speaks of "Sheriff Bob Jones"
        count = len(toks)
        # (a hyphen right before or after the name first: most names have none)
        if (
            (i > 0 and text[toks[i].start - 1] in "-‑") or (j + 1 < count and text[toks[j].end] in "-‑")
        ) and _hyphened_to_other(text, toks, i, j):
            return True  # "Wal-Mart"
        # (whether the name is in the title: asked only where it matters, as it costs a search)
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and prev.kind == "word" and i > last_match_end and text[prev.end] == " ":
            word = text[prev.start : prev.end]
            if word in given_names() or word in titles():
                return True
            if (
                self.doc.section_at(toks[i].start) != "title"
                and not self._is_sentence_start(prev.start)
                and not _harmless_before(word)
            ):
                return True
        nxt = toks[j + 1] if j + 1 < count else None
        if nxt is not None and nxt.kind in ("word", "dot") and text[toks[j].end] == " ":
            word = text[nxt.start : nxt.end]
            pair = text[nxt.start : toks[j + 2].end] if j + 2 < count else ""
            if pair in name_tails():
                return True  # "Greenwich Mean Time", "Boston Red Sox"
            if word in name_tails() and not self._run_goes_on(toks, j + 1):
                return True  # "Washington Post", "Memphis St.", but "Florida Highway Patrol"
            if given and not _place_like(word) and self.doc.section_at(toks[i].start) != "title":
                return True  # "Jordan Smith", "Georgia Brown"
        important, area, _ = _candidate_flags(candidates)
        if given and not important:
            return True  # a given name that is only a small place somewhere
        if surname and not important and not _state_after(text, toks[j].end):
            return True  # "Jones said", but "Clark, N.J."
        if i != j or area:
            return False
        if common:
            # "Police", "Hope", "Union": an English word takes a big place's name only mid-sentence
            return not important or self._is_sentence_start(toks[i].start)
        # "Mobile phones ...": a word the article also writes in lower case starts the sentence
        # (a substring test in C first: most words are never written in lower case)
        lower = surface.lower()
        return lower in text and self._is_sentence_start(toks[i].start) and lower in self._lower()

    def _run_goes_on(self, toks: list[_Tok], k: int) -> bool:
        """Whether another capitalized word follows token k in the same run."""
        return k + 1 < len(toks) and toks[k + 1].kind == "word" and self.text[toks[k].end] == " "

    def _is_sentence_start(self, offset: int) -> bool:
        if not _may_start_sentence(self.text, offset):
            return False
        sentence = self.doc.sentence_at(offset)
        if sentence is None:
            return True
        lead = _SENTENCE_LEAD.match(self.text, sentence[0], offset)
        return lead is not None and lead.end() == offset

    def _lower(self) -> frozenset[str]:
        """The lower-case words of the document, read once when first needed."""
        if self._lower_words is None:
            self._lower_words = frozenset(regex.findall(r"(?<![\p{L}])\p{Ll}++(?![\p{L}])", self.text))
        return self._lower_words


@lru_cache(maxsize=65536)
def _surface_flags(surface: str) -> tuple[bool, bool, bool, bool]:
    """What _Scanner._looks_unlike_place asks of a name as written (cached: names repeat):
    whether it is a stopword or a nationality, a given name, a surname, a common English word."""
    key = gazetteer.fold(surface)
    return (
        key in stopwords() or surface in demonyms(),
        surface in given_names(),
        surface in surnames(),
        _IS_COMMON(key),
    )


# (important, a country or province among them, a country among them) of candidate tuples, by
# identity: the tuples come from the lookup caches, so they recur; each entry keeps its tuple
# alive, so an id is not reused while cached.
_FLAGS: dict[int, tuple[tuple[Place, ...], tuple[bool, bool, bool]]] = {}


def _candidate_flags(candidates: tuple[Place, ...]) -> tuple[bool, bool, bool]:
    """Whether the candidates hold an important place (see :func:`_important`), a country or
    a province, a country."""
    entry = _FLAGS.get(id(candidates))
    if entry is not None and entry[0] is candidates:
        return entry[1]
    flags = (
        _important(candidates),
        any(c.type in ("country", "admin1") for c in candidates),
        any(c.type == "country" for c in candidates),
    )
    if len(_FLAGS) >= 65536:
        _FLAGS.clear()
    _FLAGS[id(candidates)] = (candidates, flags)
    return flags


# What may open a sentence before its first word, and what a sentence ends with.
_LEAD_CHARS = frozenset(" \t\n\r\x0b\x0c\"'“‘([—–-")
_END_CHARS = frozenset(".!?\"'”’)]")


def _may_start_sentence(text: str, offset: int) -> bool:
    """False when the word at ``offset`` plainly continues a sentence: the last character
    before it (past spaces, quotes, brackets, dashes) ends no sentence and no line comes
    between. Only the remaining cases ask the document's sentence splitter."""
    at = offset - 1
    floor = max(0, offset - 20)
    while at >= floor and text[at] in _LEAD_CHARS:
        if text[at] == "\n":
            return True
        at -= 1
    return at < floor or text[at] in _END_CHARS


@cache
def _org_follows_pattern() -> regex.Pattern[str]:
    heads = lexicon.alternation(lexicon.ordered_words("places_org_heads.txt"))
    return compiled.compile(rf"\x20(?:\p{{Lu}}[\p{{L}}.]*+\x20){{0,2}}(?:{heads})(?![\p{{L}}])")


def _org_follows(text: str, end: int) -> bool:
    """An organization's head word within the next three capitalized words ("U.S. Central
    Command", "U.S. Department of State"): the name is part of the organization's."""
    return text.startswith(" ", end) and _org_follows_pattern().match(text, end) is not None


@cache
def _transliterated() -> frozenset[str]:
    return frozenset(c.upper() for c in lexicon.words("places_transliterated.txt"))


# Below this population a place in a Latin-script country answers only to its own name.
_ALTERNATE_FLOOR = 100_000


def _credible(key: str, candidates: tuple[Place, ...]) -> tuple[Place, ...]:
    """Candidates minus small places reached only through an alternate name in a country whose
    names need no transliteration ("Lions" is no name of Lyons, Colorado, in English text)."""
    if not candidates:
        return candidates
    transliterated = _transliterated()
    fold = gazetteer.fold
    kept = tuple(
        c
        for c in candidates
        if c.population >= _ALTERNATE_FLOOR
        or c.type == "country"
        or c.type == "admin1"
        or c.country_code in transliterated
        or c.geonames_id is None
        or fold(c.name) == key
    )
    return candidates if len(kept) == len(candidates) else kept


# _name_entry of the surfaces seen (a bounded dict cache, see _SHAPES).
_ENTRIES: dict[str, tuple[tuple[Place, ...], bool]] = {}


def _name_entry(surface: str) -> tuple[tuple[Place, ...], bool]:
    """What a surface names (credible candidates) and whether a longer name can start with it,
    cached by the surface as written: one probe per n-gram."""
    entry = _ENTRIES.get(surface)
    if entry is None:
        entry = _remember(_ENTRIES, surface, _new_name_entry(surface))
    return entry


def _new_name_entry(surface: str) -> tuple[tuple[Place, ...], bool]:
    key = gazetteer.fold(surface)
    region = _regions().get(key)
    if region is not None:
        return (region,), gazetteer.probe(key)[1]
    probed = gazetteer.probe(key)
    kept = _credible(key, probed[0])
    return probed if kept is probed[0] else (kept, probed[1])  # (no second tuple where none is dropped)


def _harmless_before(word: str) -> bool:
    """A capitalized word that may stand right before a place without making it part of a
    person's or organization's name: function words ("In Aleppo"), directions ("Northern
    Iraq"), nationalities ("Kurdish Afrin")."""
    return word in demonyms() or gazetteer.fold(word) in stopwords()


def _place_like(word: str) -> bool:
    """A word after a given name that does not make it a person's name: a head word, a common
    word, a month, or a notable place ("Jordan Valley", "Victoria Falls", "Georgia Power")."""
    folded = gazetteer.fold(word)
    return (
        folded in stopwords() or cues().get((word.lower(), "after")) is not None or _important(lookup(word))
    )


def _important(candidates: tuple[Place, ...]) -> bool:
    """A country, a big city, or a province or state of a populous country: worth reading as a
    place even where the word is also a given name ("Georgia", "Virginia"; not "Michael")."""
    return any(
        c.type == "country" or c.population >= 100_000 or (c.type == "admin1" and _populous(c.country_code))
        for c in candidates
    )


def _populous(code: str) -> bool:
    country = gazetteer.country(code)
    return country is not None and country.population >= 20_000_000


_BACKED = compiled.compile(
    r"[\-‑](?:led|backed|brokered|sponsored|funded|trained|supported|allied|aligned|armed|financed)(?![\p{L}])"
)


def _backed(text: str, end: int) -> bool:
    """ "Iran-backed", "US-led" (see _BACKED): only after a hyphen."""
    return text.startswith(("-", "‑"), end) and _BACKED.match(text, end) is not None


_NEXT_WORD = compiled.compile(r"\x20(\p{Ll}++)(?![\p{L}\-])")


def _adjectival(text: str, end: int) -> bool:
    """A country's short form used as an adjective: followed by a lower-case noun."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    return (
        word not in lexicon.words("places_function_words.txt")
        and (
            word not in lexicon.words("places_actor_verbs.txt")
            or word in ("strike", "strikes", "support", "sanctions", "attacks")
        )
        and not word.endswith(("ly", "ed"))
    )


def _abbreviation_text(text: str, tok: _Tok) -> str:
    word = text[tok.start : tok.end]
    if tok.end < len(text) and text[tok.end] == "." and not word.endswith("."):
        dotted = word + "."
        if dotted in abbreviations():
            return dotted
    return word


# --- names from cues only ---------------------------------------------------------------


def _unknown_names(text: str, runs: list[tuple[int, int]], known: list[Found]) -> list[Found]:
    """Names the gazetteer lacks, from a cue around their capitalized run. A cue's name that
    holds a shorter gazetteer match ("near Tell Hadya", where only "Tell" is known) replaces it."""
    before, after, following = _unknown_cues()
    spans = sorted((f.start, f.end) for f in known)
    starts = [span[0] for span in spans]
    out: list[Found] = []
    replaced: set[tuple[int, int]] = set()
    for run_start, run_end in runs:  # (runs with a cue around them, see _sort_runs)
        toks = _absolute_tokens(text[run_start:run_end], run_start)
        found = _cued_name(text, toks, before, after, following)
        if found is None:
            continue
        # known mentions overlapping this one: those starting at most 200 characters before it
        lo = bisect.bisect_left(starts, found.start - 200)
        hi = bisect.bisect_left(starts, found.end, lo)
        inside = [(s, e) for s, e in spans[lo:hi] if found.start < e]
        if inside and not all(
            found.start <= s and e <= found.end and (s, e) != (found.start, found.end) for s, e in inside
        ):
            continue
        replaced.update(inside)
        out.append(found)
    if replaced:
        known[:] = [f for f in known if (f.start, f.end) not in replaced]
    return out


@cache
def _cue_words(position: str) -> frozenset[str]:
    return frozenset(word for word, pos in cues() if pos == position)


@cache
def _head_starts() -> tuple[int, frozenset[str]]:
    """How many first letters of a head word after a name the run sorting tests, and those
    letters of every head word: two where all head words are ASCII and longer than one letter
    (the first two letters of a word are then those of its lower case), else one."""
    heads = _cue_words("after")
    size = 2 if all(len(word) >= 2 and word.isascii() for word in heads) else 1
    return size, frozenset(word[:size] for word in heads)


@cache
def _facility_tails() -> tuple[str, ...]:
    """The last words of the facility names: a run ending in none of them names no facility."""
    return tuple({name.split()[-1] for name in lexicon.ordered_words("places_facilities.txt")})


@cache
def _facility_end() -> regex.Pattern[str]:
    facilities = lexicon.alternation(lexicon.ordered_words("places_facilities.txt"))
    return compiled.compile(rf"(?r)\s(?:{facilities})\Z")


def _cued_name(
    text: str,
    toks: list[_Tok],
    before: regex.Pattern[str],
    after: regex.Pattern[str],
    following: regex.Pattern[str],
) -> Found | None:
    if len(toks) >= 2:
        first = text[toks[0].start : toks[0].end]
        prefix = cues().get((first.lower(), "prefix"))
        if prefix is not None and toks[1].kind == "word":  # "Camp Hurriya", "Kafr Nabl"
            name = _name_tokens(toks)
            found = Found(name[0].start, name[-1].end, text[name[0].start : name[-1].end], (), cued=True)
            found.qualifier, found.precision = prefix
            if _NEAR_BEFORE.search(text[max(0, found.start - 40) : found.start]):
                found.precision = 2
            return found
        if (
            len(toks) <= 5
            and text.endswith(_facility_tails(), toks[0].start, toks[-1].end)
            and _facility_end().search(text, toks[0].start, toks[-1].end)
        ):
            start, end = toks[0].start, toks[-1].end  # "Tiyas Military Airfield"
            return Found(start, end, text[start:end], (), cued=True, qualifier="other", facility=True)
    # The name is the run's first words when the cue stands before it, its last when after.
    start = toks[0].start
    cue = None
    # (the letters before the last space first: "of" or "ear" of "near")
    if text[start - 3 : start - 1] in ("of", "ar") and _CUE_WORD_BEFORE.search(
        text, max(0, start - 16), start
    ):
        cue = before.search(text, max(0, start - 30), start)
    if cue is not None:
        name = _name_tokens(toks)
    else:
        tail = _tail_tokens(toks)
        end = tail[-1].end if tail else toks[-1].end
        # (a head word follows a space, the other cues a comma or an apostrophe)
        if text[end : end + 1] == " ":
            cue = after.match(text, end, min(len(text), end + 30))
        elif end < len(text) and text[end] in ",'’":
            cue = following.match(text, end, min(len(text), end + 80))
        name = tail
    if cue is None or not name:
        return None
    start, end = name[0].start, name[-1].end
    surface = text[start:end]
    first = text[name[0].start : name[0].end].split("-")[0]
    if gazetteer.fold(surface) in stopwords() or surface in demonyms():
        return None
    if (
        first in given_names()
        or first in titles()
        or first in demonyms()
        or gazetteer.fold(first) in stopwords()
    ):
        return None
    found = Found(start, end, surface, (), cued=True, qualifier="other")
    groups = cue.groupdict()
    if groups.get("cue"):
        position = "before" if cue.end() <= start else "after"
        found.qualifier, found.precision = cues()[(groups["cue"].lower(), position)]
        if position == "after":
            found.end = cue.end()
    elif groups.get("near"):
        found.precision = 2
    return found


def _tail_tokens(toks: list[_Tok]) -> list[_Tok]:
    """Up to four trailing words of a run after any "of"/"and", starting on a capitalized word
    (:func:`_name_tokens` read from the end)."""
    first = len(toks)
    floor = max(0, first - 4)
    while first > floor and toks[first - 1].kind != "con":
        first -= 1
    while first < len(toks) and toks[first].kind == "art":
        first += 1
    return toks[first:]


def _name_tokens(toks: list[_Tok]) -> list[_Tok]:
    """Up to four leading words of a run before any "of"/"and", ending on a capitalized word."""
    name: list[_Tok] = []
    for tok in toks:
        if tok.kind == "con" or len(name) == 4:
            break
        name.append(tok)
    while name and name[-1].kind == "art":
        name.pop()
    return name


def _drop_overlaps(found: list[Found]) -> list[Found]:
    """Sorted by start; keep the first (longest at its start) of overlapping mentions."""
    out: list[Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def _accept_abbreviations(text: str, found: list[Found]) -> None:
    """State abbreviations that are also words ("Ind.", "La.", "Miss.") count only right after
    "<place>, " as in "Alexandria, La."."""
    keep: list[Found] = []
    for f in found:
        if f.abbreviation is not None and f.context == "after_place":
            prev = keep[-1] if keep else None
            joint = text[prev.end : f.start] if prev is not None else ""
            if not (joint == "," or (len(joint) == 2 and joint[0] == "," and joint[1].isspace())):
                continue
        keep.append(f)
    found[:] = keep


def _list_members(text: str, runs: list[tuple[int, int]], found: list[Found]) -> list[Found]:
    """Unknown names listed with a known place are places too ("the attacks in Qamenas, Sarmin
    and Talamenes"): each takes its known neighbour's point."""
    starts = {f.start: f for f in found if f.candidates}
    ends = {f.end: f for f in found if f.candidates}
    covered = {f.start for f in found}
    added: list[Found] = []
    # (runs in or next to a list, see _sort_runs)
    pieces = [(start + s, start + e) for start, end in runs for s, e in _name_pieces(text[start:end])]
    for start, end in pieces:
        if start in covered or end - start > 40:
            continue
        # (a joint starts with a comma or a space and ends with a space: tested before the patterns)
        after = text[end : end + 1]
        # (after a space, only "and" or "or" can follow)
        nxt = (
            _LIST_AFTER.match(text, end, min(len(text), end + 6))
            if after == "," or (after.isspace() and text.startswith(("and", "or"), end + 1))
            else None
        )
        neighbour = None
        if nxt is not None and nxt.end() in starts:
            neighbour = starts[nxt.end()]
            joint = nxt.group()
            far = _LIST_AFTER.match(text, neighbour.end, min(len(text), neighbour.end + 6))
        elif text[start - 1 : start].isspace() and text[start - 2 : start - 1] in _LIST_BEFORE_ENDS:
            prv = _LIST_BEFORE.search(text, max(0, start - 6), start)
            if prv is not None and prv.start() in ends:
                neighbour = ends[prv.start()]
                joint = prv.group()
                far = _LIST_BEFORE.search(text, max(0, neighbour.start - 6), neighbour.start)
        if neighbour is None:
            continue
        if "and" not in joint and "or" not in joint and far is None:
            continue  # "Nina Webb-Lawton, Dublin Arts Council": an apposition, not a list
        toks = _absolute_tokens(text[start:end], start)
        name = _name_tokens(toks)
        if not name or name[-1].end != end or len(name) > 3:
            continue
        surface = text[start:end]
        first = text[name[0].start : name[0].end]
        if (
            gazetteer.fold(surface) in stopwords()
            or surface in demonyms()
            or first in given_names()
            or first in titles()
            or _IS_COMMON(gazetteer.fold(surface))
            or gazetteer.fold(first) in stopwords()
            or _IS_COMMON(gazetteer.fold(first))
            or surface.endswith(_NOT_NAME_ENDINGS)
            or (len(added) < _MAX_LIST_CHECKS and _written_lower(text, surface))
        ):
            continue
        member = Found(start, end, surface, (), cued=True, qualifier="other")
        member.listed = "next" if neighbour.start > end else "prev"
        added.append(member)
    if not added:
        return found
    return sorted([*found, *added], key=lambda f: (f.start, -f.end))


@lru_cache(maxsize=65536)
def _name_pieces(run: str) -> tuple[tuple[int, int], ...]:
    """The spans of _NAME_RUN in a run, relative to it (cached: runs repeat). Its lookbehind
    passes at a run's start, as the run's own does, and its lookahead at the run's end. One
    word of letters after an ASCII capital is one piece, found without the pattern."""
    if "A" <= run[:1] <= "Z" and run.isalpha():
        return ((0, len(run)),)
    return tuple(m.span() for m in _NAME_RUN_RE.finditer(run))


# English word endings that no place name in a list has ("Editing", "Development").
_NOT_NAME_ENDINGS = ("ing", "ed", "tion", "ment", "ness", "ly", "ism", "ists")
# How many list members are checked against the article's lower-case words (each a text scan).
_MAX_LIST_CHECKS = 50


def _written_lower(text: str, word: str) -> bool:
    """Whether the article also writes this word in lower case: a common word, not a name."""
    lower = word.lower()
    if lower not in text:
        return False  # a substring test in C rules out most words before a pattern is built
    return regex.search(rf"(?<![\p{{L}}]){regex.escape(lower)}(?![\p{{L}}])", text) is not None


def _link_anchors(text: str, found: list[Found]) -> None:
    """ "X, 15 km southeast of Y": X takes Y's point when X itself is unknown; so does an
    unknown name listed next to a known place."""
    for index, f in enumerate(found):
        side = f.listed
        if side == "next" and index + 1 < len(found):
            f.anchor = index + 1
        elif side == "prev" and index > 0:
            f.anchor = index - 1
    for index, f in enumerate(found[:-1]):
        # (the next mention within reach of the pattern, with an "of" before it, tested first)
        following = found[index + 1].start
        if not (f.end <= following <= f.end + 80 and text.find("of", f.end, following) != -1):
            continue
        m = _ANCHOR_AFTER.match(text, f.end, min(len(text), f.end + 80))
        if m is not None and following == m.end():
            f.anchor = index + 1
