"""The Prefect tests share one xdist worker, so the session's one test server (tests/conftest.py) serves them."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Prefect tests share one worker under pytest-xdist (--dist loadgroup), so one test server serves them."""
    for item in items:
        if "tests/flows/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("prefect"))
