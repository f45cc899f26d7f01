"""The catalogue as data: every metric says what it counts, display rules fit the metric's kind, combined
counts have proper parts, report.yaml refers to it correctly, and docs/metrics.md is generated from it."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from annual_report.config.catalogue import Catalogue, default_catalogue_path, load_catalogue
from annual_report.config.catalogue_doc import COMMAND, metrics_page
from annual_report.config.workspace import WorkspaceError, load_workspace
from tests.conftest import REPO, MakeWorkspace

CATALOGUE = load_catalogue()
RAW = yaml.safe_load(default_catalogue_path().read_text(encoding="utf-8"))


def test_every_metric_says_in_one_sentence_what_is_counted() -> None:
    for m in CATALOGUE.metrics:
        assert m.definition and not any(p in m.definition for p in "。；;"), m.id


def test_counts_name_what_is_counted_apart() -> None:
    """收到 vs 受理 vs 审结, 件 vs 次: the definitions tell neighbouring metrics apart."""
    by_id = CATALOGUE.by_id
    assert "不予受理" in by_id["recon.received"].definition and "决定受理" in by_id["recon.accepted"].definition
    assert "上年结转" in by_id["recon.closed"].definition
    assert by_id["med.screenings"].unit == "次" and "件数另计" in by_id["med.screenings"].definition
    assert by_id["med.found"].unit == "件" and "不论是否进入调解程序" in by_id["med.found"].definition


def mutated(change: dict) -> dict:
    """The shipped catalogue with one metric changed (`change` names it by id)."""
    raw = copy.deepcopy(RAW)
    metric = next(m for m in raw["metrics"] if m["id"] == change["id"])
    metric.update(change)
    return raw


@pytest.mark.parametrize(("change", "words"), [
    ({"id": "lit.lost", "decimals": 2}, "decimals 只用于比率"),
    ({"id": "lit.loss_rate", "scale": "wan"}, "是比率"),
    ({"id": "jud.received", "parts": ["jud.judicial_received", "lit.lost"]}, "分项"),
    ({"id": "jud.received", "parts": ["jud.feedback_rate"]}, "分项"),
    ({"id": "lit.loss_rate", "decimals": 5}, "decimals"),
    ({"id": "lit.lost", "aliases": ["直接纠错"]}, "名称或别名重复"),
])
def test_display_rules_and_parts_must_fit_the_metric(change: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        Catalogue.model_validate(mutated(change))


def test_scale_is_wan_or_a_threshold() -> None:
    assert CATALOGUE.by_id["pufa.people_reached"].scaling.start == 10_000
    assert CATALOGUE.by_id["money.pufa_funds"].scaling is not None and CATALOGUE.by_id["lit.lost"].scaling is None
    raw = mutated({"id": "pufa.people_reached", "scale": {"from": 100_000, "decimals": 1}})
    scale = Catalogue.model_validate(raw).by_id["pufa.people_reached"].scaling
    assert (scale.start, scale.decimals) == (100_000, 1)


@pytest.mark.parametrize(("config", "expected"), [
    ({"statistics": {"decimals": {"lit.lost": 2}}}, "statistics.decimals.lit.lost: 不是指标目录中的比率指标"),
    ({"statistics": {"decimals": {"lit.loss_rate": 7}}}, "statistics.decimals.lit.loss_rate"),
    ({"figure_map": {"参与行政诉讼": "lit.loss_rate"}}, "figure_map.参与行政诉讼: lit.loss_rate 不是指标目录中的计数指标"),
])
def test_report_yaml_refers_to_the_catalogue(make_workspace: MakeWorkspace, config: dict, expected: str) -> None:
    with pytest.raises(WorkspaceError, match=expected.replace(".", r"\.")):
        load_workspace(make_workspace(config=config))


def test_docs_metrics_md_is_generated_from_the_catalogue() -> None:
    committed = (REPO / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert committed == metrics_page(CATALOGUE), f"run: {COMMAND}"


def test_the_page_gives_each_metric_its_definition_and_display_rule() -> None:
    page = metrics_page(CATALOGUE)
    assert "| `recon.received` | 收到行政复议申请 | 件 | 复议机关收到的行政复议申请件数" in page
    assert "合计 = 收到司法建议 + 收到检察建议" in page
    assert "（`med.found_resolved` ÷ `med.found`），保留2位小数" in page
    assert "计数（金额，正文自1万起按万、亿显示）" in page
    assert page.count("\n## ") == len(CATALOGUE.groups) + 1  # one section per group, then the rules
