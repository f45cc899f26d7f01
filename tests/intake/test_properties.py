"""Property-based: random bytes or random YAML never crash reading or validation; every outcome is data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report.config.workspace import Workspace, load_workspace
from annual_report.intake import SUPPORTED_SUFFIXES, read_file
from annual_report.outputs.validation_xlsx import write_validation_workbook
from annual_report.validation import validate
from tests.conftest import SMALL_CONFIG


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("prop")
    (root / "submissions").mkdir()
    (root / "report.yaml").write_text(yaml.safe_dump(SMALL_CONFIG, allow_unicode=True), encoding="utf-8")
    return load_workspace(root)


def _read_and_validate(ws: Workspace, name: str, content: bytes) -> None:
    path: Path = ws.submissions_dir / name
    path.write_bytes(content)
    try:
        intake = read_file(path, ws)
        report = validate(ws, [intake])
    finally:
        path.unlink()
    # every finding can be printed, serialised and written to validation.xlsx
    json.dumps([f.model_dump(mode="json") for f in report.findings], ensure_ascii=False).encode("utf-8")
    write_validation_workbook(ws, report, ws.root / "validation.xlsx")
    # A file yields records or says why it yields none; a record naming no known unit becomes a finding.
    assert intake.records or intake.findings
    attributed = {r.unit.id for r in report.units.values() if r.files}
    assert attributed or any(f.file == intake.file for f in report.findings)


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(content=st.binary(min_size=1, max_size=2000), suffix=st.sampled_from([*SUPPORTED_SUFFIXES, ".txt"]))
def test_random_bytes_never_raise(workspace: Workspace, content: bytes, suffix: str) -> None:
    _read_and_validate(workspace, f"random{suffix}", content)


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
keys = st.sampled_from(["unit", "year", "metrics", "achievements", "problems", "next_year", "text", "topic",
                        "tasks", "lit.lost", "submitted_at", "contact", "gaj", "2024"]) | st.text(max_size=8)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                      max_leaves=25)


@PROPS
@given(data=st.dictionaries(keys, values, max_size=8) | values)
def test_random_yaml_never_raises(workspace: Workspace, data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    _read_and_validate(workspace, "random.yaml", text.encode("utf-8"))


@PROPS
@given(rows=st.lists(st.lists(st.text(max_size=12) | st.sampled_from(["单位", "gaj", "lit.lost", "行政诉讼败诉", "-1"]),
                              max_size=5), max_size=6))
def test_random_csv_never_raises(workspace: Workspace, rows: list[list[str]]) -> None:
    text = "\n".join(",".join(r) for r in rows) or "x"
    _read_and_validate(workspace, "random.csv", text.encode("utf-8", "surrogatepass"))


any_text = st.text(st.characters(exclude_categories=()), max_size=12)  # controls and lone surrogates too
json_values = st.recursive(st.none() | st.integers() | st.floats() | any_text,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text | keys, inner, max_size=4),
                           max_leaves=20)


@PROPS
@given(data=st.dictionaries(keys | any_text, json_values, max_size=8))
def test_random_json_with_any_characters_never_raises(workspace: Workspace, data: dict) -> None:
    _read_and_validate(workspace, "random.json", json.dumps(data).encode("utf-8"))
