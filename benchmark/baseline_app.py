"""The baseline: the overview's numbers computed the way typical Streamlit apps do.

Every rerun reads the raw answers with pandas and recomputes the composite
index per round and group and the nine indicator means, then draws the same
two charts. The benchmark runs this page through AppTest beside ours.
"""

import os

import pandas as pd
import plotly.express as px
import streamlit as st

from analytics.core.framework import framework
from analytics.core.text import fmt_number

answers = pd.read_parquet(os.environ["BASELINE_RESPONSES"])
indicator_of = {i.item_id: i.indicator for i in framework().items}
answers["indicator"] = answers["item_id"].map(indicator_of)
valid = answers[answers["value"].notna()]

indicator_means = valid.groupby(["round", "indicator"])["value"].mean().reset_index()
index = indicator_means.groupby("round")["value"].mean()
by_group = (
    valid.groupby(["round", "group", "indicator"])["value"].mean().groupby(["round", "group"]).mean()
).reset_index()
respondents = valid.groupby("round")["respondent_id"].nunique()

latest = index.index.max()
st.title("Oversikt (baseline)")
st.metric(f"Kulturindeks {latest}", fmt_number(index[latest]))
st.metric(f"Respondenter {latest}", fmt_number(respondents[latest], 0))
st.plotly_chart(px.line(by_group, x="round", y="value", color="group"), key="trend")
st.plotly_chart(
    px.bar(indicator_means[indicator_means["round"] == latest], x="value", y="indicator"), key="bars"
)
