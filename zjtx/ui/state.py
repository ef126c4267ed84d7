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
from ..fields import FIELD
from ..i18n import t
from ..examples import DEFAULT_EXAMPLE, example_profile, examples
from ..profile import FieldError, ProfileError, parse_profile
from ..rules import rulebook
from . import loading

PROFILE = "zjtx:profile"
LANG = "zjtx:lang"
STANDARD = "zjtx:standard"
EXAMPLE = "zjtx:example"
LOADED_FROM = "zjtx:loaded_from"      # the example id the profile came from, or None
SOURCE = "zjtx:source"                # {"kind": example|file|link|blank|other, "file": name or None}
UPLOAD = "zjtx:upload"
MESSAGE = "zjtx:message"
OVERLAY = "zjtx:overlay"              # the results page's 叠加两个层级 (plain value; the widget copies into it)
MODIFIED = "zjtx:modified"
SECTION = "zjtx:section"
WIDGET_VERSIONS = "zjtx:widget_versions"
BATCH_UPLOAD = "zjtx:batch_upload"
BATCH = "zjtx:batch"
WIDGET_SCOPES = "zjtx:widget_scopes"
PENDING = "zjtx:pending"              # a profile waiting for 替换/取消 (unsaved edits would be lost)
FULL_RERUN = "zjtx:full_rerun"        # a field shown outside the self-check fragment changed
NOTES = "zjtx:load_notes"             # what the last load left out (shown on 企业自评)
LAST = "zjtx:last_counts"             # (profile signature, verdict and failing count per tier, last change)
CREATED = "zjtx:created"              # widget key -> the value it was created with
LIVE = "zjtx:live"                    # {"profile": …}: read by the save button's deferred callable
UPLOADER_N = "zjtx:uploader_n"
BANNER = "zjtx:banner"                # what the self-check banner says (drawn outside its fragment)
# ---- the advisor's meeting kit (issue 11 items 7–9)
PRESENTER = "zjtx:presenter"          # 演示模式 on/off
VIEW = "zjtx:view"                    # presenter mode: the scenario on screen (None = 基线)
PRES_FIELDS = "zjtx:pres_fields"      # presenter mode: (profile epoch, view, fields kept on screen)
ANON = "zjtx:anonymise"               # 匿名: one switch for the screen, every report and file name
ANON_N = "zjtx:anon_n"                # bumped on each change: every anonymise widget is created afresh
CLIENTS = "zjtx:clients"              # tuple[zjtx.clients.Client, ...] — this session only
ACTIVE = "zjtx:active_client"         # the id of the client on screen (its edits go back to the list), or None
CLIENT_SEQ = "zjtx:client_seq"        # the last client id given (ids are never reused in a session)
CLIENT_MEMO = "zjtx:client_memo"      # (profile signature, standard) -> the per-tier result shown in the list
WS_UPLOAD = "zjtx:ws_upload"
_MEMO = "zjtx:_memo"
_URL = "zjtx:_url"

# Fields shown both in the sidebar (or page headers) and in the form: a change in the self-check
# fragment reruns the whole app, so every widget and label shows the same value.
SHARED_FIELDS = frozenset({"assessment_year", "application_type", "company_name"})


def init() -> None:
    """Set defaults once per session. A new session (fresh open, reload, new tab) starts from
    the URL when it carries a profile (`?p=` token, `?ex=` example); otherwise on the example."""
    if PROFILE not in st.session_state:
        _from_url()
    st.session_state.setdefault(LANG, "zh")
    st.session_state.setdefault(STANDARD, "auto")
    st.session_state.setdefault(OVERLAY, True)


def _from_url() -> None:
    qp = st.query_params
    lang_ = qp.get("lang")
    if lang_ in ("zh", "en"):
        st.session_state[LANG] = lang_
    std = qp.get("std")
    if std in rulebook().standard_choices:
        st.session_state[STANDARD] = std
    token, ex = qp.get("p"), qp.get("ex")
    if token:
        try:
            data, notes = loading.from_token(token)
        except loading.LoadError as exc:
            _set_profile(example_profile(DEFAULT_EXAMPLE), DEFAULT_EXAMPLE, "example")
            flash(t("link_failed_example", "zh", msg=exc.zh), t("link_failed_example", "en", msg=exc.en), "warning")
            return
        _set_profile(data, None, "link")
        st.session_state[NOTES] = notes
        return
    ex = ex if ex in examples() else DEFAULT_EXAMPLE
    _set_profile(example_profile(ex), ex, "example")


def lang() -> str:
    return st.session_state.get(LANG, "zh")


def standard() -> str:
    return st.session_state.get(STANDARD, "auto")


def raw_profile() -> dict[str, Any]:
    """The profile on screen: the baseline, or in presenter mode the scenario chosen to show."""
    return dict(_current())


def baseline_raw() -> dict[str, Any]:
    """The baseline profile, whatever presenter mode shows."""
    return dict(st.session_state[PROFILE])


def _current() -> dict[str, Any]:
    name = view()
    if name is not None:
        from .. import scenarios as sc
        s = sc.get(scenarios(), name)
        if s is not None:
            return dict(s.raw)
    return st.session_state[PROFILE]


def _store(data: dict[str, Any]) -> None:
    st.session_state[PROFILE] = data
    live_box()["profile"] = data


def live_box() -> dict:
    """A plain dict in this session holding the current profile. The save button's file is made
    in another thread when it is clicked, where st.session_state cannot be read: it reads this."""
    box = st.session_state.get(LIVE)
    if box is None:
        box = st.session_state[LIVE] = {}
    box["profile"] = st.session_state.get(PROFILE, {})
    box["scenarios"] = scenarios()
    box["clients"] = clients()
    box["active"] = st.session_state.get(ACTIVE)
    return box


def uploader_n() -> int:
    return st.session_state.get(UPLOADER_N, 0)


def next_uploader() -> None:
    st.session_state[UPLOADER_N] = uploader_n() + 1


def set_field(key: str, value: Any) -> None:
    name = view()
    if name is not None:                     # presenter mode shows a scenario: the slider moves that scenario
        from .. import scenarios as sc
        set_scenarios(sc.set_fields(scenarios(), name, {key: value}))
        if key in SHARED_FIELDS:
            st.session_state[FULL_RERUN] = True
        return
    data = dict(st.session_state[PROFILE])
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    _store(data)
    st.session_state[MODIFIED] = True
    if key in SHARED_FIELDS:
        st.session_state[FULL_RERUN] = True


def _clear_widgets() -> None:
    """A new profile: every bound widget is created afresh (bump the global widget epoch)."""
    versions = st.session_state.setdefault(WIDGET_VERSIONS, {})
    versions["*"] = versions.get("*", 0) + 1


def epoch() -> int:
    return st.session_state.get(WIDGET_VERSIONS, {}).get("*", 0)


def _set_profile(data: dict[str, Any], example: str | None, kind: str, file: str | None = None,
                 client: int | None = None) -> None:
    """Replace the baseline. The client on screen (if any) first gets its edits back in the list;
    the new profile is `client`'s (with its scenarios) or, when None, not in the list (and the
    scenarios, which belonged to the client left, are cleared)."""
    was = st.session_state.get(ACTIVE)
    if was is not None:
        write_back()
    st.session_state[ACTIVE] = client
    if client is not None:
        from .. import clients as cl
        c = cl.get(clients(), client)
        st.session_state[SCENARIOS] = c.scenarios if c is not None else ()
    elif was is not None:
        st.session_state[SCENARIOS] = ()
    st.session_state.pop(VIEW, None)
    _store(dict(data))
    st.session_state[LOADED_FROM] = example
    st.session_state[SOURCE] = {"kind": kind, "file": file}
    st.session_state[MODIFIED] = False
    st.session_state.pop(NOTES, None)
    st.session_state.pop(PENDING, None)
    st.session_state.pop(LAST, None)          # a new profile: no "last edit" to compare with
    _clear_widgets()


def set_raw_profile(data: dict[str, Any], source: str | None = None) -> None:
    """Replace the whole profile (example id as `source`, or None: a batch row …); the form re-reads it."""
    _set_profile(data, source if source in examples() else None, "example" if source in examples() else "other")


def loaded_example() -> str | None:
    src = st.session_state.get(LOADED_FROM)
    return src if src in examples() else None


def source() -> dict:
    return st.session_state.get(SOURCE) or {"kind": "other", "file": None}


def modified() -> bool:
    """Edits since the profile was loaded that are not in a saved file (the save button's
    callable notes what it saved in live_box()["saved"])."""
    if not st.session_state.get(MODIFIED, False):
        return False
    return live_box().get("saved") != st.session_state.get(PROFILE)


def load_notes() -> tuple:
    return tuple(st.session_state.get(NOTES, ()))


# ---- replacing the profile: example, file, reset. With unsaved edits, ask first (PENDING).

def request_replace(data: dict[str, Any], kind: str, *, example: str | None = None, file: str | None = None,
                    notes: tuple = (), client: int | None = None) -> bool:
    """Replace the profile now (True), or — when there are unsaved edits — park it until the user
    answers 替换/取消 (False)."""
    pending = {"data": dict(data), "kind": kind, "example": example, "file": file, "notes": tuple(notes),
               "client": client}
    if modified() and active_client() is None:     # a client's edits go back to the list: nothing is lost
        st.session_state[PENDING] = pending
        return False
    _apply(pending)
    return True


def _apply(p: dict) -> None:
    from .. import clients as cl
    cid = p.get("client")
    if cid is not None and cl.get(clients(), cid) is None:      # removed while the question was open
        cid = None
    _set_profile(p["data"], p["example"], p["kind"], p["file"], client=cid)
    if p["notes"]:
        st.session_state[NOTES] = p["notes"]


def pending() -> dict | None:
    return st.session_state.get(PENDING)


def confirm_pending() -> None:
    p = st.session_state.pop(PENDING, None)
    if p is not None:
        _apply(p)
        _said_loaded(p)


def cancel_pending() -> None:
    st.session_state.pop(PENDING, None)
    _clear_widgets()            # the example box / uploader show the current profile again


def _said_loaded(p: dict) -> None:
    from ..i18n import t
    if p["kind"] == "blank":
        flash(t("reset_done", "zh"), t("reset_done", "en"), "info")
    elif p["kind"] in ("file", "client"):
        name = p["data"].get("company_name") or p["file"]
        key = "loaded_ok" if p["kind"] == "file" else "client_opened"
        flash(t(key, "zh", name=shown_name(name, "zh")), t(key, "en", name=shown_name(name, "en")))


def load_selected_example(key: str) -> None:
    """on_change of the example selector (its key is versioned: see shell.sidebar)."""
    ex = st.session_state.get(key)
    if ex in examples():
        request_replace(example_profile(ex), "example", example=ex)


def blank_profile() -> dict[str, Any]:
    return {"assessment_year": _dt.date.today().year, "application_type": "new"}


def reset() -> None:
    """A blank profile for this year, new application (asks first when there are unsaved edits)."""
    p = {"data": blank_profile(), "kind": "blank", "example": None, "file": None, "notes": ()}
    if request_replace(p["data"], "blank"):
        _said_loaded(p)


def flash(zh: str, en: str, kind: str = "success") -> None:
    st.session_state[MESSAGE] = (kind, zh, en)


def pop_flash() -> tuple[str, str, str] | None:
    return st.session_state.pop(MESSAGE, None)


def banner_shown() -> Any:
    return st.session_state.get(BANNER)


def set_banner_shown(parts: Any) -> None:
    st.session_state[BANNER] = parts


def pop_full_rerun() -> bool:
    return bool(st.session_state.pop(FULL_RERUN, False))


# ---- the URL: the profile survives a reload or a new tab, nothing is stored on the server

def url_params() -> dict[str, str]:
    """What the address bar should hold for this session: nothing for the untouched default
    example, `ex=<id>` for another untouched example, else `p=<token>` (the whole profile)."""
    raw = st.session_state[PROFILE]
    ex = loaded_example()
    out: dict[str, str] = {}
    if ex and raw == example_profile(ex):
        if ex != DEFAULT_EXAMPLE:
            out["ex"] = ex
    else:
        sig = _signature(raw)
        memo = st.session_state.get(_URL)
        if not memo or memo[0] != sig:
            memo = (sig, loading.to_token(raw))
            st.session_state[_URL] = memo
        out["p"] = memo[1]
    if lang() != "zh":
        out["lang"] = lang()
    if standard() != "auto":
        out["std"] = standard()
    return out


def _history_navigation() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))
    except Exception:           # pragma: no cover - a Streamlit internal; never fatal
        return False


def sync_url() -> None:
    """Write the profile into the URL (only when it changed). The browser's back button restores
    an earlier address: that is taken as "undo" — the profile in that address is loaded."""
    want = url_params()
    have = st.query_params.to_dict()
    if have == want:
        return
    if _history_navigation() and (have.get("p") or have.get("ex")) and \
            (have.get("p"), have.get("ex")) != (want.get("p"), want.get("ex")):
        try:
            if have.get("p"):
                data, _ = loading.from_token(have["p"])
                _set_profile(data, None, "link")
                st.session_state[MODIFIED] = True
            elif have.get("ex") in examples():
                _set_profile(example_profile(have["ex"]), have["ex"], "example")
            return
        except loading.LoadError:
            pass
    st.query_params.from_dict(want)


def _signature(raw: dict[str, Any] | None = None) -> str:
    return json.dumps(_current() if raw is None else raw, sort_keys=True, ensure_ascii=False, default=str)


def parsed() -> tuple[Any, tuple[FieldError, ...]]:
    """(profile, errors). Fields with errors are left out (treated as missing), so the rest of
    the assessment still shows while the user fixes them; their raw text stays in PROFILE."""
    sig = _signature()
    memo = st.session_state.get(_MEMO)
    if memo and memo[0] == sig:
        return memo[1], memo[2]
    profile, errors = parse_forgiving(raw_profile())
    st.session_state[_MEMO] = (sig, profile, errors, {})
    return profile, errors


def parse_forgiving(data: dict[str, Any]) -> tuple[Any, tuple[FieldError, ...]]:
    """(profile, errors) of a raw profile, the fields with errors left out (treated as missing)."""
    data = dict(data)
    errors: list[FieldError] = _prescreen(data)
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
    return profile, tuple(errors)


_ABSURD = 10 ** 15     # beyond every field's bound (money ≤ 10¹² 万元): refused before the rules see it
_ABSURD_DIGITS = 15


def _prescreen(data: dict[str, Any]) -> list[FieldError]:
    """Numbers far beyond any bound ("1e1000000", a 5000-digit figure) are refused here, in
    microseconds, and taken out of `data`: turning such a text into an integer takes the rules'
    parser most of a minute, which would freeze the session."""
    from .inputs import read_number
    out: list[FieldError] = []
    for k in list(data):
        spec = FIELD.get(k)
        v = data[k]
        if spec is None or spec.kind in ("text", "enum", "bool") or not isinstance(v, (str, int)) or isinstance(v, bool):
            continue
        if isinstance(v, int) and abs(v) < _ABSURD:
            continue
        d = read_number(v)
        if d is not None and not d.is_zero() and d.adjusted() >= _ABSURD_DIGITS:
            del data[k]
            out.append(FieldError((k,), t("far_too_large", "zh", name=spec.zh), t("far_too_large", "en", name=spec.en)))
    return out


def field_errors(key: str) -> tuple[FieldError, ...]:
    return tuple(e for e in parsed()[1] if key in e.fields)


def assessment(standard_choice: str | None = None) -> tuple[Assessment, tuple[FieldError, ...]]:
    profile, errors = parsed()
    choice = standard_choice or standard()
    cache = st.session_state[_MEMO][3]
    if choice not in cache:
        cache[choice] = evaluate(profile, rulebook(), choice)
    return cache[choice], errors


def last_change(a: Assessment) -> list[tuple]:
    """What the last edit changed: [(tier, (verdict, fails) before, after)] for each tier whose
    verdict or failing count moved (kept until the next edit changes something)."""
    tiers = {"gate": a.gate, **a.tiers}
    now = {k: (tr.verdict, tr.counts()["fail"]) for k, tr in tiers.items()}
    sig = _signature()
    last = st.session_state.get(LAST)
    if last is None:
        st.session_state[LAST] = (sig, now, [])
        return []
    if last[0] == sig:
        return last[2]
    change = [(k, last[1][k], now[k]) for k in now if k in last[1] and last[1][k] != now[k]]
    st.session_state[LAST] = (sig, now, change or last[2])
    return change or last[2]


def overlay() -> bool:
    return bool(st.session_state.get(OVERLAY, True))


def _copy_overlay(key: str) -> None:
    st.session_state[OVERLAY] = bool(st.session_state[key])


def overlay_toggle(label: str) -> None:
    """The results page's 叠加两个层级. The widget's own state is dropped when another page is
    shown, so its value lives in OVERLAY and the widget is created from it."""
    key = "zjtx:overlay_toggle"
    st.toggle(label, value=overlay(), key=key, on_change=_copy_overlay, args=(key,))


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
    st.selectbox(t("standard", lang_), rulebook().standard_choices, key=key, on_change=_copy_standard, args=(key,),
                 format_func=lambda v: t(f"standard_{v}", lang_))


def standard_switch(lang_: str) -> None:
    """An in-page switch for the standard, kept in step with the sidebar."""
    from ..i18n import t
    key = lang_key(_STANDARD_SWITCH)
    st.session_state[key] = standard()
    st.segmented_control(t("switch_standard", lang_), rulebook().standard_choices, key=key,
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
    box = st.session_state.get(LIVE)
    if box is not None:
        box["scenarios"] = tuple(items)


def page_opts(key: str) -> dict:
    """A plain dict in the session that outlives the page's widgets (copied in on every run)."""
    return st.session_state.setdefault(key, {})


# ---- the advisor's meeting kit (issue 11 items 7–9): presenter mode, anonymise, the client list

def presenter() -> bool:
    return bool(st.session_state.get(PRESENTER, False))


def _copy_presenter(key: str) -> None:
    on = bool(st.session_state.get(key))
    st.session_state[PRESENTER] = on
    if not on and st.session_state.pop(VIEW, None) is not None:
        st.session_state.pop(LAST, None)
        _clear_widgets()


def presenter_toggle(label: str, help_: str) -> None:
    key = "zjtx:presenter_toggle"
    st.toggle(label, value=presenter(), key=key, on_change=_copy_presenter, args=(key,), help=help_)


def view() -> str | None:
    """Presenter mode: the scenario on screen (None = the baseline). Off presenter mode: None."""
    if not presenter():
        return None
    name = st.session_state.get(VIEW)
    if name is None:
        return None
    from .. import scenarios as sc
    return name if sc.get(scenarios(), name) is not None else None


def set_view(name: str | None) -> None:
    """Show the baseline (None) or a scenario; every bound widget re-reads what is shown."""
    if name == view():
        return
    st.session_state[VIEW] = name
    st.session_state.pop(LAST, None)           # "last edit" compares edits, not baseline with a scenario
    st.session_state[FULL_RERUN] = True
    _clear_widgets()


def presenter_fields(current: tuple[str, ...]) -> tuple[str, ...]:
    """The fields the presenter's reduced input shows: those of the current gaps, plus those shown
    before for the same profile and view — a slider that has just closed its gap stays under the mouse."""
    token = (epoch(), view())
    held = st.session_state.get(PRES_FIELDS)
    fields = list(current) if not held or held[0] != token else \
        [*held[1], *(f for f in current if f not in held[1])]
    st.session_state[PRES_FIELDS] = (token, tuple(fields))
    return tuple(fields)


def anonymised() -> bool:
    return bool(st.session_state.get(ANON, False))


def _copy_anon(key: str) -> None:
    st.session_state[ANON] = bool(st.session_state.get(key))
    st.session_state[ANON_N] = st.session_state.get(ANON_N, 0) + 1     # the other switches follow


def anonymise_toggle(where: str, label: str, help_: str) -> bool:
    """匿名: the same session-wide switch wherever it is shown (sidebar, report downloads)."""
    key = f"zjtx:anon:{where}:{st.session_state.get(ANON_N, 0)}"
    return st.toggle(label, value=anonymised(), key=key, on_change=_copy_anon, args=(key,), help=help_)


def shown_name(name: Any, lang: str, blank: str | None = None) -> str:
    """A company (or file) name as the screen may show it: （已匿名） when anonymised."""
    if anonymised():
        from ..report.model import anonymous_name
        return anonymous_name(lang)
    if name not in (None, ""):
        return str(name)
    if blank is not None:
        return blank
    from ..i18n import t
    return t("blank_company", lang)


def clients() -> tuple:
    return tuple(st.session_state.get(CLIENTS, ()))


def active_client() -> int | None:
    from .. import clients as cl
    cid = st.session_state.get(ACTIVE)
    return cid if cid is not None and cl.get(clients(), cid) is not None else None


def write_back() -> None:
    """The client on screen gets the current baseline and scenarios back into the list."""
    from .. import clients as cl
    cid = active_client()
    if cid is not None:
        st.session_state[CLIENTS] = cl.update(clients(), cid, st.session_state[PROFILE], scenarios())


def _new_client_id() -> int:
    from .. import clients as cl
    cid = cl.next_id(clients(), st.session_state.get(CLIENT_SEQ, 0))
    st.session_state[CLIENT_SEQ] = cid
    return cid


def add_current_client() -> None:
    """on_click 加入客户列表: the profile on screen (and its scenarios) becomes a client."""
    from .. import clients as cl
    from ..i18n import t
    if active_client() is not None:
        return
    try:
        cid = _new_client_id()
        st.session_state[CLIENTS] = cl.add(clients(), cid, st.session_state[PROFILE], scenarios())
    except cl.ClientError as exc:
        flash(exc.zh, exc.en, "error")
        return
    st.session_state[ACTIVE] = cid
    i = len(clients()) - 1
    flash(t("client_added", "zh", name=cl.label(clients()[i], i, "zh", anonymised())),
          t("client_added", "en", name=cl.label(clients()[i], i, "en", anonymised())))


def switch_client(cid: int) -> None:
    """on_click 打开: the current client's edits go back to the list, the other one is shown. A
    profile that is not in the list and has unsaved edits is never replaced without asking."""
    from .. import clients as cl
    c = cl.get(clients(), cid)
    if c is None or cid == active_client():
        return
    p = {"data": c.data(), "kind": "client", "example": None, "file": None, "notes": (), "client": cid}
    if request_replace(c.data(), "client", client=cid):
        _said_loaded(p)


def remove_client(cid: int) -> None:
    """on_click 移除: the client leaves the list; if it is on screen it stays there, out of the list."""
    from .. import clients as cl
    if active_client() == cid:
        st.session_state[ACTIVE] = None
    st.session_state[CLIENTS] = cl.remove(clients(), cid)


def client_result(raw: dict[str, Any]) -> tuple[tuple[str, str, int], ...]:
    """(tier, verdict, failing count) for the gate and each tier — a client's last result, under
    the session's standard (memoised on the profile's content)."""
    memo = st.session_state.setdefault(CLIENT_MEMO, {})
    key = (_signature(dict(raw)), standard())
    if key not in memo:
        profile, _ = parse_forgiving(dict(raw))
        a = evaluate(profile, rulebook(), standard())
        memo[key] = tuple((tr.tier, tr.verdict, tr.counts()["fail"]) for tr in (a.gate, *a.tiers.values()))
        while len(memo) > 64:
            memo.pop(next(iter(memo)))
    return memo[key]


def load_workspace(key: str) -> None:
    """on_change of 载入客户列表: the file's clients join the list (nothing in the list is replaced);
    the client that was open when it was saved is opened (asking first over unsaved edits)."""
    from .. import clients as cl
    from ..i18n import t
    up = st.session_state.get(key)
    st.session_state[WS_UPLOAD] = st.session_state.get(WS_UPLOAD, 0) + 1
    if up is None:
        return
    try:
        items, active, notes = cl.workspace_from_bytes(up.getvalue())
    except loading.LoadError as exc:
        flash(t("ws_failed", "zh", msg=exc.zh), t("ws_failed", "en", msg=exc.en), "error")
        return
    have = clients()
    if len(have) + len(items) > cl.MAX_CLIENTS:
        n = len(have) + len(items)
        flash(t("ws_too_many", "zh", n=n, max=cl.MAX_CLIENTS), t("ws_too_many", "en", n=n, max=cl.MAX_CLIENTS), "error")
        return
    ids = []
    new = have
    for raw, scen in items:
        cid = _new_client_id()
        new = cl.add(new, cid, raw, scen)
        ids.append(cid)
    st.session_state[CLIENTS] = new
    if active is not None:
        switch_client(ids[active])
    flash(t("ws_loaded", "zh", n=len(items)), t("ws_loaded", "en", n=len(items)))
    if notes:
        st.session_state[NOTES] = tuple(notes)


def ws_uploader_key() -> str:
    n = st.session_state.get(WS_UPLOAD, 0)
    return f"zjtx-ws-upload-{n}"
