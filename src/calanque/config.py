"""Settings: one typed table read from `CALANQUE_*` environment variables, then defaults.

The table is the single source for the CLI help, the docs (`docs/settings.md` is checked against it
by a test) and the code. Every value can be overridden per call with `Settings.load(overrides)`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from calanque.errors import CalanqueError


class SettingsError(CalanqueError, ValueError):
    """A setting (a `CALANQUE_*` variable, or the flag that overrides it) cannot be read."""


def _default_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "calanque")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("home", _default_home(), "Directory holding the index database and caches."),
    Setting(
        "database_url",
        "",
        "Database every component keeps its tables in: empty for the SQLite file `index.sqlite3` "
        "under `home`, or `postgresql://user:password@host:port/dbname` for a PostgreSQL server "
        "(with pgvector) that several processes and machines share.",
    ),
    Setting(
        "pack", "aix-marseille-provence", "Territory pack: a bundled pack id or a folder path."
    ),
    Setting("embedder", "e5", "Embedding backend: `e5` (bundled, offline) or `openai`."),
    Setting("embedder_url", "", "Base URL of an OpenAI-compatible `/embeddings` server."),
    Setting("embedder_model", "text-embedding-3-small", "Model name sent to that server."),
    Setting("embedder_key", "", "API key for that server (empty for local servers)."),
    Setting(
        "llm", "extractive", "Answer backend: `extractive` (no model), `openai` or `llamacpp`."
    ),
    Setting(
        "llm_url", "", "Base URL of an OpenAI-compatible chat server (OpenAI, Mistral, vLLM…)."
    ),
    Setting("llm_model", "gpt-4o-mini", "Chat model name sent to that server."),
    Setting("llm_key", "", "API key for the chat server (empty for local servers)."),
    Setting("llm_timeout", 20.0, "Seconds to wait for the chat server before falling back."),
    Setting(
        "llm_context",
        0,
        "Context window of that chat model, in tokens (0: large enough). Sources that would not "
        "fit are left out of the prompt, last first (tokens estimated as characters / 3).",
    ),
    Setting("llamacpp_model", "", "Path to a GGUF file for the `llamacpp` backend."),
    Setting(
        "lexical_index",
        "auto",
        "Lexical first stage: `fts5`, `tantivy` (needs the `scale` extra) or `auto` (tantivy from "
        "50,000 chunks when installed). SQLite only: PostgreSQL uses its full-text search.",
    ),
    Setting(
        "vector_index",
        "auto",
        "Dense first stage: `exact`, `ivf` (faiss, needs the `scale` extra) or `auto` (ivf from "
        "300,000 chunks when installed). On PostgreSQL: `exact`, or pgvector's HNSW index for "
        "the others.",
    ),
    Setting("max_file_mb", 50.0, "Files larger than this are skipped at ingestion."),
    Setting("max_question_chars", 2000, "Longest question accepted, in characters."),
    Setting("top_k", 8, "Passages retrieved for an answer."),
    Setting("retention_days", 180.0, "Conversations untouched for longer are deleted."),
    Setting(
        "console_upload_mb",
        100.0,
        "Largest request a logged-in member of staff may send to the console (uploads of several "
        "files at once); every other request is limited to 256 kB.",
    ),
    Setting("rate_limit_per_minute", 20, "Questions one visitor may ask per minute."),
    Setting(
        "cors_origins", "", "Comma-separated origins allowed to embed the widget or call the API."
    ),
    Setting(
        "trusted_proxies",
        "",
        "Comma-separated addresses (or networks) of the reverse proxies whose X-Forwarded-For "
        "and X-Forwarded-Proto headers `calanque serve` believes; empty: none, the rate limit "
        "keys on the connection's address.",
    ),
    Setting(
        "equity_policy",
        "uniform",
        "Territorial equity for territory-wide questions: `uniform` (same exposure for every "
        "group), `population`, `blend` or `off`.",
    ),
    Setting("equity_blend", 0.5, "Weight of `uniform` in the `blend` equity policy (0 to 1)."),
    Setting(
        "races",
        True,
        "Run races inside `calanque serve`: those of `race_file`, and the demo race under "
        "`calanque serve --demo`; `false` serves no race.",
    ),
    Setting(
        "race_file",
        "",
        "TOML or JSON file of race definitions (schedule, tick, time factor, fleet, wind; see "
        "docs/race.md); empty: none.",
    ),
    Setting(
        "race_db",
        "",
        "Race database: a file or a `postgresql://` URL; empty: `database_url` when set, else "
        "`races.sqlite3` in `home`.",
    ),
    Setting("race_orders_per_minute", 60, "Orders (and cancels) one boat may send per minute."),
    Setting(
        "equity_stochastic",
        False,
        "Sample fair rankings (Plackett-Luce), fair on average across answers, instead of the "
        "deterministic re-ranking.",
    ),
)


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    pack: str
    embedder: str
    embedder_url: str
    embedder_model: str
    embedder_key: str
    llm: str
    llm_url: str
    llm_model: str
    llm_key: str
    llm_timeout: float
    llm_context: int
    llamacpp_model: str
    lexical_index: str
    vector_index: str
    max_file_mb: float
    max_question_chars: int
    top_k: int
    retention_days: float
    console_upload_mb: float
    rate_limit_per_minute: int
    cors_origins: str
    trusted_proxies: str
    equity_policy: str
    equity_blend: float
    races: bool
    race_file: str
    race_db: str
    race_orders_per_minute: int
    equity_stochastic: bool

    @property
    def allowed_origins(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> Settings:
        """Environment first, then defaults; `overrides` (e.g. CLI flags) win over both."""
        overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for setting in SETTINGS:
            raw = overrides.get(setting.name, os.environ.get(f"CALANQUE_{setting.name.upper()}"))
            value = setting.default if raw is None else raw
            values[setting.name] = _cast(setting.name, value, types[setting.name])
        return cls(**values)

    @property
    def db_path(self) -> Path:
        return self.home / "index.sqlite3"

    @property
    def race_database(self) -> str:
        """Where races are kept: `race_db`, else the shared server's database, else a SQLite
        file of their own beside the index (its order log's fsyncs stay off the index file)."""
        if self.race_db:
            url = self.race_db.startswith(("postgresql://", "postgres://"))
            return self.race_db if url else str(Path(self.race_db).expanduser())
        return self.database_url or str(self.home / "races.sqlite3")

    @property
    def database(self) -> str:
        """The database URL in force: `database_url`, else the SQLite file under `home`."""
        return self.database_url or str(self.db_path)


def _cast(name: str, value: Any, type_name: Any) -> Any:
    try:
        if type_name in ("Path", Path):
            return Path(value).expanduser()
        if type_name in ("float", float):
            return float(value)
        if type_name in ("int", int):
            return int(value)
        if type_name in ("bool", bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(value)
            return text in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting CALANQUE_{name.upper()}: cannot read {value!r}") from exc
