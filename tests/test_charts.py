"""Charts: CJK labels when a CJK font is installed, ASCII ids and a warning when none is, same bytes twice."""

from __future__ import annotations

import warnings

import pytest
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PIL import Image

from annual_report.report.charts import (
    CJK_FONTS,
    DPI,
    WRAP_CHARS,
    CJKFontMissing,
    draw_figure,
    find_cjk_font,
    yoy_chart,
)

CATEGORIES = ["行政复议收案", "行政诉讼一审", "败诉案件"]
IDS = ["rev.received", "lit.first_instance", "lit.lost"]
# The key rates of the example report: long names, values of neighbouring bars close to each other.
RATES = [
    ("行政复议纠错率", 19.9, 16.1),
    ("行政复议后被诉比例", 25.6, 29.9),
    ("行政诉讼败诉率", 8.6, 10.9),
    ("行政机关负责人出庭应诉率", 95.1, 89.1),
    ("检察建议按期办复率", 94.1, None),
    ("行政复议调解和解纠纷调解成功率", 100, 96.8),
    ("规范性文件报备率", 96.8, 100),
    ("行政执法人员持证率", 99.1, 96.3),
]
needs_cjk = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: apt-get install -y fonts-noto-cjk")


def draw(out, **options):
    return yoy_chart(CATEGORIES, [120, 85, None], [100, 90, 5], "主要指标同比", "件", out, ids=IDS, **options)


def test_finds_the_first_installed_candidate():
    installed = font_manager.fontManager.ttflist[0].name
    assert find_cjk_font(["No Such Font", installed]) == installed
    assert find_cjk_font([]) is None


@needs_cjk
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


def test_bar_labels_take_each_categorys_own_decimals(monkeypatch, tmp_path):
    labels = bar_labels(monkeypatch, tmp_path, [19.87, 99.354, 12.0, None], [1.005, 99.96, 100, 3.04],
                        decimals=[1, 2, 1, 2])
    assert labels == ["19.9", "99.35", "12", "—", "1", "99.96", "100", "3.04"]


def test_series_of_the_wrong_length_are_an_error(tmp_path):
    with pytest.raises(ValueError, match="3 values"):
        yoy_chart(CATEGORIES, [1, 2], [1, 2, 3], "t", "件", tmp_path / "x.png")


def test_candidates_prefer_simplified_chinese_faces():
    assert CJK_FONTS[0] == "Noto Sans CJK SC"


def rates_figure(count: int, **options) -> Figure:
    rows = (RATES * 2)[:count]
    series = [("2024年", "this year", [r[1] for r in rows]), ("2023年", "last year", [r[2] for r in rows])]
    return draw_figure([r[0] for r in rows], series, "%", **options)


def overlaps(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def assert_nothing_overlaps(figure: Figure) -> None:
    """No two texts (names, values, unit, legend) overlap, none leaves the picture, the legend clears the bars."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # places the title and the ticks
    renderer = canvas.get_renderer()
    (axes,) = figure.axes
    legend = axes.get_legend()
    texts = [*axes.get_yticklabels(), *axes.texts, axes.title, *legend.get_texts()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    picture = figure.bbox
    for index, (text, box) in enumerate(boxes):
        assert picture.x0 <= box.x0 and box.x1 <= picture.x1 and picture.y0 <= box.y0 and box.y1 <= picture.y1, text
        for other, other_box in boxes[index + 1 :]:
            assert not overlaps(box, other_box), f"「{text}」 overlaps 「{other}」"
    bars = [bar.get_window_extent(renderer) for bar in axes.patches]
    shrunk = [Bbox.from_extents(b.x0 + 1, b.y0 + 1, b.x1 - 1, b.y1 - 1) for b in bars]  # touching is fine
    for text, box in [*boxes, ("legend", legend.get_window_extent(renderer))]:
        assert not any(overlaps(box, bar) for bar in shrunk), f"「{text}」 overlaps a bar"


@needs_cjk
def test_eight_long_names_values_and_legend_do_not_overlap():
    figure = rates_figure(8)
    names = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert names[0] == "行政复议纠错率"  # first category on top
    assert names[3].replace("\n", "") == "行政机关负责人出庭应诉率"
    assert all(len(line) <= WRAP_CHARS for name in names for line in name.split("\n"))
    assert_nothing_overlaps(figure)


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_nothing_overlaps_from_one_to_twelve_categories(count):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CJKFontMissing)  # without a CJK font the ASCII fallback is checked
        assert_nothing_overlaps(rates_figure(count))


def test_ascii_fallback_does_not_overlap():
    ids = [f"metric.{name}_rate" for name in "abcdefgh"]
    with pytest.warns(CJKFontMissing):
        assert_nothing_overlaps(rates_figure(8, ids=ids, fonts=[]))


def test_height_grows_with_the_number_of_categories(tmp_path):
    heights = [
        Image.open(yoy_chart(["甲"] * n, [1] * n, [2] * n, "t", "%", tmp_path / f"{n}.png")).size[1]
        for n in (1, 4, 8, 12)
    ]
    assert heights == sorted(heights) and len(set(heights)) == 4
    assert heights[-1] / DPI * 2.54 < 20  # twelve categories still fit on a page under the caption


def test_categories_run_top_to_bottom_with_this_year_above_last_year():
    axes = rates_figure(3).axes[0]
    assert axes.yaxis_inverted()
    this_year, last_year = axes.containers
    assert [bar.get_y() for bar in this_year] < [bar.get_y() for bar in last_year]
    assert this_year[0].get_facecolor() != last_year[0].get_facecolor()
    # this year dark and plain, last year white and hatched: told apart in black and white
    assert (str(this_year[0].get_hatch() or ""), str(last_year[0].get_hatch())) == ("", "///")
