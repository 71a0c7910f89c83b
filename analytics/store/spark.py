"""The aggregate refresh on Apache Spark, from the same SQL files as DuckDB's.

National data (every municipality's answers, hundreds of millions of rows)
does not fit one machine's refresh. Spark reads the data folder's
Hive-style Parquet files (locally, or from object storage through
``--spark-root``), runs ``sql/<table>.sql`` transpiled from DuckDB's dialect
to Spark's with sqlglot, and hands the small result back to the store, which
commits it like any other refresh. The app then reads only the aggregates.

Without ``spark-submit`` the session runs in local mode, bound to loopback,
with its web UI off; under ``spark-submit`` it joins the submitted cluster.
PySpark and sqlglot are optional (``requirements-spark.txt``): only this
module imports them.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd

from analytics.core.text import t
from analytics.store.folder import (
    DERIVED_TABLES,
    SQL_DIR,
    Compute,
    Store,
    StoreError,
    codebook_frame,
    strategy_params,
)

# Local mode only: loopback, no UI, few shuffle partitions (the aggregates are small).
LOCAL_CONFIG = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
}
# Always: a round is a label ("02" is not 2), as in the store's own reads.
SESSION_CONFIG = {
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    # Spark's progress bars would fill the terminal of `refresh --engine spark`.
    "spark.ui.showConsoleProgress": "false",
}


def spark_sql(name: str) -> str:
    """``sql/<name>.sql`` in Spark's dialect (transpiled from DuckDB's by sqlglot)."""
    import sqlglot

    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    tree = sqlglot.parse_one(text, read="duckdb")
    # Spark has no MATERIALIZED hint on a CTE (it reuses what it can by itself).
    for cte in tree.find_all(sqlglot.exp.CTE):
        cte.set("materialized", None)
    return tree.sql(dialect="spark")


def session(master: str = "local[2]"):
    """A SparkSession: the one ``spark-submit`` started, else local mode on loopback."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise StoreError(t("spark_missing")) from None
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise StoreError(t("spark_no_java"))
    builder = SparkSession.builder.appName("innovasjonsbarometeret-refresh")
    # spark-submit starts the JVM first and passes its gateway to Python.
    if "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(master)
        for key, value in LOCAL_CONFIG.items():
            builder = builder.config(key, value)
    for key, value in SESSION_CONFIG.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def compute(store: Store, spark, root: str | None = None) -> Compute:
    """A refresh function for :meth:`Store.refresh` that runs on ``spark``.

    ``root`` is where Spark finds the data folder's files (a URI such as
    ``s3a://bucket/store`` when the folder is mirrored to object storage);
    by default the data folder itself.
    """
    base = (root or store.data_dir.resolve().as_uri()).rstrip("/")

    def run(name: str, tables: dict[str, str]) -> pd.DataFrame:
        manifest = {"tables": tables}
        for source in DERIVED_TABLES[name]:
            located = store.table_files(source, manifest)
            if located["partition_by"] and located["files"]:
                frame = spark.read.option("basePath", f"{base}/{located['base']}").parquet(
                    *(f"{base}/{path}" for path in located["files"])
                )
            else:
                frame = spark.read.parquet(f"{base}/{located['schema']}")
            frame.createOrReplaceTempView(source)
        codebook = codebook_frame()
        rows = list(codebook.itertuples(index=False, name=None))
        spark.createDataFrame(rows, schema="item_id string, indicator string").createOrReplaceTempView(
            "codebook"
        )
        try:
            # Through Arrow: the result is small, and pandas never passes through PySpark's converters.
            return spark.sql(spark_sql(name), args=strategy_params()).toArrow().to_pandas()
        except Exception as exc:  # Spark's errors come from the JVM, of many classes
            raise StoreError(t("spark_failed", error=str(exc).splitlines()[0])) from exc

    return run
