"""Earlier years from the workspace's history/ folder.

* `<year>.csv` — region totals, two columns: metric (id or Chinese name) and value (a header row is fine;
  a rate may be given as its percentage, e.g. 95.2 or 95.2%, used only when its counts are absent);
* `<year>.yaml` — the same as a mapping `metric: value`;
* `<year>-units.csv` — one row per unit (a `单位` column holding id, full or short name) and one column per
  metric, for the year-over-year outlier check;
* any `*.json` — the statistics.json an earlier run wrote (region totals and per-unit figures);
* any `*.xlsx` — the statistics.xlsx an earlier run wrote: region totals from its 汇总 sheet, per-unit
  counts from 分单位.  Its year is the four-digit year in the file name (2023.xlsx, statistics-2023.xlsx);
  a name without one is taken as the year before the report year, with a warning.

Problems become warnings; a history file never stops the statistics.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from openpyxl.utils.exceptions import InvalidFileException

from annual_report.config.run_files import (
    JSON_FORMAT,
    JSON_NAME,
    REGION_TOTAL,
    ROLE_COLUMN_PREFIX,
    SUMMARY_SHEET,
    UNIT_KEY_COLUMNS,
    UNIT_SHEET,
)
from annual_report.config.workspace import Workspace, read_source
from annual_report.config.yaml_files import DuplicateKey, TooDeep, load_json, load_strict
from annual_report.findings import Finding, Severity
from annual_report.reading.headers import UNIT_HEADERS
from annual_report.text.hygiene import decode
from annual_report.text.numbers import number_text

TOTALS_NAME = re.compile(r"^(\d{4})\.(csv|ya?ml)$", re.IGNORECASE)
UNITS_NAME = re.compile(r"^(\d{4})-units\.csv$", re.IGNORECASE)
YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
WORKBOOK_ERRORS = (ValueError, KeyError, zipfile.BadZipFile, InvalidFileException, OSError)
TOTALS_COLUMNS = ["year", "metric", "value"]
UNITS_COLUMNS = ["year", "unit", "metric", "value"]


class StatisticsFileError(ValueError):
    """A file that is not this package's statistics.json or statistics.xlsx."""


def read_statistics_json(data: object) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """(year, totals [metric, value, numerator, denominator], units [unit, name, metric, value]) from
    parsed statistics.json data; StatisticsFileError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise StatisticsFileError(f"不是本系统导出的 {JSON_NAME}（缺少 \"format\": \"{JSON_FORMAT}\"）")
    try:
        year = int(data["year"])
        totals = pd.DataFrame(data.get("totals") or [], columns=["metric", "value", "numerator", "denominator"])
        units = pd.DataFrame(data.get("units") or [], columns=["unit", "name", "metric", "value"])
    except (KeyError, TypeError, ValueError) as exc:
        raise StatisticsFileError(f"{JSON_NAME} 内容不完整：{exc}") from None
    return year, totals, units


@dataclass(frozen=True)
class History:
    totals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOTALS_COLUMNS))
    units: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=UNITS_COLUMNS))
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # the files read: path → SHA-256 of the bytes read
    listed: list[str] = field(default_factory=list)  # every file looked at, read or not


class _Reader:
    """Reads one history folder, collecting findings."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.findings: list[Finding] = []
        self.totals: list[pd.DataFrame] = []
        self.units: list[pd.DataFrame] = []
        self.sources: dict[str, str] = {}
        self.listed: list[str] = []

    def warn(self, path: Path, rule: str, message: str, location: str = "") -> None:
        self.findings.append(Finding(file=self.ws.relative(path), location=location, rule=rule,
                                     severity=Severity.WARNING, message=message))

    def read(self, path: Path) -> None:
        """One file of history/, its bytes read once (their SHA-256 kept for the manifest)."""
        name = path.name
        self.listed.append(self.ws.relative(path))
        if not (UNITS_NAME.match(name) or TOTALS_NAME.match(name) or path.suffix.lower() in (".json", ".xlsx")):
            self.warn(path, "history_ignored", "历史数据文件名应为「年度.csv」「年度.yaml」「年度-units.csv」，"
                                               "或以前运行生成的 statistics.json / statistics.xlsx，已忽略")
            return
        try:
            raw = read_source(path, self.ws.root, self.sources)
        except OSError as exc:
            self.warn(path, "history_unreadable", f"历史数据文件无法读取：{exc.strerror or exc}")
            return
        if path.suffix.lower() == ".xlsx":
            self.read_workbook(path, raw)
            return
        text = decode(raw)
        if text is None:
            self.warn(path, "history_encoding", "历史数据文件编码无法识别（应为 UTF-8 或 GBK），未采用")
            return
        try:
            if m := UNITS_NAME.match(name):
                self.add_units(path, int(m[1]), self.units_csv(path, text))
            elif m := TOTALS_NAME.match(name):
                reader = self.totals_csv if m[2].lower() == "csv" else self.totals_yaml
                self.add_totals(path, int(m[1]), reader(path, text))
            elif path.suffix.lower() == ".json":
                year, totals, units = read_statistics_json(load_json(text))
                self.add_totals(path, year, totals.assign(where=""))
                keys = units["unit"].where(units["unit"].map(self.known_unit), units["name"])
                self.add_units(path, year, units.assign(unit=keys, where=""))
        except (pd.errors.ParserError, pd.errors.EmptyDataError, yaml.YAMLError, json.JSONDecodeError, StatisticsFileError,
                DuplicateKey, TooDeep, csv.Error) as exc:
            self.warn(path, "history_unreadable", f"历史数据文件无法读取：{str(exc).splitlines()[0]}")

    def read_workbook(self, path: Path, raw: bytes) -> None:
        """A statistics.xlsx of an earlier run: 汇总 (region totals) and 分单位 (per-unit counts)."""
        try:
            with pd.ExcelFile(io.BytesIO(raw), engine="openpyxl") as book:
                if SUMMARY_SHEET not in book.sheet_names:
                    raise StatisticsFileError(f"不是本系统导出的 statistics.xlsx（没有「{SUMMARY_SHEET}」工作表）")
                totals = self.workbook_totals(pd.read_excel(book, sheet_name=SUMMARY_SHEET, dtype=object))
                units = self.workbook_units(pd.read_excel(book, sheet_name=UNIT_SHEET, dtype=object)) \
                    if UNIT_SHEET in book.sheet_names else None
        except WORKBOOK_ERRORS as exc:
            self.warn(path, "history_unreadable", f"历史数据文件无法读取：{str(exc).splitlines()[0]}")
            return
        year = self.workbook_year(path)
        self.add_totals(path, year, totals)
        if units is not None:
            self.add_units(path, year, units)

    def workbook_year(self, path: Path) -> int:
        if m := YEAR_IN_NAME.search(path.stem):
            return int(m[1])
        year = self.ws.config.year - 1
        self.warn(path, "history_year_assumed", f"文件名中没有年度，按上年（{year}年）的统计表采用；"
                                                f"如不是上年，请在文件名中写明年度（如 {year - 1}.xlsx）")
        return year

    def workbook_totals(self, summary: pd.DataFrame) -> pd.DataFrame:
        """汇总 rows as metric, value: a count as written, a rate (a fraction under a % format) × 100; a rate
        shown as 无 (no cases) and empty cells are left out."""
        key = next((c for c in ("指标编号", "指标名称") if c in summary.columns), None)
        if key is None or REGION_TOTAL not in summary.columns:
            raise StatisticsFileError(f"「{SUMMARY_SHEET}」工作表应有「指标编号」（或「指标名称」）和「{REGION_TOTAL}」列")
        summary = summary.assign(where=[f"「{SUMMARY_SHEET}」第{i}行" for i in range(2, len(summary) + 2)])
        summary = summary.dropna(subset=[key])
        keys = summary[key].astype(str)
        rate = keys.map(lambda k: getattr(self.ws.catalogue.resolve(k), "is_rate", False))
        numbers = pd.to_numeric(summary[REGION_TOTAL], errors="coerce")
        values = summary[REGION_TOTAL].mask(rate, (numbers * 100).astype(object).where(numbers.notna(), ""))
        return pd.DataFrame({"metric": keys, "value": values, "where": summary["where"]})

    def workbook_units(self, units: pd.DataFrame) -> pd.DataFrame:
        """分单位 count columns as unit, metric, value (rate columns are left out, as in statistics.json)."""
        if not {"单位编号", "单位名称"} <= set(units.columns):
            raise StatisticsFileError(f"「{UNIT_SHEET}」工作表应有「单位编号」「单位名称」列")
        blank = units.isna().all(axis=1).to_numpy()
        units = units.iloc[: int(blank.argmax())] if blank.any() else units  # tables below the first are not units
        counts = [c for c in units.columns if c not in UNIT_KEY_COLUMNS
                  and not str(c).startswith(ROLE_COLUMN_PREFIX) and not getattr(self.ws.catalogue.resolve(str(c)), "is_rate", False)]
        keys = units["单位编号"].where(units["单位编号"].map(self.known_unit), units["单位名称"])
        body = units[counts].copy().assign(unit=keys, row=range(2, len(units) + 2))  # copy: one block, not 150
        long = body.melt(id_vars=["unit", "row"], var_name="metric", value_name="value")
        return long.assign(where=[f"「{UNIT_SHEET}」第{r}行「{m}」列"
                                  for r, m in zip(long["row"], long["metric"], strict=True)])

    def known_unit(self, key: object) -> bool:
        return self.ws.config.find_unit(str(key)) is not None

    @staticmethod
    def table(text: str) -> pd.DataFrame:
        """Every row of a CSV, as text, padded to the widest: a row of a different width is not the whole file's
        end (the caller says what is wrong with it)."""
        rows = list(csv.reader(io.StringIO(text)))
        width = max(map(len, rows), default=0)
        return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)

    def spilled(self, path: Path, rows: pd.DataFrame, width: int) -> pd.DataFrame:
        """Rows with numbers past the table's `width` (「受理矛盾纠纷,1,234」: a number split by an unquoted comma)
        are warned of and left out; the rest is kept."""
        if rows.shape[1] <= width:
            return rows
        extra = rows.iloc[:, width:]
        bad = ((extra != "") & extra.apply(lambda c: c.str.strip().str.isdigit())).any(axis=1)
        for number in rows.index[bad]:
            shown = "」「".join(c for c in rows.loc[number] if c)
            self.warn(path, "history_split_number", f"第{number + 1}行「{shown}」的格数多于表头，数字可能被未加引号的"
                                                    "千分位逗号分开了，该行未采用", f"第{number + 1}行")
        return rows[~bad]

    def totals_csv(self, path: Path, text: str) -> pd.DataFrame:
        rows = self.table(text)
        if rows.shape[1] < 2:
            raise pd.errors.ParserError("应有两列：指标、数值")
        # a first row naming no metric is a header, and says how wide the table is
        header = len(rows) > 0 and self.ws.catalogue.resolve(rows.iloc[0, 0]) is None
        rows = self.spilled(path, rows, sum(c != "" for c in rows.iloc[0]) if header else 2)
        frame = rows.iloc[:, :2].set_axis(["metric", "value"], axis=1)
        frame["where"] = [f"第{i + 1}行" for i in rows.index]
        return frame.iloc[1:] if header else frame

    def totals_yaml(self, path: Path, text: str) -> pd.DataFrame:
        data = load_strict(text, max_depth=8) or {}
        if isinstance(data, dict) and isinstance(data.get("metrics"), dict):
            data = data["metrics"]
        if not isinstance(data, dict):
            raise yaml.YAMLError("内容应为「指标: 数值」的映射")
        return pd.DataFrame({"metric": list(map(str, data)), "value": list(data.values()),
                             "where": list(map(str, data))})

    def units_csv(self, path: Path, text: str) -> pd.DataFrame:
        rows = self.table(text)
        header = [h for h in rows.iloc[0].str.strip().tolist() if h] if len(rows) else []
        if not header or header[0].lower() not in UNIT_HEADERS:
            raise pd.errors.ParserError("第一行第一列应为「单位」，其余各列为指标")
        rows = self.spilled(path, rows, len(header)).iloc[:, :len(header)]
        body = rows.iloc[1:].set_axis(["unit", *header[1:]], axis=1)
        body["row"] = body.index + 1
        long = body.melt(id_vars=["unit", "row"], var_name="metric", value_name="value")
        return long.assign(where=[f"第{r}行「{m}」列" for r, m in zip(long["row"], long["metric"], strict=True)])

    def resolve(self, path: Path, frame: pd.DataFrame) -> pd.DataFrame:
        """Metric keys → ids and text → numbers; unknown keys and unreadable numbers become warnings."""
        frame = frame.copy()
        keys = frame["metric"].astype(str).str.strip()
        frame["metric"] = keys.map(lambda k: getattr(self.ws.catalogue.resolve(k), "id", None))
        text = frame["value"].map(number_text, na_action="ignore").fillna("").astype(str)
        numbers = pd.to_numeric(text.str.removesuffix("%"), errors="coerce")
        for key in keys[frame["metric"].isna()].unique():
            self.warn(path, "history_unknown_metric", f"「{key}」不是指标目录中的指标，未采用")
        bad = frame["metric"].notna() & numbers.isna() & (text != "")
        for where, value in frame.loc[bad, ["where", "value"]].itertuples(index=False):
            self.warn(path, "history_non_numeric", f"数值「{value}」不是数字，未采用", where)
        return frame.assign(value=numbers).dropna(subset=["metric", "value"])

    def add_totals(self, path: Path, year: int, frame: pd.DataFrame) -> None:
        self.totals.append(self.resolve(path, frame).assign(year=year, file=path.name))

    def add_units(self, path: Path, year: int, frame: pd.DataFrame) -> None:
        frame = self.resolve(path, frame)
        ids = frame["unit"].astype(str).map(lambda k: getattr(self.ws.config.find_unit(k), "id", None))
        for label in frame.loc[ids.isna(), "unit"].unique():
            self.warn(path, "history_unknown_unit", f"单位「{label}」不在本年度单位名录中，其历史数据未采用")
        self.units.append(frame.assign(unit=ids, year=year, file=path.name).dropna(subset=["unit"]))

    def result(self) -> History:
        totals = self._deduplicate(self.totals, ["year", "metric"])[TOTALS_COLUMNS]
        units = self._deduplicate(self.units, ["year", "unit", "metric"])[UNITS_COLUMNS]
        return History(totals=totals.reset_index(drop=True), units=units.reset_index(drop=True),
                       findings=self.findings, sources=self.sources, listed=self.listed)

    def _deduplicate(self, frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
        """One value per key: the first file (by name) wins, later ones are reported."""
        if not frames:
            return pd.DataFrame(columns=[*keys, "value", "file"])
        table = pd.concat(frames, ignore_index=True)
        dropped = table.duplicated(keys, keep="first")
        for (year, file), _ in table[dropped].groupby(["year", "file"]):
            self.warn(self.ws.history_dir / file, "history_duplicate",
                      f"{year}年的部分数值已由其他历史数据文件给出，本文件中的这些数值未采用")
        return table[~dropped]


def read_history(ws: Workspace) -> History:
    """Every earlier year found in ws.history_dir (an empty History when there is none)."""
    reader = _Reader(ws)
    if ws.history_dir.is_dir():
        for path in sorted(p for p in ws.history_dir.iterdir()
                           if p.is_file() and not p.name.startswith((".", "~$"))):  # ~$: Excel's lock file
            reader.read(path)
    return reader.result()
