from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from calanque.documents import Block, Document
from calanque.index.embedders import E5Embedder
from calanque.ingest.pipeline import Ingestor
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import load_pack
from databases import database_url, new_store
from files import make_pdf


def _doc(uri: str, *paragraphs: str) -> Document:
    return Document(uri=uri, title=uri.title(), blocks=[Block(p, ("S",)) for p in paragraphs])


def test_reingesting_unchanged_content_does_no_work(tmp_path: Path, embedder: E5Embedder) -> None:
    store = new_store(tmp_path)
    ingestor = Ingestor(store, embedder)
    docs = [
        _doc("a", "Le port de pêche accueille les chalutiers."),
        _doc("b", "La gare est neuve."),
    ]
    first = ingestor.ingest_documents(docs)
    assert (first.added, first.embedded) == (2, 2)
    generation = store.generation()
    second = ingestor.ingest_documents(docs)
    assert (second.unchanged, second.added, second.updated, second.embedded) == (2, 0, 0, 0)
    assert store.generation() == generation  # not a single write


def test_changed_document_replaces_its_chunks_and_reembeds_only_changes(
    tmp_path: Path, embedder: E5Embedder
) -> None:
    store = new_store(tmp_path)
    ingestor = Ingestor(store, embedder)
    one = "Le marché a lieu le mardi sur la place."
    ingestor.ingest_documents([Document("m", "M", [Block(one, ("A",)), Block("Parking.", ("B",))])])
    report = ingestor.ingest_documents(
        [Document("m", "M", [Block(one, ("A",)), Block("Parking gratuit le matin.", ("B",))])]
    )
    assert (report.updated, report.embedded, report.reused_vectors) == (1, 1, 1)
    texts = [c.text for c in store.chunks(list(range(1, 100))).values()]
    assert sorted(texts) == sorted([one, "Parking gratuit le matin."])
    assert store.check() == []


def test_remove_document(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    ingestor = Ingestor(store, None)
    ingestor.ingest_documents([_doc("x", "Texte à oublier."), _doc("y", "Texte à garder.")])
    assert ingestor.remove("x") is True
    assert ingestor.remove("x") is False
    assert store.uris() == ["y"]
    assert store.stats()["chunks"] == 1
    assert store.check() == []


def test_chunks_are_linked_to_communes(tmp_path: Path, pack_dir: Path) -> None:
    store = new_store(tmp_path)
    ingestor = Ingestor(store, None, Gazetteer(load_pack(pack_dir)))
    ingestor.ingest_documents([_doc("z", "De Saint-Vent à la Roche-d'Azur en navette.")])
    chunk = next(iter(store.chunks([1]).values()))
    assert chunk.communes == ["99002", "99004"]
    assert chunk.lang == "fr"
    # … unless the document says which: none, for one about the whole territory
    whole = _doc("w", "Les communes les plus peuplées : Saint-Vent, la Roche-d'Azur.")
    whole.meta["communes"] = []
    ingestor.ingest_documents([whole])
    assert next(iter(store.chunks([2]).values())).communes == []


def test_a_passage_is_about_the_communes_it_names_before_its_title(
    tmp_path: Path, pack_dir: Path
) -> None:
    """A guide titled after several places: its section on Saint-Vent's walks is Saint-Vent's,
    not Port-Lumière's; a section naming no commune is the title's."""
    store = new_store(tmp_path)
    ingestor = Ingestor(store, None, Gazetteer(load_pack(pack_dir)))
    guide = Document(
        "guide",
        "Plein air à Saint-Vent et à Port-Lumière",
        [
            Block("Les collines de Saint-Vent se prêtent à la randonnée.", ("Randonner",)),
            Block("Les sentiers sont balisés et les points d'eau rares.", ("Conseils",)),
        ],
    )
    ingestor.ingest_documents([guide])
    walks, advice = sorted(store.chunks([1, 2]).values(), key=lambda c: c.ordinal)
    assert walks.communes == ["99002"]
    assert sorted(advice.communes) == ["99001", "99002"]


def test_an_english_text_full_of_french_names_is_english(tmp_path: Path) -> None:
    """An English sheet listing a council's communes read as French to the language model, and
    an English question then took the French sheet's place."""
    store = new_store(tmp_path)
    text = (
        "The territory council Pays d'Aix groups 36 municipalities. Its municipalities, largest "
        "first: Aix-en-Provence, Pertuis, Les Pennes-Mirabeau, Gardanne, Vitrolles, Venelles, "
        "Bouc-Bel-Air, Trets, Rousset, Lambesc, Saint-Cannat, Meyreuil, Éguilles, Fuveau."
    )
    Ingestor(store, None).ingest_documents([Document("sheet", "Pays d'Aix", [Block(text)])])
    assert next(iter(store.chunks([1]).values())).lang == "en"


def test_bad_files_are_skipped_by_name_and_the_rest_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text("# Bon\n\nLe musée ouvre à 10 h.\n", encoding="utf-8")
    (folder / "good.pdf").write_bytes(make_pdf([["La plage est surveillée en été."]]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage garbage")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "disguised.md").write_bytes(b"\x00\x01\x02\x03" * 100)
    huge = folder / "huge.txt"
    with huge.open("wb") as f:  # a sparse 2 GB file: refused on its size, never read
        f.truncate(2 * 1024**3)
    store = new_store(tmp_path)
    report = Ingestor(store, None, max_file_bytes=50_000_000).ingest_paths([folder])
    reasons = dict((Path(name).name, reason) for name, reason in report.skipped)
    assert report.added == 2
    assert set(reasons) == {"broken.pdf", "empty.txt", "disguised.md", "huge.txt"}
    assert "too large" in reasons["huge.txt"]
    assert "corrupt PDF" in reasons["broken.pdf"]
    assert "binary content" in reasons["disguised.md"]
    assert store.check() == []


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from calanque.documents import Block, Document
    from calanque.db import open_database
    from calanque.index.store import open_store
    from calanque.ingest.pipeline import Ingestor

    store = open_store(open_database(sys.argv[1]))
    docs = (
        Document(f"doc-{i}", f"Doc {i}", [Block(f"Paragraphe {i} sur la calanque numéro {i}.")] * 3)
        for i in range(int(sys.argv[2]))
    )
    def progress(done, total, uri):
        print(done, flush=True)
    Ingestor(store, None, batch_chunks=3).ingest_documents(docs, progress=progress)
    print("finished", flush=True)
    """
)


def test_killed_ingestion_leaves_a_consistent_index_and_resumes(tmp_path: Path) -> None:
    db, script, total = database_url(tmp_path), tmp_path / "ingest.py", 3000
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, str(script), str(db), str(total)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip().isdigit() and int(line) >= 200:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    store = new_store(tmp_path)
    assert store.check() == []
    kept = store.stats()["documents"]
    assert 0 < kept < total
    assert store.stats()["chunks"] == kept  # three equal paragraphs make one chunk per document
    store.close()
    done = subprocess.run(
        [sys.executable, str(script), str(db), str(total)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().endswith("finished")
    store = new_store(tmp_path)
    assert store.stats()["documents"] == total
    assert store.check() == []


def test_shipped_demo_vectors_spare_the_embedding(tmp_path: Path, embedder: E5Embedder) -> None:
    from calanque.config import Settings
    from calanque.engine import Engine
    from synthetic_pack import build_pack

    pack = build_pack(tmp_path / "pack")
    first = Engine(Settings.load({"home": tmp_path / "a", "pack": str(pack)}), embedder=embedder)
    built = first.build_demo()
    assert built.embedded == built.chunks > 0
    shipped = first.export_demo_vectors()
    assert shipped == pack / "vectors" / f"{embedder.embedder_id}.npz"
    (pack / "corpus" / "phare.md").write_text("# Phare\n\nLe phare est repeint en rouge.\n")
    other = database_url(tmp_path, "b.sqlite3")  # an index of its own
    second = Engine(
        Settings.load({"home": tmp_path / "b", "pack": str(pack), "database_url": other}),
        embedder=embedder,
    )
    rebuilt = second.build_demo()
    assert rebuilt.embedded == 1  # only the edited passage
    assert rebuilt.reused_vectors == rebuilt.chunks - 1
    hits = second.searcher.search("phare repeint en rouge", k=1, mode="dense")
    assert hits[0].chunk.text == "Le phare est repeint en rouge."


def test_new_place_tables_relink_without_reembedding(tmp_path: Path, embedder: E5Embedder) -> None:
    from synthetic_pack import build_pack

    pack_dir = build_pack(tmp_path / "pack")
    store = new_store(tmp_path)
    docs = [_doc("cap", "Le sentier du Cap-Brûlé longe la falaise.")]
    Ingestor(store, embedder, Gazetteer(load_pack(pack_dir))).ingest_documents(docs)
    assert next(iter(store.chunks([1]).values())).communes == []
    with (pack_dir / "aliases.csv").open("a", encoding="utf-8") as f:
        f.write("Cap-Brûlé,99001,locality\n")
    report = Ingestor(store, embedder, Gazetteer(load_pack(pack_dir))).ingest_documents(docs)
    assert (report.updated, report.embedded, report.reused_vectors) == (1, 0, 1)
    chunk = next(iter(store.chunks(list(range(1, 10))).values()))
    assert chunk.communes == ["99001"]
