"""User text hygiene: characters Word cannot store, and template-looking text."""

from __future__ import annotations

import docx
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from annual_report.text.hygiene import looks_like_template, strip_illegal_chars


def test_nul_and_form_feed_are_removed_and_named() -> None:
    assert strip_illegal_chars("依法\x00行政\x0c报告") == ("依法行政报告", ["U+0000", "U+000C"])


def test_tab_newline_and_full_width_punctuation_are_kept() -> None:
    text = "一、\t总体情况：“依法”（行政）\n二、"
    assert strip_illegal_chars(text) == (text, [])


def test_noncharacters_and_lone_surrogates_are_removed() -> None:
    assert strip_illegal_chars("a\ufffeb\uffffc\ud800d")[0] == "abcd"


@given(st.text())
def test_cleaned_text_is_storable_in_xml(text: str) -> None:
    cleaned, removed = strip_illegal_chars(text)
    etree.Element("t").text = cleaned  # lxml raises ValueError on characters XML cannot store
    assert len(removed) == len(text) - len(cleaned)


def test_cleaned_text_survives_a_docx_round_trip(tmp_path) -> None:
    document = docx.Document()
    document.add_paragraph(strip_illegal_chars("第一段\x00\x0c结束")[0])
    document.save(str(tmp_path / "t.docx"))
    assert docx.Document(str(tmp_path / "t.docx")).paragraphs[0].text == "第一段结束"


def test_template_markers_are_recognised() -> None:
    assert looks_like_template("共{{ 7*7 }}次")
    assert looks_like_template("{% for x in y %}")
    assert not looks_like_template("共{7}次，第{一}项")
