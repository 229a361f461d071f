"""Where articles come from: files, directories, standard input, JSON Lines records, and the
sample articles shipped in the package.

``read_inputs(paths, options)`` yields, lazily and in input order, an ``Article`` for every text
that can be parsed and an ``InputError`` for every input that cannot (a missing path, a binary
file, a malformed JSON line...), so one bad input never stops a batch. Files are read one at a
time and JSON Lines files one record at a time, so memory stays bounded whatever the input size.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import orjson

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# Above this many bytes a text file (or one JSON Lines record) is refused rather than read:
# one article is held in memory whole, so the limit bounds memory per worker.
DEFAULT_MAX_BYTES = 20_000_000
# Record fields tried, in order, for the reference date when --date-field is not given.
DATE_FIELDS: tuple[str, ...] = ("date", "dct", "published")
JSONL_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".ndjson"})
GZIP_SUFFIX = ".gz"  # compressed inputs (story.txt.gz, archive.jsonl.gz) are read as they stream
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "jsonl")
STDIN = "-"
STDIN_NAME = "<stdin>"
# The directory of sample articles inside the package, parsed when no input is given.
SEEDS_DIR = "seeds"

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192  # how much of a JSON Lines file is checked for NUL bytes up front
_SKIP_CHUNK = 1 << 20  # read size while skipping the rest of an over-long line
# What reading a file may raise: I/O errors, and a damaged or truncated gzip stream.
_READ_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are found and read (the command line's input options)."""

    glob: str = "*.txt"
    input_format: str = "auto"  # auto (by suffix: .jsonl/.ndjson are JSON Lines) | text | jsonl
    text_field: str = "text"
    id_field: str = "id"
    date_field: str | None = None  # None: the first of DATE_FIELDS present in the record
    max_bytes: int = DEFAULT_MAX_BYTES  # 0: no limit


@dataclass(frozen=True, slots=True)
class Article:
    """One text to parse. ``where`` names it in messages (a path, or path:line for a record)."""

    text: str
    id: str
    source: str
    where: str
    ref_date: str | None = None
    ref_date_source: str | None = None
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; ``where`` names it, ``message`` says why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Item = Article | InputError


def read_inputs(paths: Sequence[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and errors from ``paths`` in order. ``-`` is standard input. With no paths, standard
    input is read when something is piped in; otherwise (a terminal, or nothing piped) the
    sample articles shipped in the package are."""
    options = options or ReadOptions()
    if not paths:
        stdin = _stdin_bytes()
        if _is_terminal(stdin) or _at_end(stdin):
            yield from read_seeds()
        else:
            yield from _read_stdin(stdin, options)
        return
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(_stdin_bytes(), options)
        else:
            yield from _read_path(path, options)


def _stdin_bytes() -> BinaryIO:
    """Standard input as bytes, through a reader of its own where it is a real file descriptor.
    The inputs may be read on a thread (see ``readahead``) that is still waiting for a line
    when the program ends; had it taken the lock of ``sys.stdin``'s buffer, the interpreter
    would abort when it closes ``sys.stdin`` at exit."""
    try:
        descriptor = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an object in memory (tests)
        return sys.stdin.buffer
    return open(descriptor, "rb", closefd=False)  # (never closed: fd 0 stays open)


def read_seeds() -> Iterator[Item]:
    """The sample articles shipped inside the package (idlibparse/seeds/*.txt)."""
    from importlib import resources

    folder = resources.files("idlibparse").joinpath(SEEDS_DIR)
    entries: list[Traversable] = sorted(
        (e for e in folder.iterdir() if e.is_file() and e.name.endswith(".txt")), key=lambda e: e.name
    )
    if not entries:
        yield InputError(f"{SEEDS_DIR}/", "no sample articles in the installed package")
    for entry in entries:
        name = f"{SEEDS_DIR}/{entry.name}"
        yield text_item(entry.read_bytes(), name, name)


# --- paths ---------------------------------------------------------------------------------------


def _read_path(given: str, options: ReadOptions) -> Iterator[Item]:
    path = Path(given)
    try:
        if path.is_dir():
            yield from _read_directory(path, given, options)
            return
        if not path.exists():
            yield InputError(given, "no such file or directory")
            return
    except OSError as exc:
        yield InputError(given, _os_reason(exc))
        return
    yield from _read_file(path, given, options)


def _read_directory(path: Path, given: str, options: ReadOptions) -> Iterator[Item]:
    """Files under ``path`` whose names match the glob, recursively, in sorted order (as sorting
    the paths would give), found lazily so a directory of a million files costs no memory.
    Hidden files and directories are skipped, symbolic links to directories not followed."""
    count = 0
    for file in _walk(str(path), options.glob):
        count += 1
        yield from _read_file(Path(file), file, options)
    if not count:
        yield InputError(given, f"no files matching {options.glob!r} in this directory")


def _walk(folder: str, pattern: str) -> Iterator[str]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, pattern)
            elif fnmatch.fnmatchcase(entry.name, pattern) and entry.is_file():
                yield entry.path
        except OSError:
            continue


def _read_file(path: Path, name: str, options: ReadOptions) -> Iterator[Item]:
    """One file: JSON Lines record by record, or plain text whole; ``.gz`` files decompressed."""
    compressed = name.lower().endswith(GZIP_SUFFIX)
    if _is_jsonl(name, options):
        yield from _read_jsonl_file(path, name, options, compressed)
        return
    try:
        if compressed:
            with gzip.open(path, "rb") as handle:
                data = handle.read(options.max_bytes + 1) if options.max_bytes else handle.read()
            if options.max_bytes and len(data) > options.max_bytes:
                yield InputError(name, _too_big(None, options.max_bytes, what="decompressed file"))
                return
        else:
            size = path.stat().st_size
            if options.max_bytes and size > options.max_bytes:
                yield InputError(name, _too_big(size, options.max_bytes))
                return
            data = path.read_bytes()
    except _READ_ERRORS as exc:
        yield InputError(name, _os_reason(exc))
        return
    yield text_item(data, name, name)


def _is_jsonl(name: str, options: ReadOptions) -> bool:
    if options.input_format != "auto":
        return options.input_format == "jsonl"
    lowered = name.lower()
    return Path(lowered.removesuffix(GZIP_SUFFIX)).suffix in JSONL_SUFFIXES


def _read_jsonl_file(path: Path, name: str, options: ReadOptions, compressed: bool) -> Iterator[Item]:
    opened = False
    try:
        with gzip.open(path, "rb") if compressed else path.open("rb") as handle:
            opened = True
            yield from _jsonl_records(cast(BinaryIO, handle), name, options)
    except _READ_ERRORS as exc:  # cannot open, or a disk error or damaged archive part way through
        yield InputError(name, ("stopped part way: " if opened else "") + _os_reason(exc))


# --- standard input ------------------------------------------------------------------------------


def _read_stdin(stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    if options.input_format == "jsonl":
        yield from _jsonl_records(stream, STDIN_NAME, options)
        return
    limit = options.max_bytes
    data = stream.read(limit + 1) if limit else stream.read()
    if limit and len(data) > limit:
        yield InputError(STDIN_NAME, _too_big(None, limit))
        return
    yield text_item(data, STDIN_NAME, STDIN_NAME)


def _is_terminal(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _at_end(stream: BinaryIO) -> bool:
    """True when nothing is left to read (looks without consuming)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return not peek(1)
    if stream.seekable():
        position = stream.tell()
        empty = not stream.read(1)
        stream.seek(position)
        return empty
    return False


# --- plain text ----------------------------------------------------------------------------------


def text_item(data: bytes, name: str, source: str) -> Item:
    """One whole file (or standard input) as one article, or the reason it cannot be one."""
    if not data:
        return InputError(name, "empty file")
    if b"\x00" in data:
        return InputError(name, "binary file (it contains NUL bytes), not text")
    text, warning = decode(data)
    if not text.strip():
        return InputError(name, "no text (only white space)")
    return Article(text=text, id=name, source=source, where=name, warnings=_name(warning, name))


def decode(data: bytes) -> tuple[str, str | None]:
    """Text from bytes: UTF-8 (a leading byte-order mark dropped), else cp1252 with a warning."""
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        # cp1252 leaves five bytes undefined; they become U+FFFD, one character each.
        warning = f"not valid UTF-8 (byte {exc.start}), read as cp1252"
        return data.decode("cp1252", errors="replace"), warning


def _name(warning: str | None, where: str) -> tuple[str, ...]:
    return (f"{where}: {warning}",) if warning else ()


# --- JSON Lines ----------------------------------------------------------------------------------


def _jsonl_records(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """One article per record, read line by line: memory holds one line at a time."""
    head = stream.peek(_SNIFF_BYTES) if hasattr(stream, "peek") else b""
    if b"\x00" in head[:_SNIFF_BYTES]:
        yield InputError(name, "binary file (it contains NUL bytes), not JSON Lines")
        return
    seen_bytes = seen_records = 0
    for number, line in _lines(stream, options.max_bytes):
        where = f"{name}:{number}"
        if line is None:
            yield InputError(where, _too_big(None, options.max_bytes, what="record"))
            seen_records += 1
            continue
        seen_bytes += len(line)
        if not line.strip():
            continue
        seen_records += 1
        yield record_item(line.removeprefix(_BOM) if number == 1 else line, name, number, options)
    if not seen_records:
        yield InputError(name, "empty file" if not seen_bytes else "no records (only blank lines)")


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; an over-long line gives None and is skipped in chunks."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1) if max_bytes else stream.readline()
        if not line:
            return
        number += 1
        if max_bytes and len(line) > max_bytes and not line.endswith(b"\n"):
            while (chunk := stream.readline(_SKIP_CHUNK)) and not chunk.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def record_item(line: bytes, name: str, number: int, options: ReadOptions) -> Item:
    """Line ``number`` of JSON Lines file ``name`` as one article, or the reason it cannot be one."""
    where = f"{name}:{number}"
    if b"\x00" in line:
        return InputError(where, "binary data (NUL bytes) in the line")
    text, warning = decode(line.rstrip(b"\r\n"))
    try:
        record = _json_value(text, options)
    except json.JSONDecodeError as exc:
        return InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(where, "malformed JSON (nested too deeply)")
    if not isinstance(record, dict):
        return InputError(where, f"not a JSON object but {_json_type(record)}")
    body = record.get(options.text_field)
    if body is None:
        return InputError(where, f"record has no {options.text_field!r} field")
    if not isinstance(body, str):
        return InputError(where, f"record's {options.text_field!r} field is {_json_type(body)}, not a string")
    warnings = list(_name(warning, where))
    ref_date, date_warning = record_date(record, options.date_field)
    if date_warning:
        warnings.append(f"{where}: {date_warning}")
    rid = record.get(options.id_field)
    return Article(
        text=body,
        id=where if rid is None else str(rid),
        source=name,
        where=where,
        ref_date=ref_date,
        ref_date_source="record" if ref_date else None,
        warnings=tuple(warnings),
    )


def _json_value(text: str, options: ReadOptions) -> Any:
    """``json.loads(text)``, read by orjson (about twice as fast on news records) wherever it gives
    the same values. What orjson refuses and the standard library reads (NaN, a lone surrogate, a
    number too big for a float) goes to ``json``, which reads it or raises its own error. orjson
    reads an integer beyond 64 bits as a float, so a record whose id or date field holds a float,
    an array or an object is read again by ``json``: those fields are echoed in the output or in a
    warning, and the text field is used only as a string."""
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
    if isinstance(record, dict):
        for key in (options.id_field, *_date_fields(options.date_field)):
            if isinstance(record.get(key), (float, list, dict)):
                return json.loads(text)
    return record


def _date_fields(date_field: str | None) -> tuple[str, ...]:
    """The record fields read for the reference date, in order."""
    return (date_field,) if date_field else DATE_FIELDS


def record_date(record: dict[str, Any], date_field: str | None) -> tuple[str | None, str | None]:
    """The record's reference date as YYYY-MM-DD (a datetime's date part), or a warning."""
    key = next((f for f in _date_fields(date_field) if record.get(f) not in (None, "")), None)
    if key is None:
        return None, None
    value = record[key]
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat(), None
        except ValueError:
            pass
    return None, f"ignored {key!r} {json.dumps(value)[:40]}: not a YYYY-MM-DD date"


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


# --- messages ------------------------------------------------------------------------------------


def _too_big(size: int | None, limit: int, what: str = "file") -> str:
    measured = f"{what} of {size:,} bytes is" if size is not None else f"{what} is"
    return f"{measured} over the --max-bytes limit of {limit:,} bytes (raise it with --max-bytes)"


def _os_reason(exc: Exception) -> str:
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return f"cannot read ({reason[0].lower()}{reason[1:]})" if reason else "cannot read"


def one_line(message: str) -> str:
    """A message safe to print on one line (file names may hold line breaks)."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


# The names idlibparse.scale imports (it reads records exactly as the command line does).
_text_item = text_item
_record_item = record_item
_record_date = record_date

__all__ = [
    "DATE_FIELDS",
    "DEFAULT_MAX_BYTES",
    "INPUT_FORMATS",
    "STDIN",
    "STDIN_NAME",
    "Article",
    "InputError",
    "Item",
    "ReadOptions",
    "decode",
    "one_line",
    "read_inputs",
    "read_seeds",
    "record_date",
    "record_item",
    "text_item",
]
