"""How stored turns and fresh answers are shown: the JSON payload and the page's turn."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from calanque.conversations import StoredTurn
from calanque.engine import Recorded
from calanque.web.render import answer_html


def source_href(uri: str) -> str:
    """Where a source card links: the page itself on the web, else the site's page that shows
    the indexed text (demo documents, fact sheets, uploaded files)."""
    if uri.startswith(("http://", "https://")):
        return uri
    return "/source?uri=" + quote(uri, safe="")


def with_href(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**s, "href": source_href(s.get("uri", ""))} for s in sources]


def cited_communes(sources: list[dict[str, Any]]) -> list[str]:
    """The communes of the cited sources, in order, once each (the map's markers)."""
    return list(dict.fromkeys(c["insee"] for s in sources for c in s.get("communes", [])))


def turn_html(turn: StoredTurn) -> str:
    """A stored turn's answer as the site showed it: links only to its cited sources."""
    cited = [s.get("uri", "") for s in turn.sources if s.get("cited")]
    return answer_html(turn.answer, turn.id, len(turn.sources), cited)


def turn_view(turn: StoredTurn) -> dict[str, Any]:
    cited = [s for s in turn.sources if s.get("cited")]
    return {
        "id": turn.id,
        "question": turn.question,
        "html": turn_html(turn),
        "sources": with_href(cited),
        "notices": turn.meta.get("notices", []),
        "communes": cited_communes(cited),
    }


def answer_payload(recorded: Recorded) -> dict[str, Any]:
    answer, cited = recorded.answer, recorded.cited_sources
    return {
        "conversation_id": recorded.conversation_id,
        "turn_id": recorded.turn_id,
        "communes": cited_communes(cited),
        "scope": answer.scope,
        "awrf": answer.awrf,
        "question": answer.question,
        "lang": answer.lang,
        "answer": answer.text,
        "html": answer_html(
            answer.text, recorded.turn_id, len(answer.sources), [s.chunk.uri for s in answer.cited]
        ),
        "answered": answer.answered,
        "backend": answer.backend,
        "notices": answer.notices,
        "disclaimer": answer.disclaimer,
        "sources": with_href(cited),
        "permalink": f"/c/{recorded.conversation_id}",
    }


def conversation_payload(conversation: Any) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "created_at": conversation.created_at,
        "turns": [
            {
                "id": t.id,
                "question": t.question,
                "answer": t.answer,
                "html": turn_html(t),
                "lang": t.lang,
                "sources": with_href(t.sources),
                "meta": t.meta,
                "feedback": t.feedback,
                "created_at": t.created_at,
            }
            for t in conversation.turns
        ],
    }
