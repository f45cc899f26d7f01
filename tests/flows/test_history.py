"""The CLI waits for the whole task-run history, counted by the server (not read 200 rows at a time)."""

from __future__ import annotations

import pytest
from prefect import flow, task

from flows import runtime

pytestmark = pytest.mark.usefixtures("prefect_server")


@task
def nothing(i: int) -> int:
    return i


@flow
def many(n: int) -> int:
    return len([f.result() for f in nothing.map(range(n))])


def test_wait_for_history_counts_past_the_servers_page_of_200() -> None:
    state = many(250, return_state=True)
    assert state.result() == 250
    assert runtime.wait_for_history(state.state_details.flow_run_id, 250) == 250
