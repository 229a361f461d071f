"""Table-driven cases: each extractor's cases live in tests/cases/<kind>.json, a list of
objects; a case with an "xfail" key is a known gap, run as a strict expected failure so that a
fix is noticed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CASES_DIR = Path(__file__).resolve().parent / "cases"


def load(kind: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((CASES_DIR / f"{kind}.json").read_text(encoding="utf-8"))
    return cases


def params(cases: list[dict[str, Any]], name: Callable[[int, dict[str, Any]], str]) -> list[Any]:
    """One pytest.param per case, named by ``name(index, case)``."""
    out = []
    for index, case in enumerate(cases):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        out.append(pytest.param(case, id=name(index, case), marks=marks))
    return out
