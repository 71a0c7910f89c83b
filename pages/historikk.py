"""Importhistorikk: every import, who and when, and undo."""

import pandas as pd
import streamlit as st

from analytics import ingest, ui
from analytics.core import access
from analytics.core.text import fmt_datetime, fmt_number, kind_name, t
from analytics.store import StoreError

ui.use_router()
ui.require(access.IMPORT)

st.title(t("page_history"))
st.markdown(t("history_intro"))
store = ui.store()
waiting = [r["round"] for r in store.rounds() if not r["published"]]
if waiting:
    ui.alert("info", t("publish_waiting", rounds=", ".join(waiting)), icon=":material/schedule:")
records = ingest.history(store)
if not records:
    st.info(t("history_empty"))
    st.stop()


def _status(record: dict) -> str:
    if record["kind"] == "undo":
        return t("history_undo_of", ids=", ".join(map(str, record["undoes"])))
    if record["kind"] == "meeting":
        return t("history_meeting")
    return t("history_active") if record["active"] else t("history_undone", by=record["undone_by"])


table = pd.DataFrame(
    {
        t("col_import"): [r["id"] for r in records],
        t("col_at"): [fmt_datetime(r["at"]) for r in records],
        t("col_kind"): [kind_name(r["kind"]) for r in records],
        t("col_file"): [r["file_name"] or "" for r in records],
        t("col_form"): [r["form"] or "" for r in records],
        t("col_who"): [r["who"] for r in records],
        t("col_respondents"): [r["respondents"] for r in records],
        t("col_rows"): [sum(r["tables"].values()) for r in records],
        t("col_refresh"): [fmt_number(r["refresh"]["seconds"]) if r["refresh"] else None for r in records],
        t("col_status"): [_status(r) for r in records],
    }
)
st.dataframe(table, hide_index=True, placeholder=ui.MISSING, key="history_table")

active = {r["id"]: f"{r['id']} · {r['file_name']} · {fmt_datetime(r['at'])}" for r in records if r["active"]}
if active:
    choice = st.selectbox(t("history_undo_choice"), list(active), format_func=active.get, key="undo_choice")
    sure = st.checkbox(t("history_undo_confirm"), key="undo_confirm")
    if st.button(t("history_undo_button"), disabled=not sure, key="undo_button"):
        ui.require(access.IMPORT)
        try:
            ingest.undo_import(store, choice, ui.who())
            st.session_state["undo_done"] = choice
        except (ingest.ImportRefused, StoreError) as refusal:
            st.session_state["undo_refused"] = str(refusal)
        st.rerun()
if "undo_refused" in st.session_state:
    ui.alert("error", st.session_state.pop("undo_refused"), icon=":material/block:")
if "undo_done" in st.session_state:
    st.success(t("history_undone_done", import_id=st.session_state.pop("undo_done")))
