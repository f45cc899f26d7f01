"""The code stays readable: no module over 400 lines, no function over 60; annual_report/ laid out as the
pipeline it is (no folder imports another in a loop, the lowest layers import nothing above them), and nothing in
it reaches up into the Prefect flows or the portal."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from tests.conftest import REPO

SOURCES = sorted(path for package in ("annual_report", "flows", "portal") for path in (REPO / package).rglob("*.py"))
DOMAIN = REPO / "annual_report"
TOP_MODULES = {"__init__", "__main__", "interrupts", "pipeline", "publish", "findings"}


def imported(path: Path) -> Iterator[str]:
    """The modules `path` imports (absolute imports; `from a import b` names a.b, which may be a module)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def folder_of(name: str) -> str | None:
    """The part of annual_report/ a module is in: its folder, or a top module's own name."""
    parts = name.split(".")
    if parts[0] != "annual_report" or len(parts) < 2:
        return None
    return parts[1] if (DOMAIN / parts[1]).is_dir() or (DOMAIN / f"{parts[1]}.py").is_file() else None


def folder_imports() -> dict[str, set[str]]:
    """Each part of annual_report/ → the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in DOMAIN.rglob("*.py"):
        mine = folder_of(".".join(path.relative_to(REPO).with_suffix("").parts))
        assert mine is not None
        graph.setdefault(mine, set()).update(f for n in imported(path) if (f := folder_of(n)) not in (None, mine))
    return graph


def test_no_folder_of_the_domain_package_imports_another_in_a_loop() -> None:
    try:
        TopologicalSorter(folder_imports()).prepare()
    except CycleError as exc:
        raise AssertionError(f"folders import each other in a loop: {'、'.join(exc.args[1])}") from None


def test_the_lowest_layers_import_nothing_above_them() -> None:
    """text/ imports nothing of the package; config/ only text/ and findings; word/ only text/ (its document
    model is its own)."""
    allowed = {"text": set(), "config": {"text", "findings"}, "word": {"text"}, "findings": {"text"}}
    graph = folder_imports()
    assert {part: sorted(graph[part] - ok) for part, ok in allowed.items() if graph[part] - ok} == {}


def test_the_top_of_the_package_holds_only_the_entry_points_and_the_stages() -> None:
    loose = {p.stem for p in DOMAIN.glob("*.py")}
    assert loose == TOP_MODULES
    folders = {p.name for p in DOMAIN.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {f for f in folders if not (DOMAIN / f / "__init__.py").is_file()} == set()


def test_flows_and_the_portal_do_not_import_each_other_both_ways() -> None:
    uses = {package: {n.split(".")[0] for p in (REPO / package).rglob("*.py") for n in imported(p)}
            for package in ("flows", "portal")}
    assert not ("portal" in uses["flows"] and "flows" in uses["portal"])
    assert "portal" not in uses["flows"]  # the portal runs the flows' builds; the flows know nothing of it


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
    found = {p.parent.relative_to(REPO).as_posix().replace("/", ".") for p in DOMAIN.glob("**/__init__.py")}
    assert found | {"flows", "portal"} <= listed


def test_a_command_the_local_server_builds_for_imports_none_of_the_build() -> None:
    """The command only asks the local server, whose build process has everything imported: pandas, matplotlib
    and the drafting code cost it 0.3–0.6 s of start-up when it imported them too."""
    heavy = ("pandas", "numpy", "matplotlib", "annual_report.statistics", "annual_report.wording",
             "annual_report.drafting", "annual_report.report")
    probe = ("import sys, annual_report.cli, annual_report.cli.checks, annual_report.pipeline, flows.cli, "
             f"flows.local_server; print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
