"""docs/metrics.md, generated from the catalogue: `python -m annual_report.config.catalogue_doc docs/metrics.md`
(without a path it prints the page). A test keeps the committed page equal to this output."""

from __future__ import annotations

import sys
from pathlib import Path

from annual_report.config.catalogue import OPERATOR_WORDS, Catalogue, Metric, Rule, load_catalogue

COMMAND = "python -m annual_report.config.catalogue_doc docs/metrics.md"
RULE_OPERATORS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}
INTRO = """\
- **计数**指标由各单位填报，只能是非负整数；约数写作「约30」「30余」「30以上」「不足30」，数字照常计入合计，
  「余」「约」等随数字写入报告（「90余场」）。几个单位的约数相加时：都是「余」「以上」则合计写「余」（都是「以上」写
  「以上」），都是「不足」写「不足」，其他情况写「约」；由约数算出的比率写「约」。
- **比率**指标由系统按「分子 ÷ 分母」用全市（或该类单位）合计的计数重新计算，单位不填报比率（填了会得到
  `rate_submitted` 警告并被忽略），汇总时也从不对比率求平均。比率默认保留 1 位小数（report.yaml 的
  `statistics.percent_decimals`）；下表注明位数的比率按其位数，report.yaml 的 `statistics.decimals` 可逐项改写。
- **合计**指标（如「收到司法建议和检察建议」）等于其分项之和。单位可以只填分项，也可以只填合计；只填分项的，合计由
  分项相加得出；两者都填时须相等（否则是错误）。分项之和与合计不一致时（有的单位只填了合计），正文不列分项。
- **角色**：`as_authority` 指标只由本级政府作为复议机关的单位（通常是司法局）填报；`as_respondent` 指标由各单位
  作为被申请人、被告填报。全市合计只取报送该角色的单位（见 report.yaml 的 `kinds.*.roles` 和 `units[].roles`），
  避免同一案件重复计算；没有该角色的单位填了，得到 `role_not_counted` 警告，说明未计入的原因和计入的单位。
- **万、亿**：标明「万」的计数和金额在正文中自 1 万起写作「15.77万人次」「85万元」，统计表中仍是原数。
- 目录中没有的数字，单位填在 `other_figures` 中（名称、计量单位、数值）：列入审阅稿和统计表「分单位」，不计入合计；
  report.yaml 的 `figure_map` 可把这样的名称归入某个指标。
- 统计表格（CSV、Excel）的列名或行名可以用编号，也可以用「名称」或「别名」列中的中文名。
"""


def _names(catalogue: Catalogue, ids: list[str]) -> str:
    return " + ".join(catalogue.by_id[i].name for i in ids)


def _kind(catalogue: Catalogue, m: Metric) -> str:
    """The type column: 计数, 合计 = …, 比率 = …, with its display rule."""
    if m.is_rate:
        formula = f"比率 = {_names(catalogue, [m.numerator or ''])} ÷ {_names(catalogue, [m.denominator or ''])}" \
                  f"（`{m.numerator}` ÷ `{m.denominator}`）"
        return formula + (f"，保留{m.decimals}位小数" if m.decimals is not None else "")
    kind = f"合计 = {_names(catalogue, m.parts)}" if m.parts else "计数"
    scale = m.scaling
    if scale is not None:
        start = f"{scale.start // 10_000}万" if scale.start % 10_000 == 0 else str(scale.start)
        kind += f"（{'金额，' if m.money else ''}正文自{start}起按万、亿显示）"
    return kind


def _metric_row(catalogue: Catalogue, m: Metric) -> str:
    role = f"{m.role}（{catalogue.roles[m.role]}）" if m.role else ""
    cells = [f"`{m.id}`", m.name, m.unit, m.definition, _kind(catalogue, m), role, "、".join(m.aliases)]
    return "| " + " | ".join(cells) + " |"


def _rule_row(catalogue: Catalogue, r: Rule) -> str:
    text = f"{_names(catalogue, r.left_terms)} {RULE_OPERATORS[r.op]} {_names(catalogue, r.right_terms)}"
    return f"| `{r.id}` | {text} | {r.severity.value} | {r.missing} | {r.note} |"


def metrics_page(catalogue: Catalogue) -> str:
    """The whole page, in catalogue order."""
    counts, rates = len(catalogue.counts), len(catalogue.rates)
    lines = ["# 指标目录", "",
             f"默认指标目录 `annual_report/config/data/metrics.yaml`（版本 {catalogue.version}）的全部指标：{counts} 个计数指标、"
             f"{rates} 个比率指标。本页由该文件生成（`{COMMAND}`），修改指标请改 YAML，再重新生成本页。", "",
             INTRO.rstrip(), ""]
    for group_id, group_name in catalogue.group_names.items():
        lines += [f"## {group_name}（`{group_id}`）", "",
                  "| 编号 | 名称 | 单位 | 统计口径 | 类型 / 公式 | 角色 | 别名 |", "|---|---|---|---|---|---|---|"]
        lines += [_metric_row(catalogue, m) for m in catalogue.metrics if m.group == group_id]
        lines.append("")
    words = "、".join(f"{w}（{op}）" for op, w in OPERATOR_WORDS.items())
    lines += ["## 校验规则", "",
              "每个单位合并后的数字按下列规则检查（左边 运算符 右边，两边可以是用 `+` 连接的多个指标之和；运算符："
              f"{words}）。`skip_if_any_missing`（默认）表示任一指标没有填报时跳过该规则；`never_skip` 表示未填报按 0 计。"
              "级别为 error 的规则不通过时，该单位的数字不计入合计。", "",
              "| 规则编号 | 规则 | 级别 | 缺值处理 | 说明 |", "|---|---|---|---|---|"]
    lines += [_rule_row(catalogue, r) for r in catalogue.rules]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    page = metrics_page(load_catalogue())
    if argv:
        Path(argv[0]).write_text(page, encoding="utf-8")
        print(argv[0])
    else:
        sys.stdout.write(page)


if __name__ == "__main__":
    main(sys.argv[1:])
