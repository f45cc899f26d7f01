"""Numbers in Chinese prose and tables: counts, percentages, money, year-over-year phrases, dates, ordinals.

Rounding is half up on exact values (Fraction/Decimal), never binary floats or banker's rounding:
72/356 → 20.2%, 50/174 → 28.7%, 5533/5569 at two decimals → 99.35%.  Trailing zeros after rounding are
dropped, as Chinese reports write them (100%, 12.5%, 300%).  Large figures may be scaled to 万/亿 from a
threshold (157700人次 → 15.77万人次, 850000元 → 85万元), and a qualifier a unit wrote stays with its figure
where reports put it: 「90余场」「1.37万余条」「约90场」「不足90场」「90场以上」.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from annual_report.text.dates import format_date as format_date  # re-exported: dates in text are written once
from annual_report.text.numbers import chinese_number, round_half_up

Exact = int | Fraction | Decimal

NO_RATE = "无"  # the denominator is 0: the rate does not exist
NO_DATA = "无数据"  # nobody reported the figure
MONEY_STEPS = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))
MONEY_DECIMALS = 2
WAN = 10_000  # scaling starts at 1万 unless a metric says otherwise
QUALIFIED = {"余": "{n}余{u}", "以上": "{n}{u}以上", "约": "约{n}{u}", "不足": "不足{n}{u}"}
SAME = "与上年持平"
NEW = "新增"  # last year 0: the 同比 column of a table
ZERO_BASE = "上年为0"  # last year 0: in prose, 「全市…述法28人，上年为0。」
REGION_SUFFIXES = "省市县区旗州盟"


def plain(value: Decimal | int) -> str:
    """A number without grouping, exponent or trailing zeros: 416, 20.2, 300."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def qualified(number: str, unit: str, qualifier: str = "") -> str:
    """A number with its unit and qualifier in report order: 90余场, 约90场, 不足90场, 90场以上."""
    return QUALIFIED.get(qualifier, "{n}{u}").format(n=number, u=unit)


def scaled(value: int, start: int | None, decimals: int = MONEY_DECIMALS, basis: int | None = None) -> str:
    """The number in 万/亿 from `start` on (亿 from 1亿), at most `decimals` places: 157700 → 15.77万;
    as it is below `start` or when `start` is None. With `basis`, the step is the one `basis` takes (last
    year's figure in the unit of this year's: 9800 beside 12000 → 0.98万)."""
    for step, word in MONEY_STEPS:
        if start is not None and abs(value if basis is None else basis) >= max(step, start):
            return f"{plain(round_half_up(Decimal(value) / step, decimals))}{word}"
    return str(value)


def format_count(value: int | None, unit: str = "", *, scale_from: int | None = None,
                 scale_decimals: int = MONEY_DECIMALS, qualifier: str = "", basis: int | None = None) -> str:
    """416件; 15.77万人次 with `scale_from`; 90余场 with a qualifier; 无数据 when not reported."""
    if value is None:
        return NO_DATA
    return qualified(scaled(value, scale_from, scale_decimals, basis), unit, qualifier)


def format_percent(value: Exact, decimals: int) -> str:
    return f"{plain(round_half_up(value, decimals))}%"


def format_rate(numerator: int | None, denominator: int | None, decimals: int, qualifier: str = "") -> str:
    """20.2% (约20.2% from qualified counts); 无 when the denominator is 0; 无数据 when either side was not
    reported."""
    if numerator is None or denominator is None:
        return NO_DATA
    if not denominator:
        return NO_RATE
    return qualified(format_percent(Fraction(numerator * 100, denominator), decimals), "", qualifier)


def format_money(value: int | None, unit: str = "元") -> str:
    """8500元, 12.5万元, 3.2亿元 (two decimals at most)."""
    return format_count(value, unit, scale_from=WAN)


def yoy_count_phrase(this: int | None, last: Exact | None, decimals: int, zero_base: str = NEW) -> str:
    """同比增长300% / 同比下降12.5% / 与上年持平 / `zero_base` when last year was 0 (新增 in a table,
    ZERO_BASE 「上年为0」 in prose); "" when either year is unknown."""
    if this is None or last is None:
        return ""
    if this == last:
        return SAME
    if last == 0:
        return zero_base
    change = round_half_up(Fraction(this - Fraction(last)) * 100 / Fraction(last), decimals)
    if change == 0:
        return SAME
    return f"同比{'增长' if change > 0 else '下降'}{plain(abs(change))}%"


def rate_change(this: Exact | None, last: Exact | None, decimals: int) -> Decimal | None:
    """The change in percentage points between two rates (in %) as printed."""
    if this is None or last is None:
        return None
    return round_half_up(this, decimals) - round_half_up(last, decimals)


def yoy_rate_phrase(this: Exact | None, last: Exact | None, decimals: int) -> str:
    """提高2.3个百分点 / 下降1.5个百分点 / 与上年持平, from the two rates (in %) as printed."""
    change = rate_change(this, last, decimals)
    if change is None:
        return ""
    if change == 0:
        return SAME
    return f"{'提高' if change > 0 else '下降'}{plain(abs(change))}个百分点"


# A body reporting on itself (a unit's own report): 本局, 本委, 本办, 本中心.
_ORGANS = (("办公室", "本办"), ("委员会", "本委"), ("管委会", "本委"), ("中心", "本中心"), ("局", "本局"), ("委", "本委"), ("办", "本办"),
           ("厅", "本厅"), ("院", "本院"))


@functools.cache
def region_word(region: str) -> str:
    """How a report speaks of its whole scope: 全市 for 示例市, 全县, 全区 (省, 旗, 州, 盟 alike), 全镇 for
    双桥镇人民政府, 全街道; a department's own report 本局, 本委, 本办; otherwise the name itself."""
    name = region.removesuffix("人民政府").removesuffix("办事处")
    if name[-1:] in REGION_SUFFIXES or name.endswith(("镇", "乡")):
        return f"全{name[-1]}"
    if name.endswith("街道"):
        return "全街道"
    return next((word for suffix, word in _ORGANS if name.endswith(suffix)), region)


def ordinal(n: int) -> str:
    """The run-in ordinal of the n-th item: 一是, 二是, … 十一是."""
    return chinese_number(n) + "是"
