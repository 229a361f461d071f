"""The command line: ``idlibparse parse [PATH]...`` and ``idlibparse schema``.

Thin by design: inputs are read by ``idlibparse.inputs``, parsed by ``idlibparse.batch`` (which
calls the library's ``parse``), written by ``idlibparse.render``. Data goes to standard output
(or ``-o FILE``), messages to standard error; the exit codes are ``idlibparse.status``.
rich is loaded only to draw tables or a progress bar, the extractors only when parsing starts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from typer.core import TyperCommand, TyperGroup

from idlibparse.inputs import DEFAULT_MAX_BYTES, ReadOptions, one_line
from idlibparse.records import KINDS
from idlibparse.status import ExitStatus

if TYPE_CHECKING:
    from idlibparse.batch import Batch

PROG = "idlibparse"


class OutputFormat(StrEnum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


# --- option values without pydantic --------------------------------------------------------------
# typer (0.2x) converts every non-flag option through a pydantic TypeAdapter, and importing
# pydantic is the largest part of the start-up after the rules themselves (~70 ms of CPU).
# Our options are plain str, int, Path, Enum and list[str]: converted here directly, through
# typer's own hook for a parameter's converter. With a typer lacking that hook, or a type not
# handled here, typer converts as usual.
try:
    from typer._coercion import RuntimeParam
except ImportError:  # another typer: no shortcut
    RuntimeParam = None  # type: ignore[assignment,misc]


def _converter(annotation: Any, minimum: float | None) -> Callable[[Any], Any] | None:
    if annotation is str:
        return str
    if annotation is bool:
        return _flag
    if annotation is Path:
        return Path
    if annotation is int:
        return lambda value: _integer(value, minimum)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return lambda value: _choice(annotation, value)
    if annotation == list[str]:
        return lambda values: [str(v) for v in values]
    return None


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y", "t"):
        return True
    if text in ("0", "false", "no", "off", "n", "f", ""):
        return False
    raise ValueError(f"{value!r} is not a valid boolean")


def _integer(value: Any, minimum: float | None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a valid integer") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"{number} is not in the range x>={minimum}")
    return number


def _choice(kind: type[Enum], value: Any) -> Enum:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{value!r} is not one of {choices}") from None


if RuntimeParam is not None:

    @dataclasses.dataclass(frozen=True)
    class _Plain(RuntimeParam):
        convert: Callable[[Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), ctx=ctx, param=param) from None


class _Command(TyperCommand):
    """A typer command whose plain options are converted without loading pydantic."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _use_plain_converters(self.get_params(ctx))
        return super().parse_args(ctx, args)


class _Group(TyperGroup):
    """The same for the top level (its --version flag)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _use_plain_converters(self.get_params(ctx))
        return super().parse_args(ctx, args)


def _use_plain_converters(params: list[Any]) -> None:
    if RuntimeParam is not None:
        for param in params:
            _use_plain_converter(param)


def _use_plain_converter(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
        return
    if getattr(info, "max", None) is not None or getattr(info, "clamp", False):  # left to typer
        return
    convert = _converter(descriptor.annotation, getattr(info, "min", None))
    if convert is not None:
        param._runtime_param = _Plain(parameter_info=info, annotation=descriptor.annotation, convert=convert)


app = typer.Typer(
    cls=_Group,
    name=PROG,
    help="Numbers, dates, places and quotes, with exact offsets, from English conflict reporting.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)


def _version(value: bool) -> None:
    if value:
        from idlibparse import __version__

        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Numbers, dates, places and quotes, with exact offsets, from English conflict reporting."""


@app.command(
    cls=_Command,
    epilog="Exit codes: 0 every input parsed; 1 some input failed (the others were still written); "
    "2 usage error.",
)
def parse(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Files, directories (searched recursively for --glob) or - for standard input. "
            "None: standard input if piped, else the sample articles shipped in the package.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="auto: tables on a terminal, JSON Lines otherwise."),
    ] = OutputFormat.auto,
    only: Annotated[
        str | None,
        typer.Option(metavar="KINDS", help="Comma-separated kinds to extract: numbers,dates,places,quotes."),
    ] = None,
    ref_date: Annotated[
        str | None,
        typer.Option(
            "--ref-date",
            metavar="YYYY-MM-DD",
            help="Reference date for relative dates; overrides dates from records, datelines, file names.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here (atomically) instead of standard output."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, warnings or summary.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes. Default: one per core when there are many inputs, else 1.",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str, typer.Option(metavar="PATTERN", help="File name pattern searched for in directories.")
    ] = "*.txt",
    input_format: Annotated[
        InputFormat,
        typer.Option(
            help="auto: .jsonl/.ndjson files are JSON Lines, other files plain text (.gz: decompressed)."
        ),
    ] = InputFormat.auto,
    text_field: Annotated[
        str, typer.Option(metavar="FIELD", help="JSON Lines: the field holding the article.")
    ] = "text",
    id_field: Annotated[
        str, typer.Option(metavar="FIELD", help="JSON Lines: the field holding the record id.")
    ] = "id",
    date_field: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help="JSON Lines: the field holding the reference date. Default: the first of "
            "date, dct, published present.",
            show_default=False,
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            min=0, metavar="BYTES", help="Refuse a file or JSON Lines record larger than this (0: no limit)."
        ),
    ] = DEFAULT_MAX_BYTES,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="SCHEDULER_ADDRESS",
            help="Run on a Dask cluster (needs idlibparse\\[dask]); -o names the output directory.",
        ),
    ] = None,
) -> None:
    """Parse articles and write one record per article."""
    kinds = _kinds(only)
    date = _ref_date(ref_date)
    if output is not None and not output.parent.is_dir() and dask is None:
        raise typer.BadParameter(f"directory {str(output.parent)!r} does not exist", param_hint="'--output'")
    read = ReadOptions(
        glob=glob,
        input_format=input_format.value,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        max_bytes=max_bytes,
    )
    if dask is not None:
        raise typer.Exit(_run_on_dask(paths or [], dask, output, read, kinds, date, quiet))
    status = _run(paths or [], read, output, output_format.value, kinds, date, jobs, quiet)
    raise typer.Exit(int(status))


@app.command(cls=_Command)
def schema() -> None:
    """Print the JSON Schema of an output record."""
    from idlibparse.render.serialize import dumps
    from idlibparse.schema import record_schema

    typer.echo(dumps(record_schema(), pretty=True))


def main() -> None:
    """The console entry point; exits with an ``ExitStatus``."""
    _stop_cleanly_on_terminate()
    app(prog_name=PROG)


def _stop_cleanly_on_terminate() -> None:
    """Treat SIGTERM (``kill``, a job scheduler) like Ctrl-C, so a half-written -o file is removed."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError, AttributeError):  # not the main thread; no SIGTERM
        signal.signal(signal.SIGTERM, interrupt)


# --- option checks -------------------------------------------------------------------------------


def _kinds(only: str | None) -> tuple[str, ...] | None:
    if only is None:
        return None
    wanted = {k.strip().lower() for k in only.split(",") if k.strip()}
    unknown = sorted(wanted - set(KINDS))
    if unknown or not wanted:
        raise typer.BadParameter(
            f"unknown kind {', '.join(map(repr, unknown)) or 'none given'}; choose from {','.join(KINDS)}",
            param_hint="'--only'",
        )
    return tuple(k for k in KINDS if k in wanted)


def _ref_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date written YYYY-MM-DD", param_hint="'--ref-date'"
        ) from None


# --- running -------------------------------------------------------------------------------------


class _Messages:
    """Warnings and errors on standard error, above the progress bar when one is shown."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.display: Any = None

    def error(self, text: str) -> None:
        self._say(f"{PROG}: error: {one_line(text)}")

    def warning(self, text: str) -> None:
        if not self.quiet:
            self._say(f"{PROG}: warning: {one_line(text)}")

    def info(self, text: str) -> None:
        if not self.quiet:
            self._say(f"{PROG}: {one_line(text)}")

    def _say(self, line: str) -> None:
        if self.display is not None:
            self.display.message(line)
        else:
            print(line, file=sys.stderr, flush=True)


def _run(
    paths: list[str],
    read: ReadOptions,
    output: Path | None,
    format_name: str,
    kinds: tuple[str, ...] | None,
    ref_date: str | None,
    jobs: int | None,
    quiet: bool,
) -> ExitStatus:
    from idlibparse.batch import Batch, ParseOptions, collect_less
    from idlibparse.inputs import read_inputs
    from idlibparse.render import resolve_format

    collect_less()
    messages = _Messages(quiet)
    name = resolve_format(format_name, to_terminal=output is None and _is_terminal(sys.stdout))
    try:
        items = read_inputs(paths, read)
        options = ParseOptions(kinds, ref_date, json_lines=name == "jsonl")
        with Batch(items, options, jobs) as batch, _output(output, name) as stream:
            return _write_all(batch, stream, name, kinds, output is None, messages)
    except KeyboardInterrupt:
        messages.error("interrupted")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return ExitStatus.PIPE_CLOSED
    except OSError as exc:
        messages.error(f"{output or '<stdout>'}: cannot write ({exc.strerror or exc})")
        return ExitStatus.INPUT_ERROR


def _write_all(
    batch: Batch,
    stream: TextIO,
    name: str,
    kinds: tuple[str, ...] | None,
    to_stdout: bool,
    messages: _Messages,
) -> ExitStatus:
    """Write every outcome as it comes; count what failed."""
    from idlibparse.batch import Failed
    from idlibparse.render import open_writer
    from idlibparse.render.serialize import JsonLinesWriter

    # (only JSON's shape depends on whether a second input comes: other formats need not wait)
    several = name == "json" and batch.several
    writer = open_writer(name, stream, several=several, kinds=kinds or KINDS, flush_each=to_stdout)
    # Tables drawn on the terminal show the progress themselves (and would tear a live bar).
    tables_on_screen = name == "table" and to_stdout and _is_terminal(sys.stdout)
    # (whether the input is a single item is asked last: on a stalled input it waits a moment)
    show_progress = (
        _is_terminal(sys.stderr) and not messages.quiet and not tables_on_screen and not batch.single
    )
    total = failed = 0
    with _progress(show_progress) as display:
        messages.display = display
        for outcome in batch:
            total += 1
            for warning in outcome.warnings:
                messages.warning(warning)
            if isinstance(outcome, Failed):
                failed += 1
                messages.error(str(outcome))
            else:
                try:
                    if isinstance(writer, JsonLinesWriter):
                        writer.write_line(outcome.line)  # (encoded where it was parsed)
                    else:
                        writer.write(outcome.record)
                except (ValueError, TypeError) as exc:  # a value JSON cannot hold: this input fails
                    failed += 1
                    messages.error(f"{outcome.where}: could not be written ({exc})")
            if display is not None:
                display.advance(failed=isinstance(outcome, Failed))
        writer.close()
        messages.display = None
    if failed and total > 1:
        messages.warning(f"{failed} of {total} inputs failed")
    return ExitStatus.INPUT_ERROR if failed else ExitStatus.OK


@contextlib.contextmanager
def _output(output: Path | None, name: str) -> Any:
    from idlibparse.render import atomic_output, utf8_stream

    if output is not None:
        with atomic_output(output) as handle:
            yield handle
    elif name == "table":
        yield sys.stdout
    else:
        with utf8_stream(sys.stdout.buffer) as handle:
            yield handle


@contextlib.contextmanager
def _progress(show: bool) -> Any:
    if not show:
        yield None
        return
    from idlibparse.render.table import ProgressDisplay

    with ProgressDisplay(sys.stderr) as display:
        yield display


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _silence_stdout() -> None:
    """After the reader of standard output went away, let exit not fail flushing it again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# --- Dask ----------------------------------------------------------------------------------------


def _run_on_dask(
    paths: list[str],
    address: str,
    output: Path | None,
    read: ReadOptions,
    kinds: tuple[str, ...] | None,
    ref_date: str | None,
    quiet: bool,
) -> int:
    """Hand the whole run to ``idlibparse.scale.parse_bag``; it writes JSON Lines partitions into
    the -o directory. Records it could not parse carry an "error" key: they are reported here."""
    messages = _Messages(quiet)
    if output is None:
        messages.error("--dask writes JSON Lines partitions into a directory: give it with -o DIR")
        return ExitStatus.USAGE
    if not paths:
        messages.error("--dask needs input paths")
        return ExitStatus.USAGE
    try:
        from idlibparse import scale

        written = scale.parse_bag(
            paths,
            output,
            scheduler=address,
            ref_date=ref_date,
            only=kinds,
            text_field=read.text_field,
            id_field=read.id_field,
            date_field=read.date_field,
            glob=read.glob,
            input_format=read.input_format,
        )
    except ModuleNotFoundError as exc:
        messages.error(f"--dask needs Dask ({exc.name} is missing): pip install 'idlibparse[dask]'")
        return ExitStatus.USAGE
    except Exception as exc:  # a cluster that cannot be reached, inputs that cannot be listed...
        messages.error(f"dask run failed ({type(exc).__name__}: {exc})")
        return ExitStatus.INPUT_ERROR
    failed = _errors_in_partitions(written, messages)
    messages.info(f"{len(written)} JSON Lines partitions written to {output}")
    return ExitStatus.INPUT_ERROR if failed else ExitStatus.OK


def _errors_in_partitions(written: list[str], messages: _Messages) -> int:
    import json

    failed = 0
    for part in written:
        with open(part, encoding="utf-8") as handle:
            for line in handle:
                if '"error"' not in line:
                    continue
                record = json.loads(line)
                if "error" in record:
                    failed += 1
                    messages.error(f"{record.get('source') or record.get('id')}: {record['error']}")
    return failed
