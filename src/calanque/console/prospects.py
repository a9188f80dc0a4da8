"""Visitors who asked to be contacted: nothing is kept without their explicit opt-in, and each
gets a withdrawal link that erases what they gave.

The withdrawal token is shown once, to the visitor (in the page that confirms the opt-in); the
database keeps its SHA-256, so the console's staff cannot withdraw in their place by accident nor
read a token out of the database. A withdrawn contact keeps only its dates (for the counts).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from calanque.console import schema
from calanque.console.audience import AUDIENCES
from calanque.db.database import Database, now
from calanque.errors import CalanqueError

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
CONSENT = "contact-v1"  # which consent text the visitor accepted (the site's words are versioned)


class ContactError(CalanqueError, ValueError):
    """A contact form that cannot be accepted; the message is for the user."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Prospects:
    def __init__(self, database: Database) -> None:
        self.database = database
        schema.migrate(database)

    def opt_in(
        self,
        email: str,
        *,
        consent: bool,
        name: str = "",
        audience: str = "",
        message: str = "",
        lang: str = "",
        conversation_id: str = "",
    ) -> str:
        """Record a contact who ticked the consent box; returns the withdrawal token."""
        if not consent:
            raise ContactError("consent")
        email = email.strip()
        if not _EMAIL.match(email) or len(email) > 320:
            raise ContactError("email")
        if audience not in ("", *AUDIENCES):
            raise ContactError("audience")
        token = secrets.token_urlsafe(24)
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO console_contacts (email, name, audience, message, lang, "
                "conversation_id, consent, withdraw_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    email,
                    name.strip()[:200],
                    audience,
                    message.strip()[:2000],
                    lang[:5],
                    conversation_id[:64],
                    CONSENT,
                    _hash(token),
                    now(),
                ),
            )
        return token

    def withdraw(self, token: str) -> bool:
        """Erase what the contact gave; False when the token is unknown or already used."""
        with self.database.transaction() as db:
            cur = db.execute(
                "UPDATE console_contacts SET email = '', name = '', message = '', "
                "conversation_id = '', withdrawn_at = ? WHERE withdraw_hash = ? "
                "AND withdrawn_at IS NULL",
                (now(), _hash(token[:100])),
            )
            return cur.rowcount > 0

    def contacts(self, questions: Any = None) -> list[dict[str, Any]]:
        """Contacts who have not withdrawn, newest first; with `questions` (a conversations
        store), what each asked in the conversation they came from."""
        rows = self.database.connection().execute(
            "SELECT id, email, name, audience, message, lang, conversation_id, created_at "
            "FROM console_contacts WHERE withdrawn_at IS NULL ORDER BY id DESC"
        )
        out = []
        for r in rows:
            row = dict(r)
            asked: list[str] = []
            if questions is not None and row["conversation_id"]:
                try:
                    asked = [t.question for t in questions.get(row["conversation_id"]).turns]
                except LookupError:  # the conversation was purged
                    asked = []
            row["asked"] = asked
            out.append(row)
        return out

    def counts(self) -> dict[str, int]:
        row = (
            self.database.connection()
            .execute(
                "SELECT count(*), sum(CASE WHEN withdrawn_at IS NULL THEN 0 ELSE 1 END) "
                "FROM console_contacts"
            )
            .fetchone()
        )
        return {"opted_in": int(row[0] or 0), "withdrawn": int(row[1] or 0)}
