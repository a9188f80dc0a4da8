"""The topic of a question, from word prefixes in French and English: a fixed, readable list an
editor can check (the audience, which words alone decide less well, is learnt: `audience.py`).

A question may have several topics; one with none is `other`.
"""

from __future__ import annotations

import re

from calanque.index.analysis import fold

# topic → prefixes of folded words (a prefix matches a word that starts with it)
TOPICS: dict[str, tuple[str, ...]] = {
    "transport": ("transport", "train", "tgv", "gare", "bus", "navette", "metro", "tram",
                  "aeroport", "airport", "flight", "voiture", "parking", "velo",
                  "bike", "ferry", "bateau", "boat", "aller", "getting", "trajet", "route",
                  "autoroute", "deplac"),
    "study": ("etud", "stud", "universit", "ecole", "school", "campus", "formation", "training",
              "master", "licence", "diplom", "degree", "lycee", "doctora", "phd", "bourse",
              "scholarship", "apprenti"),
    "jobs": ("emploi", "job", "travail", "work", "recrut", "recruit", "salaire", "salar",
             "career", "carriere", "embauch", "hiring", "stage", "internship", "poste"),
    "business": ("entreprise", "company", "compan", "business", "invest", "implant", "creer",
                 "startup", "start-up", "incubat", "filiere", "sector", "secteur", "industri",
                 "export", "zone d", "technopole", "subvention", "aide", "fund", "financ",
                 "bureau", "office", "foncier", "port", "logisti"),
    "nature": ("randon", "hik", "calanque", "massif", "parc", "park", "sentier", "trail",
               "nature", "foret", "forest", "feu", "fire", "montagne", "sainte-victoire",
               "victoire", "garlaban", "escalade", "climb", "plein air", "outdoor"),
    "sea": ("plage", "beach", "baign", "swim", "mer", "sea", "crique", "cove", "voile",
            "sail", "plonge", "diving", "nautique", "kayak", "littoral", "coast", "mistral"),
    "culture": ("musee", "museum", "festival", "concert", "theatre", "patrimoine", "heritage",
                "histoire", "history", "monument", "expo", "culture", "cultur", "opera",
                "cinema", "evenement", "event", "visite", "visit", "eglise", "church",
                "cathedral", "phare", "lighthouse"),
    "living": ("logement", "housing", "loyer", "rent", "habiter", "vivre", "live", "living",
               "famil", "creche", "enfant", "child", "sante", "health", "hopital", "hospital",
               "medecin", "doctor", "demenag", "moving", "quartier", "neighbourhood",
               "neighborhood", "securite", "impot", "tax"),
    "food": ("restaurant", "manger", "eat", "food", "gastronom", "cuisine", "marche", "market",
             "vin", "wine", "fromag", "cheese", "huile", "olive", "bouillabaisse", "navette"),
    "facts": ("habitant", "population", "inhabitant", "people live", "code postal", "postal",
              "postcode", "zip", "insee", "superficie", "area", "maire", "mayor", "combien",
              "how many"),
}

_WORD = re.compile(r"[\w'-]+")


def topics(question: str) -> list[str]:
    """The question's topics, in the order of `TOPICS`, or `["other"]`."""
    text = fold(question)
    words = _WORD.findall(text)
    found = []
    for topic, prefixes in TOPICS.items():
        for p in prefixes:
            hit = p in text if " " in p else any(w.startswith(p) for w in words)
            if hit:
                found.append(topic)
                break
    return found or ["other"]
