"""Sections, dateline, sentences and the reference date of a Document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from idlibparse.document import Document

SEED = Path(__file__).resolve().parents[1] / "seeds" / "idlib-reuters-2020-02-08.txt"


@pytest.fixture(scope="module")
def seed() -> Document:
    return Document.build(SEED.read_text(encoding="utf-8"), source=str(SEED))


def _section_texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sections if s.kind == kind]


def test_seed_sections(seed: Document) -> None:
    assert seed.title == "Turkey reinforces troops in Syria's Idlib, talks with Russia"
    assert _section_texts(seed, "dateline") == ["AZAZ, Syria (Reuters) –"]
    captions = _section_texts(seed, "caption")
    assert len(captions) == 1
    assert captions[0].startswith("FILE PHOTO: Trucks carry belongings")
    assert captions[0].endswith("REUTERS/Mahmoud Hassano/File Photo")
    credits = _section_texts(seed, "credits")
    assert len(credits) == 1
    assert credits[0].startswith("Reporting by Khalil Ashawi in Azaz")
    boilerplate = _section_texts(seed, "boilerplate")
    assert boilerplate == ["Our Standards:The Thomson Reuters Trust Principles.", "source: reuters.com"]
    assert seed.section_at(seed.text.index("Witnesses at the border")) == "body"


def test_seed_dateline(seed: Document) -> None:
    assert seed.dateline is not None
    assert seed.dateline.place == "Azaz"
    assert seed.dateline.agency == "Reuters"
    assert seed.text[seed.dateline.start : seed.dateline.end] == seed.dateline.text


def test_seed_ref_date_from_file_name(seed: Document) -> None:
    assert seed.ref_date == dt.date(2020, 2, 8)
    assert seed.ref_date_source == "filename"


def test_explicit_ref_date_wins(seed: Document) -> None:
    doc = Document.build(seed.text, source=str(SEED), ref_date=dt.date(2021, 1, 1), ref_date_source="option")
    assert (doc.ref_date, doc.ref_date_source) == (dt.date(2021, 1, 1), "option")


def test_no_ref_date_without_evidence() -> None:
    doc = Document.build("Eight soldiers were killed on Monday.\n")
    assert doc.ref_date is None
    assert doc.ref_date_source is None


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("BEIRUT, Feb 8, 2020 (Reuters) - Shelling continued.", dt.date(2020, 2, 8), "dateline"),
        ("Title\n\nPublished: 8 February 2020\n\nShelling continued.", dt.date(2020, 2, 8), "metadata"),
        ("Title\n\n2020-02-08 14:05 GMT\n\nShelling continued.", dt.date(2020, 2, 8), "metadata"),
        ("Title\n\nUpdated: February 9, 2020\n\nShelling continued.", dt.date(2020, 2, 9), "metadata"),
    ],
)
def test_ref_date_from_text(text: str, expected: dt.date, source: str) -> None:
    doc = Document.build(text)
    assert (doc.ref_date, doc.ref_date_source) == (expected, source)


def test_relative_update_line_is_not_a_date() -> None:
    doc = Document.build("Title\n\nUpdated 3 hours ago\n\nShelling continued on Monday.")
    assert doc.ref_date is None


def test_impossible_file_name_date_is_ignored() -> None:
    doc = Document.build("Shelling continued.", source="reports/2020-13-45-idlib.txt")
    assert doc.ref_date is None


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("KABUL (AP) — Gunmen attacked a checkpoint.", "Kabul", "AP"),
        ("DAMASCUS, Syria — Shelling hit the suburbs.", "Damascus", None),
        ("SANAA, Yemen (AFP) - Air strikes hit the port.", "Sanaa", "AFP"),
        ("NEW YORK (Reuters) - The council met.", "New York", "Reuters"),
        ("ISTANBUL/BEIRUT (Reuters) - Talks resumed.", "Istanbul/Beirut", "Reuters"),
    ],
)
def test_datelines(line: str, place: str, agency: str | None) -> None:
    doc = Document.build(line)
    assert doc.dateline is not None
    assert (doc.dateline.place, doc.dateline.agency) == (place, agency)
    assert doc.section_at(0) == "dateline"


def test_ordinary_first_sentence_is_no_dateline() -> None:
    doc = Document.build("Turkey said on Monday it would respond. Officials met in Ankara.")
    assert doc.dateline is None


def test_sentences_do_not_break_after_abbreviations() -> None:
    text = "Gen. Joseph Votel visited the U.S. base on Jan. 5. He said 10 people died. Officials agreed."
    doc = Document.build(text)
    got = [text[a:b] for a, b in doc.sentences]
    assert got == [
        "Gen. Joseph Votel visited the U.S. base on Jan. 5.",
        "He said 10 people died.",
        "Officials agreed.",
    ]


def test_sentences_and_paragraphs_stay_inside_the_text() -> None:
    text = "  First paragraph here.  \n\n\nSecond one? Yes!\n"
    doc = Document.build(text)
    assert [text[a:b] for a, b in doc.paragraphs] == ["First paragraph here.", "Second one? Yes!"]
    assert [text[a:b] for a, b in doc.sentences] == ["First paragraph here.", "Second one?", "Yes!"]
    assert doc.sentence_at(text.index("Yes")) == doc.sentences[-1]
    assert doc.paragraph_at(1) is None


def test_empty_text() -> None:
    doc = Document.build("")
    assert doc.sections == ()
    assert doc.sentences == ()
    assert doc.section_at(0) == "body"


def test_parse_file_reads_like_the_command_line(tmp_path: Path) -> None:
    import idlibparse

    result = idlibparse.parse_file(SEED)
    assert result.ref_date == "2020-02-08"
    assert result.id == str(SEED)
    legacy = tmp_path / "2020-02-08-legacy.txt"
    legacy.write_bytes("Caf\u00e9 shelled on Monday.".encode("cp1252"))
    dated = idlibparse.parse_file(legacy)
    assert dated.dates[0].value == "2020-02-03"
    for bad, reason in [(tmp_path / "missing.txt", "missing"), (tmp_path / "empty.txt", "empty")]:
        if reason == "empty":
            bad.write_bytes(b"")
        with pytest.raises(idlibparse.InputFileError, match=bad.name):
            idlibparse.parse_file(bad)
