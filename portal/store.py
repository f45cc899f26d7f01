"""The portal's database: one SQLite file in WAL mode under WORKSPACE/portal/, a connection per thread.

Uploaded versions, reviews and the audit log are append-only: triggers refuse UPDATE and DELETE, so a
version, a review decision or an audit entry, once written, stays as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Clock = Callable[[], dt.datetime]

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    password TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit_links (
    id TEXT PRIMARY KEY, unit TEXT NOT NULL, hash TEXT NOT NULL,
    issued_at TEXT NOT NULL, issued_by TEXT NOT NULL, revoked_at TEXT);
CREATE INDEX IF NOT EXISTS unit_links_unit ON unit_links (unit);
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('user', 'unit')), subject TEXT NOT NULL,
    role TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, ended_at TEXT);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY, unit TEXT NOT NULL, number INTEGER NOT NULL, uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL, original_name TEXT NOT NULL, stored_name TEXT NOT NULL, size INTEGER NOT NULL,
    sha256 TEXT NOT NULL, errors INTEGER NOT NULL, warnings INTEGER NOT NULL, findings TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '', UNIQUE (unit, number));
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES versions (id),
    state TEXT NOT NULL CHECK (state IN ('待审', '通过', '退回修改')), comment TEXT NOT NULL,
    reviewer TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS builds (
    id INTEGER PRIMARY KEY, started_by TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')), run_id TEXT, flow_run_id TEXT,
    seconds REAL, message TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', sha256 TEXT NOT NULL DEFAULT '');
"""
APPEND_ONLY = ("versions", "reviews", "audit")
# Columns added since the first release: (table, column, definition); added to older databases at open.
ADDED = (("builds", "stage", "TEXT NOT NULL DEFAULT ''"), ("versions", "origin", "TEXT NOT NULL DEFAULT ''"))


def _append_only(table: str) -> str:
    return "".join(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        for verb in ("UPDATE", "DELETE"))


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Store:
    """The database of one workspace's portal; safe to share between request threads."""

    def __init__(self, path: Path, clock: Clock = local_now) -> None:
        self.path = path
        self.clock = clock
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connection()
        db.executescript(SCHEMA + "".join(_append_only(t) for t in APPEND_ONLY))
        for table, column, definition in ADDED:
            if column not in {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; WAL keeps the file consistent
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (BEGIN IMMEDIATE) so concurrent writers queue, not fail."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        return self._connection().execute(sql, params).fetchall()

    def row(self, sql: str, *params: Any) -> sqlite3.Row | None:
        return self._connection().execute(sql, params).fetchone()

    def now(self) -> str:
        return stamp(self.clock())

    def audit(self, actor: str, action: str, *, unit: str = "", detail: str = "", sha256: str = "",
              db: sqlite3.Connection | None = None) -> None:
        """Append one entry: who, when, what, about which unit, which file (its SHA-256)."""
        sql = "INSERT INTO audit (at, actor, action, unit, detail, sha256) VALUES (?, ?, ?, ?, ?, ?)"
        params = (self.now(), actor, action, unit, detail, sha256)
        if db is not None:
            db.execute(sql, params)
            return
        with self.write() as own:
            own.execute(sql, params)

    def setting(self, key: str, default: str = "") -> str:
        found = self.row("SELECT value FROM settings WHERE key = ?", key)
        return found["value"] if found else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def portal_dir(workspace: Path) -> Path:
    """WORKSPACE/portal: the database, every uploaded version, the files being checked."""
    return workspace / "portal"


def open_store(workspace: Path, clock: Clock = local_now) -> Store:
    return Store(portal_dir(workspace) / "portal.db", clock)
