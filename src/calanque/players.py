"""Players' accounts: sign-up, passwords, sessions, one-time sign-in links, contact consent.

The `players` component of the shared database (`calanque.db`), with its own migrations, so
several web workers share accounts and sessions. What is stored of a secret (a session, a
sign-in link) is its SHA-256; passwords are argon2id hashes (argon2-cffi). No IP address is
stored, and no personal data beyond what the player typed: a boat name, optionally an e-mail,
a country, a club, and whether (since when, for what) the agency may contact them.

Deleting an account erases that row, its sessions and links; what a race keeps of the
player's boat is the race's business (`calanque.race.entrants.forget_player`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from calanque.db.database import Database, Migration, now, script
from calanque.errors import CalanqueError

__all__ = [
    "CONTACT_TOPICS",
    "Player",
    "PlayerError",
    "Players",
    "player_ref",
]

#: What a player may let the agency contact them about.
CONTACT_TOPICS = ("talent", "business", "tourism")
MIN_PASSWORD = 10
#: argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): a start-day burst of log-ins on a
#: 2-core server costs tens of ms of CPU each, where argon2-cffi's default (64 MiB, 3 passes,
#: 4 lanes) took 0.1-0.7 s. Hashes record their parameters: stronger ones still verify, and
#: `log_in` rehashes a password whose hash used other parameters.
ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 2, 19456, 1
SESSION_DAYS = 30
LINK_MINUTES = 15
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PlayerError(CalanqueError, ValueError):
    """A sign-up, log-in or change the accounts refuse; the message is shown to the player."""


def m001_players(db: Any) -> None:
    """Accounts, sessions and one-time sign-in links."""
    script(
        db,
        """
        CREATE TABLE players (
            id {id},
            boat_name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            email TEXT UNIQUE,
            country TEXT NOT NULL,
            club TEXT NOT NULL,
            password_hash TEXT,
            contact_topics TEXT NOT NULL DEFAULT '',
            contact_since TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE player_sessions (
            token_hash TEXT PRIMARY KEY,
            player_id {bigint} NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            expires TEXT NOT NULL
        );
        CREATE INDEX player_sessions_player ON player_sessions(player_id);
        CREATE TABLE player_links (
            token_hash TEXT PRIMARY KEY,
            player_id {bigint} NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            expires TEXT NOT NULL
        );
        CREATE INDEX player_links_player ON player_links(player_id)
        """,
    )


MIGRATIONS: list[Migration] = [m001_players]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _key(boat_name: str) -> str:
    """Two boat names that read the same are the same name (case, accents, spaces)."""
    folded = unicodedata.normalize("NFKD", boat_name).casefold()
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def player_ref(player_id: int) -> str:
    """How a race's entries name an account's boat."""
    return f"player:{player_id}"


@dataclass(frozen=True)
class Player:
    id: int
    boat_name: str
    email: str | None
    country: str
    club: str
    has_password: bool
    contact_topics: tuple[str, ...]
    contact_since: str | None
    created: str

    @property
    def ref(self) -> str:
        return player_ref(self.id)

    def public(self) -> dict[str, Any]:
        """What the player's own page shows them (never the password hash)."""
        return {
            "id": self.id,
            "boat_name": self.boat_name,
            "email": self.email,
            "country": self.country,
            "club": self.club,
            "has_password": self.has_password,
            "contact": {"topics": list(self.contact_topics), "since": self.contact_since},
            "created": self.created,
        }


def _player(r: Any) -> Player:
    topics = tuple(t for t in r["contact_topics"].split(",") if t)
    return Player(
        id=int(r["id"]),
        boat_name=r["boat_name"],
        email=r["email"],
        country=r["country"],
        club=r["club"],
        has_password=r["password_hash"] is not None,
        contact_topics=topics,
        contact_since=r["contact_since"],
        created=r["created"],
    )


class Players:
    """The players' tables and queries, on any `Database`."""

    def __init__(self, database: Database, hasher: PasswordHasher | None = None) -> None:
        self.database = database
        self.hasher = hasher or PasswordHasher(
            time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES
        )
        database.migrate("players", MIGRATIONS)
        # Verified against when no account matches, so a wrong name costs what a wrong
        # password costs (no timing tells which boat names exist).
        self._decoy = self.hasher.hash(secrets.token_urlsafe(16))

    # -- accounts ---------------------------------------------------------------------------

    def sign_up(
        self,
        boat_name: str,
        country: str,
        club: str = "",
        *,
        email: str | None = None,
        password: str | None = None,
        contact_topics: tuple[str, ...] = (),
    ) -> Player:
        """A new account. Without a password the player signs in by one-time links (the demo).

        PlayerError when a field is refused or the boat name or e-mail is taken.
        """
        boat_name = " ".join(boat_name.split())
        club = " ".join(club.split())
        email = email.strip().lower() if email and email.strip() else None
        if not 1 <= len(boat_name) <= 40:
            raise PlayerError("a boat name has 1 to 40 characters")
        if not _COUNTRY.match(country):
            raise PlayerError("country: a two-letter ISO code such as FR")
        if len(club) > 60:
            raise PlayerError("a club name has at most 60 characters")
        if email is not None and (len(email) > 254 or not _EMAIL.match(email)):
            raise PlayerError("that e-mail address does not look valid")
        if password is not None and len(password) < MIN_PASSWORD:
            raise PlayerError(f"a password has at least {MIN_PASSWORD} characters")
        if len(password or "") > 1024:
            raise PlayerError("a password has at most 1,024 characters")
        topics = self._topics(contact_topics)
        hashed = self.hasher.hash(password) if password is not None else None
        with self.database.transaction() as db:
            taken = db.execute(
                "SELECT name_key = ?, email = ? FROM players WHERE name_key = ? OR email = ?",
                (_key(boat_name), email, _key(boat_name), email),
            ).fetchone()
            if taken is not None:
                raise PlayerError(
                    "that boat name is taken" if taken[0] else "that e-mail has an account"
                )
            stamp = now()
            (pid,) = db.execute(
                "INSERT INTO players (boat_name, name_key, email, country, club, password_hash, "
                "contact_topics, contact_since, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    boat_name,
                    _key(boat_name),
                    email,
                    country,
                    club,
                    hashed,
                    ",".join(topics),
                    stamp if topics else None,
                    stamp,
                ),
            ).fetchone()
        return self.get(int(pid))  # type: ignore[return-value]

    def get(self, player_id: int) -> Player | None:
        row = (
            self.database.connection()
            .execute("SELECT * FROM players WHERE id = ?", (player_id,))
            .fetchone()
        )
        return _player(row) if row is not None else None

    def find(self, login: str) -> Player | None:
        """The account a log-in names: its e-mail, or its boat name."""
        login = login.strip()
        column, value = ("email", login.lower()) if "@" in login else ("name_key", _key(login))
        row = (
            self.database.connection()
            .execute(f"SELECT * FROM players WHERE {column} = ?", (value,))
            .fetchone()
        )
        return _player(row) if row is not None else None

    def log_in(self, login: str, password: str) -> Player:
        """The account whose password this is; PlayerError (the same for any failure) if not."""
        refused = PlayerError("wrong boat name, e-mail or password")
        if len(password) > 1024:
            raise refused
        player = self.find(login)
        row = None
        if player is not None:
            row = (
                self.database.connection()
                .execute("SELECT password_hash FROM players WHERE id = ?", (player.id,))
                .fetchone()
            )
        stored = row[0] if row is not None and row[0] else None
        try:
            self.hasher.verify(stored or self._decoy, password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        if stored is None or player is None:
            raise refused
        if self.hasher.check_needs_rehash(stored):
            with self.database.transaction() as db:
                db.execute(
                    "UPDATE players SET password_hash = ? WHERE id = ?",
                    (self.hasher.hash(password), player.id),
                )
        return player

    def set_contact(self, player_id: int, topics: tuple[str, ...]) -> Player:
        """Opt in to being contacted about `topics` (dated now), or withdraw with ()."""
        chosen = self._topics(topics)
        with self.database.transaction() as db:
            db.execute(
                "UPDATE players SET contact_topics = ?, contact_since = ? WHERE id = ?",
                (",".join(chosen), now() if chosen else None, player_id),
            )
        return self.get(player_id)  # type: ignore[return-value]

    def contactable(self, topic: str) -> list[Player]:
        """Accounts that opted in to being contacted about `topic` (for the agency)."""
        rows = self.database.connection().execute(
            "SELECT * FROM players WHERE contact_since IS NOT NULL ORDER BY id"
        )
        return [p for p in map(_player, rows) if topic in p.contact_topics]

    def delete(self, player_id: int) -> None:
        """Erase the account, its sessions and its sign-in links."""
        with self.database.transaction() as db:
            db.execute("DELETE FROM player_sessions WHERE player_id = ?", (player_id,))
            db.execute("DELETE FROM player_links WHERE player_id = ?", (player_id,))
            db.execute("DELETE FROM players WHERE id = ?", (player_id,))

    @staticmethod
    def _topics(topics: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        unknown = sorted(set(topics) - set(CONTACT_TOPICS))
        if unknown:
            raise PlayerError(
                f"unknown contact topic {', '.join(unknown)}; choose {', '.join(CONTACT_TOPICS)}"
            )
        return tuple(t for t in CONTACT_TOPICS if t in topics)

    # -- sessions and links -----------------------------------------------------------------

    def new_session(self, player_id: int, days: int = SESSION_DAYS) -> str:
        """A session token for the player's cookie (only its digest is stored)."""
        token = secrets.token_urlsafe(32)
        created = datetime.now(UTC)
        with self.database.transaction() as db:
            db.execute("DELETE FROM player_sessions WHERE expires < ?", (created.isoformat(),))
            db.execute(
                "INSERT INTO player_sessions VALUES (?, ?, ?, ?)",
                (
                    _digest(token),
                    player_id,
                    created.isoformat(timespec="seconds"),
                    (created + timedelta(days=days)).isoformat(timespec="seconds"),
                ),
            )
        return token

    def session_player(self, token: str) -> Player | None:
        """The account a session token signs in, while it has not expired."""
        if not token or len(token) > 100:
            return None
        row = (
            self.database.connection()
            .execute(
                "SELECT p.* FROM player_sessions s JOIN players p ON p.id = s.player_id "
                "WHERE s.token_hash = ? AND s.expires > ?",
                (_digest(token), datetime.now(UTC).isoformat(timespec="seconds")),
            )
            .fetchone()
        )
        return _player(row) if row is not None else None

    def end_session(self, token: str) -> None:
        with self.database.transaction() as db:
            db.execute("DELETE FROM player_sessions WHERE token_hash = ?", (_digest(token),))

    def new_link(self, player_id: int, minutes: int = LINK_MINUTES) -> str:
        """A one-time sign-in token, valid `minutes` (the demo prints it to the log)."""
        token = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(minutes=minutes)
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO player_links VALUES (?, ?, ?)",
                (_digest(token), player_id, expires.isoformat(timespec="seconds")),
            )
        return token

    def use_link(self, token: str) -> Player | None:
        """The account a sign-in link opens, once: the link is spent whatever happens next."""
        if not token or len(token) > 100:
            return None
        with self.database.transaction() as db:
            row = db.execute(
                "DELETE FROM player_links WHERE token_hash = ? RETURNING player_id, expires",
                (_digest(token),),
            ).fetchone()
        if row is None or row[1] <= datetime.now(UTC).isoformat(timespec="seconds"):
            return None
        return self.get(int(row[0]))
