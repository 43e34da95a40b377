"""Query: everything known about a question, worked out once at the start of ``ask``.

Checking comes first (empty, too long, not Unicode, a malformed or oversized history),
then understanding: the answer language, whether it follows up an earlier turn, its
key terms weighted by how rare they are in the documents, the kind of answer it asks
for, and the names it mentions that no document does. Every later stage reads the
``Query``; none parses the question string again.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.config import Settings
from assistant.conversation import Turn, answer_language, previous_question
from assistant.errors import BadQuestion
from assistant.lang import (
    DOCUMENTS,
    NAME_WORD,
    STOPWORDS,
    LanguagePack,
    answer_type,
    answer_types,
    compared,
    detect,
    extreme,
    injection,
    pack,
    unrequested,
    words,
    years,
)
from assistant.lang.frequency import zipf
from assistant.lang.spelling import spellings, written_out

COMMON_DF = 0.3  # terms in more than this share of chunks say little about relevance
SUBJECT_DF = 0.1  # a term this rare names a specific subject (a place, a partner, a topic)
SPECIFIC_IDF = math.log(1 / SUBJECT_DF)  # SUBJECT_DF as a key term's weight (IDF)
# Capitalised words that are no names: the pronoun "I", language names, greetings.
NOT_NAMES = frozenset(
    {"i", "english", "danish", "dansk", "engelsk", "please", "ok", "hi", "hej", "tak"}
)


class Bridge(Protocol):
    """Words the documents do not use -> words they do (``index.bridge.TermBridge``)."""

    def translate(
        self, english: Sequence[str], names: bool = False
    ) -> Mapping[str, tuple[str, ...]]:
        """The documents' words for each of ``english`` that has some (``names``: by the
        stricter floor for a capitalised word)."""
        ...


class Vocabulary(Protocol):
    """What understanding needs to know about the documents' words (the keyword index)."""

    def knows(self, stem: str) -> bool:
        """Whether any passage uses the stemmed term."""
        ...

    def doc_freq(self, stem: str) -> float:
        """The share of passages that use the stemmed term."""
        ...


@dataclass(frozen=True)
class Query:
    """A question, understood."""

    text: str  # the question, whitespace normalised
    history: tuple[Turn, ...]
    language: str  # the answer's language: the question's, else the conversation's
    previous: str  # the earlier question this one follows up; "" when it stands alone
    terms: tuple[tuple[str, float], ...]  # stemmed key terms of what is searched -> IDF
    stems: frozenset[str]  # every stemmed word of the question (heading matches)
    wants: str | None  # the kind of answer: "count", "amount", "list", "definition" …
    subjects: tuple[str, ...]  # names the question mentions
    unknown: tuple[str, ...]  # those of them no document (nor the portfolio) mentions
    doc: str | None = None  # search one document only
    section: str | None = None  # search one section only
    bridged: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a word -> the documents' words
    strange: tuple[str, ...] = ()  # content words no passage uses, nor bridges to
    new: tuple[str, ...] = ()  # those of them that no passage uses in another form either
    # The stemmed content words some passage uses, common ones too (``terms`` keeps only
    # those rare enough to weigh)
    used: tuple[str, ...] = ()
    years: tuple[str, ...] = ()  # the years and spans of years the question names
    injection: bool = False  # asks to drop or reveal the instructions
    asks: tuple[str, ...] = ()  # every kind of answer asked for (``wants`` is the first)
    extreme: str | None = None  # "most" or "least": a superlative ("den største betaling")
    sides: tuple[str, ...] = ()  # a comparison's two sides ("forskellen på A og B")

    @property
    def condensed(self) -> str:
        """What is searched: the question, after the question it follows up."""
        return f"{self.previous} {self.text}" if self.previous else self.text

    @property
    def expanded(self) -> str:
        """``condensed`` with the documents' words for the words they do not use (for the
        keyword side and the portfolio's matching; the dense side reads ``condensed``)."""
        extra = " ".join(w for _, targets in self.bridged for w in targets)
        return f"{self.condensed} {extra}" if extra else self.condensed

    def expand(self, text: str) -> str:
        """``text`` with the documents' words for those of its words that were bridged."""
        present = set(words(text))
        extra = [w for word, targets in self.bridged if word in present for w in targets]
        return f"{text} {' '.join(extra)}" if extra else text

    @property
    def topic(self) -> str:
        """``condensed`` without the names it uses ("What triggers the second payment in
        Odense?" -> "What triggers the second payment in ?"); "" when nothing but names
        and function words is left, or it names nothing."""
        if not self.subjects:
            return ""
        text = self.condensed
        for name in sorted(self.subjects, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?:['’]?s)?(?!\w)", " ", text)
        left = [w for w in words(text) if w not in STOPWORDS and len(w) > 2]
        return " ".join(text.split()) if left else ""

    @property
    def weights(self) -> dict[str, float]:
        """The key terms and their IDF weights."""
        return dict(self.terms)

    @property
    def named(self) -> tuple[tuple[float, str], ...]:
        """The words of the question's names that are key terms, with their IDF (written
        out, lower case: "århus" as "aarhus")."""
        return tuple(
            (weight, written_out(part))
            for name in self.subjects
            for part in words(name)
            for term, weight in self.terms
            if part.startswith(term)
        )

    @property
    def specific_names(self) -> tuple[str, ...]:
        """The names whose passages answer the question, when it names a specific one (as
        rare as ``SUBJECT_DF``: a place, a project, a partner): every name of it that is
        a key term ("Aalborg and Aarhus" both, though Aarhus is in many passages); () when
        it names nothing specific ("DSI" is in most documents)."""
        if not any(weight >= SPECIFIC_IDF for weight, _ in self.named):
            return ()
        return tuple(dict.fromkeys(part for _, part in self.named))

    @property
    def scoped(self) -> bool:
        """Limited to a document or section: a question about the documents."""
        return bool(self.doc or self.section)


def understand(
    question: str,
    history: Sequence[Turn] | None,
    vocabulary: Vocabulary,
    known_names: frozenset[str] = frozenset(),
    doc: str | None = None,
    section: str | None = None,
    bridge: Bridge | None = None,
) -> Query:
    """The ``Query`` for a checked question (see ``check``). ``known_names`` are words
    of names that data besides the documents knows (the portfolio's); ``bridge`` maps
    the words no document uses (an English question's) to words the documents use."""
    turns = tuple(history or ())
    previous = previous_question(question, turns, has_subject(question, vocabulary))
    searched = f"{previous} {question}" if previous else question
    asked_in = detect(searched)
    foreign = asked_in not in (None, DOCUMENTS.code)  # asked in another language
    subjects = names(question)
    missing = [n for n in subjects if not known(n, vocabulary, known_names)]
    if foreign and asked_in:
        kinds = _kind_words(question, subjects, missing, asked_in)
        subjects = tuple(s for s in subjects if s not in kinds)
        missing = [n for n in missing if n not in kinds]
    topic = unrequested(searched)  # what it asks about, not how to answer ("forklar kort")
    unused = _unused(topic, vocabulary, subjects)
    unknown, named = _unknown(missing, bridge if foreign else None)
    translated = _translated(topic, unused, bridge) if bridge and foreign and unused else {}
    numbers = _numbers(unused, pack(asked_in)) if foreign and asked_in else {}
    bridged = {**translated, **numbers, **named}
    extra = [w for targets in bridged.values() for w in targets]
    asked = set(words(question))
    strange = tuple(w for w in unused if w not in bridged and w in asked)
    return Query(
        text=question,
        history=turns,
        language=answer_language(question, turns),
        previous=previous,
        terms=tuple(
            _alternatives(
                _terms(f"{topic} {' '.join(extra)}", vocabulary, unused, foreign), bridged
            ).items()
        ),
        stems=frozenset(DOCUMENTS.stems(f"{unrequested(question)} {' '.join(extra)}")),
        wants=answer_type(question),
        subjects=subjects,
        unknown=unknown,
        doc=doc,
        section=section,
        bridged=tuple(bridged.items()),
        strange=strange,
        new=tuple(w for w in strange if not _inflected(w, vocabulary)),
        used=tuple(t for t in dict.fromkeys(content_terms(topic)) if vocabulary.knows(t)),
        years=tuple(years(question)),
        injection=injection(question),
        asks=answer_types(question),
        extreme=extreme(question),
        sides=_sides(question, vocabulary),
    )


def _unused(text: str, vocabulary: Vocabulary, subjects: Sequence[str]) -> list[str]:
    """The question's content words that no passage uses (names are left out: a name is
    matched as written, never by similarity)."""
    skip = {s.lower() for s in subjects}
    skip |= {f"{s}s" for s in skip}  # a name's genitive without an apostrophe ("DSIs")
    return [
        w
        for w in dict.fromkeys(words(MARKUP.sub(" ", text)))
        if w.isalpha()
        and len(w) > 2
        and w not in STOPWORDS
        and w not in skip
        and extreme(w) is None  # a superlative asks to compare rows, it names no topic
        and not any(vocabulary.knows(s) for s in DOCUMENTS.stem_words([w]))
    ]


def _translated(topic: str, unused: Sequence[str], bridge: Bridge) -> dict[str, tuple[str, ...]]:
    """The documents' words for each unused word, and for the first word of an open
    compound that has none of its own, the compound's: English writes a compound noun as
    two words ("steering group", "capital guarantee"), Danish as one ("styregruppe",
    "kapitalgaranti"), which neither word alone is near ("steering" -> "stiller"). Each
    pair of adjacent unused words is offered to
    the bridge too (which translates a pair only when it names one thing), and its
    translation stands for its first word, the modifier, when that word has none of its
    own. Not for its last, the head: a head is a common noun a question may use again,
    of another thing ("the difference between a development partnership and an
    investment partnership": "partnership" took "investeringspartnerskaber" to both
    sides). Nor beside a modifier's own translation ("investment" -> "investering"): the
    rarer compound then outweighed the rest of the question, and the sentence on the
    other side of that comparison lost the share of the question's terms it needs."""
    pairs = _pairs(topic, unused)
    found = bridge.translate([*unused, *pairs])
    out = {w: t for w, t in found.items() if w not in pairs}
    for pair in pairs:
        first = pair.split()[0]
        if first not in out:
            out[first] = tuple(found.get(pair, ()))
    return {w: t for w, t in out.items() if t}


# What ends a run of adjacent words: a sentence or clause mark.
CLAUSE_MARK = re.compile(r"[.,;:!?()\[\]\"“”«»]")


def _pairs(topic: str, unused: Sequence[str]) -> list[str]:
    """Adjacent pairs of unused words within one clause ("steering group")."""
    pool = set(unused)
    pairs: list[str] = []
    for clause in CLAUSE_MARK.split(MARKUP.sub(" ", topic)):
        ws = words(clause)
        pairs += [f"{a} {b}" for a, b in itertools.pairwise(ws) if a in pool and b in pool]
    return list(dict.fromkeys(pairs))


# The longest inflectional ending the stemmer leaves on: Snowball keeps "stort" apart
# from "stor" and "store" (Danish neuter -t), and a plural or definite ending ("-ene",
# "-et", "-en") on a word it does not know.
ENDING = 3


def _inflected(word: str, vocabulary: Vocabulary) -> bool:
    """Whether ``word`` is another form of a word passages use: it is one, with up to
    ``ENDING`` letters more at its end ("stort" beside "stor")."""
    stems = [word[:-k] for k in range(1, ENDING + 1) if len(word) - k >= 3]
    return any(vocabulary.knows(s) for s in DOCUMENTS.stem_words(stems))


def _sides(question: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The two sides of a comparison, a Danish first part that ends in a hyphen given
    the other side's last part ("udviklings- og investeringspartnerskab": the first is
    "udviklingspartnerskab"); () when the question compares nothing."""
    found = compared(question)
    if found is None:
        return ()
    first, second = found
    if first.endswith("-") and second:
        word = second.split()[0]
        # The longest proper ending of the second side's first word that passages use.
        head = next(
            (
                word[i:]
                for i in range(1, len(word) - 3)
                if vocabulary.knows(DOCUMENTS.stem_words([word[i:].lower()])[0])
            ),
            "",
        )
        first = f"{first[:-1]}{head}"
    return (first, second)


def _numbers(unused: Sequence[str], asked_in: LanguagePack) -> dict[str, tuple[str, ...]]:
    """Number words of the question's language -> the documents' word for the same
    number ("three" -> "tre": the packs' number words are parallel lists), for a list
    question ("the three goals") to reach the sentence that announces "tre mål"; and
    ordinals -> the documents' ordinals of the same value ("third" -> "tredje"). An
    ordinal left to the bridge went to whatever corpus word was nearest ("second" ->
    "internt", "peter")."""
    own = asked_in.number_words
    out: dict[str, tuple[str, ...]] = {
        w: (DOCUMENTS.number_words[own.index(w)],) for w in unused if w in own
    }
    for word in unused:
        value = asked_in.ordinals.get(word)
        same = tuple(d for d, n in DOCUMENTS.ordinals.items() if n == value)
        if same:
            out[word] = same
    return out


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` that are no function words of any language."""
    tokens = [w for w in words(text) if w not in STOPWORDS and len(w) > 1]
    return DOCUMENTS.stem_words(tokens)


def has_subject(question: str, vocabulary: Vocabulary) -> bool:
    """Whether the question names something specific the documents know."""
    return any(specific(t, vocabulary) for t in content_terms(question))


def specific(stem: str, vocabulary: Vocabulary) -> bool:
    """Whether a stemmed term names a particular subject in the documents."""
    return vocabulary.knows(stem) and vocabulary.doc_freq(stem) < SUBJECT_DF


def mentions(names: Sequence[str], text: str) -> bool:
    """Whether ``text`` names one of ``names`` (written out, lower case: ``Query.specific_names``)."""
    written = written_out(text.lower())
    return any(re.search(rf"\b{re.escape(name)}", written) for name in names)


UNSEEN_DF = 1e-3  # the document frequency a word no passage uses is weighed with


def _terms(
    text: str, vocabulary: Vocabulary, unused: Sequence[str], foreign: bool
) -> dict[str, float]:
    """The key terms; in a question in the documents' own language, also the words no
    passage uses, at the weight of the rarest term: a passage that lacks the question's
    own subject word ("løbetiden") matches less of the question."""
    terms = key_terms(text, vocabulary)
    if not foreign:
        weight = math.log(1 / UNSEEN_DF)
        terms.update((stem, weight) for stem in DOCUMENTS.stem_words(list(unused)))
    return terms


def _alternatives(
    terms: dict[str, float], bridged: Mapping[str, Sequence[str]]
) -> dict[str, float]:
    """``terms`` with the translations of one word weighed as the commonest of them.

    A word that the bridge translates two ways is one word of the question, and its
    translations are alternatives: the rarer one is not more of the question's subject.
    Weighed by its own rarity, a rare second target (an orthographic neighbour: "fund" ->
    "fonde", "fundats") outweighed every other word of the question, and the sentence
    that happened to use it was quoted ("What are the fund's three goals?" was answered
    with "Skal flugte med fondenes fundats og strategi.")."""
    out = dict(terms)
    for targets in bridged.values():
        stems = [s for s in dict.fromkeys(DOCUMENTS.stem_words(list(targets))) if s in out]
        if len(stems) > 1:
            commonest = min(out[s] for s in stems)
            out.update((s, commonest) for s in stems)
    return out


def key_terms(text: str, vocabulary: Vocabulary) -> dict[str, float]:
    """The terms that say which passage answers, each weighted by its rarity (IDF)."""
    dfs = {t: vocabulary.doc_freq(t) for t in content_terms(text) if vocabulary.knows(t)}
    return {t: math.log(1 / max(df, UNSEEN_DF)) for t, df in dfs.items() if df < COMMON_DF}


# Markup around a question (HTML tags, Markdown emphasis and code marks): not words.
MARKUP = re.compile(r"<[^>]*>|[*_`#]+")
# English contractions ("I'm", "we're", "don't"): the pronoun or verb, not a name.
CONTRACTION = re.compile(r"(?i)['’](?:m|re|ve|ll|d|t)$|n['’]t$")
# A possessive or a Danish ending after an apostrophe: "DSI's", "DSI’s", Danish "DSIs" (an
# acronym with a genitive s), "FAQ'en", "FAQ'ens", "SIB'erne".
POSSESSIVE = re.compile(r"['’](?:s|e[nt]s?|erne?s?)$|(?<=[A-ZÆØÅ]{2})s$")


def names(question: str) -> tuple[str, ...]:
    """Names that the question mentions: capitalised words not first in a sentence, and
    acronyms; never a function word of either language, a pronoun or markup."""
    found: list[str] = []
    for first, word in _words_with_position(MARKUP.sub(" ", question)):
        name = _bare(word)
        if name.lower() in NOT_NAMES or name.lower() in STOPWORDS:
            continue
        if _looks_like_name(name, first):
            found.append(name)
    return tuple(found)


def _unknown(
    missing: Sequence[str], bridge: Bridge | None
) -> tuple[tuple[str, ...], Mapping[str, tuple[str, ...]]]:
    """Of the names no document uses in any spelling (``missing``, see ``known``), those
    no document uses in another language either. In a question asked in another language
    a capitalised word may be that language's word for one the documents use ("Finnish",
    "finske"), matched by the bridge's stricter name floor; those are returned too."""
    out = list(missing)
    found = bridge.translate([n.lower() for n in out], names=True) if out and bridge else {}
    bridged = {n: t for n, t in found.items() if any(_cognate(n, w) for w in t)}
    return tuple(n for n in out if n.lower() not in bridged), bridged


# A word this common in the question's language (Zipf 3: once per million words, in
# wordfreq's general lists) is a word of the language, not a rare proper name.
KIND_ZIPF = 3.0


def _kind_words(
    question: str, subjects: Sequence[str], missing: Sequence[str], language: str
) -> frozenset[str]:
    """Capitalised common nouns that say what kind of thing a known name is: English
    capitalises the whole name of an institution ("Horsens Municipality", "Aarhus City
    Council"), and the documents write the kind in Danish ("Horsens Kommune"). A word
    beside a known name, unknown to the documents (one of ``missing``), and common in the
    question's language is such a kind, translated like any other word, not a name no
    document mentions. A rare unknown word beside a known name ("Novo Nordisk") stays a
    name."""
    common = {s for s in missing if zipf(s.lower(), language) >= KIND_ZIPF}
    if not common:
        return frozenset()
    anchors = set(subjects) - set(missing)
    tokens = [_bare(w) for _, w in _words_with_position(MARKUP.sub(" ", question))]
    found: set[str] = set()
    while True:  # a kind beside a kind of a known name too ("Aarhus City Council")
        more = {
            t
            for i, t in enumerate(tokens)
            if t in common - found
            and anchors & set(tokens[max(i - 1, 0) : i] + tokens[i + 1 : i + 2])
        }
        if not more:
            return frozenset(found)
        found |= more
        anchors |= more


def _bare(word: str) -> str:
    """A word without a possessive or contraction ending, as ``names`` reads it."""
    return POSSESSIVE.sub("", CONTRACTION.sub("", word))


def _cognate(name: str, word: str) -> bool:
    """Whether ``word`` can be ``name`` in the documents' language: it shares its first
    three letters in some spelling (Finnish/finske, Partnership/partnerskab), unlike a
    merely similar name (France/england, Odense/Esbjerg)."""
    return any(w[:3] == n[:3] for n in spellings(name) for w in spellings(word))


def known(word: str, vocabulary: Vocabulary, known_names: frozenset[str]) -> bool:
    """Whether the documents use ``word`` or its parts, in any of its spellings."""
    parts = [p for p in word.split("-") if p] or [word]
    for part in parts:
        forms = spellings(part)
        if forms & known_names:
            continue  # named in the portfolio data
        if not any(vocabulary.knows(s) for s in DOCUMENTS.stem_words(sorted(forms))):
            return False
    return True


def _words_with_position(text: str) -> list[tuple[bool, str]]:
    """Words with a flag for "first in its sentence" (capitalised for grammar, not a name)."""
    out: list[tuple[bool, str]] = []
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        tokens = NAME_WORD.findall(sentence)
        out.extend((i == 0, w.strip("-'’")) for i, w in enumerate(tokens))
    return out


def _looks_like_name(word: str, first: bool) -> bool:
    if len(word) < 3 or word.isdigit():
        return False
    if word.isupper():
        return True  # acronyms, even first in the question
    return not first and word[0].isupper()


# -- checking --------------------------------------------------------------------------


def check(question: str, settings: Settings) -> str:
    """The question with its whitespace normalised, or BadQuestion saying what is wrong."""
    if not isinstance(question, str) or not question.strip():
        raise BadQuestion("the question is empty; type a question about DSI")
    if len(question) > settings.max_question_chars:
        raise BadQuestion(
            f"the question is {len(question):,} characters; the limit is "
            f"{settings.max_question_chars:,}. Shorten it to the question itself."
        )
    _require_utf8(question, "the question")
    return " ".join(question.split())


def check_history(history: Sequence[Turn] | None, settings: Settings) -> list[Turn]:
    """The conversation so far, refused when it is malformed or over the limits: every
    turn is searched and language-checked, so an unbounded history stalls everyone."""
    if history is not None and not isinstance(history, (list, tuple)):
        raise BadQuestion("the history must be a list of {'role', 'content'} turns")
    turns = list(history or [])
    limit, chars = settings.max_history_turns, settings.max_history_chars
    if len(turns) > limit:
        raise BadQuestion(
            f"the history has {len(turns):,} turns; the limit is {limit:,}. "
            "Send only the most recent turns."
        )
    if not all(_is_turn(t) for t in turns):
        raise BadQuestion("each history turn must be {'role': '...', 'content': '...'}")
    total = sum(len(t["content"]) for t in turns)
    if total > chars:
        raise BadQuestion(
            f"the history holds {total:,} characters; the limit is {chars:,}. "
            "Send only the most recent turns, or shorten them."
        )
    for turn in turns:
        _require_utf8(turn["content"], "the history")
        if turn.get("role") == "user" and len(turn["content"]) > settings.max_question_chars:
            raise BadQuestion(
                f"an earlier question in the history is over the "
                f"{settings.max_question_chars:,}-character limit for questions"
            )
    return turns


def _is_turn(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("role"), str)
        and isinstance(value.get("content"), str)
    )


def _require_utf8(text: str, what: str) -> None:
    """Refuse text that is not valid Unicode (a lone surrogate from a broken client)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadQuestion(
            f"{what} holds characters that are not valid Unicode ({exc.reason}); "
            "send it as UTF-8 text"
        ) from exc
