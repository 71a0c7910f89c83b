"""Administrasjon: the anonymity threshold and the targets, the roles (read-only), the audit trail."""

import streamlit as st

from analytics import access, audit, settings, ui
from analytics.config import ConfigError
from analytics.framework import framework
from analytics.targets import COLUMNS, TargetsError
from analytics.text import t

ui.use_router()
ui.require(access.SETTINGS)

st.title(t("page_admin"))
st.markdown(t("admin_intro"))

st.header(t("admin_threshold_title"))
low, high = settings.THRESHOLD_BOUNDS
current = ui.config().anonymity_threshold
threshold = st.number_input(
    t("admin_threshold"),
    min_value=low,
    max_value=high,
    value=current,
    step=1,
    help=t("admin_threshold_help", low=low, high=high),
    key="admin_threshold",
)
if st.button(t("admin_threshold_save"), key="admin_threshold_save"):
    try:
        checked = settings.check_threshold(threshold)
        ui.save_setting(
            {"anonymity_threshold": checked}, t("audit_threshold_detail", old=current, new=checked)
        )
        st.success(t("admin_threshold_saved", threshold=checked))
    except ConfigError as problem:
        st.error(str(problem))

st.header(t("admin_targets_title"))
fw = framework()
# The composite index is stored as «index»; the editor names it as readers know it.
index_name = t("admin_index_option")
st.markdown(t("admin_targets_intro", indicators=", ".join(fw.indicator_ids)))
goals, goals_error = ui.culture_targets()
if goals_error:
    st.warning(t("targets_error", error=goals_error))
shown_goals = (goals if goals is not None else settings.empty_targets()).copy()
shown_goals["indicator"] = shown_goals["indicator"].replace({"index": index_name})
edited = st.data_editor(
    shown_goals,
    num_rows="dynamic",
    hide_index=True,
    placeholder="",
    column_config={
        "indicator": st.column_config.SelectboxColumn(
            t("col_indicator"), options=[*fw.indicator_ids, index_name], required=True
        ),
        "year": st.column_config.NumberColumn(t("col_year"), min_value=2000, max_value=2099, format="%d"),
        "target": st.column_config.NumberColumn(
            t("col_target"),
            min_value=float(framework().scale_min),
            max_value=float(framework().scale_max),
            step=0.1,
            format="localized",  # the reader's own decimal comma
        ),
    },
    column_order=COLUMNS,
    key="admin_targets",
)
if st.button(t("admin_targets_save"), key="admin_targets_save"):
    try:
        rows = settings.check_targets(edited.replace({"indicator": {index_name: "index"}}))
        ui.save_setting({"targets": rows}, t("audit_targets_detail", count=len(rows)))
        st.success(t("admin_targets_saved", count=len(rows)))
    except TargetsError as problem:
        st.error(str(problem))

st.header(t("admin_roles_title"))
if ui.viewer().mode == "signed_in":
    st.markdown(t("admin_roles_intro"))
    st.table(audit.roles_table(ui.roles()), hide_index=True)
else:
    st.info(t("admin_roles_none"))

st.header(t("admin_audit_title"))
st.markdown(t("admin_audit_intro"))
entries = audit.newest_first(ui.store().audit_log())
if entries:
    table = audit.audit_table(entries)
    st.dataframe(table, hide_index=True, placeholder=ui.MISSING, key="admin_audit")
    ui.downloads(table, "revisjonslogg", "admin_audit")
else:
    st.info(t("admin_audit_empty"))
