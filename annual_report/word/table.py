"""Table rows that repeat as a header and do not split across pages (no python-docx API for either).

Both are on/off flags written without w:val: the schema's ST_OnOffOnly allows only "on"/"off", and an
absent value means on.
"""

from __future__ import annotations

from docx.table import _Row

from annual_report.word.oxml import TRPR_ORDER, child


def set_repeat_header(row: _Row) -> None:
    """Repeat `row` at the top of each page the table spans (w:tblHeader)."""
    child(row._tr.get_or_add_trPr(), "w:tblHeader", TRPR_ORDER)


def set_cant_split(row: _Row) -> None:
    """Keep `row` on one page (w:cantSplit)."""
    child(row._tr.get_or_add_trPr(), "w:cantSplit", TRPR_ORDER)
