"""The fit report's words, in Danish and English (the statuses as issue 14 names them)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "strong": "ser stærkt ud",
        "unclear": "uklart – afklar",
        "missing": "mangler",
        "title": "Passer jeres problem til en social investering?",
        "problem": "Problemet",
        "criteria": "Kriterier",
        "you_said": "I skrev",
        "nothing_said": "(intet svar)",
        "documents_say": "DSI’s dokumenter siger",
        "status": "Status",
        "next_question": "Næste spørgsmål at besvare",
        "strong_answer": "Et stærkt svar",
        "similar": "Lignende investeringer i porteføljen",
        "no_similar": "Ingen investering i porteføljen ligner problemet nok (lighed under {floor:.2f}).",
        "similarity": "lighed",
        "sum": "investeringssum",
        "partners": "partnere",
        "inside": "Problemet ligger inden for DSI’s investeringsområder, nærmest: {areas}.",
        "outside": (
            "Problemet ligger uden for DSI’s investeringsområder, som porteføljen viser dem: "
            "ingen investering ligner det nok. DSI investerer i sociale indsatser; tal med "
            "DSI, før I bruger tid på en business case."
        ),
        "areas": "DSI’s investeringsområder",
        "next_steps": "Næste skridt",
        "sources": "Kilder",
        "page": "side",
        "offer": (
            "Det lyder som et spørgsmål om, hvorvidt jeres problem passer til en social "
            "investering. Brug fanen «Passer vores problem?»: problemet er skrevet ind, og I "
            "får hvert kriterium vurderet med henvisninger til DSI’s dokumenter, lignende "
            "investeringer og næste skridt. (Også som POST /api/fit og dsi fit.)"
        ),
        "disclaimer": (
            "Vurderingen bygger på faste regler for jeres svar og på DSI’s dokumenter; "
            "den er et udgangspunkt for en samtale med DSI, ikke en afgørelse."
        ),
    },
    "en": {
        "strong": "looks strong",
        "unclear": "unclear – clarify",
        "missing": "missing",
        "title": "Does your problem fit a social investment?",
        "problem": "The problem",
        "criteria": "Criteria",
        "you_said": "You said",
        "nothing_said": "(no answer)",
        "documents_say": "DSI’s documents say",
        "status": "Status",
        "next_question": "Next question to answer",
        "strong_answer": "A strong answer",
        "similar": "Similar investments in the portfolio",
        "no_similar": "No investment in the portfolio is close enough (similarity below {floor:.2f}).",
        "similarity": "similarity",
        "sum": "investment sum",
        "partners": "partners",
        "inside": "The problem lies inside DSI’s investment areas, closest: {areas}.",
        "outside": (
            "The problem lies outside DSI’s investment areas as its portfolio shows them: no "
            "investment is close enough. DSI invests in social interventions; talk to DSI "
            "before you spend time on a business case."
        ),
        "areas": "DSI’s investment areas",
        "next_steps": "Next steps",
        "sources": "Sources",
        "page": "page",
        "offer": (
            "That sounds like a question of whether your problem fits a social investment. "
            "Use the tab «Does our problem fit?»: the problem is filled in, and you get each "
            "criterion assessed with citations of DSI’s documents, similar investments and "
            "next steps. (Also as POST /api/fit and dsi fit.)"
        ),
        "disclaimer": (
            "The assessment follows fixed rules on your answers and DSI’s documents; it is a "
            "starting point for a talk with DSI, not a decision."
        ),
    },
}
