"""Innovasjonsbarometeret: the router. Page config, navigation, run."""

import streamlit as st

from analytics.framework import FrameworkError, framework
from analytics.text import t

st.set_page_config(page_title=t("app_title"), page_icon=":material/insights:", layout="wide")
try:
    framework()
except FrameworkError as exc:
    # A broken strategy file: say what to fix instead of showing a traceback on every page.
    st.error(t("framework_error", error=exc))
    st.stop()

sections = {
    t("section_overview"): [
        st.Page("pages/oversikt.py", title=t("page_overview"), icon=":material/dashboard:", default=True),
    ],
    t("section_culture"): [
        st.Page("pages/innovasjonskultur.py", title=t("page_culture"), icon=":material/psychology:"),
    ],
    t("section_projects"): [
        st.Page("pages/prosjekter.py", title=t("page_projects"), icon=":material/account_tree:"),
        st.Page("pages/samskaping.py", title=t("page_cocreation"), icon=":material/diversity_3:"),
        st.Page("pages/virkemidler.py", title=t("page_instruments"), icon=":material/event_available:"),
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
st.navigation(sections, position="top").run()
