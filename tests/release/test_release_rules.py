"""The pre-release review's rules (templates/release-rules.yaml): each rule hits its positive examples and
none of its negative ones; the check digit and Luhn checks; the checklist covers every rule; a broken rules
file is one line naming the file and field; a workspace's own rules file replaces the shipped one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annual_report.config.resources import template_file
from annual_report.config.workspace import WorkspaceError
from annual_report.release.rules import RULES_FILE, find, id_check_digit, load_rules, luhn, rules_path

RULES = load_rules(template_file(RULES_FILE))
CASES = [(rule.id, kind, text) for rule in RULES.rules
         for kind, texts in (("hit", rule.examples.hit), ("clean", rule.examples.clean)) for text in texts]


def test_every_rule_has_a_positive_and_a_negative_case() -> None:
    assert {r.id for r in RULES.rules} >= {"id_card", "mobile", "landline", "plate", "bank_card", "party_name",
                                           "classification", "internal_number", "email", "internal_url",
                                           "placeholder", "private_address"}
    assert all(r.examples.hit and r.examples.clean for r in RULES.rules)


@pytest.mark.parametrize(("rule_id", "kind", "text"), CASES, ids=[f"{r}-{k}-{n}" for n, (r, k, _) in enumerate(CASES)])
def test_rule_hits_its_positive_examples_and_not_its_negative_ones(rule_id: str, kind: str, text: str) -> None:
    rule = next(r for r in RULES.rules if r.id == rule_id)
    assert bool(rule.spans(text)) == (kind == "hit"), [text[a:b] for a, b in rule.spans(text)]


def test_a_hit_is_the_personal_name_itself_and_a_masked_name_is_no_hit() -> None:
    assert [m.text for m in find(RULES, "经查，被处罚人王建国因超限运输被罚款2000元。")] == ["王建国"]
    assert find(RULES, "被处罚人王某因超限运输被罚款2000元；申请人李某某撤回申请。") == []


def test_each_hit_names_its_rule_once_in_text_order() -> None:
    found = find(RULES, "联系人电话13812345678，邮箱li@example.com，车辆青A12345。")
    assert [(m.rule.id, m.text) for m in found] == [("mobile", "13812345678"), ("email", "li@example.com"),
                                                    ("plate", "青A12345")]


def test_id_check_digit_and_luhn() -> None:
    assert id_check_digit("11010519491231002X") and id_check_digit("11010519491231002x")
    assert not id_check_digit("110105194912310021") and not id_check_digit("11010519491231002")
    assert luhn("6222021234567890128") and luhn("4111 1111 1111 1111")
    assert not luhn("6222021234567890123") and not luhn("12345")


def test_the_checklist_covers_every_rule() -> None:
    covered = {r for item in RULES.checklist for r in item.rules}
    assert covered == {r.id for r in RULES.rules}
    assert any(not item.rules for item in RULES.checklist)  # items the reviewer confirms


def test_a_broken_rules_file_is_one_line_naming_file_and_field(tmp_path: Path) -> None:
    own = tmp_path / RULES_FILE
    own.write_text("rules:\n  - {id: x, name: 测试, patterns: ['[unclosed'], examples: {hit: [a], clean: [b]}}\n"
                   "checklist: [{text: 事项, rules: [x]}]\n", encoding="utf-8")
    assert rules_path(tmp_path) == own
    with pytest.raises(WorkspaceError, match=r"release-rules.yaml: rules.0.patterns: 正则表达式「\[unclosed」有误"):
        load_rules(own)
    own.write_text("rules:\n  - {id: x, name: 测试, patterns: ['甲'], examples: {hit: [甲], clean: [乙]}}\n"
                   "checklist: [{text: 事项, rules: [y]}]\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=re.escape("checklist[0].rules: 未知规则 y")):
        load_rules(own)
    own.write_text("rules:\n  - {id: x, name: 测试, patterns: ['甲'], examples: {hit: [甲]}}\n"
                   "checklist: [{text: 事项}]\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=re.escape("examples.clean")):
        load_rules(own)
    assert rules_path(tmp_path / "elsewhere") == template_file(RULES_FILE)
