"""The CLI as a user runs it: real index files, real pack folder, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from calanque.cli import app
from files import HTML_PAGE
from test_fetch import site  # noqa: F401  (the loopback site fixture)

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CALANQUE_PACK", str(pack_dir))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "navette.md").write_text(
        "# Navette\n\nLa navette maritime relie Port-Lumière à Saint-Vent en vingt minutes.\n",
        encoding="utf-8",
    )
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7 broken")
    return docs


def test_ingest_search_ask_stats(cli_env: Path) -> None:
    result = runner.invoke(app, ["ingest", str(cli_env)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and "broken.pdf" in result.output
    assert "corrupt PDF" in result.output
    result = runner.invoke(app, ["search", "navette maritime", "-k", "3"])
    assert result.exit_code == 0 and "Navette" in result.output
    result = runner.invoke(app, ["ask", "Combien de temps dure la navette maritime ?"])
    assert result.exit_code == 0
    assert "vingt minutes [1]" in result.output
    assert "Sources" in result.output and "erreurs" in result.output
    refused = runner.invoke(app, ["ask", "Quelle est la capitale de l'Australie ?"])
    assert refused.exit_code == 0 and "Je n'ai pas trouvé" in refused.output
    assert "erreurs" not in refused.output  # a refusal generates nothing to warn about
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0 and "documents" in result.output
    again = runner.invoke(app, ["ingest", str(cli_env)])
    assert "1 unchanged" in again.output and "0 embedded" in again.output


def test_remove(cli_env: Path) -> None:
    runner.invoke(app, ["ingest", str(cli_env / "navette.md")])
    result = runner.invoke(app, ["remove", str(cli_env / "navette.md")])
    assert result.exit_code == 0 and "removed" in result.output


def test_ingest_url_from_loopback(cli_env: Path, site: str) -> None:  # noqa: F811
    refused = runner.invoke(app, ["ingest", f"{site}/page"])
    assert refused.exit_code == 1 and "non-public address" in refused.output
    allowed = runner.invoke(app, ["ingest", "--allow-private", f"{site}/page", f"{site}/image"])
    assert allowed.exit_code == 0, allowed.output
    assert "1 added" in allowed.output and "unsupported content type" in allowed.output
    result = runner.invoke(app, ["search", "marché provençal mardi", "--json"])
    assert f"{site}/page" in result.output
    assert HTML_PAGE  # the page served is the one the loader tests read


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "/nonexistent/file.md"], "no such file or folder"),
        (["ask", ""], "vide"),
        (["ask", "x" * 3000], "trop longue"),
        (["search", "x", "--mode", "magic"], "unknown search mode"),
        (["search", "x", "--commune", "Atlantis"], "unknown commune"),
        (["ask", "phare", "--llm", "gpt-9000"], "unknown answer backend"),
        (["stats", "--pack", "/nonexistent-pack"], "no territory pack"),
    ],
)
def test_errors_are_one_clear_line(cli_env: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_llamacpp_backend_errors_are_clear(cli_env: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["ask", "phare", "--llm", "llamacpp"])
    assert missing.exit_code == 1 and "GGUF model not found" in missing.output
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        result = runner.invoke(
            app, ["ask", "phare", "--llm", "llamacpp"], env={"CALANQUE_LLAMACPP_MODEL": str(model)}
        )
        assert result.exit_code == 1 and "calanque[local]" in result.output


@pytest.mark.sqlite_only("a corrupt SQLite file")
def test_not_an_index_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "index.sqlite3").write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["stats", "--home", str(home)])
    assert result.exit_code == 1 and "not a Calanque database" in result.output
