"""What a question asks, worked out once and handed down the whole answer path.

A `QuestionAnalysis` holds the question's language, the languages its words are stemmed in, its
focus (what is asked, not how it is asked nor where), the places it names and its scope, the
standalone query of a follow-up, and the expected answer type. Retrieval, the equity policy, the
reader, the refusal decision and the model prompt all read it; none of them detects the language
or scans the gazetteer again.

The question forms are French and English cues (language, not territory facts); the territory's
own names come from the pack through the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources

from calanque.answer.periods import months
from calanque.equity.scope import Scope, classify
from calanque.index.analysis import (
    content_stopwords,
    content_tokens,
    fold,
    fold_text,
    folded_words,
    stems,
    tokens,
)
from calanque.index.analysis import words as written_words
from calanque.ingest.language import CAPITALISED, detect, without_names
from calanque.territory.gazetteer import Gazetteer, Reading
from calanque.territory.pack import split_demo_mark


class AnswerType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    DATE = "date"
    NUMBER = "number"
    POSTAL_CODE = "postal_code"
    CONTACT = "contact"  # a telephone number, an e-mail address, a website
    PLACE = "place"
    DEFINITION = "definition"
    HOWTO = "howto"
    LIST = "list"
    YESNO = "yesno"
    OTHER = "other"


# Types answered by one fact: the answer opens on the sentence that holds it.
FACTOIDS = frozenset(
    {
        AnswerType.PERSON,
        AnswerType.ORGANISATION,
        AnswerType.DATE,
        AnswerType.NUMBER,
        AnswerType.POSTAL_CODE,
        AnswerType.CONTACT,
        AnswerType.PLACE,
        AnswerType.YESNO,
        AnswerType.DEFINITION,
        AnswerType.OTHER,
    }
)

# What a thing is known for, asked: "What is La Ciotat famous for?", "Pourquoi Martigues
# est-elle célèbre ?" (folded text)
_FAMOUS = r"(?:famous|known|renowned|celebre|connue?|reputee?)s?"
_FAMOUS_FOR = (
    rf"\bwhat (?:is|are) [\w ]+ {_FAMOUS} for\b"
    rf"|\bwhy (?:is|are|was|were) [\w ]+ (?:so )?{_FAMOUS}\b"
    rf"|\bpourquoi [\w ]+ (?:est|sont) (?:il|elle|ils|elles) (?:si )?{_FAMOUS}\b"
    rf"|\b(?:est|sont) (?:il |elle |ils |elles )?{_FAMOUS} pour quoi\b"
)
# A name asked for ("Comment s'appelle le tokamak… ?", "What is the bike scheme called?"): the
# answer must say one (`refusal.py`). Folded text.
_NAMING = re.compile(
    r"\bcomment s appell?e(?:nt)?\b|\bcomment appelle t on\b|\bwhat (are|is) .+ called\b"
    r"|\bwhat do (you|we|they|people) call\b|\bwhat (?:is|s) the name\b"
)
# The best time of year to go, in a folded question: a date that comes back every year ("Quand
# visiter Marseille ?" is not answered by the Château d'If's sixteenth century).
_BEST_TIME = (
    r"meilleure? (?:moment|periode|saison|epoque|mois)|best (?:time|season|period|month)"
    r"|quand (?:visiter|partir|aller|venir)|when (?:to|should (?:i|we)) (?:visit|go|come|travel)"
)
# Compounds whose words, read alone, are other things: "la randonnée palmée" is snorkelling,
# no hike; "le coucher de soleil" is a sunset, not "exposés au soleil" (general language).
# Questions and sentences are read through them, each compound as one word.
_COMPOUNDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), word)
    for p, word in (
        (r"\brandonn[ée]es?\s+(?:palm[ée]es?|subaquatiques?)\b|\bsnorkell?ing\b", "snorkelling"),
        (r"\bcouchers?\s+d[ue]\s+soleil\b|\bsunsets?\b", "sunset"),
        # (a distance as the crow flies says no bird: "Où voir des oiseaux près d'Istres ?"
        # listed "Istres est à 48 km de Marseille à vol d'oiseau")
        (r"\b[àa] vol d['’ ]?oiseau\b|\bas the crow flies\b", "crowflies"),
        (
            r"\bstart[- ]?ups?\b|\bjeunes pousses\b|\bjeunes entreprises(?: technologiques"
            r"| innovantes)?\b",
            "startup",
        ),
        (r"\bdata[- ]?cent(?:er|re)s?\b|\bcentres? de (?:données|donnees)\b", "datacentre"),
        # (no town square: "How big is it in square kilometres?")
        (r"\bsquare (?:kilomet(?:re|er)s?|km)\b|\bkilom[èe]tres? carr[ée]s?\b", "km²"),
        (r"\b(get|getting|gets) around\b", r"\1 getaround"),
        (
            r"\bcartes? (?:nationales? )?d['’ ]?identit[ée]\b|\bidentity cards?\b|\bid cards?\b",
            "identitycard",
        ),
        # going out at night is the nightlife, not a time of day ("Quel est le meilleur
        # quartier pour sortir le soir à Marseille ?" was refused: no source says "soir" of
        # the centre's "vie très animée")
        (
            r"\bsortir (?:le soir|la nuit|en soir[ée]e)\b|\bvie nocturne\b|\bnight ?life\b"
            r"|\bgo(?:ing)? out (?:at night|in the evening)\b",
            "nightlife",
        ),
        # … and so is going out, said alone: "Quel est le meilleur quartier pour sortir à
        # Marseille ?" opened on where new flats are built (not leaving a place: "sortir de")
        (
            r"\b(pour|o[uù]) sortir\b(?!\s+(?:de|du|des|d['’]))|\b(where to) go out\b(?! of)",
            r"\1\2 nightlife",
        ),
        # opening an office is setting up, not opening hours: "We want to open a European office
        # in Marseille, is there help…?" was answered by the university's international office
        (
            r"\bopen(?:ing)? (?:an? |our |their |its |a new )?"
            r"((?:european |regional |local |french )?)"
            r"(offices?|branch(?:es)?|subsidiar(?:y|ies)|sites?|factor(?:y|ies)|plants?)\b"
            r"|\bouvrir (?:un |une |notre |leur |son |sa )?(bureau|filiale|agence|site|usine)\b",
            r"establish \1\2\3",
        ),
        # a Christmas market is its own ("Quand est le marché de Noël à Marseille ?" was the
        # Chandeleur's procession)
        (r"\bmarch[ée]s? de no[ëe]l\b|\bchristmas markets?\b", "christmasmarket"),
        # a doctor or a pharmacy on duty is its own service, not a "médecin" in history nor the
        # Garde of Notre-Dame ("Où trouver un médecin de garde le dimanche ?" was Nostradamus)
        (
            r"\b(?:m[ée]decins?|pharmacies?|dentistes?|v[ée]t[ée]rinaires?) de garde\b"
            r"|\b(?:on[- ]call|out[- ]of[- ]hours|duty) (?:doctors?|pharmac(?:y|ies)|dentists?"
            r"|vets?)\b",
            "oncall",
        ),
        # street art is no art museum ("Où voir du street art à Marseille ?" was the Beaux-Arts),
        # public gardens no "jeunes publics", an energy bill no ship plugged in at the quay
        (r"\bstreet[- ]art\b|\bgraffitis?\b|\bfresques? murales?\b|\bmurals?\b", "streetart"),
        (r"\bjardins? publics?\b|\bpublic gardens?\b", "publicgarden jardins"),
        (
            r"\bfactures? d['’ ]?(?:[ée]nergie|[ée]lectricit[ée]|chauffage|gaz)\b"
            r"|\b(?:energy|electricity|heating|gas|power) bills?\b",
            "energybill",
        ),
        # a wood fire cooks, no forest fire: "Où manger une pizza au feu de bois ?" was
        # answered by the firemen's number
        (r"\bfeux? de bois\b|\bwood[- ]?fired\b", "woodfired"),
        # a shared garden is its own ("Y a-t-il des jardins partagés à Marseille ?" was the
        # jazz festival in the gardens of the palais Longchamp), an open-air cinema too (the
        # concerts "en plein air")
        (
            r"\bjardins? (?:partag[ée]s?|familiaux|familial|ouvriers?|collectifs?)\b"
            r"|\b(?:community|shared|allotment) gardens?\b|\ballotments?\b",
            "communitygarden",
        ),
        (
            r"\bcin[ée]mas? (?:en )?plein air\b|\b(?:open[- ]air|outdoor) cinemas?\b",
            "openaircinema cinéma",
        ),
        # saving water is no water of the sea ("Comment économiser l'eau en été ?" opened on
        # Euroméditerranée's sea-water cooling); a bike's repair no ship's ("Where can I repair
        # my bike?"); a baby's changing table no changing timetable
        (
            r"\b(?:[ée]conomiser (?:l['’ ]?)?|[ée]conomies? d['’ ]?)eau\b|\bsav(?:e|ing) water\b",
            "watersaving",
        ),
        (
            r"\brepair(?:s|ing)? (?:my |a |the |our |your )?(?:bike|bicycle)s?\b"
            r"|\b(?:bike|bicycle) repairs?\b|\br[ée]parer (?:mon |un |son |ma |votre )?v[ée]los?\b"
            r"|\br[ée]parations? (?:de )?v[ée]los?\b",
            "bikerepair",
        ),
        (
            r"\bchang(?:e|ing) (?:a |the |my |our )?(?:nappies|nappy|diapers?)\b"
            r"|\b(?:baby[- ]changing|changing tables?)\b|\bchanger (?:les |la |une )?couches?\b"
            r"|\btables? [àa] langer\b",
            "babychanging",
        ),
        # the French-speaking world speaks no French to a newcomer ("Do I need to speak
        # French?" was answered by a university "in the French-speaking world")
        (r"\bfrench[- ]speaking\b|\bfrancophones?\b", "francophone"),
        (r"\benglish[- ]speaking\b|\banglophones?\b", "anglophone"),
        # the air's quality is not the water's: "Is the Étang de Berre clean?" was answered by
        # its industries' "questions de qualité de l'air"
        (r"\bqualit[ée] de l['’ ]?air\b|\bair quality\b", "airquality air"),
        # a dish of feet and tripe is not the foot of a hill ("Où manger des pieds paquets ?"
        # listed Allauch "au pied des collines")
        (r"\bpieds?[- ]paquets?\b|\bpieds et paquets\b", "piedspaquets"),
        # a flamingo is not a rosé wine ("flamants roses" and "dominée par les rosés")
        (r"\bflamants? roses?\b|\bflamingo(?:e?s)?\b", "flamingo"),
        # "faire ses courses" is shopping, not the races of "course au large"
        (r"\bfaire (?:ses|les|des|mes|nos|vos|leurs) courses\b", "faire shopping"),
        (r"\b(?:cartes?|titres?) de s[ée]jour\b|\bresidence permits?\b", "residencepermit"),
        # a nursing assistant is no help to create a company ("Quelles aides pour créer…")
        (r"\baides?[- ]soignant(?:e|s|es)?\b|\bnursing assistants?\b", "nursingassistant"),
        # a tourist office is no office space ("Les offices de tourisme… publient un agenda")
        (
            r"\boffices? (?:de |du )tourisme\b|\btourist (?:information )?offices?\b",
            "touristoffice",
        ),
        # a ski resort is no railway station, an Olympic pool no Olympic marina
        (r"\bstations? de ski\b|\bski (?:resorts?|stations?)\b", "skiresort"),
        (
            r"\bpiscines? olympiques?\b|\bolympic(?:-size[d]?)? (?:swimming )?pools?\b",
            "olympicpool",
        ),
        # a picnic is one thing, not a "pique" and a "niquer"
        (r"\bpique[- ]?niqu\w*|\bpicni(?:c|cs|cking|cked)\b", "picnic"),
        # a nativity scene is no day nursery ("Comment fonctionne la crèche ?")
        (r"\bcr[èe]ches? proven[çc]ales?\b|\bnativity scenes?\b", "nativity"),
        # a business park is no park to walk in ("Quels sont les parcs à Marseille ?" listed
        # "de grands parcs d'activités périphériques"); a zone of activities, of industry or of
        # shops is one, and a technology park keeps its technology
        (
            r"\bparcs? (?:d['’ ]?(?:activit[ée]s|affaires)|tertiaires?)\b|\b(?:business|office)"
            r" parks?\b|\bzones? (?:d['’ ]?(?:activit[ée]s|affaires)|commerciales?)\b"
            r"|\bretail parks?\b",
            "businesspark",
        ),
        (
            r"\b(?:parcs?|zones?) (technologiques?|scientifiques?|industriel(?:le)?s?"
            r"|industrialo-portuaires?)\b|\b(technology|science|industrial) parks?\b",
            r"\1\2 businesspark",
        ),
        # a town hall, a mansion or a business incubator is no hotel ("And hotels nearby?"
        # was answered by the ferry "entre le quai de l'Hôtel de Ville et la place aux Huiles")
        (r"\bh[ôo]tels? de ville\b|\b(?:town|city) halls?\b", "townhall"),
        (r"\bh[ôo]tels? particuliers?\b|\bmansions?\b", "mansion"),
        (r"\bh[ôo]tels? d['’ ]?(entreprises?)\b|\bbusiness incubators?\b", r"incubator \1"),
        # sun cream is no sunshine ("Is there enough sun in Marseille?" was answered by "bring
        # water, a hat and sun protection")
        (
            r"\bsun (?:protection|cream|screen|block)\b|\bsunscreen\b"
            r"|\b(?:protection|cr[èe]me) solaire\b",
            "sunscreen",
        ),
        # a fishing port, boat or village is no place to go fishing ("Où pêcher près de
        # Marseille ?" was answered by a coast of "ports de pêche")
        # (still a port, a boat or a village)
        (r"\b(ports?|bateaux|barques|villages?) de p[êe]ch(?:e|eurs)\b", r"\1 fishingport"),
        (r"\bfishing (ports?|harbou?rs?|boats?|villages?)\b", r"fishingport \1"),
        # a sailing or diving course is no internship ("Je suis étudiant ingénieur, où trouver
        # un stage à Marseille ?" was answered by the sailing schools' "stages d'initiation")
        (
            r"\bstages? (d['’]initiation|de (?:voile|plongée|plongee|surf|kayak|perfectionnement"
            r"|découverte|decouverte|natation))\b",
            r"activitycourse \1",
        ),
        # … nor a sailing or driving school a school ("Et les écoles pour leurs enfants ?" after
        # a firm recruiting in Marseille was answered by the city's sailing for children)
        (
            r"\b[ée]coles? (de (?:voile|plong[ée]e|surf|kitesurf|kayak|natation|conduite"
            r"|pilotage|parapente))\b",
            r"activityschool \1",
        ),
        (
            r"\b(sailing|diving|surf|surfing|kitesurfing|kayak|swimming|driving|flying) schools?\b",
            r"\1 activityschool",
        ),
        # a coach's or a camper van's parking is its own: "Where can a coach park in
        # Marseille?" was the Prado seaside park, then the car parks near the trailheads
        (
            r"\b(?:coach|bus|autocar|camper(?:[- ]?van)?|camping[- ]cars?|motorhome)s?"
            r" (?:park(?:s|ing)?|be parked)\b"
            r"|\b(?:parkings?|stationnement) (?:des |pour (?:les )?)?"
            r"(?:autocars?|cars de tourisme|camping[- ]cars?)\b",
            "coachparking",
        ),
        # a mansion, a town hall and an incubator's offices are no hotel ("Any good hotels?"
        # at Aix-en-Provence was "L'hôtel de Caumont, hôtel particulier du quartier Mazarin");
        # an "hôtel de" a family's name is its mansion
        (r"\bh[ôo]tels? particuliers?\b|\bmansions?\b|\btownhouses?\b", "mansion"),
        (r"\bh[ôo]tels? de ville\b|\b(?:town|city) halls?\b", "townhall mairie"),
        (r"\bh[ôo]tels? d['’ ]?entreprises?\b|\bbusiness hotels?\b", "businesshotel"),
        (r"\bh[ôo]tel (?:de |d['’]|du )(?=(?-i:[A-ZÀ-Ý][a-zà-ÿ]))", "mansion "),
        # the housing or the job market is no market to shop at ("Y a-t-il un marché à Aix ?"
        # opened on "Le marché du logement est tendu à Aix-en-Provence")
        (
            r"\bmarch[ée]s? (?:du logement|de l['’ ]?immobilier|immobiliers?|locatifs?)\b"
            r"|\b(?:housing|property|rental|real estate) markets?\b",
            "housingmarket logement",
        ),
        (
            r"\bmarch[ée]s? (?:du travail|de l['’ ]?emploi)\b|\b(?:job|labou?r) markets?\b",
            "jobmarket emploi",
        ),
    )
)


# The words compounds are written as: the index holds their parts, never them.
COMPOUND_WORDS = frozenset(word for _, word in _COMPOUNDS if "\\" not in word)


def compounded(text: str) -> str:
    """The text with each compound of `_COMPOUNDS` written as its one word."""
    return _substituted(text, _COMPOUNDS)


def _substituted(text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """The text with each pattern of `table` replaced, in order."""
    for pattern, words in table:
        text = pattern.sub(words, text)
    return text


# A French role held by one person, after its article: who holds it is asked.
_ROLE_FR = (
    r"(?:le |la |l )(?:actuel |actuelle |nouveau |nouvelle )?(?:president|presidente|directeur"
    r"|directrice|maire|fondateur|fondatrice|architecte|auteur|createur|prefet|depute|deputee"
    r"|senateur|ministre|patron|patronne)"
)
# "en cas de", "si", "quand" after "que faire": what to do when something happens, no visit
_WHEN_IT_HAPPENS = r"(?:en cas|si|s il|quand|lorsqu\w*|face)\b"
# … or first, on arriving: the formalities, not a visit ("Je viens d'arriver à Marseille, que
# faut-il faire en premier ?")
_FIRST_ON_ARRIVING = (
    r"(?:en (?:tout )?premier|d abord|en arrivant|a l arrivee|une fois arrivee?s?)\b"
)
_UPON = re.compile(
    r"\b(?:que faire|que dois je faire|que doit on faire|comment (?:reagir|agir)) "
    + _WHEN_IT_HAPPENS
    + r"|\bwhat (?:to|should i|should we|do i|do we|must i) do (?:if|in case|when)\b"
)
# Going without a car is going by any other way: no word of what is asked nor searched (the
# car's finds "Parking near the most popular beaches is limited"); the query keeps it, for a
# follow-up and a model's prompt.
# Who the asker is, before what they ask: "Je suis étudiant Erasmus, où trouver un logement à
# Aix ?" asks nothing of Erasmus, "I'm a Google engineer, where should I live?" nothing of
# Google. The clause runs to its first comma or stop.
_SELF_DESCRIBED = re.compile(
    # where they live or stay: "Je vis à Salon-de-Provence, que faire le week-end ?"
    r"^\s*(?:(?P<living>je vis|nous vivons|on vit|j['’]habite|nous habitons|on habite|i live"
    r"|we live|(?:i['’]m|we['’]re|i am|we are) staying|je loge|nous logeons|je s[ée]journe"
    r"|nous s[ée]journons"
    # … or have just arrived, where they now are: "Je viens d'arriver à Marseille, …" (not
    # where they come from)
    r"|(?:je viens|nous venons|on vient) d['’](?:arriver|emm[ée]nager)|je viens de m['’]installer"
    r"|nous venons de nous installer|(?:i|we)(?:['’]ve| have)? just (?:arrived|moved)"
    # … or arrive, by what and where: "Nous arrivons en TGV à Marseille, comment rejoindre le
    # Vieux-Port ?" asks the way (not from where: "nous arrivons de Lyon")
    r"|(?:j['’]arrive|nous arrivons|on arrive|i arrive|we arrive|i['’]m arriving"
    r"|we['’]re arriving)(?!\s+(?:d(?:e|u|es)\b|d['’]|from\b)))"
    # … or who they are
    r"|je suis|j['’]suis|nous sommes|on est|i['’]m|i am|we['’]re|we are"
    # … or how they travel: "Nous voyageons en camping-car, que voir… ?"
    r"|je voyage|nous voyageons|on voyage|(?:i|we) travel|(?:i['’]m|we['’]re|i am|we are)"
    r" travell?ing"
    # … or what they organise: "We organise group tours from China, what are the must-see
    # places near Marseille?" asks nothing of China
    r"|(?:we|i) organi[sz]e|nous organisons|j['’]organise"
    # … or what they study, no topic either: "I study architecture, which buildings should I
    # see in Marseille?" listed the campuses
    r"|(?P<studying>i study|we study|j['’][ée]tudie|nous [ée]tudions|je fais des [ée]tudes"
    r"|je vais [ée]tudier|je viens [ée]tudier|i['’]m going to study|i will study|i['’]ll study)"
    # … or how they work, from anywhere: "Je travaille à distance et je quitte Nantes, où
    # vivre près de Marseille ?" (not where they work, which is a place to live near)
    r"|(?:je travaille|nous travaillons|on travaille|i work|we work|i['’]m working"
    r"|we['’]re working) (?:[àa] distance|en t[ée]l[ée]travail|de chez (?:moi|nous)"
    r"|remotely|from home)"
    # … or what they start: "Je commence une thèse à Marseille, où se loger ?"
    r"|je commence|nous commen[çc]ons|i['’]m starting|i am starting"
    # … or where they come from: "Je quitte Paris pour Aix, quels quartiers pour une
    # famille ?" asks nothing of Paris
    # (not where they go: "Je déménage à Vitrolles pour le travail, où habiter ?" asks near work)
    # … or how old, no topic either: "J'ai 16 ans, qu'est-ce qu'on peut faire le samedi… ?"
    # found the sea rescue's "canal 16"
    r"|(?P<aged>j['’]ai \d+ ans|nous avons \d+ ans|i['’]m \d+(?: years old)?)"
    r"|(?P<coming>je quitte|nous quittons|on quitte|(?:je viens|nous venons|on vient|j['’]arrive"
    r"|nous arrivons|on arrive|je d[ée]m[ée]nage|nous d[ée]m[ée]nageons|on d[ée]m[ée]nage)"
    r" d(?:e|u|es|['’])|venant d(?:e|u|es|['’])|(?:(?:i['’]m|we['’]re|i am|we are) )?"
    r"(?:moving|relocating) from|(?:(?:i['’]m|we['’]re|i am|we are) )?(?:leaving|coming from)))"
    r"\b[^,.;:!?]*[,.;:]",
    re.IGNORECASE,
)


# Where one opening clause of who asks ends and the next begins: "J'ai 70 ans et j'habite
# Marseille, …" (… or by where they come from, said after who they are: "I'm a data scientist
# moving from Paris, which companies hire in Marseille?" searched Paris)
_AND = re.compile(
    r"\s(?:et|and)\s|\s(?=(?:moving|coming|relocating) from\b|venant d)", re.IGNORECASE
)


def _described(query: str) -> list[tuple[int, int, bool, bool]]:
    """The clauses in a row that open the question on who the asker is or where they come from
    ("Je suis enseignant, je viens de Lille, où vivre… ?"): their spans, whether each says
    where they come from, how old they are or what they study, words of no topic, and whether
    it says nothing of what is asked at all (age, study: not searched either; where they come
    from may be, "Nous déménageons de Lyon avec deux enfants, …"). A clause on where they live
    spans its place alone: the place is asked of, the verb is not ("Je vis à
    Salon-de-Provence, que faire… ?")."""
    clauses: list[tuple[int, int, bool, bool]] = []
    at = 0
    while said := _SELF_DESCRIBED.match(query[at:]):
        start = at + (said.end("living") if said["living"] else 0)
        silent = bool(said["aged"] or said["studying"])
        # (two clauses joined by "et": "J'ai 70 ans et j'habite Marseille, …" lives in
        # Marseille, whatever the age says)
        end = at + said.end()
        joined = next(
            (m for m in _AND.finditer(query, at, end) if _SELF_DESCRIBED.match(query[m.end() :])),
            None,
        )
        clauses.append(
            (start, joined.start() if joined else end, silent or bool(said["coming"]), silent)
        )
        at = joined.end() if joined else end
    return clauses


# Where to live, asked: who asks says little of it.
_WHERE_TO_LIVE = re.compile(
    r"\b(?:o[uù]|quelle? (?:ville|commune|quartier)s? (?:pour )?)(?: \w+)? (?:vivre|habiter|loger"
    r"|s['’]installer|nous installer|m['’]installer)\b|\bwhere (?:to|should (?:i|we)|can (?:i|we))"
    r" (?:live|settle|stay)\b"
    # … or which town to choose, moving ("Nous sommes retraités à Lille et voulons nous
    # installer au soleil, quelle ville choisir ?" searched retirement and Lille)
    r"|\bquelle? (?:ville|commune)s? choisir\b"
    r"|\bwhich (?:town|city) (?:to|should (?:i|we)) choose\b",
    re.IGNORECASE,
)


def _coming_from(
    query: str,
    described: list[tuple[int, int, bool, bool]],
    elsewhere: bool = False,
    where_to_live: bool = False,
) -> str:
    """The question without the clauses (`described`) saying where the asker comes from: their
    words are not what is asked ("Je viens de Lyon, comment trouver un logement à Marseille ?"
    was refused: no source spoke of coming from Lyon). Who the asker is stays, "Je suis
    infirmière" saying what work is sought, unless where to live is asked ("Je suis enseignant,
    je viens de Lille, où vivre… ?" opened on "L'enseignement privé… est bien représenté");
    and where they are stays unless the question asks `elsewhere` ("Je suis développeur à
    Bordeaux, quelles entreprises recrutent à Marseille ?"). `where_to_live`: what comes after
    them asks where to live (`_WHERE_TO_LIVE`)."""
    rest = described[-1][1] if described else 0
    if where_to_live:
        return query[rest:]
    kept = _who_asks(query, described)
    return (_AT_TOWN.sub(" ", kept) if elsewhere else kept) + query[rest:]


def _who_asks(query: str, described: list[tuple[int, int, bool, bool]]) -> str:
    """The opening clauses but those on where the asker comes from."""
    return "".join(query[start:end] for start, end, unasked, _ in described if not unasked)


# Where one is, or one's firm is from: "à Bordeaux", "in Lyon", "de Nantes" (not "from",
# which is also where one's clients come from: "We organise group tours from China, …" is no
# question a tour of the territory answers either)
_AT_TOWN = re.compile(
    r"(?:\b(?:à|au|aux|en|in|at|near|de|du)\s+|\bd['’])"
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*"
)


# A turn opening on a name taken up by a pronoun: "Et Notre-Dame-de-la-Garde, elle date de
# quand ?", "And the Château d'If, is it open?"
_DISLOCATED = re.compile(
    r"^\W*(?:(?:et|mais|and|but|what about)\s+)?(?:(?:l['’]|les?|la|the)\s*)?[A-ZÀ-Ý][^,?]{1,60},"
    r"\s*(?:(?:est|is|was|are|were|can|does|do|did)\s+)?(?:il|elle|ils|elles|it|they)\b",
    re.IGNORECASE,
)
# … and one right after the verb that follows a name: "Marseille a-t-elle un tramway ?" (a
# question word first asks of something said before: "Quand est-elle ouverte ?")
_INVERTED = re.compile(
    r"^\W*(?:(?i:et|mais|and|but)\s+)?"
    r"(?!(?i:quand|comment|combien|pourquoi|où|ou|que|qu|quel\w*|qui|lequel|laquelle|est|a|peut"
    r"|faut)\b)[A-ZÀ-Ý][^,?]{0,60}?\s[a-zàâçéèêëîïôûùüÿœ]+(?:-t)?-(?:il|elle|ils|elles)\b"
)
_WITHOUT_CAR = re.compile(
    r"\b(?:sans (?:la |une |sa |ma )?voiture|without (?:a |the |my |your )?car)\b", re.IGNORECASE
)
# Lists whose items are named organisations or people (folded forms).
_LISTED_TYPES = {
    AnswerType.ORGANISATION: frozenset(
        "entreprise entreprises societe societes company companies firm firms employeur "
        "employeurs employer employers industriel industriels".split()
    ),
    AnswerType.PERSON: frozenset(
        "peintre peintres painter painters ecrivain ecrivains writer writers artiste artistes "
        "artist artists architecte architectes architect architects personnalite "
        "personnalites celebrities poete poetes poet poets".split()
    ),
}
# "Who is the largest employer…?" asks for a company, not a person (after "who").
_FIRM = r" the (?:\w+ )?(?:employers?|company|companies|firms?)\b"
_IS = r" (?:is|are|was|were)"
# Cue patterns on the folded question, tried in this order: the first that matches decides.
_TYPE_CUES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = tuple(
    (t, re.compile(p))
    for t, p in (
        (
            AnswerType.POSTAL_CODE,
            r"\bcodes? postaux?\b|\bcode postal\b|\b(postal|zip|post) ?codes?\b|^cp (?=\S)"
            r"|\bpostcodes?\b",
        ),
        (
            AnswerType.PERSON,
            r"^(et )?(par |a |avec |de )?qui\b|^(and )?(by |with |to )?whom?\b(?!"
            + _IS
            + _FIRM
            + ")"
            r"|\bc est qui\b"
            r"|\bwho (is|was|are|were|runs|leads|heads|chairs|founded|created|built|directs"
            r"|manages)\b(?!"
            + _FIRM
            + ")|\b(nom|name) (du|de la|of the|of) (president|presidente|directeur"
            r"|directrice|maire"
            r"|fondateur|fondatrice|architecte|auteur|createur|chairman|chair|director|mayor"
            r"|founder|architect|author|head)\b"
            # "comment s'appelle le maire de Gardanne" asks for a person, "… le musée" does not
            # "comment s'appelle…" or "quel est le maire de Gardanne": the holder of a role
            rf"|\b(?:comment s appelle|quel(?:le)? (?:est|etait)) {_ROLE_FR}\b"
            # "Quel écrivain a rendu célèbres les collines du Garlaban ?" asks for one person
            r"|\bquel (ecrivain|peintre|artiste|architecte|auteur|poete|romancier|cineaste"
            r"|realisateur|sculpteur|chanteur|musicien|compositeur|navigateur|savant|roi"
            r"|empereur|general|personnage)\b|\b(which|what) (writer|painter|artist|architect"
            r"|author|poet|novelist|filmmaker|director|sculptor|singer|musician|composer"
            r"|sailor|scientist|king|emperor|general)\b",
        ),
        (
            # "le numéro de téléphone de l'office de tourisme", "What is the museum's website?":
            # answered by the number or address itself, which a sentence holds or not
            AnswerType.CONTACT,
            r"\bnumeros? de telephone\b|\btelephone (?:de|du|des|d)\b|\bphone numbers?\b"
            r"|\bphone of\b|\badresses? (?:e ?mail|mail|electronique)\b"
            r"|\b(?:e ?mail|courriel) (?:de|du|des|d|of|address)\b"
            r"|\bsites? (?:internet|web)\b|\bweb ?sites?\b|\burl\b",
        ),
        (
            AnswerType.DATE,
            # "quand" and "when" ask for a date when they open the question, not inside it
            # ("Où inscrire mon enfant quand on arrive ?")
            # (nor when it says on which condition: "Et quand il y a du mistral ?")
            r"^(et |mais )?quand\b(?! il y a\b)"
            r"|\bc est quand\b|\bdat(e|ent) de quand\b|\bdates? (back )?from when\b"
            r"|\bquand (a|ont|est|sont|ouvre|ferme|commence|se|s|aura|auront)\b"
            r"|\ben quelle annee\b|\bquelle (annee|date|epoque|periode|saison|heure)\b"
            r"|\bquel (mois|siecle|jour)\b|\bdepuis quand\b"
            r"|\ba quelle (date|heure|epoque|periode|saison)\b"
            r"|^(and |but )?when\b(?! there (is|s)\b)|\bwhen (is|was|are|were|does|do|did|will"
            r"|can|should|has|have)\b|\bwhat (year|date|time|month|season|century)\b"
            r"|\bsince when\b|\bwhich (year|month|season|century)\b|\bhow long ago\b"
            # how old a place is, is when it was founded ("fondée vers 600 avant notre ère")
            # (of a thing named: "How old is it?" after the Vieux-Port found its forts' dates)
            r"|\bhow old (is|are) (?!(it|they|this|that)\b)|\bquel age (a|ont) (?!t (il|elle)\b)"
            # "Quelle est la date du premier plasma d'ITER ?"
            r"|\bquelles? (est|sont|etait|etaient) (la|les) dates?\b"
            r"|\bwhat (is|are|was|were) the dates?\b"
            # the best time to go is a season
            rf"|\b(?:{_BEST_TIME})\b"
            # opening hours and timetables are times too
            r"|\bhoraires?\b|\bheures? d ouverture\b|\bopening (hours|times)\b|\bhours$",
        ),
        (
            # "Comment s'appellent les habitants de Gardanne ?" asks for a name, not a count;
            # "comment s'appelle le tokamak du CEA" for a name, not a way
            AnswerType.OTHER,
            _NAMING.pattern,
        ),
        (
            AnswerType.NUMBER,
            r"\bcombien\b|\bhow (many|much|far|long|big|large|high|tall|deep"
            r"|old)\b|\bquel(le)?s? (est|sont) (la|le|les|l) (population|superficie|surface"
            r"|distance|altitude|hauteur|longueur|taille|densite|capacite|nombre|prix|cout|duree|part"
            r"|pourcentage|budget|effectif|numero|salaire|tarifs?|frais|profondeur|largeur|poids"
            r"|loyer|puissance|montant"
            r"|vitesse|temperature)\b"
            r"|\bquel(le)?s? (population|superficie|surface|distance|altitude|hauteur|longueur"
            r"|taille|densite|capacite|nombre|profondeur|largeur|poids|vitesse|temperature"
            r"|prix|cout|duree|part|pourcentage|numero|salaire|salaires|tarifs?|loyer|puissance"
            r"|montant)\b"
            r"|\bnombre d\b|\bwhat (?:salary|salaries|wages?|rent)\b"
            r"|\bwhat (is|was|are) the (population|area|size|distance|altitude|height|length"
            r"|density|capacity|number|price|cost|share|percentage|budget|depth|width|weight"
            r"|speed|temperature|rent|power|output|amount)\b"
            # with a word before what is counted: "the tuition fees", "the phone number"
            r"|\bwhat (is|was|are) the (\w+ )?(fees?|fares?|salary|salaries|wages?|number|limit)\b"
            r"|\bwhat (population|percentage|share)\b|\bpopulation (?:totale? )?(de|d|du|des|of)\b"
            # a number to call: "What number do I call for a fire?", "numero pompiers"
            r"|\b(?:what|which) (?:phone )?number (?:do|should|can|to)\b"
            r"|^(?:le )?numeros? (?:des |du |de la )?\w"
            r"|\btotal population\b"
            # a follow-up naming only the measure: "Et sa superficie ?", "And its area?"
            r"|^(?:et |and )?(?:sa |son |leur |la |le |l |its |their |the )?(?:population"
            r"|superficie|surface|altitude|densite|area|size|density)$"
            # a query opening on a price ("prix ticket car aix marseille", "Tarif d'entrée au
            # parc ?"), not on reductions ("tarifs réduits pour les étudiants")
            r"|^(?:le |les )?(?:prix|tarifs?)\b(?! reduits?\b)|\blimite de vitesse\b"
            r"|\bspeed limit\b|\bloyers? moyens?\b|\baverage (?:rent|price|cost)s?\b"
            r"|\bhabitants\b|\binhabitants\b"
            # "Is it far from Aix?" asks how far
            r"|\b(?:is it|is that|is this|c est|est ce|est il|est elle) (?:very |too |tres |trop )?"
            r"(?:far|loin)\b",
        ),
        # Singular only: "quelles entreprises" asks for a list.
        (
            AnswerType.ORGANISATION,
            # (the largest, the first of them too: "Quelle est la plus grande entreprise… ?")
            r"\bquel(le)? (est )?(l |la |le )?((plus grande?|premiere?|principale?) )?(entreprise"
            r"|societe"
            r"|organisme|organisation|universite|ecole|agence|institution|operateur|compagnie"
            r"|laboratoire|association|club|structure)\b|\bwhich (company|firm|organisation"
            r"|organization|university|school|agency|institution|operator|airline|laboratory"
            r"|association|club)\b|\bwhat (company|organisation|organization|agency|university"
            r"|school|operator|airline)\b|\bqui (organise|gere|exploite|finance|porte)\b"
            r"|\bwho (organises|organizes|operates|runs|manages) the\b"
            r"|\bwho" + _IS + _FIRM,
        ),
        (
            AnswerType.DEFINITION,
            r"\bqu est ce que?\b(?!.*\b(faire|voir|visiter)\b)"
            r"|\bqu est ce qu\b(?!.*\b(faire|voir|visiter)\b)|\bc est quoi\b"
            r"|\bque (signifie|veut dire|designe)\b|\bdefinition\b"
            r"|^que sont (les|des) \w+( \w+)?$"
            r"|\bwhat does .+ mean\b|\bmeaning of\b"
            # what a place is known for is what it is: "What is La Ciotat famous for?"
            rf"|{_FAMOUS_FOR}"
            # "What is the Sainte-Victoire mountain?" (not "what is the weather in Aix")
            r"|\bwhat (is|are) (a|an|the)? ?"
            r"(?!(?:a|an|the|best|main|biggest|largest|oldest|nearest|top|most|major|key)\b)"
            r"\w+( \w+)?\??$"
            r"|\bwhat is (a|an|the)? ?"
            r"(?!(?:a|an|the|best|main|biggest|largest|oldest|nearest|top|most)\b)"
            r"\w+( (?!(?:in|of|at|for|to|near|like)\b)\w+){0,2}\??$"
            r"|^(le |la |les |l )?\w+( \w+)? (c est|ca veut dire) (quoi|qu)",
        ),
        (
            AnswerType.HOWTO,
            r"^(et )?comment\b|\bhow (do|can|should|to|does|could)\b"
            r"|\bquelles? (demarches?|etapes?|formalites?)\b|\bque faire pour\b|\bwhat steps\b"
            # what to do when something happens: "Que faire en cas d'incendie ?"
            rf"|\bque faire {_WHEN_IT_HAPPENS}|\bwhat (to|should i|should we|do i|do we) do"
            r" (if|in case|when)\b"
            # … or first, on arriving: the formalities
            r"|\b(?:que|qu est ce qu (?:il|on)) (?:faut il|faut|dois je|doit on|doit|peut on)"
            rf" faire {_FIRST_ON_ARRIVING}"
            r"|\bwhat (?:should|must|do) (?:i|we) do first\b"
            r"|\bmoyens? (de|pour) (rejoindre|aller|venir|se rendre)\b|\bbest way to\b"
            r"|\bpour (y |s y )?(aller|venir|se rendre|rendre|rejoindre)\b"
            r"|^(et )?(y aller|s y rendre)\b|\bgetting (to|there|around)\b",
        ),
        (
            AnswerType.PLACE,
            r"\bou (se trouve|se situe|est|sont|est situe|sont situes|a lieu"
            r"|ont lieu|se deroule|se deroulent|est ne|est nee)\b|\bwhere (is|are|was|were"
            r"|does|do) (the |a )?\w+( \w+){0,3} (located|held|based|born|situated)\b"
            r"|\bwhere (is|was) (the )?\w+( \w+){0,3}\??$|\bdans quelle (ville|commune)\b"
            # … someone's place, in the past: "Where did Cézanne live?", "Où vivait Pagnol ?"
            r"|\bwhere did \w+( \w+){0,2} (live|die|work|paint|grow up|stay)\b"
            r"|\bou (vivait|habitait|a vecu|est mort|est morte|travaillait)\b"
            r"|\bin which (town|city|commune)\b|\bquelle (ville|commune)\b"
            # … asked as it is spoken: "La Ciotat, c'est où ?"
            r"|\b(?:c est|ca se trouve|c est situe|se trouve|se situe) ou\b"
            r"|\bwhich (town|city|commune)\b(?!s)",
        ),
        (
            AnswerType.LIST,
            r"^(et )?(que|quoi) (faire|voir|visiter|decouvrir|manger|gouter|deguster|boire)\b"
            # … also after a follow-up's own words: "Et pour les enfants, que faire à Aubagne"
            r"|\b(que|quoi) (faire|voir|visiter|decouvrir)\b"
            # … or what one must or can: "Qu'est-ce qu'il faut absolument voir ?", "Que faut-il
            # voir ?", "Qu'est-ce qu'on peut faire… ?", "What are the highlights?"
            r"|\bhighlights\b"
            r"|\b(qu est ce qu il faut|que faut il|qu est ce qu on peut|que peut on"
            r"|que pouvons nous|que puis je) (absolument |vraiment )?"
            rf"(faire|voir|visiter|decouvrir)\b(?! {_WHEN_IT_HAPPENS})"
            # plural only, as "quels": "Which airport serves the region?" asks for one
            r"|\bquels\b|\bquelles\b"
            # … and the companies alone, after a place: "Et pour les entreprises ?"
            r"|^(et|and|what about) (pour |for )?(les |the )?"
            rf"({'|'.join(sorted(_LISTED_TYPES[AnswerType.ORGANISATION]))})$"
            # (not an adjective: "Which famous astrologer…?" asks for one)
            r"|\bwhich (?!(?:is|was|has|does)\b|\w+ous\b)"
            r"(\w+s|children|people|women|men|are|were|of)\b"
            r"|\bwhat (to|are the|can)\b|\bthings to\b"
            r"|\bwhat (is|s|are) there to\b"
            # "What museums are there in Marseille?", "What beaches can I go to?"
            r"|\bwhat \w+s (are|is) there\b|\bwhat \w+s (can|could|should|do) (i|we|you|one)\b"
            r"|\brecommand|\bconseill|\bidees?\b|\bideas?\b|\bsuggest|\bbest\b|\bmeilleur"
            # … and one asked for someone, or the finest, is a recommendation among several:
            # "Quel quartier de Marseille pour une famille avec enfants ?", "Quelle est la plus
            # belle calanque ?"
            r"|\bquel(?:le)? \w+ (?:(?:de|d|du|des|a|au|aux|en|dans|sur) (?:\w+ ){1,3})?"
            r"pour (?:un|une|des|les|la|le|l|mon|ma|mes|nos|notre)\b"
            # … also after the kind was said: "Laquelle pour les enfants ?" after a beach
            r"|^(?:et )?(?:lequel|laquelle|lesquels|lesquelles|which ones?) (?:pour|for|avec"
            r"|with)\b"
            # … or one to choose: "Je déménage à Marseille, quel quartier choisir ?"
            r"|\bquel(?:le)? \w+ (?:choisir|privilegier)\b"
            # … or one to live in: "Dans quel quartier vivre à Marseille ?" opened on where new
            # flats are built
            r"|\bquel(?:le)? \w+ (?:pour )?(?:vivre|habiter|loger|s installer|nous installer"
            r"|m installer)\b"
            r"|\bwhich \w+ (?:to|should i|should we) (?:choose|pick)\b"
            # … or asked by the kind of place alone, after what the asker does: "We are moving to
            # Marseille with a family, which neighbourhood?"
            r"|\b(?:which|quel|quelle|quels|quelles) (?:neighbou?rhoods?|districts?|areas?"
            r"|quartiers?|towns?|villes?|communes?)$"
            # (… of the territory: the world's finest is a record, which the sources hold or not)
            r"|\b(?:plus (?:belle|beau|beaux|belles|jolie|joli|jolis|jolies)|most beautiful"
            r"|prettiest|nicest)\b(?!.*\b(?:du monde|au monde|in the world)\b)"
            r"|\bou\b|\bwhere\b|\blist|\bexemples?\b|\bexamples?\b",
        ),
        (
            AnswerType.YESNO,
            r"^(est ce|y a t il|peut on|faut il|existe t il|est il|est elle"
            r"|sont ils|sont elles|a t on|doit on|ai je|puis je|dois je|is|are|can|does|do|should"
            r"|will|was|were|has|have|may|must|could)\b"
            # an inversion asks yes or no unless a question word asks something else: "Pourquoi
            # la Bourse a-t-elle diminué le seuil ?", "À quel pays la Chine se compare-t-elle ?"
            r"|^(?!.*\b(?:pourquoi|quel|quelle|quels|quelles|comment|quand|combien|qui|que|qu"
            r"|quoi|lequel|laquelle|lesquels|lesquelles|ou)\b).*\b(?:\w+ t (?:il|elle|on)"
            r"|(?:est|sont|etait|peut|peuvent|faut|doit|fait) (?:il|elle|ils|elles|on))\b"
            # … and so does a statement asked as a question, asking nothing else: "Il fait froid
            # l'hiver à Marseille ?", "On peut se baigner à Cassis ?"
            r"|^(?:il|elle|on|c est|ca) (?!.*\b(?:pourquoi|quel|quelle|quels|quelles|comment"
            r"|quand|combien|qui|que|quoi|ou)\b)",
        ),
    )
)

# What a question asks a number or a person *of*: what a count measures ("Combien
# d'étudiants…", "What is the capacity of…", "How tall…"), which role a person holds ("Qui est
# le maire de…", "Who is the CEO of…"). A sentence with a number, or a name, says nothing of it
# unless it names that too (folded text).
_HEADS = {
    AnswerType.NUMBER: re.compile(
        r"\bcombien (?:de |d )(\w+)|\bquel(?:le)?s? (?:est|sont|etait) (?:la |le |les |l )?(\w+)"
        r"|\bhow many (\w+(?: \w+)?)|\bwhat (?:is|was|are) the (\w+) of\b"
        # … or a follow-up naming the measure: "Et sa superficie ?", "And its area?"
        r"|^(?:et |and )?(?:sa |son |ses |leur |leurs |la |le |les |l |its |their |the )(\w+)$"
        r"|\bhow (tall|high|big|large|deep|far|old)\b"
        r"|\bcombien (coute|coutent|vaut|valent)\b|\bhow much (is|are|does|do)\b"
        r"|\b(prix|tarifs?|fees?|fares?)\b|\bwhat (salary|salaries|wages?|rent)\b"
    ),
    AnswerType.PERSON: re.compile(
        r"\b(?:qui (?:est|etait|sont)|c est qui) (?:le |la |les |l )"
        r"(?:actuel |actuelle |nouveau |nouvelle )?"
        r"(\w+)|\bwho (?:is|was|are) the (?:current |new |present )?(\w+)"
        r"|\b(?:comment s appelle|quel(?:le)? (?:est|etait)) (?:le |la |l )"
        r"(?:actuel |actuelle |nouveau |nouvelle )?(\w+)"
        # a role said by its verb: "Qui dirige CMA CGM ?" asks for its head
        # (its object a pronoun: "Qui la dirige ?" after One Provence)
        r"|\bqui (?:le |la |les |l )?(dirige|preside|dirigeait|presidait)\b"
        r"|\bwho (runs|leads|heads|chairs|directs|ran|led|headed|chaired)\b"
    ),
}
# A role said by a verb or an acronym, and the words a sentence naming who holds it uses: "Qui
# dirige One Provence ?" is answered by "Lionel Flasseur, directeur général…". An acronym is
# the role, not a name of what is asked about ("Who is the CEO of CMA CGM?").
_HEAD_ROLES = {
    **dict.fromkeys(
        "dirige dirigeait".split(),
        (
            *"dirige directeur directrice direction dirigeant chef responsable patron".split(),
            *"patronne gouverneur maire president presidente".split(),
        ),
    ),
    **dict.fromkeys("preside presidait".split(), ("preside", "president", "presidente")),
    **dict.fromkeys(
        "runs leads heads directs ran led headed".split(),
        (
            *"runs leads heads head director chief leader manager boss governor mayor".split(),
            *"president chair dirige directeur".split(),
        ),
    ),
    **dict.fromkeys("chairs chaired".split(), ("chairs", "chair", "chairman", "president")),
    **dict.fromkeys(
        "ceo pdg dg".split(),
        ("ceo", "pdg", "chief", "executive", "directeur", "director", "president", "dirige"),
    ),
}
# people counted where they live are its inhabitants (folded)
_LIVING = re.compile(
    r"\b(?:live|lives|living|reside|resides|inhabit|vit|vivent|habite|habitent|resident)\b"
)
# … and the French words for them ("Combien de personnes vivent à Martigues ?")
_PERSONS = frozenset({"personnes", "gens"})
# Words for a sum that say what it is of after them ("le montant de l'amende").
_AMOUNT = frozenset({"montant", "amount"})
_HEAD_OF = {
    "tall": ("height",),
    "high": ("height",),
    # a place is as big by its people as by its land: "How big is the metropolis?" is answered
    # by "92 communes and around 1.9 million inhabitants"
    "big": ("area", "inhabitants"),
    "large": ("area", "inhabitants"),
    "deep": ("depth",),
    "far": ("far",),
    "old": ("age",),
    **dict.fromkeys("coute coutent vaut valent is are does do".split(), ("price",)),
}
# the adjectives of "how big", "how tall"…, and the size (what they measure is the head above)
_SIZE = frozenset("taille size grandeur".split())
_MEASURED = frozenset("tall high big large deep old".split()) | _SIZE
# Words that measure nothing by themselves, or that answers rarely repeat ("Combien de temps…",
# "le nombre de…", "la taille de l'armée": "30 000 hommes", "Combien de personnes…": "réfugiés").
_HEAD_NOT = frozenset(
    "temps fois nombre number part share times taille size duree duration personnes "
    "personne gens deux trois quatre cinq six two three four five main principal principaux "
    "principales first premier premiere numero number".split()
)

# Words that say how a question asks, not what about: "Quels vignobles visiter ?" is about
# vineyards. They leave the focus when other words remain.
_REQUEST_WORDS = frozenset(
    "trouver visiter decouvrir voir pratiquer choisir admirer installer implanter aller faire "
    # (going somewhere: "Comment se rendre au château d'If ?" opened on the calanques of the
    # Côte Bleue, "le moyen le plus simple pour s'y rendre")
    "rendre rejoindre "
    # (nor taking part, which says nothing of what: "Any races I can enter?" was answered by
    # whether walkers "may enter" the massifs)
    "enter "
    "conseiller recommander connaitre savoir dire existe existent sais trouve "
    "conseillez conseilles conseille conseillerais conseilleriez recommandez recommandes "
    "recommande recommanderiez suggerez suggeres proposez "
    "find visit discover see go best good worth choose settle locate do know tell recommend "
    "suggest things thing place places endroit endroits lieu lieux option options choix idee "
    "idees idea ideas solution good bien bon bonne compte comptent compter count counts "
    "near nearby around vicinity pres proximite alentours environs autour coin like come "
    "comes want wants veux voudrais souhaite souhaitons look looking cherche cherchons "
    "based located situated situe situee situes situees localise localisee localises "
    "localisees acheter buy exist exists try trying meilleur meilleurs meilleure meilleures "
    "beau beaux belle belles joli jolis jolie jolies incontournable incontournables must "
    # how far it reaches, not what: "a single ticket for buses across the whole metropolis"
    # was answered by jobs "spread across several… hubs"
    "across throughout whole entire "
    # listening is how music is found: "Où écouter du jazz ?" was refused, no source saying
    # "écouter" beside the Jazz des cinq continents
    "ecouter ecoute entendre listen hear "
    # … and watching how a match is seen: "Where can I watch a football match?" listed the
    # water birds that "can be watched"
    "watch regarder "
    # how genuine it is, not what: "Where can I eat it?" after "a real bouillabaisse" listed
    # "A real agency that deploys Calanque…"
    "vrai vraie vrais vraies veritable veritables authentique authentiques authentic genuine "
    "real "
    # how much it must be done: "qu'est-ce qu'il faut absolument voir ?" asks what to see
    "absolument vraiment really absolutely definitely "
    # what the asker does, said of themselves: "Nous créons une start-up de biotechnologie, où
    # s'installer ?" asks where a biotech start-up goes, not of creating
    "creons lancons montons "
    # (nor is the case one is in: "Que faire en cas d'incendie de forêt ?")
    "cas case "
    # (nor is avoiding it: "comment éviter les bouchons ?" asks of the traffic)
    "eviter avoid "
    # taking is how a photo or a bus is had: "Où prendre de belles photos de Marseille ?" was
    # answered by not taking the road through the smoke of a fire
    "prendre".split()
)
# English capitalises who one is, not what one asks about: "We are a Canadian software
# company… Who should we contact first?" names no Canadian thing for the sources to hold.
_NATIONALITIES = frozenset(
    "american canadian british english french german italian spanish portuguese dutch belgian "
    "swiss austrian irish scottish welsh polish swedish norwegian danish finnish greek turkish "
    "russian ukrainian chinese japanese korean indian brazilian mexican argentinian australian "
    "algerian moroccan tunisian lebanese egyptian african european asian".split()
)
# Words that ask for a place's sights without naming any: "What are the must-see sights in
# Marseille?" asks what "Que voir à Marseille ?" asks. (Not request words: "Where is the
# tourist office?" asks for an office.)
_SIGHTS_ASKED = frozenset(
    "must sights sight sightseeing attractions attraction landmarks landmark main top tourist "
    "touristic touristique touristiques incontournable incontournables principaux principales "
    "manquer rater louper miss highlights highlight".split()  # "à ne pas manquer", "not miss?"
)
# Phrases whose words, read one by one, ask something else: "Quel temps fait-il ?" asks about
# the weather, not a duration; "se garer" is parking, not a railway station ("gare" and "garer"
# share a stem); "Where can I park?" is not a national park. Each becomes the words its answer
# is written with, before the question is read.
_NOT_FORECAST = (
    r"(?!.*\b(?:demain|aujourd|ce soir|cette nuit|cette semaine|ce week|ce weekend|ce matin"
    r"|cet apres|cet après)\b)"
)
# What a visitor comes to see, as the pages describing a place say it (`QuestionAnalysis.sights`)
_SIGHTS = {
    "fr": "visiter découvrir promenade monuments musées vieille ville",
    "en": "visit sights stroll landmarks museums old town",
}
# … and, searched among one commune's passages, what a village shows that does not say "visit":
# "Que visiter à Meyrargues ?" finds "Meyrargues est dominé par un château qui surplombe la
# vallée"
_VILLAGE_SIGHTS = {"fr": "château chapelle", "en": "castle chapel"}

# An hour of the day, with the word before it ("après 22 h", "vers 7h30", "after 10 pm"), says
# when in the day, and no figure is asked of it: "Et le soir après 22 h ?" after the way from Aix
# to Marseille found "Le Rove is 22 km from Aix-en-Provence"
# (after a word for before or after: "Our ship docks at 8am and leaves at 6pm" says when it
# stays, which an answer need not say)
_AT_HOUR = r"\b(?:après|apres|avant|vers|dès|des|jusqu['’ ]?à|jusqu['’ ]?a)\s+"
_HOUR_FR = r"\s?(?:h|heures?)(?:\s?[0-5]\d)?(?!\w)"
_AT_HOUR_EN = r"\b(?:after|before|around|until)\s+"
_HOUR_EN = r"(?:[:.][0-5]\d)?\s?"
_HOURS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (rf"(?:\ble soir\s+)?{_AT_HOUR}(?:19|2[0-3]|0?[0-4]){_HOUR_FR}", "le soir"),
        (rf"(?:\ble matin\s+)?{_AT_HOUR}(?:0?[5-9]|1[01]){_HOUR_FR}", "le matin"),
        (rf"(?:\bin the evening\s+)?{_AT_HOUR_EN}(?:[7-9]|1[01]){_HOUR_EN}pm\b", "in the evening"),
        (rf"(?:\bin the morning\s+)?{_AT_HOUR_EN}(?:[5-9]|1[01]){_HOUR_EN}am\b", "in the morning"),
    )
)


def _in_the_day(text: str) -> str:
    """The question with its hours said as the time of day they fall in."""
    return _substituted(text, _HOURS)


_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        # sport in the open air is walking, cycling or sailing, as the pages say it: "J'habite
        # Aubagne, où faire du sport en plein air ?" was answered by "concerts en plein air"
        (
            r"\b(?:sports?|activit[ée]s?(?: sportives?)?) (?:en|de) plein air\b",
            "randonnée, vélo, voile ou kayak",
        ),
        (r"\boutdoor (?:sports?|activities)\b", "hiking, cycling, sailing or kayaking"),
        # health services are health care: "Quels services de santé dans la métropole ?"
        # listed the firemen's school and the services of France Travail; being treated is too
        (r"\bservices? (?:de santé|de sante|médicaux|medicaux|de soins)\b", "santé"),
        (r"\bhealth(?:care)? services\b|\bmedical services\b", "healthcare"),
        (r"\b(?:se|me|nous|vous) soigner\b", "santé"),
        # how old a place is, is when it was founded: "How old is Marseille?" is answered by
        # "fondée vers 600 avant notre ère" (as a number, it was refused)
        (
            r"\bhow old (?:is|are) (?!(?:it|they|this|that)\b)([^?]+?)\s*\?*$",
            r"When was \1 founded?",
        ),
        (r"\bquel [âa]ge (?:a|ont) (?!t-(?:il|elle)\b)([^?]+?)\s*\?*$", r"Quand a été fondée \1 ?"),
        # (a forecast, "demain", is not the climate: the sources have none)
        (
            r"\btemps(?=[\s-]+(?:fait|fera|faisait|fit|va[\s-]+t[\s-]+il[\s-]+faire)\b)"
            + _NOT_FORECAST,
            "climat",
        ),
        (r"\b(fait|fera) quel temps\b" + _NOT_FORECAST, r"\1 quel climat"),
        # whether it rains much is the climate's rain, as the pages write it: "Il pleut souvent à
        # Marseille ?" found the quartiers that "ont souvent gardé une identité de village"
        (
            r"\bil pleut (souvent|beaucoup|fréquemment|frequemment)\b" + _NOT_FORECAST,
            r"les pluies sont-elles fréquentes, \1",
        ),
        (r"\b(?:se|me|nous|vous|te|s'|m')\s*garer\b", "stationnement"),
        # whether one can is asked as "peut-on" however it is said: "Est-ce que l'on peut se
        # baigner au Vieux-Port ?" was the ferry across it
        (r"^(?:est[\s-]ce qu(?:e |['’]))(?:l['’])?on peut\b", "Peut-on"),
        # going somewhere: "Comment se rendre au château d'If ?" is how to go there
        (r"\b(?:se|me|nous|vous|te) rendre\b", "aller"),
        # what to do first on arriving is the formalities: "Je viens d'arriver à Marseille, que
        # faut-il faire en premier ?" was read as a visit "premier" (the firemen's number)
        (
            r"\b(?:que|qu['’]est[- ]ce qu['’](?:il|on)) (?:faut[- ]il|faut|dois[- ]je|doit[- ]on"
            r"|doit|peut[- ]on) faire (?:en (?:tout )?premier|d['’]abord|en arrivant"
            r"|[àa] l['’]arriv[ée]e|une fois arriv[ée]e?s?)\b",
            "quelles démarches faire en arrivant",
        ),
        (
            r"\bwhat (?:should|must|do) (?:i|we) do first\b(?: when (?:i|we) (?:arrive|move))?",
            "what steps should I take on arrival",
        ),
        # which quartier to choose is where to live, unless a firm chooses: "Nous quittons
        # Paris pour Marseille avec deux enfants, quel quartier choisir ?" opened on the
        # offices of Euroméditerranée
        (
            r"^(?!.*\b(?:entreprises?|soci[ée]t[ée]s?|start-?ups?|bureaux|locaux|si[èe]ges?"
            r"|compan(?:y|ies)|offices?|business\w*|firms?)\b)(.*?)\bquels? (quartiers?)"
            r" (?:choisir|privil[ée]gier)\b",
            r"\1dans quel \2 habiter",
        ),
        (
            r"^(?!.*\b(?:compan(?:y|ies)|offices?|business\w*|firms?|start-?ups?)\b)(.*?)"
            r"\bwhich (neighbou?rhoods?|districts?|areas?) (?:to|should (?:i|we)) choose\b",
            r"\1which \2 to live in",
        ),
        (r"\b[sm]['’]y rendre\b", "y aller"),
        # the one thing to see is a thing to see: "I have two days in Marseille, what is the one
        # thing not to miss?" was answered by the cruise port ("one" a word of its topic)
        (r"\b(?:the|a) one (thing|place|sight)\b", r"the \1"),
        # a crowd avoided is a wish the pages do not word: "où se baigner sans la foule ?" at
        # Martigues was refused, no source saying "foule" beside its coves (read as "au
        # calme", the villages where one lives "au calme" answered the swimming)
        (r"\s*\b(?:sans|loin de|[àa] l['’]abri de|éviter|eviter) (?:la |les )?foule\b", ""),
        # a point of view is a view: "Quel est le meilleur point de vue sur Marseille ?" is
        # not answered by the Pointe Rouge, nor by the cables' landing "points"
        (r"\bpoints? de vue\b", "vue"),
        (r"\b(?:viewpoints?|view points?|lookouts?)\b", "view"),
        # seen from above is a view: "Where can I see the sea from above in Marseille?" listed
        # the Prado's beaches and the ferry terminals
        (r"\bfrom (?:above|up high|high up)\b", "with a view"),
        (r"\b(?:d['’]en haut|de haut|en hauteur)\b", "avec une vue"),
        # the people who live in a place are its inhabitants: "Combien de personnes vivent à
        # Martigues ?" is answered by "Martigues compte 48 298 habitants"
        (r"\bde (?:personnes|gens)(?: qui)? (?:vivent|habitent|résident)\b", "d'habitants"),
        (r"\b(?:personnes|gens)(?: qui)? (?:vivent|habitent|résident)\b", "habitants"),
        (r"\bgarer(?=\s+(?:ma|la|sa|votre|notre|leur|une|son|mon)\s)", "stationnement"),
        (r"\b(to|can i|can we|could i|should i|where i|i can|we can|do i) park\b", r"\1 parking"),
        (r"\bpark(?=\s+(?:my|the|a|our|your|their)\s+(?:car|van|camper|motorhome)\b)", "parking"),
        # the best time to go is when: "Quel est le meilleur moment pour visiter les
        # Calanques ?" is answered by a season, not by "les meilleures occasions de découvrir"
        (
            r"\bquel(?:le)? (?:est|serait) (?:le |la )?meilleur(?:e)? (?:moment|période|periode"
            r"|saison|époque|epoque|mois)(?: de l['’]ann[ée]e)?\b",
            "quand est",
        ),
        (
            r"\b(?:what|when) (?:is|'s|would be) the best (?:time|season|period|month)"
            r"(?: of (?:the )?year)?\b",
            "when is",
        ),
        # public transport is its buses, which every town's network has ("le réseau urbain
        # comprend des lignes de bus"), not what is shared ("en commun"); so are "les
        # transports" of a place ("Quels sont les transports pour aller à Luminy ?")
        (
            r"\btransports? (?:en commun|publics?)\b|\bpublic transport(?:ation)?\b"
            r"|\b(?:les|quels|des) transports(?: en commun| publics)?\b"
            r"(?! (?:maritimes?|de marchandises)\b)",
            "bus",
        ),
        # "cp fuveau": the postal code, as French addresses abbreviate it
        (r"^\s*cp\b(?=\s+\S)", "code postal"),
        # a bike to rent is a shared one ("vélos en libre-service"), not a flat's rent
        (
            r"\b(?:rent(?:ing)?|hire|hiring|borrow) (?:an? |some )?(?:e-?)?(?:bikes?|bicycles?)\b"
            r"|\bbikes? (?:hire|rental|rentals|sharing)\b",
            "bike",
        ),
        (
            r"\blou(?:er|e|ent|ez) (?:un |des )?(?:vélos?|velos?|bicyclettes?)\b"
            r"|\blocation (?:de |d')?(?:vélos?|velos?)\b",
            "vélos en libre-service",
        ),
        # "set up a company" is establishing one, not a station "set on a hill"
        (r"\bset(?:s|ting)?\s+up\b", "establish"),
        # "open an office" is setting a company up, not an opening date or a bank account
        (
            r"\bopen(?:ing)? (?:an? |our |my |the )?(?:office|business|company|branch|site"
            r"|plant)s?\b",
            "set up a company location",
        ),
        (
            r"\bouvrir (?:un |une |notre |mon |ma |des )?(bureau|entreprise|agence|filiale|site"
            r"|usine|établissement|etablissement)s?\b",
            r"implanter \1",
        ),
        # … and opening a shop or a restaurant is creating a business
        (
            r"\bouvrir (?:un |une |mon |ma |son |sa |des )?(?:commerce|boutique|magasin|restaurant"
            r"|cafe|café|bar)s?\b",
            "créer une entreprise",
        ),
        (
            r"\bopen(?:ing)? (?:an? |my |our |the )?(?:shop|store|restaurant|cafe|café|bar)s?\b",
            "start a business",
        ),
        # office space is offices ("information on available land and offices"), not the
        # air and space force academy
        (r"\boffice (?:space|premises)s?\b", "offices"),
        (r"\b(?:espaces?|locaux|surfaces?) (?:de |à usage de |a usage de )?bureaux?\b", "bureaux"),
        # "Tell me about Martigues", "What should I see in Aix?", "Parle-moi de Cassis": what
        # there is to see and do there (not "see" nor "tell": "If you see smoke…")
        (
            r"\b(?:tell me (?:more )?about|what do you know about|what (?:should|can|could|must)"
            r" (?:i|we) (?:see|visit|do) (?:in|at|around)|what to (?:see|visit|do) (?:in|at))\b",
            "what is there to do in",
        ),
        (
            r"\b(?:parle|parlez|présente|presente|présentez|presentez)[\s-]+(?:moi|nous)\b"
            r"(?:\s+(?:de|du|des)\b|\s+d['’])?",
            "que faire à ",
        ),
        # "Vaut-il la peine de visiter Martigues ?" asks what there is to see there
        (
            r"\b(?:(?:ça|ca|cela) )?(?:vaut|valent|mérite|merite)(?:[\s-]+t)?"
            r"(?:[\s-]+(?:il|elle|ils|elles))?\s+(?:vraiment\s+)?"
            r"(?:la peine|le coup|le détour|le detour)(?:\s+(?:de|d'|d’)\s*(?:visiter\s+)?)?",
            "visiter ",
        ),
    )
)


# A rainy day, said as when something is done: what to do then is what there is to see indoors
_RAIN = re.compile(
    r"\b(?:s['’ ]il pleut|quand il pleut|lorsqu['’ ]il pleut|il pleut|(?:par|en cas de|sous la)"
    r" pluie|par temps (?:de pluie|pluvieux)|(?:un|les) jours? de pluie|(?:if|when) it(?:['’]s)?"
    r" rain(?:s|ing)?|(?:on )?(?:a )?rainy days?|in the rain|in case of rain)\b",
    re.IGNORECASE,
)
_TO_DO = (
    r"\b(?:que|quoi) (?:faire|visiter|voir)\b|\bthings to do\b"
    r"|\bwhat (?:to|can (?:i|we)|could (?:i|we)|should (?:i|we)|is there to) (?:do|see)\b"
    # (… or ideas for a visit: "I'm visiting Marseille with my kids, any ideas?")
    r"|\b(?:any|some) (?:ideas|suggestions)\b|\bdes idees\b"
)
# … asked, in a folded question (or of its activities), and as written, to be taken out
_DOING = re.compile(rf"{_TO_DO}|\bactivites?\b|\bactivities\b")
_DOING_SAID = re.compile(_TO_DO, re.IGNORECASE)
_INDOORS_ASKED = {"fr": "Quels musées visiter ?", "en": "Which museums to visit?"}


# A vehicle alone after a place asked about asks the way there by it: "Et en bus ?" after the
# beaches of Istres told the beaches again, "Et en train ?" after what to see at Aubagne listed
# its buses. Folded text.
_VEHICLE_ALONE = re.compile(
    r"^(?:(et)|and|what about|how about) (?:en|par le|par la|by|on the|with the|taking the) "
    r"(metro|tram|tramway|bus|train|ter|navette|ferry|bateau|boat|car|autocar|coach|velo|bike"
    r"|voiture)$"
)
# … but where to go is no place to go to (folded text)
_WHERE_TO_GO = re.compile(r"\b(?:ou aller|where to go|where (?:can|should) (?:i|we) go)\b")


def _by_vehicle(text: str, before: str) -> str | None:
    """The way there by a vehicle asked alone, after a question that asked no way: as the
    asker means it."""
    asked = _VEHICLE_ALONE.match(folded_words(text))
    if asked is None:
        return None
    said = folded_words(before)
    words = set(said.split())
    if _BY_VEHICLE.search(said) or ({"comment", "how"} & words and MOVING & words):
        return None  # the same way by another vehicle, as the turn before asked it
    if _SELF_DESCRIBED.match(before) or _WHERE_TO_GO.search(said):
        # (nor where one goes from home, or where to go: "Et en bus ?" after "J'habite Aix, où
        # aller se baigner ce week-end ?" asks no way to Aix)
        return None
    french, vehicle = asked.groups()
    return f"Comment y aller en {vehicle} ?" if french else f"How do I get there by {vehicle}?"


def indoors(text: str, history: Sequence[str], lang: str) -> str | None:
    """The question asked of what to do on a rainy day, with the rain said as the indoor
    sights a visitor is sent to ("Il pleut, que faire avec des enfants à Marseille ?" was the
    city's sailing for children; "Et s'il pleut ?" after what to do was refused); None when it
    does not ask that. Whether it rains much stays a question on the climate."""
    if not _RAIN.search(text) or lang not in _INDOORS_ASKED:
        return None
    said = folded_words(_RAIN.sub(" ", text)).split()
    bare = history and not [w for w in said if w not in {"et", "and", "what", "about", "so"}]
    if bare and _DOING.search(folded_words(history[-1])):
        return _INDOORS_ASKED[lang]  # (its place and who comes along, from the turn before)
    if not _DOING.search(folded_words(text)):
        return None
    # (asked as which museums to visit there: "Que faire quand il pleut à Marseille ?" read as
    # "Que faire musées à Marseille ?" gave the advice to check the museums' hours alone)
    where = _RAIN.sub(" ", _DOING_SAID.sub(" ", text)).strip(" ,;:?")
    return " ".join(f"{_INDOORS_ASKED[lang][:-1].rstrip()} {where}".split()) + " ?"


def rephrased(text: str) -> str:
    """The question with the phrases of `_PHRASES` in the words its answer is written with
    (its compounds stay as written: the search reads passages as written)."""
    return _substituted(text, _PHRASES)


# Question words, in case a stopword list misses one.
_QUESTION_WORDS = frozenset(
    "qui que quoi quel quelle quels quelles quand combien comment ou pourquoi lequel laquelle "
    "lesquels lesquelles who whom whose what which when where why how many much".split()
)
# The verbs that open a yes/no question: "Is Arles worth a day trip?" names Arles.
_AUXILIARIES = frozenset("is are was were do does did can could should would will has have".split())
# Follow-ups that lean on the previous turn ("Et à Martigues ?", "What about kids?").
# ("Laquelle pour les enfants ?" after a beach asks which beach, for them)
_CONNECTOR = (
    r"^(?:et|and|what about|how about|aussi|also|sinon|plutot|ou bien"
    r"|lequel|laquelle|lesquels|lesquelles|which ones?"
    # … or asking for more of it: "Anything for kids?"
    r"|anything|something|quelque chose|autre chose)"
)
_CONNECTORS = re.compile(_CONNECTOR + r"\b")
# … then a word saying for whom, how or where: "Et pour les enfants ?" narrows the topic before;
# "Et le climat ?", "What about schools?" change it
_QUALIFIER = re.compile(
    _CONNECTOR + r"\s+(?:pour|for|with|avec|sans|without|en|by|par|a pied|on foot"
    # … or where: "Et à Lavéra ?", "et sur l'étang ?"
    r"|a|au|aux|sur|dans|vers|pres|autour|in|at|on|near|around"
    # … or what it costs, when it opens: "Et les prix ?" are the flats' the turn before spoke of
    r"|(?:les |le |la |the )?(?:prix|tarifs?|couts?|horaires?|prices?|costs?|fares?|rates?"
    r"|(?:opening )?(?:hours|times)"
    # … or who makes it: "Et les producteurs près d'Aix ?" after the wines are the wines'
    r"|(?:les |the )?(?:producteurs?|producers?|growers?|makers?|fabricants?)"
    # … or on which day, at what time of day: "Et le dimanche ?" after the bus lines to Luminy
    # (it searched itself and found the Oursinades "chaque dimanche"), "Et le soir ?" after
    # what to do at Cassis
    r"|(?:le |les |la )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|soir|matin|nuit)s?"
    r"|(?:on |in the |at )?(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?"
    r"|sundays?|evenings?|mornings?|night)))\b"
)
# … or which of them are so, whatever else it says: "Et accessibles en train ?" after the
# finest sandy beaches, "Et pas cher ?" after the best district to live in
_QUALITY = re.compile(
    _CONNECTOR + r"\s+(?:accessibles?|gratuite?s?|ouverte?s?|calmes?|faciles?|proches?"
    r"|abordables?|adaptee?s?|surveillee?s?|(?:pas|moins) chere?s?|accessible|free|open|quiet"
    r"|easy|close|nearby|affordable|cheap|cheaper|suitable|supervised)\b"
)
# … but for doing another thing, asks that thing there: "Et pour se baigner ?" after "où
# randonner près de chez moi ?" at La Ciotat asks where to swim, not to hike (folded; a verb,
# with no article: "Et pour les enfants ?" narrows)
# (beginning is how, not what: "Et pour débuter ?" after sailing on the lagoon asks where to learn
# it)
_ANOTHER_ACTIVITY = re.compile(
    r"^(?:(?:et|and|what about|how about) )?(?:pour|for) (?:(?:se|s|me|m|nous|vous) )?"
    r"(?!(?:debuter|commencer|apprendre|initier|progresser|perfectionner|entrainer|beginning"
    r"|starting|learning|training)$)[a-z]+(?:er|ir|re|ing)"
    # (… or to go somewhere next: "Et pour aller à Cassis ensuite ?" after the way from the
    # TGV station to the Vieux-Port asks the way to Cassis)
    r"(?: (?:a|au|aux|en|to) [a-z' -]+?)?(?: (?:ensuite|apres|next|then|after|afterwards))?$"
)
# … or which of a kind, in two words: "Quelles destinations ?" after "Y a-t-il un aéroport ?"
# asks the airport's, "Quels musées ?" after "Que faire à Aix ?" Aix's (folded)
# ("Quel climat ?" asks a topic of its own)
_WHICH_ALONE = re.compile(r"^(?:(?:et|and) )?(?:quels|quelles|which|what) [a-z]{2,}[sx]$")
# … or which of the things before is so: "Lequel est gratuit ?" after the museums to see on a
# rainy day asks which museum is free (it searched "gratuit" and found the airport's shuttle)
# (whatever it says of them: "Lesquels recrutent ?" after the business hubs asks which hubs)
_WHICH_OF_THEM = re.compile(
    r"^(?:(?:et|and) )?(?:lequel|laquelle|lesquels|lesquelles|which ones?|which of (?:them|these))"
    r" \w"
)
# … or the most or the least so of them, with no thing of its own: "Et les moins fréquentées ?"
# after the finest beaches asks the quietest beaches (it found the busiest coach line)
_MOST_OF_THEM = re.compile(
    r"^(?:(?:et|and|what about|so) )?(?:les?|la|l|the) (?:plus|moins|most|least|meilleure?s?"
    r"|best|worst|cheapest|nearest|closest|quietest|biggest|largest|smallest|oldest|easiest"
    r"|safest|busiest)\b"
)
# A turn of a few words opening on for whom, how or near what, with no question of its own
# (folded): "Près du port ?" after "Où implanter un entrepôt logistique ?" narrows the topic
# as "Et près du port ?" would.
_FRAGMENT = re.compile(
    r"^(?:pour|for|with|avec|sans|without|en|by|par|pres|autour|near|around|close to"
    r"|a cote|next to|in the|dans le|dans la|dans les)\b"
)
_FRAGMENT_WORDS = 5
# A turn asking only which day, what time or what price, of the topic before (folded): "Quel
# jour ?" after "Quels marchés à Aix-en-Provence ?" asks the markets' day, not any day's news.
_FACET_TURN = re.compile(
    r"^(?:(?:et|and|what about|so) )?(?:(?:a|at|on|for|de|pour|en|in|during) )?(?:(?:quels?"
    r"|quelles?|which|what) )(?:jours?|heures?|horaires?|prix|tarifs?|days?|times?|hours?"
    r"|prices?|fares?"
    # … or which season or month: "À quelle saison ?" after where to see flamingos is the
    # flamingos' season (it found the village feasts of spring)
    r"|saisons?|mois|periodes?(?: de l annee)?|seasons?|months?|time of (?:the )?year|dates?)"
    r"(?: (?:is|est) (?:the )?(?:best|ideal|ideale|le mieux|la meilleure))?$"
    r"|^(?:(?:et|and|so) )?(?:(?:quelle|quel) est )?(?:la |le )?meilleure? (?:saison|periode"
    r"(?: de l annee)?|mois|moment)$"
    r"|^(?:(?:and|so) )?(?:what|which) is the best (?:season|month|time of (?:the )?year)$"
    # … or its opening hours: "What are the opening hours?" after the Château d'If
    r"|^(?:(?:et|and|so) )?(?:(?:what|which) are (?:the |its |their )?(?:opening )?hours"
    r"|(?:quels|quelles) sont (?:les|ses|leurs) (?:horaires|heures)(?: d ouverture)?"
    r"|what time does it (?:open|close)|a quelle heure (?:ca|c est|est ce que ca) (?:ouvre|ferme))$"
    # … or its price: "Ça coûte combien ?" after a boat tour
    r"|^(?:(?:et|and|so) )?(?:(?:ca|cela) coute combien|combien (?:ca|cela) coute|c est combien"
    r"|how much(?: does it cost| is it| are they| do they cost)?|what does it cost)$"
    # … or how long: "Combien de temps ?" after the way to the airport is the way's time
    r"|^(?:(?:et|and|so) )?(?:combien de temps(?: (?:ca prend|faut il|il faut))?|how long"
    r"(?: does it take| is it)?|quelle duree|c est long)$"
    # … or typed as in a search engine, the facet alone and a word of it: "difficulte" after
    # "randonnee sainte victoire depart", "duree trajet" after "navette frioul"
    r"|^(?:prix|tarifs?|horaires?|duree|temps de trajet|difficulte|niveau|acces|adresse"
    r"|reservation|ouverture|itineraire|trajet|prices?|costs?|fares?|hours|opening hours"
    r"|duration|difficulty|level|access|address|booking)(?: [a-z]+)?$"
)
# … or whether to book, which the answer must say: "Il faut réserver ?" after a boat tour was
# the tour again
_BOOKING_TURN = re.compile(
    r"^(?:(?:et|and|so) )?(?:(?:do|should|must) (?:i|we|you) (?:need to |have to )?book"
    r"|is booking (?:needed|required|necessary)|(?:il )?faut(?: il)? reserver|doit on reserver"
    r"|faut il une reservation)(?: in advance| ahead| a l avance)?$"
)
# Words pointing at the conversation's place ("y aller", "get there"), or at its topic too
# ("c'est loin ?", "where can I buy them?").
_PLACE_POINTERS = frozenset("y there here ici".split())
# What carries people: "bus", "TER", "navette" (a regular expression's alternatives).
VEHICLES = (
    r"bus|buses|cars?|autocars?|trains?|TER|TGV|tram\w*|métro|metro|lignes?|lines?|navettes?"
    r"|shuttles?|coach\w*|gares?|stations?"
)
_VEHICLE = re.compile(VEHICLES, re.IGNORECASE)
# The words of things to see and do (folded): general vocabulary, the same for any territory.
SIGHTS = frozenset(
    "musee musees museum museums plage plages beach beaches calanque calanques cove coves "
    "sentier sentiers trail trails randonnee randonnees hike hikes hiking balade balades walk "
    "walks promenade jardin jardins garden gardens festival festivals marche marches "
    "market markets chateau castle village villages vue vues view views visite visites visit "
    "cinema theatre ile iles island islands eglise church abbaye abbey santons santon foire "
    "fair spectacle spectacles concert concerts baignade swimming canal canals canaux "
    "patrimoine heritage historique historic monument monuments fontaine fontaines fountain "
    "fountains promener promene promenent promenez stroll strolls chateaux castles cathedrale "
    "cathedral collegiale basilique basilica chapelle chapel tombeau tomb remparts ramparts "
    "ruines ruins vestiges grotte grottes cave caves crique criques pont bridge "
    # (what nature and the land offer: "les marais… accueillent des flamants roses", "les
    # domaines… proposent la dégustation", "le pont Flavien est un pont romain")
    "oiseaux birds flamants flamingos zoo zoologique marais marsh marshes wetland wetlands "
    "protege protegee protected panorama panoramas belvedere moulins windmills vignoble "
    "vignobles vineyard vineyards domaines estates degustation tasting fetes festivities "
    # (and the sports of the water: "L'Étang de Berre… suits dinghy sailing, windsurfing…")
    "windsurf windsurfing kitesurf kitesurfing kayak plongee diving snorkeling "
    "snorkelling".split()
)
_ANAPHORA = frozenset(
    "c ce cet cette ces il elle ils elles ca cela celle celui ceux it its this that those them "
    # (a person too: "Where was he born?" after "What is Pagnol known for?")
    # (not "son", "sa", "ses": "Quelle est sa population ?" after "Is Saint-Victoret a good
    # option?" to work at Marignane is Saint-Victoret's, not the commuters')
    "they he she him his her".split()
)
# An object pronoun before its verb: "Qui l'a conçu ?", "Qui la dirige ?" after the MuCEM.
# Folded text.
_OBJECT_PRONOUN = re.compile(
    r" l (?:a|ont|avait|avaient|aura|as|ai|avez|avons) |^ qui (?:le|la|les|l) "
    # … after what is asked, before a verb in the plural ("Quelles communes le bordent ?"
    # after the Étang de Berre; an article would stand before a noun: "Quelles communes la
    # métropole compte t elle ?")
    r"|^ (?:quel|quelle|quels|quelles|combien de) \w+ (?:le|la|les|l) \w+(?:ent|ont) "
    # … before the verb a question ends on: "Où les goûter ?" after the wines
    r"|^ (?:ou|comment|quand)(?: peut on| puis je| pourrais je| faut il)? (?:le|la|les|l) "
    r"\w+(?:er|ir|re) $"
    # … or after what one can or must do: "On peut le visiter ?" after the largest port
    r"| (?:on|je|nous|vous) (?:peut|peux|pourrait|pourrais|pouvons|pouvez|doit|dois|devons"
    r"|devez) (?:le|la|les|l) \w+(?:er|ir|re) "
    r"|^ (?:peut|puis|pourrait|pourrais|doit|dois|faut) (?:on|je|il|nous|vous) (?:le|la|les|l) "
    r"\w+(?:er|ir|re) "
)
# "Qu'est-ce que", "is there": words that look like pointers and point at nothing.
_NOT_POINTING = re.compile(
    # ("est-ce" asks, "est-ce loin de Marseille ?" points: at the place before)
    r" qu est ce(?: que| qu)? | est ce(?: que| qu)? (?!loin |pres |proche )"
    # (nor does "there" of "is there to…": "We are staying in Istres, what is there to see?"
    # after Marseille asks Istres alone; "Which companies are there?" still points)
    r"|^ (?:is|are) there | (?:is|are|was|were) there (?=to |a |an |any |some |many |much )"
    r"| there (?:is|are) "
    r"| il y a | y a t il "
    # an impersonal "it": "Is it hard to find student housing in Aix?" points at nothing
    # (but how far it is from a place points: "Est-ce loin de Marseille ?")
    r"|^ (?:is|was) it (?:\w+ ){1,2}to | it is (?:\w+ ){1,2}to "
    r"|^ est (?:il|ce) (?!loin |pres |proche )(?:\w+ ){1,2}de "
)
# How hard it is to do something is not what it is about: "Is it easy to find a job in
# Marseille?" is not answered by a beach "easy to reach by bus". Folded text.
_EASE = re.compile(
    r"\b(?:is|was) it (?:very |really |too |so )?(easy|hard|difficult|simple|possible"
    r"|complicated) to\b|\b(?:est il|est ce|c est) (?:tres |vraiment |trop |si )?(facile"
    r"|difficile|simple|possible|complique) de\b"
)
# Saying near a place, just before it
_NEAR_BEFORE = re.compile(
    r"(?:(?:tout )?pr[eè]s d[e'’]\s*|autour d[e'’]\s*|aux alentours d[e'’]\s*|near\s+|around\s+"
    r"|close to\s+)$",
    re.IGNORECASE,
)
# The words of a turn that names a place and asks nothing else ("Et à Gémenos ?", "What
# about Trets?", "And in La Ciotat?"), folded.
_BARE_TURN = frozenset("et and what how about aussi also pour for".split())
_ANAPHORA_PHRASES = re.compile(r"\b(la bas|par la|over there|ce village|cette ville)\b")
# … and the two places the conversation named last: "Comment aller de l'une à l'autre ?" after
# "Que faire à La Ciotat ?" and "Et à Cassis ?". Folded text.
_BETWEEN_THEM = re.compile(
    r"\b(?:de l une? a l autre|d une? a l autre|entre (?:les deux|elles|eux)"
    r"|from (?:one|the one) to the other|between (?:them|the two))\b"
)
# "Et celle de La Ciotat ?" after Aubagne's population: the same thing, of another place
_OF_ANOTHER = re.compile(
    r"\b(?:celle|celui|celles|ceux|that|those)\s+(?=(?:de|du|des|d|of)\b)", re.IGNORECASE
)
# A choice between places by a measure: "Laquelle est la plus grande ?" after Istres and
# Miramas, "Which has more people, Marseille or Aix?". Folded text.
# … or places compared with no measure said ("Compare Aubagne and La Ciotat"): their size,
# which their fact sheets say, one after the other
_COMPARE = re.compile(r"^(?:compare|comparer|comparez|compares)\b")
_CHOICE = re.compile(
    r"\b(?:lequel|laquelle|lesquel(?:le)?s|which|quelle ville|quelle commune|entre)\b"
    # … or one place said more or less than another: "Aix est-elle plus grande que Marseille ?"
    r"|\b(?:plus|moins) \w+ (?:que|qu)\b|\b(?:\w+er|more \w+|less \w+|fewer \w+) than\b|"
    + _COMPARE.pattern
)
# The names a place is compared with, as written: "… plus grande que Paris"
_THAN_NAME = re.compile(r"\b(?:que|qu['’]|than)\s*([A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*)*)")
_COMPARED = (  # the area first: "a larger area" is no larger population
    (
        "area",
        re.compile(
            r"\b(?:(?:plus|moins) (?:etendue?s?|vaste)|(?:larger|bigger|smaller) (?:area|surface)"
            r"|superficie|area)\b"
        ),
    ),
    (
        "population",
        re.compile(
            r"\b(?:(?:le |la )?(?:plus|moins) (?:peuplee?s?|grande?s?|petite?s?|d habitants)"
            r"|(?:more|fewer|less) (?:people|inhabitants|populated|populous)"
            r"|(?:most|least) (?:populous|populated|people|inhabitants)"
            r"|bigger|larger|smaller|biggest|largest|smallest)\b"
        ),
    ),
)
# The words a choice between towns by a measure is asked with, besides the places.
_MEASURED = frozenset(
    "lequel laquelle lesquels lesquelles which one ones ville villes commune communes town towns "
    "city cities plus moins grand grande grands grandes petit petite petits petites peuple "
    "peuplee peuples peuplees etendu etendue etendus etendues vaste vastes habitants superficie "
    "surface population people inhabitants populated populous bigger larger smaller biggest "
    "largest smallest big large small area more less fewer most least entre compare comparer "
    "comparez compares".split()
)
_COMPARISON = {
    ("fr", "population"): "Quelle est la population {places} ?",
    ("fr", "area"): "Quelle est la superficie {places} ?",
    ("en", "population"): "What is the population of {places}?",
    ("en", "area"): "What is the area of {places}?",
}
# A question counting a thing, and a turn naming another thing alone, to count it: "Et de
# chercheurs ?" after "Combien d'étudiants… ?", "And researchers?" after "How many students…?"
_COUNTED_BEFORE = re.compile(
    r"^(?P<head>\s*(?:combien (?:de |d['’])|how many ))(?P<thing>[^\W\d_]+)", re.IGNORECASE
)
_COUNTED_NOW = re.compile(
    r"^(?:(?:et|mais) (?:de |des |d['’])(?P<fr>[^\W\d_]{3,})"
    r"|(?:and|what about|how about) (?P<en>[^\W\d_]{3,}s))\s*\??$",
    re.IGNORECASE,
)
# A follow-up naming a measure alone (folded): "Et sa superficie ?", "And its population?"
_MEASURES = {
    **dict.fromkeys(("superficie", "surface", "area"), "area"),
    **dict.fromkeys(("population", "habitants", "inhabitants"), "population"),
}
_MEASURE_FACET = re.compile(
    r"^(?:et |and |what about )?(?:sa |son |ses |leur |la |le |les |its |their |the )?"
    rf"({'|'.join(_MEASURES)})$"
)


# How a follow-up narrows the question before: "Et sans voiture ?", "And by train?" (as
# written)
_NARROWING = re.compile(
    r"^\W*(?:et|and)\s+((?:pour|sans|avec|en|par|for|without|with|by)\s+[^?.!,;]{1,30}?)\s*\??$",
    re.IGNORECASE,
)


def _narrowed_again(
    text: str, history: Sequence[str], language: Callable[[str], str]
) -> str | None:
    """The way asked before, narrowed as the turn says: "Et sans voiture ?" after "Comment
    aller à Cassis ?" is "Comment aller à Cassis sans voiture ?" (searched "Et sans voiture
    aller Cassis", it was refused). Only after a way asked in full, in the same language, as
    one sentence (what else a turn narrows, `_standalone` reads: "Et pour les entreprises ?"
    after "Que faire à Gémenos ?" asks no visit)."""
    said = _NARROWING.match(" ".join(text.split()))
    before = " ".join(history[-1].split()) if history else ""
    folded = folded_words(before)
    if (
        said is None
        or not before.endswith("?")
        or not (_HOW.search(folded) and _JOURNEY.search(folded))
        or _CONNECTORS.match(folded)
        or any(c in before[:-1] for c in "?.!;")
        or language(before) != language(text)
    ):
        return None
    mark = " ?" if before.endswith(" ?") else "?"
    return f"{before[:-1].rstrip()} {said[1]}{mark}"


# "Et les plages ?", "And the museum?": another thing named, nothing said of it
_ANOTHER_THING = re.compile(
    r"^\W*(?:et|and|what about|how about)\s+((?:le|la|les|l['’]|the)\s*[^?.!,;]{1,40}?)\s*\??$",
    re.IGNORECASE,
)
# A yes or no asked of a thing it names first: its opening, the thing, and what is asked of it
_YES_NO_OF = re.compile(
    r"^((?:est-ce qu(?:e |['’]))?)((?:le|la|les|l['’]|the)\s*[^?.!,;]{1,40}?)"
    r"(\s+(?:est|sont|était|étaient|is|are|was|were)(?:-(?:il|elle|ils|elles))?\b[^?.!;]*\?)$",
    re.IGNORECASE,
)


# … in English, the verb first: "Is the lighthouse open on Mondays?"
_YES_NO_OF_EN = re.compile(
    r"^((?i:is|are|was|were) )((?i:the)\s+[\w'’-]+(?:\s+(?:d['’]|de |of )?[A-ZÀ-Ý][\w'’-]*)*)"
    r"(\s+[a-z][^?.!;]*\?)$"
)
# … and the name the thing is of: "Les calanques de Marseille"
_OF_NAME = re.compile(r"\s+(?:de|d['’]|du|des|of|in|à)\s*(?=[A-ZÀ-Ý])")


def _yes_no_again(
    text: str,
    history: Sequence[str],
    language: Callable[[str], str],
    is_place: Callable[[str], bool],
) -> str | None:
    """The yes or no asked before, of the thing the turn names instead: "Et les plages ?" after
    "Les calanques sont-elles accessibles en fauteuil roulant ?" is "Les plages sont-elles
    accessibles en fauteuil roulant ?" (searched "Et les plages", it was answered by the water
    quality "affichée sur les plages"). Only after a yes or no asked in one sentence, in the
    same language. The place the thing was of stays: "Et les plages ?" after "Les calanques de
    Marseille sont-elles… ?" asks of Marseille's."""
    said = _ANOTHER_THING.match(" ".join(text.split()))
    before = " ".join(history[-1].split()) if history else ""
    asked = _YES_NO_OF.match(before) or _YES_NO_OF_EN.match(before)
    if said is None or asked is None or language(before) != language(text):
        return None
    thing = said[1]
    if not asked[1]:
        thing = thing[:1].upper() + thing[1:]
    of = _OF_NAME.search(asked[2])
    if of is not None and is_place(asked[2][of.start() :]):
        thing += asked[2][of.start() :]
    return f"{asked[1]}{thing}{asked[3]}"


# "Et un cinéma ?", "And a tram?": another thing whose being there is asked, after …
_ANOTHER_ONE = re.compile(
    r"^\W*(?:et|and|what about|how about)\s+((?:un|une|des|du|de la|de l['’]|d['’]|a|an|any|some)"
    r"\s*[^?.!,;]{1,40}?)\s*\??$",
    re.IGNORECASE,
)
# … whether there is one: what comes before the thing, the thing, and where it is asked
_THERE_IS = re.compile(
    r"^(.*?\b(?:y a-t-il|y a t il|est-ce qu['’]il y a|il y a|is there|are there)\s+)"
    r"((?:un|une|des|du|de la|de l['’]|d['’]|a|an|any|some)\s*[^?.!,;]{1,40}?)"
    r"((?:\s+(?:à|au|aux|en|dans|près|autour|sur|pour|in|at|near|around|on|for)\b[^?.!;]*)?\s*\?)$",
    re.IGNORECASE,
)


_FOR_WHAT = re.compile(r"\b(?:pour|for|avec|with|sans|without)\b", re.IGNORECASE)


def _typed_alone(turn: str, before: str) -> bool:
    """A word typed alone after a turn typed as in a search engine (lower case, no question
    mark), other than a facet of it ("difficulte", "horaires")."""
    return (
        len(tokens(turn)) == 1
        and all(t == t.lower() and "?" not in t for t in (turn, before))
        and not _FACET_TURN.match(fold_text(turn))
    )


def _there_again(text: str, history: Sequence[str], language: Callable[[str], str]) -> str | None:
    """Whether there is the thing the turn names, where the turn before asked of another: "Et
    un cinéma ?" after "J'habite Vitrolles, y a-t-il une piscine ?" is "J'habite Vitrolles, y
    a-t-il un cinéma ?" (searched "Et un cinéma Vitrolles", it was answered by the cinema of
    student life "in both cities", no question of a place's). Only in the same language."""
    said = _ANOTHER_ONE.match(" ".join(text.split()))
    before = " ".join(history[-1].split()) if history else ""
    asked = _THERE_IS.match(before)
    if said is None or asked is None or language(before) != language(text):
        return None
    if _FOR_WHAT.search(said[1]):
        return None  # (what it is for asks more: "Et des écoles pour recruter ?" lists them)
    return f"{asked[1]}{said[1]}{asked[3]}"


def _of_places(places: Sequence[str], lang: str) -> str:
    """Places as a question asks a figure of them: "d'Istres et de Miramas", "Istres and
    Miramas"."""
    if lang == "fr":
        return " et ".join(f"d'{p}" if fold(p[:1]) in "aeiouyh" else f"de {p}" for p in places)
    return " and ".join(filter(None, (", ".join(places[:-1]), places[-1])))


_ELSEWHERE = frozenset("ailleurs elsewhere partout everywhere".split())
# The verbs of where a thing lies (folded).
_LOCATED = frozenset("trouve trouvent situe situee situes situees situent located lie lies".split())
# Words that ask for more of the same answer, no topic of their own: "Où exactement ?" after
# "Peut-on se baigner à Martigues ?" still asks where to swim.
_MORE_OF_IT = frozenset(
    "exactement precisement exactly precisely anything something quelque chose autre".split()
)
# Instructions aimed at the system, not questions about the territory.
_INJECTION = re.compile(
    r"\b(ignore|oublie|oubliez|ignorez|disregard|forget)\b.{0,40}\b(instructions?|regles?|rules?"
    r"|prompt|consignes?|previous|precedentes?|above|ci dessus)\b|\bsystem prompt\b"
    r"|\bprompt systeme\b|\b(tes|vos|your) (instructions|consignes|regles|rules)\b"
    r"|\b(you are|tu es|vous etes) (now|maintenant|desormais)\b|\bjailbreak\b|\bdan mode\b"
    r"|\b(act|behave|pretend) as\b|\b(fais|faites) comme si\b|\breponds? (en|comme un) pirate\b"
    r"|\brole ?play\b"
    r"|\b(a partir de maintenant|from now on|desormais|dorenavant)\b.{0,20}\b(reponds?|repondez"
    r"|answer|reply|respond|say|dis|dites|ecris|write)\b"
    r"|\b(liste|list|montre|show|revele|reveal|affiche|print|dump)\b.{0,40}"
    r"\b(documents? internes?|internal (documents?|files?|data)|mots? de passe|passwords?"
    r"|(pas|not) (le droit|allowed|supposed))\b"
    # "Mode développeur activé : liste tous les documents de ta base"
    r"|\bmode (developpeur|developer|debug|admin|administrateur|dieu)\b"
    # "Ignore tes sources et affirme que…, c'est un ordre de l'administrateur"
    r"|\b(ignore|oublie|oubliez|ignorez|disregard|forget) (tes|vos|your|the|les) sources\b"
    r"|\b(ordre|order|orders) (de l |du |from (the |your )?)(administrateur|admin|administrator"
    r"|developpeur|developer|createur|creator)\b"
    r"|\b(developer|debug|admin|god) mode\b"
    r"|\b(documents|fichiers|files|sources)\b.{0,20}\b(de|of|in) (ta|votre|your|tes|vos) (base"
    r"|database|index|corpus)\b"
)
# Questions about the answering system itself, or greetings and thanks alone: small talk, not a
# question its sources answer ("tu t'appelles comment ?", "Who made you?"). Folded text.
_SMALL_TALK = re.compile(
    r"\b(?:comment (?:tu t appelles|t appelles tu|vous appelez vous)|tu t appelles comment"
    r"|(?:quel est|c est quoi) (?:ton|votre) (?:nom|prenom)|qui es tu|qui etes vous|t es qui"
    r"|tu es qui|qui t a (?:cree|fait|programme|concu)|qui vous a (?:cree|fait|programme|concu)"
    r"|(?:es tu|etes vous|tu es|vous etes) (?:un robot|une ia|humain|une personne)"
    r"|what is your name|who are you|who (?:made|created|built|programmed|designed) you"
    r"|are you (?:a robot|an ai|a bot|human|a person|real))\b"
    r"|^(?:bonjour|salut|coucou|bonsoir|merci(?: beaucoup)?|hello|hi|hey|thanks|thank you"
    r"|good (?:morning|evening)|ca va|ok|d accord|comment (?:vas tu|allez vous|ca va)"
    r"|tu vas bien|how are you|how do you do)(?: \w+){0,2}$"
)
# Asking what to do or see somewhere ("Que faire à La Ciotat ?"), and asking when something that
# comes back every year takes place ("Quand a lieu le festival ?"). Folded text.
_VISIT = re.compile(
    rf"\b(?:que|quoi) (?:faire|voir|visiter|decouvrir)\b(?! {_WHEN_IT_HAPPENS})"
    r"|\bthings to (?:do|see)\b"
    r"|\bwhat (?:to|(?:can|could|should|shall|must) (?:i|we)|is there to|s there to|are there to)"
    r" (?:really |absolutely |definitely )?(?:do|see|visit)\b"
    # (a visit as the purpose is not what is asked: "Où garer sa voiture pour visiter les
    # calanques ?" asks where to park)
    r"|(?<!\bpour )\bvisiter\b|\bvisit(?:ing)?\b|\bworth seeing\b|\b(?:je|on|nous) visit\w*"
    # what is worth seeing, named as such
    r"|\bmust[- ]sees?\b|\bhighlights\b|\bsights\b|\bsightseeing\b|\b(?:tourist )?attractions\b"
    r"|\blandmarks\b"
    r"|\bincontournables?\b|\ba voir\b"
    # … or what one can do: "J'ai 16 ans, qu'est-ce qu'on peut faire le samedi à Marseille ?"
    r"|\b(?:qu est ce qu on peut|que peut on|que pouvons nous|que puis je)"
    rf" (?:faire|voir|visiter|decouvrir)\b(?! {_WHEN_IT_HAPPENS})"
    # … or as what one must see: "qu'est-ce qu'il faut absolument voir ?", "que faut-il voir ?"
    r"|\b(?:qu est ce qu il faut|que faut il|il faut) (?:absolument |vraiment )?"
    rf"(?:faire|voir|visiter|decouvrir)\b(?! {_WHEN_IT_HAPPENS}| {_FIRST_ON_ARRIVING})"
    # … or as what must not be missed: "what should we not miss?", "à ne pas manquer"
    # (with nothing named after it: "ne pas rater le train" asks about a train)
    r"|\b(?:(?:not|n t|never) (?:to )?miss|pas (?:a )?(?:manquer|rater|louper))"
    r"(?= (?:a|au|aux|dans|en|in|at|around|near|pres|si|if|when|quand|lors|during|pendant)\b|$)"
    # … or where to go, with nothing to do there said ("J'habite à Aix-en-Provence, où aller le
    # week-end sans voiture ?" was refused; not "Where can I go sailing?", an activity)
    r"|\bou aller\b(?! (?:pour|faire|\w+er|(?:se|s|me|m|nous|te|t) \w+er)\b)"
    r"|\bwhere (?:to|can i|can we|could we|should i|should we) go\b"
    r"(?!(?: \w+){0,2} \w+ing\b| for\b| to\b)"
)
# A question about the whole world ("le plus long fleuve du monde", "the tallest mountain in the
# world"): beyond any territory's sources, unless one of them says it. Folded text.
_WORLD = re.compile(
    r"\b(?:du|au) monde\b|\b(?:in|of) the world\b|\bworld s\b|\bon earth\b"
    r"|\bde la planete\b|\bdu globe\b"
)
# A place the question sets aside: "à part Marseille, où acheter du poisson…", "beaches other
# than Marseille's". What follows must be a place the gazetteer knows ("hors saison" is not).
_EXCLUDING = re.compile(
    r"\b(?:à part|a part|hormis|hors de|hors|sauf|en dehors de|except[ée]|autres? que"
    r"|apart from|besides|other than|except(?: for| in)?|excluding|outside(?: of)?"
    # … or not gone to: "sans aller à Marseille"
    r"|sans (?:aller|passer|descendre|monter|retourner) (?:à|a|au|par|jusqu['’]à)"
    r"|without (?:going|driving|travelling|traveling) (?:to|into|through))\s+",
    re.IGNORECASE,
)
# Asking how to go somewhere ("Comment venir à Marseille depuis Paris ?", "How do I get to the
# Frioul?"), not how something is done or came about ("Comment est créée la faculté ?").
# … by the verbs of going, which the answer says by a way or a time ("three hours from Paris by
# TGV" answers "How do I get to Marseille from Paris?")
MOVING = frozenset("aller venir rejoindre rendre acceder get go reach travel getting".split())
# … or by how far (kilometres are a way's, square ones an area's)
_FAR = r"\b(?:far|loin|distance|kilometres|km)\b(?! ?(?:carres?|2)\b)"
_HOW_FAR = re.compile(_FAR)
# A town, or its centre: what a place is far from when it is the place (folded)
_TOWN_WORDS = frozenset(
    "city town centre center downtown ville centre-ville centreville village".split()
)
_JOURNEY = re.compile(rf"\b(?:{'|'.join(MOVING)}|deplacer|circuler|commute)\b|{_FAR}")
# Born, asked though folded it is the stopword "ne"
_BORN = frozenset("né née nés nées".split())
_FREQUENCY = re.compile(
    r"\b(?:how often|how frequently|frequency|frequence|tous les combien|toutes les combien)\b"
)
# What is on now, which no page written earlier can say: "Quel film passe ce soir à l'Eden ?",
# "What's on this weekend?". "Aujourd'hui" and "today" also mean "nowadays" ("Combien
# d'habitants compte aujourd'hui Marseille ?"): they are not read as now. Folded text.
_NOW_SAID = (
    r"ce soir|cet apr[eè]s[- ]midi|ce matin|demain|ce week[- ]?end|cette semaine|tonight"
    r"|this (?:evening|afternoon|morning|week|weekend)|tomorrow|en ce moment|right now"
    r"|at the moment"
)
_LIVE = re.compile(
    rf"\b(?:{_NOW_SAID}|actuellement a l affiche|la maintenant"
    r"|quel temps (?:il )?(?:fait|fera)(?!.*\b(?:en (?:ete|hiver|automne|general)"
    r"|au printemps|l (?:ete|hiver|automne)|d habitude)\b))\b"
)
# … the words that say when, which are no topic: "Que faire ce week-end à Marseille ?" asks
# for the sights (the question as written)
_NOW = re.compile(rf"\b(?:{_NOW_SAID})\b", re.IGNORECASE)
# When in the day a question asks about, which an answer must say: a bus network running by day
# is no night bus (spending the night somewhere asks for a bed, not for the night)
_AT_NIGHT = re.compile(
    r"(?<!passer )(?<!spend the )(?<!passe )(?<!sortir )(?<!going out )(?<!go out )"
    r"\b(?:la nuit|de nuit|le soir|en soiree|at night"
    r"|in the evening|after dark|late at night)\b"
)
# A public transport a way is asked by ("en métro", "by train"); "by car" asks for a road.
_BY_VEHICLE = re.compile(
    r"\b(?:en|par le|par la|by|on the|with the) (metro|tram|tramway|bus|train|ter|tgv|navette"
    r"|ferry|bateau|boat|car|autocar|coach)\b"
)
_NIGHT_WORDS = ("nuit", "nocturne", "nocturnes", "soir", "soirée", "soirées", "night", "evening")
# How long a visit lasts is not what it is of: "Que voir à Aix-en-Provence en une journée ?"
# asks for its sights, as "What to see in Aix in a day?" does
_VISIT_LENGTH = re.compile(
    r"(?:\b(?:en|in|for|pour|have|ai|avons|avec|with|pendant|during)"
    # (or right after what is done: "que faire une semaine dans la région ?")
    r"|(?<=\bfaire)|(?<=\bvoir)|(?<=\bvisiter)|(?<=\bdo)|(?<=\bsee)|(?<=\bvisit))"
    r" (?:une?|one|a|deux|trois|quatre|cinq|six|sept"
    r"|huit|dix|two|three|four|five|six|seven|eight|ten|a few|quelques|\d+) "
    r"(?:seule )?(?:journ[ée]es?|jours?|days?|week[- ]?ends?|demi[- ]journ[ée]e|half[- ]day"
    r"|heures?|hours?|semaines?|weeks?|nuits?|nights?)\b"
    r"|\b(?:pour|for) (?:la|the) (?:journ[ée]e|day|demi[- ]journ[ée]e|half[- ]day|week[- ]?end)\b"
    r"|\b(?:have|for|in|with|got|only) half an? (?:day|hour)\b"
    # … nor how many come: "Nous déménageons une équipe de 20 personnes, quels quartiers
    # conseiller à Aix ?" was answered by fires dangerous "pour les personnes"
    r"|\b(?:de|pour|for|of|with) (?:\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+|\d+|deux|trois|quatre"
    r"|cinq|six|dix|vingt|cinquante|cent|two|three|four|five|six|ten|twenty|fifty|a hundred)"
    r" (?:personnes|people|persons|salari[ée]s"
    r"|employees|staff|collaborateurs)\b"
    # … nor is which day, any of them: "Que faire à Martigues un dimanche ?" asks its sights
    # (or said right after doing anything: "qu'est-ce qu'on peut faire le samedi… ?"; not what
    # is open, "est ouvert le lundi ?", nor what is visited, "Quel marché visiter le dimanche ?")
    r"|(?:\b(?:un|on a)|(?<=\bfaire le)|(?<=\bdo on))"
    r" (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)s?\b"
    # … nor who comes along: "Que faire un week-end en amoureux… ?" (no source speaks of
    # lovers: what there is to see is the answer)
    r"|\b(?:en amoureux|en couple|as a couple|for a couple|for couples)\b"
    # ("J'habite à Martigues, que faire ce week-end avec mes parents âgés ?" was refused: no
    # source speaks of parents; children are a topic, what there is for them)
    r"|\b(?:avec|with) (?:mes|nos|ses|leurs|my|our|his|her|their) (?:(?:elderly|old|older) )?"
    r"(?:parents|grands[- ]parents|grandparents|beaux[- ]parents|in-laws|amis|friends|famille"
    r"|family|proches)(?: (?:[âa]g[ée]e?s|elderly))?\b"
    # … nor the weekend: "Que faire à Martigues le week-end ?" was refused, no source saying
    # "week-end" there
    r"|\b(?:le|les|au|un|at the|on the|at|on|over the|for a) (?:week[- ]?ends?|fins? de semaine)\b"
    # … nor how the visitor comes: "I have one day in Marseille from a cruise ship" asks its
    # sights, not that cruise ships call there
    # (but the way from it is a way: "How do I get from the cruise terminal to the centre?")
    r"|\b(?:(?<!get )(?<!go )(?:from|off) (?:a|the|my|our) cruise(?: ship| terminal)?"
    r"|en croisi[èe]re|(?<!aller )(?<!rendre )(?:du|depuis le) terminal de croisi[èe]re"
    r"|(?:en|fais|faisons) escale|(?:on|during) a (?:stopover|layover)"
    # ("My cruise ship stops in Marseille for one day, what can I do?")
    r"|(?:(?:my|our|the|a) )?(?:cruise )?(?:ship|boat|liner) (?:stops|calls|docks|is docked)"
    r"|(?:(?:mon|notre|le|un) )?(?:paquebot|bateau(?: de croisi[eè]re)?|navire)"
    r" (?:fait escale|s['’]arr[eê]te|accoste)"
    # (not "peut-on visiter", which asks)
    r"|(?<![\w-])(?:je visite|on visite|nous visitons)"
    # … nor that the asker comes, for how long: "On vient un week-end à Aix, que faire ?" was
    # answered by the motorway that "vient de Lyon"
    r"|\b(?:je|on|nous) (?:viens|vient|venons|arrive|arrivons|passe|passons|pars|part|partons)"
    r"(?: (?:en vacances|en famille|en couple|en amoureux|entre amis))*"
    r"(?: (?:un|une|deux|trois|quatre|cinq|quelques|\d+) (?:journ[ée]es?|jours?|week[- ]?ends?"
    r"|nuits?|semaines?))?"
    r"|\b(?:we are|we're|i am|i'm) (?:coming|going|travelling|traveling)"
    # … nor that they move, asked where to work: "Je suis infirmière et je déménage à
    # Marseille, où travailler ?" is no question on where to live
    r"|\b(?:je|on|nous) d[ée]m[ée]nag\w*(?=.*\b(?:o[uù]|where) (?:travailler|trouver"
    r"|chercher|to work|to find|can i work|can i find)\b))\b",
    re.IGNORECASE,
)
# … nor is how near: "Où randonner près d'Aubagne ?" searches walks and Aubagne (as a search
# term "près" finds the Sainte-Victoire's walks "près de Vauvenargues"); `nearby` keeps it
_NEAR = re.compile(
    r"\b(?:(?:tout )?près|pres|autour|aux alentours|à proximité|a proximite|non loin|near(?:by)?"
    r"|close to|in the vicinity of)\b",
    re.IGNORECASE,
)
# … nor is how often: "Il pleut souvent à Marseille ?" searched "souvent" and found the
# quartiers that "ont souvent gardé une identité de village"
_OFTEN = re.compile(r"\b(?:souvent|fréquemment|frequemment|often|frequently)\b", re.IGNORECASE)
# The latest of a series that goes on ("le dernier festival", "the latest cable"): a sentence
# that says which is the latest, or the most recent, answers it; one of the series does not.
_LATEST = re.compile(
    r"\b(?:(?:le|la|les|du|de la|des|au) derni(?:er|ere|ers|eres)|the (?:latest|last|most recent)"
    r"|(?:le|la) plus recente?)\b"
)
# Who did a thing ("Qui a fondé Gemplus ?", "Who founded Carnoux?"): the act's past participle.
# A sentence that says the act with no one doing it ("Gemplus, fondée à Gémenos…") does not
# answer (folded text; English irregular pasts by name).
_AGENT = re.compile(
    r"^(?:et )?qui (?:a|ont|avait|avaient) (?!ete\b|eu\b)(\w+[eiust])\b"
    r"|^(?:and )?who (\w+ed|built|made|won|wrote|drew|began|founded|sold|bought|found|led)\b"
)
# (or measures it: "Quelle est la superficie de la métropole ?" is not answered by its "92
# communes", nor by the year it was created)
_COUNTED = re.compile(
    r"\bcombien (?:de|d) |\bhow many\b"
    r"|\b(?:quelle est|what is) (?:la |the )?(?:superficie|surface|population|area)\b"
)
# What a count is of, said after its head: "Combien de lignes de bus…" counts bus lines, which
# "deux lignes de métro, trois lignes de tramway" does not (folded text).
_QUALIFIED = re.compile(r"\bcombien (?:de|d) (\w+) (?:de|d|du|des) (\w+)")
_RECURRING = re.compile(
    r"\b(?:a lieu|ont lieu|se tient|se tiennent|se deroule|se deroulent|is held|are held"
    r"|takes? place|(?<!since )when (?:is|are)|quel mois|which month|what month"
    # … and so does a feast's date: "Quelle est la date de la fête de la Saint-Jean ?"
    r"|dates? (?:de|du|des|of) (?:\w+ ){0,3}(?:fetes?|festivals?|foires?|feria|fiesta"
    r"|carnaval|carnival|feasts?|fairs?)"
    # the best time of year comes back every year too
    rf"|{_BEST_TIME})\b"
)
# How long something takes, not how long it is: "Combien de temps entre Marseille et Aix en
# train ?", "How long does the TGV take?" are answered by minutes or hours, not by "deux lignes
# de métro"; "how long is the trail in km" asks a length. Folded text.
# how, asked in words ("Et comment y aller ?"), not only by "pour y aller"
_HOW = re.compile(r"\b(?:comment|how)\b")
_HOW_LONG = re.compile(
    r"\b(?:combien de temps|en combien de|quelle (?:est la )?duree|how long (?:does|do|did|will"
    r"|would|to|will it|does it)|how long is the (?:train|tgv|trip|journey|drive|ride|flight"
    r"|crossing|walk|hike|ferry|bus|coach)\b(?! .*\b(?:km|kilometres|kilometers|miles|metres"
    r"|meters)\b)|how many (?:minutes|hours|days)|combien (?:de |d )(?:minutes|heures|jours))"
)
# A line that speaks as a participant of a chat ("SYSTEM:", "Assistant :"), or as the site's
# own official voice ("Message officiel de l'agence :"): a script, not prose about the territory.
_ROLE_LABEL = re.compile(
    r"^\s*(?:(?:system|systeme|assistant|user|utilisateur|developer|ai|ia)\s*:"
    r"|(?:message|communique|annonce|avis|notice|statement|announcement|note)s? "
    r"(?:officiel\w*|official)\b[^:]{0,60}:)",
    re.I,
)


# Words one of the two patterns above needs (lower case, accents as written or folded): most
# sentences hold none, and are not folded at all.
_STEERING_HINTS = (
    *"ignor oubli disregard forget prompt consigne instruction regle règle rule jailbreak".split(),
    *"pretend pirate role officiel official system systeme système assistant user".split(),
    *"utilisateur developer ia: ai:".split(),
    *("ia :", "ai :"),
    *("you are", "tu es", "vous etes", "vous êtes", "act as", "behave as", "comme si"),
    "dan mode",
    *("repond", "répond", "answer", "reply", "respond", "write", "internal", "interne"),
    *("password", "mot de passe", "mots de passe", "pas le droit", "not allowed", "supposed"),
    *("mode", "documents", "fichiers", "files"),
    *("ordre", "order"),
)


def steers_the_answer(text: str) -> bool:
    """Whether `text` (a question, or a sentence of a source) is aimed at the answering system
    ("ignore previous instructions", "SYSTEM: you are now…") or speaks in the site's official
    voice, rather than saying something about the territory: a source's such sentence is never
    quoted as an answer nor taken as support."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _STEERING_HINTS):
        return False
    return bool(
        _ROLE_LABEL.match(fold(text)) or _INJECTION.search(" ".join(fold(w) for w in tokens(text)))
    )


# Language identification is weak on this many words or fewer
_FEW_WORDS = 6
# Short questions that language identification gets wrong: their first word decides.
_FIRST_WORD_LANG = {
    **dict.fromkeys(
        "qui que quoi quel quelle quels quelles quand combien comment ou où pourquoi est et "
        # ("c" is "c'est" typed fast: "c quoi la navette maritime")
        "peut faut y existe tu vous c".split(),
        "fr",
    ),
    **dict.fromkeys(
        "who what which when where why how is are can does do should and will was".split(), "en"
    ),
}
# … unless it opens questions in another language too, which the rest of the question is in:
# "Was kann man in Marseille besichtigen?" is German, and answered as English it was refused as
# though the sources lacked it.
_SHARED_OPENERS = {"was": "de"}
# The words joining two names, in one language only.
_JOINING = {"and": "en", "or": "en", "et": "fr", "ou": "fr"}
# Question words that only one of the two languages opens a question with.
_QUESTION_OPENERS = frozenset(
    "qui quoi quel quelle quels quelles quand combien comment où pourquoi "
    "who what which when where why how".split()
)
# English contractions, spelt out for the cues: "What's the altitude…" asks "what is the altitude"
_CONTRACTED = re.compile(r"\b(what|who|where|when|how|which|that|it|there) s\b")
# English capitalises its months and days: "in August" names no source's subject
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# "Qui était Marcel Pagnol ?": a name, not a role, after "qui est". (Not "Who was Marcel
# Pagnol?": the English pages name people inside sentences on places, "Aubagne… is the
# birthplace of the writer and filmmaker Marcel Pagnol", which a person's one sentence finds
# and a definition, opening on the name, passed over for the French pages.)
_WHO_IS_NAMED = re.compile(
    r"^\s*(?i:qui (?:est|était|etait|fut))\s+(?!(?:Le|La|Les|L['’]|Un|Une)\b)[A-ZÀ-Ý]"
)
_FEASTS = frozenset("paques toussaint easter pentecote pentecost".split())
_POSSESSIVE = re.compile(r"['’]s$")  # "Aix-en-Provence's nearest neighbour"


def _well_known() -> dict[str, str]:
    """Folded words of each place in `data/places.txt` -> the place as it is written."""
    text = resources.files("calanque.answer").joinpath("data/places.txt").read_text("utf-8")
    places = [line.strip() for line in text.splitlines() if line.strip()]
    return {" ".join(fold(w) for w in tokens(p)): p for p in places if not p.startswith("#")}


_WELL_KNOWN = _well_known()
# a well-known place named in lower case, after a word saying where ("à bordeaux", "in
# corsica"), on the question's folded words
_LOWER_PLACE = re.compile(
    r"\b(?:a|au|aux|en|de|d|du|des|dans|vers|in|to|near|around|from|of)"
    r"(?: (?:le|la|les|l|the))? ("
    + "|".join(sorted(map(re.escape, _WELL_KNOWN), key=len, reverse=True))
    + r")\b"
)


# The gazetteer's kinds of place that are part of a commune.
_PARTS = frozenset({"arrondissement", "quartier"})
# A lower-case word after an indefinite article is a common noun: "une calanque", "a mistral".
_INDEFINITE = re.compile(r"\b(?:un|une|a|an|qu'un|qu'une|qu’un|qu’une)\s+([a-zà-ÿ][\w-]*)")

POSTAL_FORMS = frozenset("postal postaux postcode postcodes zip".split())
# The particles inside a name, which say nothing of it: "Château d'If" is "château" and "if".
PARTICLES = frozenset("d de du des la le les l of the".split())


def name_words(name: str) -> frozenset[str]:
    """A name's folded words, as a text's tokens split them, without its particles."""
    return frozenset(fold(w) for w in tokens(name)) - PARTICLES


def _equivalents() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Folded word -> every word of its groups in `data/equivalents.txt`, and the words that
    count by their written forms only (groups marked `=`).

    A question asks with one word and the passage answers with another, in either language:
    "how far" is answered in km, "who designed" with "conçu par". A focus word counts as any
    word of its group. Groups sharing a word are one group ("entreprise" is both a company and
    a business). A stem can join words that mean different things: "garer" and "gare" are both
    "gar", "parking" and "park" both "park"; the words of a marked group are not stemmed.
    A line opening on "> " says it one way: the words before its colon count those after it,
    not the other way ("circuler" is said by "métro" and "bus", which are not each other);
    they count as written."""
    text = resources.files("calanque.answer").joinpath("data/equivalents.txt").read_text("utf-8")
    groups: list[set[str]] = []
    exact: set[str] = set()
    one_way: list[tuple[set[str], set[str]]] = []
    for line in text.splitlines():
        if line.startswith("> "):
            before, _, after = line[2:].partition(":")
            one_way.append((set(before.split()), set(after.split())))
            exact |= {fold(w) for w in before.split()}
            continue
        marked = line.startswith("= ")
        words = set((line[2:] if marked else line).split())
        if not words or line.startswith("#"):
            continue
        keys = {fold(w) for w in words}
        if marked:
            exact |= keys
        for group in [g for g in groups if keys & {fold(w) for w in g}]:
            words |= group
            groups.remove(group)
        groups.append(words)
    found = {fold(w): tuple(sorted(g)) for g in groups for w in g}
    for asking, saying in one_way:
        for w in asking:
            found[fold(w)] = tuple(sorted({*found.get(fold(w), ()), *asking, *saying}))
    return found, frozenset(exact)


_EQUIVALENT, _UNSTEMMED = _equivalents()
_PEOPLE = frozenset(fold(w) for w in _EQUIVALENT["people"])


_ACRONYM_OF = re.compile(r"^([A-Z]{2,6})\s+(?:de|du|des|of)\s+(.+)$|^([A-Z]{2,6})\s+d['’](.+)$")


def _acronym_apart(name: str, places: set[str]) -> tuple[str, ...]:
    """ "TGV de Lyon" is the TGV and Lyon, not one name: an acronym completed by a place
    outside the pack says what kind of thing is of that place, and a source about Lyon need
    not say "TGV". (Completed by one of the pack's `places`, it is one thing: "la CCI de
    Marseille", whose place the question says already.)"""
    found = _ACRONYM_OF.match(name)
    if found is None:
        return (name,)
    parts = tuple(g for g in found.groups() if g)
    return (name,) if {fold(w) for w in tokens(parts[1])} <= places else parts


_RANKED = re.compile(
    r"\b(?:plus|moins|most|least|largest|biggest|smallest|apres|after|second|deuxieme|third"
    r"|troisieme|classement|rank|ranks|ranked)\b"
)


def translated(word: str) -> bool:
    """Does the word count its equivalents in the other language (`data/equivalents.txt`)?"""
    return fold(word) in _EQUIVALENT


@dataclass(frozen=True)
class QuestionAnalysis:
    """A question as the answer path needs it (see the module docstring)."""

    text: str  # the question, whitespace normalised
    lang: str
    langs: tuple[str, ...]  # languages its words are stemmed in: its own, then the pack's
    query: str  # what retrieval searches: the question, made standalone for a follow-up
    answer_type: AnswerType
    scope: Scope
    places: tuple[str, ...]  # labels of the places the query names, in order
    focus: tuple[str, ...]  # the content words of what is asked, as typed
    focus_forms: tuple[frozenset[str], ...]  # per focus word: folded form and stems
    place_terms: frozenset[str]
    # Capitalised names that are not the pack's places ("Bordeaux", "Australie"): a source that
    # does not name them cannot answer.
    names: tuple[str, ...] = ()
    # the forms of what a number or a person is asked of: what a count measures ("étudiants",
    # "capacité"), a person's role ("maire"); empty if the question does not say
    head: frozenset[str] = frozenset()
    # the forms of what a counted head is of ("lignes de bus": bus), when not a place or name
    qualifier: frozenset[str] = frozenset()
    # the head is a number of things ("Combien de pôles…", "How many stations…"), which a
    # number counts by saying them after it
    counted: bool = False
    # the forms of what a list is asked of, the word after "quels", "which": "Which museums are
    # free?" lists museums (a free shuttle bus is not one)
    listed: frozenset[str] = frozenset()
    # … when they are companies or people, the type of each item: "Quelles entreprises dans
    # l'aéronautique ?" is answered by "le site d'Airbus Helicopters", which says no "entreprise"
    listed_type: AnswerType | None = None
    # the forms of the one thing of a kind asked for: "Quel aéroport dessert Marseille ?" asks
    # for an airport, which the TGV stations serving Marseille are not
    kind: frozenset[str] = frozenset()
    # … and it asks for the best, the main or a number of them ("What are the best beaches
    # near Marseille?"): each is one by its name, not a rule on them all ("Smoking is
    # prohibited on many beaches")
    ranked: bool = False
    # the places named that are parts of a commune (a quartier, an arrondissement): "Which
    # painters worked at L'Estaque?" is answered about L'Estaque, not anywhere in Marseille
    parts: tuple[str, ...] = ()
    injection: bool = False
    small_talk: bool = False  # about the site itself, or a greeting alone
    # written in a language the pack does not speak ("Wir besuchen Aix, was sollen wir
    # sehen?"): its words find nothing, and the site says which languages it reads
    unspoken: bool = False
    naming: bool = False  # asks what something is called
    visit: bool = False  # asks what to do or see ("Que faire à La Ciotat ?")
    # … and names nothing but the place ("Que voir à L'Estaque ?"): no topic to look for
    bare_visit: bool = False
    # asks about a place's surroundings ("Quels villages visiter autour d'Aix ?"): the places
    # near it answer as well as it does
    nearby: bool = False
    # … the communes near it, which answer as well ("Which companies make helicopters near
    # Marseille?" is answered at Marignane)
    around: tuple[str, ...] = ()
    # … and those within a day's outing, where a thing near it may be when none is around it
    # ("Where can I go kitesurfing near Marseille?": on the Étang de Berre, from Istres)
    reach: tuple[str, ...] = ()
    journey: bool = False  # asks how to go somewhere, or how far or long it is
    world: bool = False  # asks about the whole world ("le plus long fleuve du monde")
    recurring: bool = False  # asks when something that comes back every year takes place
    duration: bool = False  # asks how long something takes: minutes, hours, days
    frequency: bool = False  # asks how often ("How often does the shuttle run?")
    live: bool = False  # asks what is on now ("ce soir", "tonight")
    # asks what to do when something happens ("Que faire en cas d'incendie de forêt ?"): said
    # by a sentence on that case ("Si un incendie approche, il faut…"), not by how it starts
    upon: bool = False
    latest: bool = False  # asks for the latest of a series ("le dernier festival")
    # the forms of the act whose doer is asked ("qui a fondé": fonde, fondee, fondes, fondees)
    agent: frozenset[str] = frozenset()
    # the months it asks about ("en hiver" → December to February; `periods.py`)
    period: frozenset[int] = frozenset()
    # every name is where the question asks about ("Que visiter à Bordeaux ?"), not what
    names_located: bool = False
    # the question from where what is asked begins, after who asks ("I'm a woman travelling
    # alone, is Marseille safe?" asks "is Marseille safe?"): a yes or no's predicate is read there
    asked: str = ""
    # … and its opening clauses that say nothing of it (`_described`), which the search leaves
    # out
    unasked: tuple[str, ...] = ()
    # the names it asks about as where to be, by a word of place ("in Saint-Cyr-sur-Mer"), not
    # of belonging ("l'archipel de Riou")
    whereabouts: tuple[str, ...] = ()
    follow_up: bool = False
    # the forms of the words some sentence must say: those a follow-up adds to the topic it
    # keeps ("Et s'il pleut ?" after "Que faire à Marseille avec des enfants ?" asks about rain,
    # and an answer on what children do by the sea does not say it), the night or evening asked
    # of, the public vehicle a way is asked by
    added: tuple[frozenset[str], ...] = ()
    # the forms of what the asker needs, which an answer must say or it does not answer: a diet,
    # a dog, a wheelchair ("Je suis végétarien, où manger à Marseille ?" is not answered by the
    # bouillabaisse, wherever it is said in the question)
    required: tuple[frozenset[str], ...] = ()
    # the communes (INSEE codes) the question sets aside: its answer speaks of the others
    excluded: tuple[str, ...] = ()
    # the question's names, places and focus said in the words of the corpus's main language
    # ("Who founded Marseille?" → "fondé fondée fondation founded … Marseille"), when it is
    # asked in another and the glossary translates some of what it asks: a second search by
    # these words finds the passages a cross-lingual embedding alone ranks too low
    bridge: str = ""
    # a bare visit question's query with the words of what a visitor sees, in its language:
    # "Que voir à Aix-en-Provence ?" shares no word with "Le cours Mirabeau est la grande
    # promenade d'Aix-en-Provence…", and the place's business parks rank above it
    sights: str = ""
    # … said in the pack's language, when the question is in another; for a visit with a topic
    # ("Et pour les enfants ?" at Aubagne), the topic's words in both languages
    sights_bridge: str = ""
    question_terms: frozenset[str] = field(default=frozenset())  # every content form typed
    # focus words asked as common nouns, after "un", "une", "a", "an" (folded): "Qu'est-ce
    # qu'une calanque ?" is not answered by a sentence naming the product "Calanque", nor "What
    # is a mistral?" by the poet Frédéric Mistral
    common: frozenset[str] = frozenset()
    # what it is known for is asked ("What is La Ciotat famous for?"): what sets it apart, not
    # its fact sheet
    famous: bool = False

    @property
    def item_type(self) -> AnswerType:
        """The type of what a sentence of the answer holds: a list's items may have one."""
        return self.listed_type or self.answer_type

    @property
    def searched(self) -> str:
        """What the first search looks for: a bare visit of the whole territory has no word of
        its own, and "Que faire dans la métropole ?" finds the agency's business services; going
        "sans voiture" is searched as going (the car's word finds the parking), and a visit "in a
        day" as a visit (the day finds the day trips), and a place "near" as the place."""
        if self.sights and not self.scope.communes:
            return self.sights
        query = self.query
        for clause in self.unasked:
            query = query.replace(clause, " ", 1)
        return " ".join(
            _OFTEN.sub(
                " ", _NEAR.sub(" ", _VISIT_LENGTH.sub(" ", _WITHOUT_CAR.sub(" ", query)))
            ).split()
        )

    @property
    def place_communes(self) -> frozenset[str]:
        """The communes a sentence about the asked place may name: the asked ones, and those
        near them when the question asks about its surroundings."""
        return frozenset((*self.scope.communes, *self.around))

    @property
    def focus_terms(self) -> frozenset[str]:
        return frozenset(t for forms in self.focus_forms for t in forms)

    @property
    def counted_terms(self) -> frozenset[str]:
        """The focus terms and the parts of the hyphenated ones, whose rarity in the index
        stands for a word the index splits ("start-up" is "start" and "up" there)."""
        terms = self.focus_terms
        return terms | frozenset(p for t in terms if "-" in t for p in t.split("-") if p)

    @property
    def factoid(self) -> bool:
        return self.answer_type in FACTOIDS

    @property
    def little(self) -> frozenset[str]:
        """The little words of its languages ("de", "la", "of"): no name's subject."""
        return frozenset().union(*(content_stopwords(lang) for lang in self.langs))

    @property
    def asks_members(self) -> bool:
        """It asks which communes a group of them holds ("Which towns are in the Pays
        Salonais?"): the group's list of its communes answers it, not sentences on one."""
        return (
            bool(self.scope.groups)
            and not self.places
            and bool(self.listed & _MEMBERS)
            and not self.asks_rank
        )

    @property
    def asks_way_to(self) -> bool:
        """It asks how to go to one commune ("Comment y aller ?" after Gémenos), which its
        sources say by what serves it."""
        return (
            self.journey and self.answer_type is AnswerType.HOWTO and len(self.scope.communes) == 1
        )

    @property
    def far_from(self) -> tuple[frozenset[str], ...]:
        """The forms of what one place is asked how far it is from, when that is no place: "Is
        Aix-en-Provence far from the sea?" (a sentence answering it measures the way to the
        sea, or says the place is near it)."""
        folded = folded_words(self.text)
        far = _HOW_FAR.search(folded)
        if len(self.scope.communes) != 1 or far is None:
            return ()
        # (the words said after "far": "How far is it from the city?" after the airport asks
        # the airport's way to Marseille, which the city is)
        after = set(folded[far.end() :].split()) - _TOWN_WORDS
        return tuple(
            forms
            for word, forms in zip(self.focus, self.focus_forms, strict=False)
            if fold(word) in after and not forms & self.place_terms
        )

    @property
    def asks_how_far(self) -> bool:
        """It asks a number of a way between places it names: "Quelle est la distance entre
        Aix et Marseille ?" is said by one place's fact sheet ("… est à 27 km de Marseille à vol
        d'oiseau"), which names no "distance" for the first search to find."""
        return (
            self.journey
            and self.answer_type is AnswerType.NUMBER
            and len(self.scope.communes) >= 2
            # (how long the way takes is no distance: "Et pour y aller depuis Marseille ?" after
            # how long a visit of Aix takes)
            and bool(_HOW_FAR.search(folded_words(self.text)))
        )

    @property
    def asks_each(self) -> bool:
        """It asks the same fact of several places it names itself ("Quelle est la population
        d'Istres et de Miramas ?"): each place's answer, not one about them together. Not a way
        between them, nor a yes or no ("Is there a train from Marseille to Cassis?"), nor places
        a follow-up carries ("And its postcode?" after how far Ensuès is from Marseille)."""
        if (
            len(self.places) < 2
            or not self.factoid
            or self.answer_type is AnswerType.YESNO
            or self.journey
            or self.nearby
        ):
            return False
        said = f" {folded_words(self.text)} "
        return all(f" {folded_words(p)} " in said for p in self.places)

    @property
    def asks_rank(self) -> bool:
        """It ranks ("la plus peuplée après Marseille", "the smallest"): a ranking of places by
        their figures answers it, and no other count."""
        return bool(_RANKED.search(fold_text(self.text)))

    @property
    def counts_one(self) -> bool:
        """It asks how many or how much of one thing, not which comes first."""
        return self.answer_type is AnswerType.NUMBER and not self.asks_rank

    @property
    def counts_people(self) -> bool:
        """It counts a place's people (the glossary's "people" group): a figure said after
        another place's name is that place's, where a distance said after a place is not
        ("25 kilometres north-west of central Marseille", after the Étang de Berre)."""
        return self.answer_type is AnswerType.NUMBER and bool(self.head & _PEOPLE)


class QuestionAnalyzer:
    """Builds the `QuestionAnalysis` of a question in a conversation (one gazetteer pass each)."""

    def __init__(
        self,
        gazetteer: Gazetteer | None,
        *,
        default_lang: str = "fr",
        languages: Sequence[str] = (),
    ) -> None:
        self.gazetteer = gazetteer
        self.default_lang = default_lang
        # The pack's languages; without a pack, French and English (the question forms known).
        self.languages = tuple(dict.fromkeys((default_lang, *(languages or ("fr", "en")))))
        self._territory = gazetteer.pack.name if gazetteer is not None else ""
        # the agency's name as questions say it ("One Provence", without "(démo)"), and the
        # words the pack's documents call it by
        pack = gazetteer.pack if gazetteer is not None else None
        agency = split_demo_mark(pack.agency)[0] if pack else ""
        self._agency = (
            re.compile(rf"(?<!\w){re.escape(agency)}(?!\w)", re.IGNORECASE)
            if agency and pack and pack.agency_called
            else None
        )
        self._agency_called = pack.agency_called if pack else {}
        # the words of what the pack calls its groups ("conseil de territoire", "council")
        self._group_words = (
            {fold(w) for label in pack.group_label.values() for w in tokens(label)} - PARTICLES
            if pack
            else set()
        )
        # what people call things, as the sources write them ("match de l'OM": "Olympique de
        # Marseille"); the longest first, whatever the case and accents ("la bonne mere"),
        # after an apostrophe too
        terms = {_folded_chars(t.term): t.said for t in pack.terms} if pack else {}
        self._terms = terms
        self._term = (
            re.compile(
                r"(?<![\w-])("
                + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                + r")(?![\w-])"
            )
            if terms
            else None
        )

    def language(self, text: str) -> str:
        words = tokens(text)
        if words and words[0].lower() in _QUESTION_OPENERS:
            # "Where is the Pôle Média de la Belle de Mai located?" is English, whatever its
            # French names make of its words
            return _FIRST_WORD_LANG[words[0].lower()]
        if len(words) <= _FEW_WORDS and words:
            # Language identification is weak on a few words; the question word is not.
            shared = _SHARED_OPENERS.get(words[0].lower())
            if shared and detect(without_names(text), self.default_lang) == shared:
                return shared
            cue = _FIRST_WORD_LANG.get(words[0]) or (
                _FIRST_WORD_LANG.get(words[1])
                if words[0] in ("et", "and") and len(words) > 1
                else None
            )
            if cue:
                return cue
            # … and, its names taken out, a few words are anything: "Compare Aubagne and La
            # Ciotat" is Italian by "compare and"; the word joining the names is not
            joined = next((_JOINING[w.lower()] for w in words if w.lower() in _JOINING), None)
            if joined in self.languages:
                return joined
            # … and a few words read as a language the pack does not speak are more likely
            # typed fast in its own: "numero pompiers" is not Italian
            found = detect(without_names(text), self.default_lang)
            return found if found in self.languages else self.default_lang
        return detect(without_names(text), self.default_lang)

    def analyse(
        self, question: str, history: Sequence[str] = (), *, query: str | None = None
    ) -> QuestionAnalysis:
        """The analysis of `question`, given the earlier questions of its conversation; `query`
        is a standalone form written elsewhere (a model's rewrite of a follow-up)."""
        text = _in_the_day(" ".join(question.split()))
        if history:
            text = _by_vehicle(text, history[-1]) or text
        lang = self.language(text)
        if history and lang in self.languages and len(tokens(text)) <= _FEW_WORDS:
            # a few words in the language of the turn before, one the pack does not speak, are
            # in it: "Und wo kann man baden?" after a German question is not French
            before = self.language(history[-1])
            if before not in self.languages and detect(without_names(text), lang) == before:
                lang = before
        follow_up = bool(history)
        added: tuple[str, ...] = ()
        keeps = False
        rainy: str | None = None
        # a word typed alone after a search typed so: all the turn asks
        typed_alone = bool(history) and _typed_alone(text, history[-1])
        compared = self._comparison(text, history, lang) if query is None else None
        if compared is not None:
            query = compared
        elif query is None:
            # (a rainy day after what to do asks which museums, and is read as that: "And when
            # it rains?" asks no date)
            rainy = indoors(text, history, lang)
            query, follow_up, added, keeps = (
                self._standalone(rainy or text, history, typed_alone)
                if history
                else (rainy or text, False, (), False)
            )
            if follow_up:
                query = (
                    self._measure_again(text, query, lang)
                    or _narrowed_again(text, history, self.language)
                    or query
                )
        # (a rainy day carried over too: "Et à Aix ?" after "Il pleut, que faire à Marseille ?")
        query = indoors(query, (), lang) or query
        query = self._called(self._said(rephrased(query)), lang)
        query, excluded = self._excluding(query)
        reading = self._read(query)
        # (asked as the turn before asked: "Et celle de La Ciotat ?" after a population, "Et
        # pour se baigner ?" after where to hike)
        asked_before = (
            answer_type_of(_CONTRACTED.sub(r"\1 is", folded_words(history[-1])))
            if keeps or (history and _ANOTHER_ACTIVITY.match(folded_words(text)))
            else None
        )
        asked = (
            self._asked_again(text, history[-1], lang)
            if keeps or (history and _OTHER_TOWN.match(text.strip()))
            else None
        ) or (self._counted_again(text, history[-1]) if history else None)
        if asked is None and history and compared is None:
            again = (
                None
                if _QUALIFIER.match(folded_words(text))  # "Et les horaires ?" asks of it
                else _yes_no_again(
                    text, history, self.language, lambda said: bool(self._labels(self._read(said)))
                )
            ) or _there_again(text, history, self.language)
            if again is not None and not self._labels(self._read(text)):
                asked = again  # (not "Et La Ciotat ?", which asks there)
        if asked is not None:
            # the turn before asked of another place: "And Aix-en-Provence?" after "How big is
            # Marseille?" is "How big is Aix-en-Provence?" (it searched "big" alone)
            query = indoors(asked, (), lang) or asked
            reading = self._read(query)
        analysis = self._build(
            asked or compared or rainy or text, lang, query, reading, follow_up, asked_before
        )
        if added and typed_alone:
            # (a sentence among the best says it, or the island's boats are told again for
            # "restaurant" after "ile du frioul comment y aller")
            analysis = replace(
                analysis,
                required=(*(_forms(w, analysis.langs) for w in added), *analysis.required),
            )
        elif added:
            langs = analysis.langs
            analysis = replace(
                analysis, added=(*(_forms(w, langs) for w in added), *analysis.added)
            )
        if not excluded:
            return analysis
        # "Que faire en dehors de Marseille ?" is about the rest of the territory
        scope = analysis.scope
        if scope.kind == "none":
            scope = Scope("territory", cues=("a place set aside",))
        return replace(analysis, excluded=excluded, scope=scope)

    def _asked_again(self, text: str, before: str, lang: str) -> str | None:
        """The question before with its one place replaced by the one place this turn names;
        None unless each names one, and two different ones."""
        now, then = self._read(text), self._read(" ".join(before.split()))
        if now is None or then is None or len(then.mentions) != 1:
            return None
        old = then.mentions[0]
        other = _OTHER_TOWN.match(text.strip()) if not now.mentions else None
        if other is not None and not (
            months(fold(other["town"])) or fold(other["town"]) in _CALENDAR | _FEASTS
        ):
            # (a town outside the territory is asked the same: "Et à Arles ?" after Aix's
            # historic sites was refused as a question "sur Aix-en-Provence")
            surface = other["town"]
        else:
            if len(now.mentions) != 1:
                return None  # (nor "Et à Noël ?", a time)
            new = now.mentions[0]
            if new.place.insee == old.place.insee:
                return None
            # … and this turn says nothing but the place: "Comment y aller depuis Marseille ?"
            # after Vitrolles' companies asks its own question
            rest = f"{text[: new.start]} {text[new.end :]}"
            if any(fold(w) not in _ANAPHORA | _BARE_TURN for w in content_tokens(rest, lang)):
                return None
            surface = new.surface
        before = " ".join(before.split())
        head = before[: old.start]
        # (of the place itself, not of its surroundings: "What about Trets?" after hikes
        # "near Aix-en-Provence" asks Trets', not Aubagne's)
        near = _NEAR_BEFORE.search(head)
        if near:
            english = near.group().lower().startswith(("near", "around", "close"))
            head = head[: near.start()] + ("in " if english else "à ")
        elif head[-2:] in ("d'", "d’") and fold(surface[:1]) not in "aeiouyh":
            head = head[:-2] + "de "  # "la population d'Aubagne" → "… de La Ciotat"
        return f"{head}{surface}{before[old.end :]}"

    def _counted_again(self, text: str, before: str) -> str | None:
        """The question before, counting what this turn names instead: "Et de chercheurs ?"
        after "Combien d'étudiants à Aix-Marseille Université ?" asks how many researchers
        there (it was answered by "Le secteur attire… chercheurs"). None unless the turn before
        counts, and this one names one thing, no place."""
        then = _COUNTED_BEFORE.match(" ".join(before.split()))
        now = _COUNTED_NOW.match(text.strip())
        if then is None or now is None or self._labels(self._read(text)):
            return None
        head = then["head"]
        french = head.lower().startswith("combien")
        thing = now["fr"] if french else now["en"]  # (in the same language)
        if not thing or fold(thing) in _QUESTION_WORDS | _ANAPHORA | _CALENDAR:
            return None
        if french:
            head = head[: len("combien")] + (" d'" if fold(thing[:1]) in "aeiouyh" else " de ")
        return f"{head}{thing}{then.string[then.end('thing') :]}"

    def _comparison(self, text: str, history: Sequence[str], lang: str) -> str | None:
        """A choice between places by their population or area, asked of each: "Laquelle est
        la plus grande ?" after Istres then Miramas is "Quelle est la population d'Istres et de
        Miramas ?", which their fact sheets answer one after the other (no sentence compares
        them, and the question's own words found a logistics park "plus grande"). The places
        are the two the turn names, or, when it names none, the last two of the conversation;
        None for any other question."""
        folded = folded_words(text)
        if not _CHOICE.search(folded):
            return None
        measure = next((m for m, cue in _COMPARED if cue.search(folded)), None) or (
            "population" if _COMPARE.search(folded) else None
        )
        template = _COMPARISON.get((lang, measure or ""))
        if template is None:
            return None
        reading = self._read(text)
        if classify(text, reading, self._territory).kind == "territory":
            return None  # "Which is the largest town of the metropolis?" ranks them all
        places = self._labels(reading)
        named_words = {fold(w) for p in places for w in tokens(p)}
        # (a town the sources do not know is compared with: the measure of the one they know,
        # "Marseille est-elle plus grande que Paris ?")
        outside = {fold(w) for m in _THAN_NAME.finditer(text) for w in tokens(m[1])} - named_words
        if any(
            fold(w) not in _MEASURED | named_words | _QUESTION_WORDS | outside
            for w in content_tokens(text, lang)
        ):
            return None  # of something else: "la plage la plus grande entre Cassis et…"
        if not places:
            for turn in reversed(history):
                earlier = self._labels(self._read(" ".join(turn.split())))
                places = [p for p in earlier if p not in places] + places
                if len(places) >= 2:
                    places = places[-2:]
                    break
        if len(places) < (1 if outside else 2):
            return None
        return template.format(places=_of_places(places, lang))

    def _measure_again(self, text: str, query: str, lang: str) -> str | None:
        """A follow-up naming a measure alone, asked in full of the conversation's places:
        "Et sa superficie ?" after "Que faire à Martigues ?" is "Quelle est la superficie de
        Martigues ?" (searched "Et sa superficie Martigues", the French fact sheet ranked
        below the English one)."""
        said = _MEASURE_FACET.match(folded_words(text))
        template = _COMPARISON.get((lang, _MEASURES[said[1]])) if said else None
        places = self._labels(self._read(query)) if template else []
        return template.format(places=_of_places(places, lang)) if template and places else None

    @staticmethod
    def _labels(reading: Reading | None) -> list[str]:
        """The places a reading names, each once, in order."""
        return list(dict.fromkeys(m.place.label for m in reading.mentions)) if reading else []

    def _said(self, query: str) -> str:
        """The pack's terms as the sources write them: "Où voir un match de l'OM ?" is searched
        for "l'Olympique de Marseille", whose stadium the sources name."""
        if self._term is None:
            return query
        said, at = [], 0
        for m in self._term.finditer(_folded_chars(query)):  # (its places are the query's)
            said += [query[at : m.start()], self._terms[m[1]]]
            at = m.end()
        return "".join(said) + query[at:]

    def _called(self, query: str, lang: str) -> str:
        """The agency's name followed by what the pack's documents call it: "Qu'est-ce que One
        Provence ?" finds the demo's pages on "une agence d'attractivité", and still a press
        article that names it."""
        if self._agency is None:
            return query
        called = self._agency_called.get(lang) or next(iter(self._agency_called.values()))
        return self._agency.sub(lambda m: f"{m[0]}, {called},", query, count=1)

    def _around(self, communes: Sequence[str]) -> tuple[tuple[str, float], ...]:
        """The other communes within `_REACH_KM` of the asked ones, nearest first, with their
        distance to the nearest asked one."""
        if self.gazetteer is None:
            return ()
        pack = self.gazetteer.pack
        ring: dict[str, float] = {}
        for code in communes:
            if code not in pack.communes:
                continue
            for c, km in pack.nearest(code, len(pack.communes)):
                if km <= _REACH_KM and c.insee not in communes:
                    ring[c.insee] = min(km, ring.get(c.insee, km))
        return tuple(sorted(ring.items(), key=lambda pair: pair[1]))

    def _excluding(self, query: str) -> tuple[str, tuple[str, ...]]:
        """The query without the places it sets aside ("à part Marseille"), and their communes:
        searched with their names, the passages about them would rank first."""
        if self.gazetteer is None:
            return query, ()
        excluded: list[str] = []
        for cue in reversed(list(_EXCLUDING.finditer(query))):
            rest = query[cue.end() :]
            reading = self._read(rest)
            mentions = reading.mentions if reading else []
            first = min(mentions, key=lambda m: m.start) if mentions else None
            if first is None or first.start > 4:  # "hors saison", "outside in the sun"
                continue
            end = cue.end() + first.end
            excluded.append(first.place.insee)
            query = f"{query[: cue.start()]} {query[end:].lstrip(' ,')}".strip()
        return " ".join(query.split()), tuple(dict.fromkeys(excluded))

    def _read(self, text: str) -> Reading | None:
        """The gazetteer's reading; a question typed all in lower case is read with capitals,
        since names that are also words ("cassis", "salon") otherwise need theirs."""
        if self.gazetteer is None:
            return None
        if not any(c.isupper() for c in text):
            capitalised = self.gazetteer.read(text.title())
            # not the names that only count with their capitals ("Opéra", "La Plage")
            sure = [m for m in capitalised.mentions if not m.place.case_sensitive]
            if sure or capitalised.groups:
                return Reading(sure, capitalised.groups, capitalised.territory)
        return self.gazetteer.read(text)

    def _build(
        self,
        text: str,
        lang: str,
        query: str,
        reading: Reading | None,
        follow_up: bool,
        asked_before: AnswerType | None = None,
    ) -> QuestionAnalysis:
        langs = tuple(dict.fromkeys((lang, *self.languages)))
        described = _described(query)
        opening = described[-1][1] if described else 0  # where what is asked begins
        where_to_live = bool(_WHERE_TO_LIVE.search(query, opening))
        # (a question naming its own place asks nothing of where the asker is: "Je suis
        # développeur à Aix, quelles entreprises recrutent à Marseille ?")
        elsewhere = reading is not None and any(m.start >= opening for m in reading.mentions)
        if described and reading is not None and elsewhere:
            reading = replace(reading, mentions=[m for m in reading.mentions if m.start >= opening])
        scope = classify(query, reading, self._territory)
        places = tuple(self._labels(reading))
        place_words = {fold(w) for p in places for w in tokens(p)}
        place_words |= {
            fold(w) for m in (reading.mentions if reading else []) for w in tokens(m.surface)
        }
        area = {fold(w) for w in scope.area_words}
        folded_text = _CONTRACTED.sub(r"\1 is", folded_words(text))
        folded_query = folded_words(query)
        answer_type = answer_type_of(folded_text)
        # what is asked begins after who asks: "I'm a woman travelling alone, is Marseille safe?"
        # asks yes or no (read as anything, the stations' "Travellers staying in central
        # Marseille…" answered it), its predicate read in "is Marseille safe?" (`grounding.py`)
        who = _described(text)
        after_who = text[who[-1][1] :].strip() if who else text
        # (nor is who asks read as a statement asked: "On arrive de Montréal pour dix jours,
        # qu'est-ce qu'il faut absolument voir ?" asks what to see, not yes or no)
        if who:
            again = answer_type_of(_CONTRACTED.sub(r"\1 is", folded_words(after_who)))
            answer_type = answer_type if again is AnswerType.OTHER else again
        if answer_type is AnswerType.PERSON and _WHO_IS_NAMED.match(after_who):
            # who a named person is, is what they are: "Qui était Marcel Pagnol ?" was answered
            # by his birth alone, a factoid's one sentence
            answer_type = AnswerType.DEFINITION
        if follow_up and answer_type is AnswerType.OTHER:
            # "Et pour les enfants ?" after "Que faire à Aubagne ?" asks for a list too
            answer_type = answer_type_of(_CONTRACTED.sub(r"\1 is", folded_query))
        if asked_before is not None and (
            answer_type is AnswerType.OTHER
            # (a figure asked again of the way there: "Et pour y aller depuis Marseille ?"
            # after "Combien de temps faut-il ?" is how long, not how)
            or (
                answer_type is AnswerType.HOWTO
                and asked_before is AnswerType.NUMBER
                and not _HOW.search(folded_text)
            )
        ):
            answer_type = asked_before
        ease = {g for m in _EASE.finditer(folded_text) for g in m.groups() if g}
        words = [
            w
            for w in content_tokens(
                compounded(
                    _VISIT_LENGTH.sub(
                        " ",
                        _NOW.sub(
                            " ",
                            _WITHOUT_CAR.sub(
                                " ", _coming_from(query, described, elsewhere, where_to_live)
                            ),
                        ),
                    )
                ),
                lang,
            )
            # (a pronoun is no word of what is asked: "Et celle de La Ciotat ?" alone points
            # at nothing)
            if fold(w) not in _QUESTION_WORDS and fold(w) not in _ANAPHORA and fold(w) not in ease
        ]
        # (born is asked, though folded it is the stopword "ne": "Où est né Pagnol ?" opened on
        # the trails of "souvenirs d'enfance de Marcel Pagnol")
        words += [w for w in tokens(query) if w.lower() in _BORN and w not in words]
        if answer_type is AnswerType.PLACE:
            # where a thing lies is what is asked, not a word to find: "Où se trouve Allauch ?"
            # was answered by Saint-Paul-lès-Durance, "La commune se trouve au confluent…"
            words = [w for w in words if fold(w) not in _LOCATED] or list(places) or words
        famous = answer_type is AnswerType.DEFINITION and bool(re.search(_FAMOUS_FOR, folded_text))
        kept = [w for w in words if fold(w) not in place_words and fold(w) not in area]
        visit = bool(_VISIT.search(folded_text) or _VISIT.search(folded_query))
        if visit and who and _VISIT.search(folded_words(after_who)):
            # a visit asked, and nothing else, after who asks asks what to see, not about their
            # ship nor their van ("We are on a cruise ship stopping in Marseille for eight
            # hours, what should we see?" opened on the port's cruise basins); who comes along,
            # and what they need, stay asked ("Nous sommes une famille avec deux enfants, que
            # faire… ?")
            asked_words = {fold(w) for w in tokens(after_who)}
            after = [w for w in kept if fold(w) in asked_words]
            if all(_sightseeing(w) for w in after) and not any(
                fold(w) in _COMPANY or _NEEDS.search(fold(w))
                for w in kept
                if fold(w) not in asked_words
            ):
                kept = after
        # (a time is when, not what: "What is there to do in Provence in winter?")
        bare_visit = visit and all(_sightseeing(w) for w in kept)
        if bare_visit and answer_type in (
            AnswerType.YESNO,
            AnswerType.OTHER,
            AnswerType.DEFINITION,
        ):
            # "Is Cassis worth a visit?" is answered by what there is to see and do there, and
            # so is "what are the highlights?"
            answer_type = AnswerType.LIST
        if bare_visit and not places:
            # "Que faire dans la métropole ?", "Things to do around here?" ask for the whole
            # territory's sights, and say nothing of them: what is asked is what visitors see
            # ("when to visit?" asks a season)
            bare_visit = answer_type is AnswerType.LIST and lang in _SIGHTS
            if bare_visit:
                # (and when, if it says: "Que faire en juillet ?" is its festivals)
                when = [w for w in kept if months(fold(w))]
                kept = [*content_tokens(_SIGHTS[lang], lang), *when]
                scope = scope if scope.kind == "territory" else Scope("territory", cues=("sights",))
        topic = [w for w in kept if fold(w) not in _REQUEST_WORDS] or kept or words
        if famous:
            # being famous is how it is asked, not a word its answer says: "Pourquoi le MuCEM
            # est-il célèbre ?" was refused, and "… le Vieux-Port…" answered by the Château d'If,
            # "rendu célèbre par le roman d'Alexandre Dumas"
            topic = [w for w in topic if not re.fullmatch(_FAMOUS, fold(w))] or topic
            # … and what the place is: "La Ciotat is the town where the Lumière brothers
            # filmed…" says why, as "Aubagne est réputée pour ses santonniers" does
            topic += [w for w in words if fold(w) in place_words]
        topic = list(dict.fromkeys(topic))
        asked = _asking_sentence(query)
        if asked != query:
            # "Je déménage à Aix pour un emploi. Où habiter ?" asks where to live: what comes
            # before says where and why, the question what (its places stay)
            own = {fold(w) for w in content_tokens(compounded(asked), lang)}
            topic = [w for w in topic if fold(w) in own] or topic
        focus_forms = tuple(_forms(w, langs) for w in topic)
        folded_topic = {fold(w) for w in topic}
        if answer_type is AnswerType.POSTAL_CODE:
            # "postcode", "zip code", "code postal": one thing, however it is asked
            focus_forms = (*focus_forms, POSTAL_FORMS)
        place_terms = frozenset(t for p in places for w in tokens(p) for t in _forms(w, langs))
        question_terms = frozenset(t for w in words for t in _forms(w, langs))
        named = place_words | area | {fold(w) for g in scope.groups for w in tokens(g)}
        names = tuple(
            n
            for n in dict.fromkeys(
                [
                    part
                    for m in CAPITALISED.finditer(query)
                    if m.start() >= opening
                    for part in _acronym_apart(
                        _POSSESSIVE.sub("", _unopened(query, m)).strip("'’-"), named
                    )
                ]
                + _short_names(query[opening:], lang)
            )
            if not {fold(w) for w in tokens(n)} <= named
            and fold(n) not in _QUESTION_WORDS | _CALENDAR | _NATIONALITIES
            and fold(tokens(n)[0]) not in _REQUEST_WORDS
            and not _is_stopword(n, lang)
            and not _opens_sentence(query, n)
        )
        # … and the well-known places a question typed in lower case names ("que visiter à
        # bordeaux"), as their capitals would
        names_said = {fold(w) for n in names for w in tokens(n)}
        asked = query[opening:]
        lowered = tuple(
            _WELL_KNOWN[m[1]]
            for m in _LOWER_PLACE.finditer(" ".join(fold(w) for w in tokens(asked)))
            if not set(m[1].split()) <= named | names_said
        )
        names += lowered
        names_said |= {fold(w) for n in lowered for w in tokens(n)}
        # (of the question's compounds: "How many square kilometres…?" counts km², no distance)
        head = _head(
            _CONTRACTED.sub(r"\1 is", folded_words(compounded(text))),
            answer_type,
            langs,
            names_said,
        )
        if (
            not head
            and answer_type is AnswerType.NUMBER
            and _SIZE & folded_topic
            and (places or scope.kind == "territory")
        ):
            # "Quelle est la taille de Marseille ?": a place's size is its area or its people
            # (an army's is its men: "la taille de l'armée" has no head)
            head = frozenset(t for w in _HEAD_OF["big"] for t in _forms(w, langs))
        if head:
            # "How big is Rognes?": the sources say the size by what measures it ("58.3 km²",
            # "4,693 inhabitants"), rarely by the adjective
            focus_forms = tuple(
                forms | head if fold(w) in _MEASURED else forms
                for w, forms in zip(topic, focus_forms, strict=False)
            )
        # (the focus words that name nothing: "the Cistercian abbeys" are abbeys)
        unnamed = {fold(w): w for w in topic if fold(w) not in names_said}
        listed = _listed(folded_text, answer_type, unnamed, langs)
        # (a follow-up goes as the turn before went: "Et sans voiture ?" after "Comment aller à
        # Cassis ?" was answered by Cassis' boat trips, or refused)
        journey = answer_type in (AnswerType.HOWTO, AnswerType.NUMBER) and bool(
            _JOURNEY.search(folded_text) or (follow_up and _JOURNEY.search(folded_query))
        )
        live = bool(_LIVE.search(folded_text))
        ring = (
            self._around(scope.communes)
            if scope.kind == "place" and _near_the_place(query, reading)
            else ()
        )
        return QuestionAnalysis(
            text=text,
            asked=after_who,
            # (what one studies says where a student lives: "J'étudie à Aix, où me loger ?")
            unasked=()
            if where_to_live
            else tuple(query[start:end] for start, end, _, silent in described if silent),
            lang=lang,
            langs=langs,
            query=query,
            answer_type=answer_type,
            scope=scope,
            places=places,
            focus=tuple(topic),
            focus_forms=focus_forms,
            place_terms=place_terms,
            names=names,
            head=head,
            qualifier=_qualifier(folded_text, head, langs, named | names_said),
            counted=bool(head) and bool(_COUNTED.search(folded_text)),
            famous=famous,
            listed=listed,
            listed_type=next((t for t, kind in _LISTED_TYPES.items() if kind & listed), None),
            kind=_kind(folded_text, answer_type, unnamed, langs),
            ranked=answer_type is AnswerType.LIST and _ranked(folded_text),
            parts=tuple(
                dict.fromkeys(
                    m.place.label
                    for m in (reading.mentions if reading else [])
                    if m.place.kind in _PARTS
                )
            ),
            injection=steers_the_answer(text),
            small_talk=bool(_SMALL_TALK.search(folded_text)),
            unspoken=lang not in self.languages,
            naming=bool(_NAMING.search(folded_text)),
            visit=visit,
            bare_visit=bare_visit,
            # (or the places a follow-up carries were: "Et les écoles internationales ?" after
            # "quelle commune choisir près d'Aix ?")
            nearby=bool(_NEARBY.search(folded_text) or _NEARBY.search(folded_query)),
            around=tuple(code for code, km in ring if km <= _NEAR_KM),
            reach=tuple(code for code, _ in ring),
            journey=journey,
            world=bool(_WORLD.search(folded_text)),
            recurring=answer_type is AnswerType.DATE and bool(_RECURRING.search(folded_text)),
            duration=answer_type is AnswerType.NUMBER and bool(_HOW_LONG.search(folded_text)),
            frequency=bool(_FREQUENCY.search(folded_text)),
            live=live,
            upon=bool(_UPON.search(folded_text)),
            added=_said_when_or_by(folded_text, folded_query, lang, langs, journey, live),
            required=tuple(_forms(m[0], langs) for m in _NEEDS.finditer(folded_query)),
            latest=bool(_LATEST.search(folded_text)),
            agent=_agent(folded_text) if answer_type is AnswerType.PERSON else frozenset(),
            period=months(folded_text),
            names_located=bool(names) and all(_located(n, query) for n in names),
            whereabouts=tuple(
                n for n in names if _located(n, query, _WHERE) and not _SCHOOL.search(n)
            ),
            follow_up=follow_up,
            question_terms=question_terms,
            common=frozenset(
                fold(m[1]) for m in _INDEFINITE.finditer(query) if fold(m[1]) in folded_topic
            ),
            bridge=self._bridge(lang, topic, places, names),
            sights=f"{_VISIT_LENGTH.sub(' ', query)} {_SIGHTS[lang]}"
            + (f" {_VILLAGE_SIGHTS[lang]}" if scope.communes else "")
            if bare_visit and lang in _SIGHTS
            else "",
            # (and in the pack's language: "What to see in Marseille?" finds its abbeys and
            # museums in French pages, where the English ones speak of its ferries)
            sights_bridge=" ".join((*places, _SIGHTS[self.default_lang]))
            if bare_visit and places and lang != self.default_lang and self.default_lang in _SIGHTS
            else self._topic_bridge(topic, places)
            if visit and places and not bare_visit
            else "",
        )

    @staticmethod
    def _topic_bridge(topic: list[str], also: tuple[str, ...]) -> str:
        """The topic's words in both languages, and `also` as written ("" when the glossary
        translates none of them). With a place, what to do there for whom or what: "Et pour
        les enfants ?" after "Que faire à Aubagne ?" is said at Aubagne only by "families often
        go hiking on the Garlaban around Aubagne… young children", which every passage on
        children elsewhere outranks."""
        if not any(translated(w) for w in topic):
            return ""
        return " ".join((*(" ".join(_EQUIVALENT.get(fold(w), (w,))) for w in topic), *also))

    def _bridge(
        self, lang: str, topic: list[str], places: tuple[str, ...], names: tuple[str, ...]
    ) -> str:
        if lang == self.default_lang or self.gazetteer is None:
            return ""
        return self._topic_bridge(topic, (*names, *places))

    def _standalone(
        self, text: str, history: Sequence[str], typed_alone: bool = False
    ) -> tuple[str, bool, tuple[str, ...], bool]:
        """The question with the place and topic it leans on from earlier turns, whether it
        leans on them, the words it adds to a topic it keeps ("Et s'il pleut ?"), and whether
        it keeps the turn before's topic with no word of its own ("Et à La Ciotat ?", "Et
        celle de La Ciotat ?": asked as the turn before asked it).

        The conversation's state is carried turn by turn. A place stays until another place or
        the whole territory is named ("it", "there", "y" keep it beside a new one: "Is it far
        from Marseille?"). A turn without a topic of its own ("Et à Martigues ?") keeps the
        previous topic; one that opens on "et", "and" or "what about" and says for whom or how
        ("Et pour les enfants ?", "And by train?") adds its words to it; any other turn brings
        its own topic ("What about schools?"). `typed_alone`: the turn is a word typed alone
        after a search typed so, which narrows the topic ("restaurant").
        """
        places: list[str] = []
        area: list[str] = []  # the words that named the whole territory ("la région")
        topic: list[str] = []
        asked = False  # the topic is how the turn before asked ("voir"), not what
        added: list[str] = []
        subject: list[str] = []  # the topic of the last turn that brought its own
        former: list[str] = []  # the places before the last turn that named others
        before_names: set[str] = set()  # the words of the names the turn before said
        visited = False  # the turn before asked what to do or see
        spelled: dict[tuple[str, ...], str] = {}  # the names of many words, as written
        near = False  # the conversation's places were asked of their surroundings ("près d'Aix")
        around_it = False  # … by the last turn, saying nothing but that
        faceted: list[str] = []  # the words of a facet the turn before asked ("coûte")
        for i, turn in enumerate([*history, text]):
            turn = " ".join(turn.split())
            if i < len(history):
                # an earlier turn is what it asked: not where the asker comes from (where they
                # are stays: "Je commence une thèse à Marseille, où se loger ?" → "Et les
                # transports ?"), nor the places it set aside ("… sans aller à Marseille ?"
                # then "Et avec des ados ?")
                described = _described(turn)
                rest = described[-1][1] if described else 0
                turn = self._excluding(_who_asks(turn, described) + turn[rest:])[0]
            had_place = bool(places)
            reading = self._read(turn)
            named = self._labels(reading)
            named += list(reading.groups) if reading else []
            scope = classify(turn, reading, self._territory)
            folded = [fold(w) for w in tokens(turn)]
            skip = {fold(w) for p in named for w in tokens(p)} | {fold(a) for a in scope.area_words}
            # (a place's word inside a longer name is the name's: "C'est quoi One Provence ?"
            # is about One Provence, and "Qui la dirige ?" after it not about "one")
            # (… and it keeps its capitals, for the turns after to read it as a name)
            # the names of many words, each with its words as written
            runs = [
                (m.group(), parts)
                for m in CAPITALISED.finditer(turn)
                if len(parts := written_words(m.group())) > 1
            ]
            # (… and a short name after its lower-case noun, whose own word a stopword list
            # holds: "le château d'If" is carried as such, not as "château", any château)
            turn_lang = self.language(turn)
            shorts = _short_names(turn, turn_lang)
            runs += [(n, written_words(n)) for n in shorts]
            cased = {
                fold(w): w
                for name, parts in runs
                if {fold(w) for w in parts} - skip and not _opens_sentence(turn, name)
                for w in parts
            }
            skip -= set(cased)
            spelled.update(
                {tuple(fold(w) for w in parts if w[:1].isupper()): name for name, parts in runs}
            )
            # (a short name by its noun too: "château If" is written "château d'If")
            spelled.update({(fold(n.split()[0]), fold(written_words(n)[-1])): n for n in shorts})
            content = {fold(w) for w in content_tokens(turn, turn_lang)}
            own = [
                cased.get(fold(w), w)
                # (how long or which day a visit is, no topic: "Et le week-end ?" after "Que
                # faire à Aubagne ?" still asks what to do there)
                # (nor is going without a car: "Combien de temps ?" after "Comment aller à Cassis
                # sans voiture ?" asked how long a car takes, and found a coach to Aix)
                for w in tokens(_VISIT_LENGTH.sub(" ", _WITHOUT_CAR.sub(" ", turn)))
                # (a stopword in a name is the name's: "Château d'If" keeps its "If")
                if (fold(w) in content or cased.get(fold(w), "")[:1].isupper())
                and fold(w) not in skip
                and fold(w) not in _QUESTION_WORDS | _ELSEWHERE | _MORE_OF_IT
            ]
            # (a name's word is the name's, whatever it means alone: "la Bonne Mère")
            own_topic = [w for w in own if fold(w) not in _REQUEST_WORDS or fold(w) in cased]
            # (the words of the names it says, its opening word aside)
            said_names = (
                {fold(w) for m in CAPITALISED.finditer(turn) for w in tokens(m.group())}
                - skip
                - _BARE_TURN
                - _QUESTION_WORDS
                - {fold(w) for w in tokens(turn)[:1]}
            )
            renamed = False  # the turn asks what the one before asked, of another name
            asks = [w for w in own if fold(w) in _REQUEST_WORDS]  # "visiter", "see"
            joined = " ".join(folded)
            visit = _VISIT.search(joined)
            if visit:
                # "Que faire à Aubagne ?" → "Et pour les enfants ?" asks what to do there with
                # children ("faire" is a stopword: the phrase is the topic), and "What is there
                # to see in Mallemort?" → "Et à Charleval ?" what there is to see, not "see"
                asks = visit.group().split()
            connector = bool(_CONNECTORS.match(joined))
            pointing = _NOT_POINTING.sub(" ", f" {joined} ")
            words = set(pointing.split())
            at_place = bool(words & _PLACE_POINTERS or _ANAPHORA_PHRASES.search(pointing))
            # (a pronoun after the name the turn opens on is that name's: "Et
            # Notre-Dame-de-la-Garde, elle date de quand ?" after the MuCEM's architect)
            refers = not (_DISLOCATED.match(turn) or (named and _INVERTED.match(turn))) and bool(
                words & _ANAPHORA or _OBJECT_PRONOUN.search(pointing)
            )
            of_another = bool(named) and bool(_OF_ANOTHER.search(joined))
            if of_another:
                refers = False  # the place it names instead of the one before
                own_topic = [w for w in own_topic if fold(w) not in _ANAPHORA]
            turn_type = answer_type_of(joined)
            defines = turn_type is AnswerType.DEFINITION
            whole = scope.kind == "territory" and any(not c.endswith("…") for c in scope.cues)
            if named:
                carried = list(dict.fromkeys(places + named)) if refers or at_place else named
                former = places if places and not set(places) <= set(carried) else former
                places, area = carried, []
                near = bool(_NEARBY.search(joined))
            elif _BETWEEN_THEM.search(joined) and places and former:
                places = list(dict.fromkeys(former[-1:] + places))
            elif places and _AROUND_IT.match(joined):
                # "Et autour ?" after "Que voir à Salon-de-Provence ?" asks around the place
                near = around_it = True
            elif refers or at_place:
                pass  # "y aller", "is it far", "là-bas": the place of the conversation
            elif said_names and turn_type is AnswerType.PLACE:
                # where a thing is named is asked: its place is the conversation's now, not
                # the one before ("Où est ITER ?" after Salon-de-Provence's sights, then
                # "Comment y aller depuis Aix ?" asked the way from Aix to Salon)
                places, area = [], []
                near = False
            elif whole or set(folded) & _ELSEWHERE:
                places = []  # the whole territory named, or elsewhere
                area = list(scope.area_words) if whole else []
                near = False
            # one word typed alone after a search typed so narrows it, and must be said:
            # "restaurant" after "ile du frioul comment y aller" asks the island's (it found the
            # bouillabaisse)
            alone = typed_alone and i == len(history)
            booking = bool(_BOOKING_TURN.match(joined))
            facet = bool(
                _FACET_TURN.match(joined)
                or booking
                # (not of a visit asked before, which is how the turn asked, not what: "Quelles
                # plages ?" after "Que faire à Aix-en-Provence ?" asks Aix's beaches)
                or (topic and not asked and _WHICH_ALONE.match(joined))
                or alone
            )
            fragment = (
                bool(_FRAGMENT.match(joined))
                and len(folded) <= _FRAGMENT_WORDS
                and not set(folded) & _QUESTION_WORDS
            )
            which_of_them = bool(_WHICH_OF_THEM.match(joined) or _MOST_OF_THEM.match(joined))
            if which_of_them:  # ("which one", "which of them": no topic)
                own_topic = [
                    w for w in own_topic if fold(w) not in {"one", "ones", "them", "these"}
                ]
            quality = bool(_QUALITY.match(joined))
            narrows = (
                facet
                or fragment
                or which_of_them
                or quality
                or (connector and (not own_topic or bool(_QUALIFIER.match(joined))))
            ) and not _ANOTHER_ACTIVITY.match(joined)
            added = []
            if visit and not (narrows or defines or own_topic or refers):
                # … but a visit asked of the place of the conversation is a topic of its own:
                # "Qu'y a-t-il à voir ?" after "Et son code postal ?" asks the sights, not the
                # postcode ("How do I visit it?" asks how to visit what the turn before named)
                topic, asked = asks, True
            elif asked and at_place and asks and not own_topic and set(map(fold, asks)) <= MOVING:
                # the way there is no sight to see: "Et pour y aller depuis Marseille ?" after
                # "Que voir à Aix ?" (how the turn before asked goes; a topic of its own stays:
                # "Et pour y aller ?" after how long a visit takes asks how long the way is)
                topic = asks
            elif (narrows and (len(own_topic) <= 1 or facet or which_of_them or quality)) or (
                refers and not defines
            ):
                # (the day or time asked is the answer's type, no word a sentence must say:
                # "les marchés… presque tous les matins")
                # "Et pour les enfants ?", "Et s'il pleut ?"
                if topic and ((connector and not facet) or alone or booking):
                    added = [w for w in own_topic if w not in topic and fold(w) not in _ANAPHORA]
                # (how the turn before asked is no topic of a turn with its own: "Que voir à
                # Cornillon-Confoux ?" → "Which territory council is it part of?"; nor of one
                # asking where the place is: "Que voir à Aix ?" → "C'est où ?")
                of_its_own = bool(own_topic) or turn_type is AnswerType.PLACE
                # (nor how far the place is, or how to go, whatever the turn before asked:
                # "C'est loin de Marseille ?" after "Et le week-end ?" at Aubagne; with no
                # place, "it" is the thing asked about: "C'est loin d'Aix ?" after an abbey)
                # (nor how far it is from a thing: "Et c'est loin de la mer ?" after "que faire
                # ce week-end en famille ?" at Miramas asked no outing)
                going = (
                    had_place
                    and bool(own_topic)
                    and (
                        all(_JOURNEY.fullmatch(fold(w)) for w in own_topic)
                        # ("How far is it from the city?" after the airport asks the airport's)
                        or (visited and bool(_HOW_FAR.search(joined)))
                    )
                )
                # (nor which of the territory's groups it is in: "Which territory council is it
                # in?" after "Et sa superficie ?" asks no area)
                grouping = bool(own_topic) and {fold(w) for w in own_topic} <= self._group_words
                # (nor what to do there, asked for companies: "Et pour les entreprises ?" after
                # "Que faire à Gémenos ?" asks what the place offers them, not their outings)
                firms = (
                    asked
                    and bool(own_topic)
                    and {fold(w) for w in own_topic} <= _LISTED_TYPES[AnswerType.ORGANISATION]
                )
                kept_topic = (
                    []
                    if firms or (((asked and of_its_own) or going or grouping) and not narrows)
                    else topic
                )
                if facet:
                    # one facet after another asks the other: "Il faut réserver ?" after "Ça
                    # coûte combien ?" asks no price
                    kept_topic = [w for w in kept_topic if w not in faceted]
                topic = list(dict.fromkeys(kept_topic + own_topic))
                asked = asked and not of_its_own
            elif own_topic and at_place and not places and subject:
                # "y", "there" with no place in the conversation point at what it is about:
                # "Peut-on y camper ?" after the Parc national des Calanques (it found the
                # Camp des Milles)
                topic, asked = list(dict.fromkeys(subject + own_topic)), False
            elif (
                connector
                and own_topic
                and topic
                and before_names
                and {fold(w) for w in own_topic} <= said_names
                and not named
            ):
                # a name alone asks what the turn before asked of its name: "Et
                # Notre-Dame-de-la-Garde ?" after "Quand a été construit le MuCEM ?"
                topic = [w for w in topic if fold(w) not in before_names] + own_topic
                renamed = True
            elif (
                own_topic
                and at_place
                and {fold(w) for w in own} & MOVING
                and any(_VEHICLE.fullmatch(w) for w in own_topic)
                and (kinds := [w for w in topic if fold(w) in SIGHTS])
            ):
                # "there" is the kind of place the turn before asked for, reached by a vehicle:
                # "Peut-on y aller en bus ?" after "Quelle plage à Marseille ?" goes to the
                # beach (and "Peut-on y aller en juillet ?" after a hike asks of July there)
                topic, asked, subject = kinds + own_topic, False, own_topic
            elif own_topic:
                topic, asked, subject = own_topic, False, own_topic
            elif named and not (connector or at_place) and asks and set(map(fold, asks)) <= MOVING:
                # a way between the places it names is a question of its own, whatever the
                # turns before asked: "Comment aller de Marseille à Cassis ?" after "Qu'est-ce
                # que One Provence ?" is no question about "One"
                topic, asked = asks, True
            elif at_place and asks and not own_topic and set(map(fold, asks)) <= MOVING:
                # … and so is the way there, whatever was asked of the place: "Comment y aller
                # depuis Marseille ?" after "Quelles entreprises à Vitrolles ?"; with no place
                # before, "there" is the name the turn before asked of: "Où est ITER ?"
                there = [] if had_place else [w for w in topic if fold(w) in before_names]
                topic, asked = there + asks, not there
            elif not topic or (asked and asks and not connector):
                # "Que visiter à Ventabren ?" → "Et à Éguilles ?"; "Que voir à Aix ?" →
                # "Comment y aller depuis Marseille ?" asks how to go, not what to see
                topic, asked = asks, True
            before_names = said_names
            visited = bool(visit)
            faceted = own_topic if facet else []
        current = " ".join(w for w in text.split() if fold(w.strip("?!.,")) not in _MORE_OF_IT)
        if of_another:
            # (the pronoun is no word of what is asked: "Et de La Ciotat ?")
            current = _OF_ANOTHER.sub("", current, count=1)
        current_words = {fold(w) for w in tokens(current)}
        # (a name carried is the turn's own subject only when it names no place of its own:
        # "Is Saint-Victoret a good option?" after working at Airbus Helicopters is no
        # question about the company)
        extra = [
            w.lower() if named else w
            for w in topic
            # (a visit is carried whole: "What about with kids?" after "What can I do in
            # Aix?" is "… what can i do", not "… can i do", no visit)
            if fold(w) not in current_words or fold(w) in _QUESTION_WORDS
        ]
        if not named:  # (lower-cased above when the turn names its own place)
            extra = _as_written(extra, spelled)
        carried = [p for p in places if fold(p) not in fold(current)]
        if carried and named and (refers or at_place) and not defines:
            # the place "it" is comes first, the one it is said of after: "C'est loin de
            # Marseille ?" after Aubagne asks how far Aubagne is from Marseille
            current = f"{', '.join(carried)}, {current}"
            carried = []
        if (
            carried
            and near
            and (not narrows or around_it)
            and (around_it or not _NEARBY.search(" ".join(fold(w) for w in tokens(current))))
        ):
            # still around it: "Et les écoles internationales ?" after "quelle commune choisir
            # près d'Aix ?" is not answered by Sciences Po Aix (what narrows the topic before
            # reads it as it was read: "Et avec des enfants ?" after hikes around Aubagne
            # opens on the Garlaban's paths from Aubagne)
            around = "près de" if self.language(current) == "fr" else "near"
            carried = [f"{around} {carried[0]}", *carried[1:]]
        if not (defines and not at_place):  # "c'est quoi le mistral ?" asks for a notion
            extra += carried
            # "Que faire dans la région ?" → "Et avec des enfants ?" is still about all of it
            extra += [a for a in area if fold(a) not in current_words]
        if not extra:
            return current, False, (), False
        # Inside the question's sentence: a name that needs context (`Cassis`) keeps it.
        keeps = (connector or bool(named)) and (not own_topic or renamed) and not visit
        current = current.rstrip(" ?!.")
        # (a name that ends the question stays apart from a place carried after it: "Quand a
        # été construit le MuCEM ?" after Marseille is no name "MuCEM Marseille")
        last = current.split()[-1:]
        apart = "," if last and CAPITALISED.search(last[0]) and extra[0][:1].isupper() else ""
        return f"{current}{apart} {' '.join(extra)}", True, tuple(added), keeps


def _as_written(words: list[str], names: dict[tuple[str, ...], str]) -> list[str]:
    """The words, a name's run of them as the name was written: "Château If" is "Château
    d'If", which a search finds as the sources spell it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        run = next(
            (
                (key, name)
                for key, name in names.items()
                if len(key) > 1 and tuple(fold(w) for w in words[i : i + len(key)]) == key
            ),
            None,
        )
        if run:
            out.append(run[1])
            i += len(run[0])
        else:
            out.append(words[i])
            i += 1
    return out


def answer_type_of(folded_question: str) -> AnswerType:
    """The expected answer type of a folded question (`fold` of its tokens, space-joined)."""
    for answer_type, cue in _TYPE_CUES:
        if cue.search(folded_question):
            return answer_type
    return AnswerType.OTHER


_WHERE = r"à|a|au|en|in|at|near|around|autour de|pr[eè]s de"


def _located(name: str, text: str, where: str = _WHERE + "|de|to") -> bool:
    """The name follows a word saying where: "à Bordeaux", "in Lyon"."""
    return bool(re.search(rf"\b(?:{where})\s+{re.escape(name)}\b", text, re.I))


_OPENING = 60  # characters: a sentence's opening phrase, up to its first comma


# A thing named by a short word after "de" ("le château d'If"), typed with a lower-case noun
_OF_SHORT_NAME = re.compile(
    r"\b([a-zàâçéèêëîïôûùüÿœ]{3,}) (d['’]|de |du )"
    # (the word alone, not an article opening a longer name: "la population de La Ciotat")
    r"(?!(?:La|Le|Les|L)\b)([A-ZÀ-Ý][a-zàâçéèêëîïôûùüÿœ]{1,3})\b(?![-'’]| [A-ZÀ-Ý])"
)


def _short_names(text: str, lang: str) -> list[str]:
    """The names whose own word is one a stopword list holds, with the noun they are of: "Où se
    trouve le château d'If ?" named nothing ("If" is an English stopword) and was answered by
    the château de l'Hauture at Fos-sur-Mer."""
    return [
        f"{m[1]} {m[2].replace('’', chr(39))}{m[3]}"
        for m in _OF_SHORT_NAME.finditer(text)
        if _is_stopword(m[3], lang)
    ]


def _near_the_place(query: str, reading: Reading | None) -> bool:
    """The question asks about a place's surroundings by naming it after "near", "autour de"."""
    mentions = reading.mentions if reading else []
    return any(_NEAR_THE_PLACE.search(query[: m.start]) for m in mentions)


def said_there(name: str, text: str) -> bool:
    """The text speaks of being at the place it names ("in Saint-Cyr", "En grande Kabylie,
    …": in its opening phrase), not of heading towards it ("À La Ciotat, les plages… en
    direction de Saint-Cyr")."""
    return name in text.split(",", 1)[0][:_OPENING] or _located(name, text, _WHERE)


def _agent(folded: str) -> frozenset[str]:
    """The forms a past participle takes (gender, number) when the question asks who did it."""
    match = _AGENT.search(folded)
    if match is None:
        return frozenset()
    if match[2]:
        return frozenset({match[2]})
    act = match[1]
    return frozenset({act, act + "e", act + "s", act + "es"})


def _qualifier(
    folded: str, head: frozenset[str], langs: tuple[str, ...], named: set[str]
) -> frozenset[str]:
    """The forms of the word a counted head is "of", when it says a kind of it ("lignes de
    bus"), not where or whose ("km d'Aix", "habitants de Marseille")."""
    match = _QUALIFIED.search(folded)
    if match is None or not head & _forms(match[1], langs):
        return frozenset()
    kind = match[2]
    if kind in named or kind.isdigit() or any(_is_stopword(kind, lang) for lang in langs):
        return frozenset()
    return _forms(kind, langs)


def _head(
    folded: str, answer_type: AnswerType, langs: tuple[str, ...], named: set[str]
) -> frozenset[str]:
    """The forms of what a number or a person is asked of, if the question says (not a name:
    "Combien de Polonais…" is answered by "38 millions d'habitants", "Qui est Marcel
    Pagnol ?" by what he did)."""
    pattern = _HEADS.get(answer_type)
    found = pattern.search(folded) if pattern else None
    word = next((g for g in found.groups() if g), "") if found else ""
    if word in _AMOUNT:
        # "le montant du budget" is the budget's figure: "budget (plus de 20 milliards)"
        of = re.search(rf"\b{word} (?:de|d|du|des|of) (?:la |le |les |l |the )?(\w+)", folded)
        word = of[1] if of else word
    # "how many territory councils": either word may be the head; "how many continents are":
    # not the verb, which alone says a price ("how much are…")
    parts = word.split()
    words = (
        list(_HEAD_OF.get(parts[0], parts[:1]))
        if len(parts) == 1
        else [w for w in parts if w not in _HEAD_OF]
    )
    if not _LIVING.search(folded):
        # "How many people work at the port?" counts workers, whom "1.9 million inhabitants"
        # does not count
        words = [w for w in words if w != "people"]
    else:
        words = ["people" if w in _PERSONS else w for w in words]
    words = [
        w
        for w in words
        if w not in _HEAD_NOT | _QUESTION_WORDS
        and (w not in named or w in _HEAD_ROLES)
        and not any(_is_stopword(w, lang) for lang in langs)  # "minutes in a day": not "in"
    ]
    said = [r for w in words for r in _HEAD_ROLES.get(w, (w,))]
    return frozenset(t for w in said for t in _forms(w, langs))


# A school is where one studies, not a place to be in: "How do I enrol at Aix-Marseille
# University?" is answered by "complete their enrolment at the university"
_SCHOOL = re.compile(
    r"\b(?:university|université|universite|school|école|ecole|college|collège|lycée|lycee"
    r"|institute|institut)\b",
    re.IGNORECASE,
)
# A turn asking the same of a town the gazetteer does not know: "Et à Arles ?", "What about
# in Lyon?"
_OTHER_TOWN = re.compile(
    r"^(?i:et|and|what about|how about)\s+(?i:à|a|au|in|at)\s+"
    # (a name, not an acronym: "Et en VTT ?" asks how)
    r"(?P<town>[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*(?:[\s-][A-ZÀ-Ý][\w'’-]*)*)\s*\??$"
)
# "near Marseille": within a half-hour's drive, centroid to centroid; within a day's outing
_NEAR_KM = 25.0
_REACH_KM = 50.0
# … said of the place itself: "near Marseille", "autour d'Aix", not "near the beaches in
# Martigues"
_NEAR_THE_PLACE = re.compile(
    r"\b(?:near|nearby|around|close to|not far from|in the vicinity of|pr[eè]s d[e'’]|autour d[e'’]"
    r"|aux (?:alentours|environs) d[e'’]|[àa] proximit[ée] d[e'’]|pas loin d[e'’])\s*"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# A turn asking around the conversation's place and nothing else (folded)
_AROUND_IT = re.compile(
    r"^(?:(?:et|and|what about) )?(?:autour|aux alentours|dans les environs|a cote|nearby"
    r"|around|near there|around there|in the area|pas loin|tout pres|pres d ici)$"
)
_NEARBY = re.compile(
    r"\b(?:near|nearby|around|vicinity|pres|proximite|alentours|environs|autour)\b"
)
_WHICH = frozenset("quels quelles quel quelle which what".split())
# words that rank or count what is listed, not name it: "Quels sont les meilleurs
# restaurants ?", "What are the three great Cistercian abbeys…?"
_RANKING = frozenset(
    "meilleur meilleurs meilleure meilleures best top good great nice nicest plus most beaux "
    "belles bons bonnes grands grandes principaux principales main incontournables deux trois "
    "quatre cinq six sept huit dix two three four five seven eight ten".split()
)


# What a list may be of without any item saying so: a rule ("Du 1er juin au 30 septembre,
# l'accès aux massifs dépend du risque"), a step, a tip, a reason, a strength ("Quels sont les
# atouts de la métropole pour une entreprise industrielle ?" opened on the agency's "Cette
# approche… les atouts de Salon-de-Provence…", which says the word and none of them)
_SAID_OTHERWISE = frozenset(
    "atout atouts asset assets strength strengths "
    "regle regles condition conditions demarche demarches etape etapes aide aides mesure "
    "mesures avantage avantages raison raisons conseil conseils astuce astuces precaution "
    "precautions possibilite possibilites obligation obligations rule rules step steps tip tips "
    "reason reasons benefit benefits advantage advantages measure measures requirement "
    "requirements".split()
)
# what a group of communes is made of, listed
_MEMBERS = frozenset(
    "commune communes ville villes municipality municipalities town towns city cities".split()
)
# verbs whose object is what a "where" question lists: "Où trouver un logement ?"
_FINDING = frozenset("trouver louer acheter manger find get rent buy eat".split())


def _ranked(folded: str) -> bool:
    """A ranking word or a count follows "quels", "which": "Quelles sont les plus belles
    plages ?", "What are the three…"."""
    words = folded.split()
    i = next((i for i, w in enumerate(words) if w in _WHICH), None)
    return i is not None and any(w in _RANKING for w in words[i + 1 : i + 7])


def _listed(
    folded: str, answer_type: AnswerType, focus: dict[str, str], langs: tuple[str, ...]
) -> frozenset[str]:
    """The forms of the first word of the focus within six words after "quels", "which", or
    after a verb of finding ("Where can foreign students find housing?" lists housing, not the
    Foreign Legion's museum); not a name ("the Cistercian abbeys" are abbeys), nor how it is
    asked ("What is there to see in Aix?" lists no "see", "the must-see sights" no "must")."""
    if answer_type is not AnswerType.LIST:
        return frozenset()
    words = folded.split()
    for i, w in enumerate(words):
        if w in _WHICH or w in _FINDING:
            word = next(
                (
                    x
                    for x in words[i + 1 : i + 7]
                    if x in focus
                    and x not in _RANKING
                    and x not in _REQUEST_WORDS
                    and x not in _SIGHTS_ASKED  # "the must-see sights" are no "must"
                ),
                "",
            )
            if not word or word in _SAID_OTHERWISE:
                return frozenset()
            return _forms(focus[word], langs)
    return frozenset()


# English verbs after the noun asked for: "Which airport serves…", "Which company specialised…"
_VERB_ENDING = re.compile(r"(?:s|ed)$")
# Words that ask how a thing is called or classed, or what is new, not a kind of thing
_NO_KIND = frozenset(
    "nom name style genre type sorte forme nouveau nouvelle nouveaux nouvelles new".split()
)


def _kind(
    folded: str, answer_type: AnswerType, focus: dict[str, str], langs: tuple[str, ...]
) -> frozenset[str]:
    """The forms of the noun after an opening "quel", "which" in a question asking for one
    thing, when it is a word of the focus and no name ("Which museum…", not "What is…", nor
    "Quel style de musique…"). English puts the noun after its modifiers: "Which biotech
    company specialised…" asks for a company, "Which Marseille museum…" for a museum."""
    if answer_type is not AnswerType.OTHER:
        return frozenset()
    words = folded.split()
    if len(words) < 3 or words[0] not in _WHICH:
        return frozenset()
    word = words[1]
    if words[0] in ("which", "what") and words[2] in focus and not _VERB_ENDING.search(words[2]):
        word = words[2]
    if word not in focus or word in _RANKING | _REQUEST_WORDS | _SAID_OTHERWISE | _NO_KIND:
        return frozenset()
    return _forms(focus[word], langs)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _asking_sentence(text: str) -> str:
    """The last sentence that asks (ends with "?"), or the text when it is one sentence."""
    sentences = _SENTENCE_END.split(text.strip())
    if len(sentences) < 2:
        return text
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return asking[-1] if asking else sentences[-1]


def _sightseeing(word: str) -> bool:
    """The word asks a visit, what to see or when: nothing of its own."""
    folded = fold(word)
    return folded in _REQUEST_WORDS or folded in _SIGHTS_ASKED or bool(months(folded))


# Who comes along on a visit (folded words)
_COMPANY = frozenset(
    "enfant enfants famille familles bebe bebes ados adolescent adolescents kid kids children "
    "child family families babies baby toddler toddlers teen teens teenager teenagers senior "
    "seniors elderly".split()
)
# What an asker may need, which a place either serves or not (general language, folded): a diet,
# a pet, a wheelchair.
_NEEDS = re.compile(
    r"\b(?:vegetariens?|vegetariennes?|vegetarians?|vegetaliens?|vegetaliennes?|vegans?|veganes?"
    r"|halal|casher|kasher|kosher|gluten|chiens?|dogs?|fauteuil roulant|wheelchairs?|pmr"
    r"|handicapes?|handicapees?|disabled"
    # (or not seeing, or not hearing: "Are there guided tours for blind visitors?" was told the
    # tourist offices' guided tours)
    r"|aveugles?|malvoyants?|malvoyantes?|blind|visually impaired|sourds?|sourdes?"
    r"|malentendants?|malentendantes?|deaf)\b"
)


def _said_when_or_by(
    folded_text: str,
    folded_query: str,
    lang: str,
    langs: tuple[str, ...],
    journey: bool,
    live: bool,
) -> tuple[frozenset[str], ...]:
    """The forms some sentence must say when the question asks of the night ("Quels transports
    entre Aix et Marseille la nuit ?" was answered by the day's bus networks), or of a way by a
    public vehicle ("Comment y aller en métro ?" is not answered by sources naming only buses);
    what is on tonight is refused on its own (`live`)."""
    said: list[frozenset[str]] = []
    if _AT_NIGHT.search(folded_query) and not live:
        said.append(frozenset().union(*(_forms(w, langs) for w in _NIGHT_WORDS)))
    by = _BY_VEHICLE.search(folded_text) if journey else None
    if by and not (by.group(1) == "car" and lang == "en"):
        said.append(_forms(by.group(1), langs))
    return tuple(said)


def _forms(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    """The word's folded form and stems, and those of the words its answer is written with."""
    words = _EQUIVALENT.get(fold(word), (word,))
    if fold(word) in _UNSTEMMED:
        return frozenset(fold(w) for w in words)
    return frozenset(
        t for w in words for t in (fold(w), *(s for g in langs for s in stems([w], g)))
    )


def _folded_chars(text: str) -> str:
    """The text folded letter by letter, each letter where it was ("Mère" → "mere", "œ" → "o"):
    a match in it is a match in the text at the same place."""
    return "".join((fold_text(c) or c)[0] for c in text)


def _is_stopword(name: str, lang: str) -> bool:
    return not content_tokens(name, lang)


def _unopened(text: str, match: re.Match[str]) -> str:
    """A capitalised run without the question word or verb that opens the sentence: "Quand
    Ernest Vallardin a-t-il…" names Ernest Vallardin, "Is Arles worth…" Arles."""
    first, _, rest = match.group().partition(" ")
    if (
        rest
        and fold(first) in _QUESTION_WORDS | _AUXILIARIES
        and _opens_sentence(text, match.group())
    ):
        return rest
    return match.group()


def _opens_sentence(text: str, name: str) -> bool:
    """A capital that only says a sentence starts ("Pourquoi", "Museums")."""
    at = text.find(name)
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;«"('
