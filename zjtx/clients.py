"""The advisor's client list (issue 11 item 9) and its workspace file. Pure: no Streamlit.

A client is a frozen copy of one raw profile (field key → value as typed) and of that company's
scenarios. Every operation returns a new tuple; the UI keeps the tuple in the user's own session
only (never on the server, never module-level) and the advisor saves it as one JSON file:

    {"format": "zjtx-workspace", "version": 1, "active": 0,
     "clients": [{"profile": {…}, "scenarios": [{"name": "…", "profile": {…}}]}, …]}

Reading that file is as strict as reading a profile, and stricter about its frame: at most
MAX_WORKSPACE_BYTES; one JSON object; a key given twice anywhere, an unknown key, a wrong format or
version, a client that is not an object, more than MAX_CLIENTS clients are refused with one Chinese
and one English line (`loading.LoadError`). Inside each profile the profile loader's own rules
apply (unknown fields left out with a note, values a rule refuses kept as typed and marked).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import scenarios as sc
from .i18n import Bilingual, t
from .limits import MAX_CLIENTS, MAX_WORKSPACE_BYTES
from .ui.loading import LoadError, Note, clean_text, decode_text, for_saving, json_error, profile_from_mapping

FORMAT = "zjtx-workspace"
VERSION = 1
__all__ = ["MAX_CLIENTS", "MAX_WORKSPACE_BYTES", "Client", "ClientError", "LoadError", "add", "update", "remove",
           "get", "label", "next_id", "to_workspace", "workspace_bytes", "workspace_from_bytes"]


class ClientError(Bilingual, ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Client:
    id: int                                  # unique in the session (never reused), not saved
    raw: Mapping[str, Any]                   # read-only copy of the raw profile
    scenarios: tuple[sc.Scenario, ...] = ()

    def data(self) -> dict[str, Any]:
        return dict(self.raw)

    @property
    def name(self) -> str:
        v = self.raw.get("company_name")
        return "" if v is None else str(v)


def _freeze(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in raw.items() if not str(k).startswith("_")})


def next_id(clients: Iterable[Client], floor: int = 0) -> int:
    return max([floor, *(c.id for c in clients)]) + 1


def add(clients: tuple[Client, ...], cid: int, raw: Mapping[str, Any],
        scenarios: tuple[sc.Scenario, ...] = ()) -> tuple[Client, ...]:
    if len(clients) >= MAX_CLIENTS:
        raise ClientError(f"客户列表最多 {MAX_CLIENTS} 家，请先移除一家",
                          f"the client list holds at most {MAX_CLIENTS}; remove one first")
    if any(c.id == cid for c in clients):
        raise ValueError(f"client id {cid} is taken")        # a programming error, never user input
    return (*clients, Client(cid, _freeze(raw), tuple(scenarios)))


def update(clients: tuple[Client, ...], cid: int, raw: Mapping[str, Any],
           scenarios: tuple[sc.Scenario, ...]) -> tuple[Client, ...]:
    """The client `cid` with a new profile and scenarios; the others untouched."""
    return tuple(Client(c.id, _freeze(raw), tuple(scenarios)) if c.id == cid else c for c in clients)


def remove(clients: tuple[Client, ...], cid: int) -> tuple[Client, ...]:
    return tuple(c for c in clients if c.id != cid)


def get(clients: Iterable[Client], cid: int | None) -> Client | None:
    return next((c for c in clients if c.id == cid), None)


def label(client: Client, index: int, lang: str, anonymised: bool) -> str:
    """What the list shows for a client: its name, or 客户 3 when anonymised (or when it has none)."""
    if not anonymised and client.name.strip():
        return client.name
    return t("client_n", lang, n=index + 1)


# ------------------------------------------------------------------------------ the file

def to_workspace(clients: Iterable[Client], active: int | None) -> dict[str, Any]:
    items = list(clients)
    pos = next((i for i, c in enumerate(items) if c.id == active), None)
    return {
        "format": FORMAT, "version": VERSION,
        "_note": "专精特新自测看板的客户列表（含真实企业名称，请妥善保管）/ zjtx client list (real company names: keep it safe)",
        "active": pos,
        "clients": [{"profile": for_saving(c.raw),
                     "scenarios": [{"name": s.name, "profile": for_saving(s.raw),
                                    **({"note_zh": s.note_zh, "note_en": s.note_en} if s.note_zh or s.note_en else {})}
                                   for s in c.scenarios]} for c in items],
    }


def workspace_bytes(clients: Iterable[Client], active: int | None) -> bytes:
    return json.dumps(to_workspace(clients, active), ensure_ascii=False, indent=2).encode("utf-8", "replace")


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_float=str, parse_constant=str, object_pairs_hook=_no_duplicates)
    except _Duplicate as d:
        k = clean_text(d.key)[:40]
        raise LoadError(f"键「{k}」在同一对象中出现了两次（客户列表文件不允许重复的键）",
                        f"the key '{k}' appears twice in one object (a client list may not repeat a key)") from None
    except json.JSONDecodeError as exc:
        raise json_error(exc) from None
    except RecursionError:
        raise LoadError("不是可读取的客户列表：嵌套层数过多", "not a readable client list: nested too deeply") from None
    except ValueError:
        raise LoadError("不是可读取的客户列表：含有过长的数字", "not a readable client list: a number is far too long") from None


def _unknown(obj: Mapping[str, Any], allowed: set[str], where_zh: str, where_en: str) -> None:
    bad = [clean_text(str(k))[:30] for k in obj if not str(k).startswith("_") and k not in allowed]
    if bad:
        raise LoadError(f"{where_zh}含有未知的键「{bad[0]}」", f"{where_en} has an unknown key '{bad[0]}'")


def _text(v: Any, max_len: int) -> str:
    return clean_text(v)[:max_len] if isinstance(v, str) else ""


def workspace_from_bytes(data: bytes) -> tuple[tuple[tuple[dict, tuple[sc.Scenario, ...]], ...], int | None,
                                                 tuple[Note, ...]]:
    """The bytes of a saved client list → ((raw profile, scenarios) per client, the index of the
    client that was open or None, notes), or LoadError naming the problem. Never anything else."""
    try:
        return _read(data)
    except LoadError:
        raise
    except Exception as exc:     # anything unforeseen: refuse the file, keep the session
        raise LoadError(f"无法读取该客户列表文件（{type(exc).__name__}）",
                        f"cannot read this client list ({type(exc).__name__})") from None


def _read(data: bytes):
    if len(data) > MAX_WORKSPACE_BYTES:
        raise LoadError(f"文件过大（客户列表文件应小于 {MAX_WORKSPACE_BYTES // 1024} KB）",
                        f"file too large (a client list is under {MAX_WORKSPACE_BYTES // 1024} KB)")
    obj = _json(decode_text(data))
    if not isinstance(obj, dict):
        raise LoadError("客户列表文件须为一个 JSON 对象（{\"format\": \"zjtx-workspace\", …}）",
                        "a client list must be one JSON object ({\"format\": \"zjtx-workspace\", …})")
    if obj.get("format") != FORMAT:
        if "format" not in obj and "version" not in obj:
            raise LoadError("这不是客户列表文件（缺少 format 与 version；单个企业档案请用“载入档案”）",
                            "not a client list (no format or version; load a single profile with 'Load profile')")
        raise LoadError(f"format 应为 \"{FORMAT}\"", f"format must be \"{FORMAT}\"")
    version = obj.get("version")
    if "version" not in obj:
        raise LoadError("缺少 version（版本号）", "version is missing")
    if version != VERSION or isinstance(version, bool):
        shown = clean_text(str(version))[:20]
        raise LoadError(f"版本 {shown} 不受支持（本程序读取版本 {VERSION}）",
                        f"version {shown} is not supported (this program reads version {VERSION})")
    _unknown(obj, {"format", "version", "active", "clients"}, "客户列表文件", "the client list")
    items = obj.get("clients")
    if not isinstance(items, list):
        raise LoadError("clients 须为数组（每家客户一个对象）", "clients must be an array (one object per client)")
    if len(items) > MAX_CLIENTS:
        raise LoadError(f"客户数 {len(items)} 超过上限 {MAX_CLIENTS}", f"{len(items)} clients exceed the limit of {MAX_CLIENTS}")
    out = []
    notes: list[Note] = []
    for i, item in enumerate(items, 1):
        wz, we = f"第 {i} 家客户", f"client {i}"
        if not isinstance(item, dict):
            raise LoadError(f"{wz}须为一个对象（{{\"profile\": {{…}}}}）", f"{we} must be an object ({{\"profile\": {{…}}}})")
        _unknown(item, {"profile", "scenarios"}, wz, we)
        if "profile" not in item:
            raise LoadError(f"{wz}缺少 profile（企业档案）", f"{we} has no profile")
        try:
            raw, pnotes = profile_from_mapping(item["profile"])
        except LoadError as exc:
            raise LoadError(f"{wz}：{exc.zh}", f"{we}: {exc.en}") from None
        notes.extend(Note(f"{wz}：{n.zh}", f"{we}: {n.en}") for n in pnotes)
        scen = item.get("scenarios", [])
        if not isinstance(scen, list):
            raise LoadError(f"{wz}的 scenarios 须为数组", f"{we}: scenarios must be an array")
        if len(scen) > sc.MAX_SCENARIOS:
            raise LoadError(f"{wz}有 {len(scen)} 个情景，超过上限 {sc.MAX_SCENARIOS}",
                            f"{we} has {len(scen)} scenarios, more than {sc.MAX_SCENARIOS}")
        ss: tuple[sc.Scenario, ...] = ()
        for j, s in enumerate(scen, 1):
            sz, se = f"{wz}的第 {j} 个情景", f"{we}, scenario {j}"
            if not isinstance(s, dict):
                raise LoadError(f"{sz}须为一个对象", f"{se} must be an object")
            _unknown(s, {"name", "profile", "note_zh", "note_en"}, sz, se)
            if not isinstance(s.get("name"), str):
                raise LoadError(f"{sz}缺少名称（name）", f"{se} has no name")
            try:
                sraw, snotes = profile_from_mapping(s.get("profile"))
            except LoadError as exc:
                raise LoadError(f"{sz}：{exc.zh}", f"{se}: {exc.en}") from None
            notes.extend(Note(f"{sz}：{n.zh}", f"{se}: {n.en}") for n in snotes)
            try:
                ss = sc.add(ss, clean_text(s["name"]), sraw, (_text(s.get("note_zh"), 200), _text(s.get("note_en"), 200)))
            except sc.ScenarioError as exc:
                raise LoadError(f"{sz}：{exc.zh}", f"{se}: {exc.en}") from None
        out.append((raw, ss))
    active = obj.get("active")
    if active is not None and (isinstance(active, bool) or not isinstance(active, int) or not 0 <= active < len(out)):
        notes.append(Note("active（打开的客户）无效，已忽略", "active (the open client) is not valid; ignored"))
        active = None
    return tuple(out), active, tuple(notes)
