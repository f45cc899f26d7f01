"""Reading a .docx back as text, for tests."""

from __future__ import annotations

from pathlib import Path

import docx


def document_text(path: Path) -> list[str]:
    """Every paragraph and table cell, in document order."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return lines


def comment_texts(path: Path) -> list[str]:
    """Every Word comment's text (the 审阅稿's notes), in document order."""
    return [comment.text for comment in docx.Document(str(path)).comments]
