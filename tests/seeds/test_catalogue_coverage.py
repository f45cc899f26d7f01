"""The catalogue covers what published reports state: tests/data/seed-figures.yaml lists every figure of the
two seed reports with its metric (or why it is narrative only); the seeds are read at run time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from annual_report.config.catalogue import load_catalogue
from tests.seed_workspace import SEEDS

FIXTURE = Path(__file__).parents[1] / "data" / "seed-figures.yaml"
ENTRIES: dict[str, list[dict[str, str]]] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
WINDOW = 30  # characters from the end of a cue to its figure
# A figure as reports print it: a number, 万/亿/余, then a measure word or %, e.g. 1.37万余条, 9.64亿元, 99.35%.
FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:万余|万|亿|余)?(?:人次|场次|名|人|件|次|场|条|部|个|项|卷|支|家|元|%)")
SEED_MISSING = f"seed reports are absent ({SEEDS}: the shared seeds folder is not mounted)"


def seed_text(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(SEED_MISSING)
    return re.sub(r"\s+", "", path.read_text(encoding="utf-8").replace("**", ""))


def located(text: str, entry: dict[str, str]) -> set[int]:
    """Where the entry's figure stands: the first such figure after each occurrence of its cue."""
    found = set()
    for cue in re.finditer(re.escape(entry["cue"]), text):
        after = text[cue.end():cue.end() + WINDOW + len(entry["figure"])]
        hit = next((m for m in FIGURE.finditer(after) if m.group(0) == entry["figure"]), None)
        if hit is not None:
            found.add(cue.end() + hit.start())
    return found


@pytest.mark.parametrize("name", list(ENTRIES))
def test_every_listed_figure_is_in_the_seed_and_every_seed_figure_is_listed(name: str) -> None:
    text = seed_text(name)
    covered: set[int] = set()
    for entry in ENTRIES[name]:
        places = located(text, entry)
        assert places, f"{name}: 「{entry['figure']}」 not found after 「{entry['cue']}」"
        covered |= places
    stated = {m.start(): m.group(0) for m in FIGURE.finditer(text)}
    assert {p: f for p, f in stated.items() if p not in covered} == {}, "figures of the seed the fixture misses"
    assert covered <= set(stated)


@pytest.mark.parametrize("name", list(ENTRIES))
def test_at_least_nine_in_ten_stated_figures_are_metrics(name: str) -> None:
    seed_text(name)
    entries = ENTRIES[name]
    catalogue = load_catalogue()
    for entry in entries:
        assert ("metric" in entry) != ("narrative" in entry), entry
        assert entry.get("metric", "lit.lost") in catalogue.by_id, entry
    mapped = sum("metric" in e for e in entries)
    assert mapped >= 0.9 * len(entries), f"{name}: {mapped}/{len(entries)} figures are catalogue metrics"


def test_the_figures_the_issue_names_are_metrics_of_their_own() -> None:
    """Figures reports keep apart have metrics of their own, with the unit reports count them in."""
    by_figure = {(name, e["figure"], e["cue"]): e.get("metric") for name, es in ENTRIES.items() for e in es}
    haidong = "report-2024-haidong-city.txt"
    catalogue = load_catalogue()
    expected = {("参与行政诉讼案件", "278件"): "lit.cases_involved", ("各类公证事项", "3702件"): "legal.notary_cases",
                ("鉴定案件", "1099件"): "legal.forensic_cases", ("决策咨询", "428件"): "counsel.consultations",
                ("排查矛盾纠纷", "5569件"): "med.found", ("人大代表建议", "45件"): "proposal.npc_handled",
                ("政协提案", "112件"): "proposal.cppcc_handled", ("司法建议", "62件"): "jud.judicial_received",
                ("检察建议", "695件"): "jud.procuratorial_received", ("诉讼成本", "1066.4万元"): "aid.costs_saved"}
    for (cue, figure), metric in expected.items():
        assert by_figure[(haidong, figure, cue)] == metric
        assert catalogue.by_id[metric].unit == re.sub(r"[\d.万余]", "", figure)
    assert catalogue.by_id["med.found"].unit == "件" != catalogue.by_id["med.screenings"].unit
