"""Streamlit glue. The only package that imports streamlit; pages call into it."""
