"""Quotes and sources: table-driven cases (tests/cases/quotes.json), the seed article's
statements, the offsets invariant, and inputs that must not blow up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import casetable
import pytest

from idlibparse.document import Document
from idlibparse.extractors import quotes
from idlibparse.records import QuoteMention

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "idlib-reuters-2020-02-08.txt"
CASES = casetable.load("quotes")
REF = dt.date(2020, 2, 8)


def _extract(text: str) -> list[QuoteMention]:
    return quotes.extract(Document.build(text, ref_date=REF, ref_date_source="option"))


def _params() -> list[Any]:
    return casetable.params(CASES, lambda _, case: case["id"])


def _find(found: list[QuoteMention], text: str) -> QuoteMention:
    matches = [m for m in found if m.text == text]
    assert matches, f"no statement {text!r}; found {[(m.text, m.kind) for m in found]}"
    return matches[0]


def _check(found: list[QuoteMention], want: dict[str, Any]) -> None:
    m = _find(found, want["text"])
    assert m.kind == want["kind"], (m.text, m.kind)
    if want["speaker"] is None:
        assert m.speaker is None, (m.text, m.speaker)
        return
    assert m.speaker is not None, f"{m.text!r} has no speaker"
    assert m.speaker.text == want["speaker"]
    if "resolved" in want:
        resolved = m.speaker.resolved.text if m.speaker.resolved else None
        assert resolved == want["resolved"]
    if "type" in want:
        assert m.speaker.type == want["type"]
    if "verb" in want:
        assert m.verb == want["verb"]
    if "statement_with" in want:
        assert _find(found, want["statement_with"]).statement == m.statement


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    found = _extract(case["text"])
    for m in found:
        assert case["text"][m.start : m.end] == m.text
    if case.get("none"):
        assert found == [], [(m.text, m.kind) for m in found]
    if case.get("no_direct"):
        assert not [m for m in found if m.kind in ("direct", "partial")]
    for want in case.get("expect", []):
        _check(found, want)


def test_enough_cases() -> None:
    assert len(CASES) >= 120
    assert len({c["id"] for c in CASES}) == len(CASES)


# --- the seed article ---------------------------------------------------------------------

SEED_STATEMENTS = [
    ("The situation in Idlib was discussed,", "direct", "Turkey’s foreign ministry", None),
    (
        "Steps that could be taken to establish peace on the ground as soon as possible and advance the "
        "political process were evaluated.",
        "direct",
        "Turkey’s foreign ministry",
        None,
    ),
    (
        "Our checkpoints in Idlib continue their duties as usual and are capable of protecting themselves,",
        "direct",
        "Turkey’s Defence Ministry",
        None,
    ),
    (
        "in the harshest manner in accordance with legitimate defense",
        "partial",
        "Turkey’s Defence Ministry",
        None,
    ),
    (
        "the advances by Russian-backed Syrian troops and their allies threaten a fresh humanitarian "
        "disaster",
        "reported",
        "Turkey",
        None,
    ),
    (
        "convoys of Turkish military vehicles had been crossing into Idlib since Friday",
        "reported",
        "Witnesses at the border",
        None,
    ),
    (
        "430 Turkish military vehicles had crossed into Idlib in the last 24 hours",
        "reported",
        "The Syrian Observatory for Human Rights",
        None,
    ),
    ("the army had taken full control over the town", "reported", "It", "Syrian state TV"),
    (
        "The escalation in Idlib has displaced around 600,000 people since the beginning of December",
        "according_to",
        "the United Nations",
        None,
    ),
]


@pytest.fixture(scope="module")
def seed_quotes() -> list[QuoteMention]:
    return _extract(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "kind", "speaker", "resolved"), SEED_STATEMENTS)
def test_seed_statement(
    seed_quotes: list[QuoteMention], text: str, kind: str, speaker: str, resolved: str | None
) -> None:
    m = _find(seed_quotes, text)
    assert m.kind == kind
    assert m.speaker is not None
    assert m.speaker.text == speaker
    assert (m.speaker.resolved.text if m.speaker.resolved else None) == resolved
    assert m.section == "body"


def test_seed_split_quote_shares_statement(seed_quotes: list[QuoteMention]) -> None:
    first = _find(seed_quotes, SEED_STATEMENTS[0][0])
    second = _find(seed_quotes, SEED_STATEMENTS[1][0])
    assert first.statement == second.statement
    assert second.speaker == first.speaker


def test_seed_numbers_get_their_sources() -> None:
    import idlibparse

    result = idlibparse.parse(SEED.read_text(encoding="utf-8"), ref_date=REF, only=["numbers"])
    sources = {n.text: n.source.text if n.source else None for n in result.numbers}
    un = [source for text, source in sources.items() if "600,000" in text]
    monitor = [source for text, source in sources.items() if text.startswith("430")]
    assert un == ["the United Nations"]
    assert monitor == ["The Syrian Observatory for Human Rights"]


def test_seed_offsets(seed_quotes: list[QuoteMention]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for m in seed_quotes:
        assert text[m.start : m.end] == m.text
        if m.speaker:
            assert text[m.speaker.start : m.speaker.end] == m.speaker.text
            if m.speaker.resolved:
                r = m.speaker.resolved
                assert text[r.start : r.end] == r.text


def test_seed_nothing_outside_the_story(seed_quotes: list[QuoteMention]) -> None:
    assert {m.section for m in seed_quotes} == {"body"}


# --- inputs that must not blow up -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"' * 100_000,
        "“" * 100_000,
        "”" * 50_000,
        "“a” " * 20_000,
        "``" * 30_000 + "''" * 30_000,
        "said " * 50_000,
        "according to " * 20_000,
        "officials said that " + "x " * 200_000,
        ("“We will stay,” he said, adding that the town was calm. " * 4_000),
    ],
    ids=[
        "straight",
        "curly-open",
        "curly-close",
        "pairs",
        "wire",
        "verbs",
        "according",
        "no-stop",
        "one-line",
    ],
)
def test_pathological_inputs(text: str) -> None:
    found = _extract(text)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.end - m.start <= len(text)


def test_stray_mark_stays_in_its_paragraph() -> None:
    text = "He said “the town fell\n\n" + "Other news follows here. " * 50
    for m in _extract(text):
        assert "\n" not in m.text
