"""Benchmark: a national-size synthetic corpus, end to end (issue 7's figures).

Run with ``.venv/bin/python benchmarks/bench_scale.py`` (``--n 1000 10000`` is the default of
``make bench-scale``; ``--jobs 1 2`` the job counts). Prints figures; asserts nothing.

For each corpus size ``N``:

1. ``mnpia synth`` writes ``N`` assessments with the damage of the real corpus (seeded);
2. ``mnpia ingest --jobs J`` ingests them into a fresh on-disk store, once per job count (2
   then 1 by default), as a real subprocess: documents/s, wall time, store size on disk, and
   peak resident memory (the sum over the process tree, sampled every 0.2 s from ``/proc``,
   and the writer alone);
3. ``mnpia accuracy`` scores extraction against the records the generator wrote;
4. on the store of the first ingest, the answers of ``mnpia lineage`` (down and up, depth 3, the
   default scope), ``mnpia path`` (a file to a national system) and ``mnpia impact`` (a cited
   provision), each for ``--samples`` starting points drawn with a fixed seed: p50 and p95 of the
   whole answer, in this process, as the CLI computes it; and, for contrast, the lineage with
   ``--scope all``. Each kind stops sampling after ``--budget`` seconds (half that for the
   contrast) and says how many samples it timed.

The work folder (``--workdir``, default a temporary one) is removed at the end unless
``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.store import open_store
from queries.legal import provision_impact
from queries.neighbourhood import lineage_scope, path_scope, store_lineage, store_path

MNPIA = Path(sys.executable).with_name("mnpia")
SEED = 20261122
CLOUD = "https://w3id.org/mnpia/vocab/national-systems/government-cloud"
FILES = """
SELECT ?f WHERE {
  GRAPH ?g { ?f a ?class FILTER(?class = <https://w3id.org/mnpia/ontology#InformationFile>) }
}
"""
CITED = """
SELECT DISTINCT ?r WHERE { GRAPH ?g { ?c <https://w3id.org/mnpia/ontology#cites> ?r } }
"""


# -- memory ---------------------------------------------------------------------------------


def _rss_kib(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/status").open(encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            with (entry / "stat").open(encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [pid], [pid]
    while todo:
        kids = _children(todo.pop())
        pids += kids
        todo += kids
    return pids


class PeakMemory:
    """Samples the resident memory of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.tree_kib = 0
        self.main_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            pids = _tree(self.pid)
            self.main_kib = max(self.main_kib, _rss_kib(self.pid))
            self.tree_kib = max(self.tree_kib, sum(_rss_kib(p) for p in pids))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# -- steps ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestFigures:
    jobs: int
    seconds: float
    documents: int
    tree_mib: float
    writer_mib: float
    store_mib: float
    exit_code: int


def folder_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1_048_576


def synth(folder: Path, n: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(MNPIA), "synth", str(folder), "--count", str(n), "--seed", str(SEED)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def ingest(corpus: Path, store: Path, jobs: int, n: int) -> IngestFigures:
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(MNPIA), "--store", str(store), "ingest", "--jobs", str(jobs), str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    memory = PeakMemory(process.pid)
    code = process.wait()
    seconds = time.perf_counter() - started
    memory.stop()
    return IngestFigures(
        jobs=jobs,
        seconds=seconds,
        documents=n,
        tree_mib=memory.tree_kib / 1024,
        writer_mib=memory.main_kib / 1024,
        store_mib=folder_mib(store),
        exit_code=code,
    )


def accuracy(corpus: Path, jobs: int) -> dict[str, object]:
    answer = subprocess.run(
        [str(MNPIA), "accuracy", str(corpus), "--format", "json", "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    data: dict[str, object] = json.loads(answer.stdout)
    return data


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass(frozen=True, slots=True)
class Latency:
    name: str
    seconds: list[float]
    sizes: list[int]


def timed(name: str, calls: Sequence[Callable[[], int]], budget: float) -> Latency:
    """Time each call once (after an uncounted warm-up), stopping when ``budget`` seconds are
    spent: the figures then cover fewer samples, which the output says."""
    spent = 0.0
    seconds: list[float] = []
    sizes: list[int] = []
    if calls:
        started = time.perf_counter()
        calls[0]()  # warm-up, not counted
        spent += time.perf_counter() - started
    for call in calls:
        if spent > budget:
            break
        started = time.perf_counter()
        sizes.append(call())
        elapsed = time.perf_counter() - started
        seconds.append(elapsed)
        spent += elapsed
    return Latency(name, seconds, sizes)


def latencies(folder: Path, samples: int, budget: float) -> list[Latency]:
    rng = random.Random(SEED)
    with open_store(folder, read_only=True) as store:
        answer = store.query(FILES)
        files = (
            sorted(row["f"].value for row in answer)
            if isinstance(answer, ox.QuerySolutions)
            else []
        )
        cited = store.query(CITED)
        provisions = (
            sorted(row["r"].value for row in cited) if isinstance(cited, ox.QuerySolutions) else []
        )
        chosen = rng.sample(files, min(samples, len(files)))
        laws = rng.sample(provisions, min(samples, len(provisions)))

        def down(f: str) -> int:
            scope = lineage_scope(store, f)
            return len(store_lineage(store, f, depth=3, scope=scope).answer.nodes)

        def up(f: str) -> int:
            scope = lineage_scope(store, f)
            answer = store_lineage(store, f, direction="up", depth=3, scope=scope).answer
            return len(answer.nodes)

        def down_everywhere(f: str) -> int:
            return len(store_lineage(store, f, depth=3).answer.nodes)

        def path(f: str) -> int:
            found = store_path(store, f, CLOUD, scope=path_scope(store, f, CLOUD)).answer
            return 0 if found is None else len(found.hops)

        def impact(r: str) -> int:
            return len(provision_impact(store, r).table.rows)

        return [
            timed("lineage ↓ of a file (depth 3)", [lambda f=f: down(f) for f in chosen], budget),
            timed("lineage ↑ of a file (depth 3)", [lambda f=f: up(f) for f in chosen], budget),
            timed("path file → government cloud", [lambda f=f: path(f) for f in chosen], budget),
            timed("impact of a cited provision", [lambda r=r: impact(r) for r in laws], budget),
            timed(
                "lineage ↓ of a file, --scope all",
                [lambda f=f: down_everywhere(f) for f in chosen],
                budget / 2,
            ),
        ]


# -- report ---------------------------------------------------------------------------------


def print_ingest(figures: IngestFigures) -> None:
    rate = figures.documents / figures.seconds if figures.seconds else 0.0
    status = "" if figures.exit_code == 0 else f"  (exit {figures.exit_code}: some texts failed)"
    print(
        f"  ingest --jobs {figures.jobs}: {figures.seconds:8.1f} s  {rate:6.1f} documents/s  "
        f"peak RSS {figures.tree_mib:7.0f} MiB (all processes), {figures.writer_mib:6.0f} MiB "
        f"(writer)  store {figures.store_mib:7.0f} MiB{status}",
        flush=True,
    )


def print_accuracy(data: dict[str, object]) -> None:
    families = data.get("families")
    if not isinstance(families, list):
        print(f"  accuracy: not measured ({data.get('errors')})")
        return
    print(
        f"  accuracy over {data.get('documents')} documents "
        f"({data.get('exact_documents')} extracted exactly), {data.get('seconds')} s:"
    )
    cells = [f"{f['family']} {f['f1']:.3f}/{f['field_accuracy']:.3f}" for f in families]
    for start in range(0, len(cells), 5):
        print("    " + "   ".join(cells[start : start + 5]))
    print("    (record F1 / field accuracy per family)")


def print_latency(rows: list[Latency]) -> None:
    for row in rows:
        if not row.seconds:
            print(f"  {row.name:34s} no samples")
            continue
        print(
            f"  {row.name:34s} p50 {percentile(row.seconds, 0.5) * 1000:8.1f} ms   "
            f"p95 {percentile(row.seconds, 0.95) * 1000:8.1f} ms   "
            f"answer size median {statistics.median(row.sizes):.0f}, max {max(row.sizes)} "
            f"({len(row.seconds)} samples)",
            flush=True,
        )


def bench(
    n: int, jobs: Sequence[int], workdir: Path, samples: int, budget: float, *, keep: bool = False
) -> None:
    corpus = workdir / f"corpus-{n}"
    print(f"\n== {n} synthetic assessments (damage of the real corpus, seed {SEED}) ==")
    print(f"  synth: {synth(corpus, n):.1f} s", flush=True)
    for position, count in enumerate(jobs):
        store = workdir / f"store-{n}-jobs-{count}"
        print_ingest(ingest(corpus, store, count, n))
        if position == 0:  # the questions, on the first store (kept with --keep)
            print_latency(latencies(store, samples, budget))
            if keep:
                print(f"  kept: {store} (time the questions again with --latency-only)")
                continue
        shutil.rmtree(store, ignore_errors=True)
    print_accuracy(accuracy(corpus, max(jobs)))
    shutil.rmtree(corpus, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[2, 1], help="job counts, in order of ingest"
    )
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument(
        "--budget", type=float, default=120.0, help="seconds of sampling per kind of question"
    )
    parser.add_argument(
        "--latency-only",
        type=Path,
        metavar="STORE",
        help="only time the questions, on this store (one an earlier run kept)",
    )
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.latency_only is not None:
        print(f"cores {os.cpu_count()}, store {args.latency_only}")
        print_latency(latencies(args.latency_only, args.samples, args.budget))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mnpia-bench-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"cores {os.cpu_count()}, work folder {workdir}")
    try:
        for n in args.n:
            bench(n, args.jobs, workdir, args.samples, args.budget, keep=args.keep)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
