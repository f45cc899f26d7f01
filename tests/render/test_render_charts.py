"""Charts: CJK labels when a CJK font is installed, ASCII ids and a warning when none is, same bytes twice."""

from __future__ import annotations

import warnings

import pytest
from matplotlib import font_manager
from matplotlib.axes import Axes
from PIL import Image

from annual_report.charts import CJK_FONTS, DPI, CJKFontMissing, find_cjk_font, yoy_chart

CATEGORIES = ["行政复议收案", "行政诉讼一审", "败诉案件"]
IDS = ["rev.received", "lit.first_instance", "lit.lost"]


def draw(out, **options):
    return yoy_chart(CATEGORIES, [120, 85, None], [100, 90, 5], "主要指标同比", "件", out, ids=IDS, **options)


def test_finds_the_first_installed_candidate():
    installed = font_manager.fontManager.ttflist[0].name
    assert find_cjk_font(["No Such Font", installed]) == installed
    assert find_cjk_font([]) is None


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed: apt-get install -y fonts-noto-cjk")
def test_chart_with_a_cjk_font_draws_without_warning(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = draw(tmp_path / "yoy.png")
    image = Image.open(png)
    assert image.format == "PNG"
    assert image.size[0] / DPI * 2.54 == pytest.approx(15, abs=0.01)  # narrower than the 15.6 cm 版心
    assert image.info.get("Title") == "主要指标同比"
    assert "Software" not in image.info


def test_chart_without_a_cjk_font_warns_and_labels_with_ascii_ids(tmp_path):
    with pytest.warns(CJKFontMissing, match="fonts-noto-cjk") as caught:
        png = draw(tmp_path / "ascii.png", fonts=["No Such CJK Font"])
    assert str(caught[0].message).endswith("rev.received, lit.first_instance, lit.lost")
    assert Image.open(png).format == "PNG"


def test_without_ids_categories_fall_back_to_numbers(tmp_path):
    with pytest.warns(CJKFontMissing, match="#1, #2, #3"):
        yoy_chart(CATEGORIES, [1, 2, 3], [3, 2, 1], "t", "件", tmp_path / "bar.png", fonts=[])


def test_same_input_gives_the_same_bytes(tmp_path):
    first = yoy_chart(CATEGORIES, [1, 2.5, None], [2, None, 3], "t", "%", tmp_path / "a.png")
    second = yoy_chart(CATEGORIES, [1, 2.5, None], [2, None, 3], "t", "%", tmp_path / "b.png")
    assert first.read_bytes() == second.read_bytes()


def bar_labels(monkeypatch, tmp_path, this_year, last_year, **options) -> list[str]:
    """The texts yoy_chart writes on its bars, this year's then last year's."""
    texts: list[str] = []
    draw_text = Axes.text

    def record(self, x, y, s, *args, **kwargs):
        texts.append(s)
        return draw_text(self, x, y, s, *args, **kwargs)

    monkeypatch.setattr(Axes, "text", record)
    yoy_chart(["a", "b", "c", "d"], this_year, last_year, "t", "%", tmp_path / "labels.png", **options)
    return texts


def test_bar_labels_round_half_up_to_the_report_decimals(monkeypatch, tmp_path):
    labels = bar_labels(monkeypatch, tmp_path, [19.87, 0.25, 12.0, None], [1.005, 99.96, 100, 3.04])
    assert labels == ["19.9", "0.3", "12", "—", "1", "100", "100", "3"]


def test_bar_labels_follow_the_decimals_argument(monkeypatch, tmp_path):
    labels = bar_labels(monkeypatch, tmp_path, [19.87, 0.25, 12.0, None], [1.005, 99.96, 100, 3.04], decimals=2)
    assert labels == ["19.87", "0.25", "12", "—", "1.01", "99.96", "100", "3.04"]


def test_series_of_the_wrong_length_are_an_error(tmp_path):
    with pytest.raises(ValueError, match="3 values"):
        yoy_chart(CATEGORIES, [1, 2], [1, 2, 3], "t", "件", tmp_path / "x.png")


def test_candidates_prefer_simplified_chinese_faces():
    assert CJK_FONTS[0] == "Noto Sans CJK SC"
