"""Innovasjonsbarometeret: the router. Page config, navigation by role, run."""

import streamlit as st

from analytics import ui
from analytics.core.framework import FrameworkError, framework
from analytics.core.text import literal, t
from analytics.ui import responsive_style

st.set_page_config(page_title=t("app_title"), page_icon=":material/insights:", layout="wide")
try:
    framework()
except FrameworkError as exc:
    # A broken strategy file: say what to fix instead of showing a traceback on every page.
    st.error(t("framework_error", error=literal(exc)))
    st.stop()


def navigation():
    """Only the pages the viewer may open are registered (analytics.core.access.PAGES), so
    the URL of any other page does not open it."""
    viewer = ui.viewer()
    ui.audit_sign_in(viewer)
    sections: dict[str, list] = {}
    for spec in viewer.pages():
        sections.setdefault(t(spec.section), []).append(
            st.Page(spec.path, title=t(spec.title), icon=spec.icon, default=spec.default)
        )
    return st.navigation(sections, position="top")


responsive_style()
ui.bokmal_everywhere()
ui.run_page(navigation)
