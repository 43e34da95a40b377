"""Every user-visible label of the UI, one table per language, and the example questions.

``LABELS[lang]`` is keyed by the component's name in the page's ``parts`` dict (see
``assistant.app.ui``), so the language toggle finds each component's label by name. A few
keys are texts that are not one component's fixed label; they are listed in ``TEXTS``.
``UNCHANGED`` names the parts whose text does not follow the UI language.
"""

from __future__ import annotations

# The example questions: one group per kind of visitor, each asked in both languages.
EXAMPLES: dict[str, dict[str, str]] = {
    "staff": {
        "da": "Hvordan fungerer en resultatbaseret betalingsmodel?",
        "en": "Who carries the risk if the results fail?",
    },
    "municipality": {
        "da": "Hvordan kan en kommune samarbejde med DSI om en social investering?",
        "en": "Which intervention for children with poor mental wellbeing could DSI scale up?",
    },
    "investor": {
        "da": "Hvor meget har DSI investeret i Aarhus?",
        "en": "Which investments involve Fonden Mental Sundhed?",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "da": {
        # the page
        "header": "## DSI Assistant\nSpørg om Den Sociale Investeringsfonds investeringer, "
        "betalingsmodeller og investortyper – på dansk eller engelsk. Hvert svar henviser til "
        "den passage, det bygger på.",
        "toggle": "Sprog",
        "chat_tab": "Chat",
        "pf_tab": "Portefølje",
        "kb_tab": "Vidensbase",
        "fit_tab": "Passer vores problem?",
        # chat
        "chatbot": "**Velkommen.** Stil et spørgsmål, eller vælg et eksempel nedenfor.",
        "box": "Skriv dit spørgsmål …",
        "send": "Spørg",
        "examples_md": "Eksempler – klik for at spørge",
        "group_staff": "Ny medarbejder",
        "group_municipality": "Kommune",
        "group_investor": "Investor",
        "new": "Ny samtale",
        "download": "Hent samtalen (Markdown)",
        "sources_title": "Kilder",
        # fit check
        "fit_intro": "### Passer jeres problem til en social investering?\nBeskriv problemet "
        "– ét afsnit er nok til at begynde. Jo mere I udfylder, jo mere præcis bliver "
        "vurderingen. Hvert kriterium henviser til DSI’s egne dokumenter.",
        "fit_problem": "Problemet (fri tekst)",
        "fit_target_group": "Målgruppen og dens størrelse",
        "fit_intervention": "Den indsats, I har i tankerne (hvis nogen)",
        "fit_evidence": "Hvad I ved om indsatsens effekt",
        "fit_outcomes": "Hvilke resultater der kan måles",
        "fit_costs_and_gains": "Hvem bærer udgifterne, og hvem får gevinsterne",
        "fit_horizon": "Tidshorisont",
        "fit_run": "Vurdér",
        "fit_download_md": "Hent rapporten (Markdown)",
        "fit_download_pdf": "Hent rapporten (PDF)",
        # portfolio
        "kind": "Type",
        "as_of": "Pr. dato",
        "area": "Investeringsområde",
        "municipality": "Kommune",
        "partner": "Partner",
        "table": "Klik på en række for at se dens kilde.",
        "totals": "I alt for de viste rækker",
        "plot_area": "Sum pr. investeringsområde (mio. kr.)",
        "plot_kind": "Sum pr. type (mio. kr.)",
        "plot_share": "DSI’s andel mod samlet sum, hvor andelen er oplyst (mio. kr.)",
        # knowledge base
        "state": "**Indeks:** klar · {documents} dokument(er) · {chunks} tekststykker"
        " · {portfolio_rows} porteføljerækker · **Embedder:** {embedder}",
        "docs": "Indekserede dokumenter",
        "mode": "🔒 Upload og genindeksering kræver administratoradgangskoden.",
        "upload": "Upload dokumenter (PDF, DOCX, MD, TXT, HTML eller porteføljedata som CSV)",
        "password": "Administratoradgangskode",
        "run": "Upload og genindeksér",
        "results": "Resultat pr. fil",
        # texts that are not one component's fixed label (TEXTS)
        "all": "Alle",
        "kind_partnerships": "Alle partnerskaber (uden pipeline)",
        "kind_everything": "Alt, inkl. pipeline",
        "as_of_newest": "Nyeste tal",
        "state_missing": "**Indeks:** mangler – kør `dsi ingest`. · Embedder: {embedder}",
        "answerer_extractive": "**Svar:** citater fra dokumenterne (ingen sprogmodel)",
        "answerer_llm": "**Svar:** genereret af `{model}` ({url}), hver sætning kontrolleret "
        "mod sin kilde",
        "mode_read_only": "👁 Skrivebeskyttet: sæt `DSI_ADMIN_PASSWORD` for at tillade upload "
        "og genindeksering.",
        "thanks": "Tak for din feedback – den er gemt.",
    },
    "en": {
        # the page
        "header": "## DSI Assistant\nAsk about Den Sociale Investeringsfond's investments, "
        "payment models and investor types – in Danish or English. Every answer points to the "
        "passage it rests on.",
        "toggle": "Language",
        "chat_tab": "Chat",
        "pf_tab": "Portfolio",
        "kb_tab": "Knowledge base",
        "fit_tab": "Does our problem fit?",
        # chat
        "chatbot": "**Welcome.** Ask a question, or pick an example below.",
        "box": "Type your question …",
        "send": "Ask",
        "examples_md": "Examples – click to ask",
        "group_staff": "New staff",
        "group_municipality": "Municipality",
        "group_investor": "Investor",
        "new": "New conversation",
        "download": "Download the conversation (Markdown)",
        "sources_title": "Sources",
        # fit check
        "fit_intro": "### Does your problem fit a social investment?\nDescribe the problem – "
        "one paragraph is enough to start. The more you fill in, the more precise the "
        "assessment. Every criterion cites DSI’s own documents.",
        "fit_problem": "The problem (free text)",
        "fit_target_group": "The target group and its size",
        "fit_intervention": "The intervention you have in mind (if any)",
        "fit_evidence": "What you know of its effect",
        "fit_outcomes": "Which outcomes could be measured",
        "fit_costs_and_gains": "Who bears the costs, and who gains",
        "fit_horizon": "Time horizon",
        "fit_run": "Assess",
        "fit_download_md": "Download the report (Markdown)",
        "fit_download_pdf": "Download the report (PDF)",
        # portfolio
        "kind": "Kind",
        "as_of": "As of",
        "area": "Investment area",
        "municipality": "Municipality",
        "partner": "Partner",
        "table": "Click a row to see its source.",
        "totals": "Total of the rows shown",
        "plot_area": "Sum per investment area (mio. kr.)",
        "plot_kind": "Sum per kind (mio. kr.)",
        "plot_share": "DSI’s share against the total, where the share is stated (mio. kr.)",
        # knowledge base
        "state": "**Index:** ready · {documents} document(s) · {chunks} chunks"
        " · {portfolio_rows} portfolio rows · **Embedder:** {embedder}",
        "docs": "Indexed documents",
        "mode": "🔒 Upload and re-index require the admin password.",
        "upload": "Upload documents (PDF, DOCX, MD, TXT, HTML, or portfolio data as CSV)",
        "password": "Admin password",
        "run": "Upload and re-index",
        "results": "Result per file",
        # texts that are not one component's fixed label (TEXTS)
        "all": "All",
        "kind_partnerships": "All partnerships (no pipeline)",
        "kind_everything": "Everything, pipeline included",
        "as_of_newest": "Newest figures",
        "state_missing": "**Index:** missing – run `dsi ingest`. · Embedder: {embedder}",
        "answerer_extractive": "**Answers:** quotes from the documents (no language model)",
        "answerer_llm": "**Answers:** generated by `{model}` ({url}), every sentence checked "
        "against its source",
        "mode_read_only": "👁 Read-only: set `DSI_ADMIN_PASSWORD` to allow upload and re-index.",
        "thanks": "Thank you for your feedback – it has been saved.",
    },
}

# Keys of LABELS that are no component's name: the filters' "all" choice, the index status
# when there is no index, the knowledge tab's read-only notice, the feedback toast.
TEXTS = frozenset(
    {
        "as_of_newest",
        "all",
        "kind_partnerships",
        "kind_everything",
        "state_missing",
        "mode_read_only",
        "thanks",
    }
)

# Parts whose text does not follow the UI language, so the toggle leaves them alone: the
# example buttons (each question in its own language), the sources panel (rendered with
# each answer) and a portfolio row's source passage (rendered when a row is clicked).
UNCHANGED = frozenset(
    {
        *(f"example_{group}_{lang}" for group in EXAMPLES for lang in ("da", "en")),
        "sources",
        "row_source",
        "fit_report",  # the fit report and its sources are in the report's language
        "fit_sources",
    }
)

# The knowledge tab's table of indexed documents.
DOC_COLUMNS: dict[str, list[str]] = {
    "da": ["Dokument", "Titel", "Tekststykker", "Dato", "Udgiver", "Sprog"],
    "en": ["Document", "Title", "Chunks", "Date", "Publisher", "Language"],
}
