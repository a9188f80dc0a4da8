"""One list of the people who agreed to be contacted: visitors of the site (the contact form,
`prospects.py`) and players (the consent they gave when signing up, or later, in `players.py`).

The two consents stay where they were given; this module only reads them, through their owners'
queries, so what one of them withdraws (an unticked topic, an erased account, a withdrawal link)
is gone from the list at the next read. Each person comes with what they asked on the site or
the races they sailed, the date of their consent, and the kinds of contact the agency may make
(talent, business, tourism: the players' topics; a visitor's audience stands for one).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from typing import Any

from calanque.console.prospects import Prospects
from calanque.players import CONTACT_TOPICS, Players
from calanque.race.schedule import RaceDefinition
from calanque.race.store import RaceStore

KINDS = CONTACT_TOPICS
#: The kind of contact a visitor's audience asks for (a resident's is none of the three).
AUDIENCE_KIND = {"talent": "talent", "business": "business", "visitor": "tourism"}


@dataclass(frozen=True)
class Prospect:
    origin: str  # "site" or "race"
    kinds: tuple[str, ...]
    email: str
    name: str  # the visitor's name, or the player's boat
    country: str
    club: str
    audience: str
    lang: str
    message: str
    asked: list[str]  # the questions of the conversation the visitor came from
    sailed: list[str]  # the races the player sailed, oldest first
    consent_at: str


def _visitors(prospects: Prospects, conversations: Any) -> list[Prospect]:
    return [
        Prospect(
            "site",
            (AUDIENCE_KIND[c["audience"]],) if c["audience"] in AUDIENCE_KIND else (),
            c["email"],
            c["name"],
            "",
            "",
            c["audience"],
            c["lang"],
            c["message"],
            c["asked"],
            [],
            c["created_at"],
        )
        for c in prospects.contacts(conversations)
    ]


def _players(players: Players, store: RaceStore | None) -> list[Prospect]:
    opted = {p.id: p for topic in KINDS for p in players.contactable(topic)}
    sailed: dict[str, list[str]] = {}
    if store is not None and opted:
        races = {rid: RaceDefinition.from_json(text) for rid, _, text in store.server_races()}
        for r in store.participations(orders=False):
            sailed.setdefault(r[3], []).append(races[int(r[0])].name)
    return [
        Prospect(
            "race",
            p.contact_topics,
            p.email or "",
            p.boat_name,
            p.country,
            p.club,
            "",
            "",
            "",
            [],
            sailed.get(p.ref, []),
            p.contact_since or "",
        )
        for p in opted.values()
    ]


def prospect_list(
    prospects: Prospects,
    conversations: Any = None,
    players: Players | None = None,
    store: RaceStore | None = None,
) -> list[Prospect]:
    """Everyone who opted in and has not withdrawn, the latest consent first; players only
    when the server runs races (`players`), their races when it has a race store."""
    people = _visitors(prospects, conversations)
    if players is not None:
        people += _players(players, store)
    return sorted(people, key=lambda p: p.consent_at, reverse=True)


COLUMNS = (
    "origin",
    "kinds",
    "email",
    "name",
    "country",
    "club",
    "audience",
    "lang",
    "message",
    "asked",
    "sailed",
    "consent_at",
)


def prospects_csv(people: list[Prospect]) -> str:
    """For the agency's CRM: one row a person, lists joined by ' | '."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    for p in people:
        row = asdict(p)
        w.writerow(
            [" | ".join(row[k]) if isinstance(row[k], list | tuple) else row[k] for k in COLUMNS]
        )
    return out.getvalue()
