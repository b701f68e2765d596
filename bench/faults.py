"""The fault suite: every scenario against real worker processes and the bundled broker.

    .venv/bin/python bench/faults.py            # the full suite (about an hour on 2 cores)
    .venv/bin/python bench/faults.py --short    # smaller counts, as CI runs a part of it

Prints the table (scenario, messages, lost, duplicates, recovery) and writes it, with the hostile
texts' times and the RSS samples, to bench/results/faults.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.faults import scenarios  # noqa: E402
from worker.kafka.dev_broker import DevBroker  # noqa: E402


def table(rows: list[scenarios.Row]) -> str:
    lines = ["| scenario | messages | enriched | dead letters | lost | duplicates | recovery | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        recovery = "-" if r.recovery_seconds is None else f"{r.recovery_seconds:.1f} s"
        lines.append(f"| {r.scenario} | {r.sent} | {r.enriched} | {r.dead} | {r.lost} | {r.duplicates} | "
                     f"{recovery} | {'; '.join(r.notes)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="smaller counts (minutes, not an hour)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "faults.md")
    args = parser.parse_args()
    scale = 0.1 if args.short else 1.0
    work = Path(tempfile.mkdtemp(prefix="newsworker-faults-"))
    with DevBroker(log_path=str(work / "broker.log")) as broker:
        b = broker.bootstrap
        rows = [scenarios.sigkill(b, work, int(2000 * scale)),
                scenarios.rebalance(b, work, int(3000 * scale)),
                scenarios.sigstop(b, work, int(2000 * scale), 40 * scale if args.short else 40),
                scenarios.poison_storm(b, work, int(2000 * scale)),
                scenarios.slow_stage(b, work, int(100 * scale) or 20)]
        offline, offline_peak = scenarios.hostile_offline(work)
        hostile_row, times = scenarios.hostile_texts(b, work, 5)
        backlog_row, samples = scenarios.backlog(b, work, int(20_000 * scale))
        rows += [hostile_row, backlog_row]
    rows += scenarios.network_faults(work, int(2000 * scale), 30.0)
    report = "\n\n".join([
        f"# Fault suite ({'short' if args.short else 'full'}): `{' '.join(sys.argv)}`", table(rows),
        "## Hostile texts: seconds until accounted for\n\n| text | worker | enrich |\n|---|---|---|\n"
        + "\n".join(f"| {k} | {v:.1f} s | {offline.get(k, float('nan')):.1f} s |" for k, v in times.items())
        + f"\n\nenrich peak RSS {offline_peak:.0f} MB",
        "## Backlog RSS (MB) every 5 s\n\n" + ", ".join(f"{t:.0f}s {m:.0f}" for t, m in samples)])
    args.out.write_text(report + "\n")
    print(report)
    print(f"logs: {work}")
    return 0 if all(r.lost == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
