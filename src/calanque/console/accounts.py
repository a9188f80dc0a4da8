"""Staff accounts: argon2 password hashes, sessions in the database, lock-out, and who may do what.

A session token is 32 random bytes the browser keeps in a cookie; the database keeps only its
SHA-256, so a copy of the database opens no session. Each session has its own CSRF token. After
`MAX_FAILURES` wrong passwords in a row an account is locked for `LOCK_MINUTES`, whatever the
address the attempts come from (the web layer also limits attempts per address).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from calanque.console import audit, schema
from calanque.console.audit import Actor
from calanque.db.database import Database, now
from calanque.errors import CalanqueError

ROLES = ("admin", "editor")
MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
MIN_PASSWORD = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

# Who may do what: one table every route asks (through `allowed`).
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),  # see documents, sources, feedback, gaps, impact
    "edit": frozenset(ROLES),  # upload, crawl, act on feedback
    "admin": frozenset({"admin"}),  # staff accounts, the audit log
}

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs what a wrong password does.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(CalanqueError, ValueError):
    """A bad username, password or role; the message is for the user."""


class LoginRefused(CalanqueError):
    """Wrong credentials or a locked account; `locked` says which (the web says the same words
    for both wrong name and wrong password)."""

    def __init__(self, message: str, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked


@dataclass(frozen=True)
class Session:
    token: str  # the cookie's value (only in the login response)
    csrf: str
    actor: Actor


def allowed(role: str, action: str) -> bool:
    return role in PERMISSIONS.get(action, frozenset())


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise AccountError("the password is longer than 1024 characters")


class Accounts:
    """Staff accounts and sessions on any `Database`."""

    def __init__(self, database: Database) -> None:
        self.database = database
        schema.migrate(database)

    # Accounts.

    def add_user(self, username: str, password: str, role: str, actor: Actor = audit.CLI) -> int:
        username = username.strip().lower()
        if not _USERNAME.match(username):
            raise AccountError(
                "a username is 2 to 64 characters: lower-case letters, digits, . _ @ -"
            )
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r} (admin or editor)")
        _check_password(password)
        with self.database.transaction() as db:
            if db.execute("SELECT 1 FROM console_users WHERE username = ?", (username,)).fetchone():
                raise AccountError(f"a user {username!r} already exists")
            (user_id,) = db.execute(
                "INSERT INTO console_users (username, password_hash, role, created_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (username, _hasher.hash(password), role, now()),
            ).fetchone()
            audit.record(db, actor, "user.add", username, role=role)
        return int(user_id)

    def set_password(self, username: str, password: str, actor: Actor = audit.CLI) -> None:
        _check_password(password)
        with self.database.transaction() as db:
            found = db.execute(
                "UPDATE console_users SET password_hash = ?, failures = 0, locked_until = NULL "
                "WHERE username = ?",
                (_hasher.hash(password), username),
            ).rowcount
            if not found:
                raise AccountError(f"no user {username!r}")
            db.execute(
                "DELETE FROM console_sessions WHERE user_id = "
                "(SELECT id FROM console_users WHERE username = ?)",
                (username,),
            )
            audit.record(db, actor, "user.password", username)

    def set_disabled(self, username: str, disabled: bool, actor: Actor) -> None:
        with self.database.transaction() as db:
            found = db.execute(
                "UPDATE console_users SET disabled = ? WHERE username = ?",
                (int(disabled), username),
            ).rowcount
            if not found:
                raise AccountError(f"no user {username!r}")
            if disabled:
                db.execute(
                    "DELETE FROM console_sessions WHERE user_id = "
                    "(SELECT id FROM console_users WHERE username = ?)",
                    (username,),
                )
            audit.record(db, actor, "user.disable" if disabled else "user.enable", username)

    def users(self) -> list[dict[str, Any]]:
        rows = self.database.connection().execute(
            "SELECT id, username, role, disabled, locked_until, created_at, last_login "
            "FROM console_users ORDER BY username"
        )
        return [dict(r) for r in rows]

    def has_users(self) -> bool:
        row = self.database.connection().execute("SELECT 1 FROM console_users LIMIT 1").fetchone()
        return row is not None

    # Sessions.

    def login(self, username: str, password: str) -> Session:
        """A new session, or `LoginRefused` (the same message for a wrong name or password)."""
        username = username.strip().lower()
        at = datetime.now(UTC)
        db = self.database.connection()
        row = db.execute(
            "SELECT id, username, password_hash, role, failures, locked_until, disabled "
            "FROM console_users WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            _verify(_DUMMY, password)
            raise LoginRefused("wrong username or password")
        if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > at:
            raise LoginRefused("account locked after too many failed log-ins", locked=True)
        if row["disabled"] or not _verify(row["password_hash"], password):
            self._failed(row["id"], row["username"], row["failures"] + 1, at)
            raise LoginRefused("wrong username or password", locked=False)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        actor = Actor(int(row["id"]), row["username"], row["role"])
        expires = (at + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        with self.database.transaction() as tx:
            tx.execute(
                "UPDATE console_users SET failures = 0, locked_until = NULL, last_login = ? "
                "WHERE id = ?",
                (now(), row["id"]),
            )
            if _hasher.check_needs_rehash(row["password_hash"]):
                tx.execute(
                    "UPDATE console_users SET password_hash = ? WHERE id = ?",
                    (_hasher.hash(password), row["id"]),
                )
            tx.execute("DELETE FROM console_sessions WHERE expires_at < ?", (now(),))
            tx.execute(
                "INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (_hash_token(token), row["id"], csrf, now(), expires),
            )
            audit.record(tx, actor, "session.login")
        return Session(token, csrf, actor)

    def _failed(self, user_id: int, username: str, failures: int, at: datetime) -> None:
        locked = None
        if failures >= MAX_FAILURES:
            locked = (at + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
        with self.database.transaction() as tx:
            tx.execute(
                "UPDATE console_users SET failures = ?, locked_until = ? WHERE id = ?",
                (0 if locked else failures, locked, user_id),
            )
            if locked:
                audit.record(
                    tx, Actor(user_id, username, ""), "session.locked", minutes=LOCK_MINUTES
                )

    def session(self, token: str) -> Session | None:
        """The live session a cookie names, or None."""
        if not token or len(token) > 128:
            return None
        row = (
            self.database.connection()
            .execute(
                "SELECT s.csrf, s.expires_at, u.id, u.username, u.role, u.disabled "
                "FROM console_sessions s JOIN console_users u ON u.id = s.user_id "
                "WHERE s.token_hash = ?",
                (_hash_token(token),),
            )
            .fetchone()
        )
        if row is None or row["disabled"] or row["expires_at"] < now():
            return None
        return Session(token, row["csrf"], Actor(int(row["id"]), row["username"], row["role"]))

    def logout(self, session: Session) -> None:
        with self.database.transaction() as tx:
            tx.execute(
                "DELETE FROM console_sessions WHERE token_hash = ?", (_hash_token(session.token),)
            )
            audit.record(tx, session.actor, "session.logout")


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
