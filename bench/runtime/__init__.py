"""Parts of the runtime benchmark (bench/bench_runtime.py): the corpus, the measurements, the report."""
