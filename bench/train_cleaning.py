"""Rebuild the cleaning stage's boilerplate model (worker/cleaning/model/boilerplate-model.json)
from ../shared/train/fundus-parser and ../shared/eval/html-news. Deterministic: the same data give
the same file (`cmp`), also with the other BLAS and libm kernels a CPU may pick (checked with
OPENBLAS_CORETYPE=Prescott or Haswell, and GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX,-FMA4).
Takes about a minute on one core.

    OMP_NUM_THREADS=1 .venv/bin/python bench/train_cleaning.py [--out FILE]
"""

from __future__ import annotations

import sys

from worker.evaluation._cleaning_training import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
