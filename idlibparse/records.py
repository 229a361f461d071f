"""The output schema: one frozen dataclass per kind of mention, and the per-article Result.

Every mention carries ``text``, ``start``, ``end`` (half-open code-point offsets into the
article text as read, so ``article[start:end] == text``) and the ``section`` it sits in.
``to_dict()`` gives the flat, snake_case JSON shape; keys never depend on the data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from idlibparse.slotted import direct_init

KINDS: tuple[str, ...] = ("numbers", "dates", "places", "quotes")


@direct_init
@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article: who said something, who reported a figure, a counted noun."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@direct_init
@dataclass(frozen=True, slots=True)
class Speaker:
    """The source of a statement; ``resolved`` is the named antecedent of a pronoun or short
    reference ("he", "the ministry"), or None when the speaker is already a full name."""

    text: str
    start: int
    end: int
    type: str = "unknown"  # person|organization|media|government|armed_group|anonymous|unknown
    resolved: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "resolved": self.resolved.to_dict() if self.resolved else None,
        }


@direct_init
@dataclass(frozen=True, slots=True)
class NumberMention:
    """A quantity. The span is the number with its qualifier and unit ("more than half a
    million", "15 km"); the counted noun phrase is given apart in ``counted``."""

    text: str
    start: int
    end: int
    section: str
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"  # exact|approximately|more_than|at_least|less_than|at_most|up_to|range|vague
    unit: str | None = None  # km, mi, percent, USD, years_old, ...
    counted: Span | None = None
    category: str = "other"
    source: Span | None = None
    normalized_value: float | None = None  # distance in km, area in km2, weight in kg
    normalized_unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "value": _plain(self.value),
            "low": _plain(self.low),
            "high": _plain(self.high),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "counted": self.counted.text if self.counted else None,
            "counted_start": self.counted.start if self.counted else None,
            "counted_end": self.counted.end if self.counted else None,
            "category": self.category,
            "source": self.source.to_dict() if self.source else None,
            "normalized_value": _plain(self.normalized_value),
            "normalized_unit": self.normalized_unit,
        }


@direct_init
@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression with its TIMEX3 value ("2020-02-08", "2020-W07", "P2M",
    "XXXX-WXX-6" when no reference date resolves it)."""

    text: str
    start: int
    end: int
    section: str
    value: str | None
    type: str = "date"  # date|time|duration|set
    mod: str | None = None  # since|until|by|start|mid|end|approx|before|after
    resolved: bool = True
    anchor: str | None = None  # for a duration tied to a point ("the last 24 hours"): that point

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@direct_init
@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym resolved against the gazetteer (or only typed, from a cue such as "the
    village of X", when the gazetteer lacks it: then coordinates may be null)."""

    text: str
    start: int
    end: int
    section: str
    name: str
    type: str = "other"  # country|admin1|admin2|city|town|village|region|other
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: int = 1  # 1 the place itself, 2 near or part of it, 3 only the province/region
    role: str = "location"  # location|actor
    reference: str = "name"  # name (a toponym) | nominal ("the town", "the hospital")

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@direct_init
@dataclass(frozen=True, slots=True)
class QuoteMention:
    """A statement. The span covers the quoted (or reported) words without quotation marks.
    Parts of one statement split by its attribution share ``statement``."""

    text: str
    start: int
    end: int
    section: str
    kind: str  # direct|partial|reported|according_to
    speaker: Speaker | None = None
    verb: str | None = None
    statement: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "verb": self.verb,
            "statement": self.statement,
        }


@direct_init
@dataclass(frozen=True, slots=True)
class Section:
    kind: str  # title|dateline|body|caption|credits|boilerplate
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


@direct_init
@dataclass(frozen=True, slots=True)
class Dateline:
    """The story's opening "AZAZ, Syria (Reuters) -": its place and agency."""

    text: str
    start: int
    end: int
    place: str | None
    agency: str | None

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@dataclass(frozen=True)
class Result:
    """Everything extracted from one article."""

    id: str | None
    source: str | None
    title: str | None
    dateline: Dateline | None
    ref_date: str | None
    ref_date_source: str | None  # option|record|dateline|metadata|filename|None
    sections: tuple[Section, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    kinds: tuple[str, ...] = field(default=KINDS)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "ref_date": self.ref_date,
            "ref_date_source": self.ref_date_source,
            "sections": [s.to_dict() for s in self.sections],
        }
        for kind in KINDS:
            record[kind] = [m.to_dict() for m in getattr(self, kind)]
        return record

    def mentions(self) -> list[tuple[str, Any]]:
        """(kind, mention) pairs in reading order, for flat renderers such as CSV."""
        pairs = [(kind, m) for kind in self.kinds for m in getattr(self, kind)]
        return sorted(pairs, key=lambda pair: (pair[1].start, pair[1].end))


def _plain(value: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (600000, not 600000.0). A NaN or an infinity is refused:
    JSON has no word for it, and writing null would hide the rule that made it."""
    if value is not None and float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number: JSON cannot hold it")
    return value


_FIELD_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


def _flat(obj: Any) -> dict[str, Any]:
    """The fields of a dataclass whose values are all plain JSON scalars, as a dict (what
    dataclasses.asdict gives, without its deep copy)."""
    cls = type(obj)
    known = _FIELD_GETTERS.get(cls)
    if known is None:
        names = tuple(f.name for f in fields(cls))
        # attrgetter of several names gives a tuple; of one name, the bare value
        getter = attrgetter(*names) if len(names) > 1 else lambda o: (getattr(o, names[0]),)
        known = _FIELD_GETTERS[cls] = (names, getter)
    names, values = known
    return dict(zip(names, values(obj), strict=True))
