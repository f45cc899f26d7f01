"""The `annual-report` command line: check and build (checks.py: validate, build, preview), start the office's
year (year.py: init, plan import, forms), and after a build (runs.py: compare, release).

Installed packages add to it through the `annual_report.commands` entry points, without this package
importing them: flows/ registers the Prefect flow that runs builds, portal/ the `serve` and `portal` commands.
Without an orchestrator, and with `--no-prefect`, builds run the same pipeline as plain Python.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points

from annual_report.cli import checks, runs, year
from annual_report.cli.checks import Orchestrate
from annual_report.cli.common import app

__all__ = ["app", "checks", "extend", "main", "runs", "year"]
COMMANDS = "annual_report.commands"  # entry-point group: `register(app)`, returning an orchestrator or None


@functools.cache
def extend() -> Orchestrate | None:
    """Register what the installed packages add to the command (COMMANDS entry points, in name order), once;
    the orchestrator of builds one of them returned, if any."""
    orchestrate = None
    for entry in sorted(entry_points(group=COMMANDS), key=lambda e: e.name):
        orchestrate = entry.load()(app) or orchestrate
    return orchestrate


def main() -> None:
    """The `annual-report` command."""
    app(prog_name="annual-report", obj={"orchestrate": extend()})
