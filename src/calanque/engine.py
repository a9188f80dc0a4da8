"""The engine: settings wired to a pack, a store, an embedder, a searcher and an answerer.

The CLI and the web app each build one `Engine` and call its parts; nothing here knows about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from calanque.answer import entities
from calanque.answer.answerer import Answerer, QuestionError
from calanque.answer.backend import AnswerBackend
from calanque.answer.extractive import ExtractiveBackend
from calanque.answer.types import Answer, Turn
from calanque.config import Settings, SettingsError
from calanque.console.curation import Curation
from calanque.conversations import Conversations, bounded_history
from calanque.db import Database, open_database
from calanque.documents import Document
from calanque.equity.policy import EquityPolicy, group_target
from calanque.equity.report import AnswerRecord, EquityReport, aggregate, aggregate_records
from calanque.errors import CalanqueError
from calanque.index.embedders import E5Embedder, Embedder, make_embedder
from calanque.index.search import Searcher
from calanque.index.store import open_store
from calanque.ingest.fetch import FetchError, fetch
from calanque.ingest.loaders import LoadError, load_bytes
from calanque.ingest.pipeline import Ingestor, IngestReport, Progress
from calanque.territory.factsheets import fact_sheets
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import TerritoryPack, load_pack

# Best dense similarity under which a question with no word in common with the sources is refused.
# e5 similarities are compressed: unrelated pairs sit near 0.77 (measured on the demo corpus).
RELEVANCE_FLOORS = {E5Embedder.embedder_id: 0.82}


def make_backend(settings: Settings) -> AnswerBackend:
    """The answer backend named by the `llm` setting."""
    if settings.llm == "extractive":
        return ExtractiveBackend()
    if settings.llm == "openai":
        from calanque.answer.openai_chat import OpenAIChatBackend

        return OpenAIChatBackend(
            settings.llm_url,
            settings.llm_model,
            settings.llm_key,
            settings.llm_timeout,
            context=settings.llm_context,
        )
    if settings.llm == "llamacpp":
        from calanque.answer.llamacpp import LlamaCppBackend

        return LlamaCppBackend(settings.llamacpp_model)
    raise SettingsError(f"unknown answer backend {settings.llm!r} (extractive, openai or llamacpp)")


class UnknownCommune(CalanqueError, LookupError):
    """A commune name the territory pack does not know."""


@dataclass(frozen=True)
class Recorded:
    """An answer stored as a turn: what the shells show and link to."""

    answer: Answer
    conversation_id: str
    turn_id: int
    sources: list[dict[str, Any]]

    @property
    def cited_sources(self) -> list[dict[str, Any]]:
        return [s for s in self.sources if s["cited"]]


class Engine:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None):
        self.settings = settings or Settings.load()
        self._embedder = embedder
        self._owns_embedder = embedder is None  # an embedder passed in is the caller's to close

    @cached_property
    def pack(self) -> TerritoryPack:
        return load_pack(self.settings.pack)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(self.pack)

    @cached_property
    def database(self) -> Database:
        """The database every component keeps its tables in (`database_url`, else the SQLite
        file under `home`)."""
        return open_database(self.settings.database)

    @cached_property
    def store(self) -> Any:
        """The index, on the database's engine (`SQLiteStore` or `PostgresStore`)."""
        return open_store(
            self.database,
            lexical_index=self.settings.lexical_index,
            vector_index=self.settings.vector_index,
        )

    @cached_property
    def conversations(self) -> Conversations:
        return Conversations(self.database)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    @cached_property
    def curation(self) -> Curation:
        """Staff's exclusions, demotions and pins, applied to every search (the console's)."""
        return Curation(self.database, self.store, self.embedder, places=self.gazetteer.communes)

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(
            self.store,
            self.embedder,
            default_lang=self.pack.default_language,
            curation=self.curation,
        )

    @cached_property
    def answerer(self) -> Answerer:
        return Answerer(
            self.searcher,
            make_backend(self.settings),
            gazetteer=self.gazetteer,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
            default_lang=self.pack.default_language,
            languages=self.pack.languages,
            relevance_floor=RELEVANCE_FLOORS.get(self.embedder.embedder_id, 0.0),
            equity=self.equity_policy,
        )

    def warm(self) -> None:
        """Load now what the first question would: the embedder, the search structures, the
        named-entity recogniser and the language identifier (a server calls this before it
        serves, so that no visitor waits and no two requests load a model twice)."""
        self.embedder.embed_query("warm-up")
        self.searcher.warm()
        entities.warm()
        self.answerer.analyzer.language("warm-up question")

    # ---- use cases of the shells (web, CLI) --------------------------------------------------

    def commune_codes(self, name: str) -> tuple[str, ...]:
        """The INSEE codes a commune's name (or its code) stands for."""
        codes = tuple(self.gazetteer.communes(name))
        if not codes and name in self.pack.communes:
            codes = (name,)
        if not codes:
            raise UnknownCommune(f"unknown commune {name!r} in pack {self.pack.id}")
        return codes

    def history(self, conversation_id: str | None) -> list[Turn]:
        """The turns of a conversation that the next answer reads (a new one has none)."""
        if not conversation_id:
            return []
        turns = self.conversations.get(conversation_id).history()
        return bounded_history(turns, self.settings.max_question_chars)

    def source_records(self, answer: Answer) -> list[dict[str, Any]]:
        """The answer's sources as stored with its turn and shown on the site."""
        cited = {s.number for s in answer.cited}
        names = self.answerer.commune_names
        return [{**s.to_dict(names), "cited": s.number in cited} for s in answer.sources]

    def record(self, conversation_id: str | None, answer: Answer) -> Recorded:
        """Store an answer as the next turn of a conversation (a new one when None)."""
        sources = self.source_records(answer)
        cid, turn_id = self.conversations.record(conversation_id, answer, sources)
        return Recorded(answer, cid, turn_id, sources)

    def ask_and_record(self, question: str, conversation_id: str | None = None) -> Recorded:
        """Answer a question in its conversation and store the turn."""
        return self.record(
            conversation_id, self.answerer.ask(question, self.history(conversation_id))
        )

    def site_equity(self, limit: int) -> EquityReport:
        """The equity of the stored answers to territory-wide questions, against the target."""
        records = []
        for turn in self.conversations.recent_turns(limit):
            if turn.meta.get("scope") != "territory":
                continue
            by_number = {s["number"]: s for s in turn.sources}
            communes = {
                n: [c["insee"] for c in s.get("communes", [])] for n, s in by_number.items()
            }
            records.append(
                AnswerRecord(
                    turn.question,
                    "territory",
                    bool(turn.meta.get("answered")),
                    dict(turn.meta.get("awrf") or {}),
                    [communes[n] for n in turn.meta.get("cited", []) if n in communes],
                    [communes[n] for n in sorted(communes)],
                )
            )
        return aggregate_records(records, self.pack, self.equity_target())

    def equity_report(
        self, questions: Iterable[str], answerer: Answerer | None = None
    ) -> EquityReport:
        """Answer every question (no history) and aggregate the exposure of what is cited;
        questions refused as invalid are skipped. `answerer` defaults to the engine's."""
        answerer = answerer or self.answerer
        answers = []
        for q in questions:
            try:
                answers.append(answerer.ask(q))
            except QuestionError:
                continue
        return aggregate(answers, self.pack, self.equity_target())

    @property
    def equity_policy(self) -> EquityPolicy | None:
        """The territorial equity policy of the settings (None when `off`)."""
        s = self.settings
        if s.equity_policy == "off":
            return None
        return EquityPolicy(s.equity_policy, s.equity_blend, stochastic=s.equity_stochastic)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.store,
            self.embedder,
            self.gazetteer,
            default_lang=self.pack.default_language,
            max_file_bytes=int(self.settings.max_file_mb * 1_000_000),
        )

    def demo_vectors_path(self) -> Path:
        """Where a pack ships the vectors of its demo passages for this embedder."""
        return self.pack.root / "vectors" / f"{self.embedder.embedder_id}.npz"

    def equity_target(self) -> np.ndarray:
        """The groups' target exposure: the policy's, uniform when the policy is off."""
        policy = self.equity_policy
        return group_target(
            self.pack, policy.kind if policy else "uniform", self.settings.equity_blend
        )

    def build_demo(self, progress: Progress | None = None) -> IngestReport:
        """Index the pack's generated fact sheets and its demo corpus (idempotent).

        Passages whose vectors the pack ships are not embedded again: the first build takes
        seconds instead of minutes; any passage changed since is embedded as usual.
        """
        path = self.demo_vectors_path()
        if path.is_file():
            with np.load(path) as shipped:
                cache = dict(zip(shipped["hashes"].tolist(), shipped["vectors"], strict=True))
            self.ingestor.vector_cache = cache
        sheets = list(fact_sheets(self.pack))
        report = self.ingestor.ingest_documents(
            sheets, source="pack:factsheets", total=len(sheets), progress=progress
        )
        if self.pack.corpus_dir is not None:
            report.merge(
                self.ingestor.ingest_paths(
                    [self.pack.corpus_dir],
                    source="pack:corpus",
                    uri_prefix=f"pack://{self.pack.id}/corpus/",
                    progress=progress,
                )
            )
        return report

    def ingest_urls(
        self,
        urls: list[str],
        *,
        source: str = "web",
        weight: float = 1.0,
        allow_private: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Fetch and index single pages; refused or unreadable URLs are reported and skipped."""
        skipped: list[tuple[str, str]] = []

        def documents() -> Iterator[Document]:
            for url in urls:
                try:
                    page = fetch(
                        url,
                        allow_private=allow_private,
                        max_bytes=int(self.settings.max_file_mb * 1_000_000),
                    )
                    if page.status >= 400:
                        raise FetchError(f"{url}: HTTP {page.status}")
                    if page.suffix is None:
                        raise FetchError(f"{url}: unsupported content type {page.content_type!r}")
                    doc = load_bytes(page.data, page.url, page.suffix)
                except (FetchError, LoadError) as exc:
                    skipped.append((url, str(exc).removeprefix(f"{url}: ")))
                    continue
                doc.uri, doc.weight = page.url, weight
                yield doc

        report = self.ingestor.ingest_documents(
            documents(), source=source, total=len(urls), progress=progress
        )
        report.skipped.extend(skipped)
        return report

    def ingest_file(
        self,
        name: str,
        data: bytes,
        *,
        uri: str,
        source: str,
        weight: float = 1.0,
        meta: dict[str, object] | None = None,
    ) -> IngestReport:
        """Index one file received as bytes (an upload) under `uri`, replacing the document
        there; a file that cannot be read is reported in `skipped` and the index is untouched."""
        report = IngestReport()
        limit = int(self.settings.max_file_mb * 1_000_000)
        try:
            if len(data) > limit:
                raise LoadError(
                    f"{name}: too large ({len(data) / 1e6:.1f} MB > {limit / 1e6:.0f} MB)"
                )
            doc = load_bytes(data, name, max_chars=self.ingestor.max_text_chars)
        except LoadError as exc:
            report.skipped.append((name, str(exc).removeprefix(f"{name}: ")))
            return report
        doc.uri = uri
        doc.weight = weight if doc.weight == 1.0 else doc.weight
        doc.meta = {**doc.meta, **(meta or {})}
        return self.ingestor.ingest_documents([doc], source=source, total=1)

    def remove_document(self, uri: str) -> bool:
        """Forget a document and its passages."""
        return self.ingestor.remove(uri)

    def export_demo_vectors(self) -> Path:
        """Write the demo passages' vectors into the pack (a maintainer's step after editing it)."""
        vectors = self.store.source_vectors("pack:", self.embedder.embedder_id)
        path = self.demo_vectors_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, hashes=np.array(list(vectors)), vectors=np.stack(list(vectors.values()))
        )
        return path

    def close(self) -> None:
        self.store.close()
        if self._owns_embedder and self._embedder is not None:
            self._embedder.close()
