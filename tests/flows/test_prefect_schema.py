"""A new Prefect home's database is created from the shipped schema (flows/prefect_schema.sql), which must be
exactly what the installed Prefect's migrations make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flows import prefect_schema


def statements(sql: str) -> list[tuple[str, ...]]:
    """Each statement as its sorted lines, without trailing commas: a table's constraints come in whatever
    order the migrations' table rebuilds left them."""
    return sorted(tuple(sorted(line.strip().rstrip(",") for line in s.splitlines())) for s in sql.split(";\n"))


def test_the_shipped_schema_is_what_prefect_s_migrations_make() -> None:
    assert statements(prefect_schema.SCHEMA.read_text(encoding="utf-8")) == statements(prefect_schema.migrated()), \
        "Prefect changed: python -m flows.prefect_schema"


def test_a_new_home_gets_its_database_from_the_schema_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in prefect_schema.DATABASE_SETTINGS:
        monkeypatch.delenv(key, raising=False)
    assert prefect_schema.create(tmp_path)
    with sqlite3.connect(tmp_path / "prefect.db") as db:
        head = db.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert len(head) == 1 and {"flow_run", "task_run", "log", "artifact"} <= tables
    assert not prefect_schema.create(tmp_path)  # an existing database is left alone
    assert list(tmp_path.iterdir()) == [tmp_path / "prefect.db"]


def test_a_database_elsewhere_is_left_to_prefect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg://prefect@127.0.0.1/prefect")
    assert not prefect_schema.create(tmp_path)
    assert not (tmp_path / "prefect.db").exists()
