"""Find submission files in a workspace and read each into raw records; a bad file becomes findings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from annual_report.findings import Finding, Severity
from annual_report.intake import yaml_safe
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.intake.tables import read_table
from annual_report.outline import SECTION_KEYS
from annual_report.text import decode
from annual_report.workspace import Workspace

SUBMISSION_KEYS = {"unit", "metrics", *SECTION_KEYS}  # a mapping with none of these is not a submission


def _error(intake: FileIntake, rule: str, message: str, location: str = "") -> FileIntake:
    intake.findings.append(
        Finding(file=intake.file, location=location, rule=rule, severity=Severity.ERROR, message=message)
    )
    return intake


def _decode(intake: FileIntake, raw: bytes) -> str | None:
    """The file's text, or None with a finding when it is neither UTF-8 nor GBK/GB18030."""
    text = decode(raw)
    if text is None:
        _error(intake, "encoding",
               "文件编码无法识别（既不是 UTF-8 也不是 GBK/GB18030）；请在 Excel 或 WPS 中另存为「CSV UTF-8」后重新提交")
    return text


def _read_structured(intake: FileIntake, raw: bytes, ws: Workspace, modified: dt.datetime, path: Path) -> None:
    text = _decode(intake, raw)
    if text is None:
        return
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml_safe.load(text)
    except json.JSONDecodeError as exc:
        _error(intake, "syntax", f"JSON 格式错误：{exc.msg}；请检查括号、引号和逗号", f"第{exc.lineno}行 第{exc.colno}列")
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行 第{mark.column + 1}列" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        _error(intake, "syntax", f"YAML 格式错误：{problem}；请检查缩进和冒号", where)
        return
    except RecursionError:
        _error(intake, "syntax", "文件嵌套层级过深，无法读取")
        return
    if not isinstance(data, dict) or not SUBMISSION_KEYS & {str(k) for k in data}:
        _error(intake, "not_a_submission",
               "不是单位报送文件：应为包含 unit、year、metrics、achievements 等键的映射；请使用提交模板")
        return
    intake.records.append(RawRecord(file=intake.file, data={str(k): v for k, v in data.items()},
                                    modified=modified))


def _read_csv(intake: FileIntake, raw: bytes, ws: Workspace, modified: dt.datetime, path: Path) -> None:
    text = _decode(intake, raw)
    if text is None:
        return
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        _error(intake, "syntax", f"CSV 格式错误：{exc}")
        return
    read_table(intake, rows, ws.catalogue, modified, default_unit=path.stem)


def _read_xlsx(intake: FileIntake, raw: bytes, ws: Workspace, modified: dt.datetime, path: Path) -> None:
    from openpyxl import load_workbook  # imported here: openpyxl is slow to import and only .xlsx needs it

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        _error(intake, "unreadable",
               f"Excel 文件已损坏或不是 .xlsx 格式（{type(exc).__name__}）；请用 Excel/WPS 打开后另存为 .xlsx 重新提交")
        return
    try:
        sheets = [(s.title, list(s.iter_rows(values_only=True))) for s in book.worksheets]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        _error(intake, "unreadable", f"Excel 文件内容损坏，无法读取（{type(exc).__name__}）")
        return
    finally:
        book.close()
    for title, rows in sheets:
        if any(any(c not in (None, "") for c in r) for r in rows):
            read_table(intake, rows, ws.catalogue, modified, default_unit=path.stem,
                       sheet=title if len(sheets) > 1 else None)


def _read_unsupported_docx(intake: FileIntake, *_: object) -> None:
    _error(intake, "unsupported_format",
           "暂不支持直接读取 Word 报告；请把文字和数字填入 YAML/JSON 或 Excel 报送模板后提交")


Reader = Callable[[FileIntake, bytes, Workspace, dt.datetime, Path], None]
READERS: dict[str, Reader] = {
    ".yaml": _read_structured,
    ".yml": _read_structured,
    ".json": _read_structured,
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
    ".docx": _read_unsupported_docx,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def discover(ws: Workspace) -> list[Path]:
    """Every file under submissions/, sorted; nothing is skipped silently (temporary files become findings)."""
    if not ws.submissions_dir.is_dir():
        return []
    return sorted(p for p in ws.submissions_dir.rglob("*") if p.is_file())


def read_file(path: Path, ws: Workspace) -> FileIntake:
    """Read one file; any problem becomes a finding on the returned intake."""
    intake = FileIntake(file=ws.relative(path))
    name = path.name
    if name.startswith(("~$", ".")):
        intake.findings.append(Finding(
            file=intake.file, rule="ignored_file", severity=Severity.WARNING,
            message="临时或隐藏文件（如 Excel 打开时产生的 ~$ 文件），已忽略；如为误放请删除",
        ))
        return intake
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return _error(intake, "unsupported_format",
                      f"不支持的文件类型「{path.suffix or '无扩展名'}」；支持 {'、'.join(SUPPORTED_SUFFIXES)}")
    try:
        stat = path.stat()
        limit = ws.config.limits.max_file_mb
        if stat.st_size > limit * 1024 * 1024:
            return _error(intake, "oversize",
                          f"文件大小 {stat.st_size / 1024 / 1024:.1f} MB，超过上限 {limit:g} MB；请删除图片等附件后重新提交")
        raw = path.read_bytes()
    except OSError as exc:
        return _error(intake, "unreadable", f"文件无法读取：{exc.strerror or exc}")
    if not raw.strip():
        return _error(intake, "empty_file", "文件为空")
    modified = dt.datetime.fromtimestamp(stat.st_mtime)
    reader(intake, raw, ws, modified, path)
    return intake
