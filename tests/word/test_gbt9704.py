"""Title splitting (梯形/菱形 at word boundaries) and widths in 字."""

import itertools
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_report.word.gbt9704 import column_widths, split_title, text_width


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


def test_two_equal_lines_are_a_trapezoid_too():
    """A unit's own title: after 年度, never 「……2024 / 年度……」 because the halves are equally wide."""
    assert split_title("示例市司法局2024年度法治政府建设情况报告", 15) == ["示例市司法局2024年度", "法治政府建设情况报告"]


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


def test_column_widths_keep_numbers_whole_and_share_the_rest_by_lines_saved() -> None:
    header = ["序号", "任务", "牵头单位", "已报送的单位"]
    rows = [[str(n), "落实行政执法三项制度推进裁量基准动态调整" * 2, "市司法局", "市公安局、市住建局"] for n in range(1, 12)]
    columns = [list(c) for c in zip(header, *rows, strict=True)]
    widths = column_widths(columns, numeric={0}, wrap={1, 2, 3}, total=28)
    assert sum(widths) == pytest.approx(28)
    assert widths[0] >= text_width("序号") + 1.2  # the number column is as wide as its widest value
    assert widths[2] >= text_width("市司法局") + 1.2  # a short column gets room before the long one grows
    lines = [math.ceil(text_width(rows[0][i]) / (widths[i] - 1.2)) for i in (1, 3)]
    assert lines[1] <= lines[0] <= 3  # the short list makes no row taller than the task does
    assert widths[1] == max(widths)


def test_column_widths_let_text_wrap_before_numbers_do() -> None:
    header = ["指标", "本年", "计算方法"]
    rows = [["行政机关负责人出庭应诉率", "95.1%", "行政机关负责人出庭应诉62件 ÷ 行政诉讼开庭审理65件"]] * 3
    columns = [list(c) for c in zip(header, *rows, strict=True)]
    widths = column_widths(columns, numeric={1}, wrap={0}, total=28)
    assert widths[1] == pytest.approx(text_width("95.1%") + 1.2)
    assert sum(widths) == pytest.approx(28) and widths[2] < text_width(rows[0][2])


def test_column_widths_leave_the_room_to_the_text_that_still_wraps() -> None:
    header = ["单位", "情况说明"]
    rows = [["市司法局", "全年审查规范性文件并逐件出具合法性审核意见，" * 4]] * 2
    columns = [list(c) for c in zip(header, *rows, strict=True)]
    widths = column_widths(columns, numeric=set(), wrap={0, 1}, total=28)
    assert text_width("市司法局") + 1.2 <= widths[0] <= text_width("市司法局") + 1.5  # whole, no spare room
    assert sum(widths) == pytest.approx(28)
