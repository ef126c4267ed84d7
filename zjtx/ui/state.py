"""The one module that owns session-state keys. Pages never spell a key.

The canonical profile is a dict of what the user typed (field key -> raw value), kept under
PROFILE so it survives page switches and bad input is never lost. Parsing and evaluation are
derived from it on every run (the engine takes ~1 ms); nothing is shared between sessions.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..engine import Assessment, evaluate
from ..examples import DEFAULT_EXAMPLE, example_profile, examples
from ..profile import FieldError, ProfileError, parse_profile
from ..rules import rulebook

PROFILE = "zjtx:profile"
LANG = "zjtx:lang"
STANDARD = "zjtx:standard"
EXAMPLE = "zjtx:example"
LOADED_FROM = "zjtx:loaded_from"


def init() -> None:
    """Set defaults once per session: the app opens on an example company."""
    if PROFILE not in st.session_state:
        st.session_state[PROFILE] = example_profile(DEFAULT_EXAMPLE)
        st.session_state[LOADED_FROM] = DEFAULT_EXAMPLE
    st.session_state.setdefault(LANG, "zh")
    st.session_state.setdefault(STANDARD, "auto")
    st.session_state.setdefault(EXAMPLE, st.session_state.get(LOADED_FROM) or DEFAULT_EXAMPLE)


def lang() -> str:
    return st.session_state.get(LANG, "zh")


def standard() -> str:
    return st.session_state.get(STANDARD, "auto")


def raw_profile() -> dict[str, Any]:
    return dict(st.session_state[PROFILE])


def set_raw_profile(data: dict[str, Any], source: str | None = None) -> None:
    st.session_state[PROFILE] = dict(data)
    st.session_state[LOADED_FROM] = source


def loaded_example() -> str | None:
    src = st.session_state.get(LOADED_FROM)
    return src if src in examples() else None


def load_selected_example() -> None:
    """Callback of the example selector."""
    ex = st.session_state[EXAMPLE]
    set_raw_profile(example_profile(ex), ex)


def parsed() -> tuple[Any, tuple[FieldError, ...]]:
    """(profile, errors). Fields with errors are left out (treated as missing), so the rest of
    the assessment still shows while the user fixes them; their raw text stays in PROFILE."""
    data = raw_profile()
    errors: list[FieldError] = []
    for _ in range(len(data) + 1):
        try:
            return parse_profile(data), tuple(errors)
        except ProfileError as exc:
            errors.extend(exc.errors)
            bad = {f for e in exc.errors for f in e.fields}
            if not bad:
                break
            data = {k: v for k, v in data.items() if k not in bad}
    return parse_profile({}), tuple(errors)


def assessment() -> tuple[Assessment, tuple[FieldError, ...]]:
    profile, errors = parsed()
    return evaluate(profile, rulebook(), standard()), errors
