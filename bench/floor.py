"""The floor of a build: the least any build of the same workspace must do, timed as one process.

It reads every submission file with the fastest plain readers (YAML with libyaml's C loader, JSON with the
standard library, .xlsx with openpyxl's read-only mode, every cell; .docx with python-docx, paragraphs and
table cells; CSV decoded as UTF-8 or GBK) and writes the paragraphs of both editions a build made (table rows
as tab-joined paragraphs) with bare python-docx: no validation, statistics, drafting, layout or workbooks.
The bench runs it as its own process, so start-up and imports count, as they do for the command.

Run: python bench/floor.py WORKSPACE TEXTS OUT   — TEXTS is the editions' paragraphs as JSON (`texts_of` of a
run folder, written beforehand so that reading the build's editions is not part of the floor); prints the
seconds each part took.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import docx
import yaml
from openpyxl import load_workbook

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EDITIONS = ("report.docx", "report-review.docx")


def read(path: Path) -> object:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return yaml.load(path.read_bytes(), Loader=LOADER)
    if suffix == ".json":
        return json.loads(path.read_bytes())
    if suffix == ".xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        cells = [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
        book.close()
        return cells
    if suffix == ".docx":
        document = docx.Document(str(path))
        return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                         for c in r.cells]
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gbk")
        return list(csv.reader(io.StringIO(text)))
    return None


def paragraphs(edition: Path) -> list[str]:
    """An edition's text: its paragraphs, then each table row as one tab-joined paragraph."""
    document = docx.Document(str(edition))
    body = [p.text for p in document.paragraphs]
    return body + ["\t".join(c.text for c in row.cells) for t in document.tables for row in t.rows]


def texts_of(run: Path) -> dict[str, list[str]]:
    """Both editions' paragraphs, by file name."""
    return {name: paragraphs(run / name) for name in EDITIONS}


def write(texts: list[str], path: Path) -> None:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(path))


def main() -> None:
    workspace, texts_file, out = (Path(a) for a in sys.argv[1:4])
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    files = sorted(p for p in (workspace / "submissions").rglob("*") if p.is_file())
    for path in [workspace / "report.yaml", *files]:
        try:
            read(path)
        except Exception:  # a broken file costs its attempt, as in a build, which reports it
            continue
    reading = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        write(text, out / name)
    print(json.dumps({"files": len(files), "read": round(reading, 3),
                      "write": round(time.perf_counter() - start - reading, 3)}))


if __name__ == "__main__":
    main()
