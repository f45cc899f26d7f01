"""A new workspace (`annual-report init`): a commented report.yaml, empty submissions/ and history/.

Units come from the office's list (.xlsx or .csv with 名称, 简称, 类型 and optionally 编号), from last year's
workspace (`--from`: units, kinds, targets, outline topics, figure map, the plan's name mapping), or, with
neither, a few named examples of each usual kind to edit. Lower regions' runs (`--from-lower`) become units of
kind `region`, their statistics.json and 公开稿 their submission. Unit ids are the pinyin initials of the short name
(市司法局 → sfj), as the example workspace writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annual_report.config.run_files import JSON_FORMAT, JSON_NAME, REPORT_NAME
from annual_report.config.workspace import ReportConfig, Workspace, WorkspaceError, load_workspace
from annual_report.text.hygiene import decode

TEMPLATE = Path(__file__).parent / "data" / "report-template.yaml"
LEVELS = "省市县区旗州盟"
MAPPING = "plan-mapping.yaml"

DEFAULT_KINDS: dict[str, dict[str, Any]] = {
    "dept_enforcement": {"name": "有行政执法权的政府部门", "required": [
        "lead.lectures", "lead.shufa", "enf.officers", "enf.certified", "enf.training_sessions", "enf.case_reviews",
        "lit.first_instance_closed", "lit.lost", "lit.hearings", "lit.head_appearances", "jud.received",
        "jud.fed_back"], "optional": ["lead", "norm", "counsel", "enf", "open", "proposal", "pufa"]},
    "dept_other": {"name": "无行政执法权的政府部门", "required": [
        "lead.lectures", "lead.shufa", "norm.issued", "norm.reviewed", "norm.filed", "norm.filed_on_time"],
        "optional": ["lead", "norm", "dec", "counsel", "open", "proposal", "pufa"]},
    "township": {"name": "乡镇（街道）", "required": [
        "lead.lectures", "lead.shufa", "med.screenings", "med.accepted", "med.resolved"],
        "optional": ["lead", "counsel", "med", "petition", "pufa", "emer"]},
    "other": {"name": "其他单位", "required": ["lead.shufa"], "optional": ["lead", "open", "proposal", "pufa", "service"]},
}
# Words in a list's 类型 column, for the kinds above: the first kind whose words the text contains.
KIND_WORDS = (("dept_other", ("无行政执法", "无执法")), ("dept_enforcement", ("执法",)),
              ("township", ("乡", "镇", "街道")), ("dept_other", ("部门",)), ("other", ("其他",)))
# Examples of each kind for an office without a list: (name after the region, kind, roles).
EXAMPLES = (("司法局", "dept_enforcement", ["as_authority", "as_respondent"]), ("公安局", "dept_enforcement", None),
            ("市场监督管理局", "dept_enforcement", None), ("人民政府办公室", "dept_other", None),
            ("财政局", "dept_other", None), ("城关镇人民政府", "township", None),
            ("东城街道办事处", "township", None), ("公共资源交易中心", "other", None))
DEFAULT_TOPICS = [
    {"key": "leadership", "heading": "坚持党的领导，压实法治政府建设责任", "groups": ["lead", "pufa"]},
    {"key": "functions", "heading": "依法全面履行政府职能，优化法治化营商环境", "groups": ["open", "service"]},
    {"key": "rules", "heading": "健全依法行政制度体系，加强规范性文件管理", "groups": ["norm"]},
    {"key": "decisions", "heading": "严格落实重大行政决策程序", "groups": ["dec", "counsel"]},
    {"key": "enforcement", "heading": "严格规范公正文明执法", "groups": ["enf"]},
    {"key": "emergency", "heading": "依法应对突发事件", "groups": ["emer"]},
    {"key": "disputes", "heading": "依法化解矛盾纠纷", "groups": ["recon", "lit", "med", "petition", "aid", "legal"]},
    {"key": "oversight", "heading": "强化行政权力制约和监督", "groups": ["jud", "proposal"]},
    {"key": "digital", "heading": "推进数字法治政府建设"},
]
AUTHORITIES = ("司法局", "司法厅")  # units that handle 行政复议 for the government (the 复议机关's office)
_COLUMNS = {"name": ("名称", "单位名称", "单位全称"), "short": ("简称", "单位简称"), "kind": ("类型", "单位类型"),
            "id": ("编号", "单位编号", "id")}


@dataclass
class Scaffold:
    """What `init` writes: the report.yaml's parts, and files to copy into the new workspace."""

    region: str
    year: int
    government: str
    kinds: dict[str, dict[str, Any]] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    units: list[dict[str, Any]] = field(default_factory=list)
    outline: dict[str, Any] = field(default_factory=lambda: {"form": "five_part", "topics": DEFAULT_TOPICS})
    targets: list[dict[str, Any]] = field(default_factory=list)
    figure_map: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)  # path in the new workspace → file to copy

    @property
    def level(self) -> str:
        """The region's last character when it names its level (市, 县, 区…): 「市司法局」."""
        return self.region[-1] if self.region[-1:] in LEVELS else ""


def level_name(scaffold: Scaffold, name: str) -> str:
    """A unit's short name: the region replaced by its level (格尔木市司法局 → 市司法局), a township without
    人民政府 or 办事处; "" when the name does not start with the region and needs no shortening."""
    short = scaffold.level + name[len(scaffold.region):] if name.startswith(scaffold.region) else name
    short = re.sub(r"(?<=[镇乡])人民政府$|(?<=街道)办事处$", "", short)
    return "" if short == name else short


def unit_id(label: str, taken: set[str]) -> str:
    """Pinyin initials of the label without its level (市司法局 → sfj), unique among `taken`."""
    from pypinyin import Style, lazy_pinyin

    stem = label[1:] if label[:1] in LEVELS and len(label) > 2 else label
    initials = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(stem, style=Style.FIRST_LETTER)).lower()) or "unit"
    candidate, n = initials, 1
    while candidate in taken:
        n += 1
        candidate = f"{initials}{n}"
    taken.add(candidate)
    return candidate


def example_units(scaffold: Scaffold) -> list[dict[str, Any]]:
    """A few units of each usual kind, named after the region, to edit or replace."""
    taken: set[str] = set()
    units = []
    for stem, kind, roles in EXAMPLES:
        if kind == "township" or (stem.startswith("人民政府") and not scaffold.level):
            name = stem
        else:
            name = scaffold.region + (stem.replace("局", "厅") if scaffold.level == "省" else stem)
        short = level_name(scaffold, name)
        unit = {"id": unit_id(short or name, taken), "name": name, "short": short, "kind": kind}
        units.append(unit | ({"roles": roles} if roles else {}))
    return units


def _rows(path: Path) -> list[list[str]]:
    """The first sheet of an .xlsx, or a .csv (UTF-8 or GBK), as rows of text."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode(path.read_bytes())
        if text is None:
            raise WorkspaceError(f"{path}: 文本既不是 UTF-8 也不是 GBK 编码；请另存为 UTF-8 的 CSV")
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise WorkspaceError(f"{path}: 不是有效的 Excel 文件（{type(exc).__name__}）；请在 Excel 中另存为 .xlsx") from None
        sheet = book.worksheets[0]
        rows = [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    raise WorkspaceError(f"{path}: 单位名单只能是 .xlsx 或 .csv 文件")


def _header(rows: list[list[str]], path: Path) -> tuple[int, dict[str, int]]:
    for at, row in enumerate(rows[:10]):
        columns = {key: row.index(name) for key, names in _COLUMNS.items() for name in names if name in row}
        if "name" in columns:
            return at, columns
    raise WorkspaceError(f"{path}: 前10行中没有「名称」列；单位名单的第一行应为 名称、简称、类型（可另加 编号）")


def kind_of(text: str, name: str, kinds: dict[str, dict[str, Any]]) -> str | None:
    """The kind id a list's 类型 names (an id, a kind's name, or words such as 乡镇 or 执法); without one, a
    township by its name."""
    text = text.strip()
    if text in kinds:
        return text
    named = next((k for k, kind in kinds.items() if kind.get("name") == text), None)
    if named or not text:
        return named or ("township" if re.search(r"(镇|乡|街道)(人民政府|办事处)?$", name) else None)
    return next((k for k, words in KIND_WORDS if k in kinds and any(w in text for w in words)), None)


def read_units(path: Path, scaffold: Scaffold) -> list[dict[str, Any]]:
    """Units of the office's list; WorkspaceError naming the file and row for a row that cannot be used."""
    rows = _rows(path)
    at, columns = _header(rows, path)
    kinds = "、".join(f"{k}（{v['name']}）" for k, v in scaffold.kinds.items())
    cells = [(number, {key: row[i] if i < len(row) else "" for key, i in columns.items()})
             for number, row in enumerate(rows[at + 1:], start=at + 2)]
    cells = [(number, cell) for number, cell in cells if cell["name"]]
    given = [cell.get("id", "") for _, cell in cells if cell.get("id")]
    if twice := next((i for i in given if given.count(i) > 1), None):
        raise WorkspaceError(f"{path}: 单位编号 {twice} 重复；每个单位的编号应不同")
    taken = set(given)
    units = []
    for number, cell in cells:
        kind = kind_of(cell.get("kind", ""), cell["name"], scaffold.kinds)
        if kind is None:
            raise WorkspaceError(f"{path}: 第{number}行「{cell['name']}」：类型「{cell.get('kind', '')}」无法识别；"
                                 f"请填写 {kinds} 之一")
        short = cell.get("short") or level_name(scaffold, cell["name"])
        unit = {"id": cell.get("id") or unit_id(short or cell["name"], taken), "name": cell["name"],
                "short": short, "kind": kind}
        if cell["name"].endswith(AUTHORITIES):  # the 复议机关's office counts 行政复议 as the authority
            unit["roles"] = ["as_authority", "as_respondent"]
        units.append(unit)
    if not units:
        raise WorkspaceError(f"{path}: 没有读到任何单位；请在「名称」列下逐行填写单位全称")
    return units


def from_last_year(scaffold: Scaffold, last: Workspace, statistics: Path | None) -> None:
    """Carry last year's units, kinds, targets, outline topics and figure map over; its statistics.json (when
    found) becomes history/<last year>.json and its plan-mapping.yaml is kept for this year's plan import."""
    config: ReportConfig = last.config
    scaffold.kinds = {k: v.model_dump(exclude_defaults=True) for k, v in config.kinds.items()}
    scaffold.units = [u.model_dump(exclude_defaults=True) for u in config.units]
    scaffold.targets = [t.model_dump(exclude_defaults=True) for t in config.targets]
    scaffold.outline = {"form": config.outline.form,
                        "topics": [t.model_dump(exclude_defaults=True) for t in config.outline.topics]}
    scaffold.figure_map = dict(config.figure_map)
    if statistics is not None:
        scaffold.copies[f"history/{config.year}.json"] = statistics
    if (last.root / MAPPING).is_file():
        scaffold.copies[MAPPING] = last.root / MAPPING


REGION_KIND = "region"
LOWER_KIND = {"name": "下级地区（其运行目录作为报送材料）", "required": [], "roles": ["as_authority", "as_respondent"]}


def from_lower(scaffold: Scaffold, runs: list[Path]) -> None:
    """Lower regions' runs as units of kind `region`: each run's statistics.json and 公开稿 copied into
    submissions/<region>/, where intake reads them as that region's submission (its totals, its report's text).
    A region's own departments are inside its totals: they are not units here."""
    taken = {u["id"] for u in scaffold.units}
    scaffold.kinds.setdefault(REGION_KIND, dict(LOWER_KIND))
    for run in runs:
        data = _run_statistics(run)
        region, year = str(data.get("region", "")), data.get("year")
        if year != scaffold.year:
            raise WorkspaceError(f"{run / JSON_NAME}: 是{region} {year} 年度的运行，本工作区是 {scaffold.year} 年度")
        if any(u["name"] in (region, f"{region}人民政府") or u.get("short") == region for u in scaffold.units):
            raise WorkspaceError(f"{run}: {region}已在单位名录中（同一地区只能加入一次）")
        scaffold.units.append({"id": unit_id(region, taken), "name": f"{region}人民政府", "short": region,
                               "kind": REGION_KIND})
        scaffold.copies[f"submissions/{region}/{JSON_NAME}"] = run / JSON_NAME
        if (run / REPORT_NAME).is_file():
            scaffold.copies[f"submissions/{region}/{region}{year}年度法治政府建设情况报告.docx"] = run / REPORT_NAME


def _run_statistics(run: Path) -> dict[str, Any]:
    try:
        data = json.loads((run / JSON_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkspaceError(f"{run}: 不是可用的运行目录（{JSON_NAME} 无法读取：{exc}）") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise WorkspaceError(f"{run / JSON_NAME}: 不是本系统生成的统计数据文件")
    return data


def _block(key: str, value: object) -> str:
    """A top-level key in block style, lists of names in flow style: `required: [lead.lectures, …]`."""
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)


def _flow(value: object) -> str:
    """A value on one line (a scalar without YAML's document end marker)."""
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=True)
    return text.removesuffix("\n...\n").strip()


def _units_text(scaffold: Scaffold) -> str:
    """The registry one unit a line, grouped under a comment naming each kind."""
    lines = ["units:"]
    for kind, data in scaffold.kinds.items():
        mine = [u for u in scaffold.units if u["kind"] == kind]
        if mine:
            lines.append(f"  # {data.get('name', kind)}")
            lines += [f"  - {_flow({k: v for k, v in u.items() if v not in ('', None)})}" for u in mine]
    return "\n".join(lines) + "\n"


def report_yaml(scaffold: Scaffold) -> str:
    """The commented report.yaml of the new workspace."""
    deadline = dt.date(scaffold.year + 1, 3, 1)
    targets = _block("targets", scaffold.targets) if scaffold.targets else "targets: []\n"
    if scaffold.figure_map:
        targets += "\n# 单位在 other_figures 中报送的目录外数字：名称 → 指标编号，按该指标计入合计\n" + _block(
            "figure_map", scaffold.figure_map)
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=f"{scaffold.region}{scaffold.year}年度法治政府建设情况报告", region=_flow(scaffold.region),
        government=_flow(scaffold.government), year=scaffold.year, deadline=deadline.isoformat(),
        signature_date=dt.date(scaffold.year + 1, 3, 20).isoformat(), kinds=_block("kinds", scaffold.kinds),
        units=_units_text(scaffold), outline=_block("outline", scaffold.outline), targets=targets,
        level=scaffold.level or "地区")


def write_workspace(root: Path, scaffold: Scaffold) -> list[Path]:
    """Create the workspace at `root` (new or empty of report.yaml) and return what was written; the result
    is loaded once, so what init makes is a workspace `validate` accepts."""
    if (root / "report.yaml").exists():
        raise WorkspaceError(f"{root / 'report.yaml'}: 已存在；init 不会覆盖已有的工作区，请换一个文件夹")
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root}: 不是文件夹")
    if not scaffold.units:
        scaffold.units = example_units(scaffold)
    written = [root / "report.yaml", root / "submissions", root / "history"]
    for folder in written[1:]:
        folder.mkdir(parents=True, exist_ok=True)
    written[0].write_text(report_yaml(scaffold), encoding="utf-8")
    for name, source in scaffold.copies.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / name)
        written.append(root / name)
    load_workspace(root)
    return written
