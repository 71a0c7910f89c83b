"""Tiltak: where results call for action, the follow-up measures (editable), and their effect."""

import streamlit as st

from analytics import ingest, ui
from analytics.core import access
from analytics.core.framework import framework
from analytics.core.text import literal, t
from analytics.measures import actions, culture
from analytics.present import actions_text
from analytics.store import StoreError

ui.use_router()

fw = framework()
st.title(t("page_actions"))
st.markdown(t("actions_intro"))
store = ui.require_data()
if not ui.has_survey():
    st.info(t("actions_no_survey"))
    st.stop()

labels = actions_text.target_labels(fw)
table = ui.actions_table()
cells = ui.culture_cells()


def write(action: str, payload) -> None:
    """Every change this page makes to the stored data, in one place: the role is checked here,
    and each write writes its own audit entry."""
    ui.require(access.LEAD)
    try:
        if action == "save":
            report = ingest.save_actions(store, payload, ui.who())
            st.session_state.pop("action_drafts", None)
            if report is None:
                st.session_state["actions_message"] = ("info", t("actions_unchanged"))
            else:
                st.session_state["actions_last_save"] = report.import_id
                st.session_state["actions_message"] = (
                    "success",
                    t("actions_saved", import_id=report.import_id),
                )
        elif action == "undo":
            ingest.undo_import(store, payload, ui.who(), action="tiltak_undo")
            st.session_state.pop("actions_last_save", None)
            st.session_state["actions_message"] = ("success", t("actions_undone", import_id=payload))
    except (ingest.ImportRefused, StoreError) as refusal:
        st.session_state["actions_message"] = ("error", str(refusal))
    st.rerun()


# ---------------------------------------------------------------- where results call for action
target_table, _ = ui.culture_targets()
calls = actions.calls_for_action(cells, fw.indicator_ids, target_table, table)
latest = max(cells["round"])
st.header(t("actions_calls_title", round=latest))
st.markdown(t("actions_calls_intro"))
if calls.empty:
    st.info(t("actions_calls_none"))
OPEN_CALLS = 10  # the rest behind «Vis alle»


def call_line(number: int, call: dict) -> None:
    indicator = f"{call['indicator']} {labels[call['indicator']]}"
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(
        t(
            "actions_call_line",
            unit=literal(call["unit"]),
            indicator=indicator,
            details=actions_text.call_text(call),
        )
    )
    if right.button(
        t("actions_make"),
        key=f"make_action_{number}",
        help=t("actions_make_help", unit=literal(call["unit"]), indicator=indicator),
    ):
        st.session_state.setdefault("action_drafts", []).append(actions_text.draft(call, labels))


all_calls = calls.to_dict("records")
for number, call in enumerate(all_calls[:OPEN_CALLS]):
    call_line(number, call)
if len(all_calls) > OPEN_CALLS:
    with st.expander(t("actions_calls_all", count=len(all_calls))):
        for number, call in enumerate(all_calls[OPEN_CALLS:], start=OPEN_CALLS):
            call_line(number, call)
if not calls.empty:
    ui.numbers_behind(actions_text.calls_table(calls, labels), "tiltak_behov", "action_calls")

# ---------------------------------------------------------------- the measures, editable
st.header(t("actions_table_title"))
st.markdown(t("actions_table_intro"))
drafts = st.session_state.get("action_drafts", [])
if drafts:
    st.info(t("actions_drafts", count=len(drafts)))
base = actions.with_drafts(table, drafts)
projects = ui.portfolio_tables()["projects"]["project_id"].tolist()
edited = st.data_editor(
    base,
    num_rows="add",
    hide_index=True,
    placeholder="",
    column_config={
        "action_id": st.column_config.TextColumn(t("col_action_id")),
        "title": st.column_config.TextColumn(t("col_action_title"), required=True),
        "unit": st.column_config.SelectboxColumn(t("col_unit"), options=culture.units_of(cells)),
        "target": st.column_config.SelectboxColumn(
            t("col_action_target"), options=[*fw.indicator_ids, *fw.fundament_ids], required=True
        ),
        "owner": st.column_config.TextColumn(t("col_action_owner"), required=True),
        "started_on": st.column_config.DateColumn(t("col_action_start"), format="DD.MM.YYYY", required=True),
        "deadline": st.column_config.DateColumn(t("col_action_deadline"), format="DD.MM.YYYY", required=True),
        "status": st.column_config.SelectboxColumn(
            t("col_status"), options=list(actions.STATUSES), required=True
        ),
        "prompted_by": st.column_config.SelectboxColumn(
            t("col_action_prompted_by"), options=sorted(cells["round"].unique()), required=True
        ),
        "instrument": st.column_config.SelectboxColumn(
            t("col_instrument"), options=[i.id for i in fw.instruments]
        ),
        "project_id": st.column_config.SelectboxColumn(t("col_action_project"), options=projects),
    },
    key="actions_editor",
)
if st.button(t("actions_save"), key="actions_save", type="primary"):
    write("save", edited)
if "actions_message" in st.session_state:
    kind, message = st.session_state.pop("actions_message")
    getattr(st, kind)(message)
if "actions_last_save" in st.session_state and st.button(t("actions_undo_last"), key="actions_undo"):
    write("undo", st.session_state["actions_last_save"])
with st.expander(t("actions_templates")):
    ui.template_downloads("actions")

# ---------------------------------------------------------------- effect next round
ui.actions_effect_section("actions_effects")
