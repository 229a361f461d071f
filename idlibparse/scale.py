"""Parsing beyond one process: Dask bags and Spark partitions.

Parsing is a pure function of (text, reference date), so it maps over any distributed
collection. This module gives the three pieces a cluster needs:

- ``parse_record(record, ...) -> dict``: one input record (a dict with a text field) to one
  output record (``Result.to_dict()``), pure and picklable;
- ``parse_partition(records, ...)``: the same over an iterable, after a once-per-process warm-up
  of the word lists and the gazetteer; this is the function for Spark's ``mapPartitions``;
- ``parse_bag(paths, out_dir, ...)``: reads text files and JSON Lines files as a Dask bag, parses
  every record on a Dask scheduler and writes JSON Lines partitions into ``out_dir``.

Dask is imported only inside ``parse_bag`` (``pip install 'idlibparse[dask]'``), so
``parse_record`` and ``parse_partition`` work wherever idlibparse itself is installed.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from idlibparse.pipeline import parse

# Record fields tried, in order, for the reference date when no date field is named
# (the same default as the command line's --date-field).
DATE_FIELDS: tuple[str, ...] = ("date", "dct", "published")
# Suffixes of JSON Lines inputs; every other file is one article of plain text.
JSONL_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".ndjson"})
# Dask's local schedulers, accepted as ``scheduler`` besides a scheduler address.
LOCAL_SCHEDULERS: frozenset[str] = frozenset(
    {"sync", "synchronous", "single-threaded", "threads", "processes"}
)

# A short article touching every extractor, parsed once per process so that the word lists,
# compiled patterns and the gazetteer are loaded before the first real record.
_WARM_TEXT = (
    "KABUL, Afghanistan (Reuters) - At least 12 soldiers were killed near Kandahar on Monday, "
    'two officials said. "We will respond," the defence ministry said on March 3, 2020.\n'
)
_warm_lock = threading.Lock()
_warmed = False


def warm() -> None:
    """Load everything the extractors read (once per process; later calls return at once)."""
    global _warmed
    if _warmed:
        return
    with _warm_lock:
        if not _warmed:
            parse(_WARM_TEXT, ref_date=dt.date(2020, 3, 4))
            _warmed = True


def parse_record(
    record: Mapping[str, Any],
    *,
    ref_date: dt.date | str | None = None,
    only: Sequence[str] | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Parse one input record into one output record (``Result.to_dict()``).

    ``record[text_field]`` is the article; ``record[id_field]`` (else ``source``) becomes the
    output ``id``. The reference date is ``ref_date`` when given (``ref_date_source`` "option"),
    else the record's ``date_field`` (by default the first of date, dct, published present;
    "record"), else whatever the text or ``source`` file name supply. Raises ``KeyError`` when the
    text field is missing and ``TypeError``/``ValueError`` for a text or date of the wrong shape.
    """
    text = record[text_field]
    if not isinstance(text, str):
        raise TypeError(f"field {text_field!r} is {type(text).__name__}, not a string")
    rid = record.get(id_field)
    date, date_source = _reference_date(record, ref_date, date_field)
    result = parse(
        text,
        ref_date=date,
        id=str(rid) if rid is not None else source,
        source=source,
        only=only,
        ref_date_source=date_source,
    )
    return result.to_dict()


def parse_partition(
    records: Iterable[Mapping[str, Any]],
    *,
    ref_date: dt.date | str | None = None,
    only: Sequence[str] | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Parse a partition of records, warming up once first; for Spark's ``mapPartitions``.

    A record may carry its input file in ``"_source"`` (``parse_bag`` sets it), or a read error
    in ``"_error"``. A record that cannot be parsed yields ``{"id", "source", "error"}`` instead
    of stopping the partition.
    """
    warm()
    for record in records:
        source = record.get("_source")
        if "_error" in record:  # unreadable input noted while reading
            yield {"id": None, "source": source, "error": record["_error"]}
            continue
        try:
            yield parse_record(
                record,
                ref_date=ref_date,
                only=only,
                text_field=text_field,
                id_field=id_field,
                date_field=date_field,
                source=source,
            )
        except (KeyError, TypeError, ValueError) as exc:
            yield _error(record, id_field, source, exc)


def parse_bag(
    paths: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    ref_date: dt.date | str | None = None,
    only: Sequence[str] | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str | None = None,
    glob: str = "*.txt",
    blocksize: int | str = "32MiB",
    files_per_partition: int = 64,
) -> list[str]:
    """Parse text files and JSON Lines files on Dask and write JSON Lines partitions.

    ``paths``: files, directories (searched recursively for ``glob``, plus JSON Lines files) or
    Dask globs/URLs. A ``.jsonl``/``.ndjson`` file is read record by record in blocks of
    ``blocksize``; any other file is one article, ``files_per_partition`` files to a partition.
    ``scheduler``: a scheduler address ("tcp://10.0.0.5:8786") to run on a Dask cluster, the name
    of a local scheduler ("sync", "threads", "processes"), or None for Dask's default (an active
    ``distributed.Client`` if there is one). The other options are those of ``parse_record``.

    Writes ``out_dir/part-00000.jsonl``, ... one per partition, in input order (records keep
    their order inside each), and returns those paths. Records that fail are written as
    ``{"id", "source", "error"}`` lines.
    """
    db = _dask_bag()
    inputs = _expand(paths, glob)
    if not inputs:
        raise FileNotFoundError(f"no input files in {paths!r}")
    options: dict[str, Any] = {
        "ref_date": ref_date,
        "only": tuple(only) if only is not None else None,
        "text_field": text_field,
        "id_field": id_field,
        "date_field": date_field,
    }
    bags = [_bag_of(group, is_jsonl, blocksize, files_per_partition) for group, is_jsonl in _groups(inputs)]
    lines = db.concat(bags).map_partitions(_parse_lines, **options)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    target = str(Path(out_dir) / "part-*.jsonl")
    if scheduler is None or scheduler in LOCAL_SCHEDULERS:
        written = lines.to_textfiles(target, name_function=_part_name, last_endline=True, scheduler=scheduler)
    else:
        client = import_module("distributed").Client
        with client(scheduler):
            written = lines.to_textfiles(target, name_function=_part_name, last_endline=True)
    return [str(p) for p in written]


# --- reading inputs --------------------------------------------------------------------------


def _expand(paths: str | Path | Sequence[str | Path], glob: str) -> list[str]:
    """Input files in order; directories are searched recursively (sorted) for ``glob`` and for
    JSON Lines files; anything else (a file, a glob, a URL) is left to Dask."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    files: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = {p for p in path.rglob(glob) if p.is_file()}
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in JSONL_SUFFIXES)
            files.extend(str(p) for p in sorted(found) if not _hidden(p, path))
        else:
            files.append(str(item))
    return files


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _is_jsonl(path: str) -> bool:
    name = path.lower().removesuffix(".gz").removesuffix(".bz2").removesuffix(".xz")
    return Path(name).suffix in JSONL_SUFFIXES


def _groups(files: list[str]) -> Iterator[tuple[list[str], bool]]:
    """Runs of consecutive files of one kind (text or JSON Lines), keeping the input order."""
    group: list[str] = []
    kind = False
    for path in files:
        is_jsonl = _is_jsonl(path)
        if group and (is_jsonl != kind or is_jsonl):
            yield group, kind
            group = []
        group.append(path)
        kind = is_jsonl
    if group:
        yield group, kind


def _dask_bag() -> Any:
    """dask.bag, imported on use (Dask is optional; its modules are untyped, hence Any)."""
    return import_module("dask.bag")


def _bag_of(files: list[str], is_jsonl: bool, blocksize: int | str, per_partition: int) -> Any:
    db = _dask_bag()

    if is_jsonl:
        # One JSON Lines file; blocks are split at line ends, so each partition holds whole records.
        size = None if files[0].lower().endswith((".gz", ".bz2", ".xz")) else blocksize
        lines = db.read_text(files, blocksize=size, include_path=True)
        return lines.filter(_not_blank).map(_jsonl_record)
    return db.from_sequence(files, partition_size=per_partition).map(_text_record)


def _not_blank(item: tuple[str, str]) -> bool:
    return bool(item[0].strip())


def _jsonl_record(item: tuple[str, str]) -> dict[str, Any]:
    line, path = item
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"_source": path, "_error": f"malformed JSON line: {exc.msg}"}
    if not isinstance(record, dict):
        return {"_source": path, "_error": "JSON line is not an object"}
    record["_source"] = path
    return record


def _text_record(path: str) -> dict[str, Any]:
    with import_module("fsspec").open(path, "rb") as handle:
        raw: bytes = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return {"text": text.removeprefix("\ufeff"), "_source": path}


# --- parsing and writing ---------------------------------------------------------------------


def _parse_lines(records: Iterable[dict[str, Any]], **options: Any) -> list[str]:
    """One partition: records in, JSON Lines out."""
    return [json.dumps(out, ensure_ascii=False) for out in parse_partition(records, **options)]


def _error(record: Mapping[str, Any], id_field: str, source: str | None, exc: Exception) -> dict[str, Any]:
    rid = record.get(id_field)
    message = f"no field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
    return {"id": str(rid) if rid is not None else source, "source": source, "error": message}


def _part_name(index: int) -> str:
    return f"{index:05d}"


def _reference_date(
    record: Mapping[str, Any], ref_date: dt.date | str | None, date_field: str | None
) -> tuple[dt.date | str | None, str]:
    if ref_date is not None:
        return ref_date, "option"
    fields = (date_field,) if date_field else DATE_FIELDS
    value = next((record[f] for f in fields if record.get(f)), None)
    if value is None:
        return None, "record"
    if not isinstance(value, str):
        raise TypeError(f"date field is {type(value).__name__}, not a string")
    return dt.date.fromisoformat(value[:10]), "record"
