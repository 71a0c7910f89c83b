"""Innovasjonsbarometeret: the router. Page config, navigation, run."""

import streamlit as st

from analytics.text import t

st.set_page_config(page_title=t("app_title"), page_icon=":material/insights:", layout="wide")

sections = {
    t("section_overview"): [
        st.Page("pages/oversikt.py", title=t("page_overview"), icon=":material/dashboard:", default=True),
    ],
    t("section_strategy"): [
        st.Page("pages/strategien.py", title=t("page_strategy"), icon=":material/flag:"),
        st.Page("pages/sporreskjema.py", title=t("page_questionnaire"), icon=":material/quiz:"),
    ],
    t("section_data"): [
        st.Page("pages/importer.py", title=t("page_import"), icon=":material/upload_file:"),
        st.Page("pages/historikk.py", title=t("page_history"), icon=":material/history:"),
    ],
}
st.navigation(sections).run()
