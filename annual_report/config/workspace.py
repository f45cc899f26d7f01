"""The compilation workspace: report.yaml (region, year, unit registry, outline, targets) and its folders.

A workspace that cannot be used is a `WorkspaceError` of one Chinese line naming the file and the field
(config/problems.py), which the command prints before exiting with code 2."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from annual_report.config.catalogue import Catalogue, Role, load_catalogue
from annual_report.config.keys import unknown_key
from annual_report.config.outline import Outline
from annual_report.config.problems import Day, Year, check_year, first_error
from annual_report.config.resources import template_file
from annual_report.config.themes import ThemeError, Themes, load_themes
from annual_report.config.yaml_files import TooDeep, load_strict, yaml_problem
from annual_report.text.hygiene import shown_name

__all__ = ["ReportConfig", "Unit", "Workspace", "WorkspaceError", "first_error", "load_workspace"]


class WorkspaceError(Exception):
    """A workspace that cannot be used; the message is one line naming the file and the field."""


class UnitKind(BaseModel):
    name: str
    required: list[str] = Field(default_factory=list)  # metric ids every unit of this kind must report
    optional: list[str] = Field(default_factory=list)  # metric or group ids its fill-in workbook also offers
    roles: list[Role] = Field(default_factory=lambda: ["as_respondent"])


class Unit(BaseModel):
    id: str
    name: str
    short: str = ""
    kind: str
    roles: list[Role] | None = None  # overrides the kind's roles (e.g. 司法局 reports as 复议机关)

    @property
    def label(self) -> str:
        return self.short or self.name


class Target(BaseModel):
    """A target such as 负责人出庭应诉率 ≥ 90%; scope unit applies it to every unit of the given kinds."""

    metric: str
    op: Literal["<=", "<", ">=", ">", "=="]
    value: float  # a count, or for a rate a percentage (90 means 90%)
    scope: Literal["region", "unit"] = "region"
    kinds: list[str] = Field(default_factory=list)  # empty: all kinds
    source: str = ""  # e.g. 2024年工作要点第21项


class Limits(BaseModel):
    max_file_mb: float = 10.0


class StatisticsOptions(BaseModel):
    percent_decimals: int = 1
    # rate id → its decimal places, over the catalogue's `decimals` and percent_decimals
    decimals: dict[str, Annotated[int, Field(ge=0, le=4)]] = Field(default_factory=dict)
    outlier_factor: float = 3.0  # a unit's count changing more than this factor against last year
    outlier_z: float = 3.5  # robust z-score threshold within a unit kind


class DraftingOptions(BaseModel):
    """Budgets of the drafted sections (defaults close to published reports) and the office's themes file."""

    themes: str | None = None  # path relative to the workspace; default: the shipped templates/themes.yaml
    runs_per_topic: int = Field(5, ge=1)  # 「一是……五是」 paragraphs under each （一） topic of 成效
    items_per_run: int = Field(3, ge=1)  # units' items written into one such paragraph
    units_named: int = Field(3, ge=1)  # more units than this: 「市公安局、市市场监管局等5个部门」
    responsibility_items: int = Field(4, ge=1)  # items in each of the two 第一责任人 paragraphs
    problems: int = Field(5, ge=1)  # paragraphs of 存在的不足
    problem_items: int = Field(3, ge=1)
    next_year: int = Field(6, ge=1)  # paragraphs of 下一年度安排
    next_year_items: int = Field(4, ge=1)
    next_year_headings: bool = False  # （一） as headings of their own rather than run into the paragraph
    next_year_opening: str = ""  # the plan section's opening paragraph; "" for one drafted from the plans
    # Bounds that keep both editions' length independent of the number of units (the workbooks keep all):
    remainder: int = Field(200, ge=0)  # items listed in the 审阅稿's 「未写入正文的报送内容」; the rest counted
    units_listed: int = Field(20, ge=1)  # names in one list or review note, then 「等N个单位」
    units_tabled: int = Field(100, ge=1)  # 报送情况 one row per unit up to this many units, else per kind


class PortalOptions(BaseModel):
    """The portal's (annual-report serve) settings that belong to the workspace."""

    review_required: bool = False  # builds use only versions a reviewer marked 通过


class PrefectOptions(BaseModel):
    """Where this workspace's Prefect runs are recorded when no PREFECT_API_URL or PREFECT_HOME is set."""

    # Relative to the workspace (its own database and UI, kept out of the run manifests), or e.g.
    # ~/.prefect to share one home (and one list of runs) between workspaces.
    home: str = ".prefect"


class Publication(BaseModel):
    """政府信息公开 fields of the web edition (政府信息公开条例; 政府网站 column pages). Blank ones default at
    release: 发布机构 the government, 成文日期 the signature date, 发布日期 the day of release."""

    index_number: str = ""  # 索引号, as the site's catalogue assigns it
    publisher: str = ""  # 发布机构
    written: Day | None = None  # 成文日期
    published: Day | None = None  # 发布日期
    topic: str = "综合政务"  # 主题分类
    document_number: str = ""  # 文号, shown only when given


class ReportConfig(BaseModel):
    region: str
    government: str
    year: Year = Field(ge=2000, le=2100)
    deadline: Day
    timezone: str = "Asia/Shanghai"  # submission times with a zone are compared in this one
    title_pattern: str = "{region}{year}年度法治政府建设情况报告"
    opening: str = ""
    signature_date: Day | None = None
    # 法治政府建设与责任落实督察工作规定: report to the level above before 3月1日, publish before 4月1日 of the
    # next year (defaults when omitted).
    report_to_superior_by: Day | None = None
    publish_by: Day | None = None
    publication: Publication = Field(default_factory=Publication)
    catalogue: str | None = None  # path relative to the workspace; default: the shipped catalogue
    template: str | None = None  # the office's own Word template, relative to the workspace
    kinds: dict[str, UnitKind]
    units: list[Unit] = Field(min_length=1)
    outline: Outline
    targets: list[Target] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    statistics: StatisticsOptions = Field(default_factory=StatisticsOptions)
    drafting: DraftingOptions = Field(default_factory=DraftingOptions)
    figure_map: dict[str, str] = Field(default_factory=dict)  # a unit's other figure's name → a count metric id
    portal: PortalOptions = Field(default_factory=PortalOptions)
    prefect: PrefectOptions = Field(default_factory=PrefectOptions)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"未知时区「{v}」；如 Asia/Shanghai") from None
        return v

    @field_validator("title_pattern")
    @classmethod
    def _known_placeholders(cls, v: str) -> str:
        try:
            v.format(region="", year="", government="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"只能使用 {{region}} {{year}} {{government}} 占位符：{exc}") from None
        return v

    @model_validator(mode="after")
    def _registry_consistent(self) -> ReportConfig:
        seen: set[str] = set()
        for i, u in enumerate(self.units):
            if u.kind not in self.kinds:
                raise ValueError(f"units[{i}].kind: 单位 {u.id} 的类型 {u.kind} 未在 kinds 中定义")
            if u.id in seen:
                raise ValueError(f"units[{i}].id: 单位编号 {u.id} 重复")
            seen.add(u.id)
        for i, t in enumerate(self.targets):
            unknown = [k for k in t.kinds if k not in self.kinds]
            if unknown:
                raise ValueError(f"targets[{i}].kinds: 单位类型 {'、'.join(unknown)} 未在 kinds 中定义")
        return self

    @model_validator(mode="after")
    def _dates_in_their_year(self) -> ReportConfig:
        check_year(self.year, {"deadline": self.deadline, "signature_date": self.signature_date,
                               "report_to_superior_by": self.report_to_superior_by, "publish_by": self.publish_by})
        return self

    @model_validator(mode="after")
    def _default_dues(self) -> ReportConfig:
        self.report_to_superior_by = self.report_to_superior_by or dt.date(self.year + 1, 3, 1)
        self.publish_by = self.publish_by or dt.date(self.year + 1, 4, 1)
        return self

    @property
    def title(self) -> str:
        return self.title_pattern.format(region=self.region, year=self.year, government=self.government)

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def _unit_lookup(self) -> dict[str, Unit]:
        lookup = {u.short: u for u in self.units if u.short}
        lookup |= {u.name: u for u in self.units}
        return lookup | {u.id: u for u in self.units}

    @cached_property
    def unit_names(self) -> tuple[str, ...]:
        """Every unit's full and short name, longest first."""
        return tuple(sorted({n for u in self.units for n in (u.name, u.short) if n}, key=len, reverse=True))

    def find_unit(self, key: str) -> Unit | None:
        """A registry unit by id, full name or short name."""
        return self._unit_lookup.get(key.strip())

    def roles_of(self, unit: Unit) -> list[Role]:
        return unit.roles if unit.roles is not None else self.kinds[unit.kind].roles


class Workspace(BaseModel):
    """A loaded workspace: its folder, configuration and catalogue."""

    model_config = {"arbitrary_types_allowed": True}

    root: Path
    config: ReportConfig
    catalogue: Catalogue
    themes: Themes
    # The workspace's own files read to load it (report.yaml, its catalogue, themes and Word template), by
    # their path relative to the workspace: the SHA-256 of the bytes read, for the run's manifest.
    sources: dict[str, str] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.root.name

    @property
    def submissions_dir(self) -> Path:
        return self.root / "submissions"

    @property
    def history_dir(self) -> Path:
        return self.root / "history"

    @property
    def plan_path(self) -> Path:
        return self.root / "plan.yaml"

    @property
    def prefect_home(self) -> Path:
        return self.root / Path(self.config.prefect.home).expanduser()

    @property
    def template_path(self) -> Path:
        return self.root / self.config.template if self.config.template else template_file("report.docx")

    def relative(self, path: Path) -> str:
        """`path` relative to the workspace, as shown to people (escaped, never raw)."""
        return relative_label(self.root, path)


def relative_label(root: Path, path: Path) -> str:
    """`path` relative to the workspace `root`, as shown to people (escaped, never raw)."""
    try:
        return shown_name(path.relative_to(root).as_posix())
    except ValueError:
        return shown_name(str(path))


def read_source(path: Path, root: Path, sources: dict[str, str]) -> bytes:
    """A workspace file's bytes, their SHA-256 recorded in `sources` under its path (for the manifest)."""
    raw = path.read_bytes()
    sources[relative_label(root, path)] = hashlib.sha256(raw).hexdigest()
    return raw


def read_yaml_source(path: Path, sources: dict[str, str]) -> object:
    """A YAML file the office writes (report.yaml, plan.yaml) as the strict loader reads it — YAML 1.1 quirks
    stay text, a key given twice is an error — its SHA-256 in `sources`; WorkspaceError in one line if not."""
    try:
        return load_strict(read_source(path, path.parent, sources).decode("utf-8"), max_depth=16)
    except OSError as exc:
        raise WorkspaceError(f"{path}: 无法读取：{exc.strerror or exc}") from None
    except TooDeep:
        raise WorkspaceError(f"{path}: 无法解析：嵌套层级过深（超过16层）") from None
    except UnicodeDecodeError:
        raise WorkspaceError(f"{path}: 无法解析：不是 UTF-8 编码；请另存为 UTF-8 后重试") from None
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc)
        raise WorkspaceError(f"{path}: 无法解析：{where}{'：' if where else ''}{problem}") from None


def load_workspace(root: Path) -> Workspace:
    """Load report.yaml and the catalogue; raise WorkspaceError with a one-line message when unusable."""
    config_path = root / "report.yaml"
    if not root.is_dir():
        raise WorkspaceError(f"{root}: 工作区文件夹不存在")
    if not config_path.is_file():
        raise WorkspaceError(f"{config_path}: 缺少 report.yaml（工作区配置文件）；新建工作区请运行 "
                             f"annual-report init {shown_name(str(root))} --region 地区名称 --year 年度")
    sources: dict[str, str] = {}
    raw = read_yaml_source(config_path, sources)
    if not isinstance(raw, dict):
        raise WorkspaceError(f"{config_path}: 内容应为键值映射（region、year、units 等）")
    unknown = unknown_key(raw, ReportConfig)
    if unknown:
        raise WorkspaceError(f"{config_path}: {unknown}")
    try:
        config = ReportConfig.model_validate(raw)
    except ValidationError as exc:
        raise WorkspaceError(f"{config_path}: {first_error(exc)}") from None
    catalogue_path = root / config.catalogue if config.catalogue else None
    try:
        catalogue = load_catalogue(catalogue_path, catalogue_path and read_source(catalogue_path, root, sources).decode())
    except FileNotFoundError:
        raise WorkspaceError(f"{config_path}: catalogue: 指标目录文件 {catalogue_path} 不存在") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WorkspaceError(f"{catalogue_path}: 指标目录无法读取：{str(exc).splitlines()[0]}") from None
    except ValidationError as exc:
        raise WorkspaceError(f"{catalogue_path}: {first_error(exc)}") from None
    problems = catalogue_problems(config, catalogue)
    if config.template and not (root / config.template).is_file():
        problems.append(f"template: Word 模板 {root / config.template} 不存在")
    if config.drafting.themes and not (root / config.drafting.themes).is_file():
        problems.append(f"drafting.themes: 主题文件 {root / config.drafting.themes} 不存在")
    if problems:
        raise WorkspaceError(f"{config_path}: {problems[0]}")
    themes_path = root / config.drafting.themes if config.drafting.themes else None
    try:
        themes = load_themes(themes_path, themes_path and read_source(themes_path, root, sources).decode())
        if config.template:
            read_source(root / config.template, root, sources)
    except ThemeError as exc:
        raise WorkspaceError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{config_path}: 无法读取：{exc}") from None
    unknown = [(t.key, f) for t in themes.achievements for f in t.figures
               if f not in catalogue.by_id and f not in catalogue.group_names]
    if unknown:
        key, figure = unknown[0]
        raise WorkspaceError(f"主题文件：achievements.{key}.figures: 「{figure}」不是指标目录中的指标或指标分组")
    return Workspace(root=root, config=config, catalogue=catalogue, themes=themes, sources=sources)


def catalogue_problems(config: ReportConfig, catalogue: Catalogue) -> list[str]:
    """What report.yaml says about metrics that the catalogue does not have."""
    return [
        f"outline.topics[{i}].groups: 未知指标分组 {g}"
        for i, t in enumerate(config.outline.topics)
        for g in t.groups
        if g not in catalogue.group_names
    ] + [
        f"kinds.{k}.required: 未知指标 {m}"
        for k, kind in config.kinds.items()
        for m in kind.required
        if catalogue.by_id.get(m) is None or catalogue.by_id[m].is_rate
    ] + [
        f"kinds.{k}.optional: 未知指标或指标分组 {m}"
        for k, kind in config.kinds.items()
        for m in kind.optional
        if m not in catalogue.group_names and (catalogue.by_id.get(m) is None or catalogue.by_id[m].is_rate)
    ] + [
        f"targets[{i}].metric: 未知指标 {t.metric}"
        for i, t in enumerate(config.targets)
        if t.metric not in catalogue.by_id
    ] + [
        f"statistics.decimals.{m}: 不是指标目录中的比率指标" for m in config.statistics.decimals
        if not getattr(catalogue.by_id.get(m), "is_rate", False)
    ] + [
        f"figure_map.{name}: {m} 不是指标目录中的计数指标" for name, m in config.figure_map.items()
        if catalogue.by_id.get(m) is None or catalogue.by_id[m].is_rate
    ]
