"""The three balance-sheet moves that lower a debt ratio, and the one function that prices them.

| move | effect per 万元 | assumption |
|---|---|---|
| `repay`   | 负债总额 −1, 资产总额 −1 | debt repaid from cash the company holds |
| `convert` | 负债总额 −1            | 债转股: creditors turn debt into equity |
| `capital` | 资产总额 +1            | new paid-in capital, held as cash at year end |

zjtx.plan's levers take their balance-sheet effects from MOVES (the plan's alternatives price the
same moves with its solver); the engine's debt-ratio remedy, and so every place that shows a
debt-ratio amount (reasons, criteria tables, gap lists and charts, reports), prices them with
`debt_routes`. A route is feasible only if it can happen: no more debt repaid or converted than
there is, no more cash paid out than the assets hold. Pure: no I/O, exact fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from .i18n import Text, bilingual

MOVES = MappingProxyType({
    "repay": (("total_liabilities", -1), ("total_assets", -1)),
    "convert": (("total_liabilities", -1),),
    "capital": (("total_assets", 1),),
})

@dataclass(frozen=True, slots=True)
class LeverText:
    """A lever's or a move's short name and the assumption it rests on (zjtx.plan.LEVER_TEXT takes
    the three moves from MOVE_TEXT: one wording)."""
    name: Text
    assumes: Text


MOVE_TEXT = MappingProxyType({
    "repay": LeverText(Text("以现金偿还负债", "repay debt from cash"),
                       Text("负债与资产同额减少，假定现金充足",
                            "liabilities and assets fall by the same amount; enough cash assumed")),
    "convert": LeverText(Text("债转股", "convert debt to equity"),
                         Text("债权人将债权转为股权：负债减少、资产不变",
                              "creditors convert debt into equity: liabilities fall, assets unchanged")),
    "capital": LeverText(Text("新增实缴资本", "new paid-in capital"),
                         Text("股东新增实缴出资，资金计入上年末资产总额",
                              "shareholders pay in new capital, held in year-end total assets")),
})


@dataclass(frozen=True, slots=True)
class Route:
    move: str                      # repay | convert | capital
    amount: Fraction | None        # 万元 needed (None: this move cannot reach the threshold)
    feasible: bool
    why_not_zh: str = ""
    why_not_en: str = ""

    @property
    def label_zh(self) -> str:
        return MOVE_TEXT[self.move].name.zh

    @property
    def label_en(self) -> str:
        return MOVE_TEXT[self.move].name.en

    @property
    def how_zh(self) -> str:
        return MOVE_TEXT[self.move].assumes.zh

    @property
    def how_en(self) -> str:
        return MOVE_TEXT[self.move].assumes.en

    @property
    def label(self) -> Text:
        return MOVE_TEXT[self.move].name

    @property
    def how(self) -> Text:
        return MOVE_TEXT[self.move].assumes

    why_not = bilingual("why_not")


def debt_routes(liabilities: Fraction, assets: Fraction, op: str, threshold: Fraction) -> tuple[Route, ...]:
    """Each move alone, at the least amount (万元) that brings liabilities ÷ assets × 100 to the
    threshold (`op` "<=" or "<"), in the order repay, convert, capital. Empty when the ratio
    already meets it or the rule is not an upper bound."""
    L, A, s = Fraction(liabilities), Fraction(assets), Fraction(threshold) / 100
    if op not in ("<=", "<") or A <= 0 or L <= s * A and not (op == "<" and L == s * A):
        return ()
    out = []
    for move, effects in MOVES.items():
        d = dict(effects)
        dl, da = d.get("total_liabilities", 0), d.get("total_assets", 0)
        k = s * da - dl                 # how much each 万元 closes of (L − s·A)
        if k <= 0:
            out.append(Route(move, None, False, "该方式无法使比率降到要求以下", "cannot bring the ratio down far enough"))
            continue
        x = (L - s * A) / k
        if dl < 0 and x > L:
            out.append(Route(move, x, False, f"所需金额超过负债总额（{_n(L)} 万元）",
                             f"needs more than the total liabilities ({_n(L)})"))
        elif da < 0 and x >= A:
            out.append(Route(move, x, False, f"所需现金超过资产总额（{_n(A)} 万元）",
                             f"needs more cash than the total assets ({_n(A)})"))
        else:
            out.append(Route(move, x, True))
    return tuple(out)


def _n(v: Fraction) -> str:
    return f"{float(v):,.0f}" if v == int(v) or abs(v) >= 100 else f"{float(v):,.2f}"
