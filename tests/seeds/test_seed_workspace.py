"""The 海东市 2024 seed workspace, generated at test time from the published report for the drafting feature."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from annual_report import pipeline
from annual_report.findings import Severity
from tests.docx_text import document_text
from tests.seed_workspace import HAIDONG_SEED, HaidongWorkspace, build_haidong_workspace

pytestmark = pytest.mark.skipif(
    not HAIDONG_SEED.is_file(), reason=f"seed report {HAIDONG_SEED} is absent (the shared seeds folder is not mounted)")

# The figures the seed states, by the catalogue metric they are submitted as.
STATED = {"recon.accepted": 416, "recon.closed": 356, "recon.corrected": 72, "lit.first_instance_closed": 174,
          "lit.lost": 50, "counsel.advisers": 279, "counsel.opinions": 667, "aid.cases": 2323,
          "med.accepted": 5569, "med.resolved": 5533, "lead.shufa": 2534, "lead.preleague_study": 13,
          "jud.received": 62 + 695, "proposal.handled": 45 + 112, "norm.reviewed": 6, "enf.files_reviewed": 116}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> HaidongWorkspace:
    return build_haidong_workspace(tmp_path_factory.mktemp("seed") / "haidong-2024")


@pytest.fixture(scope="module")
def subs(seeded: HaidongWorkspace) -> dict[str, dict]:
    files = sorted((seeded.root / "submissions").glob("*.yaml"))
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files}


def seed_plain() -> str:
    return re.sub(r"\s+", "", HAIDONG_SEED.read_text(encoding="utf-8").replace("**", ""))


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def normalised(text: str, words: list[str]) -> str:
    """Text without the subjects that first-person rewriting adds or replaces, and without punctuation."""
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def test_the_workspace_loads_and_validates_without_errors(seeded: HaidongWorkspace) -> None:
    checked = pipeline.check(seeded.root, pipeline.Runner())
    ws, report = checked.ws, checked.report
    assert [f.message for f in report.findings if f.severity is Severity.ERROR] == []
    assert len(report.findings) <= 3  # currently none: required counts are all reported
    config = ws.config
    assert (config.region, config.government, config.year) == ("海东市", "海东市人民政府", 2024)
    assert str(config.deadline) == "2025-03-01" and config.signature_date is not None
    assert [u.id for u in config.units] == seeded.units and 10 <= len(seeded.units) <= 12
    assert config.roles_of(config.unit_by_id["sfj"]) == ["as_authority", "as_respondent"]
    assert not any("法院" in u.name for u in config.units)
    assert config.outline.form == "three_part" and len(config.outline.topics) == 5
    seed = seed_plain()
    for topic in config.outline.topics:  # headings in our own words, short
        assert len(topic.heading) <= 12 and topic.heading not in seed


def test_every_unit_reports_items_in_every_section(seeded: HaidongWorkspace, subs: dict[str, dict]) -> None:
    assert sorted(subs) == sorted(seeded.units)
    topics = {"leadership", "decisions", "functions", "oversight", "governance"}
    for unit, sub in subs.items():
        assert sub["achievements"] and sub["problems"] and sub["next_year"], unit
        assert {i["topic"] for i in sub["achievements"]} <= topics
    assert sum(len(s["achievements"]) for s in subs.values()) == seeded.items >= 30


def test_the_items_carry_the_content_of_the_seed_measures(seeded: HaidongWorkspace, subs: dict[str, dict]) -> None:
    seed = seed_plain()
    measures = seed[seed.index("一、主要举措") : seed.index("二、存在的问题")]
    words = [*seeded.first_person, *seeded.offices, "全市", "市委、市政府"]
    items = [bigrams(normalised(i["text"], words)) for s in subs.values() for i in s["achievements"]]
    covered = total = 0
    for sentence in re.split(r"[。；]", measures):
        grams = bigrams(normalised(sentence, words))
        if not grams:
            continue
        total += len(sentence)
        if max(len(grams & item) for item in items) >= 0.9 * len(grams):
            covered += len(sentence)
    assert covered >= 0.8 * total, f"{covered / total:.0%} of the seed's 主要举措 text found in the items"


def test_units_write_in_their_own_voice(seeded: HaidongWorkspace, subs: dict[str, dict]) -> None:
    assert {"我局", "本局", "我县", "我区", "本委", "我办", "本系统"} <= set(seeded.first_person)
    voiced = {u for u, s in subs.items() if any(w in i["text"] for i in s["achievements"] for w in seeded.first_person)}
    assert len(voiced) >= 8
    openings = [i["text"] for s in subs.values() for i in s["achievements"]]
    assert "局法规科" in seeded.offices and any(t.startswith(tuple(seeded.offices)) for t in openings)
    assert seeded.subjectless
    subjects = (*seeded.first_person, *seeded.offices, "全市", "市", "我", "本")
    for unit, text in seeded.subjectless:
        assert not text.startswith(subjects) and not text[0].isdigit()
        assert text in [i["text"] for i in subs[unit]["achievements"]]
    problems = [i["text"] for s in subs.values() for i in s["problems"]]
    assert all(t.startswith(tuple(seeded.first_person)) for t in problems)


def test_the_two_counties_report_the_same_success_with_their_own_names(seeded: HaidongWorkspace) -> None:
    ldq, hlx = seeded.county_items["ldq"], seeded.county_items["hlx"]
    assert "乐都区" in ldq and "化隆县" not in ldq
    assert "化隆县" in hlx and "乐都区" not in hlx
    a, b = bigrams(normalised(ldq, [])), bigrams(normalised(hlx, []))
    assert len(a & b) >= 0.6 * len(a | b)  # near-duplicates: keeping one wording loses the other county


def test_submitted_counts_sum_to_the_seed_figures(seeded: HaidongWorkspace, subs: dict[str, dict]) -> None:
    ws, _ = pipeline.load(seeded.root)
    sums: dict[str, int] = {}
    for sub in subs.values():
        for metric, value in sub["metrics"].items():
            assert not ws.catalogue.by_id[metric].is_rate, metric
            sums[metric] = sums.get(metric, 0) + value
    assert {m: sums[m] for m in STATED} == STATED
    assert {m: sums[m] for m in seeded.totals} == seeded.totals
    for metric in ("lit.first_instance_closed", "med.accepted", "counsel.advisers"):
        assert 2 <= sum(metric in s["metrics"] and s["metrics"][metric] > 0 for s in subs.values()) <= 3


def test_the_justice_bureau_states_a_rate_its_counts_do_not_give(seeded: HaidongWorkspace,
                                                                  subs: dict[str, dict]) -> None:
    assert seeded.stated_rate_mismatch == ("sfj", "17.3%", "20.2%")
    sfj = subs["sfj"]
    assert any("直接纠错率达17.3%" in i["text"] for i in sfj["achievements"])
    corrected, closed = sfj["metrics"]["recon.corrected"], sfj["metrics"]["recon.closed"]
    assert (corrected, closed) == (72, 356) and f"{100 * corrected / closed:.1f}%" == "20.2%"


def test_the_workspace_builds_a_report(seeded: HaidongWorkspace, tmp_path: Path) -> None:
    result = pipeline.build(seeded.root, tmp_path)
    assert result.counts["errors"] == 0 and result.counts["units_submitted"] == len(seeded.units)
    report = result.run_folder / pipeline.REPORT
    assert report.is_file() and (result.run_folder / pipeline.REVIEW).is_file()
    text = "\n".join(document_text(report))
    assert "海东市2024年度法治政府建设情况报告" in text and "纠错率20.2%" in text


def test_the_builder_does_not_hold_the_seed_text() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].glob("seed_*.py"))
    long_sentences = [s for s in re.split(r"[。；，]", seed_plain()) if len(s) >= 16]
    assert long_sentences and [s for s in long_sentences if s in sources] == []
