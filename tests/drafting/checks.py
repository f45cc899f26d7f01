"""What a drafted report must hold, checked the same way on the example and on the workspace built from a
real report: budgets, no first person, no subjectless sentence, every unit item accounted for; and what a 文秘
reads it for: every figure stated once, the region's work without a unit as its doer, no lone 「一是」, a plan
section that opens on the year ahead, problems with their causes."""

from __future__ import annotations

import re

import pandas as pd

from annual_report import pipeline
from annual_report.drafting.model import Passage, Sentence
from annual_report.drafting.sections import ASK_CAUSE, CAUSE
from annual_report.drafting.voice import first_person, needs_subject, speak, speaks_for_region
from tests.docx_text import document_text

ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+是")
# A figure as the body prints it, with the three characters before it (「，受理168件」「纠错率19.9%」); not a
# count of units (「等4个部门」).
FIGURE = re.compile(r"[^\d等]{3}\d+(?:\.\d+)?(?:%|万元|万人次|万件|[件次人个场项条元名家份宗起卷篇期所支])")


def items(passage: Passage) -> list[Sentence]:
    """The sentences written from units' items (not the region's figure sentences)."""
    return [s for s in passage.sentences if s.pieces]


def body_of(document: str) -> str:
    """The report's text from its first heading to the 附件 line."""
    return document[document.index("一、"):document.index("附件：")]


def texts(result: pipeline.BuildResult) -> tuple[str, str]:
    folder = result.run_folder
    return ("\n".join(document_text(folder / pipeline.REPORT)), "\n".join(document_text(folder / pipeline.REVIEW)))


def check_budgets(result: pipeline.BuildResult) -> None:
    options = result.checked.ws.config.drafting
    draft = result.draft
    for topic, runs in draft.topics.items():
        assert len(runs) <= options.runs_per_topic, topic
        assert all(len(items(r)) <= options.items_per_run for r in runs), topic
    sections = draft.sections
    assert len(sections["responsibility"]) <= 2
    assert all(len(items(r)) <= options.responsibility_items for r in sections["responsibility"])
    assert 1 <= len(sections["problems"]) <= options.problems
    assert all(len(items(r)) <= options.problem_items for r in sections["problems"])
    assert len(sections["next_year"]) <= options.next_year
    # in the printed 公开稿: no topic runs past 「五是」
    public, _ = texts(result)
    leads = [line[: line.index("是") + 1] for line in public.split("\n") if ORDINAL_LEAD.match(line)]
    assert "六是" not in leads


def check_voice(result: pipeline.BuildResult) -> None:
    public, _ = texts(result)
    assert first_person(public) == []
    config = result.checked.ws.config
    for runs in [*result.draft.topics.values(), result.draft.sections["responsibility"]]:
        for run in runs:
            for sentence in items(run):
                region = all(p.scope == "region" for p in sentence.pieces) and speaks_for_region(sentence.text, config)
                assert region or not needs_subject(sentence.text, config), sentence.text


def check_nothing_lost(result: pipeline.BuildResult) -> None:
    """Every item a unit sent has a placement; placed ones are in the 公开稿, the rest in the 审阅稿's
    remainder appendix, by their text."""
    items = sum(len(sub.items(s)) for sub in result.report.submissions.values()
                for s in ("achievements", "responsibility", "problems", "next_year", "other"))
    draft = result.draft
    assert len(draft.placements) == items
    public, review = texts(result)
    for run in [r for rs in draft.topics.values() for r in rs] + [r for rs in draft.sections.values() for r in rs]:
        for sentence in run.sentences:
            head = sentence.text.rstrip("。；")[:20]
            assert head in public, head
    appendix = review[review.rindex("未写入正文的报送内容"):] if draft.remainder else ""
    config = result.checked.ws.config
    for _, _, _, piece in draft.remainder:
        labels = "、".join(config.unit_by_id[u].label for u in piece.units)
        assert speak(piece.template, labels) in appendix
    sheet = pd.read_excel(result.run_folder / pipeline.VALIDATION, sheet_name="文字材料归类")
    assert len(sheet) == items and set(sheet["主题"]) - {"未归类"}


def check_reads_as_a_report(result: pipeline.BuildResult) -> None:
    public, review = texts(result)
    body = body_of(public)
    # every figure stated once in the body (a rate known by the figure before it: 「办结157件，办结率100%」)
    keys = []
    for sentence in re.split(r"[。；]", body):
        found = FIGURE.findall(sentence)
        keys += [f + (found[i - 1] if f.endswith("%") and i else "") for i, f in enumerate(found)]
    seen = pd.Series(keys, dtype=str).value_counts()
    assert not len(seen[seen > 1]), seen[seen > 1].to_dict()
    # the region's work has no unit as its doer
    config = result.checked.ws.config
    labels = tuple(u.label for u in config.units)
    draft = result.draft
    for passage in [p for ps in draft.topics.values() for p in ps]:
        for sentence in items(passage):
            if all(p.scope == "region" for p in sentence.pieces):
                assert not sentence.text.startswith(labels), sentence.text
    # no lone 一是 in any part
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("一是"):
            assert i + 1 < len(lines) and lines[i + 1].startswith("二是"), line
    # the plan section opens on the year ahead
    heading = next(s.heading for s in config.outline.sections if s.key == "next_year")
    plans = body[body.index(heading):].split("\n")
    assert plans[1].startswith(f"{config.year + 1}年，{config.region}将"), plans[1]
    assert plans[2].startswith("（一）")
    # each problem with its cause, or the 审阅稿 asks for one
    for passage in draft.sections["problems"]:
        assert CAUSE.search(passage.text) or ASK_CAUSE in passage.notes, passage.text
    assert "暂无" not in public and "暂无" not in review
