"""The portal over small real workspaces, through FastAPI's TestClient; builds run the plain pipeline
except in the browser test, which runs the Prefect flow on the session's test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.builds import plain_builder
from portal.context import Options
from tests.conftest import MakeWorkspace
from tests.portal.portal_pages import Clock


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the Prefect test server run beside tests/flows/ (one server per session)."""
    for item in items:
        if "prefect_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("prefect"))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def workspace(make_workspace: MakeWorkspace) -> Path:
    """测试市: units sfj, gaj (departments) and dz (a town); nothing submitted yet."""
    return make_workspace()


@pytest.fixture
def client(workspace: Path, tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    app = create_app(workspace, tmp_path / "out", builder=plain_builder, clock=clock,
                     options=Options(url="http://portal.test"))
    with TestClient(app, base_url="http://portal.test") as test_client:
        yield test_client
    app.state.portal.builds.wait(60)


@pytest.fixture
def other(client: TestClient) -> TestClient:
    """A second browser on the same portal (its own cookies)."""
    return TestClient(client.app, base_url="http://portal.test")
