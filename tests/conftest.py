"""Fixtures shared by several test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from idlibparse import compiled


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty pattern cache for the test."""
    monkeypatch.setenv(compiled.ENV, str(tmp_path))
    compiled.directory.cache_clear()
    yield tmp_path
    compiled.directory.cache_clear()
