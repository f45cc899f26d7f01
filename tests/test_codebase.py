"""The code stays readable: no module over 400 lines, no function over 60, nothing in the domain package
reaches up into the Prefect flows or the portal."""

from __future__ import annotations

import ast

from tests.conftest import REPO

SOURCES = sorted(path for package in ("annual_report", "flows", "portal") for path in (REPO / package).rglob("*.py"))


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
            found += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in ("flows", "prefect", "portal")]
    assert found == []


def test_every_package_is_installed() -> None:
    """pyproject.toml lists packages by name: a new subpackage missing there would be left out of a wheel."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {p.parent.relative_to(REPO).as_posix().replace("/", ".") for p in REPO.glob("annual_report/**/__init__.py")}
    assert found | {"flows", "portal"} <= listed
