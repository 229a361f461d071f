"""Parsing in chunks: the same records as one article at a time, inputs read ahead on a thread
without holding up a stream that trickles, and errors kept to their own article."""

from __future__ import annotations

import dataclasses
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from idlibparse import pipeline, records
from idlibparse.batch import Batch, Failed, Parsed, ParseOptions, outcomes_of
from idlibparse.document import Document
from idlibparse.inputs import Article, InputError, Item
from idlibparse.readahead import ReadAhead, chunked

CASES = Path(__file__).parent / "cases"
SEED = Path(__file__).parents[1] / "seeds" / "idlib-reuters-2020-02-08.txt"


def _texts() -> list[str]:
    """Every test sentence of every kind, and the seed article."""
    texts = [SEED.read_text(encoding="utf-8")]
    for kind in ("numbers", "dates", "places", "quotes"):
        texts += [case["text"] for case in json.loads((CASES / f"{kind}.json").read_text(encoding="utf-8"))]
    return texts


def _article(i: int, text: str) -> Article:
    return Article(text=text, id=f"a-{i}", source=f"a-{i}", where=f"a-{i}", ref_date="2020-02-08")


def test_a_chunk_gives_what_each_article_gives_alone() -> None:
    docs = [Document.build(text, id=str(i)) for i, text in enumerate(_texts())]
    alone = [pipeline.parse_document(Document.build(d.text, id=d.id)).to_dict() for d in docs]
    assert [r.to_dict() for r in pipeline.parse_documents(docs)] == alone
    assert sum(len(r["numbers"]) + len(r["quotes"]) for r in alone) > 300  # a real test of every kind


@pytest.mark.parametrize("only", [("numbers",), ("places", "quotes")])
def test_a_chunk_of_some_kinds_gives_what_each_article_gives_alone(only: tuple[str, ...]) -> None:
    texts = _texts()[:60]
    chunk = pipeline.parse_documents([Document.build(t) for t in texts], only)
    assert [r.to_dict() for r in chunk] == [pipeline.parse(t, only=only).to_dict() for t in texts]


def test_an_error_in_a_chunk_fails_its_own_article_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extractor

    def fragile(kind: str) -> Callable[[Document], list[Any]]:
        def extract(doc: Document) -> list[Any]:
            if kind == "places" and "Kandahar" in doc.text:
                raise ValueError("rule exploded")
            return real(kind)(doc)

        return extract

    monkeypatch.setattr(pipeline, "extractor", fragile)
    items: list[Item] = [
        _article(0, "Two people were killed in Homs on Monday."),
        InputError("bad.txt", "empty file"),
        _article(2, "A bomb went off in Kandahar."),
        _article(3, "Ten civilians died in Aleppo."),
        Article(text="Bad date.", id="d", source="d", where="d", ref_date="2020-99-01"),
    ]
    outcomes = outcomes_of(items, ParseOptions())
    assert [o.where for o in outcomes] == ["a-0", "bad.txt", "a-2", "a-3", "d"]
    assert [type(o) for o in outcomes] == [Parsed, Failed, Failed, Parsed, Failed]
    assert str(outcomes[1]) == "bad.txt: empty file"
    assert str(outcomes[2]) == "a-2: could not be parsed (ValueError: rule exploded)"
    assert str(outcomes[4]).startswith("d: could not be parsed (ValueError: ")
    assert isinstance(outcomes[3], Parsed)
    assert [p["name"] for p in outcomes[3].record["places"]] == ["Aleppo"]


def test_records_as_json_lines_are_the_records() -> None:
    items: list[Item] = [_article(i, text) for i, text in enumerate(_texts()[:40])]
    plain = outcomes_of(items, ParseOptions())
    lines = outcomes_of(items, ParseOptions(json_lines=True))
    assert all(isinstance(o, Parsed) and isinstance(o.content, str) for o in lines)
    assert [o.record for o in lines if isinstance(o, Parsed)] == [
        o.record for o in plain if isinstance(o, Parsed)
    ]
    assert [o.line for o in lines if isinstance(o, Parsed)] == [
        o.line for o in plain if isinstance(o, Parsed)
    ]


def test_a_record_json_cannot_hold_fails_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    real = records.Result.to_dict

    def with_nan(self: records.Result) -> dict[str, Any]:
        if self.id != "a-1":
            return real(self)
        first = dataclasses.replace(self.numbers[0], value=float("nan"))
        return real(dataclasses.replace(self, numbers=(first, *self.numbers[1:])))

    monkeypatch.setattr(records.Result, "to_dict", with_nan)
    items: list[Item] = [_article(i, f"{i + 2} people were killed.") for i in range(3)]
    outcomes = outcomes_of(items, ParseOptions(json_lines=True))
    assert [type(o) for o in outcomes] == [Parsed, Failed, Parsed]
    assert str(outcomes[1]).startswith("a-1: could not be parsed (ValueError: nan is not a finite number")


# --- chunks and the read-ahead -------------------------------------------------------------------


def _items(sizes: list[int]) -> list[Item]:
    return [Article(text="x" * n, id=str(i), source=str(i), where=str(i)) for i, n in enumerate(sizes)]


def test_chunks_end_at_the_count_or_at_the_article_that_reaches_the_size() -> None:
    items = _items([1, 1, 1, 1, 1, 50, 1, 100, 1])
    assert [[i.where for i in c] for c in chunked(items, 3, 60)] == [
        ["0", "1", "2"],
        ["3", "4", "5"],
        ["6", "7"],  # a big article ends its chunk
        ["8"],
    ]
    assert list(chunked([], 3, 60)) == []


def test_read_ahead_takes_what_has_come_and_ends() -> None:
    items = _items([5] * 10)
    ahead = ReadAhead(items, max_items=100, max_chars=1000)
    taken: list[Item] = []
    while (chunk := ahead.take(4, 1000)) is not None:
        assert 1 <= len(chunk) <= 4
        taken += chunk
    assert taken == items
    assert ahead.take(4, 1000) is None


def test_read_ahead_reads_no_more_than_its_buffer_holds() -> None:
    read = 0

    def stream() -> Iterator[Item]:
        nonlocal read
        for item in _items([10] * 1000):
            read += 1
            yield item

    ahead = ReadAhead(stream(), max_items=100, max_chars=100)  # room for ten articles
    assert ahead.settle(timeout=30)  # full: the reader waits for room before it reads more
    time.sleep(0.2)  # time to read more, if the reader did not wait
    assert read == 10
    assert len(ahead.take(1000, 10**9) or []) == 10
    ahead.widen(max_items=1000, max_chars=10**9)
    assert ahead.settle(timeout=30)  # the input ended
    assert read == 1000
    assert ahead.known_count() == 1000
    ahead.close()


def test_read_ahead_settles_only_when_full_or_ended() -> None:
    gate = threading.Event()

    def stream() -> Iterator[Item]:
        yield from _items([1, 1, 1])
        gate.wait(timeout=60)
        yield from _items([1])

    ahead = ReadAhead(stream(), max_items=8, max_chars=1000)
    assert not ahead.settle(timeout=0.3)  # three items, and the input stalls: neither
    assert ahead.count_read(2) == 3
    assert ahead.known_count() is None
    gate.set()
    assert ahead.settle(timeout=30)
    assert ahead.known_count() == 4
    ahead.close()


def test_read_ahead_lets_a_big_article_in_alone() -> None:
    ahead = ReadAhead(_items([500, 1, 1]), max_items=10, max_chars=100)
    chunks = []
    while (chunk := ahead.take(10, 10**9)) is not None:
        chunks.append([i.where for i in chunk])
    assert [w for c in chunks for w in c] == ["0", "1", "2"]


def test_read_ahead_raises_a_reading_error_after_the_items_before_it() -> None:
    def stream() -> Iterator[Item]:
        yield from _items([3, 3])
        raise OSError("disk gone")

    ahead = ReadAhead(stream(), max_items=10, max_chars=100)
    taken: list[Item] = []

    def drain() -> None:
        while (chunk := ahead.take(10, 100)) is not None:
            taken.extend(chunk)

    with pytest.raises(OSError, match="disk gone"):
        drain()
    assert [i.where for i in taken] == ["0", "1"]


@pytest.mark.parametrize(("jobs", "before"), [(1, 10), (2, 10), (None, 3), (1, 3)])
def test_a_stalled_stream_gets_what_came_before_it_at_once(jobs: int | None, before: int) -> None:
    """A pipe that stops after a few records (tail -f of a log): those records are written
    while it waits, not when a chunk has filled or the next record has come. With the number
    of workers left to choose, a stream that stalls before the first eight items gets one."""
    articles: list[Item] = [_article(i, f"{i + 2} people were killed in Homs on Monday.") for i in range(12)]
    consumer_has_them = threading.Event()
    released = []

    def stream() -> Iterator[Item]:
        yield from articles[:before]
        released.append(consumer_has_them.wait(timeout=60))
        yield from articles[before:]

    with Batch(stream(), ParseOptions(), jobs=jobs) as batch:
        outcomes = iter(batch)
        first = [next(outcomes) for _ in range(before)]
        consumer_has_them.set()
        rest = list(outcomes)
        assert batch.jobs == (jobs or 1)
        assert batch.several
    assert released == [True]  # the first records came while the stream was stalled
    assert [o.where for o in first + rest] == [a.where for a in articles]
    assert all(isinstance(o, Parsed) for o in first + rest)


def test_one_input_is_single_and_not_several() -> None:
    with Batch([_article(0, "Two people were killed.")], ParseOptions(), jobs=1) as batch:
        assert batch.single
        assert not batch.several
        assert [o.where for o in batch] == ["a-0"]
    with Batch(_items([1, 1]), ParseOptions(), jobs=None) as batch:
        assert not batch.single
        assert batch.several


@pytest.mark.parametrize(("jobs", "sent"), [(["-j", "1"], 9), (["-j", "2"], 9), ([], 3)])
def test_the_command_line_writes_a_stalled_pipes_records_at_once(jobs: list[str], sent: int) -> None:
    """JSON Lines from a pipe that stalls (tail -f): the records already sent are written
    while the pipe waits, and Ctrl-C then ends the run with status 130, even though the
    reader thread is still waiting for the next line (the interpreter must not abort at exit).
    With ``-j 2`` the first eight inputs are awaited, to start the workers."""
    command = [
        sys.executable,
        "-m",
        "idlibparse",
        "parse",
        "-",
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
    ]
    with subprocess.Popen(
        [*command, *jobs], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        assert run.stdin is not None
        assert run.stdout is not None
        assert run.stderr is not None
        for i in range(sent):
            record = {"id": f"r{i}", "text": f"{i + 2} people were killed in Homs on Monday."}
            run.stdin.write((json.dumps(record) + "\n").encode())
        run.stdin.flush()  # and the pipe stays open
        lines: list[bytes] = []
        all_written = threading.Event()

        def read() -> None:
            for line in run.stdout:  # type: ignore[union-attr]
                lines.append(line)
                if len(lines) == sent:
                    all_written.set()

        threading.Thread(target=read, daemon=True).start()
        written = all_written.wait(timeout=60)
        run.send_signal(signal.SIGINT)
        status = run.wait(timeout=60)
        errors = run.stderr.read().decode()
    assert written, errors
    assert [json.loads(line)["id"] for line in lines] == [f"r{i}" for i in range(sent)]
    assert status == 130
    assert errors.strip() == "idlibparse: error: interrupted"
