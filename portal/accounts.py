"""Office accounts (reviewer, admin) and their passwords, hashed with scrypt (hashlib, RFC 7914)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from portal.store import Store, stamp

Role = Literal["reviewer", "admin"]
ROLES: dict[str, str] = {"reviewer": "审核人员", "admin": "管理员"}
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and ≈ 50 ms per check
MIN_PASSWORD = 10
MAX_FAILURES = 5  # failed logins of one name within FAILURE_WINDOW before it is locked for that long
FAILURE_WINDOW = dt.timedelta(minutes=15)


class AccountError(ValueError):
    """A refused account change; the message says why, in Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_name(self) -> str:
        return ROLES[self.role]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=2**26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY = hash_password(secrets.token_urlsafe(16))  # checked for unknown names: same time as a real check


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")


def add_user(store: Store, name: str, role: Role, password: str, by: str) -> User:
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("用户名不能为空、不能含空格，最长 64 个字符")
    if role not in ROLES:
        raise AccountError("角色只能是 reviewer（审核人员）或 admin（管理员）")
    validate_password(password)
    with store.write() as db:
        if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"用户 {name} 已存在；要改密码，请重设该用户的密码")
        db.execute("INSERT INTO users (name, role, password, created_at) VALUES (?, ?, ?, ?)",
                   (name, role, hash_password(password), store.now()))
        store.audit(by, "user_add", detail=f"{name}（{ROLES[role]}）", db=db)
    return User(name, role)


def set_password(store: Store, name: str, password: str, by: str) -> None:
    validate_password(password)
    with store.write() as db:
        if db.execute("UPDATE users SET password = ?, active = 1 WHERE name = ?",
                      (hash_password(password), name)).rowcount == 0:
            raise AccountError(f"没有用户 {name}")
        db.execute("UPDATE sessions SET ended_at = ? WHERE kind = 'user' AND subject = ? AND ended_at IS NULL",
                   (store.now(), name))
        store.audit(by, "user_password", detail=name, db=db)


def disable_user(store: Store, name: str, by: str) -> None:
    """The account can no longer log in and its open sessions end; its audit entries stay."""
    with store.write() as db:
        if db.execute("UPDATE users SET active = 0 WHERE name = ?", (name,)).rowcount == 0:
            raise AccountError(f"没有用户 {name}")
        db.execute("UPDATE sessions SET ended_at = ? WHERE kind = 'user' AND subject = ? AND ended_at IS NULL",
                   (store.now(), name))
        store.audit(by, "user_disable", detail=name, db=db)


def list_users(store: Store) -> list[tuple[User, bool]]:
    return [(User(r["name"], r["role"]), bool(r["active"]))
            for r in store.rows("SELECT name, role, active FROM users ORDER BY name")]


def locked_out(store: Store, name: str) -> bool:
    since = stamp(store.clock() - FAILURE_WINDOW)
    found = store.row("SELECT count(*) AS n FROM audit WHERE action = 'login_failed' AND actor = ? AND at > ?",
                      name, since)
    return found is not None and found["n"] >= MAX_FAILURES


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The active user with this name and password, or None; every attempt is audited."""
    row = store.row("SELECT name, role, password, active FROM users WHERE name = ?", name)
    ok = check_password(password, row["password"] if row else _DUMMY) and row is not None and row["active"]
    store.audit(name or "（空）", "login" if ok else "login_failed")
    return User(row["name"], row["role"]) if ok and row else None
