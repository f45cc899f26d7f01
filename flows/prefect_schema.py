"""A new Prefect home's SQLite database, created from the schema Prefect's migrations make (prefect_schema.sql)
instead of by replaying them: 10 ms instead of ≈ 3.5 s of the first build (docs/performance.md), as Rails
loads schema.rb rather than running every migration.

The file holds the schema of one Prefect version; for any other the local server lets Prefect migrate as
usual, and Prefect's own migration check at start finds a created database at its head.
tests/flows/test_prefect_schema.py checks the file against the installed Prefect's migrations. After a Prefect
upgrade: `python -m flows.prefect_schema` writes it again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

SCHEMA = Path(__file__).with_name("prefect_schema.sql")
HEADER = "-- Prefect {version}: the SQLite schema its migrations make (python -m flows.prefect_schema)\n"
DATABASE_SETTINGS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")


def dump(database: Path) -> str:
    """The database's schema and rows as SQL, under a header naming the installed Prefect."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        return HEADER.format(version=metadata.version("prefect")) + "\n".join(db.iterdump()) + "\n"


def migrated() -> str:
    """The dump of a database Prefect's own migrations create, in a throw-away Prefect home."""
    with tempfile.TemporaryDirectory() as home:
        code = ("import asyncio\nfrom prefect.server.database import provide_database_interface\n"
                "asyncio.run(provide_database_interface().create_db())")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"PREFECT_HOME": home}
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, timeout=300)
        return dump(Path(home) / "prefect.db")


def create(home: Path) -> bool:
    """Create the home's database from the schema, when it is the default SQLite file, does not exist yet
    and the schema is the installed Prefect's; whether it did."""
    database = home / "prefect.db"
    if database.exists() or any(os.environ.get(k) for k in DATABASE_SETTINGS) or not SCHEMA.is_file():
        return False
    text = SCHEMA.read_text(encoding="utf-8")
    if not text.startswith(HEADER.format(version=metadata.version("prefect"))):
        return False
    partial = database.with_name(f".{database.name}.{os.getpid()}.partial")
    with contextlib.closing(sqlite3.connect(partial)) as db:
        db.executescript(text)
    partial.replace(database)
    return True


def main() -> None:
    SCHEMA.write_text(migrated(), encoding="utf-8")
    print(SCHEMA)


if __name__ == "__main__":
    main()
