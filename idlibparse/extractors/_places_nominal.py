"""Places referred to by a common noun ("the town", "the hospital", "a mosque").

A settlement or area word in a description refers back to the last named place of its kind a
little before it ("... in Saraqib. Residents of the town said ..."): the mention takes that
place's name, type and point. A facility word names a place where something happens; it takes
the point of the nearest named place in its sentence (else its paragraph) with precision 2, or
no point at all. Either kind is marked ``reference="nominal"`` so users can keep or drop them.
A description followed by "of" ("the town of Saraqib") or used as a modifier ("the city council")
is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from itertools import accumulate, chain

import regex

from idlibparse import compiled, lexicon
from idlibparse.document import Document
from idlibparse.records import PlaceMention

# How far back (in characters) a settlement word looks for the place it refers to.
_REACH = 1000
_DETERMINER = r"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)"
# Adjectives that may stand between the determiner and the head ("the besieged town").
_MODIFIERS = (
    r"(?:(?:same|nearby|local|main|old|small|besieged|rebel-held|government-held|northern|southern|"
    r"eastern|western|central|makeshift|underground|only|largest|biggest)\s){0,2}"
)
# Lower-case words after a head that make it a modifier of another noun ("the city council").
_COMPOUND = (
    r"council|councils|councilman|councilwoman|commission|commissioner|commissioners|board|district|"
    r"officials|official|police|government|administration|staff|employees|budget|price|prices|"
    r"system|hall|limits|manager|attorney|clerk|leaders|director|spokesman|spokeswoman|authorities|"
    r"workers|teachers|students|year|season|team|bond|bonds|tax|taxes|ordinance|planning|"
    r"services|department|fees|funds|share|shares|rate|rates"
)


# Before a settlement word (and "market", "base", words with other senses): what makes it a
# place here, a locative preposition or a verb taking a place ("shelled the town"); "sued the
# city", "the city said" are about its government, "the market value" about prices.
_PLACE_CONTEXT = compiled.compile(
    r"(?r)(?<![\p{L}])(?:in|into|across|around|near|outside|inside|throughout|over|from|to|towards?|"
    r"at|through|within|entered|enter|shelled|shelling|captured|capture|besieged|stormed|seized|"
    r"retook|recaptured|fled|left|reached|surrounded|bombed|bombarded|hit|struck|attacked|"
    r"controlled|control|took|liberated|evacuated|encircled|leave|reach)\s\Z"
)
_NEEDS_CONTEXT = frozenset({"market", "base", "marketplace"})


@cache
def _heads() -> dict[str, frozenset[str]]:
    """Head noun -> the types of place it refers back to (empty for facilities)."""
    return {
        row[0]: frozenset() if row[1] == "-" else frozenset(row[1].split(","))
        for row in lexicon.table("places_nominal_heads.tsv")
    }


@cache
def _pattern() -> regex.Pattern[str]:
    heads = lexicon.alternation(list(_heads()))
    return compiled.compile(
        rf"(?<![\p{{L}}])(?P<det>{_DETERMINER})\s{_MODIFIERS}(?P<head>{heads})"
        rf"(?![\p{{L}}\-])(?!\s(?:of|{_COMPOUND})(?![\p{{L}}]))"
    )


# The longest determiner and two modifiers before a head: "that government-held
# government-held " (a match starts at most this far before its head word).
_LEAD = 40
# Where a determiner and a space start (stdlib re, whose \s takes in every space the regex
# pattern's \s does, so no start of a match is missed). Its first letter is a class of its own,
# so re skips in C to the letters that can start one; no determiner starts inside another with
# its space, so consuming them skips none.
_DETERMINER_AT = re.compile(r"[TtAa](?:(?<=[Tt])h(?:e|is|at)|(?<=[Aa])n?)\s")


@cache
def _first_words() -> tuple[str, ...]:
    """The first words of the heads, less those another one starts ("air" for "airport" and
    "air base"): a head starts wherever one of these does."""
    firsts = {head.split()[0] for head in _heads()}
    return tuple(sorted(word for word in firsts if not any(word != o and word.startswith(o) for o in firsts)))


@cache
def _head_start_pattern(lead: str = r"\s") -> re.Pattern[str]:
    """``lead`` (a white space) and one of :func:`_first_words`, the words grouped by their first
    letter (stdlib re tries the groups' letters at each white space, not every word). Its \\s is
    the white space of ``str.isspace``; none of the words starts another, so at most one matches
    at a place."""
    groups: dict[str, list[str]] = {}
    for word in _first_words():  # (sorted: the source is the same in every process)
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    alternatives = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"{lead}(?:{alternatives})")


# The white space of ``str.isspace`` other than the space and the line break, in and beyond
# ASCII: rare in news text.
_OTHER_ASCII_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_OTHER_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f"
    "\u205f\u3000"
)


def _spaces_and_breaks(text: str) -> bool:
    """Whether the only white space in ``text`` is spaces and line breaks."""
    for space in _OTHER_ASCII_SPACES:
        if space in text:
            return False
    if text.isascii():
        return True
    return not any(space in text for space in _OTHER_SPACES)


def _head_starts(text: str) -> list[int]:
    """Where a head can start: the first letter of a head's first word right after a white
    space (one stdlib re scan; a match never holds a white space after its first character, so
    no start is skipped). The places are distinct and in order.

    Where the only white space is spaces and line breaks (most texts), the line breaks are read
    as spaces and the scan looks for a space: a literal first character lets re skip to each
    space in C instead of testing every character for white space."""
    if _spaces_and_breaks(text):
        return [m.start() + 1 for m in _head_start_pattern(" ").finditer(text.replace("\n", " "))]
    return [m.start() + 1 for m in _head_start_pattern().finditer(text)]


def _matches(text: str) -> Iterator[regex.Match[str]]:
    """The matches of the pattern in ``text``, as ``finditer`` gives them, but tried only where
    a head word follows within reach: a match starts at most _LEAD characters before its head,
    so the first place it can start after the last match is within reach of the next head."""
    pattern = _pattern()
    pos = 0  # where the last match ended
    tried = 0  # every start before this one has been tried and failed
    for at in _head_starts(text):  # (the head word's first character)
        lo = max(pos, tried, at - _LEAD)
        for det in _DETERMINER_AT.finditer(text, lo, at):  # (a determiner's space ends by ``at``)
            m = pattern.match(text, det.start())
            if m is not None:
                yield m
                pos = m.end()
                break
        tried = max(tried, at - 1)


def nominal_mentions(doc: Document, named: list[PlaceMention]) -> list[PlaceMention]:
    """The nominal place mentions of ``doc``, given its named ones (sorted by start)."""
    text = doc.text
    if not named:
        return []
    matches = _matches(text)
    first = next(matches, None)
    if first is None:
        return []  # (most texts: the tables below are not built)
    located = [m for m in named if m.lat is not None]
    out: list[PlaceMention] = []
    # A match overlaps a named mention when one starting before its end reaches past its start:
    # the named mentions' starts, sorted, with the farthest end reached up to each.
    taken = sorted((m.start, m.end) for m in named)
    starts = [s for s, _ in taken]
    reach = list(accumulate((e for _, e in taken), max))
    for m in chain((first,), matches):
        start, end = m.span()
        before = bisect_left(starts, end)
        if before and reach[before - 1] > start:
            continue
        head = m.group("head")
        refers = _heads()[head.lower()]
        if (refers or head.lower() in _NEEDS_CONTEXT) and not _PLACE_CONTEXT.search(
            text, max(0, start - 16), start
        ):
            continue
        if refers and text.startswith(("'s", "’s"), end):
            continue  # "the city's budget": the town as a body
        if refers:
            mention = _refer_back(doc, start, end, refers, located)
        else:
            mention = _facility(doc, start, end, m.start("head"), located)
        if mention is not None:
            out.append(mention)
    return out


def _refer_back(
    doc: Document, start: int, end: int, refers: frozenset[str], located: list[PlaceMention]
) -> PlaceMention | None:
    """ "the town" as the last named town, city or village within reach before it."""
    for m in reversed(located):
        if m.start >= start:
            continue
        if start - m.end > _REACH:
            return None
        if m.type in refers and m.role == "location":
            return replace(
                m,
                text=doc.text[start:end],
                start=start,
                end=end,
                section=doc.section_at(start),
                reference="nominal",
            )
    return None


def _facility(
    doc: Document, start: int, end: int, head_start: int, located: list[PlaceMention]
) -> PlaceMention:
    """ "the hospital": a place of its own, at the nearest named place of its sentence or
    paragraph (precision 2), else without a point."""
    near = None
    for span in (doc.sentence_at(start), doc.paragraph_at(start)):
        if span is None:
            continue
        inside = [m for m in located if span[0] <= m.start < span[1] and m.type != "country"]
        if inside:
            near = min(inside, key=lambda m: abs(m.start - start))
            break
    return PlaceMention(
        text=doc.text[start:end],
        start=start,
        end=end,
        section=doc.section_at(start),
        name=doc.text[head_start:end],
        type="other",
        country_code=near.country_code if near else None,
        admin1=near.admin1 if near else None,
        lat=near.lat if near else None,
        lon=near.lon if near else None,
        precision=2,
        reference="nominal",
    )
