"""Reported speech: a speech verb with the clause it reports ("Turkey says the advances
threaten ...", "the Observatory said on Saturday that 430 vehicles had crossed ..."), a clause
followed by its attribution ("..., officials said."), and "according to X".

Each function looks at one sentence around one verb (or one "according to"), so the work per
statement is bounded.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import regex

from idlibparse import compiled
from idlibparse.extractors import _quotes_speakers as speakers
from idlibparse.extractors import _quotes_words as words
from idlibparse.extractors._quotes_speakers import Phrase

# How far after its verb a reported clause may start ("said in a statement on Saturday that").
LEAD = 90

_THAT = compiled.compile(r"\bthat\b")
# What may stand between a verb and its clause: a time, a channel, an addressee.
_LEADING_ADVERBIAL = compiled.compile(
    r"""\s*+,?\s*+(?:
        (?:on|last|this|late|early|earlier|in|at|during|via|through|over)
        \s++(?:[\w’'-]++\s++){0,4}?
        (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|morning|
           afternoon|evening|weekend|statement|interview|conference|briefing|speech|post|tweet|twitter|
           facebook|telegram|address|call|letter|message|report|remarks|video|session|hearing)s?\b\s*+,?\s*+
        |(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b\s*+,?\s*+
    ){0,3}""",
    regex.VERBOSE | regex.IGNORECASE,
)
# A prepositional phrase between a verb and a clause that opens with a pronoun.
_PREPOSITIONAL = compiled.compile(
    r"\s*+(?:after|before|during|at|in|on|following|since|over|from)\s++(?:[\w’'.-]++\s++){1,5}?"
    r"(?P<clause>)(?=(?:he|she|they|it|we|I|there)\s)"
)
# Words a reported clause may open with when no "that" introduces it.
_CLAUSE_OPENERS = words.grammar("clause_openers")
# Words after a speech verb that show no clause follows ("said in", "warned of", "said later").
_NOT_CLAUSE_OPENERS = words.grammar("not_clause_openers")
# An addressee after "told" ("told reporters", "told the BBC", "told Reuters").
_ADDRESSEE = compiled.compile(
    r"\s++(?:(?:the|a|an)\s++)?(?:\p{Lu}[\w’'.&-]*+\s++){0,4}?(?:\p{Lu}[\w’'.&-]*+|reporters|journalists|"
    r"lawmakers|parliament|him|her|them|us|me|supporters|a\s++news\s++conference|the\s++\w++)(?=[\s,])"
)
# Verbs after "and" or "but" that start a new statement ("..., and said ...").
_AND_VERBS = (
    "said|says|say|added|adds|told|tells|warned|warns|insisted|insists|asserted|claimed|denied|accused|accuses"
    "|blamed|blames|urged|urges"
)
# Where a reported clause stops before its sentence ends.
_CLAUSE_STOP = compiled.compile(
    r"""(?:,\s++(?!including\b|during\b|something\b|nothing\b|anything\b|everything\b)\p{Ll}[\p{Ll}-]{0,20}?ing\b
        |,\s++and\s++(?:has|have|had|is|was|were|are|will|would|also|said|says|added|warned)\b
        |\s(?:and|but)\s++(?:"""
    + _AND_VERBS
    + r""")\b
        |,\s++(?:he|she|they|it|the\s++\w++)\s++(?:said|says|added|told|warned)\b
        |,\s++according\s++to\b
        |;|\s[—–]\s|\s--\s)""",
    regex.VERBOSE,
)
# Where a branch of _CLAUSE_STOP can start, found by the standard library's engine: each branch
# loosened (no word boundaries, no exclusions; its ``\s`` holds every character ``regex``'s does,
# ``[^\W\d_A-Z]`` every lower-case letter), so that no place where one matches is missed. Every
# branch opens with a literal character, so that the engine skips ahead to one of them fast: a
# branch that opens with white space in _CLAUSE_STOP ("\s(?:and|but)", "\s—") is found at the
# character after the space (a look-behind asks for it), and _clause_end steps back one.
_CLAUSE_STOP_AT = re.compile(
    r",(?=\s++(?:[^\W\d_A-Z][\w-]{0,20}?ing|and\s|he\s|she\s|they\s|it\s|the\s|according\s))|;"
    rf"|a(?<=\sa)(?=nd\s++(?:{_AND_VERBS}))|b(?<=\sb)(?=ut\s++(?:{_AND_VERBS}))"
    r"|—(?<=\s—)(?=\s)|–(?<=\s–)(?=\s)|-(?<=\s-)(?=-\s)"
)
# An inverted speaker ("..., said Erdogan", "..., said the ministry") starts like a name.
_NAME_START = compiled.compile(r"(?:the|a|an|one|two|three|several|some|many|local|senior|\p{Lu})\b|\p{Lu}")
_WH = words.grammar("wh_words")
_FINITE = words.grammar("finite_auxiliaries")
_MARKS = compiled.compile(r"[“”\"«».;:]")
_FIRST_WORD = compiled.compile(r"[\w’'-]++")
# White space as ``regex`` reads ``\s`` (the Unicode White_Space characters), and the marks a
# clause does not end on: what is trimmed from its end.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_TRAILING = _WHITE_SPACE + ".,;:!?\"”’'»)"
# "According to X" (the source), a bounded phrase up to a comma or the sentence end.
ACCORDING = compiled.compile(r"(?<![\w-])[Aa]ccording\s++to\s++")


class Reported(NamedTuple):
    start: int
    end: int
    kind: str  # reported|according_to
    speaker: Phrase | None
    verb: str | None
    verb_start: int
    inherit: bool = False  # no subject of its own: takes the sentence's earlier speaker
    part: int = 0  # 1 for the second half of a clause split by its attribution
    clause: bool = True  # a reported clause (not an object or a topic: "rejected the “buffer” idea")


@cache
def silent_forms() -> frozenset[str]:
    """Verb forms for which backward_clause and forward_clause find nothing, whatever the text:
    forms that take no clause (no clause before them either) and no content object."""
    objects = words.content_objects()
    return frozenset(f for f, e in words.verbs().items() if e.clause == 0 and e.lemma not in objects)


def forward_clause(text: str, verb: words.Hit, sent: tuple[int, int]) -> Reported | None:
    """'X said (that) CLAUSE': the clause after the verb."""
    entry = words.verbs()[verb.word]
    s_start, s_end = sent
    pos = verb.stop
    lead = text[pos : min(s_end, pos + LEAD)]
    that = _THAT.search(lead) if "that" in lead else None
    clause_start: int | None = None
    if entry.clause and that and _leads_to_that(lead[: that.start()]):
        clause_start = pos + that.end()
    # the subject is looked for only once it matters: most verbs report no clause
    subject: Phrase | None = None
    known = False
    if clause_start is None and entry.clause == 1 and _evidence_before(text, verb.at, s_start):
        subject, known = _subject(text, verb, s_start, entry), True
    if clause_start is None and (
        entry.clause == 2
        or (entry.clause == 1 and subject is not None and words.evidence_nouns().search(subject.text))
    ):
        clause_start = _bare_clause_start(text, pos, s_end, entry.lemma)
    is_clause = clause_start is not None
    if clause_start is None:
        clause_start = _object_start(text, pos, s_end, entry.lemma)
    if clause_start is None:
        return None
    while clause_start < s_end and text[clause_start].isspace():
        clause_start += 1
    end = _clause_end(text, clause_start, s_end)
    if end - clause_start < 8 or len(text[clause_start:end].split(None, 2)) < 3:  # (fewer than 3 words)
        return None
    if not known:
        subject = _subject(text, verb, s_start, entry)
    inherit = subject is None and (entry.tense == "participle" or _coordinated(text, verb.at, s_start))
    if subject is None and not inherit:
        return None
    return Reported(clause_start, end, "reported", subject, verb.word, verb.at, inherit, clause=is_clause)


def _evidence_before(text: str, verb_start: int, s_start: int) -> bool:
    """Whether an evidence noun may stand in the window the verb's subject is read from (False
    only when surely none does). The subject lies in that window, so a noun in the subject is a
    noun in the window; on ASCII text, lower-casing the window lower-cases each of its parts, and
    a plain search for the nouns anywhere is looser than the noun pattern."""
    window = text[max(s_start, verb_start - speakers.WINDOW) : verb_start]
    return not window.isascii() or words.evidence_words().search(window.lower()) is not None


def _subject(text: str, verb: words.Hit, s_start: int, entry: words.Verb) -> Phrase | None:
    """The verb's subject; none for a participle after a comma (", adding ...")."""
    if entry.tense == "participle" and _after_comma(text, verb.at, s_start):
        return None
    return speakers.subject_before(text, verb.at, s_start)


# An infinitive after an addressee ("told the army to prepare").
_TO_VERB = compiled.compile(r"\s++to\s++\p{Ll}")
# A clause may open with an approximate figure ("said about 300 people had fled").
_APPROXIMATE_FIGURE = compiled.compile(r"(?:about|over|under|around|almost|nearly)\s++\d")


def _bare_clause_start(text: str, pos: int, s_end: int, lemma: str) -> int | None:
    """Where a clause with no "that" starts, or None when the verb takes no clause here."""
    if lemma == "tell":
        addressee = _ADDRESSEE.match(text, pos, s_end)
        if not addressee:
            return None
        if _TO_VERB.match(text, addressee.end(), s_end):
            return pos  # "told the army to prepare ...": a directive, with its addressee, as "urged"
        pos = addressee.end()
    lead = _LEADING_ADVERBIAL.match(text, pos, s_end)
    if lead:
        pos = lead.end()
    phrase = _PREPOSITIONAL.match(text, pos, s_end)
    if phrase:  # "said after the convention he would ..."
        return phrase.end("clause")
    first = _first_word(text, pos, s_end)
    if first is None:
        return None
    pos, word = first
    after = text[pos + len(word) : pos + len(word) + 4]
    if word.lower() in ("to", "that") or after.startswith(" to "):
        return None
    if (
        word[:1].islower()
        and word not in _CLAUSE_OPENERS
        and word in _NOT_CLAUSE_OPENERS
        and not _APPROXIMATE_FIGURE.match(text, pos, s_end)
    ):
        return None
    return pos


def _first_word(text: str, pos: int, s_end: int) -> tuple[int, str] | None:
    """The first word at or after ``pos`` (white space skipped) and where it starts."""
    while pos < s_end and text[pos].isspace():
        pos += 1
    first = _FIRST_WORD.match(text, pos, min(s_end, pos + 40))
    return (pos, first.group()) if first else None


_COORDINATED = compiled.compile(r"\s(?:and|but|or)(?:\s++(?:has|have|had|also|then|later|now))*+\s*+\Z")


def _after_comma(text: str, verb_start: int, s_start: int) -> bool:
    """ ", adding ...": a participle after a comma has no subject of its own."""
    return text[max(s_start, verb_start - 4) : verb_start].rstrip().endswith(",")


def _leads_to_that(lead: str) -> bool:
    """What stands between a verb and its "that" is an adverbial or an addressee ("on Saturday",
    "reporters in Ankara"), not a clause of its own ("two soldiers were killed, adding")."""
    if _MARKS.search(lead) or lead.count(",") > 2:
        return False
    found = lead.lower().replace(",", " ").split()
    return len(found) <= 8 and not any(w in words.verbs() or w in _FINITE for w in found)


def _coordinated(text: str, verb_start: int, s_start: int) -> bool:
    """'Trump ... and says he will': the verb shares the subject of an earlier one."""
    return bool(_COORDINATED.search(text, max(s_start, verb_start - 30), verb_start))


# Verbs whose object is a party, the content following after a preposition ("accused X of ...").
_OBJECT_FIRST = words.grammar("object_first")
# A party of a few words (no comma, no mark) and the preposition after it.
_PARTY_THEN_PREPOSITION = compiled.compile(
    r"(?:(?!(?:of|for)\s)[\w’'.-]++\s++){1,5}?(?P<prep>of|for)\s++(?=\w)"
)
# "spoke on condition of anonymity": how a source was heard, not what was said.
_ANONYMITY = compiled.compile(r"(?:on\s++)?condition\s++(?:of\s++anonymity|that\s++(?:he|she|they)\s++not)")


def _object_start(text: str, pos: int, s_end: int, lemma: str) -> int | None:
    """Where the content object of a verb such as "noted", "called for", "warned of" starts."""
    preps = words.content_objects().get(lemma)
    if not preps:
        return None
    lead = _LEADING_ADVERBIAL.match(text, pos, s_end)
    if lead:
        pos = lead.end()
    first = _first_word(text, pos, s_end)
    if first is None:
        return None
    pos, word = first
    if _ANONYMITY.match(text, pos, s_end):
        return None
    if word.lower() in preps:
        word_end = pos + len(word)
        return word_end + 1 if word_end < s_end else None
    if lemma in _OBJECT_FIRST and word.lower() not in _NOT_CLAUSE_OPENERS:
        party = _PARTY_THEN_PREPOSITION.match(text, pos, s_end)
        if party and party.group("prep") in preps:
            return party.end()
    if (
        "-" in preps
        and (word.lower() not in _NOT_CLAUSE_OPENERS or word.lower() in _WH)
        and word.lower() != "that"
    ):
        return pos
    return None


def _clause_end(text: str, start: int, s_end: int) -> int:
    """Where a clause starting at ``start`` ends: where _CLAUSE_STOP first matches in
    text[start:s_end], else ``s_end``, with the white space and marks before it trimmed. The
    pattern is tried only where a cheap scan says one of its branches can start."""
    end = s_end
    for found in _CLAUSE_STOP_AT.finditer(text, start, s_end):
        at = found.start()
        if text[at] not in ",;":
            at -= 1  # the white space before "and", "but" or a dash
            if at < start:
                continue
        if _CLAUSE_STOP.match(text, at, s_end):
            end = at
            break
    low = max(start, end - 20)
    if low >= end:
        return end
    return low + len(text[low:end].rstrip(_TRAILING))


def backward_clause(text: str, verb: words.Hit, sent: tuple[int, int]) -> list[Reported]:
    """'CLAUSE, X said.' / 'CLAUSE, said X.' / 'CLAUSE, X said, CLAUSE.': the clause before the
    attribution (and after it, when the attribution splits the sentence)."""
    entry = words.verbs()[verb.word]
    if entry.clause == 0 or entry.tense == "participle":
        return []
    s_start, s_end = sent
    if text.rfind(",", s_start, verb.at) < 0:
        return []  # every form below needs a comma before the attribution
    before = text[max(s_start, verb.at - speakers.WINDOW) : verb.at].rstrip()
    # every test below only rules the verb out: the cheap ones come first, the speaker's
    # backward walk last
    speaker: Phrase | None
    if before.endswith(","):
        speaker = speakers.object_after(text, verb.stop, s_end)
        if speaker is None or not _NAME_START.match(speaker.text):
            return []
        tail_from = speaker.end
        split = _split_tail(text[tail_from:s_end], entry.lemma)
        if split is None:
            return []
        subject = speakers.subject_before(text, verb.at, s_start)
        if subject is not None and not text[s_start : subject.start].strip():
            return []  # "Erin Murphy, a former aide, said ...": the subject opens the sentence
        comma = max(s_start, verb.at - speakers.WINDOW) + len(before) - 1
    else:
        tail_from = verb.stop
        split = _split_tail(text[tail_from:s_end], entry.lemma)
        if split is None:
            return []
        speaker = speakers.subject_before(text, verb.at, s_start)
        if speaker is None:
            return []
        head = text[s_start : speaker.start].rstrip()
        if not head.endswith(","):
            return []
        comma = s_start + len(head) - 1
    first_end = _clause_end(text, s_start, comma + 1)
    first_end = min(first_end, comma)
    if first_end - s_start < 4 or (
        _FRAGMENT.match(text, s_start, first_end) and "," not in text[s_start:first_end]
    ):
        return []
    if split == 0 and len(text[s_start:first_end].split(None, 2)) < 3:  # (fewer than 3 words)
        return []
    out = [Reported(s_start, first_end, "reported", speaker, verb.word, verb.at)]
    if split > 0:
        second = tail_from + split
        end = _clause_end(text, second, s_end)
        if end - second >= 8:
            out.append(Reported(second, end, "reported", speaker, verb.word, verb.at, part=1))
    return out


_SHORT_TAIL = compiled.compile(
    r"(?:\s++(?!that\b)[^\s,.;:“”\"«»!?]++){0,8}?\s*+"
    r"(?:,\s++(?:a|an|the|who|which|whose)\b[^.;:!?“”\"]{0,150}+)?"
    r"(?:,\s++according\s++to\b[^.;:!?“”\"]{0,150}+)?"
    r"(?:[.!?][\"”’]*+\s*+\Z|\Z|,\s++(?:as|while|when|after|before|but|because|although|though|since|until|where)\b|(?P<more>,\s++(?=\p{Ll})(?!(?:a|an|the|who|which|whose|one|adding|saying|according|as|while|when|after|before|but|and|because|although|though|since|until|where)\b)))"
)
# What may follow an attribution that ends a clause: a time, a place, a channel, an addressee.
_TAIL_OPENERS = words.grammar("tail_openers")
# A first part that is no claim: an adverbial or a subordinate clause ("In her 2003 book, ...").
_FRAGMENT = compiled.compile(
    r"\s*+(?:In|On|At(?!\s++least)|As|If|When|While|After|Before|Since|Although|Though|Because|Unless|Until|During|For|"
    r"With|Without|Among|Despite|By|From|Like|Unlike|But\s++(?:when|if|as|while))\b|\s*+\p{Lu}\p{Ll}++ing\b"
)


def _split_tail(tail: str, lemma: str) -> int | None:
    """None when the words after the attribution carry on a clause of their own; 0 when the
    sentence ends there; else where the rest of a split clause starts."""
    if lemma != "tell":  # the first word is tested first: it is cheaper than the pattern
        parts = tail.split(None, 1)
        first = parts[0].strip(",.").lower() if parts else ""
        if first and first[0].isalpha() and first not in _TAIL_OPENERS:
            return None
    m = _SHORT_TAIL.match(tail)
    if not m:
        return None
    return m.end() if m.group("more") else 0


def according_to(text: str, m: regex.Match[str], sent: tuple[int, int]) -> Reported | None:
    """'CLAIM, according to X.' / 'According to X, CLAIM.' / 'CLAIM according to X, ...'."""
    s_start, s_end = sent
    source_end = _source_end(text, m.end(), s_end)
    if source_end <= m.end():
        return None
    source = Phrase(m.end(), source_end, text[m.end() : source_end])
    head_end = m.start()
    while head_end > s_start and text[head_end - 1] in " ,":
        head_end -= 1
    if len(text[max(s_start, head_end - 60) : head_end].split(None, 2)) >= 3:  # (3 words or more)
        start, end = s_start, _before_attribution(text, s_start, head_end)
    else:
        start = source_end
        while start < s_end and (text[start].isspace() or text[start] == ","):
            start += 1
        end = _clause_end(text, start, s_end)
    if end - start < 8:
        return None
    return Reported(start, end, "according_to", source, "according to", m.start())


def _before_attribution(text: str, start: int, end: int) -> int:
    """'CLAIM, the spokesman said, according to X': the claim stops before its own attribution."""
    tail = text[max(start, end - 80) : end]
    last = tail.split()[-1].lower() if tail.split() else ""
    comma = tail.rfind(",")
    if last in words.verbs() and comma > 0:
        return max(start, end - 80) + comma
    return end


_SOURCE_STOP = compiled.compile(r",|;|\s[—–(]|\s(?:and|which|who|that)\s(?!\p{Lu})")
_ABBREVIATION_END = compiled.compile(r"(?:\p{L}\.){2,}\Z|\b[A-Z]\.\Z")


def _source_end(text: str, start: int, s_end: int) -> int:
    """The source after "according to": up to a comma, a clause word or the sentence end."""
    limit = min(s_end, start + speakers.WINDOW)
    found = _SOURCE_STOP.search(text, start, limit)
    end = found.start() if found else limit
    while end > start and text[end - 1] in '. "”’!?':
        if text[end - 1] == "." and _ABBREVIATION_END.search(text[max(start, end - 8) : end]):
            break
        end -= 1
    return end


def topic(text: str, m: words.Hit, sent: tuple[int, int]) -> Reported | None:
    """'warned of a fresh disaster', 'questions about the deal': the words after the
    preposition, with the sentence's speaker."""
    start = m.end()
    end = _clause_end(text, start, sent[1])
    stop = _TOPIC_STOP.search(text, start, end)
    if stop:
        end = stop.start()
    if end - start < 4 or not _FIRST_WORD.match(text, start):
        return None
    verb = m.group().split()[0]
    return Reported(start, end, "reported", None, verb, m.start(), inherit=True, clause=False)


# A topic ends before a comma or a clause word.
_TOPIC_STOP = compiled.compile(
    r",|\s(?:because|after|before|while|when|as|but|and\s(?:said|says|has|have|had))\s"
)
