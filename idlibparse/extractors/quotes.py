"""Quotes and sources: every direct, partial and reported statement, with who made it.

Output items (``QuoteMention``):

- ``kind``: ``direct`` (a quotation standing as a sentence or more), ``partial`` (quoted words
  inside the writer's own sentence), ``reported`` (a clause after or before a speech verb), or
  ``according_to`` (a claim attributed with "according to X").
- ``text``/``start``/``end``: the quoted words without their marks, or the reported clause.
- ``speaker``: the source as written ("Turkey's Defence Ministry", "he"), its ``type`` (person,
  organization, media, government, armed_group, anonymous, unknown) and, for a pronoun or a
  short reference ("it", "the Observatory"), ``resolved`` to the last compatible named source.
- ``verb``: the speech verb as written ("said", "according to").
- ``statement``: parts of one statement (a quotation split by its attribution, or running over
  several paragraphs) share this number.

Finding is kept apart from resolving: marks are paired first (``_quotes_marks``), attributions
found around each quotation and each speech verb (``_quotes_speakers``, ``_quotes_reported``),
and pronouns resolved last, in reading order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from idlibparse import compiled, lexicon
from idlibparse.document import Document
from idlibparse.extractors import _quotes_reported as reported
from idlibparse.extractors import _quotes_speakers as speakers
from idlibparse.extractors import _quotes_words as words
from idlibparse.extractors._quotes_marks import Quoted, pair_marks
from idlibparse.extractors._quotes_speakers import Phrase
from idlibparse.records import QuoteMention, Span, Speaker

# Quoted words of at most this many words, inside a sentence, are scare quotes, not statements.
SCARE_WORDS = 2
# Quoted words in title case, up to this many, inside a sentence are the title of a work.
TITLE_WORDS = 7
# How far before an opening mark its attribution may stand ("he told reporters on Saturday: “").
LEAD_IN = 120
# More speech verbs than this within DENSE_SPAN characters before one are not prose.
DENSE_VERBS = 8
DENSE_SPAN = 200
# A speaker with a long appositive between a quotation and its verb ("..., Leonard E. Burman,
# director of the Tax Policy Center and a professor at ..., said"), in words.
LONG_SPEAKER_WORDS = 30
# How far a reported clause may reach from its verb, in characters.
MAX_SENTENCE = 1200
# Relative pronouns that may be a speaker ("the ministry, which said ..."), resolved to the phrase
# before them.
RELATIVE_PRONOUNS = frozenset({"who", "which"})
# Time words that may stand between a speech verb and the subject of what it reports.
_WEEKDAY_WORDS = words.grammar("weekdays")
# Named speakers looked back over for the antecedent of a pronoun.
LOOKBACK_SPEAKERS = 12
# Sentences looked back over for the antecedent of a pronoun.
LOOKBACK_SENTENCES = 8

_AFTER_CLOSE = compiled.compile(r"[\s,]*+")
_WORD = compiled.compile(r"[\w’'-]++")
# Up to one more than TITLE_WORDS words (as _WORD finds them), each captured: only whether a
# quotation has more words than that matters.
_WORDS_UP_TO = compiled.compile(rf"[^\w’'-]*+(?:([\w’'-]++)[^\w’'-]*+){{0,{TITLE_WORDS + 1}}}")
# More than SCARE_WORDS (TITLE_WORDS) words, for the standard library's engine on ASCII text.
_MORE_THAN_SCARE = re.compile(rf"[^\w'-]*+(?:[\w'-]++[^\w'-]*+){{{SCARE_WORDS + 1}}}")
_MORE_THAN_TITLE = re.compile(rf"[^\w'-]*+(?:[\w'-]++[^\w'-]*+){{{TITLE_WORDS + 1}}}")
_SMALL = r"(?:a|an|the|of|and|or|to|in|on|for|with|at|by|from|is|it)"
_TITLE = compiled.compile(
    rf"(?:\p{{Lu}}[\w’'.-]*+|{_SMALL}|\d++)(?:[\s\u00a0]++(?:\p{{Lu}}[\w’'.-]*+|{_SMALL}|\d++)){{0,9}}[.,!?]?"
)
_CLOSING = compiled.compile(r"\s*+(?:''|[\"”»“’])?+")
_BREAK = compiled.compile(r"[!?;:“”\"«»\n]")
_STOP = compiled.compile(r"\.(?!\w)")
_IN_BRACKETS = compiled.compile(r"[^()\s]{0,12}\)")  # "(R-S.C.)": a dot before the bracket closes
_INITIALS = compiled.compile(r"(?:\p{L}\.)++|\p{Lu}\.")
# An attribution after a dash or a bar at the end of a paragraph ("“...” ― Jane Doe").
_DASH_NAME = compiled.compile(
    r"[\s,]*+[―—–]\s*+(\p{Lu}[\w’'.-]*+(?:[ \u00a0]++[\w’'.-]++){0,5}?)\s*+(?:[.,][^\n―—–“”\"]{0,60})?$"
)

# A sentence opening with a capitalized verb before its speaker ("Said Ellis:", "Added Lavrov,").
_VERB_FIRST = compiled.compile(r"\s*+(\p{Lu}\p{Ll}++)[ \u00a0]++(?=\p{Lu}|the\s)")


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    kind: str
    speaker: Phrase | None = None
    verb: str | None = None
    verb_start: int = -1
    statement: int = 0
    inherit: bool = False
    continues: bool = False
    para_start: bool = False
    scare: bool = False  # a word or two in marks: a statement only inside attributed speech


def extract(doc: Document) -> list[QuoteMention]:
    text = doc.text
    quoted = pair_marks(text, doc.paragraphs)
    if any(s.kind == "boilerplate" for s in doc.sections):  # (most articles have none)
        quoted = [q for q in quoted if doc.section_at(q.start) != "boilerplate"]
    # the speech verbs are found once, and every later step reads them by position
    verb_list, topic_list = words.scan(text)
    known = words.Found(text, verb_list)
    candidates = [item for item in (_quote_item(doc, q, known) for q in quoted) if item is not None]
    _attribute_quotes(doc, [i for i in candidates if not i.scare], known)
    used = {i.verb_start for i in candidates if i.verb_start >= 0}
    found = _reported_items(doc, candidates, used, known, topic_list)
    items = [i for i in candidates if not i.scare] + found
    items.sort(key=lambda i: (i.start, i.end))
    _carry_into_quotes(doc, items)
    _number_statements(items)
    return [_mention(doc, item, mentions) for item, mentions in _resolved(doc, items)]


# --- direct and partial quotations -------------------------------------------------------


def _quote_item(doc: Document, q: Quoted, known: words.Found) -> _Item | None:
    text = doc.text
    para = doc.paragraph_at(q.mark_start)
    p_start = para[0] if para else 0
    lead = text[max(p_start, q.mark_start - 3) : q.mark_start].rstrip()
    embedded = bool(lead) and (lead[-1].isalnum() or lead[-1] in "’'")
    n_words = _words_up_to(text, q.start, min(q.end, q.start + 400))
    content = text[q.start : q.end]
    kind = "direct"
    if embedded and (content[:1].islower() or not _follows_speech_verb(text, p_start, q.mark_start)):
        kind = "partial"
    if kind == "partial" and n_words <= TITLE_WORDS and _TITLE.fullmatch(content):
        return None  # the title of a work or a show: "Face the Nation"
    scare = n_words <= SCARE_WORDS and not _attribution_follows(text, q, known)
    para_start = q.mark_start - p_start < 40 and not text[p_start : q.mark_start].strip()
    return _Item(
        q.start,
        q.end,
        "partial" if scare else kind,
        continues=q.continues,
        para_start=para_start,
        scare=scare,
    )


def _words_up_to(text: str, start: int, end: int) -> int:
    """The number of words in text[start:end], or a number that compares with TITLE_WORDS and
    SCARE_WORDS as it does: only whether there are more than these matters. ASCII text (where
    both engines read word characters alike) is tested with two quick matches, any other counted."""
    window = text[start:end]
    if window.isascii():
        if not _MORE_THAN_SCARE.match(window):
            return SCARE_WORDS
        return TITLE_WORDS + 1 if _MORE_THAN_TITLE.match(window) else TITLE_WORDS
    counted = _WORDS_UP_TO.match(text, start, end)
    return len(counted.captures(1)) if counted else 0


def _attribution_follows(text: str, q: Quoted, known: words.Found) -> bool:
    """A short quotation still counts when its speaker follows ("“No,” he said.")."""
    if text[q.end - 1 : q.end] not in (",", "?", "!", "."):
        return False
    after = _skip_commas(text, q.mark_end, len(text))
    return known.at(after, len(text)) is not None or _verb_soon(text, after, known) is not None


def _skip_commas(text: str, pos: int, end: int) -> int:
    m = _AFTER_CLOSE.match(text, pos, end)
    return m.end() if m else pos


def _follows_speech_verb(text: str, floor: int, mark: int) -> bool:
    window = text[max(floor, mark - 40) : mark]
    last = words.verb_hits(window)
    return bool(last) and not window[last[-1].end() :].strip(" ,:")


def _verb_soon(text: str, pos: int, known: words.Found) -> words.Hit | None:
    """The first speech verb within a few words after ``pos``, before any sentence end or mark."""
    limit = min(len(text), pos + speakers.WINDOW)
    # a verb after a break is no use: words are read only up to the first one (no word holds one)
    found = _BREAK.search(text, pos, limit)
    m = known.first(pos, found.start() if found else limit)
    if not m:
        return None
    between = text[pos : m.start()]
    # (words are counted only up to one more than the bound)
    if _sentence_ends(between) or len(between.split(None, LONG_SPEAKER_WORDS)) > LONG_SPEAKER_WORDS:
        return None
    return m


def _sentence_ends(between: str) -> bool:
    """A full stop that is not an abbreviation's ("Mr.", "U.S.", "Jr.") ends a sentence."""
    for m in _STOP.finditer(between):
        head = between[: m.start() + 1].rsplit(None, 1)  # (only its last word is read)
        word = head[-1].lstrip("(") if head else "."
        if not (
            word.lower() in lexicon.abbreviations()
            or _INITIALS.fullmatch(word)
            or _IN_BRACKETS.match(between, m.end())
        ):
            return True
    return False


def _attribute_quotes(doc: Document, items: list[_Item], known: words.Found) -> None:
    """Find each quotation's speaker after it, else before it, else carry the last one over."""
    text = doc.text
    previous: _Item | None = None
    for item in items:
        close = _mark_end(text, item.end)
        found = _speaker_after(doc, item, close, known) or _speaker_before(doc, item, previous, known)
        if found:
            item.speaker, item.verb, item.verb_start = found
        elif previous is not None and previous.speaker is not None and _carries_over(doc, previous, item):
            item.speaker, item.verb, item.inherit = previous.speaker, previous.verb, True
        previous = item


def _mark_end(text: str, end: int) -> int:
    m = _CLOSING.match(text, end, end + 8)
    return m.end() if m else end


def _speaker_after(
    doc: Document, item: _Item, close: int, known: words.Found
) -> tuple[Phrase, str, int] | None:
    text = doc.text
    para = doc.paragraph_at(item.start)
    p_end = para[1] if para else len(text)
    pos = _skip_commas(text, close, p_end)
    if pos >= p_end or (pos == close and text[close - 1 : close] not in ("”", '"', "»", "'", "’")):
        return None
    # _DASH_NAME skips the same commas and spaces first: it can match only with a dash at ``pos``
    dash = _DASH_NAME.match(text, close, p_end) if text[pos] in "―—–" else None
    if dash:
        return Phrase(dash.start(1), dash.end(1), dash.group(1)), "―", -1
    if text[item.end - 1] == "." and text[pos : pos + 1].isupper():
        return None  # the quotation ended its sentence; a new one starts (no verb is capitalized)
    verb = known.at(pos, p_end)
    if verb:  # inverted: "..., said Erdogan"
        who = speakers.object_after(text, verb.end(), p_end)
        return (who, verb.group(), verb.start()) if who else None
    verb = _verb_soon(text, pos, known)
    if not verb:
        return None
    who = speakers.subject_before(text, verb.start(), pos)
    if who is None or who.start != pos:
        return None
    return who, verb.group(), verb.start()


def _speaker_before(
    doc: Document, item: _Item, previous: _Item | None, known: words.Found
) -> tuple[Phrase, str, int] | None:
    """'X said: “...”', 'X said, “...”', 'X warned it would respond “in the harshest manner”'."""
    text = doc.text
    sent = doc.sentence_at(item.start) or (item.start, item.end)
    para = doc.paragraph_at(item.start)
    floor = max(sent[0], para[0] if para else 0)
    if previous is not None and previous.end > floor:
        floor = _mark_end(text, previous.end)
    mark = item.start - 1
    while mark > floor and text[mark - 1] in "“\"«„`' ":
        mark -= 1
    reach = LEAD_IN if item.kind == "direct" else speakers.WINDOW
    usable = words.usable
    for verb in reversed(known.between(max(floor, mark - reach), mark)):
        if not usable(text, verb):
            continue  # (asked only as far as the walk goes: it most often stops at the last verb)
        entry = words.verbs()[verb.group().lower()]
        if entry.tense == "participle" and text[
            max(floor, verb.start() - 3) : verb.start()
        ].rstrip().endswith(","):
            # "..., the ministry said, adding they would ...": the sentence's speaker goes on
            if previous is not None and previous.speaker is not None and previous.end <= verb.start():
                return previous.speaker, verb.group(), verb.start()
            continue
        who = speakers.subject_before(text, verb.start(), floor)
        if who is not None and not _reported_subject(text, who, floor):
            return who, verb.group(), verb.start()
    return _verb_first(text, floor, mark) or _lead_paragraph(doc, item, known)


def _verb_first(text: str, floor: int, mark: int) -> tuple[Phrase, str, int] | None:
    """'Said Ellis: “...”': a capitalized speech verb opening the sentence, then its speaker."""
    m = _VERB_FIRST.match(text, floor, mark)
    if not m or mark - m.end() > speakers.WINDOW:
        return None
    entry = words.verbs().get(m.group(1).lower())
    if entry is None or entry.tense not in ("past", "present"):
        return None
    who = speakers.object_after(text, m.end(1), mark)
    if (
        who is None
        or text[who.end : mark].strip(" \u00a0,:")
        or not (who.text[:1].isupper() or who.text.startswith("the "))
    ):
        return None
    return who, m.group(1), m.start(1)


def _lead_paragraph(doc: Document, item: _Item, known: words.Found) -> tuple[Phrase, str, int] | None:
    """A quotation opening its paragraph after one that ends "He said:"."""
    if not item.para_start:
        return None
    para = doc.paragraph_at(item.start)
    i = bisect.bisect_left(doc.paragraphs, para) if para else 0
    if i == 0:
        return None
    p_start, p_end = doc.paragraphs[i - 1]
    if not doc.text[p_start:p_end].endswith(":"):
        return None
    found = known.between(max(p_start, p_end - 80), p_end)
    if not found:
        return None
    verb = found[-1]
    who = speakers.subject_before(doc.text, verb.start(), p_start)
    return (who, verb.group(), verb.start()) if who else None


def _reported_subject(text: str, who: Phrase, floor: int) -> bool:
    """The subject sits inside a clause reported by an earlier verb ("adding they would
    respond ..."): that earlier verb is the attribution."""
    before = text[max(floor, who.start - 40) : who.start].split()[-3:]
    while before and (before[-1] == "that" or before[-1].lower() in _WEEKDAY_WORDS):
        before.pop()
    if not before or before[-1].endswith(","):
        return False
    entry = words.verbs().get(before[-1])
    return entry is not None and entry.tense != "base"


def _carry_into_quotes(doc: Document, items: list[_Item]) -> None:
    """A quotation still without a speaker that follows a statement in its paragraph ("...,
    Schiff said. “The other factor ...”") is that speaker's."""
    previous: _Item | None = None
    for item in items:
        if (
            item.speaker is None
            and item.kind == "direct"
            and previous is not None
            and previous.speaker is not None
            and doc.paragraph_at(previous.start) == doc.paragraph_at(item.start)
        ):
            item.speaker, item.verb, item.inherit = previous.speaker, previous.verb, True
        if item.speaker is not None:
            previous = item


def _carries_over(doc: Document, previous: _Item, item: _Item) -> bool:
    """The same speaker goes on: a later quotation in the same paragraph, or a paragraph that
    opens with a quotation right after one that had a speaker."""
    para = doc.paragraph_at(item.start)
    prev_para = doc.paragraph_at(previous.start)
    if item.kind != "direct":
        return para == prev_para
    if para == prev_para:
        return True
    if not item.para_start or para is None or prev_para is None:
        return False
    i = bisect.bisect_left(doc.paragraphs, para)
    return i > 0 and doc.paragraphs[i - 1] == prev_para


# --- reported speech and "according to" --------------------------------------------------


def _reported_items(
    doc: Document, quotes: list[_Item], used: set[int], known: words.Found, topic_list: list[words.Hit]
) -> list[_Item]:
    text = doc.text
    spans = sorted((q.start, q.end) for q in quotes)
    starts = [s for s, _ in spans]
    found: list[reported.Reported] = []
    verb_list, verb_starts = known.hits, known.starts
    silent = reported.silent_forms()
    usable = words.usable
    backward_clause, forward_clause = reported.backward_clause, reported.forward_clause
    bisect_left = bisect.bisect_left
    # no verb stands in a skipped section when the article has none (most have none)
    skips = any(s.kind in _SKIPPED_SECTIONS for s in doc.sections)
    for n, verb in enumerate(verb_list):
        if verb.word in silent:
            continue  # neither a clause before it nor one or an object after it: nothing to read
        at = verb.at
        if n > DENSE_VERBS and n - bisect_left(verb_starts, at - DENSE_SPAN) > DENSE_VERBS:
            continue  # a run of speech verbs with no room for speakers and clauses: not prose
        if at in used or _inside(spans, starts, at) or (skips and _skipped(doc, at)):
            continue
        if not usable(text, verb):
            continue
        bounds = _bounded(doc, at)
        if bounds is None:
            continue
        back = backward_clause(text, verb, bounds)
        if back:
            found.extend(back)
            continue
        fwd = forward_clause(text, verb, bounds)
        if fwd:
            found.append(fwd)
    for m in topic_list:
        sent = _bounded(doc, m.at)
        if sent is None or _inside(spans, starts, m.at) or _skipped(doc, m.at):
            continue
        about = reported.topic(text, m, sent)
        if about:
            found.append(about)
    for according in reported.ACCORDING.finditer(text):
        sent = _bounded(doc, according.start())
        if sent is None or _inside(spans, starts, according.start()) or _skipped(doc, according.start()):
            continue
        claim = reported.according_to(text, according, sent)
        if claim:
            found.append(claim)
    return _settle_reported(doc, found, quotes, known)


def _bounded(doc: Document, offset: int) -> tuple[int, int] | None:
    """The sentence around ``offset``, cut to MAX_SENTENCE characters on either side so that a
    text with no full stops costs no more per verb than a normal one."""
    sent = doc.sentence_at(offset)
    if sent is None:
        return None
    start = sent[0]
    if doc.dateline is not None and start < doc.dateline.end <= offset:
        start = doc.dateline.end  # "ANKARA (Reuters) -" is no part of the sentence's claim
        while start < offset and doc.text[start].isspace():
            start += 1
    return max(start, offset - MAX_SENTENCE), min(sent[1], offset + MAX_SENTENCE)


_SKIPPED_SECTIONS = ("boilerplate", "credits", "caption")


def _skipped(doc: Document, offset: int) -> bool:
    return doc.section_at(offset) in _SKIPPED_SECTIONS


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _settle_reported(
    doc: Document, found: list[reported.Reported], quotes: list[_Item], known: words.Found
) -> list[_Item]:
    """Drop a clause that is (or holds) a quotation: the quotation stands for it, and takes its
    speaker when it had none. Overlapping clauses keep the first found. A clause with no subject
    of its own (", adding ...", "and says ...") takes the sentence's earlier speaker."""
    q_starts = [q.start for q in quotes]
    out: list[_Item] = []
    last_end = -1
    for r in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        speaker = _sentence_speaker(doc, r, quotes, q_starts, out, known) if r.inherit else r.speaker
        holds = _overlapping(quotes, q_starts, r.start, r.end)
        if not r.clause:
            # an object's single quoted word is a scare quote ("rejected the “buffer” idea")
            holds = [q for q in holds if not q.scare or " " in doc.text[q.start : q.end]]
        if holds:
            for q in holds:
                q.scare = False  # quoted words inside attributed speech are the speaker's
                inner = (
                    q.kind == "partial" and r.start <= q.verb_start < r.end
                )  # "that the army would respond “...”"
                if speaker is not None and (q.speaker is None or inner):
                    q.speaker, q.verb, q.verb_start = speaker, r.verb, r.verb_start
            continue
        if r.start < last_end or speaker is None:
            continue
        out.append(_Item(r.start, r.end, r.kind, speaker, r.verb, r.verb_start, statement=-r.part))
        last_end = r.end
    return out


def _overlapping(quotes: list[_Item], q_starts: list[int], start: int, end: int) -> list[_Item]:
    """Quotations overlapping [start, end): those starting inside it, and one running into it."""
    i = max(0, bisect.bisect_left(q_starts, start) - 1)
    out = []
    while i < len(quotes) and quotes[i].start < end:
        if quotes[i].end > start:
            out.append(quotes[i])
        i += 1
    return out


def _sentence_speaker(
    doc: Document,
    r: reported.Reported,
    quotes: list[_Item],
    q_starts: list[int],
    done: list[_Item],
    known: words.Found,
) -> Phrase | None:
    """The speaker of the nearest earlier statement in the same sentence, else the named
    subject the sentence opens with."""
    sent = doc.sentence_at(r.verb_start)
    if sent is None:
        return None
    best: _Item | None = None
    for item in [*_overlapping(quotes, q_starts, sent[0], r.verb_start), *done[-3:]]:
        if item.speaker is None or item.scare or not sent[0] <= item.speaker.start < r.verb_start:
            continue
        if best is None or item.speaker.start > best.speaker.start:  # type: ignore[union-attr]
            best = item
    if best is not None:
        return best.speaker
    return speakers.sentence_subject(doc.text, sent[0], sent[1]) or _first_verb_subject(
        doc.text, sent[0], r, known
    )


def _first_verb_subject(text: str, s_start: int, r: reported.Reported, known: words.Found) -> Phrase | None:
    """'The commander claimed ... and said ...': the subject of the sentence's first speech verb."""
    first = next((v for v in known.between(s_start, r.verb_start) if words.usable(text, v)), None)
    if first is None:
        return None
    return speakers.subject_before(text, first.start(), s_start)


# --- statements, resolution, output ------------------------------------------------------


def _number_statements(items: list[_Item]) -> None:
    """Number statements in reading order; a quotation split by its attribution, a second part
    of a reported clause, or a quotation running on into the next paragraph shares the number."""
    number = 0
    previous: _Item | None = None
    for item in items:
        shares = previous is not None and (
            (item.statement == -1 and previous.verb_start == item.verb_start)
            or (
                item.kind in ("direct", "partial")
                and previous.kind in ("direct", "partial")
                and (
                    previous.continues
                    or (item.verb_start >= 0 and item.verb_start == previous.verb_start)
                    or (item.inherit and previous.end < previous.verb_start < item.start)
                )
            )
        )
        if not shares:
            number += 1
        item.statement = number
        previous = item


def _resolved(doc: Document, items: list[_Item]) -> list[tuple[_Item, Speaker | None]]:
    """Each item with its Speaker: typed, and a pronoun or short reference resolved to the
    nearest earlier compatible named source (a named speaker or a sentence's named subject)."""
    named: list[tuple[int, Phrase, str]] = []  # (offset, phrase, type) of named speakers so far
    out: list[tuple[_Item, Speaker | None]] = []
    cache: dict[int, Speaker] = {}
    subjects: dict[int, tuple[int, Phrase, str] | None] = {}
    for item in items:
        phrase = item.speaker
        if phrase is None:
            out.append((item, None))
            continue
        speaker = cache.get(phrase.start)
        if speaker is None:
            pro = speakers.pronoun(phrase.text)
            speaker = _speaker(doc, phrase, pro, named[-LOOKBACK_SPEAKERS:], subjects)
            cache[phrase.start] = speaker
            if speaker.resolved is None and pro is None:
                named.append((phrase.start, phrase, speaker.type))
        out.append((item, speaker))
    return out


def _speaker(
    doc: Document,
    phrase: Phrase,
    pro: str | None,
    named: list[tuple[int, Phrase, str]],
    subjects: dict[int, tuple[int, Phrase, str] | None],
) -> Speaker:
    """The Speaker of ``phrase`` (``pro``: the pronoun it is, or None)."""
    low = phrase.text.lower()
    # the phrase's own type is read only where no antecedent stands for it
    if low in RELATIVE_PRONOUNS:  # "..., who said": the phrase before the comma
        sent = doc.sentence_at(phrase.start)
        found = speakers.antecedent(doc.text, phrase.start, sent[0] if sent else 0)
        if found is None:
            return Speaker(phrase.text, phrase.start, phrase.end, speakers.classify(phrase.text))
        found_kind = speakers.classify(found.text)
        if low == "which" and found_kind == "person":
            found_kind = "organization"  # "which" never stands for a person
        return Speaker(
            phrase.text, phrase.start, phrase.end, found_kind, Span(found.text, found.start, found.end)
        )
    head = None if pro else speakers.short_reference(phrase.text)
    if pro is None and head is None:
        return Speaker(phrase.text, phrase.start, phrase.end, speakers.classify(phrase.text))
    pronouns = words.pronouns()
    for _, cand, cand_type in _candidates(doc, phrase.start, named, subjects, head):
        if _compatible(pronouns, pro, head, cand, cand_type):
            resolved = Span(cand.text, cand.start, cand.end)
            return Speaker(phrase.text, phrase.start, phrase.end, cand_type, resolved)
    kind = "organization" if pro == "it" else speakers.classify(phrase.text)
    return Speaker(phrase.text, phrase.start, phrase.end, kind)


def _compatible(
    pronouns: dict[str, tuple[frozenset[str], str]],
    pro: str | None,
    head: str | None,
    cand: Phrase,
    cand_type: str,
) -> bool:
    if cand.text.lower() in pronouns:
        return False
    if pro is not None:
        return cand_type in pronouns[pro][0]
    assert head is not None
    return len(cand.text) > len(head) + 4 and head in _WORD.findall(cand.text.lower())


def _candidates(
    doc: Document,
    offset: int,
    named: list[tuple[int, Phrase, str]],
    memo: dict[int, tuple[int, Phrase, str] | None],
    head: str | None = None,
) -> Iterator[tuple[int, Phrase, str]]:
    """Antecedents wholly before ``offset``, nearest first: the named speakers so far and the
    named subjects of the sentences just before ``offset`` (and of its own sentence). A
    sentence's subject is found only when the walk reaches it, once per article (``memo``, by
    sentence start): most pronouns stand for a source in the last sentence or two. Sentences do
    not overlap, so their subjects come in order; at one offset a subject comes before a named
    speaker, and a later named speaker before an earlier one. For a short reference, a sentence
    whose opening words do not hold its ``head`` is passed over unread: its subject could not
    stand for it."""
    known = sorted((c for c in named if c[0] < offset and c[1].end <= offset), key=lambda c: c[0])
    k = len(known) - 1
    i = bisect.bisect_right(doc.sentences, (offset, len(doc.text) + 1))
    for start, end in reversed(doc.sentences[max(0, i - LOOKBACK_SENTENCES) : i]):
        if start not in memo:
            if head is not None and _lacks(doc.text[start : min(end, start + speakers.WINDOW)], head):
                continue
            memo[start] = _named_subject(doc, start, end)
        found = memo[start]
        if found is None or found[1].end > offset or found[0] >= offset:
            continue
        while k >= 0 and known[k][0] > found[0]:
            yield known[k]
            k -= 1
        yield found
    while k >= 0:
        yield known[k]
        k -= 1


def _lacks(opening: str, head: str) -> bool:
    """Whether ``head`` (lower case) is surely no word of a phrase within ``opening``: tested on
    ASCII text only, where lower-casing a part gives a part of the lower-cased whole."""
    return opening.isascii() and head not in opening.lower()


def _named_subject(doc: Document, start: int, end: int) -> tuple[int, Phrase, str] | None:
    if doc.section_at(start) not in ("body", "dateline", "title"):
        return None
    sub = speakers.sentence_subject(doc.text, start, end)
    if sub is None:
        return None
    kind = speakers.classify(sub.text)
    return (sub.start, sub, kind) if kind != "unknown" else None


def _mention(doc: Document, item: _Item, speaker: Speaker | None) -> QuoteMention:
    return QuoteMention(
        text=doc.text[item.start : item.end],
        start=item.start,
        end=item.end,
        section=doc.section_at(item.start),
        kind=item.kind,
        speaker=speaker,
        verb=item.verb,
        statement=item.statement,
    )
