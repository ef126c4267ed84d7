"""The one module that owns session-state keys. Pages never spell a key.

The canonical profile is a dict of what the user typed (field key -> raw value), kept under
PROFILE so it survives page switches and bad input is never lost. Parsing and evaluation are
derived from it (memoised per session on its content; the engine takes ~2 ms). Nothing here is
module-level user data: every value lives in the user's own session.
"""

from __future__ import annotations

import datetime as _dt
import json
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
UPLOAD = "zjtx:upload"
UPLOAD_SEEN = "zjtx:upload_seen"
MESSAGE = "zjtx:message"
OVERLAY = "zjtx:overlay"
MODIFIED = "zjtx:modified"
SECTION = "zjtx:section"
WIDGET_VERSIONS = "zjtx:widget_versions"
BATCH_UPLOAD = "zjtx:batch_upload"
BATCH = "zjtx:batch"
WIDGET_SCOPES = "zjtx:widget_scopes"
_MEMO = "zjtx:_memo"


def init() -> None:
    """Set defaults once per session: the app opens on an example company."""
    if PROFILE not in st.session_state:
        st.session_state[PROFILE] = example_profile(DEFAULT_EXAMPLE)
        st.session_state[LOADED_FROM] = DEFAULT_EXAMPLE
    st.session_state.setdefault(LANG, "zh")
    st.session_state.setdefault(STANDARD, "auto")
    st.session_state.setdefault(EXAMPLE, st.session_state.get(LOADED_FROM) or DEFAULT_EXAMPLE)
    st.session_state.setdefault(OVERLAY, True)


def lang() -> str:
    return st.session_state.get(LANG, "zh")


def standard() -> str:
    return st.session_state.get(STANDARD, "auto")


def raw_profile() -> dict[str, Any]:
    return dict(st.session_state[PROFILE])


def set_field(key: str, value: Any) -> None:
    data = dict(st.session_state[PROFILE])
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    st.session_state[PROFILE] = data
    st.session_state[MODIFIED] = True


def _clear_widgets() -> None:
    """A new profile: every bound widget is created afresh (bump the global widget epoch)."""
    versions = st.session_state.setdefault(WIDGET_VERSIONS, {})
    versions["*"] = versions.get("*", 0) + 1


def set_raw_profile(data: dict[str, Any], source: str | None = None) -> None:
    """Replace the whole profile (example, upload, reset); the form re-reads it."""
    st.session_state[PROFILE] = dict(data)
    st.session_state[LOADED_FROM] = source
    st.session_state[MODIFIED] = False
    _clear_widgets()


def loaded_example() -> str | None:
    src = st.session_state.get(LOADED_FROM)
    return src if src in examples() else None


def modified() -> bool:
    return bool(st.session_state.get(MODIFIED, False))


def load_selected_example() -> None:
    """Callback of the example selector."""
    ex = st.session_state[EXAMPLE]
    set_raw_profile(example_profile(ex), ex)


def reset() -> None:
    """Callback of the reset button: a blank profile for this year, new application."""
    set_raw_profile({"assessment_year": _dt.date.today().year, "application_type": "new"}, None)


def flash(zh: str, en: str, kind: str = "success") -> None:
    st.session_state[MESSAGE] = (kind, zh, en)


def pop_flash() -> tuple[str, str, str] | None:
    return st.session_state.pop(MESSAGE, None)


def _signature() -> str:
    return json.dumps(st.session_state[PROFILE], sort_keys=True, ensure_ascii=False, default=str)


def parsed() -> tuple[Any, tuple[FieldError, ...]]:
    """(profile, errors). Fields with errors are left out (treated as missing), so the rest of
    the assessment still shows while the user fixes them; their raw text stays in PROFILE."""
    sig = _signature()
    memo = st.session_state.get(_MEMO)
    if memo and memo[0] == sig:
        return memo[1], memo[2]
    data = raw_profile()
    errors: list[FieldError] = []
    profile = None
    for _ in range(len(data) + 1):
        try:
            profile = parse_profile(data)
            break
        except ProfileError as exc:
            errors.extend(exc.errors)
            bad = {f for e in exc.errors for f in e.fields}
            if not bad:
                data = {}
            data = {k: v for k, v in data.items() if k not in bad}
    if profile is None:
        profile = parse_profile({})
    st.session_state[_MEMO] = (sig, profile, tuple(errors), {})
    return profile, tuple(errors)


def field_errors(key: str) -> tuple[FieldError, ...]:
    return tuple(e for e in parsed()[1] if key in e.fields)


def assessment(standard_choice: str | None = None) -> tuple[Assessment, tuple[FieldError, ...]]:
    profile, errors = parsed()
    choice = standard_choice or standard()
    cache = st.session_state[_MEMO][3]
    if choice not in cache:
        cache[choice] = evaluate(profile, rulebook(), choice)
    return cache[choice], errors


def overlay() -> bool:
    return bool(st.session_state.get(OVERLAY, True))


_STANDARD_SWITCH = "zjtx:standard_switch"
_STANDARD_SELECT = "zjtx:standard_select"


def lang_key(key: str) -> str:
    """A widget key that changes with the language. Widgets whose option texts are translated get
    one: Streamlit keeps showing a selected option's old text when only format_func changes."""
    return f"{key}:{lang()}"


def _copy_standard(key: str) -> None:
    st.session_state[STANDARD] = st.session_state[key]


def standard_select(lang_: str) -> None:
    """The sidebar's standard choice (auto / 2026 / 2022)."""
    from ..i18n import t
    key = lang_key(_STANDARD_SELECT)
    st.session_state[key] = standard()
    st.selectbox(t("standard", lang_), ("auto", "2026", "2022"), key=key, on_change=_copy_standard, args=(key,),
                 format_func=lambda v: t(f"standard_{v}", lang_))


def standard_switch(lang_: str) -> None:
    """An in-page switch for the standard, kept in step with the sidebar."""
    from ..i18n import t
    key = lang_key(_STANDARD_SWITCH)
    st.session_state[key] = standard()
    st.segmented_control(t("switch_standard", lang_), ("auto", "2026", "2022"), key=key,
                         required=True, format_func=lambda v: t(f"standard_{v}", lang_),
                         on_change=_copy_standard, args=(key,))


def batch() -> dict | None:
    """The screened list of this session (result frame, raw rows, …) or None."""
    return st.session_state.get(BATCH)


def batch_digest() -> str | None:
    b = batch()
    return b["digest"] if b else None


def set_batch(digest: str, screened: dict) -> None:
    st.session_state[BATCH] = {"digest": digest, **screened}


# ---- plan, projection and scenarios (issue 10): every key of the 规划 page, kept in one block
SCENARIOS = "zjtx:scenarios"          # tuple[zjtx.scenarios.Scenario, ...] — this session only
PLAN_CACHE = "zjtx:plan_cache"        # plans / projections memoised on the profile's content
PLAN_OPTS = "zjtx:plan_opts"          # tier, year, locks chosen on the plan tab
PROJ_OPTS = "zjtx:proj_opts"          # projection years and assumptions (also used by forward plans)
PLAN_MSG = "zjtx:plan_msg"            # (kind, zh, en) said once after applying a plan or editing scenarios


def scenarios() -> tuple:
    return tuple(st.session_state.get(SCENARIOS, ()))


def set_scenarios(items: tuple) -> None:
    st.session_state[SCENARIOS] = tuple(items)


def page_opts(key: str) -> dict:
    """A plain dict in the session that outlives the page's widgets (copied in on every run)."""
    return st.session_state.setdefault(key, {})
