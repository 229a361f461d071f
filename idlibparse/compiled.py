"""Compiled patterns kept on disk between runs.

The finder patterns are built from the word lists and run to tens of kilobytes; the ``regex``
module parses and optimises such a pattern in Python, which costs more than parsing a whole
article. A compiled pattern pickles to its finished program (not its source), so it is stored
once in a per-user cache and loaded in a few milliseconds by every later run and worker.

Standard library patterns pickle as their source only, so ``std_compile`` keeps their compiled
program (a list of integers and the group names) instead, and hands it back to the engine.

The cache is only ever a shortcut: a file that is missing, unreadable, stale or foreign is
ignored and the pattern compiled as usual; a directory that cannot be written is not an error.
``IDLIBPARSE_CACHE_DIR`` moves it; ``IDLIBPARSE_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import re
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, cast

import regex

ENV = "IDLIBPARSE_CACHE_DIR"


@cache
def directory() -> Path | None:
    """Where this process keeps compiled patterns (one folder per ``regex`` version, whose
    compiled programs are not portable between versions), or None when caching is off."""
    chosen = os.environ.get(ENV)
    if chosen is not None and chosen.strip().lower() in ("", "off", "0", "none"):
        return None
    if chosen:
        root = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = Path(base) / "idlibparse"
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return root / f"regex-{regex.__version__}-{python}"


def key(text: str) -> str:
    """A short file name for what is made of ``text``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _key(source: str, flags: int) -> str:
    return key(f"{flags}\0{source}")


def compile(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, loaded from the cache when an earlier run stored it."""
    folder = directory()
    if folder is None:
        return regex.compile(source, flags)
    path = folder / f"{_key(source, flags)}.pickle"
    found = load(path)
    if isinstance(found, regex.Pattern) and found.pattern == source:
        return found
    pattern = regex.compile(source, flags)
    store(path, pattern)
    return pattern


def load(path: Path) -> object:
    """What ``store`` pickled to ``path``, or None when it is missing, truncated or was written
    by another version (the caller then works it out again)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def store(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` in the cache, atomically (a temporary file renamed into place),
    so parallel workers storing the same file never leave a half-written one behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only home or a full disk: the pattern is still compiled and used


# The standard library's compiler and engine, to keep a compiled program between runs.
_SRE: Any = importlib.import_module("_sre")
_RE_PARSER: Any = importlib.import_module("re._parser")
_RE_COMPILER: Any = importlib.import_module("re._compiler")


def std_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, its compiled program loaded from the cache when an earlier
    run stored it. The engine checks a program before use; anything missing, stale or refused is
    compiled anew, and any change in the standard library's internals falls back to
    ``re.compile``."""
    path = _std_path(source, flags)
    if path is None:
        return re.compile(source, flags)
    found = load(path)
    try:
        stored, program = cast("tuple[str, tuple[Any, ...]]", found)
        if stored == source:
            return cast("re.Pattern[str]", _SRE.compile(source, *program))
    except Exception:  # missing, foreign, or a program the engine refuses: compile instead
        pass
    try:
        parsed = _RE_PARSER.parse(source, flags)
        names: dict[str, int] = dict(parsed.state.groupdict)
        by_number: list[str | None] = [None] * parsed.state.groups
        for name, number in names.items():
            by_number[number] = name
        program = (
            int(flags | parsed.state.flags),
            [int(op) for op in _RE_COMPILER._code(parsed, flags)],
            parsed.state.groups - 1,
            names,
            tuple(by_number),
        )
        pattern = cast("re.Pattern[str]", _SRE.compile(source, *program))
    except Exception:  # another Python's internals, or a pattern the engine refuses: as usual
        return re.compile(source, flags)
    store(path, (source, program))
    return pattern


def std_stored(source: str, flags: int = 0) -> bool:
    """Whether ``std_compile(source, flags)`` finds its program stored (and so costs next to
    nothing)."""
    path = _std_path(source, flags)
    return path is not None and path.exists()


def _std_path(source: str, flags: int) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    return folder / f"re-{_RE_COMPILER.MAGIC}-{_key(source, flags)}.pickle"
