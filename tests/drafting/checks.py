"""What a drafted report must hold, checked the same way on the example and on the workspace built from a
real report: budgets, no first person, no subjectless sentence, every unit item accounted for."""

from __future__ import annotations

import re

import pandas as pd

from annual_report import pipeline
from annual_report.drafting.voice import first_person, needs_subject, speak
from tests.docx_text import document_text

ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+是")


def texts(result: pipeline.BuildResult) -> tuple[str, str]:
    folder = result.run_folder
    return ("\n".join(document_text(folder / pipeline.REPORT)), "\n".join(document_text(folder / pipeline.REVIEW)))


def check_budgets(result: pipeline.BuildResult) -> None:
    options = result.checked.ws.config.drafting
    draft = result.draft
    for topic, runs in draft.topics.items():
        assert len(runs) <= options.runs_per_topic, topic
        assert all(len(r.sentences) <= options.items_per_run for r in runs), topic
    sections = draft.sections
    assert len(sections["responsibility"]) <= 2
    assert all(len(r.sentences) <= options.responsibility_items for r in sections["responsibility"])
    assert 1 <= len(sections["problems"]) <= options.problems
    assert all(len(r.sentences) <= options.problem_items for r in sections["problems"])
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
            for sentence in run.sentences:
                assert not needs_subject(sentence.text, config), sentence.text


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
