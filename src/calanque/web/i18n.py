"""Interface strings: French by default, English by a switch. Answers follow the question."""

from __future__ import annotations

UI: dict[str, dict[str, str]] = {
    "fr": {
        "contact_link": "Être recontacté",
        "contact_title": "Être recontacté par l'agence",
        "contact_intro": "Laissez votre adresse si vous souhaitez que l'agence vous recontacte "
        "(projet d'installation, d'études, d'investissement, de visite). Rien n'est enregistré "
        "sans votre accord, et vous pourrez le retirer à tout moment.",
        "contact_email": "Courriel",
        "contact_name": "Nom (facultatif)",
        "contact_audience": "Vous êtes",
        "contact_audience_none": "— (facultatif)",
        "audience_resident": "habitant du territoire",
        "audience_visitor": "visiteur",
        "audience_talent": "étudiant ou professionnel en recherche d'emploi",
        "audience_business": "entreprise ou investisseur",
        "contact_message": "Votre message (facultatif)",
        "contact_consent": "J'accepte que l'agence conserve ces informations, et les questions "
        "posées dans cette conversation, pour me recontacter. Je peux retirer cet accord à tout "
        "moment avec le lien qui me sera donné.",
        "contact_send": "Envoyer",
        "contact_error_consent": "Cochez la case d'accord : sans elle, rien n'est enregistré.",
        "contact_error_email": "Cette adresse de courriel n'est pas valide.",
        "contact_error_audience": "Choisissez une réponse de la liste.",
        "contact_done": "Merci, l'agence vous recontactera.",
        "contact_withdraw_keep": "Gardez ce lien : il retire votre accord et efface vos "
        "informations.",
        "withdraw_title": "Retirer mon accord",
        "withdraw_explain": "Vos coordonnées et votre message seront effacés ; l'agence ne vous "
        "recontactera pas.",
        "withdraw_button": "Retirer mon accord et effacer mes informations",
        "withdraw_done": "C'est fait : vos informations sont effacées.",
        "withdraw_unknown": "Ce lien n'est pas valide, ou l'accord a déjà été retiré.",
        "skip": "Aller au contenu",
        "equity_link": "Équité territoriale",
        "race_link": "Course au large",
        "map_label": "Carte des communes dont parlent les sources citées",
        "equity_title": "Équité territoriale des réponses",
        "equity_intro": "Les questions portant sur tout le territoire doivent être répondues avec "
        "des sources de chaque {label}, pas d'une seule ville. Voici l'exposition que leur ont "
        "donnée les sources citées dans les réponses enregistrées.",
        "equity_empty": "Aucune réponse à une question sur l'ensemble du territoire n'est encore "
        "enregistrée.",
        "equity_answers": "Réponses analysées",
        "equity_mean_awrf": "AWRF moyen par réponse",
        "equity_coverage": "Communes citées",
        "equity_table": "Exposition des sources citées par groupe (politique : {policy})",
        "equity_exposure": "Exposition",
        "equity_target": "Cible",
        "equity_ratio": "Ratio",
        "equity_cited_communes": "Communes citées",
        "equity_absent": "Réponses qui l’omettent",
        "equity_map": "Communes citées au moins une fois",
        "title": "Posez votre question sur le territoire",
        "subtitle": "Transports, études, emploi, nature, culture, entreprises : {name} répond à "
        "partir de sources régionales, qu'il cite.",
        "label": "Votre question",
        "placeholder": "Par exemple : où se baigner près de Martigues ?",
        "ask": "Demander",
        "followup_label": "Poser une question de suite",
        "followup_placeholder": "Une précision, une autre question ?",
        "new": "Nouvelle conversation",
        "examples": "Exemples",
        "notice": "Les réponses sont générées automatiquement à partir de sources citées et "
        "peuvent contenir des erreurs. Vérifiez les informations importantes.",
        "sources": "Sources",
        "source_page": "Source indexée",
        "source_intro": "Le texte de ce document tel que le site l'a indexé et le cite.",
        "source_updated": "Mis à jour",
        "places": "Lieux",
        "demo": "démo",
        "demo_title": "Contenu de démonstration : vérifiez les informations pratiques auprès "
        "des organismes cités.",
        "useful": "Réponse utile",
        "not_useful": "Réponse peu utile",
        "comment": "Un commentaire ? (facultatif)",
        "send": "Envoyer",
        "thanks": "Merci pour votre retour.",
        "thinking": "Recherche dans les sources…",
        "error": "Une erreur est survenue. Réessayez dans un instant.",
        "too_many": "Trop de questions en peu de temps : réessayez dans une minute.",
        "switch": "English",
        "switch_lang": "en",
        "permalink": "Lien vers cette conversation",
        "widget_button": "Une question sur le territoire ?",
        "embed_refused_title": "Intégration non autorisée",
        "embed_refused": "La page qui affiche ce module ({origin}) ne fait pas partie des sites "
        "partenaires de ce service.",
        "embed_refused_more": "Administrateur du service : ajoutez cette origine à la variable "
        "CALANQUE_CORS_ORIGINS (plusieurs origines séparées par des virgules), puis redémarrez "
        "Calanque.",
        "footer": "Calanque, logiciel libre. Contenus de démonstration : chaque agence les "
        "remplace par ses propres sources.",
    },
    "en": {
        "contact_link": "Be contacted",
        "contact_title": "Be contacted by the agency",
        "contact_intro": "Leave your address if you would like the agency to contact you (a "
        "plan to move, study, invest or visit). Nothing is kept without your consent, and you "
        "can withdraw it at any time.",
        "contact_email": "Email",
        "contact_name": "Name (optional)",
        "contact_audience": "You are",
        "contact_audience_none": "— (optional)",
        "audience_resident": "a resident of the territory",
        "audience_visitor": "a visitor",
        "audience_talent": "a student or a professional looking for a job",
        "audience_business": "a company or an investor",
        "contact_message": "Your message (optional)",
        "contact_consent": "I agree that the agency keeps this information, and the questions "
        "asked in this conversation, to contact me. I can withdraw this consent at any time "
        "with the link I will be given.",
        "contact_send": "Send",
        "contact_error_consent": "Tick the consent box: without it, nothing is kept.",
        "contact_error_email": "This email address is not valid.",
        "contact_error_audience": "Choose an answer from the list.",
        "contact_done": "Thank you, the agency will contact you.",
        "contact_withdraw_keep": "Keep this link: it withdraws your consent and erases your "
        "information.",
        "withdraw_title": "Withdraw my consent",
        "withdraw_explain": "Your details and your message will be erased; the agency will not "
        "contact you.",
        "withdraw_button": "Withdraw my consent and erase my information",
        "withdraw_done": "Done: your information is erased.",
        "withdraw_unknown": "This link is not valid, or the consent was already withdrawn.",
        "skip": "Skip to content",
        "equity_link": "Territorial equity",
        "race_link": "Sailing race",
        "map_label": "Map of the communes the cited sources speak of",
        "equity_title": "Territorial equity of the answers",
        "equity_intro": "Questions about the whole territory must be answered with sources from "
        "every {label}, not from one city alone. Here is the exposure the cited sources gave "
        "them in the stored answers.",
        "equity_empty": "No answer to a territory-wide question has been stored yet.",
        "equity_answers": "Answers analysed",
        "equity_mean_awrf": "Mean AWRF per answer",
        "equity_coverage": "Communes cited",
        "equity_table": "Exposure of the cited sources per group (policy: {policy})",
        "equity_exposure": "Exposure",
        "equity_target": "Target",
        "equity_ratio": "Ratio",
        "equity_cited_communes": "Communes cited",
        "equity_absent": "Answers leaving it out",
        "equity_map": "Communes cited at least once",
        "title": "Ask anything about the territory",
        "subtitle": "Transport, studies, jobs, nature, culture, business: {name} answers from "
        "regional sources, and cites them.",
        "label": "Your question",
        "placeholder": "For example: where can I swim near Martigues?",
        "ask": "Ask",
        "followup_label": "Ask a follow-up question",
        "followup_placeholder": "Anything else?",
        "new": "New conversation",
        "examples": "Examples",
        "notice": "Answers are generated automatically from cited sources and may contain "
        "errors. Check important information.",
        "sources": "Sources",
        "source_page": "Indexed source",
        "source_intro": "The text of this document as the site indexed and cites it.",
        "source_updated": "Updated",
        "places": "Places",
        "demo": "demo",
        "demo_title": "Demo content: check practical details with the organisations named.",
        "useful": "Useful answer",
        "not_useful": "Not useful",
        "comment": "A comment? (optional)",
        "send": "Send",
        "thanks": "Thank you for your feedback.",
        "thinking": "Searching the sources…",
        "error": "Something went wrong. Please try again in a moment.",
        "too_many": "Too many questions in a short time: try again in a minute.",
        "switch": "Français",
        "switch_lang": "fr",
        "permalink": "Link to this conversation",
        "widget_button": "A question about the territory?",
        "embed_refused_title": "Embedding not allowed",
        "embed_refused": "The page showing this panel ({origin}) is not one of this service's "
        "partner sites.",
        "embed_refused_more": "Administrator of the service: add this origin to "
        "CALANQUE_CORS_ORIGINS (several origins separated by commas), then restart Calanque.",
        "footer": "Calanque, free software. Demo content: each agency replaces it with its own "
        "sources.",
    },
}


def ui(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["fr"])
