"""Places extractor: table-driven cases (tests/cases/places.json), the seed article's places,
and the offsets invariant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import casetable
import pytest

from idlibparse.document import Document
from idlibparse.extractors import places
from idlibparse.records import PlaceMention

HERE = Path(__file__).parent
CASES = casetable.load("places")
SEED = HERE.parent / "seeds" / "idlib-reuters-2020-02-08.txt"
CHECKED = ("name", "type", "country_code", "admin1", "precision", "role", "reference")


def _extract(text: str) -> list[PlaceMention]:
    doc = Document.build(text, ref_date=dt.date(2020, 2, 8), ref_date_source="option")
    return places.extract(doc)


def _span(case: dict[str, Any]) -> tuple[int, int]:
    start = -1
    for _ in range(case.get("occurrence", 0) + 1):
        start = case["text"].index(case["span"], start + 1)
    return start, start + len(case["span"])


def _params() -> list[Any]:
    return casetable.params(CASES, lambda i, case: f"{i:03d}-{case['span']}")


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    mentions = _extract(case["text"])
    start, end = _span(case)
    if case.get("absent"):
        clashing = [m for m in mentions if m.start < end and start < m.end]
        assert not clashing, f"{case['span']!r} read as a place: {clashing}"
        return
    found = [m for m in mentions if (m.start, m.end) == (start, end)]
    assert found, f"{case['span']!r} not found; got {[(m.text, m.start, m.name) for m in mentions]}"
    mention = found[0]
    for key in CHECKED:
        if key in case:
            assert getattr(mention, key) == case[key], f"{key}: {getattr(mention, key)!r} != {case[key]!r}"


def test_enough_cases() -> None:
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if c.get("absent")) >= 20


# --- the seed article ----------------------------------------------------------------------

SEED_PLACES = {
    "Azaz": ("town", "SY"),
    "Syria": ("country", "SY"),
    "Idlib": ("admin1", "SY"),
    "Maarat al-Numan": ("town", "SY"),
    "Ankara": ("city", "TR"),
    "Saraqib": ("town", "SY"),
    "Al-Mastoumah": ("village", "SY"),
    "Al-Eis": ("village", "SY"),
    "Aleppo": ("city", "SY"),
    "Beirut": ("city", "LB"),
    "Istanbul": ("city", "TR"),
    "Turkey": ("country", "TR"),
    "Russia": ("country", "RU"),
    "United Kingdom": ("country", "GB"),
}


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[PlaceMention]]:
    text = SEED.read_text(encoding="utf-8")
    # as the pipeline does, leave out the boilerplate ("The Thomson Reuters Trust Principles")
    return text, [m for m in _extract(text) if m.section != "boilerplate"]


def test_seed_has_exactly_the_expected_places(seed: tuple[str, list[PlaceMention]]) -> None:
    _, mentions = seed
    names = {m.name for m in mentions}
    assert names == set(SEED_PLACES) | {"Idlib"}
    for m in mentions:
        if m.name == "Idlib":
            continue
        assert (m.type, m.country_code) == SEED_PLACES[m.name], m


def test_seed_idlib_city_and_province(seed: tuple[str, list[PlaceMention]]) -> None:
    _, mentions = seed
    idlib = [m for m in mentions if m.name == "Idlib"]
    assert {m.type for m in idlib if m.text == "Idlib city"} == {"city"}
    assert {m.type for m in idlib if m.text == "Idlib province"} == {"admin1"}


def test_seed_sections_and_roles(seed: tuple[str, list[PlaceMention]]) -> None:
    _, mentions = seed
    assert {m.section for m in mentions if m.name in ("Beirut", "Istanbul")} == {"credits"}
    assert any(m.name == "Azaz" and m.section == "dateline" for m in mentions)
    turkey = [m.role for m in mentions if m.name == "Turkey"]
    assert turkey.count("actor") > len(turkey) / 2
    assert any(m.text == "UK" for m in mentions)


def test_seed_not_places(seed: tuple[str, list[PlaceMention]]) -> None:
    _, mentions = seed
    for word in ("Turkish", "Russian", "Syrian", "Lebanese", "Reuters", "Assad", "Hezbollah"):
        for m in mentions:
            assert word not in m.text, m


def test_offsets_invariant(seed: tuple[str, list[PlaceMention]]) -> None:
    text, mentions = seed
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_many_capitalized_words_stay_linear() -> None:
    text = "Aleppo Hama Idlib Smith Jones " * 20000
    mentions = _extract(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
