"""`refresh --engine spark`: Spark in local mode computes the same aggregate as DuckDB, cell for cell.

One SparkSession serves the module (starting Spark takes tens of seconds).
Skipped only where Java is missing outside CI; in CI (CI=true) a missing
Java is a failure.
"""

import os
import random
import shutil

import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.ingest import import_file, stream
from analytics.store import Store
from tests.unit.test_ingest_stream import _rows, _write

pytestmark = pytest.mark.spark

if not (shutil.which("java") or os.environ.get("JAVA_HOME")) and os.environ.get("CI") != "true":
    pytest.skip(
        "Java 17 is not installed, so Spark cannot run here (Debian: apt-get install "
        "openjdk-17-jre-headless). In CI a missing Java fails this test instead.",
        allow_module_level=True,
    )

KEYS = ["round", "indicator", "item_id", "unit", "group", "by_unit", "by_group"]


@pytest.fixture(scope="module")
def spark():
    from analytics.store import spark as spark_engine

    session = spark_engine.session()
    yield session
    session.stop()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(KEYS, na_position="first").reset_index(drop=True)


def _counts(frame: pd.DataFrame) -> list:
    return [None if v is None or v is pd.NA else [int(c) for c in v] for v in frame["answer_counts"]]


def test_refresh_with_spark_equals_duckdb_cell_for_cell(spark, demo_copy, tmp_path, monkeypatch, capsys):
    assert spark.conf.get("spark.driver.host") == "127.0.0.1"
    assert spark.conf.get("spark.ui.enabled") == "false"
    store = Store(demo_copy)
    # One more round, imported from a CSV by the streaming reader (as large files are, so Spark
    # reads the files DuckDB writes from staged answers), in a folder whose name needs escaping.
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    export = _write(tmp_path / "svar.csv", _rows(random.Random(13), 240))
    report = import_file(store, export, round_label="2024/25 vår")
    assert report.description == "CSV, UTF-8, skilletegn semikolon"
    assert report.respondents == 240
    duckdb_result = _sorted(store.table("agg_culture"))

    code = main(
        ["refresh", "--data-dir", str(demo_copy), "--engine", "spark", "--spark-root", demo_copy.as_uri()]
    )
    output = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "9 av 9 runder oppdatert" in output[0]
    assert output[1] == f"Aggregatene er beregnet på nytt med spark (ny versjon {store.version()})."
    assert store.manifest()["imports"][-1]["engine"] == "spark"

    spark_result = _sorted(store.table("agg_culture"))
    assert len(spark_result) == len(duckdb_result) > 0
    assert set(spark_result["round"]) == {*map(str, range(2017, 2025)), "2024/25 vår"}
    pd.testing.assert_frame_equal(spark_result[KEYS], duckdb_result[KEYS], check_dtype=False)
    # The answer distribution (one count per scale value; none for the index) is the same list.
    assert _counts(spark_result) == _counts(duckdb_result)
    assert any(counts and sum(counts) for counts in _counts(spark_result))
    # Counts are whole numbers in both (Spark hands nullable ones over as floats); figures to 1e-9.
    pd.testing.assert_frame_equal(
        spark_result.drop(columns=[*KEYS, "answer_counts"]).astype("float64"),
        duckdb_result.drop(columns=[*KEYS, "answer_counts"]).astype("float64"),
        check_exact=False,
        rtol=1e-9,
    )


def test_spark_prints_no_progress_bars(spark):
    # Spark draws its stage progress bars on the terminal unless this is off.
    assert spark.sparkContext.getConf().get("spark.ui.showConsoleProgress") == "false"
