"""Properties that hold for any text: parsing never raises, every span's offsets give back its
text (mentions of every kind, speakers, counted noun phrases, sources), and the record is valid
JSON that round-trips and matches the published schema."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import idlibparse
from idlibparse.schema import problems

# Pieces of conflict reporting, so generated text reaches deep into the rules, not only noise.
WORDS = [
    "On Monday,",
    "more than",
    "at least",
    "around",
    "half a million",
    "3.6 million",
    "eight",
    "12",
    "1,200",
    "10 miles (15 km)",
    "people",
    "soldiers were killed",
    "displaced",
    "refugees",
    "in Idlib",
    "near Aleppo",
    "Syria's",
    "Saraqeb",
    "Kabul",
    "the United Nations",
    "said",
    "told Reuters",
    "according to",
    "officials",
    '"We will respond,"',
    "“Steps were taken.”",
    "'",
    '"',
    "“",
    "”",
    "since 2017",
    "December 24, 2019",
    "last week",
    "in the last 24 hours",
    "by the end of the month",
    "next Friday",
    "AZAZ, Syria (Reuters) -",
    "FILE PHOTO:",
    "Reporting by",
    ".",
    ",",
    "-",
    "\n",
    "\n\n",
    "%",
    "$5 million",
    "Mr.",
    "U.S.",
]

conflict_text = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.text(max_size=400)
mixed_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=50).map(" ".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(record: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """(what, start, end, text) for every span in the record, nested ones included."""
    found: list[tuple[str, int, int, str]] = []
    for kind in ("numbers", "dates", "places", "quotes"):
        for m in record[kind]:
            found.append((kind, m["start"], m["end"], m["text"]))
            if kind == "numbers" and m.get("counted") is not None:
                found.append(("counted", m["counted_start"], m["counted_end"], m["counted"]))
            for key in ("speaker", "source"):
                span = m.get(key)
                if isinstance(span, dict):
                    found.append((key, span["start"], span["end"], span["text"]))
                    inner = span.get("resolved")
                    if isinstance(inner, dict):
                        found.append((f"{key}.resolved", inner["start"], inner["end"], inner["text"]))
    dateline = record.get("dateline")
    if dateline:
        found.append(("dateline", dateline["start"], dateline["end"], dateline["text"]))
    return found


def _check(text: str, ref_date: str | None) -> None:
    record = idlibparse.parse(text, ref_date=ref_date, id="prop", source="prop.txt").to_dict()
    for what, start, end, surface in _spans(record):
        assert 0 <= start <= end <= len(text), (what, start, end)
        assert text[start:end] == surface, (what, start, end, surface)
    for section in record["sections"]:
        assert 0 <= section["start"] <= section["end"] <= len(text)
    encoded = json.dumps(record, ensure_ascii=False, allow_nan=False)
    assert json.loads(encoded) == record
    assert problems(record) == []


@SETTINGS
@given(any_text)
def test_arbitrary_text(text: str) -> None:
    _check(text, None)


@SETTINGS
@given(conflict_text, st.sampled_from([None, "2020-02-08", "1999-12-31"]))
def test_conflict_reporting_text(text: str, ref_date: str | None) -> None:
    _check(text, ref_date)


@SETTINGS
@given(mixed_text)
def test_reporting_mixed_with_noise(text: str) -> None:
    _check(text, "2020-02-08")
