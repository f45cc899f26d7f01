"""A unit's own 法治政府建设年度报告, from the submission the region counts.

Every 县级以上政府部门 and every township writes, sends and publishes its own report in the five-part outline.
Drafted from the unit's submission as validated for the region, its figures are the ones the region counts
(the same accepted values, the rates recomputed from them, 同比 from the unit's rows in history/), so the two
reports cannot disagree. Its items keep the unit's own voice (本局), its opening is the unit's own where it
wrote one, the 落款 is the unit's name, and the targets are those the region sets for units of its kind.
"""

from __future__ import annotations

from annual_report.config.outline import Outline
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import ReportConfig, Unit, Workspace
from annual_report.drafting.draft import is_boilerplate
from annual_report.statistics.history import History
from annual_report.validation import ValidationReport
from annual_report.wording.numbers import region_word


class OwnReportError(ValueError):
    """The unit cannot have its own report: unknown, or nothing of it was accepted."""


def own_unit(ws: Workspace, report: ValidationReport, key: str) -> Unit:
    """The unit by id, full or short name; OwnReportError naming the problem."""
    unit = ws.config.find_unit(key)
    if unit is None:
        raise OwnReportError(f"没有编号或名称为「{key}」的单位；单位名录见 report.yaml 的 units")
    if report.units[unit.id].submission is None:
        raise OwnReportError(f"{unit.name}没有可用的报送材料（{report.units[unit.id].status.value}），"
                             "无法生成本单位年度报告；请先报送或改正后再试")
    return unit


def own_workspace(ws: Workspace, report: ValidationReport, unit: Unit, plan: WorkPlan | None) -> Workspace:
    """The workspace as the unit's own report sees it: the unit alone, its name as the region (本局, 全镇),
    the five-part outline, the targets set for units of its kind, its own opening and date."""
    config = ws.config
    result = report.units[unit.id]
    submission = result.submission
    assert submission is not None
    targets = [t.model_copy(update={"scope": "region", "kinds": []}) for t in (*config.targets,
               *(plan.targets if plan else [])) if t.scope == "unit" and (not t.kinds or unit.kind in t.kinds)]
    own_items = [i.text for i in submission.achievements if is_boilerplate(i.text)]
    lead = "主要负责人" if region_word(unit.name).startswith("本") else "党政主要负责人"
    headings = {**config.outline.headings, "responsibility": f"{lead}履行推进法治建设第一责任人职责情况"}
    signed = result.received_at.date() if result.received_at and not result.time_unread else config.deadline
    data = {**config.model_dump(), "region": unit.name, "government": unit.name, "units": [unit.model_dump()],
            "title_pattern": "{region}{year}年度法治政府建设情况报告", "targets": [t.model_dump() for t in targets],
            "opening": own_items[0] if own_items else _opening(config, unit),
            "signature_date": signed,
            "outline": Outline(form="five_part", headings=headings, topics=config.outline.topics).model_dump()}
    return ws.model_copy(update={"config": ReportConfig.model_validate(data)})


def _opening(config: ReportConfig, unit: Unit) -> str:
    """The opening a unit that wrote none gets: the year, under whose leadership, what follows."""
    level = config.region[-1:]
    return (f"{config.year}年，{unit.name}在{level}委、{level}政府的坚强领导下，坚持以习近平新时代中国特色社会主义思想为"
            f"指导，深入学习贯彻习近平法治思想，认真落实{config.region}法治政府建设工作部署，各项工作取得积极成效。"
            "现将有关情况报告如下：")


def own_report(report: ValidationReport, unit: Unit) -> ValidationReport:
    """The validation report of the unit alone: its result and its findings."""
    return ValidationReport(units={unit.id: report.units[unit.id]},
                            findings=[f for f in report.findings if f.unit == unit.id])


def own_history(history: History, unit: Unit) -> History:
    """The unit's rows of history/ as its totals of earlier years (its 同比)."""
    rows = history.units[history.units["unit"] == unit.id]
    return History(totals=rows[["year", "metric", "value"]].reset_index(drop=True), units=rows.reset_index(drop=True),
                   findings=[f for f in history.findings if f.unit in ("", unit.id)], sources=history.sources,
                   listed=history.listed)
