"""The advisor's meeting kit (issue 11 items 7–9) in AppTest: presenter mode's reduced input and
baseline/scenario switch, one anonymise switch for the screen and every report, and the client
list (add / open / remove, its results, the workspace file and the files it refuses)."""

import json
from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from zjtx import clients as cl
from zjtx.engine import evaluate
from zjtx.examples import example_profile
from zjtx.profile import parse_profile
from zjtx.rules import rulebook

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SECRET = "保密客户甲精工有限公司"


def _app():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def _ss(at, key, default=None):
    try:
        return at.session_state[key]
    except KeyError:
        return default


def _key(at, scope, field):
    v = _ss(at, "zjtx:widget_versions", {})
    return f"w:{scope}:{field}:{v.get('*', 0)}.{v.get((scope, field), 0)}:{_ss(at, 'zjtx:lang', 'zh')}"


def _pick_example(at, ex):
    v = at.session_state["zjtx:widget_versions"]
    at.selectbox(key=f"zjtx:example:{v.get('*', 0)}:zh").set_value(ex).run()
    assert not at.exception


def _presenter(at, on=True):
    at.toggle(key="zjtx:presenter_toggle").set_value(on).run()
    assert not at.exception


def _anon(at, on=True, where="sidebar"):
    at.toggle(key=f"zjtx:anon:{where}:{_ss(at, 'zjtx:anon_n', 0)}").set_value(on).run()
    assert not at.exception


def _pres_fields(at):
    return [e.key.split(":")[2] for e in at.text_input if e.key and e.key.startswith("w:pres-num:")]


def _texts(at) -> str:
    """Every element's content on the page and in the sidebar (protobuf text, Chinese kept)."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return "\n".join(out)


def _failing_number_fields(a):
    """Every field read by a failing numeric part of a failing criterion (gate, 专精特新, 小巨人)."""
    out = set()
    for tr in (a.gate, a.tiers["specialized"], a.tiers["little_giant"]):
        for c in tr.criteria:
            if c.status == "fail":
                out |= {f for p in c.parts if p.kind == "number" and p.status == "fail" for f in p.fields}
    return out


# ------------------------------------------------------------------------------ presenter mode

def test_presenter_input_is_only_the_figures_of_the_current_numeric_gaps():
    at = _app()
    _pick_example(at, "c_near_miss")
    full = {e.key.split(":")[2] for e in at.text_input if e.key and e.key.startswith("w:form-num:")}
    _presenter(at)
    fields = _pres_fields(at)
    a = evaluate(parse_profile(example_profile("c_near_miss")), rulebook(), "auto")
    assert fields and set(fields) <= _failing_number_fields(a)
    assert {"revenue_y1", "rd_expense_y1", "class1_ip", "dev_score_current"} <= set(fields)
    # passing or non-numeric criteria bring nothing: name, people, years in the segment, balance sheet
    assert not {"company_name", "employees", "segment_years", "total_assets", "total_liabilities"} & set(fields)
    assert not [e for e in at.text_input if e.key and e.key.startswith("w:form-num:")]   # the full form is gone
    assert len(fields) == len(set(fields))
    # each figure keeps its slider, and the charts are larger
    assert at.slider(key=_key(at, "pres-sl", "class1_ip")) is not None
    spec = {e.key: json.loads(e.proto.spec) for e in at.get("plotly_chart")}
    assert "pres-radar" in spec and not [m for m in at.main.markdown if 'class="zjtx-radar"' in m.value]
    assert spec["pres-radar"]["layout"]["height"] > 330 and spec["pres-radar"]["layout"]["font"]["size"] >= 16
    _presenter(at, False)
    back = {e.key.split(":")[2] for e in at.text_input if e.key and e.key.startswith("w:form-num:")}
    assert back == full and "w:form-num" not in " ".join(_pres_fields(at))


def test_a_gap_closed_in_presenter_mode_keeps_its_slider_and_moves_the_verdict_strip():
    at = _app()
    _pick_example(at, "c_near_miss")
    _presenter(at)
    assert "class1_ip" in _pres_fields(at)
    at.text_input(key=_key(at, "pres-num", "class1_ip")).set_value("40").run()
    assert not at.exception
    assert at.session_state["zjtx:profile"]["class1_ip"] == "40"       # the baseline is what the box moves
    a = evaluate(parse_profile({**example_profile("c_near_miss"), "class1_ip": 40}), rulebook(), "auto")
    assert a.tiers["little_giant"].criterion("L26.ip").status == "pass"
    assert "class1_ip" in _pres_fields(at)                             # closed, but still under the mouse
    strip = " ".join(m.value for m in at.main.markdown)
    assert "上次修改" in strip or "last" in strip.lower()


def test_a_profile_that_meets_everything_shows_no_slider_and_says_so():
    at = _app()                          # example A meets every tier
    _presenter(at)
    assert _pres_fields(at) == []
    assert any("没有可用数值缩小的差距" in s.value for s in at.success)


def test_the_switch_shows_a_scenario_whose_sliders_never_touch_the_baseline():
    at = _app()
    _pick_example(at, "c_near_miss")
    at.switch_page("pages/plan.py").run()
    at.button(key="scen-new").click().run()
    name = at.session_state["zjtx:scenarios"][0].name
    at.switch_page("pages/input.py").run()
    _presenter(at)
    switch = [b for b in at.button_group if b.key and b.key.startswith("zjtx:pres_view")]
    assert len(switch) == 1
    switch[0].set_value(name).run()
    assert not at.exception
    assert at.session_state["zjtx:view"] == name
    at.text_input(key=_key(at, "pres-num", "class1_ip")).set_value("40").run()
    assert not at.exception
    assert at.session_state["zjtx:scenarios"][0].raw["class1_ip"] == "40"
    assert at.session_state["zjtx:profile"]["class1_ip"] == example_profile("c_near_miss")["class1_ip"]
    assert any(name in c.value for c in at.caption)                   # it says which scenario is shown
    # back to the baseline: its own figure in the box
    switch = [b for b in at.button_group if b.key and b.key.startswith("zjtx:pres_view")]
    switch[0].set_value("__baseline__").run()
    assert at.text_input(key=_key(at, "pres-num", "class1_ip")).value == str(example_profile("c_near_miss")["class1_ip"])
    # the strip is on every other page too; the plan page shows the baseline
    at.switch_page("pages/results.py").run()
    assert not at.exception
    assert sum("<br>" in m.value and ("达标" in m.value) for m in at.main.markdown) == 5     # the strip: one cell per tier


def test_presenter_mode_off_drops_the_scenario_view():
    at = _app()
    at.switch_page("pages/plan.py").run()
    at.button(key="scen-new").click().run()
    name = at.session_state["zjtx:scenarios"][0].name
    at.switch_page("pages/input.py").run()
    _presenter(at)
    [b for b in at.button_group if b.key and b.key.startswith("zjtx:pres_view")][0].set_value(name).run()
    _presenter(at, False)
    assert _ss(at, "zjtx:view") is None
    at.text_input(key=_key(at, "form-num", "employees")).set_value("99").run()
    assert at.session_state["zjtx:profile"]["employees"] == "99"          # the form edits the baseline again


# ------------------------------------------------------------------------------ anonymise

def _upload_secret(at):
    data = json.dumps({**example_profile("c_near_miss"), "company_name": SECRET}, ensure_ascii=False).encode()
    n = _ss(at, "zjtx:uploader_n", 0)
    at.file_uploader(key="zjtx:upload" if n == 0 else f"zjtx:upload:{n}").set_value(
        (f"{SECRET}.json", data, "application/json")).run()
    assert not at.exception
    assert at.session_state["zjtx:profile"]["company_name"] == SECRET


@pytest.mark.parametrize("page", ["pages/input.py", "pages/results.py", "pages/compare.py", "pages/plan.py"])
def test_anonymise_hides_the_name_and_the_file_name_on_every_page(page):
    at = _app()
    _upload_secret(at)
    at.switch_page(page).run()
    assert SECRET[:4] in _texts(at)                 # shown before (the check can fail)
    _anon(at)
    text = _texts(at)
    assert SECRET[:4] not in text and "（已匿名）" in text
    at.switch_page("pages/input.py").run()
    _presenter(at)                                  # presenter mode too
    assert SECRET[:4] not in _texts(at)
    at.session_state["zjtx:lang"] = "en"
    at.run()
    assert SECRET[:4] not in _texts(at) and "(anonymised)" in _texts(at)


def test_the_report_switch_is_the_session_switch_and_the_report_bytes_hide_the_name(monkeypatch):
    from zjtx.ui import report_view
    made = {}
    real_maker, real_name = report_view.maker, report_view.file_name

    def spy_maker(a, profile, fmt, lang, anonymise, *args, **kw):
        made[fmt] = real_maker(a, profile, fmt, lang, anonymise, *args, **kw)
        return made[fmt]

    names = {}

    def spy_name(a, fmt, lang="zh", anonymise=False):
        names[fmt] = real_name(a, fmt, lang, anonymise)
        return names[fmt]
    monkeypatch.setattr(report_view, "maker", spy_maker)
    monkeypatch.setattr(report_view, "file_name", spy_name)
    at = _app()
    _upload_secret(at)
    at.switch_page("pages/results.py").run()
    assert SECRET in made["html"]().decode("utf-8") and SECRET in names["pdf"]     # not anonymised yet
    _anon(at)                                                            # the sidebar switch …
    assert at.toggle(key=f"zjtx:anon:report-results:{at.session_state['zjtx:anon_n']}").value is True  # … is the report's
    html = made["html"]().decode("utf-8")
    assert SECRET not in html and "（已匿名）" in html
    assert all(SECRET not in n for n in names.values())
    import io
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(made["xlsx"]()))
    cells = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert SECRET not in cells and "（已匿名）" in cells
    # the report's switch turns it off everywhere
    _anon(at, False, where="report-results")
    assert at.session_state["zjtx:anonymise"] is False
    assert at.toggle(key=f"zjtx:anon:sidebar:{at.session_state['zjtx:anon_n']}").value is False
    assert SECRET in made["html"]().decode("utf-8")


def test_the_saved_profile_keeps_the_real_name_while_anonymised():
    from zjtx.ui.shell import _save_bytes
    at = _app()
    _upload_secret(at)
    _anon(at)
    saved = json.loads(_save_bytes(at.session_state["zjtx:live"])())
    assert saved["company_name"] == SECRET
    assert any("保留真实企业名称" in (b.help or "") for b in at.download_button if b.key == "save-profile")


# ------------------------------------------------------------------------------ the client list

def _client_ids(at):
    return [c.id for c in _ss(at, "zjtx:clients", ())]


def _add(at):
    at.button(key="client-add").click().run()
    assert not at.exception


def test_clients_add_open_remove_and_every_edit_is_kept():
    at = _app()
    _add(at)                                                   # example A
    [a_id] = _client_ids(at)
    assert at.session_state["zjtx:active_client"] == a_id
    assert at.button(key="client-add").disabled                # already in the list
    at.text_input(key=_key(at, "form-num", "employees")).set_value("111").run()
    _pick_example(at, "c_near_miss")                            # another profile: A's edit goes back to the list
    assert not _ss(at, "zjtx:pending")
    assert at.session_state["zjtx:clients"][0].raw["employees"] == "111"
    assert _ss(at, "zjtx:active_client") is None
    _add(at)
    a_id, c_id = _client_ids(at)
    at.text_input(key=_key(at, "form-num", "employees")).set_value("77").run()
    at.button(key=f"client-open-{a_id}").click().run()           # switch: no question, nothing lost
    assert not at.exception and not _ss(at, "zjtx:pending")
    assert at.session_state["zjtx:profile"]["employees"] == "111"
    assert at.session_state["zjtx:clients"][1].raw["employees"] == "77"
    # each entry shows its name and its last result (the near miss fails 小巨人)
    lines = [m.value for m in at.markdown if m.value.startswith("<div class=\"zjtx-res\">")]
    assert len(lines) == 2
    assert "小巨人\u00a0✔" in lines[0] and "小巨人\u00a0✘7" in lines[1]      # the near miss fails 7 小巨人 criteria
    md = " ".join(m.value for m in at.markdown)
    assert "示例企业A" in md and "示例企业C" in md
    at.button(key=f"client-open-{c_id}").click().run()
    assert at.session_state["zjtx:profile"]["employees"] == "77"
    at.button(key=f"client-remove-{a_id}").click().run()
    assert _client_ids(at) == [c_id]
    at.button(key=f"client-remove-{c_id}").click().run()            # the client on screen: it stays on screen
    assert _client_ids(at) == [] and at.session_state["zjtx:profile"]["employees"] == "77"
    assert _ss(at, "zjtx:active_client") is None


def test_opening_a_client_over_unsaved_edits_outside_the_list_asks_first():
    at = _app()
    _add(at)
    [a_id] = _client_ids(at)
    at.button(key="reset-profile").click().run()                 # leaves the list (A is kept there)
    at.text_input(key=_key(at, "form-num", "employees")).set_value("5").run()
    at.button(key=f"client-open-{a_id}").click().run()
    assert _ss(at, "zjtx:pending") is not None
    assert at.session_state["zjtx:profile"]["employees"] == "5"      # not replaced yet
    at.button(key="pending-no").click().run()
    assert at.session_state["zjtx:profile"]["employees"] == "5"
    at.button(key=f"client-open-{a_id}").click().run()
    at.button(key="pending-yes").click().run()
    assert at.session_state["zjtx:active_client"] == a_id
    assert at.session_state["zjtx:profile"] == dict(at.session_state["zjtx:clients"][0].raw)


def test_anonymised_clients_are_listed_by_number():
    at = _app()
    _upload_secret(at)
    _add(at)
    assert SECRET[:4] in " ".join(m.value for m in at.markdown)
    _anon(at)
    md = " ".join(m.value for m in at.markdown)
    assert "客户 1" in md and SECRET[:4] not in _texts(at)


def test_the_list_is_capped_and_says_so():
    at = _app()
    for _ in range(cl.MAX_CLIENTS):
        _add(at)
        at.button(key="reset-profile").click().run()
    assert len(_client_ids(at)) == cl.MAX_CLIENTS
    assert at.button(key="client-add").disabled
    assert any(f"最多 {cl.MAX_CLIENTS} 家" in c.value for c in at.caption)


def _ws_upload(at, name, data: bytes):
    key = f"zjtx-ws-upload-{_ss(at, 'zjtx:ws_upload', 0)}"
    at.file_uploader(key=key).set_value((name, data, "application/json")).run()
    assert not at.exception


def test_the_workspace_file_round_trips_clients_scenarios_and_the_open_one():
    from zjtx.ui.meeting import _ws_bytes
    at = _app()
    _add(at)
    _pick_example(at, "c_near_miss")
    at.switch_page("pages/plan.py").run()
    at.button(key="scen-new").click().run()
    at.switch_page("pages/input.py").run()
    _add(at)
    at.text_input(key=_key(at, "form-num", "employees")).set_value("66").run()   # an edit not yet written back
    data = _ws_bytes(at.session_state["zjtx:live"])()
    doc = json.loads(data)
    assert doc["format"] == "zjtx-workspace" and doc["version"] == 1 and doc["active"] == 1
    assert [c["profile"]["company_name"] for c in doc["clients"]] == [example_profile("a_both_tiers")["company_name"],
                                                                      example_profile("c_near_miss")["company_name"]]
    assert doc["clients"][1]["profile"]["employees"] == 66 and len(doc["clients"][1]["scenarios"]) == 1
    fresh = _app()
    _ws_upload(fresh, "客户列表.json", data)
    assert len(_client_ids(fresh)) == 2
    assert fresh.session_state["zjtx:profile"]["employees"] == 66                 # the open one is opened
    assert [s.name for s in fresh.session_state["zjtx:scenarios"]] == [s["name"] for s in doc["clients"][1]["scenarios"]]
    assert any("已载入 2 家客户" in s.value for s in fresh.success)


def _ws(**over):
    doc = {"format": "zjtx-workspace", "version": 1, "active": None,
           "clients": [{"profile": {"company_name": "甲", "employees": 10}}]}
    doc.update(over)
    return json.dumps(doc, ensure_ascii=False).encode()


BAD = {
    "wrong version": (_ws(version=2), "版本 2 不受支持"),
    "too big": (b'{"format": "zjtx-workspace", "version": 1, "clients": [], "_pad": "' + b"x" * (cl.MAX_WORKSPACE_BYTES + 1)
                + b'"}', "文件过大"),
    "duplicated key": (b'{"format": "zjtx-workspace", "version": 1, "clients": [{"profile": {"employees": 1, '
                       b'"employees": 2}}]}', "键「employees」在同一对象中出现了两次"),
    "non-object": (b'[{"profile": {}}]', "须为一个 JSON 对象"),
    "a client not an object": (_ws(clients=["甲"]), "第 1 家客户须为一个对象"),
    "a single profile": (json.dumps({"company_name": "甲"}, ensure_ascii=False).encode(), "这不是客户列表文件"),
    "broken json": (b'{"format": "zjtx-workspace",', "不是有效的 JSON"),
    "unknown key": (_ws(extra=1), "未知的键「extra」"),
    "too many clients": (_ws(clients=[{"profile": {}}] * (cl.MAX_CLIENTS + 1)), f"超过上限 {cl.MAX_CLIENTS}"),
    "clients not a list": (_ws(clients={"a": 1}), "clients 须为数组"),
    "scenario name twice": (_ws(clients=[{"profile": {}, "scenarios": [{"name": "x", "profile": {}},
                                                                         {"name": "x", "profile": {}}]}]),
                            "已有名为「x」的情景"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_workspace_file_is_refused_with_a_chinese_line(case):
    data, said = BAD[case]
    with pytest.raises(cl.LoadError) as exc:
        cl.workspace_from_bytes(data)
    assert said in exc.value.zh, exc.value.zh
    assert "Traceback" not in exc.value.zh and exc.value.en


@pytest.mark.parametrize("case", ["wrong version", "too big", "duplicated key", "non-object"])
def test_a_bad_workspace_upload_keeps_the_list_and_says_why(case):
    data, said = BAD[case]
    at = _app()
    _add(at)
    before = at.session_state["zjtx:clients"]
    _ws_upload(at, "bad.json", data)
    assert at.session_state["zjtx:clients"] == before
    errors = " ".join(e.value for e in at.error).replace("\\", "").replace("\u2060", "")   # user text is markdown-escaped
    assert "未能载入客户列表" in errors and said in errors


def test_a_good_workspace_that_would_exceed_the_cap_is_refused():
    at = _app()
    _add(at)
    data = _ws(clients=[{"profile": {"employees": i}} for i in range(cl.MAX_CLIENTS)])
    _ws_upload(at, "full.json", data)
    assert len(_client_ids(at)) == 1
    assert any(f"超过上限 {cl.MAX_CLIENTS} 家" in e.value for e in at.error)


def test_a_workspace_profile_is_read_like_a_profile_file():
    items, active, notes = cl.workspace_from_bytes(_ws(clients=[{"profile": {"营业收入（上年度）": 5000, "未知": 1}}],
                                                       active=7))
    assert items[0][0] == {"revenue_y1": 5000}
    assert active is None
    said = " ".join(n.zh for n in notes)
    assert "第 1 家客户" in said and "未知" in said and "active" in said


def test_anonymise_hides_the_names_and_the_file_name_of_a_screened_list():
    at = _app()
    at.switch_page("pages/batch.py").run()
    csv = ("企业名称,营业收入（上年度）（万元）,主营业务收入（上年度）,所属行业,从业人员数\n"
           f"{SECRET},3000,2900,工业,120\n乙公司,800,700,工业,30\n").encode("utf-8")
    at.file_uploader(key="zjtx:batch_upload").set_value((f"{SECRET[:4]}名单.csv", csv, "text/csv")).run()
    assert not at.exception
    table = at.dataframe(key="batch-table").value
    assert SECRET in table["企业名称"].tolist() and SECRET[:4] in _texts(at)
    _anon(at)
    table = at.dataframe(key="batch-table").value
    assert set(table["企业名称"]) == {"（已匿名）"}
    assert at.text_input(key="batch-search").disabled                # a search would reveal a name
    shown = _texts(at) + " ".join(e.proto.body for e in at.get("html"))
    assert SECRET[:4] not in shown and "乙公司" not in shown


def test_a_scenario_name_from_a_file_is_shown_as_text_in_the_switch():
    hostile = "![x](http://e.example/a)"
    data = _ws(active=0, clients=[{"profile": {"company_name": "甲"},
                                   "scenarios": [{"name": hostile, "profile": {"company_name": "甲"}}]}])
    at = _app()
    _ws_upload(at, "ws.json", data)
    assert [s.name for s in at.session_state["zjtx:scenarios"]] == [hostile]
    _presenter(at)
    [switch] = [b for b in at.button_group if b.key and b.key.startswith("zjtx:pres_view")]
    labels = [o.content for o in switch.proto.options]
    from zjtx.limits import WORD_JOINER              # bare addresses are split so GFM does not link them
    assert hostile not in labels and any(lbl.replace("\\", "").replace(WORD_JOINER, "") == hostile for lbl in labels)
