"""Logins: a random session token in an HttpOnly cookie, stored hashed, with a fixed expiry; and CSRF tokens.

Every form carries a CSRF token: an HMAC, under a key kept in the database, of the visitor's CSRF cookie and
session cookie. A page of another site can neither read these cookies nor compute the token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from portal.store import Store, stamp

SESSION_COOKIE = "portal_session"
CSRF_COOKIE = "portal_csrf"
Kind = Literal["user", "unit"]


@dataclass(frozen=True)
class Session:
    kind: Kind
    subject: str  # a user's name or a unit's id
    role: str  # reviewer / admin for users, "unit" for units
    expires_at: dt.datetime

    @property
    def actor(self) -> str:
        """Who the audit log names: the user, or 「单位 <id>」."""
        return self.subject if self.kind == "user" else f"单位 {self.subject}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start(store: Store, kind: Kind, subject: str, role: str, hours: float) -> str:
    """A new session; the returned token goes into the cookie and nowhere else."""
    token = secrets.token_urlsafe(32)
    now = store.clock()
    with store.write() as db:
        db.execute("INSERT INTO sessions (hash, kind, subject, role, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (_digest(token), kind, subject, role, stamp(now), stamp(now + dt.timedelta(hours=hours))))
    return token


def find(store: Store, token: str | None) -> Session | None:
    """The session of a cookie, unless it has expired, ended, or its user was disabled."""
    if not token:
        return None
    row = store.row("SELECT kind, subject, role, expires_at FROM sessions WHERE hash = ? AND ended_at IS NULL",
                    _digest(token))
    if row is None:
        return None
    expires = dt.datetime.fromisoformat(row["expires_at"])
    if store.clock() >= expires:
        return None
    if row["kind"] == "user" and store.row("SELECT 1 FROM users WHERE name = ? AND active = 1",
                                           row["subject"]) is None:
        return None  # the account was disabled
    return Session(row["kind"], row["subject"], row["role"], expires)


def end(store: Store, token: str | None) -> None:
    if token:
        with store.write() as db:
            db.execute("UPDATE sessions SET ended_at = ? WHERE hash = ? AND ended_at IS NULL",
                       (store.now(), _digest(token)))


def csrf_key(store: Store) -> bytes:
    key = store.setting("csrf_key")
    if not key:
        store.set_setting("csrf_key", secrets.token_hex(32))
        key = store.setting("csrf_key")
    return bytes.fromhex(key)


def csrf_token(key: bytes, csrf_cookie: str, session_cookie: str | None) -> str:
    message = f"{csrf_cookie}|{session_cookie or ''}".encode("ascii", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def csrf_valid(key: bytes, csrf_cookie: str | None, session_cookie: str | None, submitted: str | None) -> bool:
    if not csrf_cookie or not submitted:
        return False
    return hmac.compare_digest(csrf_token(key, csrf_cookie, session_cookie), submitted)
