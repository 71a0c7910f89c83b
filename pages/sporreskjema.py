"""Spørreskjema: the codebook as a questionnaire to paste into Forms or Nettskjema."""

import pandas as pd
import streamlit as st

from analytics import ui
from analytics.core.framework import framework, questionnaire
from analytics.core.text import t
from analytics.present.export import to_csv_bytes, to_xlsx_bytes

ui.use_router()

fw = framework()
st.title(t("page_questionnaire"))
scale = ", ".join(f"{s.id} = {s.name}" for s in fw.likert_scale)
st.markdown(t("questionnaire_intro", scale=scale, dont_know=fw.dont_know_label))

group_names = {g.id: g.name for g in fw.groups}
group = st.selectbox(
    t("questionnaire_group"), fw.group_ids, format_func=group_names.get, key="questionnaire_group"
)
items = pd.DataFrame(questionnaire(fw, group))
st.dataframe(
    items[["item_id", "kjennetegn", "utsagn"]],
    hide_index=True,
    placeholder=ui.MISSING,
    key="questionnaire_table",
)
st.download_button(
    t("questionnaire_download", group=group_names[group].lower()),
    to_csv_bytes(items),
    f"sporreskjema_{group}.csv",
    "text/csv",
    key="questionnaire_csv",
)
st.download_button(
    t("questionnaire_download_all"),
    to_xlsx_bytes({group_names[g]: pd.DataFrame(questionnaire(fw, g)) for g in fw.group_ids}),
    "sporreskjema.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="questionnaire_xlsx",
)
