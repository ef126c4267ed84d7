"""Command line: `python -m zjtx check PROFILE.json`, `python -m zjtx screen IN -o OUT`,
`python -m zjtx plan PROFILE.json --tier …`, `python -m zjtx project PROFILE.json --years N` and
`python -m zjtx report PROFILE.json -o OUT.pdf|OUT.html|OUT.xlsx`.

Exit codes (docs/cli.md, the contract): 0 when the input could be read, whatever the verdicts; 2 with one
clear line on stderr when it could not. No traceback ever reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import NoReturn, Sequence

from .dataio import InputError
from .dataio.read import read_profile
from .limits import one_line
from .engine import evaluate
from .project import PlanInputError
from .rules import RuleFileError, rulebook
from .serialize import assessment_dict
from .text import assessment_text

USAGE = ("python -m zjtx check PROFILE.json [--standard auto|2026|2022] [--format json|text]\n"
         "       python -m zjtx screen INPUT.csv|INPUT.xlsx -o OUTPUT.csv|OUTPUT.xlsx [--standard auto|2026|2022] "
         "[--format machine|people]\n"
         "       python -m zjtx plan PROFILE.json --tier specialized|little_giant [--standard auto|2026|2022] "
         "[--lock FIELD ...] [--for-year YEAR [--revenue-growth PCT …]] [--format json|text]\n"
         "       python -m zjtx project PROFILE.json --years N [--revenue-growth PCT] [--rd-ratio PCT] [--score N] "
         "[--format json|text]\n"
         "       python -m zjtx report PROFILE.json -o OUT.pdf|OUT.html|OUT.xlsx [--standard auto|2026|2022] "
         "[--lang zh|en] [--anonymise]")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one Chinese line instead of argparse's English usage dump
        zh = (message.replace("the following arguments are required", "缺少参数")
              .replace("invalid choice", "无效的取值").replace("argument", "参数")
              .replace("unrecognized arguments", "无法识别的参数").replace("expected one argument", "需要一个值")
              .replace("choose from", "可选"))
        usage = (self.usage or USAGE).splitlines()[0].strip()     # the subcommand's own usage line
        sys.stderr.write(f"zjtx: 参数错误：{zh}。用法：{usage}\n")
        raise SystemExit(2)


def _book_choices(name: str) -> tuple[str, ...]:
    """Option values read from the rule book (standard_choices: auto, 2026, 2022 …; tiers). A rule book
    that does not load leaves only `auto` here: the command itself then reports the broken rule file."""
    try:
        return getattr(rulebook(), name)
    except RuleFileError:
        return ("auto",) if name == "standard_choices" else ()


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m zjtx", description="专精特新自测看板 · 命令行", usage=USAGE)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="评估一家企业（JSON 档案）", usage=USAGE.splitlines()[0])
    c.add_argument("profile", help="企业档案 JSON 文件")
    c.add_argument("--standard", choices=_book_choices("standard_choices"), default="auto")
    c.add_argument("--format", choices=("json", "text"), default="json")
    c.add_argument("--lang", choices=("zh", "en"), default="zh", help="text 格式的语言")
    s = sub.add_parser("screen", help="批量筛查（CSV/XLSX）", usage=USAGE.splitlines()[1].strip())
    s.add_argument("input", help="输入 CSV 或 XLSX")
    s.add_argument("-o", "--output", required=True, help="输出 CSV 或 XLSX")
    s.add_argument("--standard", choices=_book_choices("standard_choices"), default="auto")
    s.add_argument("--format", choices=("machine", "people"), default="machine",
                   help="machine：英文列名与代码值（默认，见 spec）；people：中文表头与中文结论，XLSX 另含“汇总”表")
    s.add_argument("--lang", choices=("zh", "en"), default="zh", help="people 格式的语言")
    r = sub.add_parser("report", help="生成报告（PDF / HTML / XLSX）", usage=USAGE.splitlines()[4].strip())
    r.add_argument("profile", help="企业档案 JSON 文件")
    r.add_argument("-o", "--output", required=True, help="输出文件：.pdf、.html 或 .xlsx")
    r.add_argument("--standard", choices=_book_choices("standard_choices"), default="auto")
    r.add_argument("--lang", choices=("zh", "en"), default="zh")
    r.add_argument("--anonymise", "--anonymize", action="store_true", help="隐去企业名称")
    _plan_parsers(sub)
    return p


# ---------------------------------------------------------------------- plan / project (issue 10)

def _number(kind: str, lo: float | None = None, hi: float | None = None):
    def parse(v: str):
        try:
            x = int(v) if kind == "int" else float(v)
        except ValueError:
            raise argparse.ArgumentTypeError(f"「{v[:20]}」不是有效的{'整数' if kind == 'int' else '数字'}") from None
        if x != x or x in (float("inf"), float("-inf")) or (lo is not None and x < lo) or (hi is not None and x > hi):
            raise argparse.ArgumentTypeError(f"「{v[:20]}」超出范围（{lo}–{hi}）")
        return x
    return parse


def _plan_parsers(sub) -> None:
    lines = USAGE.splitlines()
    pl = sub.add_parser("plan", help="最小调整方案", usage=lines[2].strip())
    pl.add_argument("profile", help="企业档案 JSON 文件")
    pl.add_argument("--tier", required=True, choices=_book_choices("tiers"))
    pl.add_argument("--standard", choices=_book_choices("standard_choices"), default="auto")
    pl.add_argument("--lock", nargs="+", action="extend", default=[], metavar="FIELD",
                    help="不可调整的字段或杠杆（如 revenue_y1、convert）")
    pl.add_argument("--for-year", type=_number("int", 2000, 2100), default=None, help="向前规划到该申报年度")
    _assumption_args(pl)                  # the projection's assumptions, used with --for-year
    pl.add_argument("--format", choices=("json", "text"), default="json")
    pl.add_argument("--lang", choices=("zh", "en"), default="zh", help="text 格式的语言")
    pr = sub.add_parser("project", help="多年预测", usage=lines[3].strip())
    pr.add_argument("profile", help="企业档案 JSON 文件")
    pr.add_argument("--years", type=_number("int", 1, 5), default=5, help="预测年数（1–5）")
    _assumption_args(pr)
    pr.add_argument("--standard", choices=_book_choices("standard_choices"), default="auto")
    pr.add_argument("--format", choices=("json", "text"), default="json")
    pr.add_argument("--lang", choices=("zh", "en"), default="zh", help="text 格式的语言")


def _assumption_args(p: argparse.ArgumentParser) -> None:
    """One YearAssumptions for every projected year (blank = flat: last year's value, 0 growth)."""
    p.add_argument("--revenue-growth", type=_number("float", -99, 1000), default=None, help="营业收入年增长率 %%")
    p.add_argument("--main-share", type=_number("float", 0, 100), default=None, help="主营业务收入占比 %%")
    p.add_argument("--rd-ratio", type=_number("float", 0, 100), default=None, help="研发费用占营业收入比重 %%")
    p.add_argument("--rd-amount", type=_number("float", 0, 10 ** 12), default=None, help="每年研发费用（万元）")
    p.add_argument("--debt-ratio", type=_number("float", 0, 1000), default=None, help="年末资产负债率 %%")
    p.add_argument("--new-ip", type=_number("int", 0, 10000), default=None, help="每年新增Ⅰ类知识产权（项）")
    p.add_argument("--equity", type=_number("float", 0, 10 ** 12), default=None, help="每年新增合格股权投资（万元）")
    p.add_argument("--score", type=_number("float", 0, 100), default=None, help="预计发展评价得分")


def _assumptions(args: argparse.Namespace):
    from decimal import Decimal

    from .project import YearAssumptions

    def d(v):
        return None if v is None else Decimal(str(v))
    return YearAssumptions(revenue_growth=d(args.revenue_growth), main_share=d(args.main_share),
                           rd_ratio=d(args.rd_ratio), rd_amount=d(args.rd_amount), debt_ratio=d(args.debt_ratio),
                           new_ip=args.new_ip, score=d(args.score), new_equity=d(args.equity))


def _plan(args: argparse.Namespace) -> int:
    from .plan import plan, plan_text
    profile = read_profile(args.profile)
    p = plan(profile, rulebook(), args.tier, args.standard, tuple(args.lock), args.for_year, _assumptions(args))
    if args.format == "text":
        sys.stdout.write(plan_text(p, args.lang))
    else:
        sys.stdout.write(json.dumps(p.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _project(args: argparse.Namespace) -> int:
    from .project import project, projection_text
    profile = read_profile(args.profile)
    pr = project(profile, rulebook(), args.years, _assumptions(args), args.standard)
    if args.format == "text":
        sys.stdout.write(projection_text(pr, args.lang))
    else:
        sys.stdout.write(json.dumps(pr.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    profile = read_profile(args.profile)
    a = evaluate(profile, rulebook(), args.standard)
    if args.format == "text":
        sys.stdout.write(assessment_text(a, args.lang))
    else:
        sys.stdout.write(json.dumps(assessment_dict(a), ensure_ascii=False, indent=2) + "\n")
    return 0


def _screen(args: argparse.Namespace) -> int:
    from .screen import keep_freed_memory
    keep_freed_memory()                        # this process ends after one file: memory is reused, not returned
    if args.format == "people":
        from .people import screen_people_file
        summary = screen_people_file(args.input, args.output, args.standard, args.lang)
    else:
        from .screen import screen_file
        summary = screen_file(args.input, args.output, args.standard, progress=sys.stderr.isatty())
    sys.stderr.write(one_line(summary) + "\n")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .report import PdfError, report_bytes
    out = Path(args.output)
    kind = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}.get(out.suffix.lower())
    if kind is None:
        raise InputError(f"输出文件须为 .pdf、.html 或 .xlsx：{out.name}", f"output must be .pdf, .html or .xlsx: {out.name}")
    if not out.parent.exists():
        raise InputError(f"输出目录不存在：{out.parent}", f"output folder does not exist: {out.parent}")
    profile = read_profile(args.profile)
    a = evaluate(profile, rulebook(), args.standard)
    try:
        data = report_bytes(a, kind, args.lang, args.anonymise, profile=profile)
    except PdfError as exc:
        sys.stderr.write(f"zjtx: {one_line(exc.zh)}\n")
        return 1
    from .dataio.write import save_bytes
    save_bytes(out, data)
    sys.stderr.write(f"报告已写入 {out}（{len(data) / 1024:.0f} KB）\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        run = {"check": _check, "screen": _screen, "plan": _plan, "project": _project, "report": _report}[args.command]
        return run(args)
    except InputError as exc:
        sys.stderr.write(f"zjtx: {one_line(exc.zh)}\n")
        return 2
    except PlanInputError as exc:              # bad plan or projection input (tier, lock, year, assumption)
        sys.stderr.write(f"zjtx: {one_line(exc.zh)}\n")
        return 2
    except RuleFileError as exc:
        sys.stderr.write(f"zjtx: 规则文件错误：{one_line(str(exc))}\n")
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("zjtx: 已中断\n")
        return 130
    except Exception as exc:  # never a traceback on the terminal
        sys.stderr.write(f"zjtx: 内部错误（{type(exc).__name__}: {one_line(str(exc))}）。请报告此问题。\n")
        return 1


if __name__ == "__main__":
    code = main()
    if sys.argv[1:2] == ["screen"]:
        # a one-shot process holding ~1 GB in arrays and objects: its memory goes with it at once instead
        # of being freed piece by piece (~0.25 s per 1M rows); the output file is already closed
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    raise SystemExit(code)
