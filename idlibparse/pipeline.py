"""Runs the extractors over a Document, settles overlaps between kinds once, and builds the
Result. Extraction is a pure function of (text, reference date): no clock, no globals."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import heapq
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import import_module
from operator import attrgetter
from pathlib import Path
from typing import Any

from idlibparse.document import Document
from idlibparse.records import (
    KINDS,
    DateMention,
    NumberMention,
    PlaceMention,
    QuoteMention,
    Result,
    Span,
)

# kind -> module in idlibparse.extractors exposing extract(doc) -> list[...]
EXTRACTORS: dict[str, str] = {kind: f"idlibparse.extractors.{kind}" for kind in KINDS}
# What a kind needs from other kinds to settle its own output (numbers drop what dates claim,
# take their source from the statement they sit in; places drop what dates claim).
NEEDS: dict[str, tuple[str, ...]] = {
    "numbers": ("dates", "quotes"),
    "places": (),
    "dates": (),
    "quotes": (),
}
# Sort keys of mentions: reading order (C-level getters, cheaper than a lambda per mention).
_POSITION = attrgetter("start", "end")
_START = attrgetter("start")
# Sections whose text is not the story: nothing is extracted from them.
SKIPPED_SECTIONS = frozenset({"boilerplate"})


@cache
def extractor(kind: str) -> Callable[[Document], list[Any]]:
    """The extract function of one kind (modules load on first use, keeping start-up fast)."""
    return import_module(EXTRACTORS[kind]).extract  # type: ignore[no-any-return]


def parse_document(doc: Document, only: Sequence[str] | None = None) -> Result:
    """Extract every requested kind (all four by default) from ``doc``."""
    return parse_documents([doc], only)[0]


def parse_documents(docs: Sequence[Document], only: Sequence[str] | None = None) -> list[Result]:
    """``parse_document`` of each of ``docs``, with the same results. Each extractor goes over
    all the documents before the next one starts, so its code and tables stay in the
    processor's caches: on a batch of news articles this is markedly faster than taking the
    four extractors in turn on each article."""
    wanted = tuple(k for k in KINDS if only is None or k in only)
    needed = set(wanted)
    for kind in wanted:
        needed.update(NEEDS[kind])
    found: list[dict[str, list[Any]]] = [{} for _ in docs]
    for kind in KINDS:
        if kind in needed:
            extract = extractor(kind)
            for doc, kinds in zip(docs, found, strict=True):
                kinds[kind] = [m for m in extract(doc) if m.section not in SKIPPED_SECTIONS]
    return [_result(doc, kinds, wanted) for doc, kinds in zip(docs, found, strict=True)]


def _result(doc: Document, found: dict[str, list[Any]], wanted: tuple[str, ...]) -> Result:
    _settle(found)
    return Result(
        id=doc.id,
        source=doc.source,
        title=doc.title,
        dateline=doc.dateline,
        ref_date=doc.ref_date.isoformat() if doc.ref_date else None,
        ref_date_source=doc.ref_date_source,
        sections=doc.sections,
        kinds=wanted,
        **{kind: tuple(found.get(kind, ())) if kind in wanted else () for kind in KINDS},
    )


def parse(
    text: str,
    *,
    ref_date: dt.date | str | None = None,
    id: str | None = None,
    source: str | None = None,
    only: Sequence[str] | None = None,
    ref_date_source: str = "option",
) -> Result:
    """Parse one article. ``ref_date`` (a date or YYYY-MM-DD) overrides any date found in the
    text; ``source`` (a file path) may supply one from its name."""
    doc = build_document(text, ref_date=ref_date, id=id, source=source, ref_date_source=ref_date_source)
    return parse_document(doc, only)


def build_document(
    text: str,
    *,
    ref_date: dt.date | str | None = None,
    id: str | None = None,
    source: str | None = None,
    ref_date_source: str = "option",
) -> Document:
    """The Document ``parse`` reads (the same arguments, without ``only``)."""
    if isinstance(ref_date, str):
        ref_date = dt.date.fromisoformat(ref_date)
    return Document.build(
        text,
        id=id,
        source=source,
        ref_date=ref_date,
        ref_date_source=ref_date_source if ref_date else None,
    )


class InputFileError(ValueError):
    """A file that cannot be parsed as an article (missing, binary, empty); the message names it."""


def parse_file(
    path: str | os.PathLike[str],
    *,
    ref_date: dt.date | str | None = None,
    only: Sequence[str] | None = None,
) -> Result:
    """Parse one text file, read as the command line reads it (UTF-8, else cp1252). Without
    ``ref_date`` the reference date comes from the text or the file name."""
    from idlibparse.inputs import InputError, text_item

    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise InputFileError(f"{name}: {exc.strerror or exc}") from exc
    item = text_item(data, name, name)
    if isinstance(item, InputError):
        raise InputFileError(str(item))
    return parse(item.text, ref_date=ref_date, id=name, source=name, only=only)


# --- settling overlaps between kinds -----------------------------------------------------


def _settle(found: dict[str, list[Any]]) -> None:
    covers = _Cover(found.get("dates", []))
    if "numbers" in found:
        numbers = sorted((n for n in found["numbers"] if not covers(n)), key=_POSITION)
        found["numbers"] = _with_sources(numbers, found.get("quotes", []))
    if "places" in found:
        found["places"] = [p for p in found["places"] if not covers(p)]
    for kind, mentions in found.items():
        found[kind] = sorted(mentions, key=_POSITION)


class _Cover:
    """Whether a mention lies within a date span ("24" in "the last 24 hours", "2019" in
    "December 24, 2019"): those words belong to the date. Answers in O(log n) per mention."""

    def __init__(self, spans: Iterable[DateMention]) -> None:
        ordered = sorted((d.start, d.end) for d in spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among spans starting at or before each
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def __call__(self, mention: NumberMention | PlaceMention) -> bool:
        i = bisect.bisect_right(self.starts, mention.start)
        return i > 0 and self.reach[i - 1] >= mention.end


def _with_sources(numbers: list[NumberMention], quotes: list[QuoteMention]) -> list[NumberMention]:
    """A figure inside an attributed statement is reported by that statement's speaker (the
    smallest statement holding it). One sweep over both lists, sorted by start."""
    attributed = sorted((q for q in quotes if q.speaker is not None), key=_START)
    open_quotes: list[tuple[int, int, QuoteMention]] = []  # heap by end
    i = 0
    out = []
    for number in numbers:
        while i < len(attributed) and attributed[i].start <= number.start:
            heapq.heappush(open_quotes, (attributed[i].end, i, attributed[i]))
            i += 1
        while open_quotes and open_quotes[0][0] <= number.start:
            heapq.heappop(open_quotes)
        holders = [q for end, _, q in open_quotes if end >= number.end]
        if number.source is not None or not holders:
            out.append(number)
            continue
        speaker = min(holders, key=lambda q: q.end - q.start).speaker
        assert speaker is not None
        named = speaker.resolved or Span(speaker.text, speaker.start, speaker.end)
        out.append(dataclasses.replace(number, source=named))
    return out
