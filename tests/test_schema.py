"""The JSON Schemas in docs/schema are the models' own, accept the example workspace, and accept exactly
what validation accepts."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from annual_report.config.catalogue import load_catalogue
from annual_report.findings import Severity
from annual_report.submission import SubmissionContext, check_submission
from annual_report.submission.schema import SCHEMAS, schema_text
from tests.conftest import EXAMPLE, REPO


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_committed_schema_matches_the_model(name: str) -> None:
    committed = (REPO / "docs" / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(name), "run: python -m annual_report.submission.schema docs/schema"


def test_example_files_satisfy_the_schemas() -> None:
    def check(schema: str, path) -> None:
        validator = Draft202012Validator(json.loads((REPO / "docs" / "schema" / schema).read_text(encoding="utf-8")))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert not list(validator.iter_errors(data)), path

    check("report.schema.json", EXAMPLE / "report.yaml")
    check("plan.schema.json", EXAMPLE / "plan.yaml")
    check("submission.schema.json", EXAMPLE / "submissions" / "sfj.yaml")


def test_schema_rejects_a_count_written_in_words() -> None:
    validator = Draft202012Validator(json.loads(schema_text("submission.schema.json")))
    errors = list(validator.iter_errors({"unit": "sfj", "year": 2024, "metrics": {"lit.lost": "五"}}))
    assert errors and errors[0].path[-1] == "lit.lost"


def test_schema_accepts_the_forms_people_write() -> None:
    validator = Draft202012Validator(json.loads(schema_text("submission.schema.json")))
    data = {"unit": "市公安局", "year": "2024年", "metrics": {"行政诉讼败诉": "1,234", "lit.first_instance_closed": "１２３４"},
            "achievements": ["一条文字", {"text": "另一条", "topic": "enforcement", "tasks": 3}], "problems": "一条"}
    assert not list(validator.iter_errors(data))


# Values people put where a count, an item or a section belongs: valid, loosely written and wrong ones.
COUNTS = st.one_of(
    st.integers(-5, 10**13), st.floats(), st.booleans(), st.none(),
    st.sampled_from(["1,234", "１２３", "1，234", " 56 ", "0", "010", "1:30", "0x1F", "5 6", "1,2,3", "1.000", "1e3",
                     "1_0", "", " ", "abc", "约30", "-3", "3.0", "9999999999999", "999,999,999,999",
                     "90余", "90以上", "不足90", "１,234余", " 约5 ", "约0", "0余", "90多", "约 90", "约-3", "约2.5",
                     "余90", "90余以上", "约010"]),
    st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.sampled_from("ab"), st.integers(0, 3), max_size=1))
SCALARS = st.one_of(st.text(max_size=4), st.integers(-2, 5), st.floats(allow_nan=False, width=16), st.booleans(),
                    st.none())
ITEMS = st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.fixed_dictionaries({}, optional={
    "text": st.one_of(SCALARS, st.lists(st.text(max_size=2), max_size=1)),
    "topic": st.one_of(SCALARS, st.sampled_from(["functions", "enforcement", "nosuch"]), st.lists(SCALARS, max_size=1)),
    "tasks": st.one_of(SCALARS, st.lists(st.one_of(SCALARS, st.lists(SCALARS, max_size=1)), max_size=2)),
    "extra": SCALARS}))
SECTIONS = st.one_of(SCALARS, st.lists(ITEMS, max_size=3), st.dictionaries(st.sampled_from("ab"), SCALARS, max_size=1))
BODIES = st.fixed_dictionaries({"unit": st.just("gaj"), "year": st.just(2024)}, optional={
    "metrics": st.one_of(st.none(), st.lists(st.integers(), max_size=1), st.dictionaries(st.sampled_from(
        ["lit.lost", "行政诉讼败诉", "lit.first_instance_closed", "nosuch.metric", "lit.loss_rate"]), COUNTS,
        min_size=1, max_size=3)),
    "achievements": SECTIONS, "problems": SECTIONS, "next_year": SECTIONS,
    "submitted_at": st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=1), max_size=1),
                              st.sampled_from(["2025-02-20", "2025-02-20T10:00:00Z", "昨天", ""])),
    "contact": st.one_of(SCALARS, st.fixed_dictionaries({}, optional={"name": SCALARS, "phone": SCALARS})),
    "other_figures": st.one_of(SCALARS, st.dictionaries(st.sampled_from("ab"), SCALARS, max_size=1), st.lists(
        st.one_of(SCALARS, st.fixed_dictionaries({}, optional={
            "name": st.one_of(SCALARS, st.sampled_from(["参与重大决策咨询", "行政诉讼败诉", "行政诉讼败诉率"])),
            "unit": st.one_of(SCALARS, st.sampled_from(["件", "次"])), "value": COUNTS, "extra": SCALARS})),
        max_size=3)),
    "extra_key": SCALARS,
})
HEADS = st.fixed_dictionaries({
    "unit": st.one_of(st.sampled_from(["gaj", "测试市公安局", " ", ""]), st.integers(0, 9), st.floats(0, 9, width=16),
                      st.booleans(), st.none(), st.lists(st.just("gaj"), max_size=1)),
    "year": st.one_of(st.sampled_from([2024, 2024.0, "2024", "2024年", "２０２４", " 2024 ", "abc", "", "20245"]),
                      st.booleans(), st.none(), st.lists(st.just(2024), max_size=1))})


SUBMISSION_SCHEMA = Draft202012Validator(json.loads(schema_text("submission.schema.json")))
CATALOGUE = load_catalogue()


def assert_agree(data: dict) -> None:
    """Schema-valid exactly when validation finds no error in the record (warnings are accepted)."""
    ctx = SubmissionContext(catalogue=CATALOGUE, year=2024, topics=frozenset({"functions", "enforcement"}))
    accepted = check_submission(data, ctx) is not None and not [p for p in ctx.problems if p.severity is Severity.ERROR]
    errors = [f"{list(e.path)}: {e.message}" for e in SUBMISSION_SCHEMA.iter_errors(data)]
    assert accepted == (not errors), (errors, ctx.problems)


@settings(max_examples=600, deadline=None)
@given(BODIES)
def test_schema_and_validation_agree_on_the_body(data: dict) -> None:
    assert_agree(data)


@settings(max_examples=150, deadline=None)
@given(HEADS)
def test_schema_and_validation_agree_on_unit_and_year(data: dict) -> None:
    assert_agree(data)
