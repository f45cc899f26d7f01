"""Find submission files in a workspace and read each into raw records; a bad file becomes findings.

Nothing a file holds can stop the build: whatever goes wrong while reading one file is an error finding
for that file. Only regular files inside the workspace are read (links out of it are refused), each within
the size limit, and every name is shown escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake.forms import is_form, read_form
from annual_report.intake.layout import Grid
from annual_report.intake.paths import entries, label, read_bounded, refusal
from annual_report.intake.records import FileIntake
from annual_report.intake.structured import read_structured
from annual_report.intake.tables import read_table
from annual_report.intake.word_report import read_word_report
from annual_report.intake.xlsx import Refused, read_workbook
from annual_report.text.hygiene import decode, decoded_name

__all__ = ["SUPPORTED_SUFFIXES", "discover", "read_file"]
_SEP_LINE = re.compile(r"^sep=(.)\r?$")


def _error(intake: FileIntake, rule: str, message: str, location: str = "") -> FileIntake:
    intake.findings.append(
        Finding(file=intake.file, location=location, rule=rule, severity=Severity.ERROR, message=message)
    )
    return intake


def _about_file(intake: FileIntake, finding: Finding) -> None:
    """A finding about the whole file goes with each unit it reports, else with the file."""
    for record in intake.records:
        record.findings.append(finding)
    if not intake.records:
        intake.findings.append(finding)


def _decode(intake: FileIntake, raw: bytes) -> str | None:
    """The file's text, or None with a finding when it is neither UTF-8 nor GBK/GB18030."""
    text = decode(raw)
    if text is None:
        _error(intake, "encoding",
               "文件编码无法识别（既不是 UTF-8 也不是 GBK/GB18030）；请在 Excel 或 WPS 中另存为「CSV UTF-8」后重新提交")
    return text


def _read_yaml(intake: FileIntake, raw: bytes, modified: dt.datetime, unit: str, ws: Workspace) -> None:
    text = _decode(intake, raw)
    if text is not None:
        read_structured(intake, text, modified, is_json=False)


def _read_json(intake: FileIntake, raw: bytes, modified: dt.datetime, unit: str, ws: Workspace) -> None:
    text = _decode(intake, raw)
    if text is not None:
        read_structured(intake, text, modified, is_json=True)


def _read_csv(intake: FileIntake, raw: bytes, modified: dt.datetime, unit: str, ws: Workspace) -> None:
    text = _decode(intake, raw)
    if text is None:
        return
    first, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(first)  # Excel's 「sep=,」 line: the delimiter, not data
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff((rest if sep else text)[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        body = csv.reader(io.StringIO(rest if sep else text, newline=""), dialect,
                          **({"delimiter": sep.group(1)} if sep else {}))
        rows = [(number, row) for number, row in enumerate(body, start=2 if sep else 1)]
    except csv.Error as exc:
        _error(intake, "syntax", f"CSV 格式错误：{exc}")
        return
    read_table(intake, Grid.of(rows, delimited=True), ws.catalogue, modified, default_unit=unit,
               year=ws.config.year)


def _read_xlsx(intake: FileIntake, raw: bytes, modified: dt.datetime, unit: str, ws: Workspace) -> None:
    try:
        sheets = read_workbook(raw)
    except Refused as exc:
        _error(intake, exc.rule, exc.message)
        return
    if is_form(sheets):
        read_form(intake, sheets, modified, ws)
    else:
        for sheet in sheets:
            if sheet.visible and sheet.rows:
                grid = Grid.of_sheet(sheet, sheet.name if len(sheets) > 1 else None)
                read_table(intake, grid, ws.catalogue, modified, default_unit=unit, year=ws.config.year)
    # hidden sheets are never read, in a fill-in workbook as in any other: the unit is told
    hidden = [f"「{s.name}」" for s in sheets if s.state == "hidden"]
    secret = [f"「{s.name}」" for s in sheets if s.state == "veryHidden"]
    if hidden:
        _about_file(intake, Finding(
            file=intake.file, rule="hidden_sheet", severity=Severity.WARNING,
            message=f"隐藏的工作表{'、'.join(hidden)}未读取，只采用显示的工作表；如其中有应报送的数字，请取消隐藏后重新提交"))
    if secret:
        _about_file(intake, Finding(
            file=intake.file, rule="very_hidden_sheet", severity=Severity.ERROR,
            message=f"工作表{'、'.join(secret)}被设为深度隐藏（veryHidden，Excel 中无法直接取消隐藏），未读取；"
                    "请核实其内容，删除该工作表后重新提交"))
    if not any(s.visible for s in sheets):
        _error(intake, "empty_table", "工作簿中没有显示的工作表")


Reader = Callable[[FileIntake, bytes, dt.datetime, str, Workspace], None]
READERS: dict[str, Reader] = {
    ".yaml": _read_yaml,
    ".yml": _read_yaml,
    ".json": _read_json,
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
    ".docx": read_word_report,
}
SUPPORTED_SUFFIXES = tuple(READERS)
_OLD_WORD = (".doc", ".docm", ".wps", ".dot", ".dotx", ".dotm")  # Word 97-2003, macros, WPS, templates


def discover(ws: Workspace) -> list[Path]:
    """Everything under submissions/, sorted; nothing is skipped silently (links, temporary and special
    files become findings when read)."""
    if not ws.submissions_dir.is_dir():
        return []
    return sorted(entries(ws.submissions_dir))


def _name_finding(intake: FileIntake, path: Path) -> None:
    """A name that is not UTF-8, or holds control or direction characters, is shown changed: say so."""
    shown = PurePosixPath(intake.file).name
    if shown == path.name:
        return
    why = "不是 UTF-8 编码（常见于解压 Windows 压缩包），已按 GBK 识别" if decoded_name(path.name) != path.name \
        else "含有换行、控制或方向控制字符，以转义形式显示"
    intake.findings.append(Finding(file=intake.file, rule="file_name", severity=Severity.WARNING,
                                   message=f"文件名{why}为「{shown}」；请把文件改为规范的中文名称"))


def _read(intake: FileIntake, path: Path, ws: Workspace) -> None:
    _name_finding(intake, path)
    if path.name.startswith(("~$", ".")):
        intake.findings.append(Finding(
            file=intake.file, rule="ignored_file", severity=Severity.WARNING,
            message="临时或隐藏文件（如 Excel 打开时产生的 ~$ 文件），已忽略；如为误放请删除"))
        return
    refused = refusal(path, ws.root, ws.submissions_dir)
    if refused is not None:
        severity = Severity.WARNING if refused.rule == "ignored_file" else Severity.ERROR
        intake.findings.append(Finding(file=intake.file, rule=refused.rule, severity=severity,
                                       message=refused.message))
        return
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        hint = "；Word 文件请另存为不含宏的 .docx 后重新提交" if path.suffix.lower() in _OLD_WORD else ""
        _error(intake, "unsupported_format",
               f"不支持的文件类型「{path.suffix or '无扩展名'}」；支持 {'、'.join(SUPPORTED_SUFFIXES)}{hint}")
        return
    limit = ws.config.limits.max_file_mb
    stat = path.stat()
    raw = read_bounded(path, int(limit * 1024 * 1024))
    if raw is None:
        _error(intake, "oversize", f"文件大小 {stat.st_size / 1024 / 1024:.1f} MB，超过上限 {limit:g} MB；"
                                   "请删除图片等附件后重新提交")
        return
    intake.sha256 = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        _error(intake, "empty_file", "文件为空")
        return
    unit = PurePosixPath(decoded_name(path.name)).stem
    reader(intake, raw, dt.datetime.fromtimestamp(stat.st_mtime), unit, ws)


def read_file(path: Path, ws: Workspace) -> FileIntake:
    """Read one file; any problem, expected or not, becomes a finding on the returned intake."""
    intake = FileIntake(file=label(path, ws.root))
    try:
        _read(intake, path, ws)
    except OSError as exc:
        intake.records.clear()
        _error(intake, "unreadable", f"文件无法读取：{exc.strerror or exc}")
    except Exception as exc:  # no single file stops the build
        intake.records.clear()
        _error(intake, "unreadable", f"读取本文件时出错（{type(exc).__name__}），本文件未采用；"
                                     "请把文件另存为报送模板的格式后重新提交，仍有问题请转交技术支持")
    return intake
