"""Machine-readable output: JSON (one object for one article, an array for several), JSON Lines
(one record per line) and CSV (one mention per row, with a ``kind`` column and a fixed set of
columns whatever the data). Records are the plain dicts of ``Result.to_dict()``."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import cache
from typing import Any, TextIO

import orjson

MENTION_LISTS: tuple[str, ...] = ("numbers", "dates", "places", "quotes")


@cache
def csv_columns() -> tuple[str, ...]:
    """The CSV columns, fixed whatever the data: ``id``, ``kind`` (the list a mention is in),
    then every key of every kind of mention, from the record schema. A mention fills the
    columns its kind has. Nested spans are spread out: ``speaker`` is the speaker's text,
    ``speaker_start`` its offset...; a quote's own ``kind`` (direct, reported...) is
    ``quote_kind``."""
    from idlibparse.schema import record_schema

    schema = record_schema()
    defs: dict[str, Any] = schema["$defs"]
    columns: dict[str, None] = {"id": None, "kind": None}
    for name in MENTION_LISTS:
        mention = defs[str(_ref_name(schema["properties"][name]["items"]))]
        for key, prop in mention["properties"].items():
            nested = _ref_name(prop)
            columns["quote_kind" if (name, key) == ("quotes", "kind") else key] = None
            if nested:
                columns.update(
                    (f"{key}_{part}", None) for part in defs[nested]["properties"] if part != "text"
                )
    return tuple(columns)


def _ref_name(prop: dict[str, Any]) -> str | None:
    """The definition a property refers to (directly or as the non-null option), if any."""
    for option in (prop, *prop.get("anyOf", ())):
        if "$ref" in option:
            return str(option["$ref"]).removeprefix("#/$defs/")
    return None


def dumps(record: dict[str, Any], *, pretty: bool = False) -> str:
    """Strict JSON, UTF-8 characters kept as they are: compact (``{"id":"a","numbers":[...]}``),
    or indented by two spaces with ``pretty``. orjson writes it several times faster than the
    standard library; a NaN or infinite float, which strict JSON has no word for, is null."""
    try:
        return orjson.dumps(record, option=orjson.OPT_INDENT_2 if pretty else 0).decode("utf-8")
    except orjson.JSONEncodeError:
        # A lone surrogate (from a Python caller: read text never has one) or an integer beyond
        # 64 bits: the standard library writes both, the surrogate as a \u escape.
        separators = (",", ": ") if pretty else (",", ":")
        return json.dumps(record, allow_nan=False, indent=2 if pretty else None, separators=separators)


class JsonLinesWriter:
    """One record per line; with ``flush_each`` every line reaches a pipe as soon as written."""

    def __init__(self, stream: TextIO, *, flush_each: bool = False) -> None:
        self.stream = stream
        self.flush_each = flush_each

    def write(self, record: dict[str, Any]) -> None:
        self.write_line(dumps(record))

    def write_line(self, line: str) -> None:
        """A record already encoded as one line of JSON (without its newline)."""
        self.stream.write(line + "\n")
        if self.flush_each:
            self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """Indented JSON: the record itself for a single input, an array when there are several
    (streamed element by element, so nothing is held back)."""

    def __init__(self, stream: TextIO, *, several: bool, flush_each: bool = False) -> None:
        self.stream = stream
        self.several = several
        self.flush_each = flush_each
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        text = dumps(record, pretty=True)
        if self.several:
            text = ("[\n" if self.count == 0 else ",\n") + text
        else:
            text += "\n"
        self.stream.write(text)
        self.count += 1
        if self.flush_each:
            self.stream.flush()

    def close(self) -> None:
        if self.several:
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        self.stream.flush()


class CsvWriter:
    """One row per mention, in reading order within each article, under a fixed header."""

    def __init__(self, stream: TextIO, *, flush_each: bool = False) -> None:
        self.stream = stream
        self.flush_each = flush_each
        self.rows = csv.DictWriter(
            stream, fieldnames=csv_columns(), extrasaction="ignore", lineterminator="\n"
        )
        self.rows.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        self.rows.writerows(csv_rows(record))
        if self.flush_each:
            self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def csv_rows(record: dict[str, Any]) -> list[dict[str, str]]:
    """The CSV rows of one record, every value as text ("" for null)."""
    mentions = [(kind, m) for kind in MENTION_LISTS for m in record.get(kind, ())]
    mentions.sort(key=lambda pair: (pair[1]["start"], pair[1]["end"]))
    return [_cells(flat_mention(record.get("id"), kind, m)) for kind, m in mentions]


def flat_mention(record_id: Any, kind: str, mention: dict[str, Any]) -> dict[str, Any]:
    """A mention as one flat row: nested spans spread over ``<key>``, ``<key>_start``..."""
    row: dict[str, Any] = {"id": record_id, "kind": kind}
    for key, value in mention.items():
        if kind == "quotes" and key == "kind":
            row["quote_kind"] = value
        elif isinstance(value, dict):
            row[key] = value.get("text")
            for part, inner in value.items():
                if part != "text":
                    row[f"{key}_{part}"] = inner.get("text") if isinstance(inner, dict) else inner
        else:
            row[key] = value
    return row


def _cells(row: dict[str, Any]) -> dict[str, str]:
    return {key: _cell(value) for key, value in row.items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return json.dumps(value)
    if isinstance(value, Iterable) and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
