"""English: a question language (the documents are Danish, so answers quote Danish).

Word lists are general English (function words, pronouns, number words, units) from
grammar, not from the corpus or its questions; the domain words are explained where
they are defined.
"""

from __future__ import annotations

import re

from assistant.lang.pack import NOT_A_CHANNEL, AnswerCues, LanguagePack, TextCues

# A side of a comparison: a few words, no sentence mark, after an optional article (the
# English articles, grammar).
SIDE_A = r"(?:a |an |the )?(?P<a>[^?.!:,;—–]+?)"
SIDE_B = r"(?:a |an |the )?(?P<b>[^?.!:,;—–]+)"

# Money and its units: what a sum is counted in ("how many kroner", general usage).
MONEY = r"(?:kroner|dkk|dollars|euros?|pounds|millions?|billions?)"
# Units of a length of time ("3-5 years"): the calendar's units (grammar); ``TIME`` is
# the pattern of them.
TIME_UNITS = ("year", "years", "month", "months", "week", "weeks", "day", "days")
TIME = f"(?:{'|'.join(TIME_UNITS)})"
# Function words: articles, pronouns, prepositions, auxiliaries and question words.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "what",
        "how",
        "who",
        "which",
        "whose",
        "why",
        "when",
        "does",
        "do",
        "did",
        "of",
        "and",
        "in",
        "to",
        "for",
        "with",
        "can",
        "has",
        "have",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "should",
        "could",
        "there",
        "their",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "about",
        "from",
        "by",
        "on",
        "at",
        "into",
        "many",
        "much",
        "also",
        "or",
        "any",
        # Prepositions NLTK's English list lacks (grammar; "according" was found bridged
        # to unrelated Danish words in "according to the annual report").
        "according",
        "regarding",
        "concerning",
        "per",
        "via",
        "among",
        "within",
        "without",
        "towards",
        "upon",
        "across",
        "along",
        "despite",
        "throughout",
        # Light verbs: they carry the meaning of the noun they go with ("make an
        # investment", "take a risk"; grammar), and the bridge maps them to Danish verbs
        # that are in every other sentence ("make" -> "gøre": "gør det muligt").
        *("make", "makes", "made", "making", "take", "takes", "took", "taken"),
        *("give", "gives", "gave", "given", "get", "gets", "got", "getting"),
        *("go", "goes", "went", "come", "comes", "came", "put", "puts", "keep", "keeps"),
        # and their other forms ("what's the weather *going* to be": "going" went to
        # "drive"), the paradigm of the verbs above
        *("taking", "giving", "gone", "going", "coming", "putting", "kept", "keeping"),
        # Reporting verbs: a question asks what a document says ("what does the annual
        # report say about …", "tell me about …"; grammar), not about saying; the bridge
        # mapped "say" to "sagen" (the case) and "tell" to "dele". Not "state": it is also
        # a noun ("what does the state pay"), a subject of its own.
        *("say", "says", "said", "tell", "tells", "told", "mention", "mentions"),
        *("mentioned", "describe", "describes", "described"),
        # Conjunctions NLTK's list lacks (grammar: the English subordinating and
        # correlative conjunctions), as in da.py.
        *("although", "though", "whereas", "unless", "since", "whether", "yet", "like"),
        # Modal verbs NLTK's list lacks (grammar), as in da.py; the bridge mapped "must"
        # to "behov" and "nødvendigt". Not "may": it is also the month.
        *("must", "might", "shall", "ought", "cannot"),
        # Determiners and quantifiers NLTK's list lacks (grammar), as in da.py.
        *("every", "several", "another", "either", "neither"),
    ]
)
# The portfolio's kinds of row in words: (singular, plural).
KINDS = {
    "investment": ("investment partnership", "investment partnerships"),
    "development partnership": ("development partnership", "development partnerships"),
    "advisory partnership": ("advisory partnership", "advisory partnerships"),
    "pipeline": ("pipeline project", "pipeline projects"),
}
# Portfolio answers and views.
PORTFOLIO = {
    "intro": "Computed from the portfolio data. Understood as: {what} ({n} {rows}){as_of}.",
    # the computation as a source a generated answer cites (issue 15)
    "computation": "Computation from the portfolio data",
    "as_of": "as of {date} ({doc})",
    "earlier": "earlier {total} mio. kr. {as_of}",
    "file_date": "the file's date",
    "including_development": "including the development partnerships",
    "op_total": "the sum of {measure} for {scope}",
    "op_count": "the number of {scope}",
    "op_max": "the largest ({measure}) among {scope}",
    "op_min": "the smallest ({measure}) among {scope}",
    "op_average": "the average of {measure} for {scope}",
    "op_percent": "{measure} for {scope} as a percentage of {measure} for {whole}",
    "ranked": "number {rank} in order",
    "op_list": "the list of {scope}",
    "measure_total": "the investment sums",
    "measure_share": "DSI’s shares",
    "row": "row",
    "rows": "rows",
    "none": "The portfolio data has no rows for: {scope}.",
    "all": "all rows",
    "in": "in",
    "with": "with",
    "area": "in the area",
    "count": "Count: {n} ({what}).",
    "total_label": "Total investment sum",
    "share_label": "DSI’s share",
    "where_stated": "where stated",
    "not_stated": "not stated",
    "no_sum": "no sum stated",
    "sum_label": "investment sum",
    "largest": "Largest {label}: {value} mio. kr.",
    "largest_ranked": "Largest {label}, number {rank}: {value} mio. kr.",
    "smallest": "Smallest {label}: {value} mio. kr.",
    "smallest_ranked": "Smallest {label}, number {rank}: {value} mio. kr.",
    "average": "Average",
    "percent": "Share",
    "by_date": "Of which {as_of}: {figure}",
    "top": "the first {n}",
    "above": "above",
    "below": "below",
    "distinct": "{n} different {what}.",
    "dim_municipality": "municipalities",
    "dim_area": "investment areas",
    "dim_partner": "partners",
    "dim_kind": "kinds",
    "dim_date": "dates",
    "rest_of_whole": "The rest of the whole the percentage is of:",
    "of_which": "of which",
    "by_date_percent": "Likewise {as_of}: {figure}",
    "count_short": "{n} rows",
    "no_total": "No sum in the source (not counted): {names}.",
    "no_share": "DSI’s share is not stated in the source for (not counted): {names}.",
    "by": "Broken down into {n} groups:",
    "overlap": "A row can belong to several groups, so the groups do not add up to the total.",
    "note_differs": (
        "Note: the text says «{sentence}» [{n}], but the table rows add up to {total} mio. kr."
    ),
    "note_agrees": "This agrees with the text: «{sentence}» [{n}]",
    "unverified_note": (
        "Note: rows marked “unverified” do not stand in an indexed source "
        "document; their figures come from {files} alone and are counted."
    ),
    "unverified": "unverified",
    "unverified_why": "not found in an indexed source document",
    "total_rows": "Total ({n} rows)",
}

ENGLISH = LanguagePack(
    code="en",
    snowball="english",
    punkt="english",
    abbreviations=("e.g", "i.e", "etc", "approx", "no"),
    function_words=FUNCTION_WORDS,
    letters="",
    # Personal and demonstrative pronouns, and "there", that point back a turn.
    anaphora=frozenset(
        [
            "it",
            "its",
            "they",
            "them",
            "their",
            "those",
            "these",
            "that",
            "this",
            "he",
            "she",
            "his",
            "her",
            "there",
        ]
    ),
    follow_up_openers=("and ", "what about", "how about"),
    cues=AnswerCues(
        # "number of" asks for a count only as what is asked for ("what is the number of
        # …"), not as the subject of another question ("what happened to the number of …";
        # the English form of a Danish dev question that was refused for lacking a count).
        # "How many kroner / millions" asks for a sum, as in da.py.
        count=re.compile(
            rf"\bhow many\b(?! per ?cent| {MONEY}| {TIME})|\bwhat (?:is|was|are|were) the (?:total )?"
            r"number of\b|^\W*(?:the )?number of\b",
            re.I,
        ),
        amount=re.compile(
            rf"\b(?:how (?:much|large|big)|what (?:share|proportion|amount|sum)|how many {MONEY})\b",
            re.I,
        ),
        # Also "what are" + a determiner or a possessive + a plural noun ("what are the
        # three goals", "what are DSI's main tasks"): the items of a known set (grammar);
        # without one ("what are social investments?") it asks for a definition.
        # A rate is a proportion: "what interest rate" asks for a percentage, not a sum
        # (general usage; added for a dev question about an interest rate no document states),
        # and so does a question in per cent ("what percentage", "how many per cent": the
        # English words for a percentage, general usage).
        rate=re.compile(
            r"\bwhat (?:is the |was the )?(?:\w+ )?rate\b"
            r"|\b(?:what|which) (?:is the )?percent(?:age)?\b|\bhow many per ?cent\b"
            r"|\b(?:in|as a) per ?cent(?:age)?\b",
            re.I,
        ),
        # "which" asks for several things only before a plural noun ("which kinds of
        # problems", "which municipalities"), as Danish "hvilke" (plural) does and
        # "hvilken" (singular) does not: "which fund has the largest share" asks for one
        # (grammar; a noun's English plural ends in -s, "is", "was", "has" and "does"
        # are verbs).
        listing=re.compile(
            r"\bwhich (?:\w+ )?\w+s\b(?<!\bis)(?<!\bwas)(?<!\bhas)(?<!\bdoes)"
            r"|\b(?:list\w*|name the|overview of)\b"
            r"|\bwhat (?:are|were) (?:the|its|their|our|your|\w+['’]s?) (?:\w+ ){0,3}?\w+s\b",
            re.I,
        ),
        # Also the indirect question after a request ("explain what a social impact bond
        # is": the verb ends the clause; grammar).
        definition=re.compile(
            r"\b(?:what (?:is|are|does)|define|meaning of)\b"
            r"|\bwhat (?:an? |the )?[\w -]{2,40}? (?:is|are|means)\s*[?.,]?\s*(?:$|like\b)",
            re.I,
        ),
        yes_no=re.compile(r"^(?:is|are|can|does|do|has|have|will|should|may)\b", re.I),
        # The cues below are English question words and phrases from grammar, not words
        # of the corpus or of its questions.
        # Not "when does it make sense / is it a good idea / is it suitable …": the common
        # English idioms of suitability, as in da.py.
        # "What is the deadline …" / "Deadline for …" asks for a date as well (general
        # usage), as in da.py.
        when=re.compile(
            r"\b(?:what|which) (?:is|was|are|were) the (?:\w+ )?deadlines?\b"
            r"|^\W*(?:the )?deadlines? (?:for|of|to)\b"
            r"|\b(?:when|what year|which year|what date|since when)\b"
            r"(?! (?:does it make sense|is it (?:a good idea|worth it|suitable|appropriate"
            r"|useful)|should (?:one|you|we) use|does it pay))",
            re.I,
        ),
        # "Who is/was …": who someone is (a name); "who pays" may be a role.
        who=re.compile(r"\bwho(?: is|'s| are| was| were)\b|\bname of\b", re.I),
        # The general English words for contact details.
        # Not a channel ("send the application by e-mail": ``NOT_A_CHANNEL``).
        contact=re.compile(
            rf"{NOT_A_CHANNEL}"
            r"\b(?:phone\w*|telephone|mobile|e-?mail\w*|contact details)\b",
            re.I,
        ),
        comparison=re.compile(r"\b(?:differen\w*|compar\w*|versus|vs\.?)\b", re.I),
        # How to answer, not what about, as in da.py. Words from English grammar and
        # general usage, not from the corpus or its questions: the verbs of asking to be
        # told (explain, describe, tell, elaborate, summarise, outline), followed by the
        # object pronouns, "please" and the adverbs of brevity and simplicity; the set
        # phrases of manner (in plain / simple / everyday / layman's / easy words, in a
        # nutshell, in short, simply put); and a simile clause of who asks ("like I'm
        # five", "like I'm new here": any word after it; "for a beginner").
        request=re.compile(
            r"\b(?:explain|describe|tell (?:me|us)(?: about)?|elaborate(?: on)?|summari[sz]e"
            r"|outline)\b(?:\s+(?:to me|to us|please|briefly|simply|shortly|quickly))*"
            r"|\b(?:in (?:plain|simple|everyday|layman'?s?|easy) (?:language|terms|words|english)"
            r"|in a nutshell|in short|briefly|simply put|please"
            r"|like (?:i'?m|i am) (?:a |an )?\w+(?: here)?|for a (?:beginner|newcomer))\b",
            re.I,
        ),
        # Results up to now: the English adverbials of "so far" (grammar).
        to_date=re.compile(r"\b(?:so far|to date|until now|up to now|thus far|as yet)\b", re.I),
        # A length of time: "how long" and the general nouns for the length of a term
        # (grammar and general usage: "duration", a loan's or a contract's "term"; added
        # with the Danish cue, for the "What is the loan term for DSI's loans?").
        duration=re.compile(
            rf"\bhow many {TIME}\b|\b(?:for )?how long\b|\bduration\b|\btime ?frame\b"
            r"|\b(?:loan|contract|investment|repayment|payback) (?:term|period)s?\b"
            r"|\bterm of (?:the |a |an )?(?:loan|contract|investment)",
            re.I,
        ),
        # The superlatives of English adjectives of size, amount and time (grammar); "at
        # least 30" is no superlative.
        # Added with the Danish ones, for the same dev questions in English.
        most=re.compile(
            r"\b(?:largest|biggest|greatest|highest|longest|most|maximum)\b(?!\s*\d)", re.I
        ),
        least=re.compile(
            r"(?<!at )\b(?:smallest|lowest|shortest|fewest|least|minimum)\b(?!\s*\d)", re.I
        ),
        # The English modal verbs of possibility and permission (grammar), and "allowed",
        # the everyday adjective of permission ("is a project allowed …").
        limit=re.compile(r"\b(?:can|could|may|might|allowed)\b", re.I),
        # The English ways to ask for a difference (grammar): "the difference between A
        # and B", "compare A and/with/to B", "A versus B", "how does A differ from B".
        # The second side runs to the end of the clause ("… in typical amounts").
        sides=(
            re.compile(
                rf"\bdifferen\w*\s+between\s+{SIDE_A}\s+and\s+{SIDE_B}(?:[?.!:,;—–]|$)",
                re.I,
            ),
            re.compile(
                rf"\bcompar\w*\s+{SIDE_A}\s+(?:and|with|to)\s+{SIDE_B}(?:[?.!:,;—–]|$)", re.I
            ),
            re.compile(rf"^\W*{SIDE_A}\s+(?:versus|vs\.?)\s+{SIDE_B}(?:[?.!:,;—–]|$)", re.I),
            re.compile(rf"\bdoes\s+{SIDE_A}\s+differ\s+from\s+{SIDE_B}(?:[?.!:,;—–]|$)", re.I),
        ),
    ),
    text_cues=TextCues(
        # Sentences that point to a table or list right after them: "below", "as follows"
        # (a list announced by "the following:" ends with a colon, which counts by itself).
        pointer=re.compile(r"\b(?:below|as follows)\b", re.I),
        # A condition or a time in a sentence: English subordinating conjunctions of time
        # and condition (from grammar).
        condition=re.compile(r"\b(?:when|if|once|after|before|provided)\b", re.I),
        # A defining sentence: "X is a …", "X means …", "X is defined as …".
        defines=re.compile(r"\b(?:is|are|means)\s+(?:a|an|when|that)\b|\bdefined as\b", re.I),
        # Requests to drop the instructions or reveal them: the common phrasings of prompt
        # injection (OWASP's LLM01 examples); the dev set's injection items use them too.
        injection=re.compile(
            r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:rules|instructions?|documents?"
            r"|prompt)\b|\bsystem prompt\b|\brepeat after me\b",
            re.I,
        ),
        # English negation words (a closed class of the grammar), and "n't".
        negation=re.compile(r"\b(?:not|no|never|neither|nor|none|without|cannot)\b|n[’']t\b", re.I),
        # What is to come, not what happened (see da.py).
        plan=re.compile(
            r"\b(?:will|shall|should|would|expect\w*|aims?|targets?|goals?|plann\w*|at least"
            r"|if|unless)\b",
            re.I,
        ),
        # The parties of a social investment (see da.py), in their English words.
        parties=(
            (
                "municipality",
                re.compile(r"\bmunicipal\w*|\blocal authorit\w*", re.I),
            ),
            ("state", re.compile(r"\bstate\b|\bgovernment\w*|\bministr\w*", re.I)),
            ("investor", re.compile(r"\binvestor\w*", re.I)),
            ("fund", re.compile(r"\bDSI\w*|\bfund(?:'s|’s)?\b", re.I)),
            (
                "provider",
                re.compile(r"\bprovider\w*|\boperator\w*|\bsupplier\w*", re.I),
            ),
            ("evaluator", re.compile(r"\bevaluator\w*", re.I)),
            ("citizen", re.compile(r"\bcitizen\w*|\btarget group\w*", re.I)),
        ),
    ),
    number_words=tuple(
        [
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "twenty",
            "hundred",
        ]
    ),
    amount_units=("%", "percent", "million", "billion", "dkk", "kr"),
    # Units of a proportion ("3.5 percent"; general usage).
    rate_units=("%", "percent"),
    # The common simple English prepositions: a closed class of the grammar, not words of
    # the corpus.
    prepositions=frozenset(
        {
            *("about", "after", "at", "before", "by", "during", "for", "from", "in", "into"),
            *("on", "since", "to", "with"),
        }
    ),
    # The gerund's ending: the verb form after a preposition (grammar).
    verb_endings=("ing",),
    # Units of a length of time ("3-5 years"): the calendar's units (grammar).
    time_units=TIME_UNITS,
    templates={
        # "According to the documents (quoted in Danish …):\n\n- «…» [1]"
        "intro": "According to the documents (quoted in Danish, the language of the sources):",
        "refusal": "The knowledge base does not answer this question, so I will not guess.",
        "unknown": "The knowledge base does not mention {terms}, so I cannot answer that.",
        # "The documents touch the subject but state no date or year for it, …"
        "missing": "The documents touch the subject but state {what} for it, so I will not guess.",
        "missing_year": "nothing about the year asked",
        "missing_when": "no date or year",
        "missing_amount": "no amount",
        "missing_count": "no number",
        "missing_who": "no person or organisation",
        "missing_contact": "no contact details",
        "missing_duration": "no duration or term",
        "missing_rate": "no rate or percentage",
        "closest": "The closest passages are listed as closest matches, not as an answer.",
    },
    portfolio=PORTFOLIO,
    kinds=KINDS,
    ordinals={"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5},
)
