"""The one Streamlit-aware helper module: cached data access and shared widgets.

Query results are cached per data folder and manifest version, so a page
rerun reads memory, and a new import (a new version) is picked up at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import portfolio
from analytics.config import Config, load_config
from analytics.export import to_csv_bytes, to_xlsx_bytes
from analytics.framework import framework
from analytics.ingest import load_demo
from analytics.ingest.tables import conform
from analytics.store import Store
from analytics.text import t


@st.cache_resource
def _store(data_dir: str) -> Store:
    return Store(data_dir)


def config() -> Config:
    return load_config()


def store() -> Store:
    """The data folder's store, shared by all sessions of this process."""
    return _store(str(config().data_dir))


def require_data() -> Store:
    """The store, with data in it: writes the demo on first start if allowed,
    otherwise says how to import and stops the page."""
    current = store()
    if not current.has_data():
        if config().demo_on_empty:
            with st.spinner(t("writing_demo")):
                load_demo(current)
        else:
            st.info(t("no_data", data_dir=current.data_dir))
            st.stop()
    if current.is_demo():
        st.info(t("demo_banner", municipality=framework().municipality), icon=":material/science:")
    return current


@st.cache_data(show_spinner=False)
def _culture_cells(data_dir: str, version: int, with_unit_group: bool) -> pd.DataFrame:
    return _store(data_dir).query("culture_cells", {"with_unit_group": with_unit_group})


def culture_cells(with_unit_group: bool = False) -> pd.DataFrame:
    """The pre-aggregated culture cells, unsuppressed (suppress before showing)."""
    current = store()
    return _culture_cells(str(current.data_dir), current.version(), with_unit_group)


@st.cache_data(show_spinner=False)
def _project_summaries(data_dir: str, version: int) -> list[dict]:
    current = _store(data_dir)
    manifest = current.manifest()
    return portfolio.project_summaries(
        *(current.table(name, manifest) for name in ("projects", "assessments", "phases", "actors"))
    )


def project_summaries() -> list[dict]:
    """Each project's latest fundament assessment (as the CLI's ``projects``)."""
    current = store()
    return _project_summaries(str(current.data_dir), current.version())


def who() -> str:
    """Who an import from the app is recorded as (no roles yet: the open demo mode)."""
    return "app (demomodus)"


def unit_map() -> pd.DataFrame:
    """The unit table (alias, unit, valid_from, valid_to) for editing."""
    table = store().table("unit_map")
    return table if not table.empty else conform("unit_map", pd.DataFrame())


def header_map() -> pd.DataFrame:
    """The remembered column mappings (form, header, target) for editing."""
    table = store().table("header_map")
    return table if not table.empty else conform("header_map", pd.DataFrame())


def takeaway(sentence: str) -> None:
    """The one-sentence reading of a chart, shown above it in bold."""
    st.markdown(f"**{sentence}**")


def numbers_behind(frame: pd.DataFrame, name: str, key: str) -> None:
    """The table behind a chart, with CSV and Excel downloads (formula-safe)."""
    with st.expander(t("numbers_behind")):
        st.dataframe(frame, hide_index=True, key=f"{key}_table")
        left, right = st.columns(2)
        left.download_button(
            t("download_csv"), to_csv_bytes(frame), f"{name}.csv", "text/csv", key=f"{key}_csv"
        )
        right.download_button(
            t("download_xlsx"),
            to_xlsx_bytes({name: frame}),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
        )
