"""The pre-release review (公开前保密审查, 政府信息公开条例 第十七条) of a run's 公开稿: every hit of the rules
with its page and sentence, the decisions the office recorded in the workspace's release.yaml, the checklist,
and what still stops the release."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from annual_report.config.keys import unknown_key
from annual_report.config.workspace import ReportConfig, WorkspaceError, first_error
from annual_report.config.yaml_files import TooDeep, load_strict
from annual_report.release.document import Report
from annual_report.release.rules import Rule, Rules, find
from annual_report.text.sentences import sentences

DECISIONS_FILE = "release.yaml"
PUBLISHABLE = "经审查可以公开"
_SPACE = re.compile(r"\s+")


class Decision(BaseModel):
    """A hit the reviewer decided may be published: its text (and optionally its rule), and why."""

    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1)
    rule: str | None = None
    decision: Literal["经审查可以公开"]
    reason: str = Field(min_length=2)


class Decisions(BaseModel):
    model_config = {"extra": "forbid"}

    reviewer: str = ""
    decisions: list[Decision] = Field(default_factory=list)


def load_decisions(workspace: Path | None) -> Decisions:
    """The workspace's release.yaml (none: no decisions); WorkspaceError naming the file and field."""
    path = workspace / DECISIONS_FILE if workspace else None
    if path is None or not path.is_file():
        return Decisions()
    try:
        raw = load_strict(path.read_text(encoding="utf-8"), max_depth=8)
        unknown = unknown_key(raw, Decisions) if isinstance(raw, dict) else None
        if unknown:
            raise WorkspaceError(f"{path}: {unknown}")
        return Decisions.model_validate(raw or {})
    except ValidationError as exc:
        raise WorkspaceError(f"{path}: {first_error(exc)}（决定只能写「{PUBLISHABLE}」，并写明理由）") from None
    except (OSError, UnicodeDecodeError, TooDeep) as exc:
        raise WorkspaceError(f"{path}: 无法读取：{exc}") from None
    except WorkspaceError:
        raise
    except Exception as exc:  # YAML syntax: its first line says where
        raise WorkspaceError(f"{path}: 无法解析：{str(exc).splitlines()[0]}") from None


@dataclass
class Hit:
    rule: Rule
    text: str
    sentence: str
    block: int  # the block of the 公开稿 it is in
    page: int | None = None
    decision: Decision | None = None

    @property
    def resolved(self) -> bool:
        return self.decision is not None


@dataclass
class Review:
    title: str
    hits: list[Hit]
    checklist: list[tuple[str, str]]
    reviewer: str
    date: dt.date
    problems: list[str] = field(default_factory=list)  # what stops the release
    unused: list[Decision] = field(default_factory=list)  # decisions that match no hit (edited out since)

    @property
    def passed(self) -> bool:
        return not self.problems


def scan(report: Report, rules: Rules) -> list[Hit]:
    """Every hit in the 公开稿, with the sentence it is in."""
    hits = []
    for block, text in report.texts():
        for sentence in sentences(text) or [text]:
            hits += [Hit(m.rule, m.text, sentence.strip(), block) for m in find(rules, sentence)]
    return hits


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf` (poppler's pdftotext), white space removed."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [_SPACE.sub("", page) for page in done.stdout.split("\f")]


def locate(hits: list[Hit], pages: list[str]) -> None:
    """Each hit's page: where its sentence (else its text) is found, reading on from the previous hit's."""
    joined = "".join(pages)
    starts = [sum(len(p) for p in pages[:k]) for k in range(len(pages))]
    cursor = 0
    for hit in hits:
        for needle in (_SPACE.sub("", hit.sentence), _SPACE.sub("", hit.text)):
            at = joined.find(needle, cursor)
            if at < 0:
                at = joined.find(needle)
            if at >= 0:
                hit.page = max(k for k, start in enumerate(starts) if start <= at) + 1
                cursor = at
                break


def decide(hits: list[Hit], decisions: Decisions) -> list[Decision]:
    """Attach the office's decisions to the hits they name; the decisions that named none."""
    used = set()
    for hit in hits:
        for index, decision in enumerate(decisions.decisions):
            if decision.text in (hit.text, hit.sentence) and decision.rule in (None, hit.rule.id):
                hit.decision = decision
                used.add(index)
                break
    return [d for i, d in enumerate(decisions.decisions) if i not in used]


def checklist(rules: Rules, hits: list[Hit], confirmed: bool) -> list[tuple[str, str]]:
    """Each checklist item with its result: the hits of its rules, or the reviewer's confirmation."""
    results = []
    for item in rules.checklist:
        if not item.rules:
            results.append((item.text, "审查人已确认" if confirmed else "待审查人确认"))
            continue
        found = [h for h in hits if h.rule.id in item.rules]
        open_ = sum(not h.resolved for h in found)
        results.append((item.text, "未发现" if not found else
                        f"发现{len(found)}处，{open_}处未处理" if open_ else
                        f"发现{len(found)}处，均经审查可以公开（理由见上表）"))
    return results


def problems(review_hits: list[Hit], reviewer: str, report: Report, config: ReportConfig) -> list[str]:
    """What stops the release, one line each."""
    found = []
    open_ = [h for h in review_hits if not h.resolved]
    if open_:
        found.append(f"{len(open_)}处命中未处理：请在公开稿中删改，或在工作区的 {DECISIONS_FILE} 中标明"
                     f"「{PUBLISHABLE}」并写明理由")
    if report.revisions:
        found.append("公开稿中还有未接受或拒绝的修订：请在 Word 中处理全部修订后保存")
    if not reviewer:
        found.append(f"没有审查人：请用 --reviewer 写明，或写在 {DECISIONS_FILE} 的 reviewer 中")
    if not config.publication.index_number:
        found.append("report.yaml 的 publication.index_number（索引号）未填写，网页版无法列出政府信息公开要素")
    return found
