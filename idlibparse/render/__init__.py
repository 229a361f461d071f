"""Output: choosing a format, writers for each (``table`` draws with rich, the others are plain
text), and writing a file atomically.

A writer takes records (``Result.to_dict()``) one at a time with ``write`` and finishes with
``close``; each record is written as soon as it is given.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from idlibparse.records import KINDS

FORMATS: tuple[str, ...] = ("auto", "table", "json", "jsonl", "csv")


class Writer(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def resolve_format(name: str, to_terminal: bool) -> str:
    """``auto`` is tables on a terminal and JSON Lines anywhere else (a pipe, a file)."""
    if name == "auto":
        return "table" if to_terminal else "jsonl"
    return name


def open_writer(
    name: str,
    stream: TextIO,
    *,
    several: bool = True,
    kinds: Sequence[str] = KINDS,
    flush_each: bool = False,
) -> Writer:
    """A writer of format ``name`` (not ``auto``) on ``stream``. ``several``: more than one
    article is coming (JSON then writes an array); ``flush_each``: push each record out at once."""
    if name == "table":
        from idlibparse.render.table import TableWriter  # rich is loaded only here

        return TableWriter(stream, kinds=kinds)
    from idlibparse.render import serialize

    if name == "jsonl":
        return serialize.JsonLinesWriter(stream, flush_each=flush_each)
    if name == "json":
        return serialize.JsonWriter(stream, several=several, flush_each=flush_each)
    if name == "csv":
        return serialize.CsvWriter(stream, flush_each=flush_each)
    raise ValueError(f"unknown output format {name!r}")


@contextlib.contextmanager
def utf8_stream(binary: Any) -> Iterator[TextIO]:
    """UTF-8 text on a binary stream (standard output's buffer) whatever the locale; the stream
    is left open afterwards."""
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n", write_through=True)
    try:
        yield text
    finally:
        with contextlib.suppress(ValueError, OSError):
            text.flush()
        text.detach()


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A file written under a temporary name in the same directory and renamed into place when
    the block ends without error; on an error the temporary file is removed and any earlier
    file at ``path`` is left as it was. Never a half-written file at ``path``."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _file_mode(target: Path) -> int:
    """The mode the file would get if created normally (mkstemp makes it owner-only)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
