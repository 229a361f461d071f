"""Numbers extractor: table-driven cases (tests/cases/numbers.json), the seed article, offsets
and pathological input."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import casetable
import pytest

import idlibparse
from idlibparse.document import Document
from idlibparse.extractors import numbers
from idlibparse.records import NumberMention

CASES = casetable.load("numbers")
SEED = Path(__file__).parent.parent / "seeds" / "idlib-reuters-2020-02-08.txt"
REF = dt.date(2020, 2, 8)
FIELDS = ("text", "value", "low", "high", "qualifier", "unit", "counted", "category")


def _params() -> list[Any]:
    return casetable.params(CASES, lambda _, case: case["id"])


def _extract(text: str) -> list[NumberMention]:
    return numbers.extract(Document.build(text, ref_date=REF, ref_date_source="option"))


def _row(n: NumberMention) -> dict[str, Any]:
    return {
        "text": n.text,
        "value": n.value,
        "low": n.low,
        "high": n.high,
        "qualifier": n.qualifier,
        "unit": n.unit,
        "counted": n.counted.text if n.counted else None,
        "category": n.category,
    }


def _same(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    for key in FIELDS:
        a, b = expected[key], got[key]
        if isinstance(a, int | float) and isinstance(b, int | float):
            if not math.isclose(a, b, rel_tol=1e-9):
                return False
        elif a != b:
            return False
    return True


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    got = [_row(n) for n in _extract(case["text"])]
    expected = case["numbers"]
    assert len(got) == len(expected), got
    for want, have in zip(expected, got, strict=True):
        assert _same(want, have), (want, have)


def test_cases_are_many_and_complete() -> None:
    assert len(CASES) >= 200
    for case in CASES:
        for n in case["numbers"]:
            assert set(FIELDS) <= set(n), case["id"]


@pytest.mark.parametrize("case", [c for c in CASES if "xfail" not in c], ids=lambda c: c["id"])
def test_offsets_and_counted_spans(case: dict[str, Any]) -> None:
    text = case["text"]
    for n in _extract(text):
        assert text[n.start : n.end] == n.text
        if n.counted:
            assert text[n.counted.start : n.counted.end] == n.counted.text
            # the counted phrase never overlaps the figure ("the death toll rose to 30" is before it)
            assert n.counted.start >= n.end or n.counted.end <= n.start


# --- the seed article -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_numbers() -> list[NumberMention]:
    """The extractor's own output: it leaves years and durations out without the dates
    extractor's help (the pipeline drops numbers inside dates as well)."""
    return _extract(SEED.read_text(encoding="utf-8"))


SEED_EXPECTED = [
    ("more than half a million", 500000, "more_than", None, "people", "displaced"),
    ("around 600,000", 600000, "approximately", None, "people", "displaced"),
    ("3.6 million", 3600000, "exact", None, "Syrian refugees", "refugees"),
    ("several", None, "vague", None, "Turkish observation posts", "other"),
    ("eight", 8, "exact", None, "Turkish military personnel", "killed"),
    ("430", 430, "exact", None, "Turkish military vehicles", "military_vehicles"),
    ("two", 2, "exact", None, "main highways", "other"),
    ("less than 10 miles", 10, "less_than", "mi", None, "distance"),
    ("15 km", 15, "less_than", "km", None, "distance"),
]


def test_seed_numbers_exactly(seed_numbers: list[NumberMention]) -> None:
    got = [
        (n.text, n.value, n.qualifier, n.unit, n.counted.text if n.counted else None, n.category)
        for n in seed_numbers
    ]
    assert got == SEED_EXPECTED


def test_seed_bounds_and_conversion(seed_numbers: list[NumberMention]) -> None:
    by_text = {n.text: n for n in seed_numbers}
    assert by_text["more than half a million"].low == 500000
    assert by_text["more than half a million"].high is None
    assert by_text["less than 10 miles"].high == 10
    assert by_text["less than 10 miles"].normalized_value == pytest.approx(16.09, abs=0.01)
    assert by_text["less than 10 miles"].normalized_unit == "km"
    assert by_text["several"].low == 3


def test_seed_through_the_pipeline(seed_numbers: list[NumberMention]) -> None:
    """The whole pipeline keeps the same numbers and names who reported a figure when the
    quotes extractor finds the statement."""
    result = idlibparse.parse(SEED.read_text(encoding="utf-8"), ref_date=REF)
    assert [n.text for n in result.numbers] == [n.text for n in seed_numbers]
    source = next(n.source for n in result.numbers if n.text == "around 600,000")
    if source is None:
        pytest.skip("the quotes extractor does not attribute this statement yet")
    assert "United Nations" in source.text


def test_seed_offsets_and_sections(seed_numbers: list[NumberMention]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for n in seed_numbers:
        assert text[n.start : n.end] == n.text
        assert n.section == "body"


def test_seed_years_and_durations_are_not_numbers() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {n.text for n in _extract(text)}
    for phrase in ("2019", "2017", "24", "three", "nine"):
        assert phrase not in found


def test_to_dict_keys_are_static() -> None:
    n = _extract("Over 150 fighters died and the convoy drove 15 km.")[1]
    record = n.to_dict()
    assert record["normalized_unit"] == "km"
    assert set(record) >= {"value", "low", "high", "qualifier", "unit", "counted", "category", "source"}


# --- pathological input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1_000_000,
        "1," * 200_000,
        "one " * 5_000,
        "hundreds of " * 5_000,
        "$" * 100_000 + "5",
        ("between 1 and " * 5_000) + "2",
        "-1" * 200_000,
        "12.34." * 100_000,
    ],
    ids=["digits", "commas", "ones", "hundreds-of", "dollars", "betweens", "dashes", "dots"],
)
def test_pathological_input_keeps_offsets(text: str) -> None:
    for n in _extract(text):
        assert text[n.start : n.end] == n.text


# --- vocabulary -------------------------------------------------------------------------------


def test_vocabulary_categories_are_in_the_schema() -> None:
    from idlibparse.extractors import _numbers_lexicon as lex
    from idlibparse.schema import ENUMS

    allowed = set(ENUMS[("NumberMention", "category")]) | {"vehicles"}  # vehicles: settled by context
    assert set(lex.nouns().values()) <= allowed
    assert set(lex.events().values()) <= allowed
    assert {b.qualifier for b in lex.qualifiers().values()} <= set(ENUMS[("NumberMention", "qualifier")])
    assert {b.qualifier for b in lex.suffixes().values()} <= set(ENUMS[("NumberMention", "qualifier")])


def test_vague_values_never_exceed_their_upper_bound() -> None:
    from idlibparse.extractors import _numbers_lexicon as lex

    for phrase, entry in lex.vague().items():
        if entry.value is not None and entry.high is not None:
            assert entry.value <= entry.high, phrase
        if entry.low is not None and entry.high is not None:
            assert entry.low <= entry.high, phrase


def test_unit_conversions() -> None:
    by_text = {n.text: n for n in _extract("They walked 3 miles, then 500 metres, across 2 square miles.")}
    assert by_text["3 miles"].normalized_value == pytest.approx(4.828, abs=0.001)
    assert by_text["500 metres"].normalized_value == pytest.approx(0.5)
    assert by_text["2 square miles"].normalized_unit == "km2"
