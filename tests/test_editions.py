"""The two editions do their jobs: the 公开稿 is fit to publish, the 审阅稿 carries every note as a Word
comment on the sentence it concerns, and both are valid OOXML that LibreOffice converts."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pytest
from openxml_audit import OpenXmlValidator

from annual_report import pipeline
from annual_report.report.appendices import key_rates_chart, split_unit
from annual_report.statistics import Statistics
from annual_report.word import preview
from tests.docx_text import document_text

STATUS_WORDS = ("有错误", "缺报", "未按时", "已提交", "有警告")
FILE_NAME = re.compile(r"[\w-]+\.(?:ya?ml|json|csv|xlsx|docx)\b")


@pytest.fixture(scope="module")
def editions(example_run: pipeline.BuildResult) -> tuple[docx.document.Document, docx.document.Document]:
    folder = example_run.run_folder
    return docx.Document(str(folder / pipeline.REPORT)), docx.Document(str(folder / pipeline.REVIEW))


def full_text(path: Path) -> str:
    return "\n".join(document_text(path))


def test_the_public_edition_holds_only_what_the_government_publishes(example_run: pipeline.BuildResult) -> None:
    text = full_text(example_run.run_folder / pipeline.REPORT)
    ids = {m.id for m in example_run.checked.ws.catalogue.metrics}
    assert not [w for w in STATUS_WORDS if w in text]
    assert not [i for i in ids if i in text]
    assert not FILE_NAME.search(text)
    assert "无数据" not in text and "计算方法" not in text and "未达标单位" not in text
    assert "材料报送情况" not in text and "未写入正文" not in text
    assert "主要统计指标" in text and "年度目标完成情况" in text


def test_the_editions_share_the_body(editions: tuple) -> None:
    public, review = editions
    texts = [p.text for p in public.paragraphs]
    body = texts[: next(i for i, t in enumerate(texts) if t.startswith("附件："))]
    assert [p.text for p in review.paragraphs[: len(body)]] == body
    assert len(list(public.comments)) == 0 and len(list(review.comments)) > 50


def test_the_review_edition_says_what_it_is(editions: tuple, example_run: pipeline.BuildResult) -> None:
    public, review = editions
    assert review.core_properties.title.endswith("（审阅稿）") and "审阅稿" not in public.core_properties.title
    header = review.sections[0].header.paragraphs[0].text
    assert header.startswith("审阅稿 · 运行编号 ") and example_run.run_folder.name in header and "生成时间" in header
    assert review.sections[0].even_page_header.paragraphs[0].text == header
    assert not public.sections[0].header.paragraphs[0].text
    text = full_text(example_run.run_folder / pipeline.REVIEW)
    assert "材料报送情况" in text and "未写入正文的报送内容" in text and "未达标单位" in text
    assert "未计入合计的其他数字" in text and "劳动人事争议仲裁立案受理" in text  # outside the catalogue
    assert "未计入合计的其他数字" not in full_text(example_run.run_folder / pipeline.REPORT)


@pytest.mark.parametrize(("shown", "cells"), [
    ("416件", ("416", "件")), ("12.5万元", ("12.5", "万元")), ("454余场", ("454余", "场")), ("约90场", ("约90", "场")),
    ("不足5次", ("不足5", "次")), ("90场以上", ("90以上", "场")), ("1.37万余条", ("1.37余", "万条")),
    ("95.1%", ("95.1", "%")), ("无数据", ("无数据", ""))])
def test_a_figure_splits_into_number_and_unit_columns_with_its_qualifier(shown: str, cells: tuple) -> None:
    assert split_unit(shown) == cells


def test_every_merged_item_and_every_warning_is_a_comment(example_run: pipeline.BuildResult, editions: tuple) -> None:
    comments = [c.text for c in editions[1].comments]
    joined = "\n".join(comments)
    config = example_run.checked.ws.config
    merged = [p for rs in [*example_run.draft.topics.values(), *example_run.draft.sections.values()]
              for r in rs for s in r.sentences for p in s.pieces if len(p.sources) > 1]
    assert merged
    for piece in merged:
        labels = "、".join(config.unit_by_id[u].label for u in piece.units)
        assert f"来源：{labels}（多个单位报送的相同内容，已合并）" in joined
    assert "市综合执法局「行政检查」为3150次" in joined  # an outlier warning on a figure
    assert "不含市交通运输局（数据有误）" in joined  # on the sentence of the totals its bad figures are left out of
    assert "submissions/" not in joined and not re.search(r"（[a-z_]+\.[a-z_.]+）", joined)


@pytest.mark.parametrize("name", [pipeline.REPORT, pipeline.REVIEW])
def test_both_editions_are_valid_ooxml(example_run: pipeline.BuildResult, name: str) -> None:
    result = OpenXmlValidator().validate(example_run.run_folder / name)
    assert [e.description for e in result.errors] == []


@pytest.mark.parametrize("name", [pipeline.REPORT, pipeline.REVIEW])
def test_word_hygiene(example_run: pipeline.BuildResult, name: str) -> None:
    with zipfile.ZipFile(example_run.run_folder / name) as package:
        names = set(package.namelist())
        settings = package.read("word/settings.xml").decode()
        app = package.read("docProps/app.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
    assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert "<Application>annual-report</Application>" in app and "Macintosh" not in app
    for font in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体"):
        assert f'w:name="{font}"' in fonts
    assert 'w:altName w:val="仿宋"' in fonts


@pytest.mark.skipif(preview.soffice_path() is None, reason=f"needs LibreOffice: {preview.INSTALL_HINT}")
def test_the_review_edition_converts_in_libreoffice(example_run: pipeline.BuildResult, tmp_path: Path) -> None:
    pdf = preview.to_pdf(example_run.run_folder / pipeline.REVIEW, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_the_chart_appears_only_for_rates_with_both_years(stats: Statistics) -> None:
    assert key_rates_chart(stats)  # the city workspace has last year's rates
    no_history = replace(stats, yoy=stats.yoy.assign(last_year=pd.NA))
    assert key_rates_chart(no_history) == []
