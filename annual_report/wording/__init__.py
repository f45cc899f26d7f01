"""Wording: the statistics' figures turned into Chinese text, each figure formatted once."""

from annual_report.wording.figures import Figures, YearOverYear, rate_decimals
from annual_report.wording.outliers import outlier_findings, outlier_messages
from annual_report.wording.sentences import (
    FigureSentence,
    TemplateError,
    figure_sentences,
    load_templates,
    sentences_for_group,
)

__all__ = ["FigureSentence", "Figures", "TemplateError", "YearOverYear", "figure_sentences", "load_templates",
           "outlier_findings", "outlier_messages", "rate_decimals", "sentences_for_group"]
