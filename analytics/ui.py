"""The one Streamlit-aware helper module: cached data access and shared widgets.

Query results are cached per data folder and manifest version, so a page
rerun reads memory, and a new import (a new version) is picked up at once.
"""

from __future__ import annotations

import runpy

import pandas as pd
import streamlit as st

from analytics import access, culture, portfolio, settings, targets, templates
from analytics.config import REPO_ROOT, Config, load_config
from analytics.export import to_csv_bytes, to_xlsx_bytes
from analytics.framework import framework
from analytics.ingest import load_demo
from analytics.ingest.tables import KIND_TABLES, conform
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
    """The settings in force: the environment's, with those an admin saved in the data folder."""
    return settings.effective(load_config(), store().settings())


def store() -> Store:
    """The data folder's store, shared by all sessions of this process."""
    return _store(str(load_config().data_dir))


# ---------------------------------------------------------------- access and audit


def _secrets_table(name: str) -> dict | None:
    try:
        table = st.secrets.get(name)
    except FileNotFoundError:  # no secrets.toml at all: sign-in is not configured
        return None
    return None if table is None else dict(table)


def viewer() -> access.Viewer:
    """Who uses this session and what they may do, worked out afresh on every run.

    Without sign-in, whether the data is the demo decides what another
    machine sees; an empty folder gets the demo on its first page run.
    """
    current = store()
    demo_data = current.is_demo() or (not current.has_data() and load_config().demo_on_empty)
    return access.resolve(
        _secrets_table("auth"),
        _secrets_table("roles"),
        st.user.to_dict(),
        st.context.ip_address,
        dict(st.context.headers),
        demo_data,
    )


def allowed(permission: str) -> bool:
    return viewer().can(permission)


def require(permission: str) -> None:
    """Stop the run unless the viewer has ``permission`` (checked where an action happens)."""
    if not allowed(permission):
        st.error(t("access_denied"), icon=":material/block:")
        st.stop()


def who() -> str:
    """Who an action is recorded as: the signed-in e-mail, or «lokal bruker» without sign-in."""
    return viewer().who


def audit(action: str, detail: str) -> None:
    """Append an entry to the audit trail in the data folder."""
    store().append_audit(who(), action, detail)


def audit_sign_in(current: access.Viewer) -> None:
    """One audit entry per signed-in session."""
    if current.mode == "signed_in" and not st.session_state.get("_audited_sign_in"):
        store().append_audit(current.who, "sign_in", ", ".join(current.roles) or t("access_no_role_short"))
        st.session_state["_audited_sign_in"] = True


def roles() -> dict[str, tuple[str, ...]]:
    """The ``[roles]`` table (empty without sign-in)."""
    return access.check_roles(_secrets_table("roles") or {}) if _secrets_table("auth") else {}


def save_setting(changes: dict, detail: str) -> None:
    """Store changed settings in the data folder (audited); admin only, checked here."""
    require(access.SETTINGS)
    store().save_settings(changes, who(), detail)


def require_data() -> Store:
    """The store, with data in it: writes the demo on first start if allowed,
    otherwise says how to import and stops the page. Stops too when the
    viewer may not see the data (imported data reached from another machine
    without sign-in)."""
    require(access.VIEW)
    current = store()
    if not current.has_data():
        if config().demo_on_empty:
            with st.spinner(t("writing_demo")):
                load_demo(current)
        else:
            st.info(t("no_data", data_dir=current.data_dir))
            st.stop()
    require(access.VIEW)
    if current.is_demo():
        banner = t("demo_banner", municipality=framework().municipality)
        if viewer().mode in ("local", "demo"):
            banner = f"**{t('demo_no_sign_in')}.** {banner}"
        st.info(banner, icon=":material/science:")
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
    """Leadership's targets (saved in the app, else the targets file), or ``None`` and a
    bokmål message when they are not usable."""
    try:
        stored = settings.stored_targets(store().settings())
        return (stored if stored is not None else targets.load_targets()), None
    except targets.TargetsError as exc:
        return None, str(exc)


def project_summaries() -> list[dict]:
    """Each project's latest fundament assessment (as the CLI's ``projects``)."""
    tables = portfolio_tables()
    return portfolio.project_summaries(
        *(tables[name] for name in ("projects", "assessments", "phases", "actors"))
    )


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
    """CSV and Excel download buttons for a table (formula-safe); each download is audited."""
    if not allowed(access.VIEW):
        return
    left, right = st.columns(2)
    for column, file_name, data, mime, label, suffix in (
        (left, f"{name}.csv", to_csv_bytes(frame), "text/csv", t("download_csv"), "csv"),
        (right, f"{name}.xlsx", to_xlsx_bytes({name: frame}), XLSX_MIME, t("download_xlsx"), "xlsx"),
    ):
        column.download_button(
            label,
            data,
            file_name,
            mime,
            key=f"{key}_{suffix}",
            on_click=audit,
            args=("download", file_name),
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


def padriver_name(project_id: str) -> str | None:
    """The pådriver's name (personal data): only for a viewer allowed to see it, else ``None``."""
    if not allowed(access.PERSONAL):
        return None
    return portfolio.padriver_of(portfolio_tables()["projects"], project_id)


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
