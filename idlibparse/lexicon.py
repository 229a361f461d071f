"""Loading the vocabulary kept as data files in ``idlibparse/data/``.

Word lists are UTF-8 text, one entry a line; tables are tab-separated. Lines starting with
``#`` (the provenance header) and blank lines are skipped. Each file is read once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import regex


def _lines(name: str) -> list[str]:
    raw = resources.files("idlibparse.data").joinpath(name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in raw.splitlines() if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """A word list as a set of lower-cased entries."""
    return frozenset(line.strip().lower() for line in _lines(name))


@cache
def ordered_words(name: str) -> tuple[str, ...]:
    """A word list in file order, case kept (for building alternations, longest first)."""
    return tuple(line.strip() for line in _lines(name))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """A TSV table's rows, without its header row (the first non-comment line)."""
    rows = [tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name)]
    return tuple(rows[1:])


def alternation(entries: tuple[str, ...] | frozenset[str] | list[str]) -> str:
    """A regex alternation of literal phrases, longest first so "tens of thousands" beats
    "tens"; spaces match any run of whitespace."""
    parts = sorted({e for e in entries if e}, key=lambda e: (-len(e), e))  # a fixed order: cacheable
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in parts)


def trie_alternation(entries: Iterable[str], space: str = r"\s+") -> str:
    """A regex alternation of literal phrases factored by common prefixes ("t(?:en|hree|wo)"):
    the same matches as a plain alternation, a longer entry preferred to its prefix, but at each
    position only the branches of the character there are tried. Spaces match ``space``. The
    result is plain enough for both the standard library's engine and ``regex``."""
    return _emit_trie(_trie(((e, {}) for e in entries if e), reverse=False), space, reverse=False)


def suffix_alternation(entries: Iterable[str], space: str = r"\s+") -> str:
    """Like :func:`trie_alternation`, but factored by common endings ("(?:resolutio|sectio)n"),
    for a pattern run in reverse: there the engine compares a phrase from its end, so each last
    letter is compared once, not once per phrase. A longer phrase is preferred to one it ends
    with."""
    return _emit_trie(_trie(((e, {}) for e in entries if e), reverse=True), space, reverse=True)


def _trie(leaves: Iterable[tuple[str, Any]], *, reverse: bool) -> dict[str, Any]:
    """A trie of the phrases (read from their end with ``reverse``), each ending in a node whose
    "" key holds the phrase's leaf value."""
    root: dict[str, Any] = {}
    for entry, leaf in leaves:
        node = root
        for char in reversed(entry) if reverse else entry:
            node = node.setdefault(char, {})
        node[""] = leaf
    return root


def _emit_trie(node: dict[str, Any], space: str, *, reverse: bool) -> str:
    branches = []
    for char, child in sorted(node.items()):
        if char:
            piece = space if char == " " else re.escape(char)
            rest = _emit_trie(child, space, reverse=reverse)
            branches.append(rest + piece if reverse else piece + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def tailed_trie(tails: Mapping[str, str], space: str | None = None) -> str:
    """Like :func:`trie_alternation`, but each phrase is followed by its own pattern (``tails``,
    e.g. a lookahead that differs between phrases), so phrases whose endings differ still share
    one pass over their letters. A longer phrase is tried before one that ends where it goes
    on. Spaces match ``space`` (None: a literal space)."""
    return _emit_tailed(_trie(tails.items(), reverse=False), space)


def _emit_tailed(node: dict[str, Any], space: str | None) -> str:
    branches = [
        (space if char == " " and space is not None else re.escape(char)) + _emit_tailed(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if "" in node:
        branches.append(node[""])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


@cache
def abbreviations() -> frozenset[str]:
    return words("abbreviations.txt")


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations (lower case, no dot) to month numbers."""
    return {name.lower(): int(number) for name, number in table("months.tsv")}


@cache
def section_cues() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(section kind, pattern) pairs tried in file order on each stripped paragraph."""
    return tuple((kind, regex.compile(pattern)) for kind, pattern in table("section_cues.tsv"))
