"""Dates extractor: table-driven cases (tests/cases/dates.json), the seed article's dates, and
the offsets invariant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import casetable
import pytest

from idlibparse.document import Document
from idlibparse.extractors import dates
from idlibparse.records import DateMention

HERE = Path(__file__).parent
CASES = casetable.load("dates")
SEED = HERE.parent / "seeds" / "idlib-reuters-2020-02-08.txt"


def _extract(text: str, ref: str | None) -> list[DateMention]:
    doc = Document.build(text, ref_date=dt.date.fromisoformat(ref) if ref else None, ref_date_source="option")
    return dates.extract(doc)


def _params() -> list[Any]:
    return casetable.params(CASES, lambda i, case: f"{i:03d}-{case['span']}")


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    mentions = _extract(case["text"], case["ref_date"])
    if case.get("absent"):
        start = case["text"].index(case["span"])
        end = start + len(case["span"])
        clashing = [m for m in mentions if m.start < end and start < m.end]
        assert not clashing, f"{case['span']!r} read as a date: {clashing}"
        return
    found = [m for m in mentions if m.text == case["span"]]
    assert found, f"{case['span']!r} not found; got {[(m.text, m.value) for m in mentions]}"
    mention = found[0]
    assert (mention.value, mention.type, mention.mod) == (case["value"], case["type"], case["mod"])
    if "resolved" in case:
        assert mention.resolved is case["resolved"]
    if "anchor" in case:
        assert mention.anchor == case["anchor"]


def test_enough_cases() -> None:
    assert len(CASES) >= 200
    assert any(c["ref_date"] is None for c in CASES)


# The seed article: exactly the dates its spec lists (spans follow TimeML extents: the signal
# word, "since", "on", "in", "by", stays outside the span and "since"/"by" become the mod).
SEED_DATES = [
    ("Saturday", "2020-02-08", "date", None),
    ("two months", "P2M", "duration", None),
    ("December 24, 2019", "2019-12-24", "date", None),
    ("Friday", "2020-02-07", "date", "since"),
    ("three hours", "PT3H", "duration", None),
    ("next week", "2020-W07", "date", None),
    ("nearly nine-year", "P9Y", "duration", "approx"),
    ("2017", "2017", "date", "since"),
    ("the beginning of December", "2019-12", "date", "start"),
    ("this week", "2020-W06", "date", None),
    ("the end of the month", "2020-02", "date", "end"),
    ("Monday", "2020-02-03", "date", None),
    ("Saturday", "2020-02-08", "date", None),
    ("the last 24 hours", "PT24H", "duration", None),
    ("Saturday", "2020-02-08", "date", None),
]


def test_seed_dates() -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = Document.build(text, source=str(SEED))
    assert doc.ref_date == dt.date(2020, 2, 8)
    mentions = [m for m in dates.extract(doc) if m.section != "boilerplate"]
    assert [(m.text, m.value, m.type, m.mod) for m in mentions] == SEED_DATES
    assert next(m for m in mentions if m.text == "December 24, 2019").section == "caption"
    assert next(m for m in mentions if m.text == "the last 24 hours").anchor == "2020-02-08"
    assert all(m.resolved for m in mentions)


def test_seed_without_reference_date() -> None:
    text = SEED.read_text(encoding="utf-8")
    mentions = dates.extract(Document.build(text))
    values = {m.text: (m.value, m.resolved) for m in mentions}
    assert values["Saturday"] == ("XXXX-WXX-6", False)
    assert values["the beginning of December"] == ("XXXX-12", False)
    assert values["December 24, 2019"] == ("2019-12-24", True)


def test_offsets_invariant() -> None:
    texts = [SEED.read_text(encoding="utf-8")] + [c["text"] for c in CASES]
    for text in texts:
        for mention in _extract(text, "2020-02-08"):
            assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "2019-" * 40_000,
        "last " * 40_000,
        "the past " * 30_000 + "three",
        "December 24, " * 20_000,
        "nearly " * 30_000 + "nine-year",
        "Friday night " * 20_000,
        "a" * 100_000 + " 12:30",
    ],
    ids=lambda text: text[:12].strip(),
)
def test_pathological_input_finishes(text: str) -> None:
    for mention in _extract(text, "2020-02-08"):
        assert text[mention.start : mention.end] == mention.text
