"""One Prefect test server for the whole session (starting one costs ≈ 10 s)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows import runtime


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    runtime.configure()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield
