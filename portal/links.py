"""Units' access links: `/u/<id>.<secret>`, issued and revoked by the office; only a hash is stored.

The id finds the link; the secret's SHA-256 is compared in constant time. A unit has at most one valid
link: issuing a new one revokes the old. Revoking also ends the unit's open sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3

from portal.store import Store

_TOKEN = re.compile(r"^(?P<id>[0-9a-f]{12})\.(?P<secret>[A-Za-z0-9_-]{32,64})$")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def link_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/u/{token}"


def issue(store: Store, unit: str, by: str) -> str:
    """A new link token for `unit` (shown once, never stored), revoking the unit's previous link."""
    link_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = store.now()
    with store.write() as db:
        replaced = db.execute("UPDATE unit_links SET revoked_at = ? WHERE unit = ? AND revoked_at IS NULL",
                              (now, unit)).rowcount
        db.execute("INSERT INTO unit_links (id, unit, hash, issued_at, issued_by) VALUES (?, ?, ?, ?, ?)",
                   (link_id, unit, _digest(secret), now, by))
        _end_sessions(db, unit, now)
        store.audit(by, "link_issue", unit=unit, detail=f"链接 {link_id}" + ("，原链接作废" if replaced else ""), db=db)
    return f"{link_id}.{secret}"


def revoke(store: Store, unit: str, by: str) -> int:
    """Revoke the unit's link and end its sessions; the number of links revoked (0 or 1)."""
    now = store.now()
    with store.write() as db:
        count = db.execute("UPDATE unit_links SET revoked_at = ? WHERE unit = ? AND revoked_at IS NULL",
                           (now, unit)).rowcount
        _end_sessions(db, unit, now)
        store.audit(by, "link_revoke", unit=unit, detail=f"作废 {count} 个链接", db=db)
    return count


def _end_sessions(db: sqlite3.Connection, unit: str, now: str) -> None:
    db.execute("UPDATE sessions SET ended_at = ? WHERE kind = 'unit' AND subject = ? AND ended_at IS NULL",
               (now, unit))


def unit_of(store: Store, token: str) -> str | None:
    """The unit whose valid link this is, or None."""
    match = _TOKEN.match(token)
    if match is None:
        return None
    row = store.row("SELECT unit, hash FROM unit_links WHERE id = ? AND revoked_at IS NULL", match["id"])
    if row is None:
        hmac.compare_digest(_digest(match["secret"]), _digest(""))  # same work as a found link
        return None
    return row["unit"] if hmac.compare_digest(_digest(match["secret"]), row["hash"]) else None


def issued(store: Store) -> dict[str, str]:
    """Unit id → when its valid link was issued."""
    return {r["unit"]: r["issued_at"] for r in store.rows(
        "SELECT unit, issued_at FROM unit_links WHERE revoked_at IS NULL")}
