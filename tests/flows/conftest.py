"""One Prefect test server for the whole session (starting one costs ≈ 10 s)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows import runtime


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Prefect tests share one worker under pytest-xdist (--dist loadgroup), so one test server serves them."""
    for item in items:
        if "tests/flows/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("prefect"))


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    runtime.configure()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield
