"""The office's mapping file (plan-mapping.yaml): names as the plan writes them → unit ids, `kind:类型编号`,
or `none` for a body that is not a reporting unit. Kept from year to year; a value that cannot be used is an
error naming its line, never silently half-applied."""

from __future__ import annotations

from pathlib import Path

import yaml

from annual_report.config.workspace import ReportConfig
from annual_report.config.yaml_files import StrictLoader
from annual_report.reading.unit_names import NOT_REPORTING, mapping_problem

MAPPING_HEADER = f"""\
# 工作要点中的单位名称 → report.yaml 中的单位编号（id）。
# 值留空的名称是导入时在单位名录中没有找到的，请填写：一个编号；多个编号用逗号分隔；
# kind:类型编号（如 kind:township）表示该类型的全部单位，可写多个（kind:dept_enforcement, kind:dept_other）；
# {NOT_REPORTING} 表示不是报送单位（如区纪委监委、区人大常委会办公室、区法院），导入和校验不再提示。
# 填好后重新导入即可使用。
"""


def _scalar(node: yaml.Node) -> str | None:
    """A mapping value as text: a scalar, or a list of scalars joined by commas; None for anything else."""
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") else str(node.value)
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return ", ".join(str(n.value) for n in node.value)
    return None


def load_mapping(path: Path | str, registry: ReportConfig | None = None) -> dict[str, str]:
    """The office's mapping {name as written in the plan: value}; {} when the file does not exist yet. Names
    still to be filled in come back with the value "". With a registry, a value naming an unknown unit or
    kind is a ValueError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=StrictLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: 无法解析：{str(exc).splitlines()[0]}") from None
    names = next((v for k, v in root.value if k.value == "names"), None) if isinstance(root, yaml.MappingNode) else None
    if names is None or not isinstance(names, yaml.MappingNode | yaml.ScalarNode) or (
            isinstance(names, yaml.ScalarNode) and names.value):
        raise ValueError(f"{path}: 应为 names: {{名称: 单位编号}} 的形式")
    mapping: dict[str, str] = {}
    for key, node in names.value if isinstance(names, yaml.MappingNode) else []:
        value = _scalar(node)
        line = f"{path} 第{node.start_mark.line + 1}行「{key.value}」"
        if value is None:
            raise ValueError(f"{line}：值应为单位编号、kind:类型编号或 {NOT_REPORTING}，不能是映射")
        if registry is not None and value.strip() and (problem := mapping_problem(value, registry)):
            raise ValueError(f"{line}：{problem}")
        mapping[str(key.value)] = value
    return mapping


def write_mapping(path: Path | str, unresolved: list[str], existing: dict[str, str] | None = None) -> dict[str, str]:
    """Write the mapping: the existing entries as they are, then each unresolved name not yet in it, empty."""
    names = dict(existing or {})
    for name in unresolved:
        names.setdefault(name, "")
    text = yaml.safe_dump({"names": names}, allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(MAPPING_HEADER + text, encoding="utf-8")
    return names
