"""A unit's Word report read as a submission: sections and items as the source has them, table figures as
metrics with their row, prose figures proposed for confirmation, merged with the unit's other files, and
bad files as one clear finding. The reports are built at test time from the two published ones in
../shared/seeds."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.config.workspace import load_workspace
from annual_report.findings import Severity
from annual_report.forms.generate import write_forms
from annual_report.intake import form_layout as layout
from annual_report.intake import read_file, word_report
from annual_report.intake.records import RawRecord
from annual_report.intake.word_report import open_document
from annual_report.intake.xlsx import Limits, Refused
from annual_report.validation import UnitResult
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace
from tests.intake.word_docs import (
    RUN,
    SUB,
    SeedDoc,
    docx_bytes,
    golmud_doc,
    haidong_doc,
    numbered,
    pieces,
    rezipped,
    topic_of,
    write,
)
from tests.seed_text import SECTION, figure
from tests.seed_workspace import TOPICS

SECTIONS = ("achievements", "responsibility", "problems", "next_year", "other")


def _workspace(root: Path, region: str, year: int, unit: dict[str, object]) -> Path:
    (root / "submissions").mkdir(parents=True)
    config = {"region": region, "government": f"{region}人民政府", "year": year, "deadline": f"{year + 1}-03-01",
              "kinds": {"gov": {"name": "人民政府", "roles": ["as_authority", "as_respondent"]}}, "units": [unit],
              "outline": {"topics": [{"key": key, "heading": heading} for key, heading, *_ in TOPICS]}}
    (root / "report.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def _read(root: Path, name: str) -> RawRecord:
    intake = read_file(root / "submissions" / name, load_workspace(root))
    assert intake.findings == []
    (record,) = intake.records
    return record


def _texts(record: RawRecord, section: str) -> list[str]:
    return [item["text"] for item in record.data.get(section, [])]


def _check(root: Path, unit: str) -> UnitResult:
    return pipeline.check(root, pipeline.Runner()).report.units[unit]


def _seed_workspace(root: Path, region: str, year: int, unit: str, doc: SeedDoc) -> tuple[Path, SeedDoc]:
    _workspace(root, region, year, {"id": unit, "name": f"{region}人民政府", "short": region, "kind": "gov"})
    write(root / "submissions" / "报告.docx", doc.blocks)
    return root, doc


@pytest.fixture(scope="module")
def haidong(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SeedDoc]:
    return _seed_workspace(tmp_path_factory.mktemp("haidong"), "海东市", 2024, "hd", haidong_doc())


@pytest.fixture(scope="module")
def golmud(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SeedDoc]:
    return _seed_workspace(tmp_path_factory.mktemp("golmud"), "格尔木市", 2017, "gem", golmud_doc())


def test_the_haidong_report_gives_its_sections_and_items(haidong: tuple[Path, SeedDoc]) -> None:
    root, doc = haidong
    record = _read(root, "报告.docx")
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    headings = [i for i, p in enumerate(paragraphs) if SECTION.match(p)]
    assert len(headings) == 3
    assert record.kind == "report" and record.data["unit"] == "hd" and record.data["year"] == 2024
    topics = [p for p in paragraphs[headings[0] + 1:headings[1]] if SUB.match(p)]
    expected = [paragraphs[1]]  # the opening, then each topic's lead-in and runs (its heading is no item)
    for paragraph in topics:
        expected += pieces(SUB.sub("", paragraph).partition("。")[2])
    assert _texts(record, "achievements") == expected
    assert _texts(record, "problems") == paragraphs[headings[1] + 1:headings[2]]
    assert _texts(record, "next_year") == [SUB.sub("", p) for p in paragraphs[headings[2] + 1:]]
    assert not any(re.match(r"[一二三四五六七八九十]+是", t) for t in expected)  # run markers dropped
    assert "附表" not in "".join(_texts(record, "achievements"))  # a table's caption is no item


def test_haidong_items_carry_their_topic_and_paragraph(haidong: tuple[Path, SeedDoc]) -> None:
    root, doc = haidong
    record = _read(root, "报告.docx")
    items = record.data["achievements"]
    assert "topic" not in items[0]  # the opening stands under no sub-heading
    for index, item in enumerate(items[1:], start=1):
        paragraph = next(p for p in doc.blocks if isinstance(p, str) and SUB.match(p) and item["text"] in p)
        heading = SUB.sub("", paragraph).partition("。")[0]
        assert item["topic"] == topic_of(heading)
        assert record.where(f"achievements[{index}]") == f"第{numbered(doc.blocks, paragraph)}段（小标题「{heading}」）"


def test_a_table_of_figures_gives_metrics_by_row_name(haidong: tuple[Path, SeedDoc]) -> None:
    root, doc = haidong
    record = _read(root, "报告.docx")
    metrics = record.data["metrics"]
    assert metrics["lit.first_instance_closed"] == str(figure(doc.text, r"审结一审行政案件(\d+)件"))
    assert metrics["enf.files_reviewed"] == str(figure(doc.text, r"(\d+)卷行政执法案卷"))  # 「116卷」: the number
    assert record.where("metrics.lit.lost") == "表1第3行"
    assert "lit.first_instance_closed" not in record.extracted  # the prose says it too: the table is taken
    assert record.data["other_figures"] == [
        {"name": "完成防汛预案编制的行政村", "unit": "个", "value": str(figure(doc.text, r"(\d+)个行政村"))}]
    (unread,) = [f for f in record.findings if f.rule == "unknown_metric"]
    assert unread.location == "表1" and "「新提任领导干部知识考试」" in unread.message


def test_prose_figures_are_proposed_with_their_sentence(haidong: tuple[Path, SeedDoc]) -> None:
    root, doc = haidong
    record = _read(root, "报告.docx")
    accepted = str(figure(doc.text, r"受理行政复议申请(\d+)件"))
    assert record.data["metrics"]["recon.accepted"] == accepted
    assert f"受理行政复议申请{accepted}件" in record.extracted["recon.accepted"]
    assert record.data["metrics"]["pufa.events"].endswith("余")  # 「90余场」 keeps its qualifier
    assert not any(m.endswith("_rate") for m in record.data["metrics"])  # rates are computed, never read
    result = _check(root, "hd")
    assert result.submission.metrics["recon.accepted"] == int(accepted)  # counted until the unit says otherwise
    found = [f for f in result.findings if f.rule == "figure_from_text"]
    assert {f.metric for f in found} == set(record.extracted)
    assert all(f.severity is Severity.WARNING for f in found)
    recon = next(f for f in found if f.metric == "recon.accepted")
    paragraph = next(p for p in doc.blocks if isinstance(p, str) and f"受理行政复议申请{accepted}件" in p)
    assert recon.location == f"第{numbered(doc.blocks, paragraph)}段"
    assert recon.message.startswith(f"从{recon.location}「") and f"读出「受理行政复议申请」{accepted}件；请核对" in recon.message


def test_the_golmud_report_without_section_headings(golmud: tuple[Path, SeedDoc]) -> None:
    root, doc = golmud
    record = _read(root, "报告.docx")
    lines = [b for b in doc.blocks if isinstance(b, str)]
    assert record.data["unit"] == "gem" and record.data["year"] == 2017
    signed = next(line for line in lines if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line))
    assert record.data["submitted_at"] == dt.datetime.strptime(signed, "%Y年%m月%d日").date().isoformat()
    problems = next(line for line in lines if RUN.search(line) and not SUB.match(line))
    plans = next(line for line in lines if line.startswith("下一步"))
    topics = [line for line in lines if SUB.match(line)]
    before = [t for t in topics if lines.index(t) < lines.index(problems)]
    assert len(before) == 7
    achievements = _texts(record, "achievements")
    assert achievements[1:] == [p for t in before for p in pieces(SUB.sub("", t).partition("。")[2])]
    assert not re.search(r"以下几个方面|请审阅", "".join(achievements))  # framing sentences left out
    assert _texts(record, "problems") == pieces(problems)
    assert _texts(record, "next_year") == [plans] + [SUB.sub("", t) for t in topics[7:]]
    (warning,) = [f for f in record.findings if f.rule == "no_headings"]
    assert f"第{numbered(doc.blocks, problems)}段起为「存在的不足和原因」" in warning.message
    assert f"第{numbered(doc.blocks, plans)}段起为「下一年度安排」" in warning.message
    appeared = figure(doc.text, r"行政机关负责人出庭应诉(\d+)件")
    assert record.data["metrics"]["lit.head_appearances"] == str(appeared)


def _form_with_figures(root: Path, unit: str, values: dict[str, int]) -> None:
    """The unit's fill-in workbook with its figures filled in and no text (the text is in its Word report)."""
    ws, plan = pipeline.load(root)
    (path,) = write_forms(ws, plan, root / "submissions", [unit])
    book = load_workbook(path)
    for row in book[layout.FIGURES].iter_rows(min_row=layout.FIRST_ROW):
        if (metric := row[layout.METRIC_COLUMN - 1].value) in values:
            row[layout.VALUE_COLUMN - 1].value = values[metric]
    book.save(path)


UNIT_REPORT = ["测试市公安局2024年度法治政府建设情况报告",
               "一、主要举措和成效",
               "（一）严格规范公正文明执法。一是组织执法人员集中培训，全年审结一审行政案件12件。二是开展案卷评查，"
               "评查执法案卷40卷。",
               [["指标", "数值"], ["行政诉讼败诉", "2"], ["法治专题讲座", "4"]],
               "二、存在的不足和原因", "基层执法人员流动较快，个别案件取证不规范。",
               "三、下一年度工作安排", "常态化开展执法质量考评，对考评问题实行清单式整改。",
               "测试市公安局", "2025年2月20日"]


def test_a_workbook_and_a_word_report_merge_with_the_workbooks_figures(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"公安局报告.docx": docx_bytes(UNIT_REPORT)})
    _form_with_figures(root, "gaj", {"lit.first_instance_closed": 10, "lit.lost": 2})
    result = _check(root, "gaj")
    sub = result.submission
    assert sub.metrics["lit.first_instance_closed"] == 10 and sub.metrics["lit.lost"] == 2  # the workbook's
    assert sub.metrics["lead.lectures"] == 4 and sub.metrics["enf.files_reviewed"] == 40  # only in the report
    assert [i.text for i in sub.achievements] == ["组织执法人员集中培训，全年审结一审行政案件12件。", "开展案卷评查，评查执法案卷40卷。"]
    assert sub.achievements[0].topic == "enforcement"
    assert [i.text for i in sub.problems] == ["基层执法人员流动较快，个别案件取证不规范。"]
    assert result.file_of("achievements") == "submissions/公安局报告.docx"
    rules = [f.rule for f in result.findings]
    assert "conflict" not in rules and "duplicate" not in rules
    (replaced,) = [f for f in result.findings if f.rule == "figure_from_text_replaced"]
    assert replaced.metric == "lit.first_instance_closed" and "为 12" in replaced.message and "中为 10" in replaced.message
    assert [f.metric for f in result.findings if f.rule == "figure_from_text"] == ["enf.files_reviewed"]


def test_a_yaml_submission_keeps_its_text_and_figures_and_the_report_fills_in(make_workspace: MakeWorkspace) -> None:
    submission = {**GOOD_SUBMISSION, "metrics": {"lit.first_instance_closed": 12, "lit.lost": 1}, "problems": []}
    root = make_workspace({"gaj.yaml": submission, "公安局报告.docx": docx_bytes(UNIT_REPORT)})
    result = _check(root, "gaj")
    sub = result.submission
    assert [i.text for i in sub.achievements] == ["组织执法人员集中培训。"]  # the submission's own
    assert [i.text for i in sub.problems] == ["基层执法人员流动较快，个别案件取证不规范。"]  # filled from the report
    assert sub.metrics["lit.lost"] == 1 and sub.metrics["lit.first_instance_closed"] == 12
    noted = {(f.rule, f.metric) for f in result.findings if f.rule.startswith(("figure_from_text", "conflict", "dup"))}
    assert noted == {("figure_from_text_replaced", "lit.lost"),  # 2 in the report's table, 1 in the submission
                     ("figure_from_text", "enf.files_reviewed")}  # only in the report; 一审审结 agrees: confirmed


def test_of_two_word_reports_the_newer_is_taken(make_workspace: MakeWorkspace) -> None:
    newer = [p if not isinstance(p, str) or not p.startswith("2025年") else "2025年2月25日" for p in UNIT_REPORT]
    root = make_workspace({"a.docx": docx_bytes(UNIT_REPORT), "b.docx": docx_bytes(newer[:6] + newer[8:])})
    result = _check(root, "gaj")
    (duplicate,) = [f for f in result.findings if f.rule == "duplicate"]
    assert duplicate.file == "submissions/a.docx" and "b.docx" in duplicate.message
    assert result.submission.submitted_at == dt.datetime(2025, 2, 25)
    assert result.submission.next_year == []


def _findings(make_workspace: MakeWorkspace, raw: bytes) -> list[tuple[str, str]]:
    root = make_workspace({"gaj.docx": raw})
    intake = read_file(root / "submissions" / "gaj.docx", load_workspace(root))
    return [(f.rule, f.message) for f in intake.findings]


@pytest.mark.parametrize(("raw", "words"), [
    (b"PK\x03\x04 not really a zip", "已损坏"),
    (rezipped(docx_bytes(["文字"]), {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                                                        b"<d>&a;</d>"}), "DTD"),
    *((rezipped(docx_bytes(["文字"]), {"word/styles.xml": f'<?xml version="1.0" encoding="{codec}"?><!DOCTYPE s ['
                                                        f'<!ENTITY a "aaaa">]><s>&a;</s>'.encode(codec)}), "DTD")
      for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32")),  # with a byte-order mark and without
    (rezipped(docx_bytes(["文字"]), {"word/vbaProject.bin": b"\0" * 64}), "宏"),
    (docx_bytes([]), "没有文字"),
])
def test_a_bad_word_file_is_one_clear_error(make_workspace: MakeWorkspace, raw: bytes, words: str) -> None:
    ((rule, message),) = _findings(make_workspace, raw)
    assert rule in ("unreadable", "empty_file") and words in message


def test_the_archive_is_bounded_before_parsing() -> None:
    with pytest.raises(Refused) as refused:
        open_document(docx_bytes(["文字"]), Limits(entries=3))
    assert refused.value.rule == "oversize" and refused.value.message.startswith("Word 文件内含")


def test_a_word_documents_elements_are_counted_before_python_docx_parses_them() -> None:
    raw = docx_bytes(["文字"] * 200)
    elements = sum(data.count(b"<") - data.count(b"</") for data in _parts(raw))
    assert open_document(raw, Limits(elements=elements)).paragraphs[-1].text == "文字"
    with pytest.raises(Refused) as refused:
        open_document(raw, Limits(elements=elements - 1))
    assert refused.value.rule == "oversize" and "内容或格式记录过多" in refused.value.message


def _parts(raw: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        return [book.read(n) for n in book.namelist() if n.endswith((".xml", ".rels"))]


def test_a_report_without_headings_is_read_with_warnings(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"市公安局.docx": docx_bytes(["组织执法人员集中培训，提升执法能力。", "开展执法案卷评查。"])})
    result = _check(root, "gaj")
    assert [i.text for i in result.submission.achievements] == ["组织执法人员集中培训，提升执法能力。", "开展执法案卷评查。"]
    rules = {f.rule for f in result.findings}
    assert {"no_headings", "year_assumed", "empty_section"} <= rules and result.submission.year == 2024


def test_a_heading_outside_the_outline_keeps_its_items_with_a_warning(make_workspace: MakeWorkspace) -> None:
    raw = docx_bytes(["市公安局2024年度报告", "一、特色亮点", "在城区派出所建成执法办案管理中心。"])
    root = make_workspace({"x.docx": raw})
    record = _read(root, "x.docx")
    assert _texts(record, "achievements") == ["在城区派出所建成执法办案管理中心。"]
    (warning,) = [f for f in record.findings if f.rule == "unmatched_heading"]
    assert warning.location == "第2段" and "「一、特色亮点」" in warning.message
    assert all(not _texts(record, s) for s in SECTIONS[1:])


def test_word_heading_styles_and_tracked_changes(make_workspace: MakeWorkspace) -> None:
    """Headings set as Word styles without numbers; an insertion not yet accepted is read, a deletion is not."""
    document = docx.Document()
    document.add_heading("市公安局2024年度法治政府建设情况报告", 0)
    document.add_heading("主要举措和成效", 1)
    document.add_heading("严格规范公正文明执法", 2)
    changed = document.add_paragraph("组织执法人员集中培训")
    changed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>3次，</w:t></w:r></w:ins>'))
    changed._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删去的话，</w:delText>'
                                '</w:r></w:del>'))
    changed.add_run("覆盖全体执法人员。")
    document.add_heading("存在的不足和原因", 1)
    document.add_paragraph("基层执法人员流动较快。")
    out = io.BytesIO()
    document.save(out)
    root = make_workspace({"x.docx": out.getvalue()})
    record = _read(root, "x.docx")
    assert record.data["unit"] == "gaj"
    assert record.data["achievements"] == [{"text": "组织执法人员集中培训3次，覆盖全体执法人员。", "topic": "enforcement"}]
    assert _texts(record, "problems") == ["基层执法人员流动较快。"]


def test_an_old_word_file_is_refused_with_the_fix(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.doc": b"\xd0\xcf\x11\xe0 an OLE file"})
    (finding,) = read_file(root / "submissions" / "gaj.doc", load_workspace(root)).findings
    assert finding.rule == "unsupported_format" and "另存为不含宏的 .docx" in finding.message


def test_a_long_report_is_read_within_bounds(make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_report, "MAX_PROSE", 25)
    monkeypatch.setattr(word_report, "MAX_TABLE_ROWS", 3)
    raw = docx_bytes(["一、主要举措和成效", "开展法治专题讲座4场，覆盖全体干部职工。", "全年受理行政复议申请30件，审结28件。",
                      [["指标", "数值"], ["行政诉讼败诉", "1"], ["行政诉讼一审审结", "5"], ["法治专题讲座", "4"]]])
    record = _read(make_workspace({"gaj.docx": raw}), "gaj.docx")
    assert set(record.extracted) == {"lead.lectures"} and "lit.lost" not in record.data["metrics"]
    assert {(f.rule, f.location) for f in record.findings} >= {("figures_not_read", "第3段"), ("table_not_read", "表1")}
