from bench.runtime import report


def run(p99: float, busy: float | None = None) -> dict:
    return {"p99": p99, **({"busy": busy} if busy is not None else {})}


def test_the_runs_near_capacity_are_listed_by_the_load_they_met():
    latency = {"0.5 R": [run(0.5, 0.5)], "0.8 R": [run(2.5, 0.95), run(1.5, 0.8)],
               "0.8 R, batches of 16": [run(4.0, 0.9)], "0.8 R, older": [run(9.0)]}
    [line, _] = report._by_load(latency)
    assert line.endswith("80 % busy: 1.50 s (default); 90 % busy: 4.00 s (batches of 16); 95 % busy: 2.50 s (default).")


def test_runs_measured_before_the_load_was_recorded_show_no_load():
    assert report._by_load({"0.8 R": [run(2.0)]}) == []
    assert report._busy([run(2.0)]) == "-"
    assert report._busy([run(1.0, 0.5), run(1.0, 0.7)]) == "60 % (50 %, 70 %)"
