"""Tables for people: a header (id, title, dateline, reference date) and one table per kind of
mention. Also the progress display of long batches. This is the only module that imports rich,
so a run writing JSON never pays for loading it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

KINDS: tuple[str, ...] = ("numbers", "dates", "places", "quotes")
QUOTE_WIDTH = 160  # longer quotes are cut with an ellipsis: the table is an overview
WIDTH_OFF_TERMINAL = 120  # rich's width when writing tables to a file or pipe

Cell = Callable[[dict[str, Any]], str]
# Columns of free text, wrapped to share the width; the others (values, codes) are never wrapped.
WRAPPED = frozenset({"text", "counted", "source", "name", "speaker", "quote", "province"})


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console writing to ``stream``; colours only when it is a terminal."""
    terminal = stream.isatty()
    return Console(
        file=stream,
        width=width or (None if terminal else WIDTH_OFF_TERMINAL),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


class TableWriter:
    """Writes each record as tables as soon as it comes."""

    def __init__(self, stream: TextIO, *, kinds: Sequence[str] = KINDS, width: int | None = None) -> None:
        self.console = console_for(stream, width)
        self.kinds = tuple(kinds)
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        if self.count:
            self.console.rule(style="dim")
        render(record, self.console, self.kinds)
        self.count += 1

    def close(self) -> None:
        self.console.file.flush()


def render(record: dict[str, Any], console: Console, kinds: Sequence[str] = KINDS) -> None:
    """Print one record: its header, then a table for each kind (or a line saying none)."""
    console.print(header(record))
    for kind in KINDS:
        if kind not in kinds:
            continue
        mentions: list[dict[str, Any]] = record.get(kind) or []
        if mentions:
            console.print(mention_table(kind, mentions))
        else:
            console.print(Text(f"{kind.capitalize()}: none found", style="dim"))


def header(record: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    dateline = record.get("dateline")
    ref_date = record.get("ref_date")
    rows = [
        ("id", record.get("id")),
        ("title", record.get("title")),
        ("dateline", _dateline(dateline) if dateline else None),
        ("ref date", f"{ref_date} ({record.get('ref_date_source')})" if ref_date else "none"),
    ]
    for label, value in rows:
        if value is not None:
            grid.add_row(Text(label), Text(str(value)))
    return grid


def _dateline(dateline: dict[str, Any]) -> str:
    parts = [p for p in (dateline.get("place"), dateline.get("agency")) if p]
    extra = f"  [{', '.join(parts)}]" if parts else ""
    return f"{dateline['text'].strip()}{extra}"


def mention_table(kind: str, mentions: list[dict[str, Any]]) -> Table:
    columns = COLUMNS[kind]
    table = Table(title=f"{kind.capitalize()} ({len(mentions)})", title_justify="left", box=box.SIMPLE_HEAD)
    for name, _ in columns:
        if name in WRAPPED:
            table.add_column(name, overflow="fold", ratio=1)
        else:
            table.add_column(name, no_wrap=True)
    for mention in mentions:
        table.add_row(*(Text(cell(mention)) for _, cell in columns))
    return table


# --- cells -----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{int(value):,}"


def _bounds(m: dict[str, Any]) -> str:
    """The interval when it says more than the value does ("500,000–…", "3–9")."""
    low, high = m.get("low"), m.get("high")
    if (low is None and high is None) or low == high:
        return ""
    return f"{_number(low) or '…'}–{_number(high) or '…'}"


def _span_text(value: Any) -> str:
    return _text(value.get("text")) if isinstance(value, dict) else _text(value)


def _speaker(m: dict[str, Any]) -> str:
    speaker = m.get("speaker")
    if not speaker:
        return ""
    resolved = speaker.get("resolved")
    return f"{speaker['text']} (= {resolved['text']})" if resolved else speaker["text"]


def _coordinates(m: dict[str, Any]) -> str:
    lat, lon = m.get("lat"), m.get("lon")
    return "" if lat is None or lon is None else f"{lat:.4f}, {lon:.4f}"


def _quote(m: dict[str, Any]) -> str:
    text = " ".join(str(m["text"]).split())
    return text if len(text) <= QUOTE_WIDTH else text[: QUOTE_WIDTH - 1] + "…"


def _field(key: str) -> Cell:
    return lambda m: _text(m.get(key))


COLUMNS: dict[str, list[tuple[str, Cell]]] = {
    "numbers": [
        ("text", _field("text")),
        ("value", lambda m: _number(m.get("value"))),
        ("bounds", _bounds),
        ("qualifier", _field("qualifier")),
        ("unit", _field("unit")),
        ("counted", _field("counted")),
        ("category", _field("category")),
        ("source", lambda m: _span_text(m.get("source"))),
    ],
    "dates": [
        ("text", _field("text")),
        ("value", _field("value")),
        ("type", _field("type")),
        ("mod", _field("mod")),
        ("section", _field("section")),
    ],
    "places": [
        ("text", _field("text")),
        ("name", _field("name")),
        ("type", _field("type")),
        ("country", _field("country_code")),
        ("province", _field("admin1")),
        ("lat, lon", _coordinates),
    ],
    "quotes": [
        ("kind", _field("kind")),
        ("speaker", _speaker),
        ("verb", _field("verb")),
        ("quote", _quote),
    ],
}


# --- progress --------------------------------------------------------------------------------------


class _Rate(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.1f} articles/s")


class ProgressDisplay:
    """A progress line on ``stream`` (standard error): articles done, articles per second,
    errors so far. Messages printed through it appear above the line instead of breaking it."""

    def __init__(self, stream: TextIO) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed:,} articles"),
            _Rate(),
            TextColumn("{task.fields[errors]:,} errors"),
            TimeElapsedColumn(),
            console=Console(file=stream, highlight=False, markup=False),
            transient=False,
            refresh_per_second=8,
        )
        self.task = self.progress.add_task("parse", total=None, errors=0)
        self.errors = 0

    def __enter__(self) -> ProgressDisplay:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.progress.stop()

    def advance(self, failed: bool = False) -> None:
        self.errors += failed
        self.progress.update(self.task, advance=1, errors=self.errors)

    def message(self, text: str) -> None:
        self.progress.console.print(Text(text), soft_wrap=True)
