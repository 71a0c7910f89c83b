"""The meeting-room load test's own code runs end to end (no timing is asserted here)."""

import os
import shutil

import pytest

from benchmark.load import measure_load, render_load

pytestmark = pytest.mark.browser

if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing on the CI machine: apt-get install chromium")
    pytest.skip("The load test needs Debian's chromium (apt-get install chromium).", allow_module_level=True)


def test_two_sessions_at_once_are_measured_and_reported():
    result = measure_load(sessions=2, timeout_s=120)
    assert result["errors"] == []
    assert result["sessions"] == result["charted"] == len(result["times_s"]) == 2
    assert result["single_s"] > 0 and all(seconds > 0 for seconds in result["times_s"])
    assert result["p95_s"] == max(result["times_s"])
    assert result["ratio"] == result["p95_s"] / result["single_s"]
    assert result["server_peak_mb"] > 50  # a Streamlit server with the app loaded
    row = render_load(result)[-1]
    assert f"| {result['p95_s']:.2f} |" in row and "| 0 (aim 0: met) |" in row
