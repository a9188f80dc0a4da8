"""Form fields and query parameters read into what `calanque.console` takes, bounded."""

from __future__ import annotations

import re
from typing import Any, TypedDict

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _text(form: Any, name: str, limit: int = 500) -> str:
    return str(form.get(name) or "").strip()[:limit]


def source_spec(form: Any) -> dict[str, Any]:
    """A web source's fields from the add/edit form (empty fields keep their defaults)."""
    spec: dict[str, Any] = {}
    for name in ("id", "name", "lang", "refresh"):
        value = _text(form, name, 200)
        if value:
            spec[name] = value.lower() if name == "id" else value
    start = [u.strip() for u in _text(form, "start", 20_000).splitlines() if u.strip()]
    if start:
        spec["start"] = start[:50]
    for name in ("max_pages", "max_depth"):
        value = _text(form, name, 10)
        if value:
            if not value.isdigit() or not 0 <= int(value) <= 100_000:
                raise ValueError(f"{name}: a whole number from 0 to 100,000")
            spec[name] = int(value)
    weight = _text(form, "weight", 10).replace(",", ".")
    if weight:
        spec["weight"] = float(weight)
        if not 0 <= spec["weight"] <= 10:
            raise ValueError("weight: from 0 to 10")
    return spec


def date_or_empty(value: str) -> str:
    return value if _DATE.match(value or "") else ""


class FeedbackFilters(TypedDict):
    topic: str
    lang: str
    commune: str
    since: str
    until: str


def feedback_filters(
    topic: str, lang: str, commune: str, since: str, until: str
) -> FeedbackFilters:
    """Filters as the feedback list takes them: an unknown date is no filter; `until` is
    inclusive of its day."""
    end = date_or_empty(until)
    return {
        "topic": topic[:40],
        "lang": lang[:5],
        "commune": commune[:10],
        "since": date_or_empty(since),
        "until": f"{end}T99" if end else "",
    }
