"""Strategien som mål: the strategy's goals, indicators and fundaments as the product uses them."""

import streamlit as st

from analytics import ui
from analytics.core.framework import framework
from analytics.core.text import t
from analytics.measures import goals

ui.use_router()

fw = framework()
st.title(t("page_strategy"))
st.caption(f"{fw.municipality} · «{fw.strategy['title']}» · {fw.strategy['adopted']}")
st.markdown(t("strategy_intro"))
st.markdown(f"> *{fw.strategy['definition']}*")

# The scorecard comes first, but is filled last: without data the page still shows the strategy.
scorecard_area = st.container()

left, right = st.columns(2)
with left:
    st.header(t("goals"))
    st.markdown("\n".join(f"- {g.name}" for g in fw.goals))
with right:
    st.header(t("strategies"))
    st.markdown("\n".join(f"- {s.name}" for s in fw.strategies))

st.header(t("indicators"))
st.markdown("\n".join(f"- **{k.id} {k.label}** – {k.text}" for k in fw.indicators))

st.header(t("fundaments"))
scale = ", ".join(f"{s.id} {s.name.lower()}" for s in fw.fundament_scale)
st.markdown(t("fundaments_note", scale=scale))
columns = st.columns(len(fw.fundaments))
for column, fundament in zip(columns, fw.fundaments):
    column.markdown(f"**{fundament.name}**  \n{fundament.question}")

left, right = st.columns(2)
with left:
    st.header(t("criteria"))
    st.markdown("\n".join(f"- **{c.name}** – {c.detail}" for c in fw.innovation_criteria))
    st.header(t("blt"))
    st.markdown("\n".join(f"- **{p.name}** – {p.detail}" for p in fw.blt_phases))
with right:
    st.header(t("actors"))
    st.markdown(", ".join(a.name for a in fw.actors))
    st.header(t("instruments"))
    for area in fw.instrument_areas:
        st.markdown(f"**{area['name']}**\n" + "\n".join(f"- {item}" for item in area["items"]))

with scorecard_area:
    st.header(t("scorecard_title"))
    st.markdown(t("scorecard_intro"))
ui.require_data()
scorecard, notes = ui.goal_scorecard()
with scorecard_area:
    for note in notes:
        st.warning(note)
    for record in scorecard:
        kind = t("scorecard_goal") if record["kind"] == "goal" else t("scorecard_strategy")
        st.subheader(f"{kind} {record['id']}: {record['text']}")
        ui.takeaway(record["sentence"])
        ui.table(goals.measures_table(record))
