"""Pathological inputs finish and keep offsets exact.

Each input is parsed by ``idlibparse.parse`` with all four extractors in a child process under
a generous CPU-time limit, so a pattern that backtracks explosively (or anything quadratic) fails
the test instead of hanging it. These are guards against blow-ups, not timings: the limit is CPU
time, not wall time, so a busy machine does not make them fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# CPU seconds: far above what a linear parser needs for these sizes (a few seconds at 1 MB/s),
# far below what a quadratic or backtracking one takes. The wall-time limit only backs it up.
CPU_LIMIT = 60
WALL_LIMIT = 600.0
MB = 1_000_000

CHILD = """
import json, sys
import idlibparse
from idlibparse.document import Document
text = sys.stdin.buffer.read().decode("utf-8")
# Sentences are split lazily, only when an extractor asks: split them here whatever asks.
Document.build(text).sentences
result = idlibparse.parse(text, ref_date="2020-02-08")
sys.stdout.buffer.write(json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8"))
"""

# Sentences in the style of wire copy, repeated to build long inputs.
WIRE = (
    "Air strikes killed at least 14 civilians, including five children, in the town of Saraqib on "
    'Tuesday, the Syrian Observatory for Human Rights said. "We counted more than 200 missiles '
    'since Friday," said Abu Ahmad, a local rescue worker. About 2.5 million people live in Idlib '
    "province, according to the United Nations, which said on February 3, 2020, that 586,000 had "
    "fled since December 1. Turkey sent 300 vehicles and 1,500 troops across the border near "
    "Kafr Lusin, 30 km (19 miles) north of the city, officials told Reuters. "
)


def repeat_to(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def capitalized_words(size: int) -> str:
    """Distinct capitalized words (never in a gazetteer) separated by spaces."""
    letters = "bcdfghklmnprstvz"
    words = (f"K{letters[i % 16]}a{letters[(i // 16) % 16]}o{letters[(i // 256) % 16]}" for i in range(size))
    text = " ".join(words)
    return text[:size]


CASES: dict[str, Callable[[], str]] = {
    "wire copy on one line, 3 MB": lambda: repeat_to(WIRE, 3 * MB),
    "wire copy, a paragraph a line, 2 MB": lambda: repeat_to(WIRE + "\n", 2 * MB),
    "a megabyte of digits": lambda: "7" * MB,
    "digits with separators": lambda: repeat_to("1,000.", MB),
    "digits and spaces": lambda: repeat_to("12 ", MB),
    "100,000 straight quotation marks": lambda: '"' * 100_000,
    "100,000 curly quotation marks": lambda: repeat_to("“", 100_000),
    "quotation marks around words": lambda: repeat_to('"a" said ', MB // 2),
    "unclosed quotations": lambda: repeat_to("“He said ", MB // 2),
    "a megabyte of capitalized words": lambda: capitalized_words(MB),
    "a megabyte of repeated capitalized words": lambda: repeat_to("Al Sheikh Hassan ", MB),
    "on Monday since Friday": lambda: repeat_to("on Monday since Friday ", MB),
    "numbers and dates interleaved": lambda: repeat_to("14 soldiers on Monday, ", MB),
    "repeated full stops": lambda: "." * MB,
    "repeated dashes and hyphens": lambda: repeat_to("-–—", MB),
    "repeated brackets": lambda: "(" * (MB // 2) + ")" * (MB // 2),
    "repeated commas and spaces": lambda: repeat_to(", ", MB),
    "repeated question and exclamation marks": lambda: repeat_to("?!", MB),
    "blank lines": lambda: "\n" * MB,
    "a megabyte of one word": lambda: "a" * MB,
    "vague amounts": lambda: repeat_to("tens of thousands of ", MB),
    "speech verbs": lambda: repeat_to("said ", MB),
}


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a record that has a text with offsets."""
    if isinstance(node, dict):
        if isinstance(node.get("text"), str) and isinstance(node.get("start"), int):
            yield node
        for value in node.values():
            yield from spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from spans(value)


def limit_cpu() -> None:
    """In the child: stop it (SIGXCPU, then SIGKILL) once it has used CPU_LIMIT seconds."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 5))


def parse_in_child(text: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=WALL_LIMIT,
            env=env,
            check=False,
            preexec_fn=limit_cpu if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"parsing took more than {WALL_LIMIT:.0f} s of wall time")
    if done.returncode < 0:
        pytest.fail(f"parsing was stopped by signal {-done.returncode} (CPU limit {CPU_LIMIT} s)")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    record: dict[str, Any] = json.loads(done.stdout)
    return record


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes_with_exact_offsets(name: str) -> None:
    text = CASES[name]()
    record = parse_in_child(text)
    for span in spans(record):
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
    for number in record["numbers"]:
        if number["counted"] is not None:
            assert text[number["counted_start"] : number["counted_end"]] == number["counted"]
    for section in record["sections"]:
        assert 0 <= section["start"] <= section["end"] <= len(text)
