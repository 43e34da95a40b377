"""Whether the chosen quotes answer the question's type and subject (issue 12).

Similarity says a passage is about the question's topic; it does not say the passage
answers it. A question is answered only when its quotes hold what its type asks for: a
"when" question a date or a year, a "how much" question an amount, a "what rate" one a
percentage, a "how many" one a count of what it counts, a "how long" question a length
of time, a "who" question a person or an organisation beside the role it asks about, a
contact question a phone number or an e-mail address. Each stands beside the question's
most specific name (a count for Aarhus does not answer a question about Ikast-Brande),
and for a question about results so far not in a sentence that states a plan or a target
("skal", "mindst", "mål"). A year the question names must stand in the quoted passage as
that year (a span "2020-2023" does not answer "in 2020"). ``missing`` names what is
absent, for the refusal to say; ``absent_objects`` names the thing a question asks about
that no quoted passage is about ("Investerer DSI i vindmøller?").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer.quotes import Quote, Scored, beside
from assistant.ingest.sections import CELL, ROW_PREFIX
from assistant.lang import (
    DOCUMENTS,
    PACKS,
    STOPWORDS,
    UNIT_WORDS,
    heads,
    pack,
    plans,
    to_date,
    words,
    years,
)
from assistant.lang.frequency import zipf
from assistant.lang.spelling import one_typo
from assistant.query import CLAUSE_MARK, Query, mentions
from assistant.types import Hit

# An amount: a number, and a unit of money or proportion in the same sentence ("8 pct.",
# "3,6 mio. kr.", or a table row "Typisk beløb (mio. kr.): 5-15"). Anchored at the start:
# unanchored, a sentence without a unit was scanned again from every position (0.6 ms a
# sentence on the appendix, 21 ms of a 170 ms answer); anchored, it matches the same.
UNIT = rf"{UNIT_WORDS}|%"
AMOUNT = re.compile(rf"\A(?=.*(?:{UNIT})).*\d", re.I | re.S)
# A count: a number in digits or in the documents' number words ("otte investeringer"),
# not an amount (a unit follows), not a label's number ("Tabel 2:", "§ 6"), not a year
# (four digits from 1900 to 2099: "siden 2009"; counts that large are written "2.000")
# and not an ordinal or a day of the month (a full stop and a word follow: "1. rate",
# "14. februar").
COUNT = re.compile(
    rf"(?<!§)(?<!§\s)\b(?!(?:19|20)\d\d\b)(?:\d+(?:[.,]\d+)?|{'|'.join(DOCUMENTS.number_words)})\b"
    rf"(?!\s*(?:{UNIT}|[.,]\d|:)|\.\s+[a-zæøå])",
    re.I,
)
# A date: a year, a day and a month ("1. marts", "01.03.2024"), or a month of the
# documents' calendar by its name: a date that recurs ("i maj og november", "hvert år i
# marts") says when as well as one day does.
DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}\.\s?(?:\d{1,2}\.|[a-zæøå]{3,})"
    rf"|\b(?:{'|'.join(DOCUMENTS.months)})\b",
    re.I,
)
# A person or an organisation: a capitalised word that does not start its sentence, or
# an acronym ("Bikubenfonden", "KL", "Mette Holm").
NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-ZÆØÅ][\w-]{2,}|\b[A-ZÆØÅ]{2,}\b")
# Contact details: an e-mail address, or a phone number of 8 digits (Danish numbers).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+45\s?)?(?:\d\s?){8}\b")
CONTACT = re.compile(f"{EMAIL.pattern}|{PHONE.pattern}")
# A length of time: a number (digits, a range or a number word) and a unit of time after
# it ("3-5 år", "18 måneder", "to år"), or a unit in a header before it ("Løbetid (år): 4-6"),
# or a span from one date to another ("fra 1. marts 2025 til 28. februar 2027").
TIME = rf"(?:{'|'.join(re.escape(u) for u in DOCUMENTS.time_units)})"
NUMBER = rf"(?:\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?|{'|'.join(DOCUMENTS.number_words)})"
DURATION = re.compile(
    rf"\b{NUMBER}\s+(?:\w+\s+)?{TIME}\b|\({TIME}\)\s*:?\s*\d"
    rf"|(?:{DATE.pattern}).{{0,40}}?\b(?:til|to|until|-|–)\b.{{0,20}}?(?:{DATE.pattern})",
    re.I,
)
# A rate: a number and a unit of proportion after it ("3,5 pct.", "8 %"), or the unit in
# a table header before it ("Andel (pct.): 45", as a duration's "Løbetid (år): 4-6").
RATES = "|".join(re.escape(u) for u in DOCUMENTS.rate_units)
RATE = re.compile(rf"\d+(?:[.,]\d+)?\s*(?:{RATES})(?!\w)|\((?:{RATES})\.?\)\s*:?\s*\d", re.I)
# A "when" question is answered by a date or by the condition that sets the time.
WHEN = re.compile(f"{DATE.pattern}|{DOCUMENTS.text_cues.condition.pattern}", re.I)
TYPES = {
    "when": WHEN,
    "amount": AMOUNT,
    "count": COUNT,
    "who": NAME,
    "contact": CONTACT,
    "duration": DURATION,
    "rate": RATE,
}


# A sentence of the right type this close to the best one is preferred to it.
TYPE_MARGIN = 0.08


def typed(query: Query) -> list[re.Pattern[str]]:
    """The patterns of the answer types the question asks for that can be checked (a
    percentage, not any amount, when a rate is asked: "hvor stor en procentdel"; an
    e-mail address, not any contact detail, when an e-mail is asked)."""
    return [_contact(query.text) if k == "contact" else TYPES[k] for k in _kinds(query)]


def _contact(question: str) -> re.Pattern[str]:
    """The contact detail a question asks for: an e-mail address when each word of the
    contact cue it uses names an e-mail ("mail" in it), a phone number when none does
    and none asks for contact details in general, else either."""
    asked = [m.group(0).lower() for p in PACKS.values() for m in p.cues.contact.finditer(question)]
    if asked and all("mail" in w for w in asked):
        return EMAIL
    if asked and not any("mail" in w or "contact" in w for w in asked):
        return PHONE
    return CONTACT


def _kinds(query: Query) -> list[str]:
    kinds = [kind for kind in query.asks if kind in TYPES]
    return [k for k in kinds if k != "amount"] if "rate" in kinds else kinds


def states(sentence: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """Whether a sentence states a fact of one of the types."""
    return any(p.search(sentence) for p in patterns)


def prefer(ranked: list[Scored], query: Query, hits: Sequence[Hit] = ()) -> list[Scored]:
    """``ranked`` with the best sentence that states the asked type first, when one
    scores within ``TYPE_MARGIN`` of the best (a "when" question: the sentence with
    the date, not the one that only restates the subject). A best sentence with such a
    sentence beside it in its passage (one of ``hits``) stays first: it is quoted with it
    (``quotes.choose``). A count must be of the noun the question counts, where it
    names one (``_after_cue``, ``_counts``): "18 måneder" states no number of families."""
    patterns = typed(query)
    subject = Subject.of(query)
    counted = subject.counted if subject.noun else frozenset()

    def answers(sentence: str) -> bool:
        return states(sentence, patterns) and (not counted or _counts(sentence, counted, True))

    if not patterns or not ranked or answers(ranked[0].text):
        return ranked
    if hits and any(answers(s) for s in beside(ranked[0], hits)):
        return ranked
    floor = ranked[0].score - TYPE_MARGIN
    for i, cand in enumerate(ranked):
        if cand.score < floor:
            break
        if answers(cand.text):
            return [cand, *ranked[:i], *ranked[i + 1 :]]
    return ranked


def missing(
    query: Query,
    quotes: Sequence[str],
    passages: Sequence[str],
    documents: Sequence[str] = (),
) -> str | None:
    """What the quotes lack to answer ``query``: "year" (a year it names stands in no
    quoted passage, its headings included), or its answer type ("when", "amount", …)
    when no quote states one of the types it asks for about the question's subject (see
    ``Subject``); None when nothing is missing. ``passages`` hold each quote's headings
    too; ``documents`` each quote's document title and, after a line break, its
    opening."""
    about = _year_terms(query)
    for year in query.years:
        if not any(_states_year(year, p) and _has_term(p, about) for p in passages):
            return "year"
    test = answering(query)
    if test is None:
        return None
    for i, (quote, passage) in enumerate(zip(quotes, passages, strict=True)):
        if test(quote, passage, documents[i] if i < len(documents) else ""):
            return None
    return _kinds(query)[0]


def answering(query: Query) -> Callable[[str, str, str], bool] | None:
    """For a typed question, a test of a quote (in its passage, with its headings, and
    its document: the title, a line break, the opening) that states what is asked about
    its subject; None for an untyped question."""
    patterns = typed(query)
    if not patterns:
        return None
    subject = Subject.of(query)

    def test(quote: str, passage: str, document: str) -> bool:
        return subject.beside(quote, passage, document) and states(_unasked(quote, query), patterns)

    return test


@dataclass(frozen=True)
class Subject:
    """What a typed fact must stand beside to be about the question, read once from it.

    A stem is a prefix of its words: each test is a substring test on the lower-case
    passage, not a stemming of it."""

    terms: frozenset[str]  # the key terms: one of them in the passage
    name: str  # the most specific name: in the passage, or its document's title or opening
    role: frozenset[str]  # a "who" question's role: in the passage
    # a "how many" question's noun, else any word of the question: beside the number
    counted: frozenset[str]
    so_far: bool  # results up to now: not a plan or a target
    noun: bool = False  # ``counted`` is the counted noun's, not any word of the question
    # Whose thing is asked: per genitive of the question, the stems that may name it
    # (a Danish genitive's own stem; an English one's bridged forms, or its own stem when
    # the documents write the word too), one of them required.
    owners: frozenset[frozenset[str]] = frozenset()
    # A contact question's owner is in the quoted sentence itself (or the title of the
    # owner's own document): a contract lists each party's contact person with their own
    # phone number ("Regionens kontaktperson er …, telefon …" is not the investor's).
    own_sentence: bool = False

    @classmethod
    def of(cls, query: Query) -> Subject:
        """The subject of ``query``'s typed question."""
        kinds = _kinds(query)
        noun = _after_cue(query, "count") if kinds == ["count"] else frozenset()
        counted = noun or (_question_stems(query) if kinds == ["count"] else frozenset())
        return cls(
            terms=frozenset(query.weights),
            name=_rarest_name(query),
            role=_after_cue(query, "who") if kinds == ["who"] else frozenset(),
            counted=counted,
            so_far=to_date(query.text),
            noun=bool(noun),
            owners=_owners(query),
            own_sentence=kinds == ["contact"],
        )

    def beside(self, quote: str, passage: str, document: str) -> bool:
        """Whether ``quote``, in ``passage`` of ``document`` (its title, then on a line of
        its own its opening), is about the subject."""
        lower = passage.lower()
        if self.terms and not any(t in lower for t in self.terms):
            return False
        if self.name and not mentions((self.name,), f"{document} {lower}"):
            return False  # a count for Aarhus does not answer a question about Ikast
        # a contact question's owner in the sentence, or in the title of a document that
        # is the owner's own ("Fonden – årsberetning"); not in a contract's opening, which
        # names every party
        title = document.split("\n", 1)[0]
        where = f"{title} {quote}".lower() if self.own_sentence else f"{document} {lower}".lower()
        if not all(any(stem in where for stem in owner) for owner in self.owners):
            return False  # the foundation's chair does not say who chairs the centre's board
        if self.role and not any(_written(s, w) for w in words(lower) for s in self.role):
            return False  # a name beside no evaluator does not say who the evaluator is
        if self.so_far and plans(quote):
            return False  # a target ("skal", "mindst") is no result up to now
        # "syv afdelinger" does not say how many families
        return not self.counted or _counts(quote, self.counted, self.noun)


# A word with the English possessive ending ("the foundation's", "the fund’s").
ENGLISH_GENITIVE = re.compile(r"([^\W\d_]+)['’]s\b")


def _owners(query: Query) -> frozenset[frozenset[str]]:
    """The question's genitives of common nouns, which name the subject as a name does,
    lower case ("videnscentrets bestyrelse", "the foundation's phone number": whose).

    Danish: a key term with an -s whose stem is that of the word without it (the stemmer
    strips a genitive; "status" is none). English: a word before "'s" that the bridge
    translated, as its translations' stems, or that the documents use as written ("the
    investor's"), as its stem (a name is matched as a name: ``Subject.name``).
    """
    if query.language != DOCUMENTS.code:
        bridged = dict(query.bridged)
        used = set(query.used)
        owners = []
        for word in (w.lower() for w in ENGLISH_GENITIVE.findall(query.text)):
            stem = DOCUMENTS.stem_words([word])[0]
            if word in bridged:
                owners.append(frozenset(DOCUMENTS.stem_words(list(bridged[word]))))
            elif stem in used:  # a word both languages write ("the investor's")
                owners.append(frozenset({stem}))
        return frozenset(owners)
    key = set(query.weights)
    found = [w for w in words(query.text) if w.isalpha() and len(w) > 4 and w.endswith("s")]
    stems = DOCUMENTS.stem_words(found)
    bases = DOCUMENTS.stem_words([w[:-1] for w in found])
    return frozenset(
        frozenset({s}) for s, base in zip(stems, bases, strict=True) if s == base and s in key
    )


def _rarest_name(query: Query) -> str:
    """The question's most specific name (highest IDF of its stem; written out, lower
    case), which a typed fact must stand beside; "" when it names none the index weighs."""
    best = max(query.named, default=(0.0, ""))
    return best[1] if best[0] > 0 else ""


def _after_cue(query: Query, cue: str) -> frozenset[str]:
    """The stems of what a "who" or "how many" question asks about: the noun after its
    cue ("who is the *director*", "hvor mange *familier*"), and the
    documents' words the bridge gave for it; empty when the cue is followed by no such
    word, or by a word of another language that no passage uses and the bridge did not
    reach (its Danish word is unknown, so no passage can be required to have it). A long
    word of the documents' own language that no passage uses is required all the same: no
    document counts "ansøgninger" when none uses the word (a typo of a long stem still
    matches, see ``_written``; a short unknown word may be a typo, and asks nothing)."""
    bridged = dict(query.bridged)
    own = query.language == DOCUMENTS.code
    for language in PACKS.values():
        found = getattr(language.cues, cue).search(query.text)
        if found is None:
            continue
        rest = query.text[found.end() :]
        if cue == "count" and _elided(rest, language.prepositions):
            return frozenset()
        run = _opening_run(rest, query.subjects)
        if not run or not run[-1].isalpha():
            continue
        # English: the run's last word, the head of its noun phrase ("new *investments*",
        # "job *consultants*"; a verb follows an auxiliary, a function word). Danish puts
        # the finite verb right after the counted noun ("hvor mange *rater* udbetaler
        # fonden": V2 word order), and no word list tells the noun from the verb, so any
        # word of the run may be it.
        heads = [w for w in run if w.isalpha()] if own else run[-1:]
        out = {
            s
            for head in heads
            for s in _head_stems(head, bridged.get(head, ()), query.strange, own)
        }
        if out:
            return frozenset(out)
    return frozenset()


def _elided(rest: str, prepositions: frozenset[str]) -> bool:
    """Whether a count's cue is followed by a function word that opens no noun phrase (a
    verb: "how many *were* in school six months after", "hvor mange *er* …"; not a
    preposition: "how many *of* the families"): what it counts is said elsewhere ("Of the
    young people who started …, how many were …") or not at all, so no word after the
    cue is the counted noun."""
    first = next(iter(words(rest)), "")
    return first in STOPWORDS and first not in prepositions


def _question_stems(query: Query) -> frozenset[str]:
    """The stems of every word of the question a passage uses, and of the documents'
    words the bridge gave: what a count must stand beside when the counted noun is a word
    no passage uses and the bridge did not reach ("how many of the *young people* …").
    A number beside none of them counts something else ("De tolv nye investeringer" for
    "How many of the young people in Odense have got a job so far?")."""
    bridged = [w for _, targets in query.bridged for w in targets]
    stems = {*query.weights, *query.used, *DOCUMENTS.stem_words(bridged)}
    return frozenset(s for s in stems if len(s) >= 3)


def _head_stems(head: str, bridged: Sequence[str], strange: Sequence[str], own: bool) -> list[str]:
    """The stems of ``head`` and its bridged forms; none for a word of another language
    that no passage uses and the bridge did not reach (see ``_after_cue``)."""
    stems = DOCUMENTS.stem_words([head, *bridged])
    if head in strange and not (own and len(stems[0]) >= TYPO_MIN_CHARS):
        return []
    return [s for s in stems if len(s) >= 3]


def _opening_run(text: str, names: Sequence[str]) -> list[str]:
    """The words that open ``text`` (after function words), up to the next function word
    or name: a noun phrase (adjectives come before the noun in both languages), in Danish
    with the verb after it; none when a name comes first ("how many DSI …")."""
    named = {n.lower() for n in names}
    run: list[str] = []
    for word in words(text):
        if word in STOPWORDS or word in named:
            if run:
                break
            if word in named:
                return []
            continue
        run.append(word)
    return run


def _content(word: str) -> bool:
    return word.isalpha() and word not in STOPWORDS


COUNT_WINDOW = 3  # words on either side of a number that may say what it counts


def _counts(quote: str, counted: frozenset[str], noun: bool) -> bool:
    """Whether a number in the quote counts what is asked: a word beside it has the
    counted word's stem ("otte investeringer", "Borgere i job: 30"), a compound too; or,
    in a table row, its first cell names it and another cell holds a number (a row
    "Nøgletal: Deltagere i indsatsen; Mål i aftalen: 200; Opnået: 212": its label says
    what each of its numbers counts, however far along the row)."""
    for found in COUNT.finditer(quote):
        rest_of = quote[found.end() :]
        after = words(rest_of)
        # A number with words right after it, in its clause, counts those ("18 måneder
        # efter familiens programstart" counts months, not families; "40 nye familier");
        # only a number with none (a label's, a table cell's: "Borgere i job: 30",
        # "Startede unge: 48; Afsluttede forløb: 41") takes the words near it. Not when the
        # counted noun is unknown (``noun`` false): any word of the question near the
        # number then says what it is about ("40 unge fået et job").
        clause = words(CLAUSE_MARK.split(rest_of, maxsplit=1)[0])
        named = [] if not noun else list(itertools.takewhile(_content, clause))
        near = named or words(quote[: found.start()])[-COUNT_WINDOW:] + after[:COUNT_WINDOW]
        if any(_written(s, w) for w in near for s in counted):
            return True
    label, rest = _row_label(quote)
    return any(_written(s, w) for w in label for s in counted) and bool(COUNT.search(rest))


def _row_label(quote: str) -> tuple[list[str], str]:
    """A table row's first cell's words (its value, not its header) and its other cells
    ("Caption — Header: value; Header: value", ``ingest.sections.row_text``); nothing for
    a quote that is no row of cells."""
    cells = quote.split(ROW_PREFIX, 1)[-1].split(CELL)
    if len(cells) < 2 or not any(": " in c for c in cells[1:]):
        return [], ""
    # A cell whose header has a unit holds an amount, not a count ("Investering (mio.
    # kr.): 9,8"): a number says what it is by its unit, wherever the unit is written.
    counts = [c for c in cells[1:] if not re.search(UNIT, c.split(": ", 1)[0], re.I)]
    return words(cells[0].split(": ", 1)[-1]), CELL.join(counts)


# A misspelt word still names its word: one typo (``spelling.one_typo``) in a stem of
# seven letters or more ("afdelnger" for "afdelinger"); shorter stems must match.
TYPO_MIN_CHARS = 7


def _written(stem: str, word: str) -> bool:
    """Whether ``word`` has ``stem`` (a compound too), is the last part of a compound
    ``stem`` ("partnere" of "samarbejdspartn"), or starts with it misspelt."""
    if stem in word or _head_of(stem, word):
        return True
    if len(stem) < TYPO_MIN_CHARS:
        return False
    n = len(stem)
    return any(one_typo(stem, word[:k]) for k in (n - 1, n, n + 1))


def _head_of(stem: str, word: str) -> bool:
    """Whether ``word`` starts with the last part of the compound ``stem``."""
    return any(word.startswith(head) for head in heads(stem))


def _unasked(quote: str, query: Query) -> str:
    """The quote without the names the question itself uses, with the capitalised words
    that go with them: "who" is not answered by repeating the organisation the question
    names ("Horsens Kommune" for "Horsens")."""
    for name in query.subjects:
        quote = re.sub(rf"\b{re.escape(name)}\w*(?:\s+{CAPITALISED})*", " ", quote)
    return quote


CAPITALISED = r"[A-ZÆØÅ][\w-]*"


DASHES = re.compile(r"\s*[-–—/]\s*")  # between a span's years ("2022/23" is "2022-23")


def _year_terms(query: Query) -> frozenset[str]:
    """The key terms besides the years: a passage that states the year must have one
    (another contract's "28. februar 2027" does not answer a question about the 2027
    application round)."""
    return frozenset(t for t in query.weights if not any(t in y for y in query.years))


def _has_term(passage: str, terms: frozenset[str]) -> bool:
    """Whether ``passage`` has one of ``terms`` (any, when there are none)."""
    lower = passage.lower()
    return not terms or any(t in lower for t in terms)


def _states_year(year: str, text: str) -> bool:
    """Whether ``text`` names ``year`` as written: a lone year not as the start or end of
    a span of years, a span as that span (any dash)."""
    wanted = DASHES.sub("-", year.strip())
    return any(DASHES.sub("-", found) == wanted for found in years(text))


# A word of the question names what a quoted passage is about when a word of the passage
# starts as it does: Danish compounds put what tells them apart first ("hjemløseområdet"
# for the row "Hjemløshed", "børneområdet" for "Børn og unge"), and the shared end
# ("området") is the table's own header. Four letters: long enough that a shared start is
# seldom chance, short enough for a word in another form ("hjemløs…"); a choice, not
# fitted to a table.
ROW_START = 4
# A word this common in the documents' language (wordfreq's Zipf scale: once in 10,000
# words or more often) is part of an idiom or a pronoun ("i forbindelse med", "af vores
# børn"), not the name of a thing a document could be about ("vindmøller": 4.2,
# "ældreområdet", "tolkebistand": rarer than wordfreq lists).
COMMON_ZIPF = 5.0
# A thing's name has three letters at least ("løn"); a shorter unused word is more often a
# typo or an abbreviation than a thing. A word shorter than ``ROW_START`` is matched by
# words that start with all of it.
MIN_THING = 3
# In a question in another language, only a word rarer than this (Zipf: less than once in
# 100,000 words: "cryptocurrency" 3.3, "turbines" 3.5, "aquaculture") names a thing the
# documents lack when the bridge finds no word for it. A commoner word that finds none is
# as often the bridge's gap as an absent thing: "Has DSI worked on stress treatment for
# people on sick leave?" is answered by the documents ("sick" 4.9, "leave" 5.3).
RARE_ZIPF = 4.0


def absent_objects(query: Query, quotes: Sequence[Quote]) -> tuple[str, ...]:
    """The question's words that name a thing no quoted passage is about: the object of a
    preposition ("på ældreområdet", "i vindmøller", "in cryptocurrency") of which no word
    is used by any passage in any form (``Query.new``; in another language: nor bridged),
    and of that its words that name a thing.

    "Hvad er den typiske løbetid på ældreområdet?" over a table of areas without the
    elderly is not answered by the other areas' rows, and "Investerer DSI i vindmøller?"
    not by what DSI invests in. Only a preposition's object: what a question is about
    stands there, while a small library's unused adjective or verb ("Hvor stort er …")
    names nothing; and only an object no word of which is known: a known noun with an
    unused adjective ("med almindelige ord"), or a known name with the verb of a Danish
    subordinate clause after it ("hvad evalueringen i Viborg konkluderer"), is about
    something the documents know. A word names a thing when, in the documents' language,
    it is not common (``COMMON_ZIPF``) and starts no word of the quoted passages, their
    headings and their documents' titles, is the last part of none ("i psykiatrien" beside
    "behandlingspsykiatrien") nor is one typo from one; in another language,
    when it is rare (``RARE_ZIPF``) and no verb form (``LanguagePack.verb_endings``: "in
    maturing the market")."""
    if not quotes:
        return ()
    new = set(query.new)
    if query.language != DOCUMENTS.code:
        asked_in = pack(query.language)
        return tuple(
            w
            for run in _objects(query.text, asked_in.prepositions)
            if new.issuperset(run)
            for w in run
            if len(w) >= MIN_THING
            and zipf(w, query.language) < RARE_ZIPF
            and not w.endswith(asked_in.verb_endings)
        )
    quoted = {
        w
        for q in quotes
        for w in words(f"{q.chunk.meta.get('title', '')} {q.chunk.section} {q.chunk.text}")
        if w.isalpha()
    }
    return tuple(
        w
        for run in _objects(query.text, DOCUMENTS.prepositions)
        if new.issuperset(run)
        for w in run
        if len(w) >= MIN_THING and zipf(w, DOCUMENTS.code) < COMMON_ZIPF and not _named(w, quoted)
    )


def _named(word: str, quoted: set[str]) -> bool:
    """Whether a word of the question names one of the quoted words: it starts as one does
    (a compound's first part, another form: ``ROW_START``), its stem is the last part of
    one (a compound: "psykiatrien" in "behandlingspsykiatrien"), or it is one typo from
    one."""
    stem = DOCUMENTS.stem_words([word])[0]
    inside = len(stem) >= ROW_START
    return any(
        t.startswith(word[:ROW_START]) or (inside and stem in t) or one_typo(word, t)
        for t in quoted
    )


def _objects(question: str, prepositions: frozenset[str]) -> list[tuple[str, ...]]:
    """The objects of the question's prepositions: the run of content words after each
    (a noun with its adjectives, in Danish perhaps a verb after it), within its sentence
    or clause ("which pupils is this for? whats the target group": "whats" opens the next
    question, it is no object of "for")."""
    out: list[tuple[str, ...]] = []
    for clause in CLAUSE_END.split(question):
        run: list[str] | None = None
        for word in [*words(clause), ""]:
            if word and run is not None and word not in STOPWORDS and word.isalpha():
                run.append(word)
                continue
            if run:
                out.append(tuple(run))
            run = [] if word in prepositions else None
    return out


CLAUSE_END = re.compile(r"[?!.;:]\s|[?!;]")  # a sentence's or clause's end in a question
