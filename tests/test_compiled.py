"""The on-disk cache of compiled patterns: a shortcut that can never change a result."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import regex

from idlibparse import compiled

SOURCE = r"(?P<n>\d++)\s(?P<unit>km|miles)(?![\w])"


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.pickle"))


def test_a_stored_pattern_is_loaded_without_compiling(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compiled.compile(SOURCE, regex.IGNORECASE)
    assert len(_files(cache_dir)) == 1

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds the pattern")

    monkeypatch.setattr(regex, "compile", no_compiling)
    again = compiled.compile(SOURCE, regex.IGNORECASE)
    found = again.search("a convoy 12 KM long")
    assert found is not None
    assert found.group("n", "unit") == ("12", "KM")
    assert again.flags == first.flags
    assert again.groupindex == first.groupindex


def test_flags_are_part_of_the_key(cache_dir: Path) -> None:
    blind = compiled.compile(SOURCE, regex.IGNORECASE)
    exact = compiled.compile(SOURCE)
    assert len(_files(cache_dir)) == 2
    assert blind.search("12 KM") is not None
    assert exact.search("12 KM") is None


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_file_is_compiled_again_and_replaced(cache_dir: Path, content: bytes) -> None:
    compiled.compile(SOURCE)
    (stored,) = _files(cache_dir)
    stored.write_bytes(content)  # truncated, garbage, or a pickle of something else (the int 1)
    pattern = compiled.compile(SOURCE)
    assert pattern.fullmatch("7 miles") is not None
    assert stored.read_bytes() != content


def test_a_file_for_another_source_is_not_trusted(cache_dir: Path) -> None:
    compiled.compile(SOURCE)
    (stored,) = _files(cache_dir)
    other = regex.compile(r"\d")
    stored.write_bytes(pickle.dumps(other))
    assert compiled.compile(SOURCE).pattern == SOURCE


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(compiled.ENV, str(blocker))
    compiled.directory.cache_clear()
    try:
        assert compiled.compile(SOURCE).fullmatch("3 km") is not None
    finally:
        compiled.directory.cache_clear()
    assert blocker.read_text().startswith("a file")


@pytest.mark.parametrize("value", ["off", "OFF", "0", ""])
def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(compiled.ENV, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled.directory.cache_clear()
    try:
        assert compiled.directory() is None
        assert compiled.compile(SOURCE).fullmatch("3 km") is not None
    finally:
        compiled.directory.cache_clear()
    assert _files(tmp_path) == []


def test_the_default_place_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(compiled.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled.directory.cache_clear()
    try:
        folder = compiled.directory()
    finally:
        compiled.directory.cache_clear()
    assert folder is not None
    assert folder.parent == tmp_path / "idlibparse"
    assert regex.__version__ in folder.name


STD_SOURCE = r"(?i)(?<![\w\-])(?P<n>\d{1,3}+)[^\S\n]{1,3}+(?P<unit>days?|weeks?)(?![\w])"


def test_a_stored_standard_pattern_is_the_compiled_one(cache_dir: Path) -> None:
    fresh = re.compile(STD_SOURCE)
    assert not compiled.std_stored(STD_SOURCE)
    assert compiled.std_compile(STD_SOURCE) == fresh  # compiled, then stored
    assert compiled.std_stored(STD_SOURCE)
    loaded = compiled.std_compile(STD_SOURCE)
    assert loaded == fresh  # the same program, flags and source
    found = loaded.search("the truce held for 12 days, then 3 Weeks")
    assert found is not None
    assert found.group("n", "unit") == ("12", "days")
    assert compiled.std_compile("(?P<a>x)|y", re.IGNORECASE) == re.compile("(?P<a>x)|y", re.IGNORECASE)
    assert compiled.std_compile("(?P<a>x)|y", re.IGNORECASE).groupindex == {"a": 1}


def test_a_damaged_standard_pattern_file_is_compiled_anew(cache_dir: Path) -> None:
    compiled.std_compile(STD_SOURCE)
    (stored,) = list(cache_dir.rglob("re-*.pickle"))
    stored.write_bytes(pickle.dumps((STD_SOURCE, (0, [1, 2, 3], 0, {}, (None,)))))  # an invalid program
    assert compiled.std_compile(STD_SOURCE) == re.compile(STD_SOURCE)
    stored.write_bytes(b"\x80garbage")
    assert compiled.std_compile(STD_SOURCE) == re.compile(STD_SOURCE)
    stored.write_bytes(pickle.dumps(("another source", (0, [], 0, {}, (None,)))))
    assert compiled.std_compile(STD_SOURCE) == re.compile(STD_SOURCE)


def test_no_standard_pattern_stored_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.ENV, "off")
    compiled.directory.cache_clear()
    try:
        assert compiled.std_compile(STD_SOURCE) == re.compile(STD_SOURCE)
        assert not compiled.std_stored(STD_SOURCE)
    finally:
        compiled.directory.cache_clear()
