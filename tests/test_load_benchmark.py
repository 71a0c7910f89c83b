"""The meeting-room load test's own code runs end to end (no timing is asserted here)."""

from benchmark.load import measure_load, render_load


def test_two_sessions_at_once_are_measured_and_reported():
    result = measure_load(sessions=2, timeout_s=120)
    assert result["errors"] == []
    assert result["sessions"] == result["charted"] == len(result["times_s"]) == 2
    assert result["single_s"] > 0 and all(seconds > 0 for seconds in result["times_s"])
    assert result["p95_s"] == max(result["times_s"])
    assert result["ratio"] == result["p95_s"] / result["single_s"]
    assert result["finished_max_s"] >= result["p95_s"] and result["single_finished_s"] >= result["single_s"]
    assert result["server_peak_mb"] > 50  # a Streamlit server with the app loaded
    row = render_load(result)[-1]
    assert f"| {result['p95_s']:.2f} |" in row and "| 0 (aim 0: met) |" in row
