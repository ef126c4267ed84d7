"""Write the generated documents: `python -m zjtx.docgen` (or `make docs`).

    docs/rules.md      every rule set from criteria/ (Chinese)      — zjtx.rulesdoc.rules_markdown
    docs/rules.en.md   the same in English
    docs/profile.md    the company-profile fields from zjtx/fields.py

`--check` writes nothing and exits 1 when a file differs from what the data gives (CI, and
tests/test_docs.py does the same in memory). The texts are built by pure functions (`generated`);
only `main` touches files. docs/cli.md is written by hand; tests/test_docs.py checks that it names
every command and option of the parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

from .periods import PERIODS
from .fields import FIELDS, FieldSpec
from .rules import RuleBook, rulebook
from .rulesdoc import md_table, rules_markdown

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "make docs"         # what a stale-document message tells you to run
COMMAND_PY = "python -m zjtx.docgen"

# a field's period as the profile document names it (上年度（A−1）), from zjtx.periods.PERIODS
FIELD_PERIOD = MappingProxyType({k: p.doc for k, p in PERIODS.items()})


def _allowed(spec: FieldSpec) -> str:
    from .profile import allowed_text          # the profile's own words for what a field accepts
    text = allowed_text(spec)[0].removeprefix("应为").strip()
    if spec.kind == "enum":
        extra = [f"{o.value}：{'、'.join(o.aliases)}" for o in spec.options if o.aliases]
        if extra:
            text += f"（也接受 {'；'.join(extra)}）"
    if spec.key == "assessment_year":
        text += "；缺省为当年"
    if spec.key == "application_type":
        text += "；缺省为 new"
    return text


def profile_markdown() -> str:
    """docs/profile.md: the fields of zjtx/fields.py and the rules the profile model applies to them."""
    from .profile import CROSS_FIELD_LIMITS
    by_key = {f.key: f for f in FIELDS}
    rows = [{"key": f"`{f.key}`", "中文名称": f.zh, "English": f.en, "取值": _allowed(f),
             "期间": FIELD_PERIOD[f.period], "说明": f.help_zh,
             "也接受的列名": "、".join(f.aliases)} for f in FIELDS]
    limits = "；".join(f"`{a}` ≤ `{b}`（{by_key[a].zh} 不大于 {by_key[b].zh}）" for a, b in CROSS_FIELD_LIMITS)
    lines = [
        "# 企业档案字段（由 zjtx/fields.py 生成）",
        "",
        f"> 本文件由 `{COMMAND}`（即 `{COMMAND_PY}`）从 `zjtx/fields.py` 生成，请勿手改。"
        "命令行与 JSON 输出见 [cli.md](cli.md)，规则见 [rules.md](rules.md)。",
        "",
        "一家企业 = 一条扁平记录。同一组键用于应用保存/载入的 JSON 档案、批量筛查 CSV/XLSX 的列和命令行的输入。"
        "键为 ASCII；导入时中文名称（可带单位，如“（万元）”）和“也接受的列名”都可代替键，"
        "选项字段也接受选项的中文或英文名称。",
        "",
        "- 金额单位为万元；用户输入的比例是百分数（12.5 表示 12.5%）；人数、项数为整数。",
        "- 每个字段都可以不填：缺少的数据使依赖它的指标为“信息不足”（missing），绝不判为未达标。",
        "- 是/否字段接受 是/否、true/false、1/0、Y/N；空单元格视为未填。",
        "- JSON 档案中以 `_` 开头的键是注释，忽略；其他未知的键会被拒绝（提示最接近的字段名）。"
        "批量表格中不认识的列被忽略并提示。",
        f"- 同时填写时须满足：{limits}。",
        "- A 为评估（申报）年度 `assessment_year`；上年度 = A−1，上上年度 = A−2，前三年度 = A−3。",
        "- 读不出的值给出点明字段和问题的提示（中文；英文界面为英文），例如“营业收入（上年度）：不能为负数”。",
        "",
        "English: one company is one flat record; the same keys are the saved JSON profile, the batch columns "
        "and the command-line input. Every field is optional (missing data makes a criterion `missing`, never "
        "`fail`). Money in ×10k CNY, shares typed as percentages, counts as integers.",
        "",
        "## 字段",
        "",
        md_table(rows),
        "",
    ]
    return "\n".join(lines)


def generated(book: RuleBook | None = None) -> Mapping[str, str]:
    """Every generated document: path relative to the repository → its text."""
    book = book or rulebook()
    return MappingProxyType({
        "docs/rules.md": rules_markdown(book, "zh"),
        "docs/rules.en.md": rules_markdown(book, "en"),
        "docs/profile.md": profile_markdown(),
    })


def stale(root: Path = ROOT, book: RuleBook | None = None) -> list[str]:
    """The generated documents whose file differs from what the data gives (or is missing)."""
    out = []
    for rel, text in generated(book).items():
        p = root / rel
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            out.append(rel)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=COMMAND_PY, description="生成 docs/rules.md、docs/rules.en.md、docs/profile.md")
    p.add_argument("--check", action="store_true", help="只检查是否过期，不写文件（过期时退出码 1）")
    args = p.parse_args(argv)
    if args.check:
        old = stale()
        for rel in old:
            sys.stderr.write(f"{rel} 已过期：请运行 `{COMMAND}`（{COMMAND_PY}）\n")
        return 1 if old else 0
    for rel, text in generated().items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sys.stderr.write(f"已写入 {rel}（{len(text.encode('utf-8')) // 1024} KB）\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
