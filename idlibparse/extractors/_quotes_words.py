"""The vocabulary of attribution, loaded once from ``idlibparse/data/quotes_*``: speech verbs with
their lemma, tense and whether they take a clause; speaker cues and their types; person titles;
country names; pronouns."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

import regex

from idlibparse import compiled, lexicon


@cache
def grammar(name: str) -> frozenset[str]:
    """A set of function words from quotes_grammar.tsv, case kept."""
    for key, entries in lexicon.table("quotes_grammar.tsv"):
        if key == name:
            return frozenset(entries.split())
    raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Verb:
    form: str
    lemma: str
    tense: str  # present|past|participle|base
    clause: int  # 0 no reported clause, 1 only after "that", 2 with or without "that"


@cache
def verbs() -> dict[str, Verb]:
    """Speech verb forms (lower case) to their entries."""
    return {
        form.lower(): Verb(form.lower(), lemma, tense, int(clause))
        for form, lemma, tense, clause in lexicon.table("quotes_speech_verbs.tsv")
    }


class Hit:
    """A word found by a scan, with the start/end/group interface of a regex match; the hot
    loops read the attributes ``at``, ``stop`` and ``word`` directly."""

    __slots__ = ("at", "stop", "word")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.at, self.stop, self.word = start, end, text

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.word


# Lower-case words (speech verbs are found in lower case only: a capitalized "Says" is rarer in
# attribution than a name such as "Post"). The standard library's engine scans plain words
# several times faster than an alternation of hundreds of verb forms would.
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-z]++(?![\w’'\-])")


def verb_hits(text: str, start: int = 0, end: int | None = None) -> list[Hit]:
    """Every speech verb form in text[start:end], in order."""
    table = verbs()
    stop = len(text) if end is None else end
    return [
        Hit(m.start(), m.end(), m.group())
        for m in _LOWER_WORD.finditer(text, start, stop)
        if m.group() in table
    ]


def verb_at(text: str, pos: int, end: int) -> Hit | None:
    """The speech verb starting exactly at ``pos``, if any."""
    m = _LOWER_WORD.match(text, pos, end)
    return Hit(m.start(), m.end(), m.group()) if m and m.group() in verbs() else None


def first_verb(text: str, pos: int, end: int) -> Hit | None:
    """The first usable speech verb in text[pos:end]."""
    table = verbs()
    for m in _LOWER_WORD.finditer(text, pos, end):
        if m.group() in table:
            hit = Hit(m.start(), m.end(), m.group())
            if usable(text, hit):
                return hit
    return None


class Found:
    """The speech verbs of one text as scan() found them, read again by position: what
    verb_hits, verb_at and first_verb would find in a part of the text, without scanning it
    again. The scan finds every whole word that is a form; a scan of a part finds the same words
    except where the part ends inside a run of letters (the run cut short there), and there the
    part is scanned as before."""

    __slots__ = ("hits", "starts", "text")

    def __init__(self, text: str, hits: list[Hit]) -> None:
        self.text, self.hits = text, hits
        self.starts = [h.at for h in hits]

    def _cut(self, end: int) -> bool:
        """Whether ``end`` falls after a lower-case letter and before a character that goes on a
        word, where a scan that stops at ``end`` reads a word the whole text does not have."""
        text = self.text
        if end <= 0 or end >= len(text) or not "a" <= text[end - 1] <= "z":
            return False
        c = text[end]
        return c.isalnum() or c in "_’'-"

    def between(self, start: int, end: int) -> list[Hit]:
        """verb_hits(text, start, end)."""
        if self._cut(end):
            return verb_hits(self.text, start, end)
        starts = self.starts
        return self.hits[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def at(self, pos: int, end: int) -> Hit | None:
        """verb_at(text, pos, end)."""
        if self._cut(end):
            return verb_at(self.text, pos, end)
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.starts) and self.starts[i] == pos and self.hits[i].stop <= end:
            return self.hits[i]
        return None

    def first(self, pos: int, end: int) -> Hit | None:
        """first_verb(text, pos, end)."""
        if self._cut(end):
            return first_verb(self.text, pos, end)
        text, hits, starts = self.text, self.hits, self.starts
        for i in range(bisect.bisect_left(starts, pos), bisect.bisect_left(starts, end)):
            if usable(text, hits[i]):
                return hits[i]
        return None


# Words before a verb form that make it a noun ("the reports", "observation posts" aside).
_NOUN_BEFORE = grammar("noun_before")
# Lower-case words after which a base form is a verb ("they say", "would say", "people say").
_BEFORE_BASE = grammar("before_base_form")


def usable(text: str, m: Hit) -> bool:
    """Whether a speech verb form found at ``m`` is used as a verb: not after a determiner
    ("the reports"), not a noun after an adjective ("an open question"), not inside a source
    name ("state TV")."""
    at, word = m.at, m.word
    before = text[max(0, at - 24) : at].rsplit(None, 1)  # only the last word is read
    prev = before[-1].lower().strip(",;") if before else ""
    if prev in _NOUN_BEFORE:
        return False
    base, starts_cue = _form_traits()[word]
    if (
        base
        and prev[:1].isalpha()
        and before[-1][:1].islower()
        and not (prev.endswith(("s", "ly", "n’t", "n't")) or prev in _BEFORE_BASE)
    ):
        return False
    return not starts_cue or not cue_phrase().match(text, at)


@cache
def _form_traits() -> dict[str, tuple[bool, bool]]:
    """Each speech verb form to whether it is a base form and whether a speaker cue of several
    words starts with it: what usable() asks of every verb."""
    firsts = _cue_phrase_firsts()
    return {form: (entry.tense == "base", form in firsts) for form, entry in verbs().items()}


@cache
def _cue_phrase_firsts() -> frozenset[str]:
    """First words of the speaker cues of several words: only these can start one."""
    return frozenset(cue.split()[0] for cue, _ in lexicon.table("quotes_speaker_cues.tsv") if " " in cue)


@cache
def cue_phrase() -> regex.Pattern[str]:
    """Speaker cues of several words, to tell "state TV" (a source) from "state" (a verb)."""
    phrases = [cue for cue, _ in lexicon.table("quotes_speaker_cues.tsv") if " " in cue]
    return compiled.compile(rf"(?:{lexicon.alternation(phrases)})(?![\w-])")


# Words of a speaker phrase, for looking its cues up: "U.N.", "al-Qaeda", "Shi’ite", "TV".
_CUE_WORD = re.compile(r"[\w’'\-]+(?:\.[\w’'\-]+)*\.?")
_MAX_CUE_WORDS = 6


@cache
def _cue_index() -> tuple[dict[str, str], dict[str, str]]:
    """Cues written with capitals (matched as written: AP, WHO, Post) and lower-case cues
    (matched in any case), each to its type; the first row for a cue wins."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for cue, kind in lexicon.table("quotes_speaker_cues.tsv"):
        key = " ".join(cue.split())
        if key != key.lower():
            exact.setdefault(key, kind)
        else:
            folded.setdefault(key, kind)
    return exact, folded


def cue_kinds(phrase: str) -> set[str]:
    """The speaker types whose cues occur in ``phrase`` as whole words."""
    longest = _cue_first_words()
    if phrase.isascii():
        # most phrases hold no word a cue starts with: told at once from the lower-cased words
        # (on ASCII text, the words of the lower-cased phrase are its words lower-cased)
        lows = _CUE_WORD.findall(phrase.lower())
        if longest.keys().isdisjoint(lows) and (
            "." not in phrase or longest.keys().isdisjoint([w.rstrip(".") for w in lows])
        ):
            return set()
    exact, folded = _cue_index()
    toks = _CUE_WORD.findall(phrase)
    found: set[str] = set()
    bare: list[str] = []  # each word without its final dots, once needed
    count = len(toks)
    for i, tok in enumerate(toks):
        low = tok.lower()
        most = longest.get(low, 0)
        if tok.endswith("."):  # "Gen." is also looked up as "Gen"
            most = max(most, longest.get(low.rstrip("."), 0))
        if not most:
            continue  # most words start no cue
        if not bare:
            bare = [t.rstrip(".") for t in toks]
        for n in range(i + 1, min(i + most, count) + 1):
            gram = " ".join(toks[i:n])
            kind = exact.get(gram) or folded.get(gram.lower())
            if kind:
                found.add(kind)
            bare_gram = " ".join(bare[i:n])
            if bare_gram != gram:  # the same words looked up again would add the same type
                kind = exact.get(bare_gram) or folded.get(bare_gram.lower())
                if kind:
                    found.add(kind)
    return found


@cache
def _cue_first_words() -> dict[str, int]:
    """First word of the cues (lower case) to the most words a cue starting with it has."""
    longest: dict[str, int] = {}
    for cue, _ in lexicon.table("quotes_speaker_cues.tsv"):
        parts = cue.split()
        first = parts[0].lower()
        longest[first] = max(longest.get(first, 0), min(len(parts), _MAX_CUE_WORDS))
    return longest


@cache
def cue_words() -> frozenset[str]:
    """Every lower-case word of the speaker cues ("state", "ministry", "media", "unit")."""
    out: set[str] = set()
    for cue, _ in lexicon.table("quotes_speaker_cues.tsv"):
        if len(cue.split()) <= 2:  # names of sources ("state TV"), not phrases ("who declined to ...")
            out.update(w for w in cue.split() if w.islower() and len(w) > 2)
    return frozenset(out)


@cache
def type_order() -> tuple[str, ...]:
    return lexicon.ordered_words("quotes_speaker_types.txt")


_WORD_RUN = re.compile(r"\w+")


def has_title(phrase: str) -> bool:
    """Whether a title or rank stands before a capitalized name in ``phrase``. A title's first
    run of letters must be among the phrase's: a set check rules most phrases out."""
    if _title_firsts().isdisjoint(_WORD_RUN.findall(phrase)):
        return False
    return titles().search(phrase) is not None


def lacks_cue_and_title(phrase: str) -> bool:
    """True when ``phrase`` surely holds no speaker cue and no title (cue_kinds() is empty,
    has_title() False), told from one set test: on ASCII text, a cue's or a title's first run of
    word characters, lower-cased, is then a run of the lower-cased phrase."""
    return phrase.isascii() and _named_firsts().isdisjoint(_WORD_RUN.findall(phrase.lower()))


@cache
def _named_firsts() -> frozenset[str]:
    """The first runs of word characters of the cues' first words and of the titles, lower case
    (every cue's first word starts with a word character)."""
    runs = {m.group() for first in _cue_first_words() if (m := _WORD_RUN.match(first))}
    return frozenset(runs | {t.lower() for t in _title_firsts()})


@cache
def _title_firsts() -> frozenset[str]:
    return frozenset(
        m.group() for t in lexicon.ordered_words("quotes_person_titles.txt") if (m := _WORD_RUN.search(t))
    )


@cache
def titles() -> regex.Pattern[str]:
    """A person's title or rank followed by a capitalized name."""
    alt = lexicon.alternation(lexicon.ordered_words("quotes_person_titles.txt"))
    return compiled.compile(rf"(?<![\w-])(?:{alt})(?![\w-])\s++(?:\p{{Lu}}[\w.’'-]*+\s*+){{1,4}}")


@cache
def countries() -> frozenset[str]:
    return lexicon.words("quotes_countries.txt")


@cache
def pronouns() -> dict[str, tuple[frozenset[str], str]]:
    """Pronoun (lower case) to (compatible speaker types, number)."""
    return {
        p: (frozenset(types.split(",")), number) for p, types, number in lexicon.table("quotes_pronouns.tsv")
    }


@cache
def content_objects() -> dict[str, frozenset[str]]:
    """Lemma to the prepositions that introduce what was said ("-" for a direct object)."""
    found: dict[str, set[str]] = {}
    for lemma, preposition in lexicon.table("quotes_content_objects.tsv"):
        found.setdefault(lemma, set()).add(preposition)
    return {lemma: frozenset(preps) for lemma, preps in found.items()}


@cache
def _topic_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word of each topic cue to the words that must follow it."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in lexicon.ordered_words("quotes_topic_cues.txt"):
        first, *rest = cue.split()
        index.setdefault(first, []).append(tuple(rest))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@cache
def _topic_seconds() -> dict[str, frozenset[str]]:
    """First word of each topic cue to the second words of its cues (every cue has two or more)."""
    return {first: frozenset(tail[0] for tail in tails) for first, tails in _topic_index().items()}


_SPACE_WORD = re.compile(r"\s++([a-z]++)")


def topic_hits(text: str, words: list[Hit] | None = None) -> list[Hit]:
    """Each noun or verb of saying with the preposition that introduces what it was about
    ("questions about", "called for"); the hit ends after the preposition's following space."""
    index = _topic_index()
    hits = []
    if words is None:
        words = [Hit(m.start(), m.end(), m.group()) for m in _LOWER_WORD.finditer(text) if m.group() in index]
    seconds = _topic_seconds()
    for m in words:
        tails = index.get(m.group())
        if not tails:
            continue
        w = _SPACE_WORD.match(text, m.end())
        if not w or w.group(1) not in seconds[m.group()]:
            continue  # no cue goes on with the next word: the word after it is not read
        pos, following = w.end(), [(w.group(1), w.end())]
        w = _SPACE_WORD.match(text, pos)
        if w:
            following.append((w.group(1), w.end()))
        for tail in tails:
            if len(tail) <= len(following) and all(following[k][0] == tail[k] for k in range(len(tail))):
                end = following[len(tail) - 1][1]
                if end < len(text) and text[end].isspace():
                    hits.append(Hit(m.start(), end + 1, text[m.start() : end]))
                break
    return hits


@cache
def _scan_pattern() -> re.Pattern[str]:
    """Every speech verb form and every first word of a topic cue, as whole lower-case words,
    after a space: a pattern that starts with a literal lets the engine skip ahead fastest. A word
    after any other character that is not part of a word is found by _OTHER_LEAD, and a word at
    the very start of the text is looked up on its own."""
    return compiled.std_compile(rf" ({lexicon.trie_alternation(_scan_forms())})(?![\w’'\-])")


@cache
def _scan_forms() -> list[str]:
    return sorted(set(verbs()) | set(_topic_index()))


# A run of lower-case letters after a character other than a space that may stand before a form
# (no word character, no apostrophe or hyphen). The class is written with ASCII ranges, which the
# engine tests faster than ``\w``; the non-ASCII letters and digits it lets through are turned
# away after.
_OTHER_LEAD = re.compile(r"[^a-zA-Z0-9_ ’'\-]([a-z]++)(?![\w’'\-])")
# On ASCII text, _OTHER_LEAD's matches are found faster from a copy of the text with each
# character replaced by its class ("a" a lower-case letter, " " a space, "W" any other character
# that goes on a word, "#" the rest): a match is a "#a" there, its run of "a" not followed by "W"
# (on ASCII text no "’" can stand and ``\w`` is [A-Za-z0-9_]).
_ASCII_CLASSES = "".join(
    "a" if "a" <= c <= "z" else " " if c == " " else "W" if c.isalnum() or c in "_'-" else "#"
    for c in map(chr, range(128))
)


# The same classes for a text encoded to ASCII with "?" for each character outside it (which keeps
# every offset): such a character is then of class "#", and is read again in the text.
_BYTE_CLASSES = _ASCII_CLASSES.encode("ascii") + b"#" * 128


def _other_leads(text: str) -> list[tuple[int, str]]:
    """Where each lower-case word _OTHER_LEAD finds starts, and the word, for a word after a
    character that is not alphanumeric (the class lets non-ASCII letters and digits through)."""
    if not text.isascii():
        return _other_leads_wide(text)
    classes = text.translate(_ASCII_CLASSES)
    size = len(classes)
    found = []
    lead = classes.find("#a")
    while lead >= 0:
        end = lead + 2
        while end < size and classes[end] == "a":
            end += 1
        if end == size or classes[end] != "W":
            found.append((lead + 1, text[lead + 1 : end]))
        lead = classes.find("#a", end)
    return found


def _other_leads_wide(text: str) -> list[tuple[int, str]]:
    """_other_leads() of a text with characters outside ASCII, read from the classes of its
    ASCII encoding: a character outside ASCII on either side of a run of lower-case letters is
    read in the text (a letter or a digit, or "’", lead no word and end none)."""
    classes = text.encode("ascii", "replace").translate(_BYTE_CLASSES)
    size = len(classes)
    found = []
    lead = classes.find(b"#a")
    while lead >= 0:
        end = lead + 2
        while end < size and classes[end] == 97:  # "a"
            end += 1
        if (end == size or classes[end] != 87) and not (  # "W"
            _wide_word_char(text[lead]) or (end < size and _wide_word_char(text[end]))
        ):
            found.append((lead + 1, text[lead + 1 : end]))
        lead = classes.find(b"#a", end)
    return found


def _wide_word_char(c: str) -> bool:
    """Whether ``c``, of class "#", is a character outside ASCII that goes on a word."""
    return not c.isascii() and (c.isalnum() or c == "’")


def scan(text: str) -> tuple[list[Hit], list[Hit]]:
    """The speech verbs and the topic cues of the text, in order: one pass for the words after a
    space, one (most often short) for the words after any other character."""
    table, index = verbs(), _topic_index()
    verb_list: list[Hit] = []
    topic_words: list[Hit] = []
    first = _LOWER_WORD.match(text)
    if first:  # every form is a run of lower-case letters: the whole run must be one
        word = first.group()
        if word in table:
            verb_list.append(Hit(0, first.end(), word))
        if word in index:
            topic_words.append(Hit(0, first.end(), word))
    for m in _scan_pattern().finditer(text):
        word = m.group(1)
        at = m.start() + 1
        if word in table:
            verb_list.append(Hit(at, at + len(word), word))
        if word in index:
            topic_words.append(Hit(at, at + len(word), word))
    others = 0
    for at, word in _other_leads(text):
        if word in table or word in index:
            if word in table:
                verb_list.append(Hit(at, at + len(word), word))
            if word in index:
                topic_words.append(Hit(at, at + len(word), word))
            others += 1
    if others:
        verb_list.sort(key=_AT)
        topic_words.sort(key=_AT)
    return verb_list, topic_hits(text, topic_words)


_AT = attrgetter("at")


@cache
def evidence_words() -> re.Pattern[str]:
    """The evidence nouns as whole words, in lower case, for the standard library's engine: a
    looser pattern than evidence_nouns() (``\b`` for its look-arounds), to test quickly where
    that one cannot match."""
    nouns = sorted(set(lexicon.ordered_words("quotes_evidence_nouns.txt")))
    alt = "|".join(re.escape(noun.lower()).replace(r"\ ", r"\s+") for noun in nouns)
    return re.compile(rf"\b(?:{alt})\b")


@cache
def evidence_nouns() -> regex.Pattern[str]:
    """A document or piece of evidence as a subject ("a UN report", "satellite imagery")."""
    alt = lexicon.alternation(lexicon.ordered_words("quotes_evidence_nouns.txt"))
    return compiled.compile(rf"(?i)(?<![\w-])(?:{alt})(?![\w-])")
