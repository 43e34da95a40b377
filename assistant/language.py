"""Question language (Danish or English) and English-to-Danish keyword expansion.

The documents are Danish. Dense search is multilingual, but BM25 only matches words the
documents use, so English questions get Danish domain terms added on the keyword side.
The glossary is general vocabulary of social investment and Danish welfare, not a list of
questions. Detection counts function words; a question with no clear signal returns None
and the caller falls back to the conversation's language.
"""

from __future__ import annotations

import re

DANISH_WORDS = frozenset(
    "og er det hvad hvordan hvor hvem hvilke hvilken hvorfor hvornår der til en et af på med har "
    "kan jeg vi ikke som den de om for fra skal vil må mange meget også eller hos sig så "
    "hvis blev bliver være været deres dens dets kommunen kommune investeret investering "
    "investeringer fonden sociale samlet".split()
)
ENGLISH_WORDS = frozenset(
    "the is are what how who which whose why when does do did of and in to for with can has have "
    "was were be been will would should could there their its it this that these those about "
    "from by on at into many much also or any invested investment investments total share "
    "municipality municipalities fund".split()
)

# English domain term -> Danish words the documents use.
GLOSSARY: dict[str, str] = {
    "homeless": "hjemløse hjemløshed", "homelessness": "hjemløshed hjemløse",
    "youth": "unge ungdomshjemløshed", "young": "unge", "children": "børn", "child": "børn",
    "family": "familier familie", "families": "familier", "violence": "vold voldsudsatte",
    "domestic": "nære relationer", "abuse": "misbrug", "addiction": "misbrug",
    "stress": "stress stressbehandling", "diabetes": "diabetes", "obesity": "overvægt",
    "overweight": "overvægt", "autism": "autisme autister", "mental": "psykisk psykiske",
    "health": "sundhed", "illness": "lidelser sygdom", "employment": "beskæftigelse arbejdsmarkedet",
    "job": "arbejde job", "jobs": "arbejde job", "work": "arbejde arbejdsmarkedet",
    "labour": "arbejdsmarkedet", "labor": "arbejdsmarkedet", "unemployed": "ledige",
    "sick": "sygemeldte sygedagpengemodtagere", "learning": "læring", "school": "folkeskolen",
    "education": "uddannelse", "placed": "anbragte", "foster": "anbragte", "care": "efterværn",
    "aftercare": "efterværn", "pregnant": "gravide", "vulnerable": "udsatte sårbare",
    "immigrants": "indvandrere", "immigrant": "indvandrere", "ethnic": "etnisk",
    "prisoners": "indsatte fængselsindsatte", "prison": "fængselsindsatte kriminalforsorgen",
    "reoffending": "recidiv", "recidivism": "recidiv", "crime": "kriminalitet",
    "investment": "investering", "investments": "investeringer investering",
    "invest": "investere investering", "invested": "investeret investering",
    "investor": "investor investorer", "investors": "investorer", "private": "private",
    "philanthropic": "filantropiske fonde", "foundation": "fond fonden fonde",
    "foundations": "fonde", "pension": "pensionsselskaber pension", "insurance": "forsikringsselskaber",
    "bank": "banker", "banks": "banker", "family office": "family offices",
    "outcomes": "resultatbetalingsfond resultater", "outcome": "resultatbetalingsfond resultater",
    "payment": "betaling betalingsmodel", "payments": "betaling", "pay": "betaler betaling",
    "model": "model betalingsmodel", "models": "modeller", "risk": "risiko risikovillig",
    "guarantee": "underskudsgaranti garanti", "deficit": "underskudsgaranti", "loss": "taber underskudsgaranti",
    "return": "afkast", "returns": "afkast", "profit": "afkast gevinster",
    "gains": "gevinster", "benefits": "gevinster", "savings": "besparelse gevinster",
    "cost": "omkostninger udgifter", "costs": "omkostninger udgifter", "refund": "refusion",
    "reimbursement": "refusion", "shelter": "herberg", "shelters": "herberg",
    "municipality": "kommune", "municipalities": "kommuner", "municipal": "kommunale",
    "region": "region regioner", "regions": "regioner", "state": "staten stat",
    "government": "staten", "ministry": "ministerium ministerier", "parliament": "folketinget",
    "policy": "politikimplementering politik", "pools": "puljer", "grants": "puljer",
    "grant": "pulje", "pipeline": "pipeline", "partnership": "partnerskab",
    "partnerships": "partnerskaber", "partners": "partnerskab", "partner": "partnerskab",
    "advisory": "rådgivningspartnerskaber", "development": "udviklingspartnerskaber udvikling",
    "market": "markedet", "maturation": "modning", "maturity": "modning", "culture": "kulturændring",
    "evidence": "evidens", "evaluation": "evaluering", "baseline": "baselines", "data": "data",
    "contracts": "standardkontrakter kontrakter", "business": "business", "wellbeing": "trivsel",
    "well-being": "trivsel", "prevention": "forebyggelse", "preventive": "forebyggende",
    "lifestyle": "livsstilssygdomme", "peer": "peer", "volunteer": "frivillighedsbaseret",
    "housing": "housing bolig", "home": "bolig", "sum": "investeringssum", "amount": "beløb",
    "share": "andel", "total": "samlet", "purpose": "formål", "goal": "mål", "goals": "mål",
    "target": "målgruppe", "finland": "finland finske", "finnish": "finske", "england": "england",
    "denmark": "danmark", "danish": "dansk", "eu": "eu-midler", "welfare": "velfærd",
    "social": "sociale", "fund": "fond fonden", "action": "handlingsplan", "plan": "handlingsplan",
    "price": "pris priser kurs", "weather": "vejr vejret", "salary": "løn", "director": "direktør",
    "ceo": "direktør", "board": "bestyrelse", "interest": "rente renter interesse", "rate": "rente sats",
    "copenhagen": "københavn", "appendix": "bilag", "appendices": "bilag", "council": "rådet", "alliance": "alliancen",
}


def detect(text: str) -> str | None:
    """'da' or 'en' by function words and Danish letters; None when unclear."""
    words = re.findall(r"[a-zæøå]+", text.lower())
    da = sum(w in DANISH_WORDS for w in words) + 2 * len(re.findall(r"[æøå]", text.lower()))
    en = sum(w in ENGLISH_WORDS for w in words)
    if da == en:
        return None
    return "da" if da > en else "en"


def expand_for_keywords(query: str) -> str:
    """Add the Danish glossary terms for English words in ``query``."""
    lower = query.lower()
    extra = [da for en, da in GLOSSARY.items() if re.search(rf"\b{re.escape(en)}\b", lower)]
    return f"{query} {' '.join(extra)}" if extra else query


def translations(word: str) -> list[str]:
    """Danish glossary words for one English word (empty when none)."""
    return GLOSSARY.get(word.lower(), "").split()
