"""The seed article yields what a user expects from it, fact by fact (the project's spec of
the seed): structure, numbers, dates, places and quotes, each with offsets into the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import idlibparse

SEED = Path(__file__).resolve().parents[1] / "seeds" / "idlib-reuters-2020-02-08.txt"
TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return idlibparse.parse(TEXT, source=str(SEED)).to_dict()


def _at(phrase: str, nth: int = 0) -> int:
    """Offset of the nth occurrence of phrase in the seed."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start


def _covering(items: list[dict[str, Any]], phrase: str, nth: int = 0) -> dict[str, Any]:
    """The item whose span overlaps the nth occurrence of phrase (the longest overlap)."""
    start = _at(phrase, nth)
    end = start + len(phrase)
    found = [i for i in items if i["start"] < end and start < i["end"]]
    assert found, f"nothing found at {phrase!r}"
    return max(found, key=lambda i: min(end, i["end"]) - max(start, i["start"]))


def test_reference_date_comes_from_the_file_name(record: dict[str, Any]) -> None:
    assert record["ref_date"] == "2020-02-08"
    assert record["ref_date_source"] == "filename"


def test_structure(record: dict[str, Any]) -> None:
    assert record["title"] == "Turkey reinforces troops in Syria's Idlib, talks with Russia"
    assert record["dateline"]["place"] == "Azaz"
    assert record["dateline"]["agency"] == "Reuters"
    kinds = {s["kind"] for s in record["sections"]}
    assert {"title", "dateline", "body", "caption", "credits", "boilerplate"} <= kinds


def test_every_offset_points_at_its_text(record: dict[str, Any]) -> None:
    for kind in idlibparse.KINDS:
        for item in record[kind]:
            assert TEXT[item["start"] : item["end"]] == item["text"]


NUMBERS = [
    # phrase in the text, value, qualifier, counted, category
    ("more than half a million", 500000, "more_than", "people", "displaced"),
    ("around 600,000", 600000, "approximately", "people", "displaced"),
    ("3.6 million", 3600000, "exact", "Syrian refugees", "refugees"),
    ("eight", 8, "exact", "Turkish military personnel", "killed"),
    ("430", 430, "exact", "Turkish military vehicles", "military_vehicles"),
    ("two main", 2, "exact", "main highways", "other"),
    ("several", None, "vague", "Turkish observation posts", "other"),
]


@pytest.mark.parametrize(("phrase", "value", "qualifier", "counted", "category"), NUMBERS)
def test_numbers(
    record: dict[str, Any], phrase: str, value: int | None, qualifier: str, counted: str, category: str
) -> None:
    number = _covering(record["numbers"], phrase)
    assert number["value"] == value
    assert number["qualifier"] == qualifier
    assert number["counted"] == counted
    assert number["category"] == category


def test_number_bounds(record: dict[str, Any]) -> None:
    half_million = _covering(record["numbers"], "more than half a million")
    assert (half_million["low"], half_million["high"]) == (500000, None)


def test_number_sources(record: dict[str, Any]) -> None:
    assert "United Nations" in _covering(record["numbers"], "around 600,000")["source"]["text"]
    observatory = _covering(record["numbers"], "430")["source"]["text"]
    assert "Syrian Observatory for Human Rights" in observatory


def test_distances(record: dict[str, Any]) -> None:
    miles = _covering(record["numbers"], "10 miles")
    assert (miles["value"], miles["unit"], miles["qualifier"], miles["category"]) == (
        10,
        "mi",
        "less_than",
        "distance",
    )
    km = _covering(record["numbers"], "15 km")
    assert (km["value"], km["unit"], km["category"]) == (15, "km", "distance")


@pytest.mark.parametrize("phrase", ["2019", "2017", "24 hours", "three hours", "two months", "nine-year"])
def test_not_numbers(record: dict[str, Any], phrase: str) -> None:
    start = _at(phrase)
    end = start + len(phrase)
    assert not [n for n in record["numbers"] if n["start"] < end and start < n["end"]]


DATES = [
    # phrase, occurrence, value, type, mod
    ("Saturday", 0, "2020-02-08", "date", None),
    ("Saturday", 1, "2020-02-08", "date", None),
    ("Saturday", 2, "2020-02-08", "date", None),
    ("two months", 0, "P2M", "duration", None),
    ("December 24, 2019", 0, "2019-12-24", "date", None),
    ("since Friday", 0, "2020-02-07", "date", "since"),
    ("three hours", 0, "PT3H", "duration", None),
    ("next week", 0, "2020-W07", "date", None),
    ("nearly nine-year", 0, "P9Y", "duration", "approx"),
    ("since 2017", 0, "2017", "date", "since"),
    ("the beginning of December", 0, "2019-12", "date", "start"),
    ("this week", 0, "2020-W06", "date", None),
    ("the end of the month", 0, "2020-02", "date", "end"),
    ("On Monday", 0, "2020-02-03", "date", None),
    ("the last 24 hours", 0, "PT24H", "duration", None),
]


@pytest.mark.parametrize(("phrase", "nth", "value", "type_", "mod"), DATES)
def test_dates(
    record: dict[str, Any], phrase: str, nth: int, value: str, type_: str, mod: str | None
) -> None:
    date = _covering(record["dates"], phrase, nth)
    assert (date["value"], date["type"], date["mod"]) == (value, type_, mod)
    assert date["resolved"] is True


def test_caption_date_is_in_the_caption(record: dict[str, Any]) -> None:
    assert _covering(record["dates"], "December 24, 2019")["section"] == "caption"


def test_without_reference_date_weekdays_stay_unresolved() -> None:
    result = idlibparse.parse(TEXT).to_dict()
    assert result["ref_date"] is None
    monday = _covering(result["dates"], "On Monday")
    assert monday["resolved"] is False
    assert monday["value"].startswith("XXXX")


PLACES = [
    # phrase, occurrence, name (gazetteer spelling), type, country
    ("AZAZ", 0, "Azaz", None, "SY"),
    ("Syria", 0, "Syria", "country", "SY"),
    ("Idlib province", 0, "Idlib", "admin1", "SY"),
    ("Idlib city", 0, "Idlib", "city", "SY"),
    ("Maarat al-Numan", 0, None, None, "SY"),
    ("Ankara", 0, "Ankara", None, "TR"),
    ("Saraqeb", 0, "Saraqib", None, "SY"),
    ("Al-Mastoumah", 0, None, "village", "SY"),
    ("Al-Eis", 0, None, "village", "SY"),
    ("Aleppo", 0, "Aleppo", "city", "SY"),
    ("Beirut", 0, "Beirut", None, "LB"),
    ("Istanbul", 0, "Istanbul", None, "TR"),
    ("Turkey", 0, "Turkey", "country", "TR"),
    ("Russia", 0, "Russia", "country", "RU"),
    ("UK", 0, None, "country", "GB"),
]


@pytest.mark.parametrize(("phrase", "nth", "name", "type_", "country"), PLACES)
def test_places(
    record: dict[str, Any], phrase: str, nth: int, name: str | None, type_: str | None, country: str
) -> None:
    place = _covering(record["places"], phrase, nth)
    assert place["country_code"] == country
    if name is not None:
        assert place["name"] == name
    if type_ is not None:
        assert place["type"] == type_
    assert place["lat"] is not None
    assert place["lon"] is not None


def test_credits_places(record: dict[str, Any]) -> None:
    assert _covering(record["places"], "Beirut")["section"] == "credits"
    assert _covering(record["places"], "Azaz", 0)["country_code"] == "SY"


@pytest.mark.parametrize(
    "phrase", ["Turkish", "Russian", "Syrian", "Lebanese", "Reuters", "Assad", "Hezbollah"]
)
def test_not_places(record: dict[str, Any], phrase: str) -> None:
    starts = [i for i in range(len(TEXT)) if TEXT.startswith(phrase, i)]
    for start in starts:
        end = start + len(phrase)
        assert not [p for p in record["places"] if p["start"] < end and start < p["end"]], (phrase, start)


QUOTES = [
    # phrase inside the statement, speaker (or its resolution) contains, kind
    ("The situation in Idlib was discussed", "foreign ministry", "direct"),
    ("Steps that could be taken", "foreign ministry", "direct"),
    ("Our checkpoints in Idlib continue", "Defence Ministry", "direct"),
    ("in the harshest manner", "Defence Ministry", "partial"),
    ("threaten a fresh humanitarian disaster", "Turkey", "reported"),
    ("convoys of Turkish military vehicles had been crossing", "Witnesses", "reported"),
    ("430 Turkish military vehicles had crossed", "Syrian Observatory for Human Rights", "reported"),
    ("the army had taken full control", "Syrian state TV", "reported"),
    ("displaced around 600,000 people", "United Nations", "according_to"),
]


@pytest.mark.parametrize(("phrase", "speaker", "kind"), QUOTES)
def test_quotes(record: dict[str, Any], phrase: str, speaker: str, kind: str) -> None:
    quote = _covering(record["quotes"], phrase)
    assert quote["kind"] == kind
    said = quote["speaker"]
    assert said is not None
    named = said["resolved"]["text"] if said["resolved"] else said["text"]
    assert speaker in named


def test_quote_spans_exclude_quotation_marks(record: dict[str, Any]) -> None:
    direct = _covering(record["quotes"], "The situation in Idlib was discussed")
    assert direct["text"].startswith("The situation")
    assert "“" not in direct["text"]
    assert "”" not in direct["text"]
