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
    assert result["server_cpu_per_session_s"] > 0
    floor = result["floor"]
    assert floor["errors"] == [] and floor["charted"] == 2
    assert floor["server_peak_mb"] < result["server_peak_mb"]  # the bare page loads no app
    overview_row, floor_row = render_load(result)[-2:]
    assert overview_row.startswith("| Oversikt |")
    assert f"| {result['p95_s']:.2f} |" in overview_row and "| 0 (aim 0: met) |" in overview_row
    assert floor_row.startswith("| Floor: bare page") and f"| {floor['p95_s']:.2f} |" in floor_row
