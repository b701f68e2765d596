"""The service's topics through the Kafka admin API: their configs, creating and describing them."""

from __future__ import annotations

from aiokafka.admin import NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError

from worker.core.settings import MAX_REQUEST_BYTES, Settings
from worker.kafka.clients import admin

# Dead letters hold the whole original payload (base64), so they may be larger than any input.
DLQ_MAX_MESSAGE_BYTES = MAX_REQUEST_BYTES


def topic_configs(settings: Settings) -> dict[str, dict[str, str]]:
    t = settings.topics
    input_limit = str(settings.max_message_bytes * 2)
    output_limit = str(settings.max_output_bytes)
    return {
        t.raw: {"max.message.bytes": input_limit},
        t.replay: {"max.message.bytes": input_limit},
        t.cleaned: {"cleanup.policy": "compact", "max.message.bytes": output_limit},
        t.enriched: {"cleanup.policy": "compact", "max.message.bytes": output_limit},
        t.dlq: {"max.message.bytes": str(DLQ_MAX_MESSAGE_BYTES), "retention.ms": str(30 * 86400 * 1000)},
    }


async def create_topics(settings: Settings, partitions: int | None = None) -> list[str]:
    """Create the service's topics that do not exist yet; returns the names created."""
    async with admin(settings) as client:
        existing = set(await client.list_topics())
        wanted = [
            NewTopic(name, partitions or settings.topic_partitions, settings.replication_factor, topic_configs=config)
            for name, config in topic_configs(settings).items() if name not in existing
        ]
        if wanted:
            try:
                await client.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass
        return [t.name for t in wanted]


async def describe_topics(settings: Settings) -> list[dict]:
    """Name, partition count and configs of each of the service's topics that exists."""
    async with admin(settings) as client:
        existing = set(await client.list_topics())
        names = [n for n in settings.topics.all() if n in existing]
        if not names:
            return []
        metadata = {t["topic"]: t for t in await client.describe_topics(names)}
        configs = await client.describe_configs([ConfigResource(ConfigResourceType.TOPIC, n) for n in names])
        found = {}
        for response in configs:
            for resource in response.resources:
                name, entries = resource[3], resource[4]
                found[name] = {e[0]: e[1] for e in entries if e[1] is not None}
        return [{"name": n, "partitions": len(metadata[n]["partitions"]), "configs": found.get(n, {})} for n in names]
