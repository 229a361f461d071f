"""Runs the extractors over a Document, settles overlaps between kinds once, and builds the
Result. Extraction is a pure function of (text, reference date): no clock, no globals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
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
# Sections whose text is not the story: nothing is extracted from them.
SKIPPED_SECTIONS = frozenset({"boilerplate"})


def extractor(kind: str) -> Callable[[Document], list[Any]]:
    """The extract function of one kind (modules load on first use, keeping start-up fast)."""
    return import_module(EXTRACTORS[kind]).extract  # type: ignore[no-any-return]


def parse_document(doc: Document, only: Sequence[str] | None = None) -> Result:
    """Extract every requested kind (all four by default) from ``doc``."""
    wanted = tuple(k for k in KINDS if only is None or k in only)
    needed = set(wanted)
    for kind in wanted:
        needed.update(NEEDS[kind])
    found: dict[str, list[Any]] = {}
    for kind in KINDS:
        if kind in needed:
            found[kind] = [m for m in extractor(kind)(doc) if m.section not in SKIPPED_SECTIONS]
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
    if isinstance(ref_date, str):
        ref_date = dt.date.fromisoformat(ref_date)
    doc = Document.build(
        text,
        id=id,
        source=source,
        ref_date=ref_date,
        ref_date_source=ref_date_source if ref_date else None,
    )
    return parse_document(doc, only)


# --- settling overlaps between kinds -----------------------------------------------------


def _settle(found: dict[str, list[Any]]) -> None:
    dates: list[DateMention] = found.get("dates", [])
    if "numbers" in found:
        numbers = [n for n in found["numbers"] if not _inside_any(n, dates)]
        found["numbers"] = [_with_source(n, found.get("quotes", [])) for n in numbers]
    if "places" in found:
        found["places"] = [p for p in found["places"] if not _inside_any(p, dates)]
    for kind, mentions in found.items():
        found[kind] = sorted(mentions, key=lambda m: (m.start, m.end))


def _inside_any(mention: NumberMention | PlaceMention, others: Iterable[DateMention]) -> bool:
    """True when ``mention`` lies within another kind's span ("24" in "the last 24 hours",
    "2019" in "December 24, 2019"): those words belong to the date."""
    return any(o.start <= mention.start and mention.end <= o.end for o in others)


def _with_source(number: NumberMention, quotes: list[QuoteMention]) -> NumberMention:
    """A figure inside an attributed statement is reported by that statement's speaker."""
    if number.source is not None:
        return number
    holders = [q for q in quotes if q.speaker is not None and q.start <= number.start and number.end <= q.end]
    if not holders:
        return number
    speaker = min(holders, key=lambda q: q.end - q.start).speaker
    assert speaker is not None
    named = speaker.resolved or Span(speaker.text, speaker.start, speaker.end)
    return dataclasses.replace(number, source=named)
