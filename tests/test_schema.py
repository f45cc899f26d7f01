"""The JSON Schemas in docs/schema are the models' own, and they accept the example workspace."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from annual_report.schema import SCHEMAS, schema_text
from tests.conftest import EXAMPLE, REPO


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_committed_schema_matches_the_model(name: str) -> None:
    committed = (REPO / "docs" / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(SCHEMAS[name]), "run: python -m annual_report.schema docs/schema"


def test_example_files_satisfy_the_schemas() -> None:
    def check(schema: str, path) -> None:
        validator = Draft202012Validator(json.loads((REPO / "docs" / "schema" / schema).read_text(encoding="utf-8")))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert not list(validator.iter_errors(data)), path

    check("report.schema.json", EXAMPLE / "report.yaml")
    check("plan.schema.json", EXAMPLE / "plan.yaml")
    check("submission.schema.json", EXAMPLE / "submissions" / "sfj.yaml")


def test_schema_rejects_a_count_written_in_words() -> None:
    validator = Draft202012Validator(json.loads(schema_text(SCHEMAS["submission.schema.json"])))
    errors = list(validator.iter_errors({"unit": "sfj", "year": 2024, "metrics": {"lit.lost": "五"}}))
    assert errors and errors[0].path[-1] == "lit.lost"
