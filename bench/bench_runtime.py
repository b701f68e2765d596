"""The runtime benchmark: throughput, latency, probes and memory of the worker through the bundled
broker, beside raw NER of the configured model and a pass-through worker. Writes bench/RESULTS.md
(and the raw numbers to bench/results/runtime.json).

    .venv/bin/python bench/bench_runtime.py [--repeats 2] [--articles 600] [--backlog 20000]
    .venv/bin/python bench/bench_runtime.py --parts memory     (one part again; the rest is kept)

Run it on a quiet machine: the broker, the workers and the benchmark share its cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.runtime import corpus, offline, online, report, stage_parts  # noqa: E402
from bench.runtime.cluster import NER_ONLY, PASSTHROUGH  # noqa: E402
from tests.faults import inputs  # noqa: E402
from worker.core.settings import Settings  # noqa: E402
from worker.kafka.dev_broker import DevBroker  # noqa: E402
from worker.stream.stage_pool import cpus_available  # noqa: E402

RAW = REPO / "bench" / "results" / "runtime.json"
PARTS = ("profile", "breakdown", "passthrough", "ner_only", "throughput", "batching", "latency", "hostile", "memory")
HOSTILE = ("100k tiny lines", "prose 990 KB", "over 1M characters")  # the costliest of the fault suite's
CONFIGS = {"1 worker, 1 process": (1, 1), "1 worker, 2 processes": (1, 2), "2 workers, 1 process each": (2, 1)}
LATENCY = {"0.5 R": (0.5, {}), "0.8 R": (0.8, {}), "0.5 R, two agents": (0.5, {"NEWSWORKER_TOPOLOGY": "two-agents"}),
           "0.8 R, batches of 1": (0.8, {"NEWSWORKER_BATCH_SIZE": "1"}),
           "0.8 R, batches of 8": (0.8, {"NEWSWORKER_BATCH_SIZE": "8"})}
BATCH_CAPS = (1, 2, 4)  # NEWSWORKER_BATCH_SIZE of the batching part


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    return f"{os.cpu_count()} cores ({cpus_available()} available), {model}, Python {platform.python_version()}"


def versions() -> str:
    names = ["faust-streaming", "aiokafka", "spacy", "orjson"]
    return ", ".join(f"{n} {version(n)}" for n in names) + f"; pipeline {Settings().pipeline_version}"


def profile(args, broker, logs, results) -> None:
    """Raw NER on the articles of the throughput runs (one process, then two side by side), and
    where an article's time goes in the stages."""
    results["profile"], results["raw_ner"], results["raw_ner_2"] = [], [], []
    settings = Settings()
    for seed in args.seeds:
        texts = offline.ner_texts(corpus.articles(args.articles, seed, "t11"), settings)
        results["raw_ner"].append(offline.raw_ner_rate(texts, 1, settings.spacy_model))
        results["raw_ner_2"].append(offline.raw_ner_rate(texts, 2, settings.spacy_model))
        costs = offline.stage_costs(corpus.articles(args.profile_articles, seed, "p"), settings)
        results["profile"].append(costs)
        print(f"run {seed}: raw NER {results['raw_ner'][-1]:.1f}/s, two processes {results['raw_ner_2'][-1]:.1f}/s; "
              f"stage costs {json.dumps({k: round(v * 1000, 1) for k, v in costs.items()})} ms", flush=True)


def breakdown(args, broker, logs, results) -> None:
    """Both stages part by part, one pass over articles not seen before."""
    results["breakdown"] = []
    for seed in args.seeds:
        parts = stage_parts.measure(corpus.articles(args.profile_articles, seed, "b"), Settings())
        results["breakdown"].append(parts)
        print(f"run {seed}: parts {json.dumps({k: round(v * 1000, 1) for k, v in parts.items()})} ms", flush=True)


def passthrough(args, broker, logs, results) -> None:
    results["passthrough"] = online.throughput(broker.bootstrap, corpus.articles(5000, 1, "pass"), 1, 1, logs,
                                               command=PASSTHROUGH)
    print(f"pass-through: {results['passthrough']}", flush=True)


def ner_only(args, broker, logs, results) -> None:
    """NER alone through the runtime (one stage process): the limit under the worker's conditions."""
    results["ner_only"] = []
    for seed in args.seeds:
        values = corpus.articles(args.articles, seed, "t11")  # the articles of the 1-process run
        results["ner_only"].append(online.throughput(broker.bootstrap, values, 1, 1, logs, command=NER_ONLY,
                                                     broker_pid=broker.pid))
        print(f"run {seed}: NER-only worker: {results['ner_only'][-1]}", flush=True)


def throughput(args, broker, logs, results) -> None:
    """Each configuration on a backlog; raw NER of the one-process run's articles is timed again
    just before it, so that the ratio of the two does not carry the machine's drift over the run."""
    results["throughput"] = {name: [] for name in CONFIGS}
    results["raw_ner_beside"] = []
    settings = Settings()
    for seed in args.seeds:
        for name, (count, processes) in CONFIGS.items():
            values = corpus.articles(args.articles, seed, f"t{count}{processes}")
            if (count, processes) == (1, 1):
                texts = offline.ner_texts(values, settings)
                results["raw_ner_beside"].append(offline.raw_ner_rate(texts, 1, settings.spacy_model))
            run = online.throughput(broker.bootstrap, values, count, processes, logs, broker_pid=broker.pid)
            results["throughput"][name].append(run)
            print(f"run {seed}: {name}: {run}", flush=True)
    default = "1 worker, 2 processes" if cpus_available() >= 2 else "1 worker, 1 process"
    results["R"] = statistics.median(x["articles_per_second"] for x in results["throughput"][default])


def batching(args, broker, logs, results) -> None:
    """Throughput on a backlog (1 worker, default processes) by batch cap, the caps interleaved
    (in reverse order every other repeat) so that the machine's drift falls on all of them."""
    results["batching"] = {str(cap): [] for cap in BATCH_CAPS}
    for k, seed in enumerate(args.seeds):
        for cap in BATCH_CAPS[::-1] if k % 2 else BATCH_CAPS:
            values = corpus.articles(args.articles, seed, f"c{cap}")
            run = online.throughput(broker.bootstrap, values, 1, None, logs, broker_pid=broker.pid,
                                    env={"NEWSWORKER_BATCH_SIZE": str(cap)})
            results["batching"][str(cap)].append(run)
            print(f"run {seed}: batches of at most {cap}: {run}", flush=True)


def latency(args, broker, logs, results) -> None:
    """Each repeat measures R again just before its latency runs (one worker, default settings, on
    a backlog): a share of R taken earlier in the benchmark would carry the machine's drift since."""
    results["latency"] = {name: [] for name in LATENCY}
    results["latency_R"] = []
    for seed in args.seeds:
        backlog = corpus.articles(args.articles, seed, "r")
        measured = online.throughput(broker.bootstrap, backlog, 1, None, logs, broker_pid=broker.pid)
        results["latency_R"].append(measured["articles_per_second"])
        print(f"run {seed}: R again before the latency runs: {results['latency_R'][-1]:.1f}/s", flush=True)
        for name, (share, env) in LATENCY.items():
            rate = share * results["latency_R"][-1]
            values = corpus.articles(int(rate * (args.seconds + 5)), seed, f"l{share}{len(env)}")
            run = online.latency(broker.bootstrap, values, rate, logs, warmup=int(rate * 5), env=env)
            results["latency"][name].append(run)
            print(f"run {seed}: latency at {name}: {run}", flush=True)


def hostile(args, broker, logs, results) -> None:
    rate = 0.5 * results["R"]
    values = corpus.articles(int(rate * 35), 1, "h")
    slots = (len(values) // 4, len(values) // 2, 3 * len(values) // 4)
    extra = dict(zip(slots, [inputs.hostile("bench")[k] for k in HOSTILE]))
    results["hostile"] = online.latency(broker.bootstrap, values, rate, logs, warmup=int(rate * 5), hostile=extra)
    print(f"hostile: {results['hostile']}", flush=True)


def memory(args, broker, logs, results) -> None:
    results["memory"] = {}
    for processes in args.memory_processes:
        values = corpus.articles(args.backlog, 1, f"m{processes}")
        results["memory"][str(processes)] = online.backlog_memory(broker.bootstrap, values, processes, logs)
        print(f"memory, {processes} process(es): "
              f"{ {k: v for k, v in results['memory'][str(processes)].items() if k != 'samples'} }", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--articles", type=int, default=600, help="backlog per throughput run")
    parser.add_argument("--profile-articles", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=45, help="steady sending per latency run")
    parser.add_argument("--backlog", type=int, default=20000, help="articles of the memory run")
    parser.add_argument("--memory-processes", type=int, nargs="+", default=[1], help="stage processes, per run")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--render", action="store_true", help="only write the report from the recorded numbers")
    args = parser.parse_args()
    if args.render:
        Path(args.out).write_text(report.render(json.loads(RAW.read_text())))
        return
    args.seeds = list(range(1, args.repeats + 1))
    results = json.loads(RAW.read_text()) if set(args.parts) != set(PARTS) and RAW.exists() else {}
    command = " ".join(["python bench/bench_runtime.py", *sys.argv[1:]])
    if results.get("command") and set(args.parts) != set(PARTS):
        command = f"{results['command']}`, then `{command}"  # a part measured again
    results.update(command=command, machine=machine(), cpus=os.cpu_count(),
                   versions=versions(), repeats=args.repeats, default_processes=cpus_available(),
                   mean_words=corpus.mean_words(corpus.articles(args.articles, 1)))
    with tempfile.TemporaryDirectory() as tmp, DevBroker() as broker:
        for part in PARTS:
            if part in args.parts:
                globals()[part](args, broker, Path(tmp), results)
                RAW.write_text(json.dumps(results, indent=1) + "\n")  # a stopped run keeps its parts
    if all(part in results for part in ("profile", "throughput", "latency", "hostile")):
        Path(args.out).write_text(report.render(results))
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
