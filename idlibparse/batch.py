"""Parsing a stream of inputs, serially or on worker processes, with results in input order.

``Batch(items, options, jobs)`` takes what ``inputs.read_inputs`` yields and gives back one
``Parsed`` or ``Failed`` per item, in the order of the items, each as soon as it and every item
before it are done. With several workers at most a bounded window of articles is in flight (by
count and by size), so memory stays bounded however long the stream is. A failure of one input
(unreadable, or an error inside the rules) becomes a ``Failed`` outcome: nothing is lost and the
batch goes on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from types import TracebackType
from typing import TYPE_CHECKING, Any

from idlibparse.inputs import Article, InputError, Item

if TYPE_CHECKING:  # worker processes are loaded only for batches that use them
    from concurrent.futures import Future, ProcessPoolExecutor

# With jobs left to choose: this many articles (or this much text in at least two) seen ahead
# mean "many inputs", worth starting one worker per core.
MANY_ARTICLES = 8
MANY_CHARS = 1_000_000
# The window of articles in flight with workers: per worker, and in characters of text overall.
IN_FLIGHT_PER_JOB = 8
IN_FLIGHT_CHARS = 32_000_000


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What every article is parsed with: the kinds wanted and a reference date that overrides
    any other (``--ref-date``)."""

    only: tuple[str, ...] | None = None
    ref_date: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    where: str
    record: dict[str, Any]
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Failed:
    where: str
    message: str
    warnings: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Outcome = Parsed | Failed


def parse_article(article: Article, options: ParseOptions) -> Outcome:
    """Parse one article into its record; an error inside the rules fails this article only."""
    from idlibparse.pipeline import parse

    ref_date: str | None
    if options.ref_date:
        ref_date, ref_source = options.ref_date, "option"
    else:
        ref_date, ref_source = article.ref_date, article.ref_date_source or "record"
    try:
        result = parse(
            article.text,
            ref_date=ref_date,
            id=article.id,
            source=article.source,
            only=options.only,
            ref_date_source=ref_source,
        )
        return Parsed(article.where, result.to_dict(), article.warnings)
    except Exception as exc:  # a bug in one rule must not stop a batch of thousands
        message = f"could not be parsed ({type(exc).__name__}: {exc})"
        return Failed(article.where, message, article.warnings)


def outcome_of(item: Item, options: ParseOptions) -> Outcome:
    if isinstance(item, InputError):
        return Failed(item.where, item.message)
    return parse_article(item, options)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Batch:
    """Outcomes of ``items`` in order; use as a context manager so workers are shut down.

    ``jobs``: worker processes; None chooses the number of cores when the first items show
    many inputs, else 1. ``several`` tells whether more than one item came in.
    """

    def __init__(self, items: Iterable[Item], options: ParseOptions, jobs: int | None = None) -> None:
        stream = iter(items)
        head = _look_ahead(stream)
        self.options = options
        self.several = len(head) > 1
        self.jobs = jobs if jobs is not None else _default_jobs(head)
        self._items: Iterator[Item] = chain(head, stream)
        self._pool: ProcessPoolExecutor | None = None
        if self.jobs > 1 and len(head) > 1:
            self._pool = _start_pool(self.jobs, options)

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(cancel=error is not None)

    def close(self, cancel: bool = False) -> None:
        """Shut the workers down; with ``cancel`` (an error, Ctrl-C) at once, not after the
        articles in flight (one can take long)."""
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
            return (outcome_of(item, self.options) for item in self._items)
        return _in_order(self._pool, self._items, self.options, self.jobs * IN_FLIGHT_PER_JOB)


def _look_ahead(stream: Iterator[Item]) -> list[Item]:
    """The first items, enough to tell one input from many (bounded in count and in text)."""
    head: list[Item] = []
    chars = 0
    for item in islice(stream, MANY_ARTICLES):
        head.append(item)
        chars += len(item.text) if isinstance(item, Article) else 0
        if chars >= MANY_CHARS and len(head) > 1:
            break
    return head


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
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_leave_interrupts_to_the_parent)
    warm = [pool.submit(_warm_up, options) for _ in range(jobs)]  # starts the workers
    del warm
    return pool


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches the whole process group; the parent stops the pool, so workers ignore it
    (instead of each printing a traceback), and are ended by SIGTERM as usual."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm_up(options: ParseOptions) -> None:
    from idlibparse.pipeline import parse

    parse("Warm-up.", ref_date="2020-01-01", only=options.only)


def _in_order(
    pool: ProcessPoolExecutor, items: Iterator[Item], options: ParseOptions, max_items: int
) -> Iterator[Outcome]:
    """Submit items to ``pool`` while the window has room; yield finished heads in order."""
    window: deque[_Pending] = deque()
    chars = 0
    for item in items:
        window.append(_submit(pool, item, options))
        chars += window[-1].size
        while window and (len(window) > max_items or chars > IN_FLIGHT_CHARS or window[0].ready()):
            head = window.popleft()
            chars -= head.size
            yield head.outcome()
    while window:
        yield window.popleft().outcome()


@dataclass(frozen=True, slots=True)
class _Pending:
    """An item in the window: its outcome, or the future that will give it."""

    where: str
    size: int
    value: Future[Outcome] | Outcome

    def ready(self) -> bool:
        return isinstance(self.value, Parsed | Failed) or self.value.done()

    def outcome(self) -> Outcome:
        if isinstance(self.value, Parsed | Failed):
            return self.value
        try:
            return self.value.result()
        except Exception as exc:  # a worker died (killed, out of memory): this input is lost, say so
            return Failed(self.where, f"could not be parsed (worker failed: {type(exc).__name__}: {exc})")


def _submit(pool: ProcessPoolExecutor, item: Item, options: ParseOptions) -> _Pending:
    if isinstance(item, InputError):
        return _Pending(item.where, 0, Failed(item.where, item.message))
    try:
        future = pool.submit(parse_article, item, options)
    except RuntimeError as exc:  # the pool broke (a worker was killed): report, go on
        failed = Failed(item.where, f"could not be parsed (worker pool failed: {exc})", item.warnings)
        return _Pending(item.where, 0, failed)
    return _Pending(item.where, len(item.text), future)
