"""No id of the bundled strategy is written into the product's code (``make check-ids``)."""

import subprocess
import sys

from tests.check_ids import check, find_ids, strategy_ids
from tests.conftest import REPO


def test_no_strategy_id_appears_in_analytics_or_pages():
    assert check() == []


def test_the_check_finds_ids_in_python_and_sql(tmp_path):
    indicators, ids = strategy_ids()
    assert {"K1", "ansatte", "forankring", "stoppet"} <= ids and "K1" in indicators
    code = tmp_path / "x.py"
    code.write_text('GROUP = "ansatte"\ntext = f"{n} svar på K3"\nprose = "de ansatte svarer"\n', "utf-8")
    assert find_ids(code, indicators, ids, "x.py") == ["x.py:1: «ansatte»", "x.py:2: «K3»"]
    query = tmp_path / "x.sql"
    query.write_text("SELECT 1 -- per K9\nWHERE phase = 'stoppet' AND note = 'stoppet her'\n", "utf-8")
    assert find_ids(query, indicators, ids, "x.sql") == ["x.sql:1: «K9»", "x.sql:2: «stoppet»"]


def test_the_command_says_so():
    result = subprocess.run(
        [sys.executable, "-m", "tests.check_ids"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("No indicator, group, fundament or phase id (23 ids)")
