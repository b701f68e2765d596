"""bench/RESULTS.md from the benchmark's measurements."""

from __future__ import annotations

import statistics


def spread(values: list[float], fmt: str = "{:.1f}") -> str:
    """The median, and every run's value when there are several."""
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({', '.join(fmt.format(v) for v in values)})"


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _busy(runs: list[dict]) -> str:
    """The share of the run's time the stage processes were running a batch; "-" for runs recorded without it."""
    values = [x["busy"] for x in runs if "busy" in x]
    return spread([100 * v for v in values], "{:.0f} %") if values else "-"


def _by_load(latency: dict) -> list[str]:
    """The runs at 0.8 R ordered by how busy the stage processes were: the machine's speed drifts, so
    the same rate was a different load in each run, and the load is what the tail follows."""
    runs = sorted((x["busy"], x["p99"], name.removeprefix("0.8 R").lstrip(", ") or "default")
                  for name, xs in latency.items() if name.startswith("0.8 R") for x in xs if "busy" in x)
    if not runs:
        return []
    listed = "; ".join(f"{100 * busy:.0f} % busy: {p99:.2f} s ({name})" for busy, p99, name in runs)
    return ["The 0.8 R runs by the load they met (stage processes busy) and their p99: " + listed + ".", ""]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *["| " + " | ".join(row) + " |" for row in rows], ""]


def goals(r: dict) -> list[str]:
    ner = statistics.median(r["raw_ner"])
    one = statistics.median(x["articles_per_second"] for x in r["throughput"]["1 worker, 1 process"])
    two_p = statistics.median(x["articles_per_second"] for x in r["throughput"]["1 worker, 2 processes"])
    two_w = statistics.median(x["articles_per_second"] for x in r["throughput"]["2 workers, 1 process each"])
    ratios = [x["articles_per_second"] / ner for x in r["throughput"]["1 worker, 1 process"]]
    half, most = r["latency"]["0.5 R"], r["latency"]["0.8 R"]
    health = [x for runs in r["latency"].values() for x in runs] + [r["hostile"]]
    rows = [
        ["end to end / raw NER per stage process (1 worker, 1 process; raw NER on the same articles, timed alone, "
         "the other core idle)", spread(ratios, "{:.2f}x"), ">= 0.9x every run", _met(min(ratios) >= 0.9)],
        *_beside(r),
        *_same_conditions(r),
        ["2 workers vs 1", f"{two_w / one:.2f}x", ">= 1.8x", _met(two_w / one >= 1.8)],
        ["2 stage processes vs 1 (one worker)", f"{two_p / one:.2f}x", ">= 1.8x", _met(two_p / one >= 1.8)],
        *_machine_scaling(r),
        ["latency p99 at 0.5 R", spread([x["p99"] for x in half], "{:.2f} s"), "< 1 s",
         _met(max(x["p99"] for x in half) < 1)],
        ["latency p99 at 0.8 R", spread([x["p99"] for x in most], "{:.2f} s"), "< 2 s",
         _met(max(x["p99"] for x in most) < 2)],
        ["/healthz p99 under load (and with a hostile article in flight)",
         ms(max(x["healthz_p99"] for x in health)), "< 100 ms", _met(max(x["healthz_p99"] for x in health) < 0.1)],
    ]
    for processes, m in sorted(r.get("memory", {}).items()):
        medians, peaks = quarters(m)
        rows.append([f"RSS over a backlog of {m['articles']:,}, {processes} stage process(es)",
                     f"peak {m['peak_mb']:.0f} MB; medians by quarter {' / '.join(f'{x:.0f}' for x in medians)} MB",
                     "< 600 MB, flat" if processes == "1" else "flat",
                     _met((m["peak_mb"] < 600 or processes != "1") and flat(medians, peaks))])
    return table(["measure", "measured (median; each run)", "goal", ""], rows)


def _beside(r: dict) -> list[list[str]]:
    """End to end against raw NER of the same articles timed just before it."""
    if not r.get("raw_ner_beside"):
        return []
    ratios = [x["articles_per_second"] / n for x, n in zip(r["throughput"]["1 worker, 1 process"], r["raw_ner_beside"])]
    return [["the same, raw NER timed just before each run (" + spread(r["raw_ner_beside"]) + " articles/s)",
             spread(ratios, "{:.2f}x"), ">= 0.9x every run", _met(min(ratios) >= 0.9)]]


def _same_conditions(r: dict) -> list[list[str]]:
    """End to end against the NER-only worker on the same articles through the same runtime."""
    if not r.get("ner_only"):
        return []
    ratios = [x["articles_per_second"] / n["articles_per_second"]
              for x, n in zip(r["throughput"]["1 worker, 1 process"], r["ner_only"])]
    return [["end to end / NER alone through the same runtime (1 worker, 1 process; same articles, same load)",
             spread(ratios, "{:.2f}x"), ">= 0.9x every run", _met(min(ratios) >= 0.9)]]


def _machine_scaling(r: dict) -> list[list[str]]:
    """What two NER processes side by side give on this machine, with no broker or worker running."""
    if not r.get("raw_ner_2"):
        return []
    ratios = [two / one for one, two in zip(r["raw_ner"], r["raw_ner_2"])]
    return [["raw NER alone: 2 processes side by side vs 1 (no broker, no worker: what the machine allows)",
             spread(ratios, "{:.2f}x"), "-", ""]]


def quarters(m: dict) -> tuple[list[float], list[float]]:
    """Median and peak RSS of each quarter of the run."""
    values = [rss for _, rss in m["samples"]]
    parts = [values[i * len(values) // 4:(i + 1) * len(values) // 4] for i in range(4)]
    return [statistics.median(p) for p in parts], [max(p) for p in parts]


def flat(medians: list[float], peaks: list[float]) -> bool:
    """No growth: the last quarter's median and peak within 5 % of the highest before it."""
    return medians[-1] <= 1.05 * max(medians[:-1]) and peaks[-1] <= 1.05 * max(peaks[:-1])


def _cpus(runs: list[dict], key: str) -> str:
    return spread([x[key] for x in runs], "{:.2f}") if all(key in x for x in runs) else "-"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


PARTS = {"raw_ner": "raw NER: nlp.pipe alone on the texts the tagger gives it (the same texts three times)",
         "ner": "NER as the tagger calls it (text prepared, batches capped)",
         "clean_stage": "clean stage (decode, validate, clean, encode)",
         "tag_stage": "tag stage, two agents (decode, validate, tag, encode)",
         "clean_and_tag (one agent)": "both stages in one call (default worker)",
         "clean_and_tag, first pass": "both stages in one call, one pass over articles not seen before (as in the stream)"}


def render(r: dict) -> str:
    lines = ["# Runtime benchmark", "", "Written by `" + r["command"] + "`.", "",
             f"Machine: {r['machine']}. Versions: {r['versions']}. Articles: the development corpora (BBC, PolNeAR, the "
             f"sample), {r['mean_words']:.0f} words on average, shuffled with a different seed in each run of a "
             f"measurement (the median first, then each run's value). Broker: the bundled one, on the same cores "
             f"as the workers and this benchmark.", "",
             "## Goals", "", *goals(r)]
    lines += ["## Throughput (articles/s over the middle 80 % of a backlog, timed by the records' own timestamps)", ""]
    ner = statistics.median(r["raw_ner"])
    rows = [["raw NER of the configured model, one process (the limit): the same articles, one pass, timed alone",
             spread(r["raw_ner"]), "1.0", "1", "-", "-", "-"]]
    if r.get("raw_ner_2"):
        rows.append(["raw NER, two processes side by side, timed alone", spread(r["raw_ner_2"]),
                     f"{statistics.median(r['raw_ner_2']) / ner:.2f}", "2", "-", "-", "-"])
    runs_by_name = dict(r["throughput"])
    if r.get("passthrough"):  # the framework's ceiling: records from one topic to another, no work
        runs_by_name = {"Faust pass-through agent, no work (1 worker; the framework's ceiling)": [r["passthrough"]],
                        **runs_by_name}
    if r.get("ner_only"):
        runs_by_name = {"NER alone through the runtime: cleaning and NER, no other tagging (1 worker, 1 process)":
                        r["ner_only"], **runs_by_name}
    for name, runs in runs_by_name.items():
        rate = [x["articles_per_second"] for x in runs]
        rows.append([name, spread(rate), f"{statistics.median(rate) / ner:.2f}",
                     *[_cpus(runs, key) for key in ("cores_used", "stage_cores", "broker_cores", "bench_cores")]])
    lines += table(["what", "articles/s", "x raw NER", "CPUs used by the workers", "of which stage processes",
                    "by the broker", "by this benchmark"], rows)
    lines += [f"R (one worker, default settings: {r['default_processes']} stage processes) = "
              f"{r['R']:.1f} articles/s.", ""]
    lines += _batching(r)
    lines += ["## Latency (first seen on the enriched topic - sent; steady rate)", ""]
    rows = []
    for name, runs in r["latency"].items():
        rates = ", ".join(f"{x['rate']:.1f}" for x in runs)
        rows.append([f"{name} ({rates}/s)", spread([x["p50"] for x in runs], "{:.2f}"),
                     spread([x["p95"] for x in runs], "{:.2f}"), spread([x["p99"] for x in runs], "{:.2f}"),
                     spread([x["max"] for x in runs], "{:.2f}"), str(sum(x["missing"] for x in runs)),
                     ms(max(x["healthz_p99"] for x in runs)), ms(max(x["healthz_max"] for x in runs)), _busy(runs)])
    h = r["hostile"]
    rows.append([f"0.5 R with hostile articles in flight ({h['rate']:.1f}/s)", f"{h['p50']:.2f}", f"{h['p95']:.2f}",
                 f"{h['p99']:.2f}", f"{h['max']:.2f}", str(h["missing"]), ms(h["healthz_p99"]), ms(h["healthz_max"]),
                 _busy([h])])
    lines += table(["rate", "p50 s", "p95 s", "p99 s", "max s", "missing", "/healthz p99", "/healthz max",
                    "stage processes busy"], rows)
    lines += _by_load(r["latency"])
    lines += ["Hostile articles' own latency: " + ", ".join(f"{s:.1f} s" for s in h["hostile_seconds"]) + ".", ""]
    if r.get("latency_R"):
        lines += ["R was measured again just before each repeat's latency runs (one worker, default settings, "
                  "a backlog): " + ", ".join(f"{x:.1f}" for x in r["latency_R"]) + " articles/s; the hostile run "
                  f"uses the R above ({r['R']:.1f}).", ""]
    if r.get("memory"):
        lines += ["## Memory (worker + stage processes, sampled every 2 s)", ""]
        for processes, m in sorted(r["memory"].items()):
            medians, peaks = quarters(m)
            lines += [f"- {processes} stage process(es): a backlog of {m['articles']:,} articles in {m['seconds']:.0f} s "
                      f"({m['articles'] / m['seconds']:.1f}/s); RSS {m['start_mb']:.0f} MB at the first sample, peak "
                      f"{m['peak_mb']:.0f} MB, end {m['end_mb']:.0f} MB; by quarter of the run, medians "
                      f"{' / '.join(f'{x:.0f}' for x in medians)} MB and peaks {' / '.join(f'{x:.0f}' for x in peaks)} MB "
                      "(it swings with the length of the articles in a batch, it does not grow)."]
        lines.append("")
    lines += ["## Where an article's time goes (one process, ms per article, batches of 16, best of 3 unless said)", ""]
    parts = r["profile"]
    rows = [[PARTS.get(k, k), spread([1000 * p[k] for p in parts])] for k in parts[0] if k in PARTS]
    rows.append(["so: tagging besides NER (entities, topics, keywords, quotes, language, near-duplicates)",
                 spread([1000 * (p["rest_of_tagging"]) for p in parts])])
    lines += table(["part", "ms"], rows)
    lines += by_part(r)
    lines += reading(r)
    return "\n".join(lines) + "\n"


def _batching(r: dict) -> list[str]:
    """Throughput on a backlog by batch cap (batches are full on a backlog, so this is the cost of
    smaller ones)."""
    if not r.get("batching"):
        return []
    rows = [[cap, spread([x["articles_per_second"] for x in runs]),
             spread([x["articles_per_batch"] for x in runs], "{:.2f}")] for cap, runs in r["batching"].items()]
    return ["## Batch cap on a backlog (1 worker, default stage processes; the caps interleaved in each repeat)", "",
            *table(["NEWSWORKER_BATCH_SIZE", "articles/s", "articles per batch"], rows)]


def by_part(r: dict) -> list[str]:
    """Both stages part by part, as a share of their whole time."""
    if not r.get("breakdown"):
        return []
    runs = r["breakdown"]
    names = [k for k in runs[0] if k != "total"]
    rows = [[name, spread([1000 * x[name] for x in runs]), spread([100 * x[name] / x["total"] for x in runs], "{:.1f} %")]
            for name in names]
    rows.append(["both stages", spread([1000 * x["total"] for x in runs]), "100 %"])
    return ["## Both stages part by part (one process, one pass over articles not seen before, batches of 16)", "",
            *table(["part", "ms per article", "share"], rows)]


def reading(r: dict) -> list[str]:
    """What the numbers say about the throughput goals, from the numbers themselves."""
    p = r["profile"]
    both = statistics.median(x["clean_and_tag, first pass"] for x in p)
    raw = 1 / statistics.median(r["raw_ner"])
    one = r["throughput"]["1 worker, 1 process"]
    rate = statistics.median(x["articles_per_second"] for x in one)
    lines = ["## Reading", "",
             f"- Raw NER costs {1000 * raw:.0f} ms per article (one pass over the throughput articles). In one "
             f"process, both stages cost {1000 * both:.0f} ms per article on articles not seen before "
             f"({raw / both:.2f}x): the work besides NER (cleaning, entity resolution, topics, keywords, quotes, "
             "language, near-duplicates, JSON) is what separates the stages from raw NER. 0.9x leaves "
             f"{1000 * raw / 9:.1f} ms per article for all of it."]
    if all("stage_cores" in x for x in one):
        busy = statistics.median(x["stage_cores"] for x in one)
        worker = statistics.median(x["cores_used"] - x["stage_cores"] for x in one)
        lines.append(
            f"- Through the broker one stage process gives {rate:.1f} articles/s = {1000 / rate:.0f} ms per article; "
            f"the stage process was busy {100 * busy:.0f} % of the time (the next batch runs its stages while one is "
            f"published) and the worker process itself used {worker:.2f} of a CPU (fetching, publishing, accounting).")
    else:
        lines.append(f"- Through the broker one stage process gives {rate:.1f} articles/s = {1000 / rate:.0f} ms per "
                     "article.")
    if r.get("ner_only"):
        alone = statistics.median(x["articles_per_second"] for x in r["ner_only"])
        lines.append(
            f"- The worker whose tag stage runs only the NER model gives {alone:.1f} articles/s on the same articles "
            f"({alone * raw:.2f}x raw NER): the tagging besides NER (entities, topics, keywords, quotes, language, "
            f"near-duplicates) costs {1000 / rate - 1000 / alone:.0f} ms per article in the stream.")
    lines += _cpu_budget(r)
    lines += _ner_share(r)
    return lines + [""]


def _ner_share(r: dict) -> list[str]:
    """The most the stages can give against raw NER while the work besides NER stays as it is."""
    if not r.get("breakdown"):
        return []
    share = statistics.median(x["NER"] / x["total"] for x in r["breakdown"])
    tagger, raw = (statistics.median(1000 * x[k] for x in r["profile"]) for k in ("ner", "raw_ner"))
    return [f"- NER is {100 * share:.0f} % of both stages' time in one process. NER through the tagger costs about "
            f"what raw NER costs ({tagger:.0f} against {raw:.0f} ms per article above), so while the rest stays as it "
            f"is, one stage process gives at most about {share:.2f}x raw NER, "
            f"before any runtime cost; 0.9x needs the work besides NER at or under {100 / 9:.0f} % of NER's own time "
            f"(it is {100 * (1 - share) / share:.0f} % now)."]


def _cpu_budget(r: dict) -> list[str]:
    """Where the machine's CPUs went in the runs that use both cores."""
    lines = []
    for name in ("1 worker, 2 processes", "2 workers, 1 process each"):
        runs = r["throughput"][name]
        if not all("broker_cores" in x for x in runs):
            continue
        stage, worker, broker, bench = (statistics.median(f(x) for x in runs) for f in (
            lambda x: x["stage_cores"], lambda x: x["cores_used"] - x["stage_cores"],
            lambda x: x["broker_cores"], lambda x: x["bench_cores"]))
        one = r["throughput"]["1 worker, 1 process"]
        per_cpu = statistics.median(x["articles_per_second"] / x["stage_cores"] for x in one)
        rate = statistics.median(x["articles_per_second"] for x in runs)
        lines.append(
            f"- {name}: of the machine's {r.get('cpus', 2)} CPUs, the stage processes used {stage:.2f}, the worker "
            f"process(es) {worker:.2f}, the broker {broker:.2f} and this benchmark {bench:.2f}. Per CPU of stage "
            f"process that is {rate / stage:.1f} articles/s against {per_cpu:.1f} with one process.")
    return lines
