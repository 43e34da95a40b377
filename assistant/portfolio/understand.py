"""Portfolio questions -> PortfolioQuery: what a question asks of the portfolio rows.

Recognition uses two things only: general intent words (totals, counts, largest,
smallest, averages, lists, "per area") in Danish and English, and the data's own
vocabulary: the municipality, partner, area and row names in the portfolio. A row added to
the CSV is therefore answerable without code changes. A question without both an intent
and a portfolio scope is not a portfolio question and goes to the document answerer.

Also here: the rows a query is about (``select``, ``narrow``). Computing the answer from
them and wording it is ``compute.py``'s work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from assistant.conversation import FOLLOW_UP_OPENERS
from assistant.lang import PACKS, STOPWORDS, YEAR, heads
from assistant.lang.spelling import LETTERS, one_typo, written_out
from assistant.portfolio import scope as scoping
from assistant.portfolio.data import KINDS, PortfolioRow
from assistant.portfolio.scope import partner_names

Stem = Callable[[str], list[str]]
# Adds the documents' words for the words of a text they do not use (an English
# question's): ``Query.expand``, from the term bridge.
Expand = Callable[[str], str]


def same(text: str) -> str:
    """No expansion."""
    return text


INVESTMENT, DEVELOPMENT, ADVISORY, PIPELINE = KINDS
PARTNERSHIPS = (INVESTMENT, DEVELOPMENT, ADVISORY)
# Portfolio nouns -> the kinds they name; the first pattern that matches decides.
KIND_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(p, re.I), kinds)
    for p, kinds in (
        (r"\bpipeline\w*", (PIPELINE,)),
        (r"\budviklingspartnerskab\w*|\bdevelopment partnerships?\b", (DEVELOPMENT,)),
        (r"\brådgivningspartnerskab\w*|\badvisory partnerships?\b", (ADVISORY,)),
        (r"\binvesteringspartnerskab\w*|\binvestment partnerships?\b", (INVESTMENT,)),
        (r"\bpartnerskab\w*|\bpartnerships?\b", PARTNERSHIPS),
        (r"\bportefølje\w*|\bportfolio\b", PARTNERSHIPS),
        (r"\bprojekt\w*|\bprojects?\b", KINDS),
        (r"\binvestering(?:en|er|erne)?\b|\binvestments?\b", (INVESTMENT,)),
    )
)
# The measure ("investeringssum", "amount") and counts ("de seks", "the eight") are no
# subject of a question: the count words are the language packs' number words; the
# measure words are the portfolio data's own column name (total_mio_dkk is the
# "investeringssum" of its tables) and the everyday Danish and English words for a sum and
# for the size of something ("størrelse", "size": added after a probe question, a dev set
# written by a helper, used "størrelse"; general words, not a document's).
MEASURE = re.compile(
    r"\binvesteringssum\w*|\binvestment sums?\b|\bbeløb\w*|\bamounts?\b|\bstørrelse\w*|\bsizes?\b",
    re.I,
)
COUNT_WORD = re.compile(
    r"\b(?:\d+|"
    + "|".join(sorted({w for p in PACKS.values() for w in p.number_words}, key=len, reverse=True))
    + r")\b",
    re.I,
)
# A kind noun after an indefinite article (the Danish and English ones, grammar; one
# modifier may stand between: "a typical investment") refers to any one of its kind,
# not to the portfolio's rows: "Hvor meget skal kommunen selv betale, hvis den er partner
# i et projekt?" asks what a rule says, and a sum over every row does not answer it.
# Only a sum's kind words are read so ("the average size of an investment" is the rows'
# mean).
GENERIC = re.compile(
    r"\b(?:en|et|a|an)\s+(?:[\w-]+\s+)?(?:" + "|".join(p.pattern for p, _ in KIND_WORDS) + ")",
    re.I,
)
# What is usual ("Hvor store er investeringerne normalt?", "How big are investments
# usually?"): the everyday Danish and English adverbs and adjectives for "as a rule"
# (general usage, as a dictionary gives them for "typical" and "usually"; none taken from
# a document or a question); it asks what one of a kind is like, and no sum of the rows
# says that.
TYPICAL = re.compile(
    r"\b(?:typisk\w*|normalt|sædvanligvis|som regel|typical(?:ly)?|usual(?:ly)?|normally"
    r"|generally|as a rule)\b",
    re.I,
)
# A kind named as such, not by the everyday "investments" (which may mean more): the stems
# of the data's own kind names (``data.KINDS`` and their Danish labels).
PARTNERSHIP_NAMED = re.compile(r"partnerskab|partnership|pipeline", re.I)
# Verbs ("how much has DSI invested") scope totals and counts, not lists or superlatives.
INVEST_VERB = re.compile(r"\binvester(?:e|et|er|ede)\b|\binvest(?:ed|s)?\b|\bput\s+into\b", re.I)
# "Hvad har DSI investeret i Odense?", "What has DSI put into Odense?": a question word
# with the invest verb asks for the sum invested ("put into", the everyday English for
# investing, was added after a probe question used it).
WHAT = re.compile(r"\b(?:hvad|what|what['’]?s)\b", re.I)
# English do-support (grammar): in "how many investments did the fund start in 2024",
# the word after the auxiliary and its subject (a determiner and a noun, a pronoun, or a
# name) is the question's verb, never a topic of a row, also when it is spelled like a
# Danish word of a row's name ("Sund start for …"). Only a lower-case word before a
# preposition (the English pack's, grammar) or the end of the clause.
DO_VERB = re.compile(
    r"\b(?i:did|does|do)\s+"
    r"(?:(?i:the|a|an|its|their|our|this|that)\s+[\w'’-]+|(?i:it|they|we|you)|[A-ZÆØÅ][\w'’-]*)"
    r"\s+(?P<verb>[a-z]+)\b"
    rf"(?=\s+(?i:{'|'.join(sorted(PACKS['en'].prepositions))})\b"
    r"|\s*[?.!,;]|\s*$)"
)
# A list question names what it lists: "which investments", "hvilke af DSI's projekter".
LIST_TARGET = re.compile(
    r"\b(?:hvilke|hvilken|which|list\w*|oversigt over|overview of|vis|show|what are)"
    r"(?:\s+(?:af|of|all|alle|the|de|DSI['’]?s|er|is|are)){0,3}\s+(\w+(?:\s+\w+)?)",
    re.I,
)
OPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (op, re.compile(p, re.I))
    for op, p in (
        (
            "average",
            r"\b(gennemsnit\w*|i snit|average|mean)\b",
        ),  # "i snit": everyday Danish for "on average", added after a probe question used it
        # a part of a whole in per cent: "hvor mange procent", "what percentage", "%"
        ("percent", r"\b(procent\w*|percent\w*|pct|proportion|fraction)\b|%"),
        ("max", r"\b(størst\w*|højest\w*|largest|biggest|highest|most expensive)\b"),
        ("min", r"\b(mindste|lavest\w*|smallest|lowest|least expensive)\b"),
        ("count", r"\b(hvor mange(?! (penge|kroner|mio|procent))|how many|antal\w*|number of)\b"),
        # "total": everyday Danish and English words for a sum. "combined" comes from issue
        # 13's text; "tilsammen" and "udgør" were added when a dev question used them
        # (general Danish words for "together" / "amount to", not a document's terms).
        (
            "total",
            r"\b(hvor (meget|mange penge|stor\w*)|how (much|large|big)|i alt|samlet?\w*|"
            r"totalt?|sum\w*|add\w* up|beløb\w*|amount|worth|værd|combined|altogether|"
            r"tilsammen|udgør|amount to)\b",
        ),
        ("list", r"\b(hvilke|hvilken|which|list\w*|oversigt|overview|vis|show|what are)\b"),
    )
)
# The recogniser's own keywords, spelled right (words of OPS, KIND_WORDS and INVEST_VERB
# above, with the singular and plural of each kind noun, so neither reads as a typo of the
# other): a question word one typo away from one ("bigest", "storste", "totl") is read as it.
KEYWORDS = frozenset(
    [
        "total",
        "amount",
        "invested",
        "investeret",
        "største",
        "højeste",
        "mindste",
        "laveste",
        "gennemsnit",
        "gennemsnitlige",
        "gennemsnitlig",
        "largest",
        "biggest",
        "highest",
        "smallest",
        "lowest",
        "average",
        "investering",
        "investeringer",
        "investeringerne",
        "investment",
        "investments",
        "partnerskab",
        "partnerskaber",
        "partnership",
        "partnerships",
        "porteføljen",
        "portfolio",
        "procent",
        "percent",
        "percentage",
    ]
)
KEYWORD_ORDER = tuple(sorted(KEYWORDS))  # the first keyword one typo away wins
TYPO_MIN = 4  # shorter words are too often another word one letter away
# An ordinal before a superlative ("næststørste", "second largest", "3rd smallest"): the
# rank asked for; the ordinals are the language packs' (a closed class of each language).
ORDINAL = {w: n for p in PACKS.values() for w, n in {**p.ordinals, **p.ordinal_prefixes}.items()}
# The superlatives of OPS's "max" and "min" (Danish and English), without their endings.
SUPERLATIVE = r"størst|højest|mindst|lavest|largest|biggest|highest|smallest|lowest"
RANKED = re.compile(
    rf"\b({'|'.join(sorted(ORDINAL, key=len, reverse=True))})[- ]?(?=(?:{SUPERLATIVE}))", re.I
)
# "the five largest", "top 3", "de tre største": how many of the largest or smallest. Before
# a superlative a number word is a number, also "to" ("de to største").
TOP_VALUE = {w: n for p in PACKS.values() for w, n in p.counts().items()}
TOP = re.compile(
    rf"\btop[- ]?(\d+|{'|'.join(sorted(TOP_VALUE, key=len, reverse=True))})\b"
    rf"|\b(\d+|[a-zæøå]+)\s+(?:{SUPERLATIVE})",
    re.I,
)
# An amount bound: "over 10 mio. kr.", "under 5 million", "more than 10 million". The
# words are Danish and English comparison words, the units the two languages' words for
# a million (the packs' amount units "mio", "millioner", "million").
BOUND = re.compile(
    r"\b(over|above|more than|greater than|mere end|større end|under|below|less than|"
    r"mindre end)\s+(\d+(?:[.,]\d+)?)\s*(?:mio\.?|millioner|million|mill\.?)(?:\s*kr\.?|\s*dkk)?",
    re.I,
)
LOWER_BOUND = frozenset({"over", "above", "more than", "greater than", "mere end", "større end"})
# The whole a percentage is of: "procent af porteføljen", "percentage of all partnerships"
# (the Danish and English words for a part of a whole, general usage, as OPS's "percent").
WHOLE = re.compile(
    r"\b(?:procent\w*|percent\w*|pct|proportion|fraction|share|andel|del)\s+(?:af|of)\s+"
    r"((?:[\w'’-]+\s*){1,3})",
    re.I,
)
GROUP = re.compile(
    r"\b(?:per|pr\.|by|broken down by|split by|split up by|grouped by|for hver|for each|which"
    r"|hvilke|hvor mange|how many"
    # "fordelt på", "fordeler investeringerne sig på", "opdel beløbene på/efter": Danish
    # verbs of dividing, their object in between ("split by", "efter" and "indsats-" here
    # were added after probe questions, dev sets written by helpers, used them)
    r"|(?:fordel|opdel)\w*(?:\s+[\w'’.-]+){0,5}?\s+(?:på|efter))\s+"
    r"(?:(?:different|distinct|forskellige)\s+)?"  # "how many different municipalities"
    r"(?:investerings|partnerskabs|indsats|investment |partnership )?"
    # the row fields a breakdown can group by, named in Danish and English (``data.py``'s
    # columns: areas, municipalities, kind, partners, and the date the figures were stated)
    r"(område|area|kommune|municipalit|type|kind|slags|kategori|partner|år|year|dato|date)"
    r"(?!skab|ship)\w*",  # "partnere", not "partnerskaber"
    re.I,
)
GROUP_DIMENSION = {
    "område": "area",
    "area": "area",
    "kommune": "municipality",
    "municipalit": "municipality",
    "type": "kind",
    "kind": "kind",
    "slags": "kind",
    "kategori": "kind",
    "partner": "partner",
    "år": "date",
    "year": "date",
    "dato": "date",
    "date": "date",
}
# "inkl. udviklingspartnerskaber", "including the pipeline", "if the pipeline is included":
# the kind named there is added to the others (issue 13's defaults, ``scope.py``). The
# words are Danish and English function words for inclusion, from general usage, not
# from a document or an evaluation question; issue 13 names "inkl./including". "med",
# "medregner", "tælles med", "regnes med" and "counting" were added after probe questions
# (dev sets written by helpers) used them; an inclusion that names no kind is ignored.
INCLUDING = re.compile(
    r"\b(?:inkl\.?|inklusiv[e]?|medregnet|medregner|including|incl\.?|plus|med|with|"
    r"counting)\s+(?:de\s+|the\s+)?"
    # one or two words, or two such joined as a list ("development partnerships and the
    # pipeline")
    r"((?:[\w-]+\s*){1,2}?(?:,|og|and|samt|&)\s*(?:de\s+|the\s+)?(?:[\w-]+\s*){1,2}"
    r"|(?:[\w-]+\s*){1,2})"
    r"|\b((?:[\w-]+\s+){1,6}?)(?:(?:er|is|are)\s+)?(?:included|inkluderet|medregnet|"
    r"medregnes|tælles med|regnes med|counted)\b",
    re.I,
)
# Kinds named in a row: "investeringerne og pipelinen", "investments, development
# partnerships and the pipeline": the words that join the items of a list (the
# coordinating conjunctions and list marks of Danish and English grammar).
JOINER = re.compile(r"^\s*(?:,|og|and|samt|plus|&|\+)\s*(?:de\s+|the\s+)?$", re.I)
# A Danish (and English) compound whose shared last part is written once: "udviklings- og
# rådgivningspartnerskaber", "development and advisory partnerships" (Danish orthography's
# hyphen for a common part; the parts are the kind names of ``data.KINDS``).
SUSPENDED = re.compile(
    r"\b(udviklings|rådgivnings|investerings)-\s+(og|eller)\s+(\w+?)(partnerskab\w*)"
    r"|\b(development|advisory|investment)\s+(and|or)\s+(development|advisory|investment)"
    r"\s+(partnerships?)\b",
    re.I,
)
SHARE = re.compile(r"\b(andel\w*|share|egen|own|contribut\w*|bidrag\w*)\b", re.I)
# Questions about a row's text (its purpose, how it works) belong to the documents.
TEXTUAL = re.compile(
    r"\b(formål\w*|purpose|aim|hvorfor|why|hvordan|how (does|do|is|are|can)|forklar|explain)\b",
    re.I,
)
# A question asking two things: "…, og hvordan …?" / "… and how …?"
CLAUSE_SPLIT = re.compile(
    r"[?;]\s*|,?\s+(?:og|and)\s+(?=(?:hvad|hvordan|hvorfor|hvem|hvornår|hvilke|hvilken|"
    r"how|what|why|who|when|which)\b)",
    re.I,
)
# Words that carry no subject in a portfolio question: names of the fund and of money,
# time words, and relation verbs in Danish and English, written by hand for the portfolio
# questions of the shipped corpus (issue 13 revisits portfolio understanding).
_NOISE_WORDS = (
    "dsi dsi's dsis mio kr kroner penge money foretaget lavet made far nu now indtil "
    "so until fonden fund og and i in of til to "
    # relation words: how a question ties rows to a partner or a subject
    "involve involves involved involving involverer involveret include includes including "
    "omfatter indgår deltager participate participates handler concern concerns about "
    "work works arbejder samarbejder cooperate partner partnere partners som as "
    "has have having haft har "
    # the word for a municipality itself: "Aarhus Kommune" names the place, no row
    "kommune kommunen kommunes municipality"
)
NOISE = frozenset(_NOISE_WORDS.split())


@dataclass(frozen=True)
class PortfolioQuery:
    """What a portfolio question asks: an operation over filtered rows."""

    op: str  # "total" | "count" | "max" | "min" | "average" | "list"
    measure: str  # "total" (the investment sum) | "share" (DSI's share)
    kinds: tuple[str, ...]  # () means every kind
    municipalities: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # stems that pick rows by their names
    group_by: str | None = None
    # No kind named, or only the everyday "investments": the default reading (the
    # investment partnerships), which another reading may widen.
    defaulted: bool = False
    year: str = ""  # a year the question names, in which documents stated figures
    count: int | None = None  # a number of rows the question states ("the eight investments")
    rank: int = 1  # for max/min: the n-th largest or smallest ("næststørste": 2)
    top: int = 1  # for max/min: how many of the largest or smallest ("the five largest")
    whole: tuple[str, ...] = ()  # for a percentage: the kinds of the whole (): its own
    above: Decimal | None = None  # only rows whose figure is above this (mio. kr.)
    below: Decimal | None = None  # only rows whose figure is below this

    @property
    def scope(self) -> scoping.Scope:
        """The rows' filters (``scope.py``'s one definition; no kinds: every kind)."""
        return scoping.Scope(
            kinds=self.kinds or KINDS,
            municipalities=self.municipalities,
            partners=self.partners,
            areas=self.areas,
            year=self.year,
        )

    def unfiltered(self) -> PortfolioQuery:
        """The query over the whole of a percentage: its whole's kinds, and no
        municipality, partner, area, name or amount bound."""
        return replace(
            self,
            kinds=self.whole or self.kinds,
            municipalities=(),
            partners=(),
            areas=(),
            topics=(),
            above=None,
            below=None,
        )

    @property
    def whole_kind(self) -> str | None:
        """The one kind asked about with no other filter (its total can be checked)."""
        bounded = self.above is not None or self.below is not None
        filtered = bool(self.municipalities or self.partners or self.areas or self.topics)
        return self.kinds[0] if len(self.kinds) == 1 and not (filtered or bounded) else None


def split_clauses(question: str) -> list[str]:
    """The question's parts, for questions that ask a portfolio and a document thing."""
    return [c.strip() for c in CLAUSE_SPLIT.split(question) if c and c.strip(" ,.")]


def _negated(question: str) -> bool:
    """Whether the question is negated ("What will the fund NOT invest in?", "Hvilke
    kommuner har ikke fået en investering?"): the rows list what is, so they cannot
    answer what is not; the documents may (a guide's "Fonden investerer ikke i …")."""
    return any(p.text_cues.negation.search(question) for p in PACKS.values())


def recognise(
    question: str,
    rows: Sequence[PortfolioRow],
    stem: Stem,
    specific: Callable[[str], bool] = lambda _: False,
    expand: Expand = same,
    common: Callable[[str], bool] = lambda _: False,
) -> PortfolioQuery | None:
    """A PortfolioQuery when ``question`` is one, else None.

    ``specific(stem)`` says whether a word names a particular subject in the documents
    (a rare corpus term). A question about such a subject that no row matches ("how much
    did the Finnish ministry invest") is about the documents, not the portfolio.
    ``common(stem)`` says whether a word is a frequent word of the documents: a question
    word that one of its readings makes common names no particular subject.
    """
    if not rows or _other_year(question, rows) or _negated(question):
        return None
    question = _normalised(question)
    year = _stated_year(question, rows)
    op = next((name for name, pattern in OPS if pattern.search(question)), None)
    group = GROUP.search(question)
    kinds = _kinds(question)
    # DSI's share is a portfolio measure: naming it scopes an operation as a kind does
    share = _asks_share(question)
    if op is None and (group or share or _asks_invested(question)):
        op = "total"  # "per område" / "DSI's andel i …" / "hvad har DSI investeret": a sum
    if op == "total" and TYPICAL.search(question):
        return None  # what is usual is no sum of the rows
    if op == "total" and kinds is not None:
        kinds = _kinds(GENERIC.sub(" ", question))
    if kinds is None and op in ("total", "count") and INVEST_VERB.search(question):
        kinds = (INVESTMENT,)
    if op is None or not _scoped(op, question, kinds, group is not None, share):
        return None
    municipalities, partners, areas = _entities(question, rows, stem, expand)
    named = municipalities or partners or areas or group or share
    if kinds is None and not (named or _included(question)):
        return None
    generic = kinds in (None, scoping.DEFAULT_KINDS) and not PARTNERSHIP_NAMED.search(question)
    kinds = _with_included(question, kinds, group)
    part, whole = _part_of(question, kinds) if op == "percent" else (kinds, ())
    query = PortfolioQuery(
        op=op,
        measure="share" if share else "total",
        kinds=part or (),
        whole=whole,
        municipalities=municipalities,
        partners=partners,
        areas=areas,
        group_by=GROUP_DIMENSION[group.group(1).lower()] if group else None,
        defaulted=generic and kinds == scoping.DEFAULT_KINDS,
        year=year,
        count=_stated_count(question),
        rank=_rank(question) if op in ("max", "min") else 1,
        top=_top(question) if op in ("max", "min") else 1,
        above=_bound(question, lower=True),
        below=_bound(question, lower=False),
    )
    residue = _residue(question, (*municipalities, *partners, *areas))
    area_stems = set(stem(" ".join(areas))) - _stop_stems(stem)
    topics = _topics(residue, select(query, rows), stem, area_stems, expand)
    # A year in which documents stated figures ties the question to those rows; else a
    # specific subject no row is about sends it to the documents.
    readings = _Readings(stem, expand, specific, common)
    if not year and _off_portfolio(residue, rows, readings, area_stems):
        return None
    query = replace(query, topics=topics)
    # A percentage whose part no filter narrows is its whole, 100 % by construction: the
    # reading found the whole but not the part ("what percentage of the investments
    # failed": no row says which failed). The documents may say; else it is refused.
    if op == "percent" and query.unfiltered() == query:
        return None
    return query


def _part_of(question: str, kinds: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A percentage's part and whole kinds: "Hvor mange procent af porteføljen er
    pipeline?" is the pipeline of the partnerships and the pipeline. When the question
    names a kind as such outside the phrase of its whole (no kind there: the default
    kinds), that kind is the part; else the part and the whole are the same kinds, and
    other filters make the part."""
    found = WHOLE.search(question)
    if not found:
        return kinds, ()
    end, whole = found.end(), None
    for word in re.finditer(r"\S+", found.group(1)):  # the phrase ends at its first kind
        whole = _kinds(found.group(1)[: word.end()])
        if whole:
            end = found.start(1) + word.end()
            break
    rest = question[: found.start()] + " " + question[end:]
    outside = _kinds(rest) if PARTNERSHIP_NAMED.search(rest) else None  # not "projektet"
    whole = whole or scoping.DEFAULT_KINDS
    if outside is None or set(outside) == set(whole):
        return kinds, ()
    return outside, tuple(dict.fromkeys([*whole, *outside]))


def _asks_invested(question: str) -> bool:
    return bool(WHAT.search(question) and INVEST_VERB.search(question))


def _top(question: str) -> int:
    """How many of the largest or smallest the question asks for (1 when it names none)."""
    found = TOP.search(question)
    if not found:
        return 1
    word = (found.group(1) or found.group(2)).lower()
    return int(word) if word.isdigit() else TOP_VALUE.get(word, 1)


def _bound(question: str, lower: bool) -> Decimal | None:
    """The lower (or upper) amount bound the question sets: 10 for "over 10 mio. kr."."""
    for found in BOUND.finditer(question):
        if (found.group(1).lower() in LOWER_BOUND) == lower:
            return Decimal(found.group(2).replace(",", "."))
    return None


def _normalised(question: str) -> str:
    """An ordinal apart from its superlative ("næst største"), and typos corrected."""
    return corrected(RANKED.sub(lambda m: f"{m.group(1)} ", question))


def corrected(question: str) -> str:
    """``question`` with each word one typo away from a keyword written as the keyword."""
    return re.sub(r"[\wæøå]+", lambda m: _keyword(m.group(0)), question)


def _keyword(word: str) -> str:
    lower = word.lower()
    if len(lower) < TYPO_MIN or lower in KEYWORDS:
        return word
    return next((k for k in KEYWORD_ORDER if one_typo(lower, k)), word)


def _rank(question: str) -> int:
    """The rank an ordinal before a superlative asks for (1 when none)."""
    found = RANKED.search(question)
    return ORDINAL[found.group(1).lower()] if found else 1


def _asks_share(question: str) -> bool:
    """Whether the question asks for DSI's share ("Hvad er DSI's andel i …?")."""
    return bool(SHARE.search(question)) and "dsi" in question.lower()


def _other_year(question: str, rows: Sequence[PortfolioRow]) -> bool:
    """The question names a year that no row names and no document stated figures in: a
    count or a sum "in 2015" is then no question for the rows (the documents may say, or
    nobody does)."""
    years = [m.group(0) for m in YEAR.finditer(question)]
    return any(
        not any(y in r.name or y in r.purpose or r.as_of.startswith(y) for r in rows) for y in years
    )


# "tre"/"three" = 3 …; a number word that is another language's function word (Danish
# "to", English "to") is left out: it says nothing for sure.
NUMBER_VALUE = {w: n for p in PACKS.values() for w, n in p.counts().items() if w not in STOPWORDS}


def _stated_count(question: str) -> int | None:
    """The number of rows the question states before a portfolio noun ("de otte
    investeringer", "the eight investments"), if it states one."""
    for pattern, _ in KIND_WORDS:
        for match in pattern.finditer(question):
            before = re.findall(r"[\w-]+", question[: match.start()].lower())[-1:]
            if before and before[0].isdigit():
                return int(before[0])
            if before and before[0] in NUMBER_VALUE:
                return NUMBER_VALUE[before[0]]
    return None


def _stated_year(question: str, rows: Sequence[PortfolioRow]) -> str:
    """The year the question names in which documents stated figures ("" if none)."""
    for found in YEAR.finditer(question):
        year = found.group(0)[:4]
        if any(r.as_of.startswith(year) for r in rows):
            return year
    return ""


def refocus(
    base: PortfolioQuery,
    follow_up: str,
    rows: Sequence[PortfolioRow],
    stem: Stem,
    expand: Expand = same,
) -> PortfolioQuery | None:
    """A follow-up ("Hvad med Roskilde?") to a portfolio question: the same operation on
    the subject it names now. None when it names no municipality, partner, area or kind."""
    follow_up = _without_opener(follow_up)  # "hvad med pipelinen?" names, not adds, a kind
    municipalities, partners, areas = _entities(follow_up, rows, stem, expand)
    kinds = _kinds(follow_up)
    if _included(follow_up):  # "and plus the pipeline?": the kinds asked before, and these
        kinds = tuple(dict.fromkeys([*(kinds or base.kinds), *_included(follow_up)]))
    asked = _reasked(base, _normalised(follow_up))
    if not (municipalities or partners or areas or kinds or asked != base):
        return None
    if not (municipalities or partners or areas):  # only the kind or the operation changes
        return replace(asked, kinds=kinds or base.kinds)
    return replace(
        asked,
        kinds=kinds or base.kinds,
        municipalities=municipalities,
        partners=partners,
        areas=areas,
        topics=(),
    )


def _without_opener(text: str) -> str:
    """``text`` without the words that open a follow-up ("hvad med", "and")."""
    lower = text.strip().lower()
    opener = next((o for o in FOLLOW_UP_OPENERS if lower.startswith(o)), "")
    return text.strip()[len(opener) :]


def names_kind(text: str) -> bool:
    """Whether ``text`` names a kind of row, or includes one."""
    return _kinds(text) is not None or bool(_included(text))


def _reasked(base: PortfolioQuery, follow_up: str) -> PortfolioQuery:
    """``base`` with the operation and measure a follow-up names ("and the smallest?",
    "what did they add up to?", "og den samlede investeringssum?")."""
    op = next((name for name, pattern in OPS if pattern.search(follow_up)), base.op)
    share = _asks_share(follow_up)
    measure = "share" if share else ("total" if MEASURE.search(follow_up) else base.measure)
    if op == "list" and base.op != "list":
        op = base.op  # "which …" in a follow-up names its subject, not a new operation
    ranked = op in ("max", "min")
    return replace(
        base,
        op=op,
        measure=measure,
        rank=_rank(follow_up) if ranked else 1,
        top=_top(follow_up) if ranked else 1,
    )


def _entities(
    text: str, rows: Sequence[PortfolioRow], stem: Stem, expand: Expand
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The municipalities, partners and areas of the data that ``text`` names."""
    partners = _match_partners(text, rows)
    # a place inside a partner's name ("Rådet … i Aarhus Kommune") is the partner's
    for key in sorted({k for name in partners for k in _partner_keys(name)}, key=len)[::-1]:
        text = re.sub(re.escape(key), " ", text, flags=re.I)
    expanded = expand(text)
    return _match_municipalities(expanded, rows), partners, _match_areas(expanded, rows, stem)


def _scoped(
    op: str, question: str, kinds: tuple[str, ...] | None, grouped: bool, share: bool
) -> bool:
    """Whether the intent is attached to the portfolio ("which investments", not "which
    role"; "the largest investment", not "the largest interest"; "DSI's average share")."""
    if grouped:
        return True
    if op == "list":
        target = LIST_TARGET.search(question)
        noun = target.group(1) if target else ""
        return bool(_kinds(noun)) and not TEXTUAL.search(question)
    if op in ("max", "min", "average"):
        # a noun or DSI's share: the invest verb only scopes totals and counts
        return kinds is not None or share
    if op == "count":
        return _counts_rows(question)
    return True


# What a count counts: the noun after "hvor mange", "how many", "antallet af", "number of"
# (the Danish and English question words for a count, as the count cue of OPS), past a
# partitive and its article or possessive ("how many of the young people", "of DSI's
# investments", "hvor mange af de unge") and an adjective of variety that may stand
# between ("different", "forskellige"; grammar). A partitive of a pronoun or a
# demonstrative ("hvor mange af dem/disse ligger i Aarhus", "how many of these") points
# back to what was counted before: no noun follows it, so it is left as it was.
COUNT_TARGET = re.compile(
    r"\b(?:hvor mange|how many|antal(?:let)? af|number of)"
    r"(?:\s+(?:of|af)\s+(?:the|its|their|de|dens|dets|deres|\w+['’]s)(?=\s))?"
    r"(?:\s+(?:different|distinct|forskellige))?\s+(\w+)(?:\s+(\w+))?",
    re.I,
)


def _counts_rows(question: str) -> bool:
    """Whether a count is of the portfolio's rows or of one of their fields: "hvor mange
    investeringer", "how many municipalities", not "how many families in Vejle got jobs"
    (no row counts families). A count whose noun is not named ("how many are in Aarhus"),
    or of what DSI invested in ("hvor mange indsatser har DSI investeret i"), is left to
    the other readings."""
    target = COUNT_TARGET.search(question)
    if target is None or INVEST_VERB.search(question):
        return True
    noun = target.group(1)
    if noun.lower() in STOPWORDS or not noun.isalpha():
        return True
    phrase = f"{noun} {target.group(2) or ''}"  # "development partnerships"
    # or a compound of one: "investeringsprojekter" are "projekter" (``lang.heads``)
    return any(_kinds(h) or GROUP.search(f"how many {h}") for h in [phrase, *heads(noun)])


@dataclass(frozen=True)
class _Readings:
    """How a question word reads in the documents: its stems and its bridged forms."""

    stem: Stem
    expand: Expand
    specific: Callable[[str], bool]
    common: Callable[[str], bool]

    def subject(self, word: str, ignored: set[str]) -> list[str]:
        """The stems of ``word``'s readings when all of them name a particular subject of
        the documents (none when any reading is a common word: "stated" -> "stat")."""
        if set(self.stem(word)) <= ignored:
            return []  # a function or noise word: nor are its bridged readings subjects
        terms = [t for t in self.stem(self.expand(word)) if t not in ignored]
        if any(self.common(t) for t in terms):
            return []
        return [t for t in terms if self.specific(t)]


def _off_portfolio(
    residue: str, rows: Sequence[PortfolioRow], readings: _Readings, area_stems: set[str]
) -> bool:
    """The question names a specific subject of the documents that no row is about."""
    ignored = set(_stop_stems(readings.stem)) | area_stems
    for word in (w for w in _words(residue) if len(w) > 3):
        terms = readings.subject(word, ignored)
        if terms and not any(_topic_hit(t, r) for t in terms for r in rows):
            return True
    return False


def _residue(question: str, entities: Sequence[str]) -> str:
    """The question without its intent words, portfolio nouns and matched names."""
    text = question
    for entity in sorted(entities, key=len, reverse=True):  # first, longest first: a name
        # may hold a portfolio word or another name ("Rådet for … Investeringer i Aarhus …")
        text = re.sub(_name_pattern(entity), " ", text, flags=re.I)
    patterns = [
        BOUND,
        TOP,
        INVEST_VERB,
        MEASURE,
        COUNT_WORD,
        *(p for p, _ in KIND_WORDS),
        *(p for _, p in OPS),
        SHARE,
    ]
    text = DO_VERB.sub(lambda m: m.group(0)[: m.start("verb") - m.start()], text)
    # the breakdown first: it may hold an inclusion ("fordel alt inkl. pipeline på …")
    text = _without_inclusions(GROUP.sub(" ", text))
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


def _without_inclusions(text: str) -> str:
    """``text`` without its "including <kind>" clauses ("med hjemløshed" names no kind
    and stays: it is a subject)."""
    return INCLUDING.sub(lambda m: " " if _kinds_of_clause(m) else m.group(0), text)


def _kinds_of_clause(clause: re.Match[str]) -> tuple[str, ...] | None:
    """The kinds an "including …" clause names (None when it names none)."""
    return _named_kinds(clause.group(1) or clause.group(2) or "")


def _kinds(question: str) -> tuple[str, ...] | None:
    """The kinds the question names, outside an "including …" clause; None if none."""
    return _named_kinds(_without_inclusions(unsuspended(question)))


def _named_kinds(text: str) -> tuple[str, ...] | None:
    """The kinds ``text`` names: all those named in a row ("investeringerne og
    pipelinen"), else those of the first portfolio noun; None if none."""
    listed = _listed_kinds(text)
    if listed:
        return listed
    return next((kinds for pattern, kinds in KIND_WORDS if pattern.search(text)), None)


def _listed_kinds(text: str) -> tuple[str, ...]:
    """The kinds of two or more kind words joined as a list; () when there is no list."""
    found = sorted(
        (m.start(), m.end(), kinds) for pattern, kinds in KIND_WORDS for m in pattern.finditer(text)
    )
    found = [f for i, f in enumerate(found) if not any(o[0] < f[0] < o[1] for o in found[:i])]
    for i in range(len(found) - 1):
        run = [found[i]]
        for item in found[i + 1 :]:
            if not JOINER.match(text[run[-1][1] : item[0]]):
                break
            run.append(item)
        if len(run) > 1:
            return tuple(dict.fromkeys(k for _, _, kinds in run for k in kinds))
    return ()


def unsuspended(question: str) -> str:
    """ "udviklings- og rådgivningspartnerskaber" as "udviklingspartnerskaber og
    rådgivningspartnerskaber" (and the English "development and advisory partnerships")."""

    def whole(m: re.Match[str]) -> str:
        if m.group(1):
            return f"{m.group(1)}{m.group(4)} {m.group(2)} {m.group(3)}{m.group(4)}"
        return f"{m.group(5)} {m.group(8)} {m.group(6)} {m.group(7)} {m.group(8)}"

    return SUSPENDED.sub(whole, question)


def _with_included(
    question: str, kinds: tuple[str, ...] | None, group: re.Match[str] | None
) -> tuple[str, ...]:
    """The kinds asked for: those named (no kind: the investment partnerships; a
    breakdown, "per kommune", "which partners": all partnerships, never the pipeline),
    plus those of an "including …" clause."""
    base = kinds or (PARTNERSHIPS if group is not None else scoping.DEFAULT_KINDS)
    return tuple(dict.fromkeys([*base, *_included(question)]))


def _included(question: str) -> list[str]:
    """The kinds of the question's "including …" clauses."""
    return [k for m in INCLUDING.finditer(unsuspended(question)) for k in _kinds_of_clause(m) or ()]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wæøå-]+", text.lower()))


def _contains(text: str, phrase: str) -> bool:
    return bool(_phrase(phrase.lower()).search(text))


# A pattern for each name of the data, compiled once: the portfolio's names outnumber the
# ``re`` module's own cache over a question's patterns (58 compiled again per question,
# 35 ms of a 170 ms answer).
@lru_cache(maxsize=4096)
def _phrase(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a whole word or words, also with a genitive ("DSI's", "DSIs")."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?:s|['’]s?)?(?![\w-])")


def _match_municipalities(text: str, rows: Sequence[PortfolioRow]) -> tuple[str, ...]:
    """The municipalities named, in any of their spellings (Århus/Aarhus)."""
    lower = _spaced(written_out(text))
    names = sorted({m for r in rows for m in r.municipalities})
    return tuple(m for m in names if _contains(lower, _spaced(written_out(m))))


# A Danish letter or its written-out form (Århus/Aarhus: ``spelling.LETTERS``), and a
# hyphen or a space.
_SPELLINGS = {
    **{f: f"(?:{letter}|{out})" for letter, out in LETTERS.items() for f in (letter, out)},
    "-": r"[-\s]+",
}
_SPELLING_PARTS = re.compile("(" + "|".join(map(re.escape, _SPELLINGS)) + ")")


def _name_pattern(name: str) -> str:
    """A pattern for ``name`` in its other spellings ("høje taastrup", "Århus")."""
    parts = _SPELLING_PARTS.split(name.lower())
    return "".join(_SPELLINGS.get(part, re.escape(part)) for part in parts)


def _spaced(text: str) -> str:
    """Hyphens as spaces: "Høje Taastrup" is "Høje-Taastrup"."""
    return text.replace("-", " ")


def _partner_keys(name: str) -> set[str]:
    keys = {name, re.sub(r"\s+i\s+\S+\s+Kommune$", "", name)}
    keys.add(re.sub(r"^(Fonden|Foreningen)\s+|\s+(Fonden|Foreningen)$", "", name))
    keys.add(re.sub(r"fonden$", "", name))
    return {k.strip().lower() for k in keys if len(k.strip()) >= 3}


# A municipality as a partner ("Aarhus Kommune"), not a body of one ("Rådet for Sociale
# Investeringer i Aarhus Kommune", which is a partner of its own).
MUNICIPALITY = re.compile(r"[\w-]+(?:\s[\w-]+)?\s+Kommune", re.I)


def _match_partners(question: str, rows: Sequence[PortfolioRow]) -> tuple[str, ...]:
    lower = question.lower()
    municipalities = {m for r in rows for m in r.municipalities}
    found = []
    for name in partner_names(rows):
        if MUNICIPALITY.fullmatch(name) or name in municipalities:
            continue  # municipalities are matched as municipalities
        if any(_contains(lower, key) for key in _partner_keys(name)):
            found.append(name)
    return tuple(found)


def _match_areas(text: str, rows: Sequence[PortfolioRow], stem: Stem) -> tuple[str, ...]:
    asked = set(stem(text))
    out = []
    for area in sorted({a for r in rows for a in r.areas}):
        words = [s for s in stem(area) if s not in _stop_stems(stem) and len(s) > 2]
        hits = [w for w in words if w in asked]
        if words and len(hits) / len(words) >= 0.5 and any(len(h) >= 5 for h in hits):
            out.append(area)
    return tuple(out)


@lru_cache(maxsize=4)
def _stop_stems(stem: Stem) -> frozenset[str]:
    """Function words and noise words, stemmed as the question is."""
    return frozenset(stem(" ".join(sorted(STOPWORDS | NOISE))))


def _topics(
    residue: str, rows: list[PortfolioRow], stem: Stem, area_stems: set[str], expand: Expand
) -> tuple[str, ...]:
    """Content words left in the question that pick out some rows by name. A word that
    matched an area (itself or the documents' words for it) is used up."""
    words = []
    for word in _words(residue):
        if word in NOISE:
            continue  # nor the documents' words for it ("partners" -> "partnerskab")
        forms = expand(word).split()
        if len(word) > 1 and not set(stem(" ".join(forms))) & area_stems:
            words.extend(forms)
    stems = {s for s in stem(" ".join(words)) if s not in _stop_stems(stem)}
    stems = {s for s in stems if len(s) >= 4 or s.isdigit()}
    useful = [s for s in sorted(stems) if any(_topic_hit(s, r) for r in rows)]
    if not useful or all(all(_topic_hit(s, r) for r in rows) for s in useful):
        return ()
    return tuple(useful)


def _topic_hit(term: str, row: PortfolioRow) -> bool:
    """The row's name uses the term, also inside compounds ("hjemløs" in
    "ungdomshjemløshed"). Purposes are not searched: their wording is too general."""
    if term.isdigit():
        return term in re.findall(r"\d+", row.name)
    return term in row.name.lower()


def select(query: PortfolioQuery, rows: Sequence[PortfolioRow]) -> list[PortfolioRow]:
    """The rows a query is about (``scope.select``: the same rows the tab and the API
    give for the same filters)."""
    return scoping.select(query.scope, rows)


def narrow(query: PortfolioQuery, rows: list[PortfolioRow], stem: Stem) -> list[PortfolioRow]:
    """Keep the rows that match the most topic words (all rows when there are none)."""
    if not query.topics:
        return rows
    # A word that picks out few rows says more than one found in many ("hjemløs" against
    # "handl", which is also inside "behandling"), so each hit weighs 1 / rows it hits.
    weight = {t: 1 / max(1, sum(_topic_hit(t, r) for r in rows)) for t in query.topics}
    scores = [sum(weight[t] for t in query.topics if _topic_hit(t, r)) for r in rows]
    best = max(scores, default=0)
    return [r for r, s in zip(rows, scores, strict=True) if best and s == best]
