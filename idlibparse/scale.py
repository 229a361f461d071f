"""Parsing beyond one process: Dask and Spark.

Parsing is a pure function of (text, reference date), so it maps over any distributed
collection. This module gives the pieces a cluster needs:

- ``parse_record(record, ...) -> dict``: one input record (a dict holding the article) to one
  output record (``Result.to_dict()``); pure, for any map function;
- ``parse_partition(records, ...)``: the same over an iterable of records, after a
  once-per-process warm-up of the word lists and the gazetteer; the function for Spark's
  ``mapPartitions`` or a Dask bag's ``map_partitions``;
- ``parse_bag(paths, out_dir, ...)``: text files and JSON Lines files read, parsed and written
  as JSON Lines partitions by the workers of a Dask cluster (``idlibparse parse --dask``).

Dask is imported only inside ``parse_bag`` (``pip install 'idlibparse[dask]'``), so the other
functions work wherever idlibparse itself is installed. See docs/scaling.md.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from idlibparse.batch import CHUNK_ARTICLES, CHUNK_CHARS, Failed, ParseOptions, outcomes_of
from idlibparse.inputs import (
    JSONL_SUFFIXES,
    InputError,
    Item,
    ReadOptions,
    _record_date,
    _record_item,
    _text_item,
)
from idlibparse.pipeline import parse
from idlibparse.readahead import chunked
from idlibparse.render.serialize import dumps

# Dask's local schedulers, accepted as ``scheduler`` besides a scheduler address.
LOCAL_SCHEDULERS: frozenset[str] = frozenset(
    {"sync", "synchronous", "single-threaded", "threads", "processes"}
)
# The size of the pieces a JSON Lines file is cut into (at line ends), one partition each: big
# enough that a task outweighs its scheduling, small enough to spread a file over many workers.
DEFAULT_BLOCKSIZE = "16MiB"
DEFAULT_FILES_PER_PARTITION = 64

# A short article touching every extractor, parsed once per process so that the word lists,
# compiled patterns and the gazetteer are loaded before the first real record.
_WARM_TEXT = (
    "KABUL, Afghanistan (Reuters) - At least 12 soldiers were killed near Kandahar on Monday, "
    'two officials said. "We will respond," the defence ministry said on March 3, 2020.\n'
)
_warm_lock = threading.Lock()
_warmed = False
_BOM = b"\xef\xbb\xbf"
# A piece of a JSON Lines file: (path, offset, length) in bytes.
Block = tuple[str, int, int]
_GLOB_CHARS = frozenset("*?[")


def warm() -> None:
    """Load everything the extractors read (once per process; later calls return at once)."""
    global _warmed
    if _warmed:
        return
    with _warm_lock:
        if not _warmed:
            parse(_WARM_TEXT, ref_date=dt.date(2020, 3, 4))
            _warmed = True


# --- records: the pure functions ----------------------------------------------------------------


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
    "record"; a value that does not start with YYYY-MM-DD is ignored), else whatever the text or
    the ``source`` file name supply. Raises ``KeyError`` without the text field and ``TypeError``
    when it is not a string.
    """
    text = record[text_field]
    if not isinstance(text, str):
        raise TypeError(f"record's {text_field!r} field is {type(text).__name__}, not a string")
    rid = record.get(id_field)
    date: dt.date | str | None
    if ref_date is not None:
        date, date_source = ref_date, "option"
    else:
        date, _ignored = _record_date(dict(record), date_field)
        date_source = "record"
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
    """Parse a partition of records in order, warming up once first (for ``mapPartitions``).

    A record may name its input in ``"_source"`` (a file path: it becomes the output ``source``,
    and ``id`` when the record has none). A record that cannot be parsed yields
    ``{"id", "source", "error"}`` instead of stopping the partition.
    """
    warm()
    for record in records:
        source = record.get("_source")
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
        except KeyError:
            yield _error(record.get(id_field), source, f"record has no {text_field!r} field")
        except Exception as exc:  # one bad record must not lose a partition of thousands
            yield _error(record.get(id_field), source, f"could not be parsed ({type(exc).__name__}: {exc})")


def _error(rid: Any, source: str | None, message: str) -> dict[str, Any]:
    return {"id": str(rid) if rid is not None else None, "source": source, "error": message}


# --- files on a Dask cluster --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """One partition's work: a run of text files, or a block of one JSON Lines file (whole
    lines from the first line end after ``offset`` to the first after ``offset + length``), or an
    input that failed up front; written to ``out``."""

    out: str
    kind: str  # text|jsonl|error
    paths: tuple[str, ...]
    offset: int = 0
    length: int | None = None
    first_line: int = 1
    message: str = ""


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
    input_format: str = "auto",
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
) -> list[str]:
    """Parse text files and JSON Lines files on Dask; write JSON Lines partitions; return their
    paths in input order.

    ``paths``: files, directories (searched recursively for ``glob``, hidden files skipped,
    sorted), globs or fsspec URLs. ``input_format``: auto (``.jsonl``/``.ndjson`` files are JSON
    Lines, others one article of text each), text or jsonl. A JSON Lines file is cut at line ends
    into blocks of ``blocksize`` bytes, one partition each; text files go ``files_per_partition``
    to a partition. Records are read, parsed and written by the workers, so the client holds no
    text and each worker one block at a time.

    ``scheduler``: a scheduler address ("tcp://10.0.0.5:8786"), the name of one of Dask's local
    schedulers ("sync", "threads", "processes"), or None for Dask's default (the active
    ``distributed.Client`` if there is one). ``ref_date``, ``only``, ``text_field``, ``id_field``
    and ``date_field`` mean what they mean for ``idlibparse parse``, and each record is the one
    the command line writes for that input. An input that cannot be read or parsed becomes a
    line ``{"id": null, "source": "FILE[:LINE]", "error": "..."}`` and the run goes on.

    Writes ``out_dir/part-00000.jsonl``, ``part-00001.jsonl``, ... (older ``part-*.jsonl`` files
    there are removed first). Raises ``FileNotFoundError`` for an input that does not exist or a
    directory without matching files.
    """
    db = import_module("dask.bag")
    read = ReadOptions(
        glob=glob,
        input_format=input_format,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        max_bytes=0,
    )
    date = ref_date.isoformat() if isinstance(ref_date, dt.date) else ref_date
    options = ParseOptions(only=tuple(only) if only is not None else None, ref_date=date, json_lines=True)
    size = import_module("dask.utils").parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize
    files = _expand(paths, glob)
    out = _prepare(out_dir)
    with _compute_options(scheduler) as compute:
        blocks = _blocks(files, read, size)
        counts = _line_counts(db, blocks, compute)
        units = _units(files, read, blocks, counts, files_per_partition, out)
        work = db.from_sequence(units, npartitions=len(units)).map(_run_unit, read, options)
        written: list[str] = work.compute(**compute)
    return written


def _line_counts(db: Any, blocks: list[Block], compute: dict[str, Any]) -> dict[Block, int]:
    """Lines in every block that has another block of its file after it, counted on the
    workers: records without an id are named "FILE:LINE", as the command line names them."""
    counted = [b for i, b in enumerate(blocks) if i + 1 < len(blocks) and blocks[i + 1][0] == b[0]]
    if not counted:
        return {}
    counts = db.from_sequence(counted, npartitions=len(counted)).map(_count_lines).compute(**compute)
    return dict(zip(counted, counts, strict=True))


@contextmanager
def _compute_options(scheduler: str | None) -> Iterator[dict[str, Any]]:
    """Keyword arguments for ``compute``; a client for a scheduler address, closed after use."""
    if scheduler is None:
        yield {}
    elif scheduler in LOCAL_SCHEDULERS:
        yield {"scheduler": scheduler}
    else:
        with import_module("distributed").Client(scheduler):
            yield {}


def _fs(url: str) -> tuple[Any, str]:
    """(fsspec file system, path within it) for a local path or a URL."""
    return import_module("fsspec.core").url_to_fs(url)  # type: ignore[no-any-return]


def _expand(paths: str | Path | Sequence[str | Path], glob: str) -> list[str]:
    """Input files in order, as the command line finds them."""
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    if not given:
        raise FileNotFoundError("no inputs given")
    files: list[str] = []
    for item in map(str, given):
        path = Path(item)
        if "://" not in item and path.is_dir():
            found = sorted(
                p
                for p in path.rglob(glob)
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise FileNotFoundError(f"{item}: no files matching {glob!r} in this directory")
            files.extend(map(str, found))
        elif _GLOB_CHARS & set(item) or "://" in item:
            fs, inner = _fs(item)
            matches = sorted(fs.glob(inner)) if _GLOB_CHARS & set(inner) else [inner]
            if not matches or not fs.exists(matches[0]):
                raise FileNotFoundError(f"{item}: no such file")
            files.extend(fs.unstrip_protocol(m) if "://" in item else m for m in matches)
        elif not path.exists():
            raise FileNotFoundError(f"{item}: no such file or directory")
        else:
            files.append(item)
    return files


def _prepare(out_dir: str | Path) -> str:
    fs, root = _fs(str(out_dir))
    fs.makedirs(root, exist_ok=True)
    for old in fs.glob(f"{root.rstrip('/')}/part-*.jsonl"):
        fs.rm(old)
    return str(out_dir).rstrip("/")


def _is_jsonl(path: str, read: ReadOptions) -> bool:
    if read.input_format != "auto":
        return read.input_format == "jsonl"
    return os.path.splitext(path)[1].lower() in JSONL_SUFFIXES


def _blocks(files: list[str], read: ReadOptions, size: int) -> list[Block]:
    """(path, offset, length) of every block of every JSON Lines file, in order."""
    blocks: list[Block] = []
    for path in dict.fromkeys(f for f in files if _is_jsonl(f, read)):
        fs, inner = _fs(path)
        total = fs.size(inner)
        blocks.extend((path, offset, min(size, total - offset)) for offset in range(0, total, max(1, size)))
    return blocks


def _units(
    files: list[str],
    read: ReadOptions,
    blocks: list[Block],
    counts: dict[Block, int],
    per_partition: int,
    out: str,
) -> list[_Unit]:
    """The partitions' work in input order: runs of text files, and the blocks of each JSON
    Lines file with the number of its first line."""
    plans: list[tuple[str, tuple[str, ...], int, int | None, int, str]] = []
    texts: list[str] = []

    def flush() -> None:
        for i in range(0, len(texts), per_partition):
            plans.append(("text", tuple(texts[i : i + per_partition]), 0, None, 1, ""))
        texts.clear()

    by_file: dict[str, list[Block]] = {}
    for block in blocks:
        by_file.setdefault(block[0], []).append(block)
    for path in files:
        if not _is_jsonl(path, read):
            texts.append(path)
            continue
        flush()
        own = by_file.get(path, [])
        if not own:
            plans.append(("error", (path,), 0, None, 1, "empty file"))
        line = 1
        for block in own:
            plans.append(("jsonl", (path,), block[1], block[2], line, ""))
            line += counts.get(block, 0)
    flush()
    return [
        _Unit(_part_path(out, i), kind, paths, offset, length, first, message)
        for i, (kind, paths, offset, length, first, message) in enumerate(plans)
    ]


def _part_path(out: str, index: int) -> str:
    return f"{out}/part-{index:05d}.jsonl"


def _read_block(path: str, offset: int, length: int | None) -> bytes:
    read_block = import_module("fsspec.utils").read_block
    with import_module("fsspec").open(path, "rb") as handle:
        data: bytes = read_block(handle, offset, length, delimiter=b"\n")
    return data


def _count_lines(block: Block) -> int:
    return _read_block(*block).count(b"\n")


def _run_unit(unit: _Unit, read: ReadOptions, options: ParseOptions) -> str:
    """Read, parse and write one partition on a worker, a chunk of records at a time."""
    warm()
    with import_module("fsspec").open(unit.out, "w", encoding="utf-8") as out:
        for chunk in chunked(_items(unit, read), CHUNK_ARTICLES, CHUNK_CHARS):
            for outcome in outcomes_of(chunk, options):
                if isinstance(outcome, Failed):
                    line = dumps({"id": None, "source": outcome.where, "error": outcome.message})
                else:
                    line = outcome.line  # (encoded where it was parsed, as the command line writes it)
                out.write(line + "\n")
    return unit.out


def _items(unit: _Unit, read: ReadOptions) -> Iterator[Item]:
    """What the command line's reader gives for the unit's inputs (records read as it reads them)."""
    if unit.kind == "error":
        yield InputError(unit.paths[0], unit.message)
    elif unit.kind == "text":
        for path in unit.paths:
            try:
                with import_module("fsspec").open(path, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                yield InputError(path, exc.strerror or str(exc))
                continue
            yield _text_item(data, path, path)
    else:
        path = unit.paths[0]
        block = _read_block(path, unit.offset, unit.length)
        for number, line in enumerate(block.split(b"\n"), start=unit.first_line):
            if line.strip():
                yield _record_item(line.removeprefix(_BOM) if number == 1 else line, path, number, read)
