"""Prose sentences per metric group, filled from templates kept as data (templates/sentences.yaml).

Template syntax, all of it:

    {recon.received}        the region figure as printed: 356件, 20.2%, 无, 12.5万元, 90余场
    {recon.received:yoy}    its year-over-year phrase: 同比增长300%, 提高2.3个百分点, 与上年持平, 上年为0
    {recon.received:last}   last year's figure as printed
    {recon.received:num}    the bare number, no unit or 万: 356, 20.2, 90余
    {region}  {year}        全市 / 全县 / 全区 (from report.yaml region), the report year
    [ … ]                   an optional part, left out when any placeholder in it has nothing to show
                            (not reported, a rate with denominator 0, no last year)

A placeholder outside [ ] is required: when it has nothing to show the whole sentence is left out, so
prose never reads 「无数据」.  A sentence is also left out when every metric it names is missing or zero.
A part of a combined count (司法建议 of 司法建议和检察建议) has nothing to show while the parts do not add
up to the combined figure, so 「（司法建议X件、检察建议Y件）」 is never a partial list.
Filling is a regular-expression substitution over catalogue metric ids and this fixed set of formatters;
template text is never evaluated (no str.format, eval or Jinja).  Any other brace or bracket is an error
naming the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from annual_report.config.catalogue import Catalogue
from annual_report.config.resources import template_file
from annual_report.config.yaml_files import load_yaml
from annual_report.wording.figures import Figures
from annual_report.wording.numbers import region_word

FORMATS = ("", "yoy", "last", "num")
_CHANGES = ("yoy", "last")  # shown only beside their own figure: never 「提高3.8个百分点」 alone
GLOBALS = ("region", "year")
_TOKEN = re.compile(r"\{[^{}\[\]]*\}|[{}\[\]]")
_PLACEHOLDER = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)(?::([a-z]+))?")


class TemplateError(ValueError):
    """A sentence template that cannot be used; the message names the file, group and sentence."""


@dataclass(frozen=True)
class Placeholder:
    key: str  # a metric id, or region / year
    format: str  # one of FORMATS


@dataclass(frozen=True)
class Segment:
    parts: tuple[str | Placeholder, ...]
    optional: bool


@dataclass(frozen=True)
class Template:
    where: str  # e.g. sentences.yaml recon 第1句
    segments: tuple[Segment, ...]

    @property
    def metrics(self) -> set[str]:
        return {p.key for s in self.segments for p in s.parts if isinstance(p, Placeholder)} - set(GLOBALS)

    @property
    def first_metric(self) -> str:
        """The first metric it names: what the sentence is about."""
        return next(p.key for s in self.segments for p in s.parts if isinstance(p, Placeholder) and p.key not in GLOBALS)


def _placeholder(inner: str, where: str, catalogue: Catalogue) -> Placeholder:
    match = _PLACEHOLDER.fullmatch(inner.strip())
    if match is None:
        raise TemplateError(f"{where}：占位符「{{{inner}}}」无法识别；应为 {{指标编号}} 或 {{指标编号:yoy}} 等")
    key, fmt = match[1], match[2] or ""
    if key not in GLOBALS and key not in catalogue.by_id:
        raise TemplateError(f"{where}：占位符「{{{inner}}}」中的「{key}」不是指标目录中的指标编号，"
                            f"也不是 {'、'.join(GLOBALS)}")
    if fmt not in FORMATS or (key in GLOBALS and fmt):
        allowed = "不能带格式" if key in GLOBALS else f"可用格式：{'、'.join(f for f in FORMATS if f)}"
        raise TemplateError(f"{where}：占位符「{{{inner}}}」的格式「{fmt}」无法识别；{allowed}")
    return Placeholder(key, fmt)


def parse_template(text: str, where: str, catalogue: Catalogue) -> Template:
    """Split a template into literal text, placeholders and optional parts; TemplateError when malformed."""
    segments: list[Segment] = []
    parts: list[str | Placeholder] = []
    optional = False
    position = 0

    def close(next_optional: bool) -> None:
        nonlocal parts, optional
        if parts:
            segments.append(Segment(tuple(parts), optional))
        parts, optional = [], next_optional

    for token in _TOKEN.finditer(text):
        if token.start() > position:
            parts.append(text[position:token.start()])
        position = token.end()
        mark = token.group()
        if mark == "[" and not optional:
            close(next_optional=True)
        elif mark == "]" and optional:
            close(next_optional=False)
        elif len(mark) > 1:
            parts.append(_placeholder(mark[1:-1], where, catalogue))
        else:
            problem = "可选部分不能嵌套" if mark == "[" else "没有配对的「[」" if mark == "]" else "花括号不配对"
            raise TemplateError(f"{where}：第{token.start() + 1}个字符「{mark}」{problem}"
                                f"（「{text[token.start():token.start() + 12]}」）；只能使用 {{指标编号}} 和 [可选部分]")
    if position < len(text):
        parts.append(text[position:])
    if optional:
        raise TemplateError(f"{where}：可选部分「[」没有配对的「]」")
    close(next_optional=False)
    template = Template(where, tuple(segments))
    if not template.metrics:
        raise TemplateError(f"{where}：句子中没有任何指标占位符")
    return template


def load_templates(catalogue: Catalogue, path: Path | None = None) -> dict[str, list[Template]]:
    """Group id → its sentence templates, checked against the catalogue."""
    path = path or template_file("sentences.yaml")
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path.name}：无法解析：{str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name}：内容应为「分组编号: [句子, …]」的映射")
    templates: dict[str, list[Template]] = {}
    for group, sentences in data.items():
        if group not in catalogue.group_names:
            raise TemplateError(f"{path.name}：「{group}」不是指标目录中的分组；可用：{'、'.join(catalogue.group_names)}")
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise TemplateError(f"{path.name} {group}：应为句子（文字）的列表")
        templates[group] = [parse_template(s, f"{path.name} {group} 第{i}句", catalogue)
                            for i, s in enumerate(sentences, start=1)]
    return templates


def _fill(figures: Figures, p: Placeholder) -> tuple[str, bool]:
    """A placeholder's text and whether it has something to show."""
    stats = figures.stats
    if p.key == "region":
        return region_word(stats.region), True
    if p.key == "year":
        return str(stats.year), True
    if figures.partial(p.key):
        return "", False
    if p.format in _CHANGES:
        yoy = figures.yoy(p.key)
        text = yoy.prose if p.format == "yoy" else yoy.last
        return text, bool(text)
    if p.format == "num":
        text = figures.number(p.key)
        return text, bool(text)
    return figures.display(p.key), _reported(figures, p.key)


def _incomparable(figures: Figures, template: Template) -> frozenset[str]:
    """Numerators of the sentence's rates that prose leaves out (Figures.partial): beside the denominator's
    total they would not be comparable (「开庭审理9件，出庭应诉11件」 when a unit gave appearances only)."""
    catalogue = figures.stats.catalogue
    return frozenset(n for m in template.metrics if figures.partial(m) and (n := catalogue.by_id[m].numerator)
                     and catalogue.by_id[m].denominator in template.metrics)


def _reported(figures: Figures, metric_id: str) -> bool:
    stats = figures.stats
    if stats.catalogue.by_id[metric_id].is_rate:
        return stats.rate(metric_id).exact is not None
    return stats.total(metric_id) is not None


def _present(figures: Figures, metric_id: str) -> bool:
    """Reported and not zero (a rate: it has cases, i.e. a positive denominator)."""
    if figures.stats.catalogue.by_id[metric_id].is_rate:
        return _reported(figures, metric_id)
    return bool(figures.stats.total(metric_id))


def render(figures: Figures, template: Template, absent: frozenset[str] = frozenset()
           ) -> tuple[str, frozenset[str]] | None:
    """The filled sentence and the metrics it prints; None when a required placeholder has nothing to show or
    every metric it names is missing or zero. Metrics in `absent` (stated elsewhere) are not shown."""
    if not any(_present(figures, m) for m in template.metrics - absent):
        return None
    absent = absent | _incomparable(figures, template)
    out: list[str] = []
    printed: set[str] = set()
    for segment in template.segments:
        here = printed | {p.key for p in segment.parts if isinstance(p, Placeholder) and p.key not in absent
                          and p.format not in _CHANGES}
        filled = [(("", False) if p.key in absent or (p.format in _CHANGES and p.key not in here)
                   else _fill(figures, p)) if isinstance(p, Placeholder) else (p, True) for p in segment.parts]
        if all(shown for _, shown in filled):
            out.extend(text for text, _ in filled)
            printed |= {p.key for p in segment.parts if isinstance(p, Placeholder)} - set(GLOBALS)
        elif not segment.optional:
            return None
    text = "".join(out)
    word = region_word(figures.stats.region)
    if word.startswith("本"):  # a department's own report: 「本局开展会前学法6次」「本局主要负责人」
        text = text.replace(word + "各单位", word).replace(word + "党政主要负责人", word + "主要负责人")
    return text, frozenset(printed)


@dataclass(frozen=True)
class FigureSentence:
    """A sentence of region figures, the metrics it prints (for the notes on what they lack), and the metric
    it is about (its template's first), which decides the paragraph it goes into."""

    text: str
    metrics: frozenset[str]
    about: str
    group: str


def figure_sentences(figures: Figures, group_id: str, templates: dict[str, list[Template]] | None = None,
                     absent: frozenset[str] = frozenset()) -> list[FigureSentence]:
    """The group's sentences in template order, empty ones left out (default templates when not given);
    metrics in `absent` are left out of them."""
    catalogue = figures.stats.catalogue
    if group_id not in catalogue.group_names:
        raise KeyError(f"「{group_id}」不是指标目录中的分组")
    templates = load_templates(catalogue) if templates is None else templates
    return [FigureSentence(found[0], found[1], t.first_metric, group_id) for t in templates.get(group_id, [])
            if (found := render(figures, t, absent)) is not None]


def sentences_for_group(figures: Figures, group_id: str,
                        templates: dict[str, list[Template]] | None = None) -> list[str]:
    """The group's sentences' texts (see figure_sentences)."""
    return [s.text for s in figure_sentences(figures, group_id, templates)]
