"""Parsing a stream of inputs, serially or on worker processes, with results in input order.

``Batch(items, options, jobs)`` takes what ``inputs.read_inputs`` yields and gives back one
``Parsed`` or ``Failed`` per item, in the order of the items, each as soon as it and every item
before it are done. Articles are parsed in chunks of what has already been read (see
``readahead``), so a stream that trickles is never held up. With several workers at most a
bounded window of articles is in flight (by count and by size), so memory stays bounded however
long the stream is. A failure of one input (unreadable, or an error inside the rules) becomes a
``Failed`` outcome: nothing is lost and the batch goes on.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from idlibparse.inputs import Article, InputError, Item
from idlibparse.readahead import ReadAhead, size

if TYPE_CHECKING:  # worker processes are loaded only for batches that use them
    from concurrent.futures import Future, ProcessPoolExecutor

    from idlibparse.document import Document
    from idlibparse.records import Result

# With jobs left to choose: this many articles (or this much text in at least two) seen ahead
# mean "many inputs", worth starting one worker per core.
MANY_ARTICLES = 8
MANY_CHARS = 1_000_000
# How long to wait for those first items: an input slower than that is a stream that trickles.
LOOK_AHEAD_SECONDS = 0.5
# A chunk: at most this many articles, ending at the one that reaches this much text.
CHUNK_ARTICLES = 64
CHUNK_CHARS = 256_000
# Items read ahead of the parser, waiting to be taken into chunks.
READ_AHEAD_ITEMS = 2 * CHUNK_ARTICLES
READ_AHEAD_CHARS = 8_000_000
# The window of articles in flight with workers: per worker, and in characters of text overall.
IN_FLIGHT_PER_JOB = 2 * CHUNK_ARTICLES
IN_FLIGHT_CHARS = 32_000_000

# The collector's thresholds in a batch run: the first generation collected after 20,000 new
# containers (the interpreter's default is 700), the older ones more rarely still. Parsing makes
# many short-lived tuples and lists but no reference cycles (a corpus run leaves no cyclic
# garbage), so the default thresholds spend about a tenth of the time on collections that find
# nothing.
BATCH_COLLECTOR_THRESHOLDS = (20_000, 50, 100)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What every article is parsed with: the kinds wanted, a reference date that overrides any
    other (``--ref-date``), and whether records are wanted as lines of JSON (``json_lines``):
    then each is encoded where it was parsed, and a worker sends back one string instead of a
    nested dict, which costs the process that writes the output far less."""

    only: tuple[str, ...] | None = None
    ref_date: str | None = None
    json_lines: bool = False


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article's record: the dict of ``Result.to_dict()``, or its line of JSON (see
    ``ParseOptions.json_lines``); ``record`` and ``line`` give either form."""

    where: str
    content: dict[str, Any] | str
    warnings: tuple[str, ...] = field(default=())

    @property
    def record(self) -> dict[str, Any]:
        if isinstance(self.content, dict):
            return self.content
        return json.loads(self.content)  # type: ignore[no-any-return]

    @property
    def line(self) -> str:
        """The record as one line of strict JSON (no newline at its end)."""
        if isinstance(self.content, str):
            return self.content
        from idlibparse.render.serialize import dumps

        return dumps(self.content)


@dataclass(frozen=True, slots=True)
class Failed:
    where: str
    message: str
    warnings: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Outcome = Parsed | Failed


def parse_articles(articles: Sequence[Article], options: ParseOptions) -> list[Outcome]:
    """Parse articles into their records, with the records parsing each alone would give; an
    error inside the rules fails its own article only."""
    from idlibparse.document import Document
    from idlibparse.pipeline import parse_document, parse_documents

    docs = [_attempt(_document, article, options) for article in articles]
    built = [doc for doc in docs if isinstance(doc, Document)]
    try:
        results: Iterator[Result | Exception] = iter(parse_documents(built, options.only))
    except Exception:  # some article broke a rule: parse each alone, so only that one fails
        results = iter([_attempt(parse_document, doc, options.only) for doc in built])
    return [
        _outcome(article, next(results) if isinstance(doc, Document) else doc, options.json_lines)
        for article, doc in zip(articles, docs, strict=True)
    ]


def outcomes_of(items: Sequence[Item], options: ParseOptions) -> list[Outcome]:
    """One outcome per item, in order: inputs that failed to be read stay failed."""
    parsed = iter(parse_articles([item for item in items if isinstance(item, Article)], options))
    return [
        Failed(item.where, item.message) if isinstance(item, InputError) else next(parsed) for item in items
    ]


def _document(article: Article, options: ParseOptions) -> Document:
    from idlibparse.pipeline import build_document

    ref_date: str | None
    if options.ref_date:
        ref_date, ref_source = options.ref_date, "option"
    else:
        ref_date, ref_source = article.ref_date, article.ref_date_source or "record"
    return build_document(
        article.text, ref_date=ref_date, id=article.id, source=article.source, ref_date_source=ref_source
    )


def _attempt(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Exception:
    try:
        return func(*args, **kwargs)
    except Exception as exc:  # a bug in one rule must not stop a batch of thousands
        return exc


def _outcome(article: Article, result: Result | Exception, json_lines: bool) -> Outcome:
    if isinstance(result, Exception):
        return Failed(
            article.where, f"could not be parsed ({type(result).__name__}: {result})", article.warnings
        )
    record = _attempt(result.to_dict)
    if isinstance(record, Exception):
        return Failed(
            article.where, f"could not be parsed ({type(record).__name__}: {record})", article.warnings
        )
    if not json_lines:
        return Parsed(article.where, record, article.warnings)
    from idlibparse.render.serialize import dumps

    try:
        return Parsed(article.where, dumps(record), article.warnings)
    except (ValueError, TypeError) as exc:  # a value JSON cannot hold: this input fails
        return Failed(article.where, f"could not be written ({exc})", article.warnings)


def collect_less() -> None:
    """Set the collector's thresholds for a batch run (see BATCH_COLLECTOR_THRESHOLDS): for the
    process that runs the batch, such as the command line or a worker, not a library's caller."""
    import gc

    gc.set_threshold(*BATCH_COLLECTOR_THRESHOLDS)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Batch:
    """Outcomes of ``items`` in order; use as a context manager so workers are shut down.

    ``jobs``: worker processes; None chooses the number of cores when the first items show
    many inputs, else 1. The first items are read ahead to choose; an input that stalls before
    they have come (a pipe from ``tail -f``) gets one process, whose records come as its input
    does. ``several`` tells whether more than one item comes in.
    """

    def __init__(self, items: Iterable[Item], options: ParseOptions, jobs: int | None = None) -> None:
        self.options = options
        self._pool: ProcessPoolExecutor | None = None
        # Read ahead first only as far as choosing takes (see MANY_ARTICLES).
        self._ahead = ReadAhead(items, MANY_ARTICLES, MANY_CHARS)
        if jobs is None:
            settled = self._ahead.settle(LOOK_AHEAD_SECONDS)
            jobs = _default_jobs(self._ahead.waiting()) if settled else 1
        self.jobs = jobs
        if jobs > 1:
            # Workers are forked only while the reader waits for room (holding no lock of the
            # input), and only when there may be more than one input.
            self._ahead.settle(None)
            if self._ahead.known_count() not in (0, 1):
                self._pool = _start_pool(jobs, options)
        self._ahead.widen(READ_AHEAD_ITEMS, READ_AHEAD_CHARS)

    @property
    def several(self) -> bool:
        """Whether more than one item comes in (waits for a second item or the input's end)."""
        return self._ahead.count_read(2) > 1

    @property
    def single(self) -> bool:
        """Whether the input holds at most one item, as far as a short wait tells: an input
        still open after it counts as more than one."""
        return self._ahead.count_read(2, LOOK_AHEAD_SECONDS) < 2 and self._ahead.known_count() is not None

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(cancel=error is not None)

    def close(self, cancel: bool = False) -> None:
        """Shut the workers down; with ``cancel`` (an error, Ctrl-C) at once, not after the
        articles in flight (one can take long)."""
        self._ahead.close()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not cancel:
            pool.shutdown(wait=True)
            return
        workers = list(getattr(pool, "_processes", {}).values())  # no public way before 3.14
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)

    def __iter__(self) -> Iterator[Outcome]:
        if self._pool is None:
            return _serial(self._ahead, self.options)
        return _in_order(self._pool, self._ahead, self.options, self.jobs)


def _default_jobs(head: Sequence[Item]) -> int:
    chars = sum(len(item.text) for item in head if isinstance(item, Article))
    many = len(head) >= MANY_ARTICLES or (len(head) > 1 and chars >= MANY_CHARS)
    return available_cores() if many else 1


def _start_pool(jobs: int, options: ParseOptions) -> ProcessPoolExecutor:
    """Workers started now, before any display thread runs. Where processes are forked, the
    rules (word lists, patterns, gazetteer) are loaded once here and shared with every worker;
    elsewhere each worker loads them while the first articles are read."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:
        _warm_up(options)
        gc.freeze()  # keep the loaded objects out of collections, so pages stay shared
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)
    warm = [pool.submit(_warm_up, options) for _ in range(jobs)]  # starts the workers
    del warm
    return pool


def _start_worker() -> None:
    """A worker collects garbage as a batch run does. Ctrl-C reaches the whole process group;
    the parent stops the pool, so workers ignore it (instead of each printing a traceback), and
    are ended by SIGTERM as usual."""
    import signal

    collect_less()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm_up(options: ParseOptions) -> None:
    from idlibparse.pipeline import parse

    parse("Warm-up.", ref_date="2020-01-01", only=options.only)


def _serial(ahead: ReadAhead, options: ParseOptions) -> Iterator[Outcome]:
    while (chunk := ahead.take(CHUNK_ARTICLES, CHUNK_CHARS)) is not None:
        yield from outcomes_of(chunk, options)


def _in_order(
    pool: ProcessPoolExecutor, ahead: ReadAhead, options: ParseOptions, jobs: int
) -> Iterator[Outcome]:
    """Send chunks of what has been read to ``pool`` while the window has room; yield the
    outcomes of finished chunks at its head, in order, as soon as they are there."""
    window: deque[_Pending] = deque()
    articles = chars = 0

    def head_done() -> bool:
        return bool(window) and window[0].ready()

    while True:
        full = articles >= jobs * IN_FLIGHT_PER_JOB or chars >= IN_FLIGHT_CHARS
        if head_done() or (full and window):
            done = window.popleft()
            articles -= len(done.items)
            chars -= done.size
            yield from done.outcomes()
            continue
        # share what is waiting between the workers, so a short batch keeps them all busy; and
        # never more than the window has room for
        room = jobs * IN_FLIGHT_PER_JOB - articles
        per_chunk = max(1, min(CHUNK_ARTICLES, ahead.buffered() // jobs, room))
        chunk = ahead.take(per_chunk, CHUNK_CHARS, wake=head_done)
        if chunk is None:
            break
        if chunk:
            window.append(_submit(pool, chunk, options, ahead.notify))
            articles += len(chunk)
            chars += window[-1].size
    while window:
        yield from window.popleft().outcomes()


@dataclass(frozen=True, slots=True)
class _Pending:
    """A chunk in the window: its outcomes, or the future that will give them."""

    items: list[Item]
    size: int
    value: Future[list[Outcome]] | list[Outcome]

    def ready(self) -> bool:
        return isinstance(self.value, list) or self.value.done()

    def outcomes(self) -> list[Outcome]:
        if isinstance(self.value, list):
            return self.value
        try:
            return self.value.result()
        except Exception as exc:  # a worker died (killed, out of memory): these inputs are lost, say so
            return _failed(self.items, f"worker failed: {type(exc).__name__}: {exc}")


def _submit(
    pool: ProcessPoolExecutor, chunk: list[Item], options: ParseOptions, notify: Callable[[], None]
) -> _Pending:
    chars = sum(size(item) for item in chunk)
    try:
        future = pool.submit(outcomes_of, chunk, options)
    except RuntimeError as exc:  # the pool broke (a worker was killed): report, go on
        return _Pending(chunk, chars, _failed(chunk, f"worker pool failed: {exc}"))
    future.add_done_callback(lambda _: notify())
    return _Pending(chunk, chars, future)


def _failed(items: list[Item], reason: str) -> list[Outcome]:
    """Every article of a lost chunk failed for ``reason``; inputs that were unreadable say so."""
    return [
        Failed(item.where, item.message)
        if isinstance(item, InputError)
        else Failed(item.where, f"could not be parsed ({reason})", item.warnings)
        for item in items
    ]
