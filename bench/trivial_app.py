"""The yardstick for bench_ui.py: one slider driving one plotly chart, nothing else."""
import plotly.graph_objects as go
import streamlit as st

v = st.slider("x", 0, 10000, 5000, step=20, key="s")
fig = go.Figure(go.Scatterpolar(r=[v / 100, 50, 80, 60, v / 100], theta=["a", "b", "c", "d", "a"]))
st.plotly_chart(fig, key="c")
