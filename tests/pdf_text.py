"""Reading a PDF back as text with poppler's pdftotext, for the LibreOffice tests."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

_XHTML = "{http://www.w3.org/1999/xhtml}"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (`pdftotext -layout`)."""
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")[:-1]  # the output ends with a form feed


@dataclass(frozen=True)
class Line:
    """One line of text: its page (from 1), left, top and right edges in points, and its words joined."""

    page: int
    left: float
    top: float
    text: str
    right: float = 0.0


def pdf_lines(pdf: Path) -> list[Line]:
    """Every line of `pdf` with its position (`pdftotext -bbox-layout`), in reading order."""
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    root = ET.fromstring(done.stdout)
    return [
        Line(number, float(line.get("xMin", 0)), float(line.get("yMin", 0)), "".join(w.text or "" for w in line),
             float(line.get("xMax", 0)))
        for number, page in enumerate(root.iter(f"{_XHTML}page"), 1)
        for line in page.iter(f"{_XHTML}line")
    ]
