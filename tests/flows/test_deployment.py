"""prefect.yaml points at flows that exist, with parameters they accept."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import itertools

import yaml
from cronsim import CronSim

from annual_report.config.workspace import load_workspace
from tests.conftest import REPO


def test_every_deployment_entrypoint_and_parameter_exists() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    assert {d["name"] for d in config["deployments"]} == {"example-2024", "example-2024-daily-check"}
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)
        assert set(deployment["parameters"]) <= set(inspect.signature(flow.fn).parameters)
        assert (REPO / deployment["parameters"]["workspace"] / "report.yaml").is_file()


def test_daily_check_runs_on_weekday_mornings_until_the_deadline() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    deployment = next(d for d in config["deployments"] if d["name"] == "example-2024-daily-check")
    (schedule,) = deployment["schedules"]
    deadline = load_workspace(REPO / deployment["parameters"]["workspace"]).config.deadline
    fires = list(itertools.islice(CronSim(schedule["cron"], dt.datetime(deadline.year, 1, 1)), 100))
    before = [f for f in fires if f.date() < deadline]
    assert len(before) == 23 + 20  # every weekday of January and February 2025
    assert all(f.weekday() < 5 and f.hour == 8 for f in before)
    assert fires[len(before)].year > deadline.year  # nothing fires after the deadline until next January
