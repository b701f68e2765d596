"""Rebuild the cleaning stage's boilerplate model (worker/cleaning/model/boilerplate-model.json)
from ../shared/train/fundus-parser and ../shared/eval/html-news. Deterministic: the same data give
the same file (`cmp`), also with the other BLAS and libm kernels a CPU may pick (checked with
OPENBLAS_CORETYPE=Prescott or Haswell, and GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX,-FMA4).
NumPy's AVX-512 kernels are turned off: their exp differs from the others in the last bit, and on a
CPU with AVX-512 one tree threshold of the file came out -1.5390000000000001 instead of -1.539.
Takes about a minute on one core.

    OMP_NUM_THREADS=1 .venv/bin/python bench/train_cleaning.py [--out FILE]
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "X86_V4 AVX512_ICL AVX512_SPR")  # before numpy is imported

from worker.evaluation._cleaning_training import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
