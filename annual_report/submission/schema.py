"""JSON Schemas of the workspace configuration, the work plan and a submission, generated from the pydantic
models (and, for a submission's metrics, from the shipped catalogue).

`python -m annual_report.submission.schema docs/schema` writes them; editors use them to check report.yaml, plan.yaml
and submission files as they are typed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annual_report.config.catalogue import Catalogue, load_catalogue
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import ReportConfig
from annual_report.submission import COUNT_SCHEMA, UnitSubmission


def submission_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The submission model's schema, with every count metric of `catalogue` (by id, name and alias) held
    to the count grammar; other keys under metrics are accepted, as validation warns and ignores them."""
    schema = UnitSubmission.model_json_schema()
    schema.setdefault("$defs", {})["count"] = COUNT_SCHEMA
    names = {n: {"$ref": "#/$defs/count"} for m in catalogue.counts for n in (m.id, m.name, *m.aliases)}
    schema["properties"]["metrics"] = {"type": ["object", "null"], "properties": names,
                                       "description": "计数指标：编号、中文名称或别名 → 整数，"
                                                      "约数写作「约30」「30余」「30以上」「不足30」"}
    return schema


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "report.schema.json": ReportConfig.model_json_schema,
    "plan.schema.json": WorkPlan.model_json_schema,
    "submission.schema.json": lambda: submission_schema(load_catalogue()),
}


def schema_text(name: str) -> str:
    return json.dumps(SCHEMAS[name](), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in SCHEMAS]
    for path in paths:
        path.write_text(schema_text(path.name), encoding="utf-8")
    return paths


if __name__ == "__main__":
    for written in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(written)
