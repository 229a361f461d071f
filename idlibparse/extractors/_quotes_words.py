"""The vocabulary of attribution, loaded once from ``idlibparse/data/quotes_*``: speech verbs with
their lemma, tense and whether they take a clause; speaker cues and their types; person titles;
country names; pronouns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from idlibparse import lexicon


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


@cache
def verb_pattern() -> regex.Pattern[str]:
    """Any speech verb form as a whole word, lower case only (a capitalized "Says" is rarer in
    attribution than a name such as "Post")."""
    return regex.compile(rf"(?<![\w’'-])(?:{lexicon.alternation(list(verbs()))})(?![\w’'-])")


# Words before a verb form that make it a noun ("the reports", "observation posts" aside).
_NOUN_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "our",
        "your",
        "my",
        "these",
        "those",
        "this",
        "that",
        "several",
        "many",
        "some",
        "such",
        "any",
        "no",
        "of",
        "new",
        "first",
        "latest",
        "earlier",
        "recent",
        "previous",
        "other",
        "two",
        "three",
    ]
)


def usable(text: str, m: regex.Match[str]) -> bool:
    """Whether a speech verb form found at ``m`` is used as a verb: not after a determiner
    ("the reports"), not inside a source name ("state TV")."""
    before = text[max(0, m.start() - 24) : m.start()].split()
    prev = before[-1].lower().strip(",;") if before else ""
    if prev in _NOUN_BEFORE:
        return False
    # a base form is a verb after "officials", "would", "to"; not in "an open question", "a show"
    if (
        verbs()[m.group().lower()].tense == "base"
        and prev[:1].isalpha()
        and before[-1][:1].islower()
        and not (prev.endswith(("s", "ly", "n’t", "n't")) or prev in _BEFORE_BASE)
    ):
        return False
    return not cue_phrase().match(text, m.start())


# Lower-case words after which a base form is a verb ("they say", "would say", "people say").
_BEFORE_BASE = frozenset(
    [
        "to",
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "did",
        "do",
        "does",
        "not",
        "never",
        "also",
        "i",
        "we",
        "you",
        "they",
        "people",
        "police",
        "often",
        "still",
        "now",
        "just",
        "and",
        "or",
        "but",
        "who",
        "whom",
        "that",
        "which",
        "he",
        "she",
        "it",
        "him",
        "her",
        "them",
        "us",
        "me",
        "anybody",
        "anyone",
        "however",
        "cannot",
    ]
)


@cache
def cue_phrase() -> regex.Pattern[str]:
    """Speaker cues of several words, to tell "state TV" (a source) from "state" (a verb)."""
    phrases = [cue for cue, _ in lexicon.table("quotes_speaker_cues.tsv") if " " in cue]
    return regex.compile(rf"(?:{lexicon.alternation(phrases)})(?![\w-])")


@cache
def cue_types() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """(whole-word pattern, type) for every speaker cue, in file order."""
    rows = lexicon.table("quotes_speaker_cues.tsv")
    pairs = []
    for cue, kind in rows:
        # a cue written with capitals (AP, WHO, Post) matches only so; a lower-case cue matches any case
        flags = 0 if cue != cue.lower() else regex.IGNORECASE
        body = regex.escape(cue).replace(r"\ ", r"\s+")
        pairs.append((regex.compile(rf"(?<![\w-]){body}(?![\w-])", flags), kind))
    return tuple(pairs)


@cache
def type_order() -> tuple[str, ...]:
    return lexicon.ordered_words("quotes_speaker_types.txt")


@cache
def titles() -> regex.Pattern[str]:
    """A person's title or rank followed by a capitalized name."""
    alt = lexicon.alternation(lexicon.ordered_words("quotes_person_titles.txt"))
    return regex.compile(rf"(?<![\w-])(?:{alt})(?![\w-])\s++(?:\p{{Lu}}[\w.’'-]*+\s*+){{1,4}}")


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
def topic_cues() -> regex.Pattern[str]:
    """A noun or verb of saying with the preposition that introduces what it was about."""
    alt = lexicon.alternation(lexicon.ordered_words("quotes_topic_cues.txt"))
    return regex.compile(rf"(?<![\w-])(?:{alt})\s++")


@cache
def evidence_nouns() -> regex.Pattern[str]:
    """A document or piece of evidence as a subject ("a UN report", "satellite imagery")."""
    alt = lexicon.alternation(lexicon.ordered_words("quotes_evidence_nouns.txt"))
    return regex.compile(rf"(?i)(?<![\w-])(?:{alt})(?![\w-])")
