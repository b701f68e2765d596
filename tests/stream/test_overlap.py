"""Overlapping batches finish in the order they started, with a bounded number running and in flight."""

import asyncio

from worker.stream.overlap import InOrder


def run(coro):
    return asyncio.run(coro)


def test_a_later_batch_whose_stages_finish_first_still_publishes_after_the_earlier_one():
    async def scenario():
        overlap, events = InOrder(running=2), []

        def first(name, seconds):
            async def stages():
                events.append(f"{name} stages start")
                await asyncio.sleep(seconds)
                events.append(f"{name} stages end")
                return name
            return stages

        async def then(name):
            events.append(f"{name} published")

        for name, seconds in (("a", 0.05), ("b", 0.0)):
            await overlap.room()
            overlap.start(first(name, seconds), then)
        await overlap.join()
        return events

    events = run(scenario())
    assert events.index("b stages start") < events.index("a stages end")  # they overlapped
    assert events.index("b stages end") < events.index("a stages end")
    assert events.index("a published") < events.index("b published")


def test_no_more_than_depth_batches_are_in_flight():
    async def scenario():
        overlap, in_flight, most = InOrder(depth=2), 0, 0

        async def first():
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            await asyncio.sleep(0.01)

        async def then(_):
            nonlocal in_flight
            await asyncio.sleep(0.01)
            in_flight -= 1

        for _ in range(6):
            await overlap.room()
            overlap.start(first, then)
        await overlap.join()
        return most, in_flight

    most, left = run(scenario())
    assert most == 2
    assert left == 0


def test_the_publish_step_waits_for_every_earlier_batch_not_only_the_one_before():
    async def scenario():
        overlap, published = InOrder(running=3), []

        def first(seconds):
            async def stages():
                await asyncio.sleep(seconds)
                return seconds
            return stages

        async def then(seconds):
            published.append(seconds)

        for seconds in (0.06, 0.03, 0.0):
            await overlap.room()
            overlap.start(first(seconds), then)
        await overlap.join()
        return published

    assert run(scenario()) == [0.06, 0.03, 0.0]


def test_a_batch_is_taken_only_when_a_running_one_has_finished_its_stages():
    async def scenario():
        overlap, events = InOrder(running=1, depth=3), []

        def first(name):
            async def stages():
                events.append(f"{name} stages start")
                await asyncio.sleep(0.02)
                events.append(f"{name} stages end")
                return name
            return stages

        async def then(name):
            await asyncio.sleep(0.05)
            events.append(f"{name} published")

        for name in "abc":
            await overlap.room()
            events.append(f"{name} taken")
            overlap.start(first(name), then)
        await overlap.join()
        return events

    events = run(scenario())
    assert events.index("b taken") > events.index("a stages end")
    assert events.index("c taken") > events.index("b stages end")
    assert events.index("b stages start") < events.index("a published")  # publishing does not hold it up
    assert [e for e in events if e.endswith("published")] == ["a published", "b published", "c published"]
