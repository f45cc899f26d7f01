"""JSON Schemas of the workspace configuration and of a submission, generated from the pydantic models.

`python -m annual_report.schema docs/schema` writes them; editors use them to check report.yaml and
submission files as they are typed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from annual_report.plan import WorkPlan
from annual_report.submission import UnitSubmission
from annual_report.workspace import ReportConfig

SCHEMAS: dict[str, type[BaseModel]] = {
    "report.schema.json": ReportConfig,
    "plan.schema.json": WorkPlan,
    "submission.schema.json": UnitSubmission,
}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in SCHEMAS]
    for path, model in zip(paths, SCHEMAS.values(), strict=True):
        path.write_text(schema_text(model), encoding="utf-8")
    return paths


if __name__ == "__main__":
    for written in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(written)
