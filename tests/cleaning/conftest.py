from pathlib import Path

import pytest

from worker import cleaning

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return (SAMPLES / "independent-rutte-nato.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_article(sample_text) -> dict:
    return cleaning.clean({"url": "https://www.independent.co.uk/news/rutte-nato", "source": "The Independent",
                           "text": sample_text})
