"""Players' accounts on a real SQLite file: hashes, names, sessions, links, consent, erasure."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from calanque.db.sqlite import SQLiteDatabase
from calanque.players import PlayerError, Players


@pytest.fixture
def players(tmp_path: Path) -> Players:
    return Players(SQLiteDatabase(tmp_path / "p.sqlite3"))


def test_passwords_are_argon2id_hashes_and_old_parameters_are_upgraded(
    players: Players, tmp_path: Path
) -> None:
    p = players.sign_up("Mistral", "FR", password="ten letters")
    stored = players.database.connection().execute("SELECT password_hash FROM players").fetchone()
    assert stored[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "ten letters" not in (tmp_path / "p.sqlite3").read_bytes().decode("latin-1")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("ten letters")
    with players.database.transaction() as db:
        db.execute("UPDATE players SET password_hash = ?", (weak,))
    assert players.log_in("mistral", "ten letters").id == p.id
    again = players.database.connection().execute("SELECT password_hash FROM players").fetchone()
    assert again[0].startswith("$argon2id$v=19$m=19456"), "rehashed at log-in"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"boat_name": " ", "country": "FR"}, "1 to 40 characters"),
        ({"boat_name": "A", "country": "France"}, "two-letter ISO code"),
        ({"boat_name": "A", "country": "FR", "email": "not-an-address"}, "does not look valid"),
        ({"boat_name": "A", "country": "FR", "password": "short"}, "at least 10"),
        ({"boat_name": "A", "country": "FR", "contact_topics": ("spam",)}, "unknown contact"),
    ],
)
def test_sign_up_refuses_with_the_field_named(players: Players, kwargs, message: str) -> None:
    with pytest.raises(PlayerError, match=message):
        players.sign_up(**kwargs)


def test_boat_names_that_read_the_same_are_taken(players: Players) -> None:
    players.sign_up("Île d'Or", "FR", email="a@b.fr", password="0123456789")
    for name in ("ile d'or", "ÎLE  D'OR", " Ile d'Or "):
        with pytest.raises(PlayerError, match="boat name is taken"):
            players.sign_up(name, "IT", password="0123456789")
    with pytest.raises(PlayerError, match="e-mail has an account"):
        players.sign_up("Autre", "IT", email="A@B.fr", password="0123456789")
    assert players.find("ILE D'OR").boat_name == "Île d'Or"
    with pytest.raises(PlayerError, match="wrong boat name, e-mail or password"):
        players.log_in("nobody", "0123456789")


def test_sessions_and_links_store_digests_and_expire(players: Players) -> None:
    p = players.sign_up("Tramontane", "ES")
    token = players.new_session(p.id)
    assert players.session_player(token).id == p.id
    stored = players.database.connection().execute("SELECT token_hash FROM player_sessions")
    assert token not in [r[0] for r in stored]
    assert players.session_player(players.new_session(p.id, days=-1)) is None, "expired"
    players.end_session(token)
    assert players.session_player(token) is None
    link = players.new_link(p.id)
    assert players.use_link(link).id == p.id and players.use_link(link) is None
    assert players.use_link(players.new_link(p.id, minutes=-1)) is None, "expired"
    with pytest.raises(PlayerError, match="wrong"):
        players.log_in("Tramontane", "anything at all")  # a link-only account has no password


def test_consent_is_dated_listed_withdrawn_and_erased(players: Players) -> None:
    a = players.sign_up("Libeccio", "IT", contact_topics=("business", "talent"))
    players.sign_up("Sirocco", "TN")
    assert a.contact_topics == ("talent", "business") and a.contact_since
    assert [p.boat_name for p in players.contactable("talent")] == ["Libeccio"]
    assert players.set_contact(a.id, ()).contact_since is None
    assert players.contactable("talent") == []
    token = players.new_session(a.id)
    players.delete(a.id)
    assert players.get(a.id) is None and players.session_player(token) is None
    assert players.sign_up("Libeccio", "IT").id != a.id, "the name is free again"
