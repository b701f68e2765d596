"""Rebuild the cleaning stage's boilerplate model (worker/cleaning/model/boilerplate-model.json)
from ../shared/train/fundus-parser and ../shared/eval/html-news. Deterministic: the same data give
the same file on the same machine. On another CPU some weights may differ in their last stored
decimal (the logistic regressions stop within their solver's tolerance, and floating-point sums
can round otherwise); the leave-publisher-out HTML scores of both labelled sets came out the
same on both machines. Takes about a minute on one core.

    OMP_NUM_THREADS=1 .venv/bin/python bench/train_cleaning.py [--out FILE]
"""

from __future__ import annotations

import sys

from worker.evaluation._cleaning_training import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
