"""A real worker whose tagger misbehaves on purpose (see tests/stream/hostile_taggers.py): an
exception inside a stage must become a dead letter, a hang must fire the stall watchdog behind /readyz.

Run as `python tests/misbehaving_worker.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stream.hostile_taggers import hostile_tagger  # noqa: E402
from worker.core.settings import from_env  # noqa: E402
from worker.stream.stage_pool import StagePool  # noqa: E402
from worker.stream.worker import run_worker  # noqa: E402

if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, stages=StagePool(settings, make_tagger=hostile_tagger))
