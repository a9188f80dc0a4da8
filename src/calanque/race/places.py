"""Cards about the places a course passes: what a mark stands for, and what to ask about it.

The race page shows a card on each mark that has one; opening it asks the answer engine the
card's question in the page's language, so the answer comes from the territory's sources,
with them cited. The questions link a far mark to the territory (Cap Corse: the ferries from
Marseille to Corsica) because the answer engine answers about its own territory and says so
when its sources do not cover a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from calanque.race.course import Course

__all__ = ["PlaceCard", "cards_for"]


@dataclass(frozen=True)
class PlaceCard:
    """A card on a mark: the place in the page's languages, and the question to ask."""

    place: dict[str, str]
    question: dict[str, str]

    def localised(self, lang: str) -> dict[str, str]:
        pick = lang if lang in self.place else "fr"
        return {"place": self.place[pick], "question": self.question[pick]}


def _card(place_fr: str, place_en: str, q_fr: str, q_en: str) -> PlaceCard:
    return PlaceCard({"fr": place_fr, "en": place_en}, {"fr": q_fr, "en": q_en})


#: The demo course's marks (`race.demo`), by name.
DEMO_CARDS: dict[str, PlaceCard] = {
    "Start off Planier": _card(
        "Le Planier et les îles du Frioul",
        "Planier and the Frioul islands",
        "Que voir aux îles du Frioul ?",
        "What is there to see on the Frioul islands?",
    ),
    "Porquerolles (S)": _card(
        "Les Calanques, cap sur Porquerolles",
        "The Calanques, bound for Porquerolles",
        "Comment visiter le parc national des Calanques ?",
        "How can I visit the Calanques national park?",
    ),
    "Giraglia (NE)": _card(
        "Cap Corse et la Giraglia",
        "Cap Corse and the Giraglia",
        "Quels ferries relient le port de Marseille à la Corse ?",
        "Which ferries sail from Marseille to Corsica?",
    ),
    "Bouches de Bonifacio gate": _card(
        "Les Bouches de Bonifacio, entre Corse et Sardaigne",
        "The Strait of Bonifacio, between Corsica and Sardinia",
        "Quels ferries relient Marseille à la Sardaigne ?",
        "Which ferries link the port of Marseille to Sardinia?",
    ),
    "Cap Bon (NE)": _card(
        "Le cap Bon, aux portes de Tunis",
        "Cap Bon, on the doorstep of Tunis",
        "Quelles liaisons maritimes entre Marseille et Tunis ?",
        "Which sea links are there between Marseille and Tunisia?",
    ),
    "Finish off Planier": _card(
        "Retour à Marseille, ville de voile",
        "Back to Marseille, a sailing city",
        "Où faire de la voile à Marseille ?",
        "Where can I go sailing in Marseille?",
    ),
}


def cards_for(course: Course, lang: str) -> dict[int, dict[str, str]]:
    """Mark index -> its card in `lang`, for the marks of `course` that have one."""
    return {
        i: DEMO_CARDS[m.name].localised(lang)
        for i, m in enumerate(course.marks)
        if m.name in DEMO_CARDS
    }
