"""Reading a stream of inputs ahead of the parser, so that articles can be parsed in chunks.

A chunk is parsed faster than the same articles one by one (see ``pipeline.parse_documents``),
but a chunk must never wait for input that has not arrived: records from a pipe that trickles
are written one by one, as they come. ``ReadAhead`` reads the items on a thread into a buffer
bounded in count and in text, and ``take`` hands over what is already there.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from idlibparse.inputs import Article, Item


def size(item: Item) -> int:
    """The characters of text an item carries (0 for an input that failed)."""
    return len(item.text) if isinstance(item, Article) else 0


def chunked(items: Iterable[Item], max_items: int, max_chars: int) -> Iterator[list[Item]]:
    """Consecutive chunks of at most ``max_items`` items, ending at the item that reaches
    ``max_chars`` of text, for a source that never keeps its reader waiting (a file)."""
    chunk: list[Item] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += size(item)
        if len(chunk) >= max_items or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class ReadAhead:
    """The items of ``items``, read on a daemon thread into a buffer of at most ``max_items``
    items and ``max_chars`` characters of text. The reader waits for room before it reads an
    item, so the item that fills the buffer may overflow it, and two items are let in whatever
    their size.

    An error raised while reading is raised again by ``take`` once the items before it are
    taken. ``close`` releases a reader waiting for room (a reader waiting for input stays
    blocked until the input ends, as a daemon thread that does not hold the process open).
    """

    def __init__(self, items: Iterable[Item], max_items: int, max_chars: int) -> None:
        self._max_items = max_items
        self._max_chars = max_chars
        self._buffer: deque[Item] = deque()
        self._chars = 0
        self._read = 0  # items read so far
        self._parked = False  # the reader waits for room: it is not reading the input
        self._ended = False
        self._closed = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(
            target=self._run, args=(iter(items),), name="idlibparse-reader", daemon=True
        )
        self._thread.start()

    def _run(self, items: Iterator[Item]) -> None:
        error: BaseException | None = None
        try:
            while self._wait_for_room():
                item = next(items, None)
                if item is None:
                    break
                self._add(item)
        except BaseException as exc:  # handed to the consumer, who decides what it means
            error = exc
        with self._changed:
            self._ended = True
            self._error = error
            self._changed.notify_all()

    def _wait_for_room(self) -> bool:
        """Wait until the buffer has room for one more item; False once the consumer closed."""
        with self._changed:
            while not self._closed and self._full():
                self._parked = True
                self._changed.notify_all()
                self._changed.wait()
            self._parked = False
            return not self._closed

    def _full(self) -> bool:
        count = len(self._buffer)
        return count >= self._max_items or (self._chars >= self._max_chars and count >= 2)

    def _add(self, item: Item) -> None:
        with self._changed:
            if not self._closed:
                self._buffer.append(item)
                self._chars += size(item)
                self._read += 1
                self._changed.notify_all()

    def settle(self, timeout: float | None) -> bool:
        """Wait until the buffer is full (the reader then waits for room, reading nothing) or
        the input has ended; False when ``timeout`` seconds passed first: the input is slow or
        stalled."""
        with self._changed:
            return self._changed.wait_for(lambda: self._ended or (self._parked and self._full()), timeout)

    def widen(self, max_items: int, max_chars: int) -> None:
        """Let the buffer grow to new bounds (the reader goes on at once)."""
        with self._changed:
            self._max_items = max_items
            self._max_chars = max_chars
            self._changed.notify_all()

    def count_read(self, at_least: int, timeout: float | None = None) -> int:
        """How many items have been read, once ``at_least`` have been or the input has ended
        (or ``timeout`` seconds have passed)."""
        with self._changed:
            self._changed.wait_for(lambda: self._read >= at_least or self._ended, timeout)
            return self._read

    def known_count(self) -> int | None:
        """How many items the input holds, if it has ended; else None (without waiting)."""
        return self._read if self._ended else None

    def waiting(self) -> list[Item]:
        """The items read and not yet taken."""
        with self._changed:
            return list(self._buffer)

    def buffered(self) -> int:
        """How many items are waiting to be taken."""
        return len(self._buffer)

    def take(
        self, max_items: int, max_chars: int, wake: Callable[[], bool] = lambda: False
    ) -> list[Item] | None:
        """Wait until an item is there, then take the items already read, up to ``max_items``
        and up to the one that reaches ``max_chars`` of text. Returns an empty list when
        ``wake()`` became true first (see ``notify``), and None once the items are over."""
        with self._changed:
            while not self._buffer and not self._ended and not wake():
                self._changed.wait()
            if not self._buffer:
                if self._ended and self._error is not None:
                    error, self._error = self._error, None
                    raise error
                return None if self._ended else []
            chunk: list[Item] = []
            chars = 0
            while self._buffer and len(chunk) < max_items and chars < max_chars:
                item = self._buffer.popleft()
                chunk.append(item)
                chars += size(item)
            self._chars -= chars
            self._changed.notify_all()
            return chunk

    def notify(self) -> None:
        """Make a waiting ``take`` look at its ``wake`` condition again (called from any thread)."""
        with self._changed:
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._buffer.clear()
            self._chars = 0
            self._changed.notify_all()
