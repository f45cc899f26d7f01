"""What one unit submits, as one pydantic model: the schema of submission files, their validation, and the
accepted data.

Before-validators take the forms people really write: a count as 「1,234」 or full-width digits, a metric
named by its Chinese name or an alias, an item as a bare string, a section as one string. Problems are
pydantic errors whose type is the finding's rule id, with a Chinese message. Metrics and items are
checked one by one, so one bad value loses only itself: their errors, and warnings about values that are
kept (control characters removed, template-like text, an unknown topic), are collected in the
`SubmissionContext` with their key path. A count may carry a qualifier (「90余」), kept in `qualifiers`;
figures outside the catalogue are kept apart in `other_figures`. The JSON Schema in docs/schema/ is generated from this model and
accepts what validation accepts (a property test holds the two together).
"""

from annual_report.submission.context import WARNING_RULES, Problem, SubmissionContext, location
from annual_report.submission.items import NarrativeItem
from annual_report.submission.metrics import COUNT_SCHEMA
from annual_report.submission.model import FIELDS, UnitSubmission, check_submission
from annual_report.submission.other_figures import OtherFigure
from annual_report.submission.values import Contact, parse_time, unit_text

__all__ = ["COUNT_SCHEMA", "FIELDS", "WARNING_RULES", "Contact", "NarrativeItem", "OtherFigure", "Problem",
           "SubmissionContext", "UnitSubmission", "check_submission", "location", "parse_time", "unit_text"]
