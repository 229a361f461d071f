"""idlibparse.scale on Dask's local distributed cluster gives the same records as parsing the
same inputs one by one with idlibparse.parse."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import idlibparse
from idlibparse import scale

RECORDS: list[dict[str, Any]] = [
    {
        "id": "wire-1",
        "dct": "2020-02-08",
        "text": "BEIRUT (Reuters) - Air strikes killed at least 14 civilians in two villages south of "
        "Idlib on Friday, a war monitor said.\n\n"
        '"The bombing has not stopped since Tuesday," a rescue worker told reporters.',
    },
    {
        "id": "wire-2",
        "date": "2019-12-24",
        "text": "More than 235,000 people fled their homes in northwest Syria between December 12 and "
        "December 25, the United Nations said, as government forces advanced toward Maarat al-Numan.",
    },
    {
        "id": 3,
        "text": "Officials in Kabul said three policemen were wounded when a roadside bomb exploded near "
        "a checkpoint late on Monday. Nobody claimed responsibility.",
    },
    {
        "id": "wire-4",
        "dct": "2016-10-05",
        "text": 'The senator said the plan was "a disgrace" and told supporters in Ohio that about '
        "half of the $2 billion had already been spent.",
    },
]

RECORDS_FILE = "records.jsonl"
TEXTS: dict[str, str] = {
    "mosul-2017-07-10.txt": "Iraqi forces take Mosul's old city\n\n"
    "MOSUL, Iraq (Reuters) - Iraqi troops on Sunday took the last streets of the old city, "
    "a commander said, ending a nine-month campaign in which thousands of people were killed.\n",
    "sanaa.txt": "Houthi fighters fired two missiles toward Riyadh overnight, the coalition said on "
    "Wednesday, adding that both were intercepted over the capital.\n",
}


def sequential(inputs: Path, names: list[str]) -> list[dict[str, Any]]:
    """What one-by-one parsing yields for the input files, in order."""
    out: list[dict[str, Any]] = []
    for name in names:
        path = str(inputs / name)
        if name == RECORDS_FILE:
            for record in RECORDS:
                date = record.get("date") or record.get("dct")
                result = idlibparse.parse(
                    record["text"], ref_date=date, id=str(record["id"]), source=path, ref_date_source="record"
                )
                out.append(result.to_dict())
        else:
            out.append(idlibparse.parse(TEXTS[name], id=path, source=path).to_dict())
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    with open(root / RECORDS_FILE, "w", encoding="utf-8") as handle:
        for record in RECORDS:
            handle.write(json.dumps(record) + "\n")
    for name, text in TEXTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def read_parts(paths: list[str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle if line.strip())
    return records


@pytest.fixture(scope="module", params=[False, True], ids=["threads", "processes"])
def cluster_address(request: pytest.FixtureRequest) -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.bag")
    processes: bool = request.param
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def test_cluster_gives_the_sequential_records(cluster_address: str, inputs: Path, tmp_path: Path) -> None:
    # The JSON Lines file, then the directory's text files (found by the default glob, *.txt).
    written = scale.parse_bag([inputs / RECORDS_FILE, inputs], tmp_path / "out", scheduler=cluster_address)
    assert all(Path(p).parent == tmp_path / "out" for p in written)
    assert read_parts(written) == sequential(inputs, [RECORDS_FILE, *sorted(TEXTS)])


def test_small_blocks_keep_whole_records_in_order(cluster_address: str, inputs: Path, tmp_path: Path) -> None:
    # Blocks smaller than one record: Dask splits the file at line ends, never inside a record.
    written = scale.parse_bag(
        [inputs / RECORDS_FILE], tmp_path / "out", scheduler=cluster_address, blocksize=300
    )
    assert len(written) > 1
    assert [r["id"] for r in read_parts(written)] == [str(r["id"]) for r in RECORDS]
    assert read_parts(written) == sequential(inputs, [RECORDS_FILE])


def test_local_scheduler_and_options(inputs: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    written = scale.parse_bag(
        inputs, tmp_path / "out", scheduler="sync", ref_date="2021-01-01", only=["dates"], glob="*.*"
    )
    records = read_parts(written)
    assert len(records) == len(RECORDS) + len(TEXTS)
    assert {r["ref_date"] for r in records} == {"2021-01-01"}
    assert {r["ref_date_source"] for r in records} == {"option"}
    assert all(r["numbers"] == [] and r["places"] == [] and r["quotes"] == [] for r in records)


@pytest.mark.parametrize(
    "options",
    [{}, {"ref_date": "2020-02-10", "only": ["dates", "places"]}],
    ids=["defaults", "ref-date-and-only"],
)
def test_same_records_as_the_command_line(options: dict[str, Any], inputs: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    # Records without an id, with a date that is not one, with the date in another field.
    odd = tmp_path / "odd.ndjson"
    odd_records = [
        {"text": RECORDS[0]["text"]},
        {"text": RECORDS[1]["text"], "dct": "last week"},
        {"text": RECORDS[2]["text"], "published": "2019-03-05T08:00:00Z", "id": None},
    ]
    odd.write_text("".join(json.dumps(r) + "\n" for r in odd_records), encoding="utf-8")
    paths = [str(inputs / RECORDS_FILE), str(odd), str(inputs)]
    flags = ["--ref-date", options["ref_date"], "--only", ",".join(options["only"])] if options else []
    done = subprocess.run(
        [sys.executable, "-m", "idlibparse", "parse", *paths, *flags, "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    from_cli = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(from_cli) == len(RECORDS) + len(odd_records) + len(TEXTS)
    written = scale.parse_bag(paths, tmp_path / "out", **options)
    assert read_parts(written) == from_cli


def test_bad_lines_become_error_records(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    source = tmp_path / "mixed.jsonl"
    lines = [json.dumps(RECORDS[0]), "{not json", "", json.dumps({"id": "no-text"}), json.dumps(RECORDS[2])]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read_parts(scale.parse_bag(source, tmp_path / "out", scheduler="sync"))
    assert [r["id"] for r in records] == ["wire-1", None, None, "3"]
    assert "error" not in records[0]
    assert "error" not in records[3]
    assert records[1]["source"] == f"{source}:2"
    assert records[1]["error"].startswith("malformed JSON")
    assert records[2] == {"id": None, "source": f"{source}:4", "error": "record has no 'text' field"}


def test_records_without_ids_are_named_by_line_across_blocks(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    source = tmp_path / "anonymous.jsonl"
    lines = [json.dumps({"text": r["text"]}) for r in RECORDS] * 3
    lines.insert(5, "")
    source.write_text("\n".join(lines), encoding="utf-8")  # no line end after the last record
    written = scale.parse_bag(source, tmp_path / "out", scheduler="threads", blocksize=400)
    assert len(written) > 3
    ids = [r["id"] for r in read_parts(written)]
    assert ids == [f"{source}:{n}" for n in range(1, len(lines) + 1) if n != 6]


def test_parse_partition_is_a_plain_generator() -> None:
    # The Spark path: no Dask involved, records in, records out, in order.
    out = list(scale.parse_partition(iter(RECORDS), text_field="text", id_field="id"))
    assert [r["id"] for r in out] == [str(r["id"]) for r in RECORDS]
    assert out[1]["ref_date"] == "2019-12-24"
    assert out[2]["ref_date"] is None


def test_parse_record_matches_parse() -> None:
    record = {"body": RECORDS[0]["text"], "key": "k1", "when": "2020-02-08"}
    got = scale.parse_record(record, text_field="body", id_field="key", date_field="when")
    want = idlibparse.parse(record["body"], ref_date="2020-02-08", id="k1", ref_date_source="record")
    assert got == want.to_dict()
    json.dumps(got)  # plain JSON types only


def test_parse_record_rejects_a_missing_text() -> None:
    with pytest.raises(KeyError):
        scale.parse_record({"id": "x"})


def test_missing_inputs_are_an_error(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    with pytest.raises(FileNotFoundError):
        scale.parse_bag([], tmp_path / "out")
