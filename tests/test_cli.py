"""The command line through typer's CliRunner: every output format, standard input, JSON Lines
input, options, the schema command, the default run on the packaged sample articles, and every
kind of bad input (a one-line error naming it, the batch goes on, exit code 1, no traceback)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from idlibparse import records
from idlibparse.batch import (
    IN_FLIGHT_PER_JOB,
    MANY_ARTICLES,
    READ_AHEAD_ITEMS,
    Batch,
    Failed,
    Parsed,
    ParseOptions,
)
from idlibparse.cli import app
from idlibparse.document import Document
from idlibparse.inputs import Article, InputError, Item
from idlibparse.render.serialize import csv_columns
from idlibparse.schema import problems, record_schema
from idlibparse.status import ExitStatus

KABUL = (
    "Clashes near Kandahar\n"
    "\n"
    "KABUL, Afghanistan (Reuters) - At least 12 soldiers were killed near Kandahar on Monday, "
    "two officials said.\n"
    "\n"
    '"We will respond," the defence ministry said on Tuesday.\n'
)
ALEPPO = "Shells hit a market in Aleppo on Friday, killing three people, a monitor said.\n"
RECORD_KEYS = {
    "id",
    "source",
    "title",
    "dateline",
    "ref_date",
    "ref_date_source",
    "sections",
    "numbers",
    "dates",
    "places",
    "quotes",
}


def _run(args: list[str], stdin: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(app, args, input=stdin)
    # Whatever happens, never a Python traceback and never an exception escaping main().
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory of two articles; the tests run inside tmp_path so paths stay relative."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "kabul.txt").write_text(KABUL, encoding="utf-8")
    (folder / "aleppo.txt").write_text(ALEPPO, encoding="utf-8")
    return folder


# --- formats ---------------------------------------------------------------------------------------


def test_jsonl_one_record_per_article_in_sorted_order(articles: Path) -> None:
    result = _run(["parse", "wire", "--format", "jsonl"])
    assert result.exit_code == ExitStatus.OK
    out = _lines(result)
    assert [r["id"] for r in out] == ["wire/aleppo.txt", "wire/kabul.txt"]
    assert all(set(r) == RECORD_KEYS for r in out)
    assert out[1]["source"] == "wire/kabul.txt"
    assert out[1]["dateline"]["agency"] == "Reuters"


def test_auto_format_is_jsonl_when_piped(articles: Path) -> None:
    result = _run(["parse", "wire/kabul.txt"])
    assert _lines(result)[0]["id"] == "wire/kabul.txt"


def test_file_id_is_the_path_as_given(articles: Path) -> None:
    result = _run(["parse", "./wire/kabul.txt", "--format", "jsonl"])
    assert _lines(result)[0]["id"] == "./wire/kabul.txt"


def test_json_object_for_one_article_array_for_several(articles: Path) -> None:
    one = json.loads(_run(["parse", "wire/kabul.txt", "--format", "json"]).stdout)
    assert isinstance(one, dict)
    assert one["id"] == "wire/kabul.txt"
    several = json.loads(_run(["parse", "wire", "--format", "json"]).stdout)
    assert [r["id"] for r in several] == ["wire/aleppo.txt", "wire/kabul.txt"]


def test_csv_one_row_per_mention_with_a_fixed_header(articles: Path) -> None:
    result = _run(["parse", "wire", "--format", "csv"])
    assert result.exit_code == ExitStatus.OK
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0].split(",") == list(csv_columns())
    expected = _lines(_run(["parse", "wire", "--format", "jsonl"]))
    count = sum(len(r[kind]) for r in expected for kind in ("numbers", "dates", "places", "quotes"))
    assert len(rows) == count
    assert {row["kind"] for row in rows} <= {"numbers", "dates", "places", "quotes"}


def test_table_format_shows_the_header(articles: Path) -> None:
    result = _run(["parse", "wire/kabul.txt", "--format", "table"])
    assert result.exit_code == ExitStatus.OK
    assert "wire/kabul.txt" in result.stdout
    assert "Clashes near Kandahar" in result.stdout
    assert "ref date" in result.stdout


def test_invalid_format_is_a_usage_error(articles: Path) -> None:
    assert _run(["parse", "wire", "--format", "xml"]).exit_code == ExitStatus.USAGE


# --- standard input and the default run ------------------------------------------------------------


def test_stdin_dash(articles: Path) -> None:
    result = _run(["parse", "-", "--format", "jsonl"], stdin=KABUL)
    (record,) = _lines(result)
    assert record["id"] == "<stdin>"
    assert record["title"] == "Clashes near Kandahar"


def test_piped_stdin_without_paths(articles: Path) -> None:
    (record,) = _lines(_run(["parse", "--format", "jsonl"], stdin=ALEPPO))
    assert record["id"] == "<stdin>"


def test_stdin_as_json_lines(articles: Path) -> None:
    lines = "\n".join(json.dumps({"id": f"r{i}", "text": ALEPPO, "dct": "2021-05-01"}) for i in range(3))
    result = _run(["parse", "-", "--input-format", "jsonl", "--format", "jsonl"], stdin=lines)
    out = _lines(result)
    assert [r["id"] for r in out] == ["r0", "r1", "r2"]
    assert {r["ref_date"] for r in out} == {"2021-05-01"}


def test_default_run_parses_the_packaged_seeds(articles: Path) -> None:
    result = _run(["parse", "--format", "jsonl"])
    assert result.exit_code == ExitStatus.OK
    (record,) = _lines(result)
    assert record["id"] == "seeds/idlib-reuters-2020-02-08.txt"
    assert record["title"] == "Turkey reinforces troops in Syria's Idlib, talks with Russia"
    assert record["ref_date"] == "2020-02-08"
    assert not problems(record)


def test_no_arguments_shows_help() -> None:
    result = _run([])
    assert "parse" in result.stdout + result.stderr
    assert "schema" in result.stdout + result.stderr


# --- JSON Lines input --------------------------------------------------------------------------------


def _corpus(folder: Path) -> Path:
    path = folder / "corpus.jsonl"
    rows = [
        {"id": "doc-1", "text": KABUL, "dct": "2020-02-08"},
        {"id": "doc-2", "text": ALEPPO, "published": "2019-12-24T08:00:00Z"},
        {"id": "doc-3", "text": ALEPPO},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_json_lines_records_keep_their_ids_and_dates(articles: Path) -> None:
    path = _corpus(articles)
    out = _lines(_run(["parse", str(path), "--format", "jsonl"]))
    assert [r["id"] for r in out] == ["doc-1", "doc-2", "doc-3"]
    assert [(r["ref_date"], r["ref_date_source"]) for r in out] == [
        ("2020-02-08", "record"),
        ("2019-12-24", "record"),
        (None, None),
    ]
    assert {r["source"] for r in out} == {str(path)}


def test_json_lines_field_options(articles: Path) -> None:
    path = articles / "other.txt"
    path.write_text(json.dumps({"key": "k", "body": ALEPPO, "when": "2018-07-01"}) + "\n", encoding="utf-8")
    args = ["parse", str(path), "--input-format", "jsonl", "--text-field", "body", "--id-field", "key"]
    (record,) = _lines(_run([*args, "--date-field", "when", "--format", "jsonl"]))
    assert (record["id"], record["ref_date"]) == ("k", "2018-07-01")


def test_ref_date_option_overrides_record_dates(articles: Path) -> None:
    out = _lines(_run(["parse", str(_corpus(articles)), "--ref-date", "2021-01-02", "--format", "jsonl"]))
    assert {(r["ref_date"], r["ref_date_source"]) for r in out} == {("2021-01-02", "option")}


@pytest.mark.parametrize("value", ["2020-13-01", "yesterday", "2020-2-8", "20200208"])
def test_bad_ref_date_is_a_usage_error(articles: Path, value: str) -> None:
    result = _run(["parse", "wire", "--ref-date", value])
    assert result.exit_code == ExitStatus.USAGE
    assert "YYYY-MM-DD" in result.stderr


# --- --only, -o, -j ------------------------------------------------------------------------------------


def test_only_keeps_the_other_lists_empty(articles: Path) -> None:
    (record,) = _lines(_run(["parse", "wire/kabul.txt", "--only", "dates", "--format", "jsonl"]))
    assert set(record) == RECORD_KEYS
    assert record["numbers"] == record["places"] == record["quotes"] == []


@pytest.mark.parametrize("value", ["weapons", "numbers,bogus", ","])
def test_unknown_kind_is_a_usage_error(articles: Path, value: str) -> None:
    result = _run(["parse", "wire", "--only", value])
    assert result.exit_code == ExitStatus.USAGE
    assert "numbers,dates,places,quotes" in result.stderr


def test_output_file_written_atomically(articles: Path) -> None:
    target = articles.parent / "out" / "records.jsonl"
    target.parent.mkdir()
    result = _run(["parse", "wire", "-o", str(target)])
    assert result.exit_code == ExitStatus.OK
    assert result.stdout == ""
    assert [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()] == [
        "wire/aleppo.txt",
        "wire/kabul.txt",
    ]
    assert sorted(p.name for p in target.parent.iterdir()) == ["records.jsonl"]  # no temp file left


def test_output_file_untouched_when_the_run_is_interrupted(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = articles.parent / "records.jsonl"
    target.write_text("previous run\n", encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("idlibparse.pipeline.parse_documents", interrupted)
    result = _run(["parse", "wire", "-o", str(target), "-j", "1"])
    assert result.exit_code == ExitStatus.INTERRUPTED
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["records.jsonl", "wire"]


def test_output_into_a_missing_directory_is_a_usage_error(articles: Path) -> None:
    result = _run(["parse", "wire", "-o", "no/such/dir/out.jsonl"])
    assert result.exit_code == ExitStatus.USAGE
    assert "does not exist" in result.stderr


def test_two_jobs_give_the_same_output_in_the_same_order(articles: Path) -> None:
    for i in range(12):
        (articles / f"extra-{i:02d}.txt").write_text(
            f"{KABUL}\nReport number {i} from Aleppo.\n", encoding="utf-8"
        )
    one = _run(["parse", "wire", "-j", "1", "--format", "jsonl"])
    two = _run(["parse", "wire", "-j", "2", "--format", "jsonl"])
    assert one.exit_code == two.exit_code == ExitStatus.OK
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 14


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_jobs_is_a_usage_error(articles: Path, value: str) -> None:
    assert _run(["parse", "wire", "-j", value]).exit_code == ExitStatus.USAGE


def test_unknown_option_is_a_usage_error(articles: Path) -> None:
    assert _run(["parse", "wire", "--frobnicate"]).exit_code == ExitStatus.USAGE


# --- bad input ----------------------------------------------------------------------------------------


def _bad_inputs(folder: Path) -> dict[str, Path]:
    """One of every kind of bad input, each next to good ones."""
    paths = {
        "binary": folder / "scan.txt",
        "empty": folder / "empty.txt",
        "records": folder / "mixed.jsonl",
        "emptydir": folder / "nothing",
    }
    paths["binary"].write_bytes(b"GIF89a\x00\x00\x01\x00")
    paths["empty"].write_bytes(b"")
    paths["records"].write_text(
        json.dumps({"id": "ok-1", "text": ALEPPO})
        + "\n{broken json\n"
        + json.dumps({"id": "no-text", "body": ALEPPO})
        + "\n"
        + json.dumps({"id": "ok-2", "text": KABUL})
        + "\n",
        encoding="utf-8",
    )
    paths["emptydir"].mkdir()
    (paths["emptydir"] / "notes.md").write_text("not an article", encoding="utf-8")
    return paths


def test_every_bad_input_is_reported_and_the_good_ones_are_complete(articles: Path) -> None:
    bad = _bad_inputs(articles.parent)
    args = ["parse", "wire/kabul.txt", str(bad["binary"]), str(bad["empty"]), str(bad["records"])]
    args += ["missing.txt", str(bad["emptydir"]), "wire/aleppo.txt", "--format", "jsonl"]
    result = _run(args)
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert [r["id"] for r in _lines(result)] == ["wire/kabul.txt", "ok-1", "ok-2", "wire/aleppo.txt"]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    expected = [
        (str(bad["binary"]), "binary"),
        (str(bad["empty"]), "empty file"),
        (f"{bad['records']}:2", "malformed JSON"),
        (f"{bad['records']}:3", "no 'text' field"),
        ("missing.txt", "no such file"),
        (str(bad["emptydir"]), "no files matching"),
    ]
    assert len(errors) == len(expected)
    for line, (where, why) in zip(errors, expected, strict=True):
        assert line.startswith(f"idlibparse: error: {where}: ")
        assert why in line


@pytest.mark.parametrize("kind", ["binary", "empty", "records", "emptydir"])
def test_each_bad_input_alone_exits_1(articles: Path, kind: str) -> None:
    path = _bad_inputs(articles.parent)[kind]
    result = _run(["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert str(path) in result.stderr


def test_missing_path_exits_1(articles: Path) -> None:
    result = _run(["parse", "nowhere.txt"])
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert result.stderr.strip() == "idlibparse: error: nowhere.txt: no such file or directory"


def test_cp1252_file_is_parsed_with_a_warning(articles: Path) -> None:
    path = articles / "legacy.txt"
    path.write_bytes(b"Shells hit a caf\xe9 in Aleppo on Friday.\n")
    result = _run(["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == ExitStatus.OK
    assert [r["id"] for r in _lines(result)] == [str(path)]
    assert result.stderr.strip() == f"idlibparse: warning: {path}: not valid UTF-8 (byte 16), read as cp1252"
    assert _run(["parse", str(path), "--quiet"]).stderr == ""


def test_max_bytes_refuses_big_files_with_a_clear_error(articles: Path) -> None:
    result = _run(["parse", "wire", "--max-bytes", "150", "--format", "jsonl"])
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert [r["id"] for r in _lines(result)] == ["wire/aleppo.txt"]
    assert "wire/kabul.txt: " in result.stderr
    assert "--max-bytes limit of 150 bytes" in result.stderr


def test_an_error_inside_the_rules_fails_that_article_only(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from idlibparse import pipeline

    real = pipeline.extractor

    def fragile(kind: str) -> Callable[[Document], list[Any]]:
        def extract(doc: Document) -> list[Any]:
            if "Kandahar" in doc.text:
                raise ValueError("rule exploded")
            return real(kind)(doc)

        return extract

    # both articles come in one chunk: the error must fail its own article only
    monkeypatch.setattr(pipeline, "extractor", fragile)
    result = _run(["parse", "wire", "-j", "1", "--format", "jsonl"])
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert [r["id"] for r in _lines(result)] == ["wire/aleppo.txt"]
    assert (
        "idlibparse: error: wire/kabul.txt: could not be parsed (ValueError: rule exploded)" in result.stderr
    )


# --- batch ------------------------------------------------------------------------------------------------


def _items(count: int) -> list[Item]:
    items: list[Item] = []
    for i in range(count):
        if i % 5 == 3:
            items.append(InputError(f"bad-{i}", "empty file"))
        else:
            text = f"Report {i}: {i + 2} people were killed in Homs on Monday."
            items.append(Article(text=text, id=f"a-{i}", source=f"a-{i}", where=f"a-{i}"))
    return items


def test_batch_keeps_input_order_with_workers() -> None:
    items = _items(40)
    with Batch(items, ParseOptions(ref_date="2020-02-08"), jobs=2) as batch:
        assert batch.several
        outcomes = list(batch)
    assert [o.where for o in outcomes] == [i.where for i in items]
    assert [type(o) for o in outcomes] == [Failed if isinstance(i, InputError) else Parsed for i in items]
    with Batch(items, ParseOptions(ref_date="2020-02-08"), jobs=1) as serial:
        assert [o.record for o in serial if isinstance(o, Parsed)] == [
            o.record for o in outcomes if isinstance(o, Parsed)
        ]


def test_batch_reads_its_input_lazily() -> None:
    taken = 0

    def stream() -> typing.Iterator[Item]:
        nonlocal taken
        for item in _items(10_000):
            taken += 1
            yield item

    with Batch(stream(), ParseOptions(), jobs=2) as batch:
        first = next(iter(batch))
        assert first.where == "a-0"
        # a bounded window, not the whole stream: the look-ahead, the read-ahead buffer, the
        # articles in flight with the two workers and the one item the reader holds
        assert taken <= MANY_ARTICLES + READ_AHEAD_ITEMS + 2 * IN_FLIGHT_PER_JOB + 1


def test_batch_chooses_one_job_for_one_input() -> None:
    with Batch(_items(1), ParseOptions(), jobs=None) as batch:
        assert batch.jobs == 1
        assert not batch.several


# --- schema --------------------------------------------------------------------------------------------


def test_schema_command_prints_the_record_schema() -> None:
    result = _run(["schema"])
    assert result.exit_code == ExitStatus.OK
    schema = json.loads(result.stdout)
    assert schema == json.loads(json.dumps(record_schema()))
    assert set(schema["properties"]) == RECORD_KEYS
    assert schema["$defs"]["NumberMention"]["properties"]["qualifier"]["enum"][0] == "exact"


def _sample(cls: type) -> Any:
    """An instance with every field set (nested dataclasses too), to see every key of to_dict()."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        kind = next(a for a in typing.get_args(hint) if a is not type(None)) if is_union else hint
        if typing.get_origin(kind) is tuple:
            values[f.name] = ()
        elif dataclasses.is_dataclass(kind):
            values[f.name] = _sample(typing.cast(type, kind))
        else:
            values[f.name] = {str: "x", int: 1, float: 1.5, bool: True}[kind]
    return cls(**values)


@pytest.mark.parametrize(
    "cls",
    [
        records.Result,
        records.NumberMention,
        records.DateMention,
        records.PlaceMention,
        records.QuoteMention,
        records.Speaker,
        records.Span,
        records.Section,
        records.Dateline,
    ],
)
def test_schema_has_exactly_the_keys_of_to_dict(cls: type) -> None:
    name = "Result" if cls is records.Result else cls.__name__
    schema = record_schema()
    definition = schema if name == "Result" else schema["$defs"][name]
    assert list(_sample(cls).to_dict()) == list(definition["properties"])


def test_output_of_the_seed_validates_against_the_schema(articles: Path) -> None:
    (record,) = _lines(_run(["parse", "--format", "jsonl"]))
    assert problems(record) == []


def test_schema_checker_finds_problems() -> None:
    (record,) = _lines(_run(["parse", "-", "--format", "jsonl"], stdin=ALEPPO))
    record["numbers"] = [{"text": 3}]
    record["extra"] = 1
    record.pop("title")
    found = problems(record)
    assert "$: missing 'title'" in found
    assert "$: unexpected key 'extra'" in found
    assert any(p.startswith("$.numbers[0].text: int where string") for p in found)


# --- Dask -------------------------------------------------------------------------------------------------


def test_dask_needs_an_output_directory(articles: Path) -> None:
    result = _run(["parse", "wire", "--dask", "sync"])
    assert result.exit_code == ExitStatus.USAGE
    assert "-o DIR" in result.stderr


def test_dask_run_gives_the_records_of_the_plain_run(articles: Path) -> None:
    pytest.importorskip("dask.bag")
    bad = _bad_inputs(articles.parent)
    args = ["parse", "wire/kabul.txt", str(bad["records"]), "wire/aleppo.txt"]
    plain = _lines(_run([*args, "--format", "jsonl"]))
    result = _run([*args, "--dask", "sync", "-o", "partitions"])
    assert result.exit_code == ExitStatus.INPUT_ERROR  # the two bad lines, reported
    assert f"{bad['records']}:2" in result.stderr
    parts = sorted((articles.parent / "partitions").glob("*.jsonl"))
    records = [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    assert [r for r in records if "error" not in r] == plain


# --- progress --------------------------------------------------------------------------------------------


def test_progress_bar_on_a_terminal_counts_articles_and_errors(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("idlibparse.cli._is_terminal", lambda stream: stream is sys.stderr)
    result = _run(["parse", "wire", "missing.txt", "--format", "jsonl"])
    assert result.exit_code == ExitStatus.INPUT_ERROR
    assert len(_lines(result)) == 2
    assert "3 articles" in result.stderr
    assert "1 errors" in result.stderr
    assert "articles/s" in result.stderr


def test_no_progress_bar_when_quiet_or_piped(articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "articles/s" not in _run(["parse", "wire", "--format", "jsonl"]).stderr
    monkeypatch.setattr("idlibparse.cli._is_terminal", lambda stream: stream is sys.stderr)
    assert _run(["parse", "wire", "--quiet", "--format", "jsonl"]).stderr == ""


# --- start-up -------------------------------------------------------------------------------------------


def test_a_json_lines_run_loads_neither_rich_nor_pydantic(tmp_path: Path) -> None:
    """rich is for tables and progress bars only; typer's pydantic-based option conversion is
    replaced for our plain options. Both would add to every run's start-up."""
    seed = tmp_path / "story.txt"
    seed.write_text(KABUL, encoding="utf-8")
    args = [sys.executable, "-X", "importtime", "-m", "idlibparse", "parse", str(seed), "--format", "jsonl"]
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "idlibparse.cli" in modules
    assert not {m for m in modules if m.split(".")[0] in ("rich", "pydantic", "pydantic_core")}
    assert json.loads(done.stdout)["id"] == str(seed)
