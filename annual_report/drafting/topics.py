"""主要举措和成效, topic by topic: themed paragraphs with the region's figures woven into them.

There is no paragraph of figures: each sentence of region figures (templates/sentences.yaml) goes into the
paragraph of the theme that names its metric (themes.yaml `figures`), and a theme with figures but no item still
gets its paragraph. A figure an item already states as the region's is not repeated: the sentence is written
without it (or not at all, where it was the sentence's subject), so that each figure is stated once.
"""

from __future__ import annotations

import re
from collections import defaultdict

from annual_report.config.outline import Topic
from annual_report.config.themes import Themes
from annual_report.drafting.model import Passage, Piece, Sentence
from annual_report.drafting.passages import Group, Leftover, Writer
from annual_report.text.figures import Stated, stated_figures
from annual_report.text.likeness import cjk_pairs
from annual_report.text.numbers import same_measure
from annual_report.wording import Figures
from annual_report.wording.numbers import region_word
from annual_report.wording.sentences import Template, load_templates, render

_CLAUSE_END = re.compile(r"[，,；;。]")
UNTITLED = ""  # figures no theme names: a paragraph without a run-in title


def _as_printed(figure: Stated) -> str:
    """A figure as the report would print it: 名 counts 人."""
    return figure.text.replace("名", "人").replace("％", "%")


class TopicWriter:
    def __init__(self, themes: Themes, figures: Figures, writer: Writer, runs: int, per_run: int) -> None:
        self.themes, self.figures, self.writer = themes, figures, writer
        self.runs, self.per_run = runs, per_run
        self.templates = load_templates(figures.stats.catalogue)
        self.order = {t.key: i for i, t in enumerate(themes.achievements)}
        self.region = region_word(figures.stats.region)

    def homes(self, topics: list[Topic], pieces: list[Piece]) -> dict[str, str]:
        """Theme key → the one topic its paragraph goes under, so that no lead is printed twice: the topic
        stating its figures, else the one most of its pieces came under (the first on a tie)."""
        found: dict[str, str] = {}
        for topic in topics:
            for theme in self._by_theme(topic):
                found.setdefault(theme, topic.key)
        order = {t.key: i for i, t in enumerate(topics)}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for piece in pieces:
            if piece.theme is not None and piece.sources[0].topic is not None:
                counts[piece.theme.key][piece.sources[0].topic] += 1
        for theme, by_topic in counts.items():
            found.setdefault(theme, min(by_topic, key=lambda t: (-by_topic[t], order.get(t, len(order)))))
        return found

    def _by_theme(self, topic: Topic) -> dict[str, list[Template]]:
        """The topic's figure templates by the theme whose paragraph states them."""
        found: dict[str, list[Template]] = defaultdict(list)
        for group in topic.groups:
            for template in self.templates.get(group, []):
                theme = self.themes.figure_theme(template.first_metric, group)
                found[theme.key if theme else UNTITLED].append(template)
        return found

    def passages(self, topic: Topic, pieces: list[Piece]) -> tuple[list[Passage], list[Leftover]]:
        groups, leftovers = self.writer.groups(pieces, self.order)
        templates = {key: ts for key, ts in self._by_theme(topic).items()
                     if any(render(self.figures, t) is not None for t in ts)}  # themes with figures to state
        keyed = {g.key: g for g in groups}
        for key in templates:
            if key not in keyed:
                theme = next((t for t in self.themes.achievements if t.key == key), None)
                keyed[key] = Group(key, theme.lead if theme else "", self.order.get(key, len(self.order)), [])
            keyed[key].figures = True
        chosen, left = self.writer.budget(list(keyed.values()), self.runs, self.per_run)
        passages = []
        for group, picked in chosen:
            group_templates = templates.get(group.key, [])
            stated = frozenset(m for p in picked for m in p.stated)
            passage = self.writer.passage(
                group.lead, picked, "achievements",
                lambda printed, ts=group_templates, st=stated: self._figure_sentences(ts, st, printed))
            if passage.sentences:
                passages.append(passage)
        return passages, leftovers + left

    def _said(self, templates: list[Template], printed: list[str]) -> frozenset[str]:
        """Counts of these templates that the paragraph's items write: the figure as printed (「5569件」), or its
        number in a measure that counts it (「58场次」 for 58场, 名 for 人), in a clause that speaks of it (two
        character pairs of its name: 「组织全市2841名国家工作人员参加……考试」 is 参加考试人数; 「直接承办的18件」 is
        not 按期反馈的建议)."""
        stats = self.figures.stats
        counts = [stats.catalogue.by_id[m] for t in templates for m in t.metrics if not stats.catalogue.by_id[m].is_rate]
        said = set()
        for text in printed:
            for figure in stated_figures(text):
                clause = cjk_pairs(text[figure.subject_start:_CLAUSE_END.search(text + "。", figure.end).start()])
                for metric in counts:
                    total = stats.total(metric.id)
                    same = _as_printed(figure) == self.figures.display(metric.id) or (
                        figure.is_count and total is not None and figure.value == total
                        and same_measure(figure.measure, metric.unit))
                    if same and any(len(clause & cjk_pairs(n)) >= 2 for n in (metric.name, *metric.aliases)):
                        said.add(metric.id)
        return frozenset(said)

    def _figure_sentences(self, templates: list[Template], stated: frozenset[str], printed: list[str]
                          ) -> list[Sentence]:
        """The theme's figures, those the items (as `printed`) state left out; the first names the region (全市)
        if it has no subject of its own. A rate whose sentence went with a figure an item states keeps a sentence
        of its own, unless the items write both its parts and a rate of their own."""
        stated |= self._said(templates, printed)
        found, kept = [], set()
        for template in templates:
            rendered = render(self.figures, template, stated)
            if rendered is not None:
                withheld = frozenset(m for m in template.metrics - stated if self.figures.partial(m)
                                     and self.figures.stats.catalogue.by_id[m].is_rate)
                found.append(Sentence(rendered[0], metrics=rendered[1], withheld=withheld))
                kept |= rendered[1]
        rates = [m for t in templates for m in sorted(t.metrics) if m not in stated | kept and self._rate_shown(m)
                 and not any(self._rate_of_parts(m, text) for text in printed)]
        found += [self._rate_sentence(m) for m in dict.fromkeys(rates)]
        if found and not found[0].text.startswith((self.region, self.figures.stats.region)):
            found[0].text = self.region + found[0].text
        return found

    def _rate_of_parts(self, rate: str, text: str) -> bool:
        """The sentence writes both parts of the rate (as the report prints them), then a rate of its own."""
        metric = self.figures.stats.catalogue.by_id[rate]
        figures = [_as_printed(f) for f in stated_figures(text)]
        parts = [self.figures.display(p or "") for p in (metric.numerator, metric.denominator)]
        if not all(p in figures for p in parts):
            return False
        after = max(figures.index(p) for p in parts) + 1
        return after < len(figures) and figures[after].endswith("%")

    def _rate_shown(self, metric: str) -> bool:
        stats = self.figures.stats
        return stats.catalogue.by_id[metric].is_rate and stats.rate(metric).exact is not None and \
            not self.figures.partial(metric)

    def _rate_sentence(self, metric: str) -> Sentence:
        """「全市行政诉讼败诉率28.7%，下降2.6个百分点。」"""
        yoy = self.figures.yoy(metric).prose
        text = f"{self.region}{self.figures.stats.catalogue.by_id[metric].name}{self.figures.display(metric)}"
        return Sentence(f"{text}{'，' + yoy if yoy else ''}。", metrics=frozenset({metric}))
