"""Title splitting (梯形/菱形 at word boundaries) and widths in 字."""

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_report.word.gbt9704 import split_title, text_width


def test_width_counts_digits_and_ascii_as_half():
    assert text_width("示例市人民政府") == 7
    assert text_width("2025年3月20日") == 6.5
    assert text_width("（一）") == 3


@pytest.mark.parametrize("title", ["示例市2024年法治政府建设年度报告", "法治政府建设年度报告", "一" * 20])
def test_a_title_that_fits_stays_on_one_line(title):
    assert split_title(title) == [title]


def test_report_title_splits_into_two_lines_after_guanyu():
    lines = split_title("示例市人民政府关于2024年度法治政府建设情况的报告")
    assert lines == ["示例市人民政府关于", "2024年度法治政府建设情况的报告"]


def test_attachment_title_breaks_between_words_not_inside_fuyi():
    assert split_title("2024年度各单位行政复议和行政诉讼案件统计表") == ["2024年度各单位", "行政复议和行政诉讼案件统计表"]


def test_three_lines_form_a_trapezoid_or_diamond():
    title = "中共示例市委全面依法治市委员会办公室关于2024年度示例市人民政府法治政府建设情况和2025年工作安排的报告"
    widths = [text_width(line) for line in split_title(title)]
    assert len(widths) == 3
    assert max(widths) <= 20
    assert widths == sorted(widths) or widths[1] == max(widths)


def test_a_digit_run_too_long_to_break_is_left_whole():
    assert split_title("A" * 50) == ["A" * 50]


def test_narrower_lines_give_more_lines():
    lines = split_title("示例市人民政府关于2024年度法治政府建设情况的报告", max_width=10)
    assert len(lines) >= 3
    assert all(text_width(line) <= 10 for line in lines)


TITLE_CHARS = st.sampled_from(list("示例市人民政府关于年度法治政府建设情况的报告，《》（）和") + list("0123456789"))


@given(st.text(TITLE_CHARS, min_size=1, max_size=60))
def test_split_keeps_the_text_fits_and_never_breaks_digits_or_before_punctuation(title):
    lines = split_title(title)
    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(text_width(line) <= 20 for line in lines)
        for upper, lower in itertools.pairwise(lines):
            assert not (re.search(r"\d$", upper) and re.match(r"\d", lower))
            assert lower[0] not in "，》）"
            assert upper[-1] not in "《（"
