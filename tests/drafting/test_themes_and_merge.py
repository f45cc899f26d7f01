"""Themes by keyword phrases, pinned themes, and merging that never loses a unit's facts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_report.config.themes import ThemeError, Themes, load_themes
from annual_report.drafting.merge import CONTAINED, THRESHOLD, merge
from annual_report.drafting.model import Piece, Source


@pytest.fixture(scope="module")
def themes() -> Themes:
    return load_themes()


def source(unit: str, text: str, order: int = 0) -> Source:
    return Source(unit=unit, order=order, file=f"submissions/{unit}.yaml", location="achievements[0]", place="achievements[0]",
                  section="achievements", topic="t", text=text)


def piece(unit: str, text: str, order: int = 0) -> Piece:
    return Piece(template=text, sources=[source(unit, text, order)])


@pytest.mark.parametrize(("section", "text", "theme"), [
    ("problems", "老旧小区物业纠纷较多，专职调解员力量不足。", "disputes"),  # not 执法力量: 「力量」 is no keyword
    ("problems", "乡镇（街道）安全生产执法力量薄弱，专业检查能力不足。", "enforcement_capacity"),
    ("achievements", "组织全体执法人员参加年度法律知识轮训和执法资格考试。", "enforcement_training"),
    ("achievements", "落实信访工作条例，全年受理信访事项2360件。", "petition"),
    ("next_year", "常态化开展执法质量考评。", "enforcement"),
])
def test_items_go_to_the_theme_whose_phrases_they_contain(themes: Themes, section: str, text: str,
                                                          theme: str) -> None:
    match = themes.match(section, text)  # type: ignore[arg-type]
    assert match.theme is not None and match.theme.key == theme
    assert match.keywords and all(k in text for k in match.keywords)


def test_a_pinned_theme_wins_and_an_unmatched_item_has_none(themes: Themes) -> None:
    assert themes.match("achievements", "组织执法人员轮训。", pinned="digital").theme.key == "digital"  # type: ignore[union-attr]
    assert themes.match("achievements", "今天天气很好。").theme is None


def test_single_character_keywords_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "themes.yaml"
    path.write_text("problems:\n  - {key: a, lead: 执法力量不足, keywords: [力]}\n", encoding="utf-8")
    with pytest.raises(ThemeError, match="单字"):
        load_themes(path)


def test_the_same_thing_from_several_units_is_merged_keeping_every_unit() -> None:
    merged = merge([piece("a", "\x00组织全体执法人员参加年度法律知识轮训和执法资格考试，实现培训全覆盖。", 1),
                    piece("b", "\x00组织全体执法人员参加年度法律知识轮训和执法资格考试，实现执法人员培训全覆盖。", 2),
                    piece("c", "\x00完成规范性文件清理工作。", 3)])
    assert [p.units for p in merged] == [["a", "b"], ["c"]]
    assert "实现执法人员培训全覆盖" in merged[0].template  # the fuller wording stays


def test_similar_items_with_different_facts_both_stay() -> None:
    """Two counties each created a 示范县区: a merge into the longer wording would drop one county."""
    merged = merge([piece("ld", "深入开展示范创建活动，乐都区成功创建全省法治政府建设示范县区。"),
                    piece("hl", "深入开展示范创建活动，化隆县成功创建全省法治政府建设示范县区。")])
    assert [p.units for p in merged] == [["ld"], ["hl"]]
    merged = merge([piece("a", "组织执法培训12次。"), piece("b", "组织执法培训15次。")])
    assert len(merged) == 2


def brute_force(texts: list[str]) -> list[list[int]]:
    """Groups of indices the merge should make, comparing every pair (facts never differ here): the first group
    alike enough (Jaccard), else the first that holds the piece or that it holds; the longer wording stays."""
    pieces = [piece(str(i), t) for i, t in enumerate(texts)]
    groups: list[list[int]] = []
    kept: list[tuple[str, frozenset[str]]] = []  # each group's wording and its pairs
    for i, p in enumerate(pieces):
        s = p.signature
        alike = (g for g, (_, other) in enumerate(kept) if len(s & other) >= THRESHOLD * len(s | other))
        inside = (g for g, (_, other) in enumerate(kept) if len(s & other) >= CONTAINED * min(len(s), len(other)))
        target = next(alike, None)
        target = next(inside, None) if target is None else target
        if target is None:
            groups.append([i])
            kept.append((p.template, s))
        else:
            groups[target].append(i)
            if len(p.template) > len(kept[target][0]):
                kept[target] = (p.template, s)
    return groups


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("执法培训规范文件清理复议纠纷调解宣传"), min_size=3, max_size=12)
                .map("".join), min_size=1, max_size=12))
def test_the_indexed_merge_finds_what_comparing_every_pair_finds(texts: list[str]) -> None:
    expected = brute_force(texts)
    got = merge([piece(str(i), t) for i, t in enumerate(texts)])
    assert [[int(s.unit) for s in p.sources] for p in got] == expected


def test_merging_is_deterministic() -> None:
    texts = [f"开展第{i % 3}类专项执法检查" for i in range(9)]
    runs = [[p.units for p in merge([piece(str(i), t) for i, t in enumerate(texts)])] for _ in range(2)]
    assert runs[0] == runs[1] and list(itertools.chain(*runs[0])) == [str(i) for i in (0, 3, 6, 1, 4, 7, 2, 5, 8)]
