"""Malformed files beside good ones, generated here, ingested by `calanque ingest` as a user
runs it: every bad file is named with its reason and skipped, every good one is indexed, the
index is sound, and the process's peak memory (RSS) stays bounded."""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hostile import Figures, Profile

from calanque.db import open_database
from calanque.index.store import open_store
from calanque.testing.openai_server import ScriptedOpenAIServer
from files import HTML_PAGE, make_docx, make_pdf

MAX_RSS_MB = 1500

pytestmark = pytest.mark.sqlite_only("the index file `calanque ingest` writes, read back")


def zip_bomb(megabytes: int) -> bytes:
    """A zip (named .docx below) whose one part unzips to `megabytes` of zeros."""
    out = io.BytesIO()
    zero = b"\0" * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(zero)
    return out.getvalue()


def write_bad(folder: Path, profile: Profile) -> dict[str, str]:
    """The malformed files, by name, with (a pattern of) the reason each is skipped for."""
    rng = random.Random(13)
    pdf = make_pdf([["Le port de Saint-Vent accueille les pointus."] * 20] * 3, title="Port")
    files = {
        "tronque-moitie.pdf": (pdf[: len(pdf) // 2], "corrupt PDF"),
        "tronque-entete.pdf": (pdf[:12], "corrupt PDF"),
        "tronque-sans-xref.pdf": (pdf[: pdf.index(b"xref")], "corrupt PDF"),
        "pas-un-pdf.pdf": (rng.randbytes(4000), "not a PDF"),
        "bombe.docx": (zip_bomb(profile.bomb_mb), "decompression bomb"),
        "zip-tronque.docx": (zip_bomb(2)[:300], "corrupt DOCX|not a DOCX"),
        "binaire.md": (rng.randbytes(50_000), "binary content"),
        "binaire.html": (rng.randbytes(50_000), "binary content"),
        "octets-hauts.md": (bytes(rng.randrange(0x80, 0x100) for _ in range(20_000)), "binary"),
        "utf8-invalide.html": (
            b"<html><body><p>" + bytes(rng.randrange(0x80, 0x100) for _ in range(20_000)),
            "binary",
        ),
        "imbrique.html": (
            b"<html><body>" + b"<div>" * 100_000 + b"Texte." + b"</div>" * 100_000,
            "no extractable text",
        ),
        "vide.md": (b"", "empty"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: reason for name, (_, reason) in files.items()}


def write_good(folder: Path, profile: Profile) -> dict[str, str]:
    """Good files (and two huge single lines, indexed in part): name → a phrase to find."""
    (folder / "port.md").write_text("# Le port\n\nLe port de Saint-Vent abrite des pointus.\n")
    (folder / "latin1.md").write_bytes(
        "# Été\n\nLe marché de la Fontaine ouvre à 8 h, été comme hiver.\n".encode("cp1252")
    )
    (folder / "marche.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "rapport.pdf").write_bytes(
        make_pdf([["Rapport des criques", "La fréquentation a doublé en 2026."]], title="Rapport")
    )
    make_docx(folder / "navette.docx", "Navette", {"Horaires": ["La navette passe à 7 h."]})
    big = int(profile.big_file_mb * 1_000_000)
    (folder / "ligne-geante.html").write_bytes(b"<html><body><p>" + b"mot " * (big // 4))
    (folder / "ligne-geante.md").write_bytes(b"# Ligne\n\n" + b"calanque " * (big // 9))
    (folder / "ligne-geante.txt").write_bytes(b"a" * big)
    return {
        "port.md": "pointus",
        "latin1.md": "marché de la Fontaine",
        "marche.html": "place de la Fontaine",
        "rapport.pdf": "doublé en 2026",
        "navette.docx": "navette passe",
        "ligne-geante.html": "mot mot",
        "ligne-geante.md": "calanque calanque",
        "ligne-geante.txt": "aaaa",
    }


def test_malformed_files_are_named_and_skipped(
    tmp_path: Path, profile: Profile, figures: Figures
) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    bad = write_bad(folder, profile)
    good = write_good(folder, profile)
    home = tmp_path / "home"
    env = {**os.environ, "CALANQUE_HOME": str(home), "COLUMNS": "2000"}
    with ScriptedOpenAIServer() as embeddings:
        # Passages are embedded by the scripted server over HTTP: the bundled model would take
        # minutes for the huge lines' thousands of passages (and adds its ~100 MB to the RSS).
        env |= {"CALANQUE_EMBEDDER": "openai", "CALANQUE_EMBEDDER_URL": embeddings.base_url}
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "calanque.cli", "ingest", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = proc.communicate(timeout=600)
        seconds = time.perf_counter() - started
    # Peak RSS of the finished child (Linux reports kilobytes).
    rss_mb = _children_peak_rss_mb()
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in out + err
    skipped = dict(re.findall(r"^\s+skipped (\S+): (.+)$", out, re.M))
    skipped = {Path(k).name: v for k, v in skipped.items()}
    assert set(skipped) == set(bad), out
    for name, reason in bad.items():
        assert re.search(reason, skipped[name]), (name, skipped[name])
    in_part = {Path(n).name for n in re.findall(r"^\s+indexed in part (\S+):", out, re.M)}
    huge = {"ligne-geante.html", "ligne-geante.md", "ligne-geante.txt"}
    assert in_part == (huge if profile.big_file_mb > 2 else set())  # over 2 M characters: cut
    assert "EOF marker" not in err, err  # pypdf's warnings are not the user's business
    # The CLI wrote to the test's database: the SQLite file under `home`, or its schema.
    store = open_store(
        open_database(os.environ.get("CALANQUE_DATABASE_URL") or home / "index.sqlite3")
    )
    assert store.check() == []
    uris = {Path(u).name: u for u in store.uris()}
    assert set(uris) == set(good)
    for name, phrase in good.items():
        document = store.document(uris[name])
        assert any(phrase in text for _, text in document.chunks), name
    store.close()
    assert rss_mb < MAX_RSS_MB
    figures(
        part="malformed files (calanque ingest)",
        tried=len(bad) + len(good),
        failed=0,
        detail=f"{len(bad)} skipped by name, {len(good)} indexed "
        f"(3 single lines of {profile.big_file_mb} MB); bomb {profile.bomb_mb} MB; "
        f"peak RSS {rss_mb:.0f} MB; "
        f"{seconds:.1f} s; passages embedded by the scripted server",
        peak_rss_mb=round(rss_mb),
    )


def _children_peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
