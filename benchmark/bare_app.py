"""The floor: a bare Streamlit page with one Plotly chart and nothing else."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[2017, 2018, 2019], y=[3.1, 3.3, 3.4])), key="chart")
