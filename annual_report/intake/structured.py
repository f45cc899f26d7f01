"""Submission files in YAML or JSON: parsed safely, nested within bounds, every text cleaned where it stands.

Characters that YAML refuses or that change how text reads (a raw \\x0b from a Word line break, NUL, bidi
overrides) are removed from the file's text before parsing, each with a warning giving its line and column;
those written as escapes (JSON's "\\u202e") are removed from the parsed values, located by key path.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from annual_report.config.outline import SECTION_KEYS
from annual_report.config.yaml_files import DuplicateKey, TooDeep, load_json, load_strict, yaml_problem
from annual_report.findings import Finding, Severity
from annual_report.intake.lower import is_run_statistics, lower_record
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.submission.context import location
from annual_report.text.hygiene import has_unsafe_chars, strip_illegal_chars

SUBMISSION_KEYS = {"unit", "metrics", *SECTION_KEYS}  # a mapping with none of these is not a submission
MAX_DEPTH = 16  # a submission nests four levels (achievements → item → tasks → number)
MAX_LOCATED = 20  # removals reported one by one; the rest in one line


def _warning(intake: FileIntake, where: str, codes: list[str]) -> Finding:
    return Finding(file=intake.file, location=where, rule="control_chars", severity=Severity.WARNING,
                   message=f"文字中含有 Word 无法保存的控制字符或不可见的方向控制字符（{'、'.join(sorted(set(codes)))}），"
                           "已删除；请核对原文")


def _error(intake: FileIntake, rule: str, message: str, where: str = "") -> None:
    intake.findings.append(Finding(file=intake.file, location=where, rule=rule, severity=Severity.ERROR,
                                   message=message))


def clean_source(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The text without unsafe characters, and where they were: (「第3行 第12列」, codes) per line."""
    if not has_unsafe_chars(text):
        return text, []
    found = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        cleaned, codes = strip_illegal_chars(line)
        if codes:
            column = next(i for i, c in enumerate(line) if has_unsafe_chars(c)) + 1
            lines[number - 1] = cleaned
            found.append((f"第{number}行 第{column}列", codes))
    return "\n".join(lines), found


def too_deep(data: object, limit: int = MAX_DEPTH) -> bool:
    """Whether containers nest deeper than `limit`; shared (aliased) containers are visited once."""
    seen: set[int] = set()
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        if depth > limit:
            return True
        seen.add(id(node))
        stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def clean_tree(data: object) -> list[tuple[str, list[str]]]:
    """Remove unsafe characters from every key and text in `data`, in place; where each was (key path)."""
    found: list[tuple[str, list[str]]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())] if isinstance(data, dict | list) else []
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        cleaned: list[tuple[Any, Any]] = []
        for key, value in items:
            if isinstance(key, str):
                key, codes = strip_illegal_chars(key)
                if codes:
                    found.append((location((*path, key)) or "（键名）", codes))
            if isinstance(value, str):
                value, codes = strip_illegal_chars(value)
                if codes:
                    found.append((location((*path, key)), codes))
            elif isinstance(value, dict | list):
                stack.append((value, (*path, key)))
            cleaned.append((key, value))
        if isinstance(node, dict):
            node.clear()
            node.update(dict(cleaned))
        else:
            node[:] = [v for _, v in cleaned]
    return found


def _parse(intake: FileIntake, text: str, is_json: bool) -> tuple[bool, Any]:
    """(parsed, data); a syntax error becomes a finding with its line and column."""
    try:
        return True, load_json(text) if is_json else load_strict(text, MAX_DEPTH)
    except json.JSONDecodeError as exc:
        _error(intake, "syntax", f"JSON 格式错误：{exc.msg}；请检查括号、引号和逗号", f"第{exc.lineno}行 第{exc.colno}列")
    except DuplicateKey as exc:
        _error(intake, "syntax", f"JSON 格式错误：同一对象中键「{exc.key}」出现了两次，无法确定采用哪一个；请删除其中一个",
               f"第{exc.line}行 第{exc.column}列" if exc.line else "")
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc)
        _error(intake, "syntax", f"YAML 格式错误：{problem}", where)
    except (RecursionError, TooDeep):
        _error(intake, "syntax", f"文件嵌套层级过深（超过{MAX_DEPTH}层），不是报送文件，未读取")
    return False, None


def read_structured(intake: FileIntake, text: str, modified: dt.datetime, is_json: bool) -> None:
    """One submission record from a YAML or JSON text, or findings saying why there is none."""
    text, removed = clean_source(text)
    parsed, data = _parse(intake, text, is_json)
    if not parsed:
        return
    if too_deep(data):
        _error(intake, "syntax", f"文件嵌套层级过深（超过{MAX_DEPTH}层），不是报送文件，未读取")
        return
    if "\\" in text:  # only an escape (\u0001, \x01) puts into the data a character the text did not have
        removed += clean_tree(data)
    warnings = [_warning(intake, where, codes) for where, codes in removed[:MAX_LOCATED]]
    if len(removed) > MAX_LOCATED:
        warnings.append(_warning(intake, f"另有{len(removed) - MAX_LOCATED}处", [c for _, cs in removed[MAX_LOCATED:]
                                                                               for c in cs]))
    if is_json and is_run_statistics(data):  # a lower region's run, sent as its submission
        intake.records.append(lower_record(intake.file, data, modified))
        intake.records[-1].findings += warnings
        return
    if not isinstance(data, dict) or not SUBMISSION_KEYS & {str(k) for k in data}:
        intake.findings += warnings
        _error(intake, "not_a_submission",
               "不是单位报送文件：应为包含 unit、year、metrics、achievements 等键的映射；请使用提交模板")
        return
    intake.records.append(RawRecord(file=intake.file, data={str(k): v for k, v in data.items()},
                                    modified=modified, findings=warnings))
