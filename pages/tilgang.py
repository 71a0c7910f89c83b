"""Tilgang: who one is and what one may do; sign in and out; why someone sees nothing."""

import streamlit as st

from analytics import ui
from analytics.core import access
from analytics.core.text import literal, t

ui.use_router()

viewer = ui.viewer()
st.title(t("page_access"))
if viewer.mode == "signed_out":
    st.markdown(t("access_sign_in_intro"))
    if st.button(t("access_sign_in_button"), type="primary", key="sign_in"):
        st.login()
elif viewer.mode == "misconfigured":
    st.error(t("access_misconfigured"), icon=":material/error:")
    st.text(viewer.problem)
elif viewer.mode == "closed":
    st.warning(t("access_closed"), icon=":material/lock:")
elif viewer.mode == "signed_in" and viewer.units:
    st.markdown(literal(t("access_mode_unit_leader", who=viewer.who, units=", ".join(viewer.units))))
elif viewer.mode == "signed_in" and not viewer.roles:
    st.warning(t("access_no_role", who=literal(viewer.who)), icon=":material/lock:")
else:
    roles = ", ".join(viewer.roles)
    st.markdown(t(f"access_mode_{viewer.mode}", who=literal(viewer.who), roles=roles))
    st.markdown("\n".join(f"- {t(f'permission_{p}')}" for p in access.PERMISSIONS if viewer.can(p)))
if viewer.mode == "signed_in" and st.button(t("access_sign_out_button"), key="sign_out"):
    st.logout()
