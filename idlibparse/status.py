"""Exit codes of the command line: shell scripts and CI branch on these."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # every input parsed and written
    INPUT_ERROR = 1  # some input could not be read or parsed; the others were still written
    USAGE = 2  # bad options or arguments: nothing was parsed
    PIPE_CLOSED = 141  # the reader of standard output went away (128 + SIGPIPE, as shells report it)
    INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT, as shells report it)
