"""The shared frame: page config, sidebar (language, live summary, year, application type,
standard, examples, save/load/reset) and navigation over pages/."""

from __future__ import annotations

import gc
import json

import streamlit as st

from typing import Callable

from ..examples import examples
from ..fields import FIELD
from .. import limits
from ..limits import markdown_literal
from ..i18n import LANG_NAMES, pair, t
from ..rules import rulebook
from .. import compare
from . import boot, inputs, loading, meeting, state, views

PAGES = (
    ("pages/input.py", "nav_input", "input", ":material/edit_note:"),
    ("pages/results.py", "nav_results", "results", ":material/insights:"),
    ("pages/compare.py", "nav_compare", "compare", ":material/compare_arrows:"),
    ("pages/plan.py", "nav_plan", "plan", ":material/route:"),
    ("pages/batch.py", "nav_batch", "batch", ":material/table_view:"),
    ("pages/rules.py", "nav_rules", "rules", ":material/gavel:"),
)

_CSS = """
<style>
/* the live panel beside the form stays in view while scrolling */
.st-key-live-panel { position: sticky; top: 3.75rem; align-self: flex-start;
  max-height: calc(100vh - 4.5rem); overflow-y: auto; overscroll-behavior: contain; }
/* its verdict strip stays at the top of the panel while the panel scrolls */
.st-key-live-panel > div:first-child { position: sticky; top: -1rem; z-index: 3;
  background: white; padding: 0.2rem 0 0.35rem 0; border-bottom: 1px solid #eee; }
.st-key-live-panel .st-key-summary [data-testid="stMarkdownContainer"] p { font-size: 0.92rem; line-height: 1.55; }
[data-testid="stSidebar"] .st-key-summary p { line-height: 1.6; }
/* the form's number boxes have sliders beside them: drop the +/- steppers so figures fit */
.st-key-form [data-testid="stNumberInputStepUp"], .st-key-form [data-testid="stNumberInputStepDown"] { display: none; }
/* criteria tables: short columns never wrap (status, actual, required, self-declared) */
[class*="st-key-table-"] th, [class*="st-key-table-"] th * { white-space: nowrap !important; }
[class*="st-key-table-"] td:nth-child(1) *, [class*="st-key-table-"] td:nth-child(3) *,
[class*="st-key-table-"] td:nth-child(4) *, [class*="st-key-table-"] td:nth-child(6) * {
  white-space: nowrap !important; word-break: keep-all !important; }
/* a clear focus ring on the box the keyboard is in */
[data-testid="stTextInputRootElement"]:focus-within { outline: 2px solid #1F5AA6; outline-offset: 1px; }
/* criteria as cards on a phone, as tables elsewhere */
[class*="st-key-cards-"], [class*="st-key-rows-"] { display: none !important; }
.zjtx-k { color: #666; }
.zjtx-facts { white-space: pre-line; }
.zjtx-card { border: 1px solid #e6e6e6; border-radius: 0.5rem; padding: 0.45rem 0.6rem; margin: 0 0 0.45rem 0;
  font-size: 0.9rem; line-height: 1.45; }
.zjtx-facts { margin-top: 0.15rem; }
.zjtx-why { color: #666; font-size: 0.82rem; margin-top: 0.15rem; }
.zjtx-res { color: #555; font-size: 0.85rem; line-height: 1.5; }
@media (max-width: 640px) {
  .st-key-live-panel { position: static; max-height: none; overflow: visible; }
  [class*="st-key-table-"] { display: none !important; }
  [class*="st-key-cards-"], [class*="st-key-rows-"] { display: flex !important; }
  [class*="st-key-wide-"] { display: none !important; }
  .js-plotly-plot .gtitle { font-size: 13px !important; }
}
</style>
"""


# Streamlit's own English hints, said in Chinese when the page is in Chinese (and the profile
# uploader's real limit, limits.MAX_PROFILE_BYTES, instead of the server's 50 MB)
_CSS_EN = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[class*="st-key-zjtx-upload"] [data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%PROFILE_DROP%"; font-size: 0.8rem; }
.st-key-zjtx-batch_upload [data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%LIST_DROP%"; font-size: 0.8rem; }
</style>
"""
def uploader_css(lang: str) -> str:
    """The language's CSS with its words (i18n) and the real upload limits written in (profile files,
    batch lists)."""
    css = _CSS_ZH if lang == "zh" else _CSS_EN
    return (css.replace("%PROFILE_DROP%", t("drop_profile", lang, max=limits.size_label(limits.MAX_PROFILE_BYTES)))
               .replace("%LIST_DROP%", t("drop_list", lang, max=f"{limits.MAX_UPLOAD_MB} MB"))
               .replace("%ENTER%", t("st_enter", lang)).replace("%CHOOSE%", t("st_choose_file", lang)))


_CSS_ZH = """
<style>
[data-testid="InputInstructions"] > span { font-size: 0; }
[data-testid="InputInstructions"] > span:first-child::after { content: "%ENTER%"; font-size: 0.75rem; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after { content: "%CHOOSE%"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[class*="st-key-zjtx-upload"] [data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%PROFILE_DROP%"; font-size: 0.8rem; }
.st-key-zjtx-batch_upload [data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%LIST_DROP%"; font-size: 0.8rem; }
</style>
"""


# Keyboard and phone behaviour Streamlit has no setting for (static code, no user data):
# - the "?" help buttons and the form's sliders leave the Tab order: Tab goes from one figure's box
#   to the next (a slider renewed by the rerun took the focus ring with it; each help button was
#   an extra stop). The box is the keyboard's way in; the slider mirrors it for mouse and touch.
# - on a phone (≤ 640 px) the sidebar closes after a page is chosen in it;
# - in Chinese, the few English words of Streamlit's menus ("Select all" …) are said in Chinese.
_JS = """
<script>
window.__zjtx_lang = "%LANG%";
(function () {
  if (window.__zjtx_ui) { return; }
  window.__zjtx_ui = true;
  var doc = window.document, queued = false;
  var SAY = [[/^Select all$/, "%SELECT_ALL%"], [/^Select (\\d+) matches$/, "%SELECT_N%"], [/^Add: (.*)$/, "%ADD%"],
             [/^Page not found$/, "%NOT_FOUND%"], [/^The page that you have requested does not seem to exist\\. Running the app's main page\\.$/, "%NOT_FOUND_BODY%"]];
  function fix() {
    queued = false;
    doc.querySelectorAll('[data-testid="stTooltipHoverTarget"] button, .st-key-form [data-testid="stSlider"] input[type="range"], .st-key-form [data-testid="stSlider"] [role="slider"]')
      .forEach(function (b) { if (b.tabIndex !== -1) { b.tabIndex = -1; } });
    if (window.__zjtx_lang !== "zh") { return; }
    // Streamlit's own English words in menus (a text node's value only: React keeps its nodes)
    doc.querySelectorAll('[role="option"], [data-testid="stDataFrameColumnVisibilityMenu"] label, [role="dialog"]').forEach(function (el) {
      var w = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
      while ((n = w.nextNode())) {
        SAY.forEach(function (r) { if (r[0].test(n.nodeValue)) { n.nodeValue = n.nodeValue.replace(r[0], r[1]); } });
      }
    });
  }
  new MutationObserver(function () { if (!queued) { queued = true; window.requestAnimationFrame(fix); } })
    .observe(doc.body, {subtree: true, childList: true});
  fix();
  var watch = null;
  doc.addEventListener('click', function (e) {
    if (e.isTrusted && e.target.closest && e.target.closest('[data-testid="stExpandSidebarButton"]')) {
      if (watch) { window.clearInterval(watch); watch = null; }    // the user opens it again: leave it
      return;
    }
    var link = e.target.closest && e.target.closest('[data-testid="stSidebarNavLink"]');
    if (link && window.innerWidth <= 640) {
      // closed once the page has begun to change, and kept closed while the new page renders (a
      // slow rerun can re-open it or replace the button): checked every 200 ms until it has stayed
      // closed for 2 s, for at most 20 s
      if (watch) { window.clearInterval(watch); }
      var closedFor = 0, left = 100;
      watch = window.setInterval(function () {
        left -= 1;
        var side = doc.querySelector('[data-testid="stSidebar"]');
        if (!side || side.getAttribute('data-collapsed') === 'true') { closedFor += 200; }
        else {
          closedFor = 0;
          var b = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
          if (b) { b.click(); }
        }
        if (closedFor >= 2000 || left <= 0) { window.clearInterval(watch); watch = null; }
      }, 200);
    }
  }, true);
})();
</script>
"""


def script(lang: str) -> str:
    """_JS for the page's language, with the Chinese for Streamlit's English menu words (i18n)."""
    return (_JS.replace("%LANG%", lang).replace("%SELECT_ALL%", t("st_select_all", "zh"))
               .replace("%SELECT_N%", t("st_select_n", "zh")).replace("%ADD%", t("st_add", "zh"))
               .replace("%NOT_FOUND%", t("st_not_found", "zh")).replace("%NOT_FOUND_BODY%", t("st_not_found_body", "zh")))


def _on_upload(key: str) -> None:
    """on_change of 载入档案: load what can be loaded; with unsaved edits, ask first. Whatever the
    file holds, the session stays usable: every failure is one Chinese line, the profile kept."""
    up = st.session_state.get(key)
    state.next_uploader()                      # the box is emptied: the same file can be loaded again
    if up is None:
        return
    try:
        data, notes = loading.profile_from_bytes(up.getvalue())
    except loading.LoadError as exc:
        state.flash(t("load_failed", "zh", msg=exc.zh), t("load_failed", "en", msg=exc.en), "error")
        return
    except Exception as exc:                   # pragma: no cover - loading.py already catches everything
        state.flash(t("load_failed", "zh", msg=type(exc).__name__), t("load_failed", "en", msg=type(exc).__name__), "error")
        return
    name = loading.clean_text(str(up.name))
    if state.request_replace(data, "file", file=name, notes=notes):
        company = limits.echo(state.shown_name(data.get("company_name") or name, "zh"), 80)
        company_en = limits.echo(state.shown_name(data.get("company_name") or name, "en"), 80)
        state.flash(t("loaded_ok", "zh", name=company), t("loaded_ok", "en", name=company_en))


def sidebar(show_summary: bool = True) -> None:
    """The shared sidebar. The self-check page shows its live summary beside the form instead
    (that part reruns alone as a fragment, so a sidebar copy would go stale)."""
    with st.sidebar:
        st.radio(t("lang", state.lang()), ("zh", "en"), key=state.LANG, horizontal=True,
                 format_func=LANG_NAMES.get)
        lang = state.lang()
        meeting.sidebar_switches(lang)
        if show_summary and not state.presenter():      # presenter mode: the strip on the page says it
            st.markdown(f"**{t('summary', lang)}**")
            views.summary(*state.assessment(), lang)
        st.divider()
        profile, _ = state.parsed()
        year = int(profile.assessment_year)
        inputs.number_field(FIELD["assessment_year"], lang, year, scope="sb", slider=False,
                            label=t("assessment_year", lang))
        inputs.app_type_field(lang, "sb")
        state.standard_select(lang)
        _example_select(lang)
        _pending(lang)
        _save_load_reset(lang)
        meeting.client_list(lang)
        msg = state.pop_flash()
        if msg:
            kind, zh, en = msg
            getattr(st, kind)(markdown_literal(pair(zh, en).get(lang)))
        st.caption(t("disclaimer", lang))


def _example_select(lang: str) -> None:
    """示例企业: shows the example the profile came from, and nothing after a reset, a file or a
    batch row (its key changes with every new profile, so it is created afresh from the source)."""
    names = {k: v.get("company_name", k) for k, v in examples().items()}
    ids = list(names)
    key = f"{state.EXAMPLE}:{state.epoch()}:{lang}"
    ex = state.loaded_example()
    st.selectbox(t("example", lang), ids, index=ids.index(ex) if ex in ids else None, key=key,
                 format_func=names.get, placeholder=t("example_pick", lang),
                 on_change=state.load_selected_example, args=(key,), help=t("example_help", lang))


def _pending(lang: str) -> None:
    """Unsaved edits and another profile waiting: replace them or keep them."""
    p = state.pending()
    if not p:
        return
    if p["kind"] == "blank":
        what = t("pending_blank", lang)
    else:
        what = p["data"].get("company_name") or p["file"] or p["example"] or ""
        if p["kind"] in ("file", "client"):
            what = state.shown_name(what, lang)
        what = t("pending_named", lang, name=limits.echo(what, 80))
    with st.container(key="pending-replace", border=True):
        st.warning(markdown_literal(t("pending_q", lang, what=what)), icon=":material/warning:")
        c1, c2 = st.columns(2)
        c1.button(t("pending_yes", lang), key="pending-yes", on_click=state.confirm_pending, type="primary",
                  width="stretch")
        c2.button(t("pending_no", lang), key="pending-no", on_click=state.cancel_pending, width="stretch")


def _save_bytes(box: dict) -> Callable[[], bytes]:
    """The file is made when the button is clicked, from the profile of that moment (a value
    computed at render time goes stale while the self-check fragment reruns alone). The click
    does not rerun the app (on_click="ignore"): a rerun racing the click could retire the
    callable before the browser asked for it."""
    def make() -> bytes:
        profile = box.get("profile", {})
        box["saved"] = profile                 # these edits are in a file now: loading another need not ask
        data = loading.for_saving(profile)
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8", "replace")
    return make


def _save_load_reset(lang: str) -> None:
    raw = state.baseline_raw()
    name = loading.clean_text(str(raw.get("company_name") or "profile")).strip()
    if state.anonymised():                     # the file keeps the real name; its file name does not
        name = t("profile_file", lang)
    name = "".join(ch for ch in name if ch not in '\\/:*?"<>|\r\n\t')[:40] or "profile"
    st.download_button(t("save", lang), _save_bytes(state.live_box()), file_name=f"{name}.json",
                       mime="application/json", key="save-profile", width="stretch", on_click="ignore",
                       help=t("save_help", lang))
    n = state.uploader_n()
    key = state.UPLOAD if n == 0 else f"{state.UPLOAD}:{n}"   # a new key after each load empties the box
    st.file_uploader(t("load", lang), type=["json"], key=key, on_change=_on_upload, args=(key,),
                     help=t("load_help", lang))
    st.button(t("reset", lang), key="reset-profile", on_click=state.reset, width="stretch")


def freeze_heap() -> None:
    """Once per process, before the first page: move every object alive now (the imported modules,
    plotly, pandas, pyarrow, the rule book) into the collector's permanent generation.

    Streamlit runs a full `gc.collect(2)` after every script run (`runner.postScriptGC`), with the
    GIL held. Walking that whole heap took 80–125 ms on every slider step, and meanwhile the event
    loop could send nothing to any session (measured: the first message of a rerun reached the
    browser ~100 ms after the script had queued it). Frozen, each collection walks only what the
    sessions created since, which is what it is for (bench/README, "Issue 9")."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def run() -> None:
    freeze_heap()
    st.set_page_config(page_title=f"{t('app_title')} · zjtx", page_icon="📊", layout="wide")
    state.init()
    st.markdown(_CSS + uploader_css(state.lang()), unsafe_allow_html=True)
    st.html(script(state.lang()), unsafe_allow_javascript=True)
    lang = state.lang()
    names = compare.names(rulebook())           # the compare page's title names the two standards
    pages = [st.Page(path, title=t(key, lang, **names), url_path=url, icon=icon, default=(i == 0))
             for i, (path, key, url, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    state.pop_full_rerun()                     # this run is a full one already
    on_input = page.url_path in ("", "input")
    if state.presenter():
        st.markdown(meeting.CSS, unsafe_allow_html=True)
        if page.url_path == "plan":
            state.set_view(None)               # the plan page works on the baseline (scenarios side by side)
            state.pop_full_rerun()
    sidebar(show_summary=not on_input)
    if state.presenter() and not on_input:     # 企业自评 draws its strip inside its fragment
        meeting.strip(lang, switch=page.url_path != "plan")
        if page.url_path == "plan":
            st.caption(t("pres_plan_baseline", lang))
    with boot.entered():
        page.run()
    state.sync_url()
