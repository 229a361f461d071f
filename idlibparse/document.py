"""The Document every extractor reads: the text with its paragraphs, sentences and sections
(title, dateline, caption, credits, boilerplate, body), the dateline's place and agency, and the
reference date that relative dates resolve against, with where that date came from.

Nothing here reads the clock: without a reference date in the input, ``ref_date`` is None.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath

import regex

from idlibparse import compiled, lexicon
from idlibparse.records import Dateline, Section

# A paragraph is a line with something on it: wire text puts one paragraph on each line.
_LINE = compiled.compile(r"[^\n]++")

# --- the dateline: "AZAZ, Syria (Reuters) -", "BEIRUT, Feb 8 (Reuters) -", "KABUL (AP) —" ---
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]*+(?:[ \-/][A-Z][A-Z'’.\-]*+){0,4}"
_REGION = r"[A-Z][\w.'’\-]*+(?:\s[A-Z][\w.'’\-]*+){0,3}"
_DATELINE = compiled.compile(
    rf"""(?P<place>{_CAPS_PLACE})
        (?:,\s(?P<region>(?!(?&month))({_REGION})))?
        (?:,?\s(?P<date>(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|
            January|February|March|April|June|July|August|September|October|November|December)
            \.?\s\d{{1,2}}(?:,?\s\d{{4}})?))?
        \s*+(?:\((?P<agency>[A-Za-z][\w.&\- ]{{0,40}}?)\))?
        \s*+(?P<dash>[-–—]{{1,2}}|:)\s""",
    regex.VERBOSE,
)

_CUE_REACH = 200

# --- metadata lines: "Published: 8 February 2020", "2020-02-08 14:05 GMT" ---
_META_LABEL = compiled.compile(
    r"\A(?:(?:first\s)?published|updated|posted|date|dateline|last\supdated)\b\s*+(?:on\s)?:?\s*+",
    regex.IGNORECASE,
)
_ISO_DATE = compiled.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY = compiled.compile(r"(?<!\d)(\d{1,2})\s([A-Z][a-z]{2,8})\.?,?\s(\d{4})(?!\d)")
_MDY = compiled.compile(r"(?<![\w])([A-Z][a-z]{2,8})\.?\s(\d{1,2}),?\s(\d{4})(?!\d)")
_FILENAME_DATE = compiled.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
# What may follow a date on a metadata line: a time, a zone, a weekday.
_META_REST = compiled.compile(
    r"\A[\s,]*+(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*+(?:[ap]\.?m\.?)?\s*+)?(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2})?\W*+\Z"
)


@dataclass(frozen=True)
class Document:
    """One article, ready for the extractors."""

    text: str
    id: str | None = None
    source: str | None = None
    ref_date: dt.date | None = None
    ref_date_source: str | None = None
    sections: tuple[Section, ...] = ()
    dateline: Dateline | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    title: str | None = None
    _section_starts: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def build(
        cls,
        text: str,
        *,
        id: str | None = None,
        source: str | None = None,
        ref_date: dt.date | None = None,
        ref_date_source: str | None = None,
    ) -> Document:
        """Split ``text`` into paragraphs and sections and settle its reference date.

        ``ref_date`` given here (from an option or an input record) wins; ``ref_date_source``
        says which. Otherwise the date comes from the dateline, a metadata line, or a date in
        the ``source`` file name, in that order.
        """
        paragraphs = tuple(_paragraphs(text))
        sections, dateline, dateline_date, meta_date = _find_sections(text, paragraphs)
        if ref_date is None:
            ref_date, ref_date_source = _found_ref_date(dateline_date, meta_date, source)
        title = next((text[s.start : s.end] for s in sections if s.kind == "title"), None)
        return cls(
            text=text,
            id=id,
            source=source,
            ref_date=ref_date,
            ref_date_source=ref_date_source if ref_date else None,
            sections=sections,
            dateline=dateline,
            paragraphs=paragraphs,
            title=title,
            _section_starts=tuple(s.start for s in sections),
        )

    def section_at(self, offset: int) -> str:
        """The kind of section holding ``offset``; text between sections counts as body."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        if i >= 0 and offset < self.sections[i].end:
            return self.sections[i].kind
        return "body"

    def paragraph_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return None

    @cached_property
    def _paragraph_starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.paragraphs)

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Sentence spans (half-open), never crossing a paragraph."""
        spans: list[tuple[int, int]] = []
        for start, end in self.paragraphs:
            spans.extend(split_sentences(self.text, start, end))
        return tuple(spans)

    @cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.sentences)

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        return None

    def body_spans(self) -> list[tuple[int, int]]:
        """Paragraphs outside title, caption, credits and boilerplate: where the story is."""
        return [p for p in self.paragraphs if self.section_at(p[0]) in ("body", "dateline")]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, without their surrounding white space."""
    spans = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


# --- sentences ---------------------------------------------------------------------------

# (it starts only at the first mark of a run: a start inside the run would take the same
# marks to the same end, so one failing start per run keeps a line of 100,000 dots linear)
_SENTENCE_END = compiled.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s++[\"'“‘(\[]?+[\p{Lu}\d])")
_INITIALISM = compiled.compile(r"(?:\p{L}\.){2,}+")  # "U.S.", "e.g."
_WORD_BEFORE = compiled.compile(r"[^\s(\"“]*+", regex.REVERSE)  # the word a dot ends


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end], not breaking after abbreviations ("Gen.", "U.S.")."""
    spans = []
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start(), begin):
            continue
        spans.append((begin, m.end()))
        begin = m.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        spans.append((begin, end))
    return spans


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    found = _WORD_BEFORE.match(text, floor, dot)
    word = text[found.start() if found else dot : dot + 1]
    if len(word) == 2 and word[0].isupper():  # an initial: "George W. Bush"
        return True
    return word.lower() in lexicon.abbreviations() or _INITIALISM.fullmatch(word) is not None


# --- sections ----------------------------------------------------------------------------


def _find_sections(
    text: str, paragraphs: tuple[tuple[int, int], ...]
) -> tuple[tuple[Section, ...], Dateline | None, dt.date | None, dt.date | None]:
    sections: list[Section] = []
    dateline: Dateline | None = None
    dateline_date: dt.date | None = None
    meta_date: dt.date | None = None
    for index, (start, end) in enumerate(paragraphs):
        para = text[start:end]
        kind = _paragraph_kind(para, index, paragraphs, text)
        if kind == "metadata":
            meta_date = meta_date or _metadata_date(para)
            sections.append(Section("boilerplate", start, end))
            continue
        if kind == "title":
            sections.append(Section("title", start, end))
            continue
        if kind != "body":
            sections.append(Section(kind, start, end))
            continue
        if dateline is None and not any(s.kind in ("body", "dateline") for s in sections):
            found = _dateline(text, start, end)
            if found:
                dateline, dateline_date = found
                sections.append(Section("dateline", start, dateline.end))
                start = dateline.end
                while start < end and text[start].isspace():
                    start += 1
        sections.append(Section("body", start, end))
    return tuple(sections), dateline, dateline_date, meta_date


def _paragraph_kind(para: str, index: int, paragraphs: tuple[tuple[int, int], ...], text: str) -> str:
    stripped = para.strip()
    if _is_metadata_line(stripped):
        return "metadata"
    # Cues sit at a paragraph's start or end: look only there, so a huge paragraph costs nothing.
    head, tail = stripped[:_CUE_REACH], stripped[-_CUE_REACH:]
    for kind, pattern in lexicon.section_cues():
        if pattern.search(head if pattern.pattern.startswith("^") else tail):
            return kind
    if index == 0 and len(paragraphs) > 1 and _looks_like_title(stripped):
        return "title"
    return "body"


def _looks_like_title(line: str) -> bool:
    """A short first line that does not end like a sentence."""
    return (len(line) <= 200 and not line.endswith((".", "”", '"', ":"))) or (
        len(line) <= 120
        and line.endswith(".")
        and line.count(". ") == 0
        and len(line.split()) <= 16
        and not _DATELINE.match(line)
    )


def _dateline(text: str, start: int, end: int) -> tuple[Dateline, dt.date | None] | None:
    m = _DATELINE.match(text, start, end)
    if not m or not (m.group("agency") or m.group("region") or m.group("date")):
        return None
    place = m.group("place").strip()
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return None
    date = _calendar_date(m.group("date")) if m.group("date") else None
    line_end = m.end("dash")
    dateline = Dateline(
        text=text[m.start() : line_end],
        start=m.start(),
        end=line_end,
        place=place.title() if place.isupper() else place,
        agency=m.group("agency"),
    )
    return dateline, date


def _is_metadata_line(line: str) -> bool:
    if len(line) > 80:
        return False
    label = _META_LABEL.match(line)
    rest = line[label.end() :] if label else line
    date_match = _ISO_DATE.match(rest) or _DMY.match(rest) or _MDY.match(rest)
    if not date_match or _calendar_date(date_match.group(0)) is None:
        return False
    return bool(_META_REST.match(rest[date_match.end() :]))


def _metadata_date(line: str) -> dt.date | None:
    label = _META_LABEL.match(line.strip())
    rest = line.strip()[label.end() :] if label else line.strip()
    m = _ISO_DATE.match(rest) or _DMY.match(rest) or _MDY.match(rest)
    return _calendar_date(m.group(0)) if m else None


def _calendar_date(phrase: str) -> dt.date | None:
    """A full calendar date written out ("8 February 2020", "Feb. 8, 2020", "2020-02-08")."""
    for pattern, order in ((_ISO_DATE, "ymd"), (_DMY, "dmy"), (_MDY, "mdy")):
        m = pattern.search(phrase)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = parts["m"] if parts["m"].isdigit() else lexicon.months().get(parts["m"].lower().rstrip("."))
        try:
            return dt.date(int(parts["y"]), int(month or 0), int(parts["d"]))
        except ValueError:
            return None
    return None


def _found_ref_date(
    dateline_date: dt.date | None, meta_date: dt.date | None, source: str | None
) -> tuple[dt.date | None, str | None]:
    if dateline_date:
        return dateline_date, "dateline"
    if meta_date:
        return meta_date, "metadata"
    if source:
        m = _FILENAME_DATE.search(PurePath(source).name)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), "filename"
            except ValueError:
                pass
    return None, None
