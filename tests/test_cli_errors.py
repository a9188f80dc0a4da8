"""The `calanque` command run as a user runs it (a subprocess through its entry point): a user
error or a missing dependency is one line and exit code 1, a bug one line and exit code 2, and a
traceback only with CALANQUE_DEBUG=1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from files import HTML_PAGE

# Runs `calanque.cli.main` as the console script does; `prelude` first, e.g. to take a dependency
# away (a module set to None in sys.modules cannot be imported) or to break one.
RUN = """
import sys
{prelude}
from calanque.cli import main
sys.argv = ["calanque", *sys.argv[1:]]
main()
"""


@pytest.fixture
def env(tmp_path: Path, pack_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALANQUE_")}
    env.update(CALANQUE_PACK=str(pack_dir), CALANQUE_HOME=str(tmp_path / "home"))
    return env


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "marche.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def calanque(
    env: dict[str, str], *args: str, prelude: str = "", **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN.format(prelude=prelude), *args],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_ingest_html_file(env: dict[str, str], page: Path) -> None:
    result = calanque(env, "ingest", str(page))
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout and "0 skipped" in result.stdout
    found = calanque(env, "search", "marché provençal mardi", "--json")
    assert found.returncode == 0, found.stderr
    assert "Saint-Vent" in found.stdout


def test_missing_input_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    result = calanque(env, "ingest", str(tmp_path / "absent.html"))
    assert result.returncode == 1
    assert "no such file or folder" in one_error_line(result)
    assert "absent.html" in result.stderr


@pytest.mark.parametrize(
    ("module", "package"),
    [
        # lxml.html.clean hides the failed import behind a bare ImportError of its own
        ("lxml_html_clean", "lxml_html_clean"),
        ("trafilatura", "trafilatura"),
    ],
)
def test_missing_dependency_is_one_line(
    env: dict[str, str], page: Path, module: str, package: str
) -> None:
    prelude = f"sys.modules[{module!r}] = None"
    result = calanque(env, "ingest", str(page), prelude=prelude)
    assert result.returncode == 1
    line = one_error_line(result)
    assert f"missing dependency {module!r}" in line
    assert f"pip install {package}" in line and "reinstall calanque" in line


@pytest.mark.parametrize(
    ("args", "extra", "message"),
    [
        (["stats"], {"CALANQUE_TOP_K": "many"}, "setting CALANQUE_TOP_K: cannot read 'many'"),
        (["ingest", "{tmp}"], {"CALANQUE_EMBEDDER": "bogus"}, "unknown embedder 'bogus'"),
        (["equity", "report", "--questions", "{tmp}/absent.txt"], {}, "absent.txt: No such file"),
        (["crawl", "--remove", "nope"], {}, "no source 'nope' was added from the CLI"),
    ],
)
def test_user_errors_are_one_line(
    env: dict[str, str], tmp_path: Path, args: list[str], extra: dict[str, str], message: str
) -> None:
    result = calanque(env, *(arg.format(tmp=tmp_path) for arg in args), **extra)
    assert result.returncode == 1
    assert message in one_error_line(result)


def test_a_bug_is_one_line_unless_debugging(env: dict[str, str], page: Path) -> None:
    # a dependency that fails in a way no user can fix
    prelude = (
        "import trafilatura\n"
        "def extract(*args, **kwargs):\n"
        "    raise RuntimeError('extractor broke')\n"
        "trafilatura.extract = extract"
    )
    result = calanque(env, "ingest", str(page), prelude=prelude)
    assert result.returncode == 2
    assert one_error_line(result) == (
        "error: unexpected RuntimeError: extractor broke "
        "(run with CALANQUE_DEBUG=1 for the traceback)"
    )
    debug = calanque(env, "ingest", str(page), prelude=prelude, CALANQUE_DEBUG="1")
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and "extractor broke" in debug.stderr
    assert debug.stderr.rstrip().splitlines()[-1] == (
        "error: unexpected RuntimeError: extractor broke"
    )


def test_equity_report_on_an_empty_index_names_the_command(
    env: dict[str, str], tmp_path: Path
) -> None:
    # Before: "cannot reshape array of size 0", then a report of zeros and a chart.
    questions = tmp_path / "q.txt"
    questions.write_text("Où randonner dans la métropole ?\n", "utf-8")
    png = tmp_path / "e.png"
    result = calanque(env, "equity", "report", "--questions", str(questions), "--png", str(png))
    line = one_error_line(result)
    assert result.returncode == 1
    assert "index is empty" in line and "calanque ingest" in line
    assert not png.exists()
