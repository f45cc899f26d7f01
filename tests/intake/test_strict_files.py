"""The YAML and JSON strictness docs/workspace.md promises, everywhere people write files: no YAML tags, a key
given twice an error in JSON as in YAML, an impossible date a located finding for that field alone, and
report.yaml's dates and year checked with one Chinese line and exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from annual_report.config.yaml_files import MAX_NODES, DuplicateKey, TooDeep, load_json, load_strict
from annual_report.findings import Severity
from annual_report.statistics import read_history
from annual_report.validation import UnitStatus
from tests.conftest import GOOD_SUBMISSION, SMALL_CONFIG, MakeWorkspace, validated
from tests.test_cli import cli

SUBMISSION = ("unit: gaj\nyear: 2024\nsubmitted_at: {when}\nmetrics:\n  lit.first_instance_closed: {closed}\n"
              "  lit.lost: 1\nachievements: [组织执法人员集中培训。]\nproblems: [执法能力有待提升。]\nnext_year: [继续开展案卷评查。]\n")


def _findings(root: Path) -> list[tuple[str, str, str]]:
    report = validated(root)[2]
    return [(f.rule, f.location, f.message) for f in report.findings if f.rule != "missing_submission"]


def test_a_yaml_tag_is_a_syntax_error_with_its_line_never_octal(make_workspace: MakeWorkspace) -> None:
    """`!!int 010` was read as 8."""
    root = make_workspace({"gaj.yaml": SUBMISSION.format(when="2025-02-20", closed="!!int 010")})
    ((rule, where, message),) = _findings(root)
    assert (rule, where) == ("syntax", "第5行 第30列")
    assert "「!!int」" in message and "8" not in message
    for tagged in ("!!python/object:os.system x", "!custom 3", "! 010", "!!str 12"):
        root = make_workspace({"gaj.yaml": SUBMISSION.format(when="2025-02-20", closed=tagged)})
        assert [r for r, _, _ in _findings(root)] == ["syntax"], tagged


def test_a_json_key_given_twice_is_a_syntax_error_with_its_line(make_workspace: MakeWorkspace) -> None:
    """docs/workspace.md §3.1: never 「the last one wins」."""
    text = ('{"unit": "gaj", "year": 2024,\n "metrics": {"lit.first_instance_closed": 10,\n'
            '   "lit.lost": 1, "lit.first_instance_closed": 100},\n "achievements": ["甲"]}')
    root = make_workspace({"gaj.json": text})
    ((rule, where, message),) = _findings(root)
    assert (rule, where) == ("syntax", "第3行 第19列")
    assert "「lit.first_instance_closed」出现了两次" in message
    assert validated(root)[2].units["gaj"].submission is None  # nothing of the file is guessed


def test_the_same_key_in_different_objects_is_fine_and_keys_are_located_in_their_own_object() -> None:
    text = '[{"text": "甲", "x": {"text": 1}},\n {"text": "乙", "text": "丙"}]'
    with pytest.raises(DuplicateKey) as caught:
        load_json(text)
    assert (caught.value.key, caught.value.line, caught.value.column) == ("text", 2, 16)
    assert load_json('{"a": {"b": 1}, "c": {"b": 2}}') == {"a": {"b": 1}, "c": {"b": 2}}


def test_an_impossible_date_is_a_finding_for_that_field_and_the_figures_count(make_workspace: MakeWorkspace) -> None:
    """`submitted_at: 2025-02-30` made the whole file unreadable, with no location, dropping every figure."""
    root = make_workspace({"gaj.yaml": SUBMISSION.format(when="2025-02-30", closed=10)})
    ((rule, where, message),) = _findings(root)
    assert (rule, where) == ("bad_date", "submitted_at") and "2025-02-30" in message
    unit = validated(root)[2].units["gaj"]
    assert unit.counted == {"lit.first_instance_closed": 10, "lit.lost": 1}
    assert unit.status is UnitStatus.WARNING
    json_text = json.dumps({**GOOD_SUBMISSION, "submitted_at": "2025-02-30"}, ensure_ascii=False)
    root = make_workspace({"gaj.json": json_text})
    assert [(r, w) for r, w, _ in _findings(root)] == [("bad_date", "submitted_at")]


def test_the_strict_reader_keeps_yaml_11s_surprises_as_text() -> None:
    data = load_strict("a: 010\nb: 1:30\nc: yes\nd: true\ne: 2025-02-20\nf: 2025-02-30\ng: 1.5\nh: 0x1F\n"
                       "i: ~\nj: '12'\nk: 2025-02-21 10:05:00\nl: 1_0\nm: 1e3\n<<: x\n2023: 5\n")
    assert data == {"a": "010", "b": "1:30", "c": "yes", "d": True, "e": dt.date(2025, 2, 20), "f": "2025-02-30",
                    "g": 1.5, "h": "0x1F", "i": None, "j": "12", "k": dt.datetime(2025, 2, 21, 10, 5), "l": "1_0",
                    "m": "1e3", "<<": "x", 2023: 5}


@pytest.mark.parametrize(("text", "problem"), [
    ("a: &x [1, *x]\n", "引用了包含它自身"),
    ("a: *nowhere\n", "没有对应的锚点"),
    ("--- 1\n--- 2\n", "只能有一个"),
    ("? [a]\n: 1\n", "键应为文字或数字"),
    ("a: 1\nb:\n  a: 2\nb: 3\n", "键「b」出现了两次"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6)), "别名"),
])
def test_what_the_strict_reader_refuses(text: str, problem: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load_strict(text)
    assert problem in caught.value.problem  # type: ignore[attr-defined]
    assert MAX_NODES == 1_000_000


def test_depth_is_refused_before_anything_is_built() -> None:
    with pytest.raises(TooDeep):
        load_strict("[" * 100_000, 16)  # an unclosed nest: refused at level 17, never parsed to the end
    assert load_strict("[[[[1]]]]", 4) == [[[[1]]]]


def _report_yaml(root: Path, text: str) -> None:
    (root / "report.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("change", "expected"), [
    ("deadline: 2025-02-30", "deadline: 「2025-02-30」不是真实的日期"),
    ("deadline: 2023-03-01", "deadline: 2023年3月1日不在2024年度报告的时间范围内"),
    ("year: 二〇二四", "year: 应为四位阿拉伯数字的年度（如 2024），不是「二〇二四」"),
    ("year: !!int 2024", "「!!int」"),
    ("signature_date: 下月", "signature_date: 「下月」不是日期"),
])
def test_report_yaml_dates_and_year_are_one_chinese_line_and_exit_2(make_workspace: MakeWorkspace, change: str,
                                                                    expected: str) -> None:
    """`deadline: 2025-02-30` ended validate and build in a 76-line traceback."""
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    key = change.split(":", 1)[0]
    text = yaml.safe_dump({k: v for k, v in SMALL_CONFIG.items() if k != key}, allow_unicode=True)
    _report_yaml(root, f"{text}{change}\n")
    for command in ("validate", "build"):
        result = cli(command, str(root), *(["--out", str(root.parent / "out"), "--no-prefect"]
                                           if command == "build" else []))
        assert result.returncode == 2, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr
        assert "Traceback" not in result.stderr and "Input should" not in result.stderr


def test_report_yaml_dates_as_offices_write_them(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    text = yaml.safe_dump({k: v for k, v in SMALL_CONFIG.items() if k not in ("year", "deadline")},
                          allow_unicode=True)
    _report_yaml(root, f"{text}year: 2024年\ndeadline: 2025年3月1日\nsignature_date: 2025.3.20\n")
    ws = validated(root)[0]
    assert (ws.config.year, ws.config.deadline, ws.config.signature_date) == (
        2024, dt.date(2025, 3, 1), dt.date(2025, 3, 20))


def test_plan_and_history_files_are_read_strictly_too(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    (root / "plan.yaml").write_text("year: 2024\ntitle: 要点\ntitle: 又一个\ntasks: []\n", encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 2 and "plan.yaml" in result.stderr and "第3行" in result.stderr
    (root / "plan.yaml").unlink()
    (root / "history").mkdir()
    (root / "history" / "2023.yaml").write_text("lit.lost: !!int 010\n", encoding="utf-8")
    (root / "history" / "2022.json").write_text('{"format": "x", "format": "y"}', encoding="utf-8")
    history = read_history(validated(root)[0])
    assert history.totals.empty
    assert sorted((f.file, f.rule, f.severity) for f in history.findings) == [
        ("history/2022.json", "history_unreadable", Severity.WARNING),
        ("history/2023.yaml", "history_unreadable", Severity.WARNING)]
    assert any("「!!int」" in f.message for f in history.findings)
