"""The code stays readable: no module over 400 lines, no function over 60, nothing in the domain package
reaches up into the Prefect flows."""

from __future__ import annotations

import ast

from tests.conftest import REPO

SOURCES = sorted([*(REPO / "annual_report").rglob("*.py"), *(REPO / "flows").rglob("*.py")])


def test_no_module_is_over_400_lines() -> None:
    long = {p.relative_to(REPO).as_posix(): n for p in SOURCES if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert long == []


def test_the_domain_package_imports_neither_flows_nor_prefect() -> None:
    found = []
    for path in (REPO / "annual_report").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in ("flows", "prefect")]
    assert found == []
