"""Danish: the documents' language and the default answer language.

Word lists are general Danish (function words, pronouns, number words, units), taken
from grammar, not from the corpus or its questions; the domain words are explained where
they are defined.
"""

from __future__ import annotations

import re

from assistant.lang.pack import NOT_A_CHANNEL, AnswerCues, LanguagePack, TextCues

# A side of a comparison: a few words, no sentence mark, after an optional article (the
# Danish articles, grammar).
SIDE_A = r"(?:en |et |de |den |det )?(?P<a>[^?.!:,;—–]+?)"
SIDE_B = r"(?:en |et |de |den |det )?(?P<b>[^?.!:,;—–]+)"
# Money and its units: what a sum is counted in ("hvor mange penge", general usage).
MONEY = r"(?:penge|kroner|kr\.?|millioner|mio\.?|milliarder|mia\.?|euro)"
# Units of a length of time in Danish texts ("3-5 år", "18 måneder"): the calendar's
# units, singular, plural and genitive (grammar); ``TIME`` is the pattern of them.
TIME_UNITS: tuple[str, ...] = ("år", "års", "måned", "måneder", "måneders", "uge", "uger")
TIME_UNITS += ("ugers", "dag", "dage", "dages")
TIME = f"(?:{'|'.join(TIME_UNITS)})"
# The calendar's months (a closed class): "i maj og november" says when.
MONTHS: tuple[str, ...] = ("januar", "februar", "marts", "april", "maj", "juni")
MONTHS += ("juli", "august", "september", "oktober", "november", "december")
# Function words: articles, pronouns, prepositions, auxiliaries and question words.
# Cardinal numbers as words, as documents write small counts.
NUMBER_WORDS = (
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "elleve",
    "tolv",
    "tyve",
    "hundrede",
)

FUNCTION_WORDS = frozenset(
    [
        "og",
        "er",
        "det",
        "hvad",
        "hvordan",
        "hvor",
        "hvem",
        "hvilke",
        "hvilken",
        # The neuter form of "hvilken" (grammar; NLTK's Danish list lacks it). Found
        # missing when a dev question ("Hvilket område har …") weighed it as a topic word.
        "hvilket",
        "hvorfor",
        "hvornår",
        "der",
        "til",
        "en",
        "et",
        "af",
        "på",
        "med",
        "har",
        "kan",
        "jeg",
        "vi",
        "ikke",
        "som",
        "den",
        "de",
        "om",
        "for",
        "fra",
        "skal",
        "vil",
        "må",
        "mange",
        "meget",
        "også",
        "eller",
        "hos",
        "sig",
        "så",
        "hvis",
        "blev",
        "bliver",
        "være",
        "været",
        "deres",
        "dens",
        "dets",
        # Prepositions and a conjunction NLTK's Danish list lacks (grammar; "ved" was
        # found missing when a comparison's side "ved slutevalueringen" kept it).
        "ved",
        "mellem",
        "uden",
        "gennem",
        "blandt",
        "inden",
        "omkring",
        "samt",
        # More prepositions NLTK's list lacks, added with the English ones of en.py (grammar,
        # not words of the corpus): "ifølge" is "according to".
        "ifølge",
        "vedrørende",
        "angående",
        "trods",
        "via",
        "imod",
        "langs",
        # Conjunctions NLTK's list lacks (grammar: the Danish coordinating and
        # subordinating conjunctions). Found missing when the term bridge mapped "people"
        # to "mens" ("while") and "like" to "ligesom" ("as"): a conjunction is no topic.
        *("fordi", "mens", "imens", "idet", "skønt", "selvom", "eftersom", "siden"),
        *("før", "førend", "indtil", "ligesom", "medmindre", "hverken", "enten", "både"),
        # Modal verbs NLTK's list lacks (grammar): they say how, not what; "bør" in a
        # question is no topic a passage must share.
        *("måtte", "bør", "burde", "tør", "turde", "gider"),
        # Determiners and quantifiers NLTK's list lacks (grammar): "hver", "flere", "andre"
        # say how many, not of what.
        *("hver", "hvert", "enhver", "ethvert", "megen", "flere", "nogen", "ingen", "intet"),
        *("begge", "andet", "andre", "sådanne"),
    ]
)
# The portfolio's kinds of row in words: (singular, plural).
KINDS = {
    "investment": ("investeringspartnerskab", "investeringspartnerskaber"),
    "development partnership": ("udviklingspartnerskab", "udviklingspartnerskaber"),
    "advisory partnership": ("rådgivningspartnerskab", "rådgivningspartnerskaber"),
    "pipeline": ("pipeline-projekt", "pipeline-projekter"),
}
# Portfolio answers, e.g. "Beregnet ud fra porteføljedata: investeringspartnerskaber i
# Aarhus (4 rækker).\n\n- …: 23,2 mio. kr.; DSI’s andel 11,6 mio. kr. [1]\n…\n
# Investeringssum i alt: 23,2 + 4,8 + 13,3 + 18,8 = 60,1 mio. kr."
PORTFOLIO = {
    "intro": "Beregnet ud fra porteføljedata. Fortolket som: {what} ({n} {rows}){as_of}.",
    # the computation as a source a generated answer cites (issue 15)
    "computation": "Beregning fra porteføljedata",
    "as_of": "pr. {date} ({doc})",
    "earlier": "tidligere {total} mio. kr. {as_of}",
    "file_date": "filens dato",
    "including_development": "inkl. udviklingspartnerskaber",
    "op_total": "summen af {measure} for {scope}",
    "op_count": "antallet af {scope}",
    "op_max": "den største ({measure}) blandt {scope}",
    "op_min": "den mindste ({measure}) blandt {scope}",
    "op_average": "gennemsnittet af {measure} for {scope}",
    "op_percent": "{measure} for {scope} i procent af {measure} for {whole}",
    "ranked": "nr. {rank} i rækkefølgen",
    "op_list": "listen over {scope}",
    "measure_total": "investeringssummerne",
    "measure_share": "DSI’s andele",
    "row": "række",
    "rows": "rækker",
    "none": "Porteføljedata har ingen rækker for: {scope}.",
    "all": "alle rækker",
    "in": "i",
    "with": "med",
    "area": "inden for",
    "count": "Antal: {n} ({what}).",
    "total_label": "Investeringssum i alt",
    "share_label": "DSI’s andel",
    "where_stated": "hvor den er oplyst",
    "not_stated": "ikke oplyst",
    "no_sum": "ingen investeringssum oplyst",
    "sum_label": "investeringssum",
    "largest": "Største {label}: {value} mio. kr.",
    "smallest": "Mindste {label}: {value} mio. kr.",
    "largest_ranked": "{rank}. største {label}: {value} mio. kr.",
    "smallest_ranked": "{rank}. mindste {label}: {value} mio. kr.",
    "average": "Gennemsnit",
    "percent": "Andel",
    "by_date": "Heraf {as_of}: {figure}",
    "top": "de {n} første",
    "above": "over",
    "below": "under",
    "distinct": "{n} forskellige {what}.",
    "dim_municipality": "kommuner",
    "dim_area": "investeringsområder",
    "dim_partner": "partnere",
    "dim_kind": "typer",
    "dim_date": "datoer",
    "rest_of_whole": "Resten af helheden, som procenten regnes af:",
    "of_which": "heraf",
    "by_date_percent": "Tilsvarende {as_of}: {figure}",
    "count_short": "{n} rækker",
    "no_total": "Uden investeringssum i kilden (ikke talt med): {names}.",
    "no_share": "DSI’s andel er ikke oplyst i kilden for (ikke talt med): {names}.",
    "by": "Fordelt på {n} grupper:",
    "overlap": "En række kan høre til flere grupper, så grupperne summer ikke til totalen.",
    "note_differs": (
        "Bemærk: teksten siger «{sentence}» [{n}], men rækkerne i tabellen summer til "
        "{total} mio. kr."
    ),
    "note_agrees": "Det stemmer med teksten: «{sentence}» [{n}]",
    "unverified_note": (
        "Bemærk: rækker markeret «ikke bekræftet» står ikke i et indekseret "
        "kildedokument; deres tal kommer kun fra {files} og er talt med."
    ),
    "unverified": "ikke bekræftet",
    "unverified_why": "står ikke i et indekseret kildedokument",
    "total_rows": "I alt ({n} rækker)",
}

DANISH = LanguagePack(
    code="da",
    snowball="danish",
    punkt="danish",
    # Abbreviations common in Danish public documents that punkt's model may not know.
    abbreviations=tuple(
        [
            "bl.a",
            "fx",
            "f.eks",
            "kr",
            "mio",
            "mia",
            "pct",
            "ca",
            "jf",
            "mv",
            "hhv",
            "ifm",
            "inkl",
            "evt",
            "nr",
            "stk",
            "vedr",
            "dvs",
            "mht",
            "ift",
        ]
    ),
    function_words=FUNCTION_WORDS,
    letters="æøå",
    # Demonstrative and personal pronouns, and "there/here", that point back a turn.
    anaphora=frozenset(
        [
            "den",
            "det",
            "de",
            "dem",
            "deres",
            "dens",
            "dets",
            "denne",
            "dette",
            "disse",
            "der",
            "dér",
            "her",
            "hans",
            "hendes",
        ]
    ),
    follow_up_openers=("og ", "hvad med", "hvad så med", "også"),
    cues=AnswerCues(
        # "antallet" asks for a count only as what is asked for ("hvad er antallet af …"),
        # not as the subject of another question ("hvad skete der med antallet af …": a
        # dev question that was refused for lacking a count).
        # "Hvor mange penge / kroner / millioner" asks for a sum, not a count: the general
        # Danish words for money and its units (general usage).
        count=re.compile(
            rf"\bhvor mange\b(?! procent| {MONEY}| {TIME})|\b(?:hvad|hvor stort) (?:er|var|bliver|blev) "
            r"(?:det samlede )?antal(?:let)?\b|^\W*antal(?:let)?\b",
            re.I,
        ),
        # Not "hvad koster …": a budget table's rows state what things cost without a
        # unit ("Budget 2025: 0,9"), which the amount check would not take (a dev question
        # refused when it was added).
        amount=re.compile(
            rf"\b(?:hvor (?:meget|stor|store|stort|høj)|hvilken andel|beløb"
            rf"|hvor mange {MONEY})\b",
            re.I,
        ),
        # A rate is a proportion: "hvilken rente" asks for a percentage, not a sum (general
        # usage; added for a dev question about an interest rate no document states), and
        # so does a question in per cent ("hvor mange procent", "hvor stor en procentdel":
        # the Danish words for a percentage, general usage).
        rate=re.compile(
            r"\b(?:hvilken|hvad er|hvad var) (?:den )?(?:\w+ )?rente(?:n|sats(?:en)?)?\b"
            r"|\bhvor mange procent\b|\b(?:hvilken|hvor stor en|hvor høj en) procent\w*"
            r"|\bprocent(?:del|sats)\w*|\bi procent\b",
            re.I,
        ),
        # Also "hvad er" + "de" or a genitive + a count + a noun ("hvad er de tre mål",
        # "hvad er fondens fire opgaver"): the items of a known set, as English "what are
        # the three goals" (grammar).
        listing=re.compile(
            r"\b(?:hvilke|nævn|list\w*|oversigt over)\b"
            rf"|\bhvad (?:er|var) (?:de|\w+s) (?:{'|'.join(NUMBER_WORDS)}|\d+) \w+",
            re.I,
        ),
        # Also the indirect question after a request ("forklar, hvad en social impact bond
        # er": the verb ends the clause in Danish word order; grammar).
        definition=re.compile(
            r"\b(?:hvad (?:er|betyder|menes med)|hvad vil det sige)\b"
            r"|\bhvad (?:en |et )?[\w -]{2,40}? (?:er|betyder)\s*[?.,]?\s*(?:$|som\b)",
            re.I,
        ),
        yes_no=re.compile(r"^(?:er|kan|har|skal|må|vil|findes|gælder|får)\b", re.I),
        # The cues below are Danish question words and phrases from grammar (interrogatives
        # and the nouns a question names its answer kind with), not words of the corpus.
        # Not "hvornår giver det mening / er det en god idé / egner …": those ask in which
        # circumstances something suits (the common Danish idioms of suitability), not for
        # a time.
        # "Hvad er fristen …" / "Frist for …" asks for a date as well: "frist", the Danish
        # noun of a deadline, or any compound ending in it ("ansøgningsfristen"; Danish
        # compounding, general usage; found missing on a new document's application round).
        when=re.compile(
            r"\bhvad er (?:\w+ )?\w*fristen\b"
            r"|^\W*\w*frist(?:en)? (?:for|til|på)\b"
            r"|\b(?:hvornår|hvilket år|i hvilket år|hvilken dato|siden hvornår)\b"
            r"(?! (?:giver det mening|er det (?:en god idé|relevant|oplagt|hensigtsmæssigt"
            r"|en fordel)|egner|passer|bør man|kan det betale sig))",
            re.I,
        ),
        # "Hvem er/var …": who someone is (a name); "hvem betaler" may be a role.
        who=re.compile(r"\bhvem (?:er|var)\b|\bhvad hedder\b|\bnavnet på\b", re.I),
        # The general Danish words for contact details (the dev set's refusal items use two
        # of them, so its contact refusals are not independent evidence for this cue).
        # Not a channel ("sende ansøgningen på e-mail": ``NOT_A_CHANNEL``).
        contact=re.compile(
            rf"{NOT_A_CHANNEL}"
            r"\b(?:telefon\w*|mobil\w*|e-?mail\w*|mailadresse\w*)\b",
            re.I,
        ),
        comparison=re.compile(r"\b(?:forskel\w*|sammenlign\w*|i forhold til)\b", re.I),
        # How to answer, not what about. Words from Danish grammar and general usage, not
        # from the corpus or its questions: the verbs of asking to be told (imperative or
        # infinitive after "kan du": forklar, beskriv, fortæl, uddyb, opsummer), followed by
        # the object pronouns, the politeness particles (gerne, lige, venligst) and the
        # adverbs of brevity and simplicity (kort, enkelt, simpelt, godt); the set phrases
        # of manner ("kort fortalt", "i korte træk", "med enkle ord", "på almindeligt
        # dansk"); and a simile clause of who asks ("som om jeg er ny", any word after it).
        request=re.compile(
            r"\b(?:forklar(?:e)?|beskriv(?:e)?|fortæl(?:le)?|uddyb(?:e)?|opsummer(?:e)?)\b"
            r"(?:\s+(?:mig|os|gerne|lige|venligst|det|kort|enkelt|simpelt|og|godt))*"
            r"|\b(?:kort fortalt|i korte træk|med (?:enkle|få|andre) ord|helt enkelt"
            r"|på (?:almindeligt|letforståeligt|godt) dansk"
            r"|som om jeg (?:er|var) (?:en |et )?\w+(?: her)?)\b",
            re.I,
        ),
        # Results up to now: the Danish adverbials of "so far" (grammar).
        to_date=re.compile(r"\b(?:indtil nu|indtil videre|hidtil|til dato|foreløbig)\b", re.I),
        # A length of time: the interrogatives "hvor længe" / "hvor lang tid" and the
        # general nouns for the length of a term (grammar and general usage: "løbetid" of
        # a loan or a contract, "varighed", "tidshorisont"; added when dev questions asked
        # for "løbetiden" of loans no document states).
        # "Hvor mange år / måneder …" asks for a length of time too, not a count of things.
        duration=re.compile(
            rf"\bhvor mange {TIME}\b"
            r"|\bhvor (?:længe|lang tid|lang (?:en |et )?(?:\w+ )?(?:løbetid|periode))\b"
            r"|\b(?:løbetid|varighed|tidshorisont)\w*",
            re.I,
        ),
        # The superlatives of Danish adjectives of size, amount and time (grammar:
        # stor, høj, lang, mange, dyr / lille, lav, kort, få, billig); "mindst" before a
        # number is "at least" ("mindst 30 borgere"), no superlative. Added when dev
        # questions asked for "den største betaling" and "den længste typiske løbetid".
        most=re.compile(r"\b(?:størst|højest|længst|flest|dyrest)e?\b", re.I),
        least=re.compile(r"\b(?:mindst|lavest|kortest|færrest|billigst)e?\b(?!\s*\d)", re.I),
        # The Danish modal verbs of possibility and permission (grammar).
        limit=re.compile(r"\b(?:kan|kunne|må|måtte)\b", re.I),
        # The Danish ways to ask for a difference (grammar): "forskellen på/mellem A og
        # B", "sammenlign A og/med B", "hvordan adskiller A sig fra B". The second side
        # runs to the end of the clause, the aspect asked about included ("… i typisk
        # beløb"); the answerer shortens it to what the documents speak of. The issue's own
        # example and dev questions use "forskellen på"; the others are its synonyms.
        sides=(
            re.compile(
                rf"\bforskel\w*\s+(?:på|mellem)\s+{SIDE_A}\s+og\s+{SIDE_B}(?:[?.!:,;—–]|$)",
                re.I,
            ),
            re.compile(
                rf"\bsammenlign\w*\s+{SIDE_A}\s+(?:og|med)\s+{SIDE_B}(?:[?.!:,;—–]|$)", re.I
            ),
            re.compile(rf"\badskiller\s+{SIDE_A}\s+sig\s+fra\s+{SIDE_B}(?:[?.!:,;—–]|$)", re.I),
        ),
    ),
    text_cues=TextCues(
        # Sentences that point to a table or list right after them: "nedenfor",
        # "nedenstående", "som følger" ("i det følgende" is the whole text that follows;
        # a list announced by "følgende:" ends with a colon, which counts by itself).
        pointer=re.compile(r"\b(?:nedenfor|nedenstående|som følger)\b", re.I),
        # A condition or a time in a sentence: Danish subordinating conjunctions of time
        # and condition (from grammar); it answers a "hvornår" question as a date does.
        condition=re.compile(r"\b(?:når|hvis|såfremt|efter at|før|først)\b", re.I),
        # A defining sentence: "X er en/et …", "X betyder …", "Ved X forstås …".
        defines=re.compile(
            r"\b(?:er|betyder)\s+(?:en|et|når|at)\b|\bdefineres som\b|\bforstås\b", re.I
        ),
        # Requests to drop the instructions or reveal them: the common phrasings of prompt
        # injection (OWASP's LLM01 examples: ignore/forget the rules or instructions, reveal
        # the system prompt, repeat after me), in Danish. The dev set's injection items use
        # such phrasings too, so its injection refusals are not independent evidence.
        injection=re.compile(
            r"\b(?:glem|ignorer|se bort fra)\b.{0,40}\b(?:regler|instruks\w*|instruktion\w*"
            r"|dokumenter\w*|prompt\w*)\b|\bsystemprompt\w*|\bgentag efter mig\b",
            re.I,
        ),
        # Danish negation words (a closed class of the grammar: "ikke", "ingen", "aldrig" …).
        negation=re.compile(r"\b(?:ikke|ingen|intet|aldrig|hverken|ej|uden)\b", re.I),
        # What is to come, not what happened: the modal verbs of the future and of duty,
        # the words for expecting, aiming and planning, a floor ("mindst 30 borgere": a
        # requirement) and the conditional subordinators ("hvis færre end 60 er optaget":
        # a threshold). Grammar and general usage, for questions about results so far.
        plan=re.compile(
            r"\b(?:skal|skulle|vil|ville|bør|forvent\w*|mål(?:et|ene|sætning\w*)?|planlag\w*"
            r"|mindst|hvis|såfremt)\b",
            re.I,
        ),
        # The parties of a social investment as the standard descriptions of social impact
        # bonds name them (the outcome payer: a municipality or the state; the investor;
        # the fund as intermediary; the provider of the service; the evaluator; the target
        # group), in their Danish words. The role names are shared with en.py.
        parties=(
            ("municipality", re.compile(r"\bkommun\w*", re.I)),
            (
                "state",
                re.compile(r"\bstat(?:en|ens)?\b|\bregering\w*|\bministeri\w*", re.I),
            ),
            ("investor", re.compile(r"\binvestor\w*", re.I)),
            # "DSI": the fund this product serves, by its own name
            ("fund", re.compile(r"\bDSI\w*|\bfond(?:en|ens)?\b", re.I)),
            (
                "provider",
                re.compile(r"\bleverandør\w*|\budbyder\w*|\boperatør\w*", re.I),
            ),
            ("evaluator", re.compile(r"\bevaluator\w*", re.I)),
            ("citizen", re.compile(r"\bborger\w*|\bmålgruppe\w*", re.I)),
        ),
    ),
    number_words=NUMBER_WORDS,
    # Units of money and proportion in Danish texts ("8 pct.", "3,6 mio. kr.").
    amount_units=("%", "pct", "procent", "mio", "mia", "kr", "millioner", "milliarder"),
    # Units of a proportion in Danish texts ("3,5 pct.", "8 procent"; general usage).
    rate_units=("%", "pct", "procent"),
    # The common simple Danish prepositions: a closed class of the grammar, not words of
    # the corpus.
    prepositions=frozenset(
        {
            *("af", "efter", "for", "fra", "gennem", "hos", "i", "ifølge", "inden", "med"),
            *("mellem", "mod", "om", "omkring", "over", "på", "til", "under", "uden", "ved"),
            "vedrørende",
        }
    ),
    # Units of a length of time in Danish texts ("3-5 år", "18 måneder"): the calendar's
    # units, singular and plural (grammar).
    time_units=TIME_UNITS,
    months=MONTHS,
    templates={
        # "Ifølge dokumenterne:\n\n- «DSI har indtil nu foretaget otte investeringer …» [1]"
        "intro": "Ifølge dokumenterne:",
        "refusal": "Vidensbasen indeholder ikke et svar på dette spørgsmål, så jeg vil ikke gætte.",
        # "Vidensbasen nævner ikke “Odense”, så jeg kan ikke svare på det."
        "unknown": "Vidensbasen nævner ikke {terms}, så jeg kan ikke svare på det.",
        # "Dokumenterne nævner emnet, men angiver ikke en dato eller et årstal for det, …"
        "missing": "Dokumenterne nævner emnet, men angiver ikke {what} for det, så jeg vil ikke gætte.",
        "missing_year": "oplysninger om det år, der spørges om",
        "missing_when": "en dato eller et årstal",
        "missing_amount": "et beløb",
        "missing_count": "et antal",
        "missing_who": "en person eller organisation",
        "missing_contact": "kontaktoplysninger",
        "missing_duration": "en varighed eller løbetid",
        "missing_rate": "en sats eller procent",
        "closest": "De nærmeste passager er vist som nærmeste match, ikke som svar.",
    },
    portfolio=PORTFOLIO,
    kinds=KINDS,
    ordinals={"anden": 2, "andet": 2, "tredje": 3, "fjerde": 4, "femte": 5},
    ordinal_prefixes={"næst": 2},  # "næststørste": the second largest
)
