"""Command line: `python -m zjtx check PROFILE.json` and `python -m zjtx screen IN -o OUT`.

Exit codes (spec/profile.md): 0 when the input could be read, whatever the verdicts; 2 with one
clear line on stderr when it could not. No traceback ever reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn, Sequence

from .dataio import InputError, read_profile
from .engine import evaluate
from .rules import RuleFileError, rulebook
from .serialize import assessment_dict
from .text import assessment_text

USAGE = ("python -m zjtx check PROFILE.json [--standard auto|2026|2022] [--format json|text]\n"
         "       python -m zjtx screen INPUT.csv|INPUT.xlsx -o OUTPUT.csv|OUTPUT.xlsx [--standard auto|2026|2022]")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one Chinese line instead of argparse's English usage dump
        zh = (message.replace("the following arguments are required", "缺少参数")
              .replace("invalid choice", "无效的取值").replace("argument", "参数")
              .replace("unrecognized arguments", "无法识别的参数").replace("expected one argument", "需要一个值"))
        sys.stderr.write(f"zjtx: 参数错误：{zh}。用法：{USAGE.splitlines()[0]}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m zjtx", description="专精特新自测看板 · 命令行", usage=USAGE)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="评估一家企业（JSON 档案）", usage=USAGE.splitlines()[0])
    c.add_argument("profile", help="企业档案 JSON 文件")
    c.add_argument("--standard", choices=("auto", "2026", "2022"), default="auto")
    c.add_argument("--format", choices=("json", "text"), default="json")
    c.add_argument("--lang", choices=("zh", "en"), default="zh", help="text 格式的语言")
    s = sub.add_parser("screen", help="批量筛查（CSV/XLSX）", usage=USAGE.splitlines()[1].strip())
    s.add_argument("input", help="输入 CSV 或 XLSX")
    s.add_argument("-o", "--output", required=True, help="输出 CSV 或 XLSX")
    s.add_argument("--standard", choices=("auto", "2026", "2022"), default="auto")
    return p


def _check(args: argparse.Namespace) -> int:
    profile = read_profile(args.profile)
    a = evaluate(profile, rulebook(), args.standard)
    if args.format == "text":
        sys.stdout.write(assessment_text(a, args.lang))
    else:
        sys.stdout.write(json.dumps(assessment_dict(a), ensure_ascii=False, indent=2) + "\n")
    return 0


def _screen(args: argparse.Namespace) -> int:
    from .screen import screen_file
    summary = screen_file(args.input, args.output, args.standard, progress=sys.stderr.isatty())
    sys.stderr.write(summary + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _check(args) if args.command == "check" else _screen(args)
    except InputError as exc:
        sys.stderr.write(f"zjtx: {exc.zh}\n")
        return 2
    except RuleFileError as exc:
        sys.stderr.write(f"zjtx: 规则文件错误：{exc}\n")
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("zjtx: 已中断\n")
        return 130
    except Exception as exc:  # never a traceback on the terminal
        sys.stderr.write(f"zjtx: 内部错误（{type(exc).__name__}: {exc}）。请报告此问题。\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
