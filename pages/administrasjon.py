"""Administrasjon: the anonymity threshold and the targets, retention, a backup to download, the roles
(read-only), the audit trail."""

import streamlit as st

from analytics import ui
from analytics.core import access
from analytics.core.config import ConfigError
from analytics.core.framework import framework
from analytics.core.targets import COLUMNS, TargetsError
from analytics.core.text import fmt_number, literal, t
from analytics.present import audit
from analytics.store import PublishedChangeRefused, StoreError, backup, retention, settings

ui.use_router()
ui.require(access.SETTINGS)

st.title(t("page_admin"))
st.markdown(t("admin_intro"))

st.header(t("admin_threshold_title"))
low, high = settings.THRESHOLD_BOUNDS
current = ui.threshold()
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
        ui.apply_threshold(checked)
        st.success(t("admin_threshold_saved", threshold=checked))
    except (ConfigError, PublishedChangeRefused) as problem:
        ui.alert("error", str(problem))
shown = ui.store().shown_thresholds()
if any(value != ui.threshold() for value in shown.values()):
    rounds = ", ".join(
        t("admin_threshold_round", round=literal(r), threshold=v) for r, v in sorted(shown.items())
    )
    st.info(t("admin_threshold_rounds", rounds=rounds))
st.caption(t("admin_protection_width", width=fmt_number(ui.config().protection_width, 1)))

st.header(t("admin_flag_title"))
current_limit = settings.flag_limit(ui.store().settings())
limit = st.number_input(
    t("admin_flag_limit"),
    min_value=1,
    max_value=100,
    value=current_limit,
    step=1,
    help=t("admin_flag_help"),
    key="admin_flag_limit",
)
if st.button(t("admin_flag_save"), key="admin_flag_save"):
    try:
        checked = settings.check_flag_limit(limit)
        ui.save_setting(
            {settings.FLAG_LIMIT_KEY: checked}, t("audit_flag_detail", old=current_limit, new=checked)
        )
        st.success(t("admin_flag_saved", limit=checked))
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
        ui.alert("error", str(problem))

st.header(t("admin_retention_title"))
st.markdown(t("admin_retention_intro"))
try:
    answers_months, names_months = retention.limits(ui.store())
except StoreError as problem:
    st.error(str(problem))
    answers_months = names_months = None
low, high = retention.MONTHS_BOUNDS
answers = st.number_input(
    t("admin_retention_answers"),
    min_value=0,
    max_value=high,
    value=answers_months or 0,
    step=1,
    key="admin_retention_answers",
)
names = st.number_input(
    t("admin_retention_names"),
    min_value=0,
    max_value=high,
    value=names_months or 0,
    step=1,
    key="admin_retention_names",
)
if st.button(t("admin_retention_save"), key="admin_retention_save"):
    try:
        checked = {
            retention.ANSWERS_MONTHS: retention.check_months(answers),
            retention.NAMES_MONTHS: retention.check_months(names),
        }
        shown = {k: v or t("retention_no_limit") for k, v in checked.items()}
        ui.save_setting(
            checked,
            t(
                "audit_retention_setting_detail",
                answers=shown[retention.ANSWERS_MONTHS],
                names=shown[retention.NAMES_MONTHS],
            ),
        )
        st.success(t("admin_retention_saved"))
    except StoreError as problem:
        st.error(str(problem))
due = retention.plan(ui.store())
if not due.empty:
    st.markdown(t("admin_retention_due"))
    for line in due.lines():
        st.markdown(f"- {literal(line)}")

st.header(t("admin_backup_title"))
st.markdown(t("admin_backup_intro"))
if st.button(t("admin_backup_make"), key="admin_backup_make"):
    index, content = backup.backup_bytes(ui.store(), ui.who())
    st.session_state["admin_backup"] = (index["data_version"], index["taken_at"], content)
if "admin_backup" in st.session_state:
    version, taken_at, content = st.session_state["admin_backup"]
    st.download_button(
        t("admin_backup_download", version=version),
        content,
        file_name=f"innovasjonsbarometeret-v{version}-{taken_at[:10]}.tar",
        mime="application/x-tar",
        key="admin_backup_download",
    )

st.header(t("admin_roles_title"))
if ui.viewer().mode == "signed_in":
    st.markdown(t("admin_roles_intro"))
    ui.table(audit.roles_table(ui.roles()))
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
