"""Rendering: tables drawn into a fixed-width console and compared as text, JSON, JSON Lines and
CSV writers, atomic output files. The Result is built by hand so these tests do not depend on
what the extractors find."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from idlibparse.records import (
    Dateline,
    DateMention,
    NumberMention,
    PlaceMention,
    QuoteMention,
    Result,
    Section,
    Span,
    Speaker,
)
from idlibparse.render import atomic_output, open_writer, resolve_format
from idlibparse.render.serialize import csv_columns, csv_rows, dumps, flat_mention
from idlibparse.render.table import ProgressDisplay, render
from idlibparse.schema import record_schema

TEXT = (
    "Shelling kills dozens near Idlib\n"
    "\n"
    "AZAZ, Syria (Reuters) - More than 30 people were killed near Saraqeb on Monday, "
    'the Syrian Observatory said. "We will [not] stop," said Erdogan.\n'
)


def _at(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def _result() -> Result:
    """A record of every kind, with offsets checked against TEXT."""
    number_at = _at("More than 30 people")
    counted = Span("people", *_at("people"))
    observatory = Span("the Syrian Observatory", *_at("the Syrian Observatory"))
    quote_at = _at("We will [not] stop,")
    return Result(
        id="wire/0001",
        source="wire/0001.txt",
        title="Shelling kills dozens near Idlib",
        dateline=Dateline("AZAZ, Syria (Reuters) -", *_at("AZAZ, Syria (Reuters) -"), "Azaz", "Reuters"),
        ref_date="2020-02-08",
        ref_date_source="option",
        sections=(Section("title", 0, 32), Section("dateline", *_at("AZAZ, Syria (Reuters) -"))),
        numbers=(
            NumberMention(
                "More than 30 people",
                *number_at,
                "body",
                30,
                low=30,
                qualifier="more_than",
                counted=counted,
                category="killed",
                source=observatory,
            ),
        ),
        dates=(DateMention("Monday", *_at("Monday"), "body", "2020-02-03"),),
        places=(
            PlaceMention(
                "Saraqeb",
                *_at("Saraqeb"),
                "body",
                "Saraqib",
                "city",
                "SY",
                "Idlib",
                35.86472,
                36.80611,
                172408,
            ),
        ),
        quotes=(
            QuoteMention(
                "We will [not] stop,",
                *quote_at,
                "body",
                "direct",
                speaker=Speaker("Erdogan", *_at("Erdogan"), "person"),
                verb="said",
            ),
        ),
    )


def _record() -> dict[str, Any]:
    return _result().to_dict()


def test_fixture_offsets_hold() -> None:
    record = _record()
    for kind in ("numbers", "dates", "places", "quotes"):
        for mention in record[kind]:
            assert TEXT[mention["start"] : mention["end"]] == mention["text"]


def _table_text(
    record: dict[str, Any], kinds: tuple[str, ...] = ("numbers", "dates", "places", "quotes")
) -> str:
    stream = io.StringIO()
    console = Console(file=stream, width=120, color_system=None, force_terminal=False, highlight=False)
    render(record, console, kinds)
    return "\n".join(line.rstrip() for line in stream.getvalue().splitlines()).strip("\n")


EXPECTED_TABLES = """\
id        wire/0001
title     Shelling kills dozens near Idlib
dateline  AZAZ, Syria (Reuters) -  [Azaz, Reuters]
ref date  2020-02-08 (option)
Numbers (1)

  text                  value   bounds   qualifier   unit   counted   category   source
 ───────────────────────────────────────────────────────────────────────────────────────────────────────
  More than 30 people   30      30–…     more_than          people    killed     the Syrian Observatory

Dates (1)

  text     value        type   mod   section
 ────────────────────────────────────────────
  Monday   2020-02-03   date         body

Places (1)

  text      name      type   country   province   lat, lon
 ──────────────────────────────────────────────────────────────────
  Saraqeb   Saraqib   city   SY        Idlib      35.8647, 36.8061

Quotes (1)

  kind     speaker   verb   quote
 ───────────────────────────────────────────────
  direct   Erdogan   said   We will [not] stop,

"""


def test_tables_as_text() -> None:
    assert _table_text(_record()) == EXPECTED_TABLES.rstrip("\n")


def test_tables_say_when_a_kind_is_empty_and_skip_kinds_not_asked_for() -> None:
    record = _record()
    record["places"] = []
    text = _table_text(record, kinds=("numbers", "places"))
    assert "Places: none found" in text
    assert "Numbers (1)" in text
    assert "Dates" not in text
    assert "Quotes" not in text


def test_table_header_without_dateline_or_reference_date() -> None:
    record = _record()
    record.update(dateline=None, ref_date=None, ref_date_source=None, title=None)
    text = _table_text(record)
    assert "dateline" not in text
    assert "title" not in text
    assert "ref date  none" in text


def test_article_text_is_not_read_as_markup() -> None:
    # "[not]" would vanish if rich took it for a style tag.
    assert "We will [not] stop," in _table_text(_record())


def test_table_writer_separates_records() -> None:
    stream = io.StringIO()
    writer = open_writer("table", stream)
    writer.write(_record())
    writer.write(_record())
    writer.close()
    assert stream.getvalue().count("Numbers (1)") == 2
    assert "───" in stream.getvalue()


# --- machine-readable formats ------------------------------------------------------------------


def test_jsonl_one_record_per_line() -> None:
    stream = io.StringIO()
    writer = open_writer("jsonl", stream)
    writer.write(_record())
    writer.write(_record())
    writer.close()
    lines = stream.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [_record(), _record()]


def test_json_is_an_object_for_one_article_and_an_array_for_several() -> None:
    one = io.StringIO()
    writer = open_writer("json", one, several=False)
    writer.write(_record())
    writer.close()
    assert json.loads(one.getvalue()) == _record()

    many = io.StringIO()
    writer = open_writer("json", many, several=True)
    writer.write(_record())
    writer.write(_record())
    writer.close()
    assert json.loads(many.getvalue()) == [_record(), _record()]

    none = io.StringIO()
    writer = open_writer("json", none, several=True)
    writer.close()
    assert json.loads(none.getvalue()) == []


def test_json_keeps_non_ascii_characters_and_writes_no_nan() -> None:
    stream = io.StringIO()
    writer = open_writer("jsonl", stream)
    writer.write({"text": "Ma’arrat al-Nu‘man"})
    assert "Ma’arrat al-Nu‘man" in stream.getvalue()
    writer.write({"value": float("nan"), "high": float("inf")})  # (a record refuses both: see below)
    assert stream.getvalue().splitlines()[1] == '{"value":null,"high":null}'


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_record_refuses_a_number_json_cannot_hold(value: float) -> None:
    mention = NumberMention("many", 0, 4, "body", value)
    with pytest.raises(ValueError, match="not a finite number"):
        mention.to_dict()
    assert NumberMention("1.5", 0, 3, "body", 1.5, high=2.0).to_dict()["high"] == 2


def test_json_lines_are_compact_and_pretty_json_is_indented() -> None:
    record = {"id": "a", "places": [{"lat": 35.93062, "name": "Idlib"}], "quotes": []}
    assert dumps(record) == '{"id":"a","places":[{"lat":35.93062,"name":"Idlib"}],"quotes":[]}'
    assert dumps(record, pretty=True) == json.dumps(record, indent=2, ensure_ascii=False)


def test_json_falls_back_to_the_standard_library_for_what_orjson_refuses() -> None:
    # A lone surrogate and an integer beyond 64 bits: escaped and written, not an error.
    assert dumps({"text": "x\ud800é", "n": 2**70}) == '{"text":"x\\ud800\\u00e9","n":1180591620717411303424}'
    assert json.loads(dumps({"text": "x\ud800"}, pretty=True)) == {"text": "x\ud800"}


def test_csv_one_row_per_mention_in_reading_order() -> None:
    stream = io.StringIO()
    writer = open_writer("csv", stream)
    writer.write(_record())
    writer.close()
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == csv_columns()
    assert [(r["kind"], r["text"]) for r in rows] == [
        ("numbers", "More than 30 people"),
        ("places", "Saraqeb"),
        ("dates", "Monday"),
        ("quotes", "We will [not] stop,"),
    ]
    number, place, date, quote = rows
    assert number["low"] == "30"
    assert number["high"] == ""
    assert number["counted"] == "people"
    assert number["source"] == "the Syrian Observatory"
    assert number["id"] == "wire/0001"
    assert date["resolved"] == "true"
    assert date["value"] == "2020-02-03"
    assert place["lat"] == "35.86472"
    assert place["geonames_id"] == "172408"
    assert quote["quote_kind"] == "direct"
    assert quote["speaker"] == "Erdogan"
    assert quote["speaker_type"] == "person"


def test_csv_columns_cover_every_key_of_every_mention() -> None:
    """Every key the schema gives a mention lands in a column (nested spans flattened)."""
    defs = record_schema()["$defs"]
    for kind, name in (
        ("numbers", "NumberMention"),
        ("dates", "DateMention"),
        ("places", "PlaceMention"),
        ("quotes", "QuoteMention"),
    ):
        sample: dict[str, Any] = {}
        for key, prop in defs[name]["properties"].items():
            refs = [o["$ref"] for o in (prop, *prop.get("anyOf", ())) if "$ref" in o]
            nested = defs[refs[0].rsplit("/", 1)[1]]["properties"] if refs else None
            sample[key] = dict.fromkeys(nested, "x") if nested else "x"
        row = flat_mention("id", kind, sample)
        assert set(row) <= set(csv_columns()), kind
        assert len(row) > 5


def test_csv_rows_of_a_record_without_mentions() -> None:
    assert csv_rows({"id": "empty", "numbers": [], "dates": [], "places": [], "quotes": []}) == []


def test_auto_format_is_tables_on_a_terminal_and_jsonl_elsewhere() -> None:
    assert resolve_format("auto", to_terminal=True) == "table"
    assert resolve_format("auto", to_terminal=False) == "jsonl"
    assert resolve_format("csv", to_terminal=True) == "csv"


def test_unknown_writer_format() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        open_writer("xml", io.StringIO())


# --- atomic output -----------------------------------------------------------------------------


def test_atomic_output_renames_into_place(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with atomic_output(target) as handle:
        handle.write("one\n")
        assert not target.exists()  # nothing visible until the end
    assert target.read_text(encoding="utf-8") == "one\n"
    assert sorted(os.listdir(tmp_path)) == ["out.jsonl"]
    assert target.stat().st_mode & 0o077 != 0 or os.umask(0o022) & 0o044  # not owner-only


def test_atomic_output_leaves_nothing_half_written(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")

    def write_then_fail() -> None:
        with atomic_output(target) as handle:
            handle.write("partial")
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(os.listdir(tmp_path)) == ["out.jsonl"]


def test_progress_display_counts_articles_and_errors() -> None:
    stream = io.StringIO()
    with ProgressDisplay(stream) as display:
        display.advance()
        display.advance(failed=True)
        display.message("idlibparse: error: x.txt: empty file")
    assert display.errors == 1
    assert "idlibparse: error: x.txt: empty file" in stream.getvalue()
