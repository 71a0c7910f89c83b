"""The one Streamlit-aware helper module: cached data access and shared widgets.

Query results are cached per data folder and manifest version, so a page
rerun reads memory, and a new import (a new version) is picked up at once.
"""

from __future__ import annotations

import runpy

import pandas as pd
import streamlit as st

from analytics import culture, portfolio, targets, templates
from analytics.config import REPO_ROOT, Config, load_config
from analytics.export import to_csv_bytes, to_xlsx_bytes
from analytics.framework import framework
from analytics.ingest import load_demo
from analytics.schema import KIND_TABLES, conform
from analytics.store import Store
from analytics.text import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def use_router() -> None:
    """Run this page through ``app.py``'s navigation, also on a server's first request.

    Streamlit keeps its older multipage mode for apps with a ``pages/`` folder
    until some session has run ``st.navigation``: the first request after a
    start that names a page (a bookmark such as ``/prosjekter``) would run the
    page script alone, without the router's navigation and page settings.
    Every page calls this first. In that mode it switches the old mode off and
    runs ``app.py`` in its place, in the same script run (so a button click is
    not lost), which draws the navigation and runs this page; then it stops.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
        st.stop()


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
def _culture_cells(data_dir: str, version: int, threshold: int) -> pd.DataFrame:
    return culture.suppress(_store(data_dir).query("culture_cells"), threshold)


def culture_cells() -> pd.DataFrame:
    """Every pre-aggregated culture cell with suppression applied (the only form pages see).

    One suppression over all slices and measures, so that no combination of
    views lets a hidden figure be worked out.
    """
    current = store()
    return _culture_cells(str(current.data_dir), current.version(), config().anonymity_threshold)


def has_survey() -> bool:
    """True once survey answers (and so their aggregate) are stored."""
    return "agg_culture" in store().manifest()["tables"]


def culture_targets() -> tuple[pd.DataFrame | None, str | None]:
    """Leadership's targets, or ``None`` and a bokmål message when the file is not usable."""
    try:
        return targets.load_targets(), None
    except targets.TargetsError as exc:
        return None, str(exc)


def project_summaries() -> list[dict]:
    """Each project's latest fundament assessment (as the CLI's ``projects``)."""
    tables = portfolio_tables()
    return portfolio.project_summaries(
        *(tables[name] for name in ("projects", "assessments", "phases", "actors"))
    )


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


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel download buttons for a table (formula-safe)."""
    left, right = st.columns(2)
    left.download_button(t("download_csv"), to_csv_bytes(frame), f"{name}.csv", "text/csv", key=f"{key}_csv")
    right.download_button(
        t("download_xlsx"),
        to_xlsx_bytes({name: frame}),
        f"{name}.xlsx",
        XLSX_MIME,
        key=f"{key}_xlsx",
    )


def numbers_behind(frame: pd.DataFrame, name: str, key: str) -> None:
    """The table behind a chart, with CSV and Excel downloads (formula-safe).

    A static HTML table (``st.table``), because screen readers can read it,
    unlike the canvas of ``st.dataframe``.
    """
    with st.expander(t("numbers_behind")):
        st.table(frame, hide_index=True)
        downloads(frame, name, key)


# ---------------------------------------------------------------- project portfolio and instruments

PORTFOLIO_TABLES = ("projects", "assessments", "phases", "actors", "outcomes", "events", "event_plan")


@st.cache_data(show_spinner=False)
def _portfolio_tables(data_dir: str, version: int) -> dict[str, pd.DataFrame]:
    current = _store(data_dir)
    manifest = current.manifest()
    # A table not imported yet is an empty frame with the spec's columns.
    return {name: conform(name, current.table(name, manifest)) for name in PORTFOLIO_TABLES}


def portfolio_tables() -> dict[str, pd.DataFrame]:
    """The project and instrument tables, typed by their specs (empty when not imported)."""
    current = store()
    return _portfolio_tables(str(current.data_dir), current.version())


def template_downloads(kind: str) -> None:
    """The import templates of ``kind`` (projects or events): one workbook and one CSV per table."""
    st.markdown(t("templates_intro", kind=kind))
    st.download_button(
        t("template_xlsx"),
        templates.template_xlsx(kind),
        f"mal_{kind}.xlsx",
        XLSX_MIME,
        key=f"template_{kind}_xlsx",
    )
    columns = st.columns(len(KIND_TABLES[kind]))
    for column, name in zip(columns, KIND_TABLES[kind]):
        column.download_button(
            t("template_csv", table=name),
            templates.template_csv(name),
            f"mal_{name}.csv",
            "text/csv",
            key=f"template_{name}_csv",
        )
    st.dataframe(templates.explanation(kind), hide_index=True, key=f"template_{kind}_explanation")
