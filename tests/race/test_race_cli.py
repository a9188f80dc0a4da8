"""`calanque race …` through Typer's runner: leaderboard output, resume, clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from calanque.cli.race import app
from databases import POSTGRES, database_url

runner = CliRunner()


def test_simulate_prints_leaderboard_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file, or on the test's PostgreSQL database; `replay` alone opens the database the
    settings name (`CALANQUE_RACE_DB`, else `CALANQUE_DATABASE_URL`)."""
    if POSTGRES:
        db = database_url(tmp_path)  # the test's schema: CALANQUE_DATABASE_URL
    else:
        db = str(tmp_path / "race.db")
        monkeypatch.setenv("CALANQUE_RACE_DB", db)
    args = ["simulate", "--boats", "20", "--hours", "3", "--course", "sprint", "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Planier–Porquerolles sprint" in result.output and "rank" in result.output
    assert "20 boats" in result.output
    again = runner.invoke(app, [*args[:4], "6", *args[5:]])
    assert again.exit_code == 0, again.output
    assert "Resuming race 1" in again.output and "at tick 18" in again.output
    assert "secret" not in again.output and "password" not in again.output
    audit = runner.invoke(app, ["replay"])
    assert audit.exit_code == 0, audit.output
    assert "36 ticks" in audit.output and "identical to the checkpoint" in audit.output
    missing = runner.invoke(app, ["replay", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "not found" in missing.output


def test_bad_grib_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "wind.grib2"
    bad.write_text("not a grib")
    result = runner.invoke(app, ["simulate", "--boats", "5", "--grib", str(bad)])
    assert result.exit_code == 1
    assert "not a GRIB file" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unknown_scenario_and_boat(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--boats", "5", "--scenario", "typhoon"])
    assert result.exit_code == 1 and "unknown scenario" in result.output
    result = runner.invoke(app, ["polar", "catamaran"])
    assert result.exit_code == 1 and "no polar named" in result.output


def test_polar_table() -> None:
    result = runner.invoke(app, ["polar", "j70", "--tws", "8,12"])
    assert result.exit_code == 0
    assert "best upwind" in result.output and "J-70" in result.output


def test_simulate_says_when_the_wind_is_held() -> None:
    """The GFS sample has one time step: past race time 0 the wind is that step, held."""
    grib = Path(__file__).parent / "data" / "gfs.t12z.pgrbf120.2p5deg.grib2"
    args = ["simulate", "--boats", "5", "--hours", "1", "--course", "sprint", "--grib", str(grib)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Wind held from +0.0 h" in result.output and "2011-01-15T12:00:00" in result.output
    short = runner.invoke(app, ["simulate", "--boats", "5", "--hours", "1", "--course", "sprint"])
    assert short.exit_code == 0 and "Wind held" not in short.output
