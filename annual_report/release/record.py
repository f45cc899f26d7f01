"""The review's two Word files: release-review.docx, the record of the 保密审查 (each hit with its page,
sentence and decision; the checklist; the reviewer, date and conclusion) in the report's own format; and the
run's 审阅稿 with each hit as a comment where its sentence is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.text.paragraph import Paragraph as WordParagraph

from annual_report.release.review import Hit, Review
from annual_report.release.runs import Run, open_document
from annual_report.text.dates import format_date
from annual_report.word.comments import comment_on
from annual_report.word.document import Heading, Paragraph, ReportDocument, Signature, Table
from annual_report.word.render import render

TITLE = "公开前保密审查记录"
AUTHOR = "annual-report 保密审查"


def handling(hit: Hit) -> str:
    if hit.decision is not None:
        return f"{hit.decision.decision}：{hit.decision.reason.rstrip('。')}。"
    return f"未处理。{hit.rule.advice.rstrip('。')}。" if hit.rule.advice else "未处理。"


def _hits_table(review: Review) -> list[Heading | Paragraph | Table]:
    blocks: list[Heading | Paragraph | Table] = [Heading(1, "一、逐句检查发现的内容")]
    if not review.hits:
        return [*blocks, Paragraph(text="按审查规则逐句检查公开稿，未发现不宜公开的内容。")]
    rows = [[str(n), f"{h.rule.name}：{h.text}", str(h.page or "—"), h.sentence, handling(h)]
            for n, h in enumerate(review.hits, 1)]
    return [*blocks, Paragraph(text=f"按审查规则逐句检查公开稿，发现{len(rows)}处，逐处列出如下。"),
            Table("命中内容及处理", ["序号", "类别及内容", "页码", "所在句子", "处理"], rows, {0, 2},
                  widths=[1.4, 3.2, 1.4, 6, 4], wrap={1, 3, 4})]


def record_document(review: Review, run: Run, government: str) -> ReportDocument:
    edited = "生成后经过编辑" if run.edited else "未经编辑"
    body: list[Heading | Paragraph | Table] = [
        Paragraph(text=f"信息名称：{review.title}。"),
        Paragraph(text=f"审查对象：运行编号 {run.id} 的公开稿（report.docx，{edited}）。"),
        Paragraph(text="审查依据：《中华人民共和国政府信息公开条例》第十四条至第十七条、《中华人民共和国保守国家秘密法》。"),
        Paragraph(text=f"审查人：{review.reviewer or '（未填写）'}；审查日期：{format_date(review.date)}。"),
        *_hits_table(review),
        Heading(1, "二、保密审查清单"),
        Table("审查事项及结果", ["序号", "审查事项", "结果"],
              [[str(n), item, result] for n, (item, result) in enumerate(review.checklist, 1)], {0},
              widths=[1.4, 10, 5], wrap={1, 2}),
        Heading(1, "三、审查结论"),
        Paragraph(text="经审查，同意公开。" if review.passed else "暂不公开，须先处理以下事项："),
        *(Paragraph(text=f"（{n}）{problem}。") for n, problem in enumerate(review.problems, 1)),
    ]
    if review.unused:
        texts = "、".join(f"「{d.text}」" for d in review.unused)
        body.append(Paragraph(text=f"release.yaml 中有{len(review.unused)}条决定在公开稿中已没有对应内容（已删改）：{texts}。"))
    signer = f"审查人：{review.reviewer}" if review.reviewer else government
    return ReportDocument(TITLE, body, Signature(signer, review.date, format_date(review.date)))


def write_record(review: Review, run: Run, government: str, template: Path, out: Path) -> Path:
    return render(record_document(review, run, government), out, template)


def _paragraphs(document) -> list[WordParagraph]:  # type: ignore[no-untyped-def]
    cells = [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return [*document.paragraphs, *cells]


def annotate_review(run: Run, review: Review, out: Path) -> Path:
    """The run's 审阅稿 with a comment on each hit; a hit whose sentence the 审阅稿 does not have (the office
    wrote it into the 公开稿) is noted on the title."""
    document = open_document(run.review)
    paragraphs = _paragraphs(document)
    stamp = dt.datetime.combine(review.date, dt.time())
    for hit in review.hits:
        page = f"公开稿第{hit.page}页" if hit.page else "公开稿"
        note = f"保密审查·{hit.rule.name}：「{hit.text}」（{page}）。{handling(hit)}"
        target = next((p for p in paragraphs if hit.sentence in p.text), None)
        if target is None:
            comment_on(document, paragraphs[0], 0, len(paragraphs[0].text), f"{note}所在句子只在编辑后的公开稿中："
                       f"{hit.sentence}", AUTHOR, stamp)
            continue
        start = target.text.index(hit.text, target.text.index(hit.sentence))
        comment_on(document, target, start, start + len(hit.text), note, AUTHOR, stamp)
    document.save(str(out))
    return out
