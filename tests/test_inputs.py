"""Reading inputs: files, directories, JSON Lines records, decoding, and every kind of bad input,
each an InputError naming it while the other inputs are still read."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.inputs import (
    DEFAULT_MAX_BYTES,
    Article,
    InputError,
    Item,
    ReadOptions,
    _jsonl_records,
    decode,
    one_line,
    read_inputs,
    read_seeds,
    record_date,
    record_item,
)

STORY = "BEIRUT (Reuters) - Two rockets hit the port of Tartus on Sunday, a monitor said.\n"


def _read(paths: list[Path | str], **options: object) -> list[Item]:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def _articles(items: list[Item]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _errors(items: list[Item]) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def test_a_text_file_is_one_article_named_by_its_path_as_given(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (item,) = _read([path])
    assert isinstance(item, Article)
    assert item.text == STORY
    assert item.id == item.source == item.where == str(path)
    assert item.ref_date is None
    assert item.warnings == ()


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    (item,) = _articles(_read([path]))
    assert item.text == STORY


def test_broken_utf8_falls_back_to_cp1252_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"The caf\xe9 in Aleppo \x93burned\x94 on Friday.")
    (item,) = _articles(_read([path]))
    assert item.text == "The café in Aleppo “burned” on Friday."
    assert len(item.warnings) == 1
    assert str(path) in item.warnings[0]
    assert "cp1252" in item.warnings[0]


def test_decode_keeps_offsets_one_character_per_undefined_byte() -> None:
    text, warning = decode(b"a\x81b")  # 0x81 is undefined in cp1252
    assert text == "a\ufffdb"
    assert warning is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only white space"),
        (b"%PDF-1.4\x00\x01\x02binary", "binary file"),
    ],
)
def test_unusable_text_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (error,) = _errors(_read([path]))
    assert error.startswith(f"{path}: ")
    assert message in error


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    assert _errors(_read([missing])) == [f"{missing}: no such file or directory"]


def test_file_over_max_bytes_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(STORY * 10, encoding="utf-8")
    (error,) = _errors(_read([path], max_bytes=100))
    assert str(path) in error
    assert "--max-bytes" in error
    assert "100" in error
    assert _articles(_read([path], max_bytes=0))  # 0: no limit
    assert DEFAULT_MAX_BYTES >= 10_000_000  # a 10 MB article is parsed by default


def test_directory_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/c.txt", "notes.md", ".hidden/x.txt", "a/.y.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STORY, encoding="utf-8")
    items = _read([tmp_path])
    assert [a.id for a in _articles(items)] == [str(tmp_path / n) for n in ("a/c.txt", "a/z.txt", "b.txt")]
    assert [a.id for a in _articles(_read([tmp_path], glob="*.md"))] == [str(tmp_path / "notes.md")]


def test_directory_without_matching_files(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing", encoding="utf-8")
    (error,) = _errors(_read([tmp_path]))
    assert error.startswith(f"{tmp_path}: ")
    assert "'*.txt'" in error


def test_bad_inputs_do_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = _read([empty, tmp_path / "missing.txt", good])
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]


# --- JSON Lines ----------------------------------------------------------------------------------


def _jsonl(tmp_path: Path, lines: list[str], name: str = "records.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_carry_their_id_and_date(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        [
            json.dumps({"id": "r1", "text": "Shelling on Monday.", "dct": "2020-02-08"}),
            "",
            json.dumps(
                {"id": 7, "text": "Talks on Friday.", "date": "2020-02-09T10:00:00Z", "dct": "1999-01-01"}
            ),
            json.dumps({"text": "No id, no date."}),
        ],
    )
    first, second, third = _articles(_read([path]))
    assert (first.id, first.ref_date, first.ref_date_source, first.source) == (
        "r1",
        "2020-02-08",
        "record",
        str(path),
    )
    assert (second.id, second.ref_date) == ("7", "2020-02-09")  # date comes before dct
    assert (third.id, third.ref_date, third.ref_date_source) == (f"{path}:4", None, None)
    assert third.where == f"{path}:4"


def test_jsonl_field_options(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [json.dumps({"key": "k1", "body": "Text here.", "when": "2021-03-04"})], "in.txt")
    options = {"text_field": "body", "id_field": "key", "date_field": "when", "input_format": "jsonl"}
    (item,) = _articles(_read([path], **options))
    assert (item.id, item.text, item.ref_date) == ("k1", "Text here.", "2021-03-04")


def test_jsonl_bad_lines_name_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "First."}),
            '{"id": "b", "text": ',
            json.dumps({"id": "c", "body": "No text field."}),
            json.dumps({"id": "d", "text": 42}),
            "[1, 2]",
            json.dumps({"id": "e", "text": "Last."}),
        ],
    )
    items = _read([path])
    assert [a.id for a in _articles(items)] == ["a", "e"]
    errors = _errors(items)
    assert errors[0].startswith(f"{path}:2: malformed JSON")
    assert errors[1] == f"{path}:3: record has no 'text' field"
    assert errors[2].startswith(f"{path}:4: ")
    assert "not a string" in errors[2]
    assert errors[3] == f"{path}:5: not a JSON object but an array"


def test_jsonl_unusable_date_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [json.dumps({"id": "a", "text": "Body.", "dct": "yesterday"})])
    (item,) = _articles(_read([path]))
    assert item.ref_date is None
    assert item.warnings
    assert f"{path}:1" in item.warnings[0]
    assert "dct" in item.warnings[0]


def test_jsonl_broken_utf8_line_is_read_as_cp1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    (item,) = _articles(_read([path]))
    assert item.text == "café"
    assert f"{path}:1" in item.warnings[0]


def test_jsonl_record_over_max_bytes_is_skipped_and_the_next_is_read(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        [json.dumps({"id": "big", "text": "x" * 5000}), json.dumps({"id": "small", "text": "Short."})],
    )
    items = _read([path], max_bytes=1000)
    assert [a.id for a in _articles(items)] == ["small"]
    (error,) = _errors(items)
    assert error.startswith(f"{path}:1: ")
    assert "--max-bytes" in error


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\n\n  \n", "no records"), (b'{"text": "a\x00b"}\n\x00\x00', "binary")],
)
def test_jsonl_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    (error,) = _errors(_read([path]))
    assert error.startswith(f"{path}")
    assert message in error


class _CountingStream(io.BytesIO):
    """Counts how many lines have been taken from the stream."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(-1 if size is None else size)


def test_jsonl_is_streamed_record_by_record() -> None:
    lines = b"".join(
        json.dumps({"id": str(i), "text": f"Report {i}."}).encode() + b"\n" for i in range(10_000)
    )
    stream = _CountingStream(lines)
    records: Iterator[Item] = _jsonl_records(stream, "big.jsonl", ReadOptions())
    first = next(records)
    assert isinstance(first, Article)
    assert first.id == "0"
    assert stream.lines_read == 1  # nothing read ahead


# --- the sample articles --------------------------------------------------------------------------


def test_packaged_seeds_are_read() -> None:
    items = list(read_seeds())
    articles = _articles(items)
    assert articles
    assert not _errors(items)
    assert articles[0].id == "seeds/idlib-reuters-2020-02-08.txt"
    assert "Idlib" in articles[0].text


def test_one_line_messages() -> None:
    assert one_line("a\nb\rc") == "a\\nb\\rc"


# --- compressed files ---------------------------------------------------------------------------


def test_gzipped_json_lines_and_text(tmp_path: Path) -> None:
    records = tmp_path / "archive.jsonl.gz"
    with gzip.open(records, "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": f"g{i}", "text": STORY}) + "\n")
    story = tmp_path / "story.txt.gz"
    story.write_bytes(gzip.compress(STORY.encode("utf-8")))
    items = _read([records, story])
    assert [a.id for a in _articles(items)] == ["g0", "g1", "g2", str(story)]
    assert _articles(items)[3].text == STORY
    assert [a.id for a in _articles(_read([tmp_path], glob="*.gz"))] == ["g0", "g1", "g2", str(story)]


def test_damaged_gzip_is_an_error_after_the_records_before_the_damage(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"r{i}", "text": STORY * 20}) + "\n" for i in range(200))
    whole = gzip.compress(lines.encode("utf-8"))
    damaged = tmp_path / "cut.jsonl.gz"
    damaged.write_bytes(whole[: len(whole) // 2])
    not_gzip = tmp_path / "plain.txt.gz"
    not_gzip.write_bytes(STORY.encode("utf-8"))
    items = _read([damaged, not_gzip])
    assert 0 < len(_articles(items)) < 200
    errors = _errors(items)
    assert len(errors) == 2
    assert errors[0].startswith(f"{damaged}: stopped part way: ")
    assert errors[1].startswith(f"{not_gzip}: cannot read")


def test_gzipped_text_over_max_bytes_once_decompressed(tmp_path: Path) -> None:
    story = tmp_path / "long.txt.gz"
    story.write_bytes(gzip.compress((STORY * 100).encode("utf-8")))
    (error,) = _errors(_read([story], max_bytes=1000))
    assert "decompressed file is over the --max-bytes limit of 1,000 bytes" in error


# --- records are read as the standard library's json reads them ------------------------------


def test_jsonl_values_orjson_would_change_or_refuse_are_read_as_json_reads_them(tmp_path: Path) -> None:
    big = 123456789012345678901234567890  # beyond 64 bits: orjson alone would make it a float
    path = _jsonl(
        tmp_path,
        [
            f'{{"id": {big}, "text": "Shelling on Monday."}}',
            '{"id": "nan", "text": "Talks on Friday.", "score": NaN}',
            '{"id": "surrogate", "text": "Lone \\ud800 half."}',
            f'{{"id": "date", "text": "Body.", "dct": {big}}}',
            '{"id": 2.5, "text": "A float id."}',
            '{"id": "huge", "text": "Body.", "weight": 1e400}',
        ],
    )
    items = _read([path])
    assert _errors(items) == []
    by_id = {a.id: a for a in _articles(items)}
    assert str(big) in by_id
    assert by_id["surrogate"].text == "Lone \ud800 half."
    assert by_id["date"].warnings == (f"{path}:4: ignored 'dct' {str(big)[:40]}: not a YYYY-MM-DD date",)
    assert set(by_id) == {str(big), "nan", "surrogate", "date", "2.5", "huge"}


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "text", "dct", "date", "published", "extra"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
            ),
            max_leaves=6,
        ),
    )
)
def test_a_record_is_read_as_json_loads_reads_it(record: dict[str, object]) -> None:
    line = json.dumps(record)
    item = record_item(line.encode("utf-8", "surrogatepass"), "in.jsonl", 1, ReadOptions())
    expected = json.loads(line)
    if isinstance(item, Article):
        ref_date, warning = record_date(expected, None)
        assert item.text == expected["text"]
        assert item.id == ("in.jsonl:1" if expected.get("id") is None else str(expected["id"]))
        assert (item.ref_date, item.warnings) == (ref_date, (f"in.jsonl:1: {warning}",) if warning else ())
    else:
        assert not isinstance(expected.get("text"), str)
