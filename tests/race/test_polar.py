"""Polars: certificate fidelity, physical extension, lookup, file formats, bad files."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from calanque.race.polar import BUILTIN_POLARS, TWS_MAX, PolarError, load_polar


def _vpp(name: str) -> dict:
    ref = resources.files("calanque.race") / "data" / "polars" / f"{name}.json"
    return json.loads(ref.read_text("utf-8"))["vpp"]


@pytest.mark.parametrize("name", BUILTIN_POLARS)
def test_speed_equals_certificate_at_certificate_points(name: str) -> None:
    p = load_polar(name)
    vpp = _vpp(name)
    for a in vpp["angles"]:
        twa = np.full(len(vpp["speeds"]), float(a))
        got = p.speed(twa, np.array(vpp["speeds"], float))
        np.testing.assert_allclose(got, vpp[str(a)], rtol=1e-6)
        np.testing.assert_allclose(p.speed(-twa, np.array(vpp["speeds"], float)), got)


@pytest.mark.parametrize("name", BUILTIN_POLARS)
def test_best_vmg_matches_certificate(name: str) -> None:
    p = load_polar(name)
    vpp = _vpp(name)
    tws = np.array(vpp["speeds"], float)
    up, down = p.vmg_angles(tws)
    np.testing.assert_allclose(up, vpp["beat_angle"], atol=1.5)
    up_vmg = p.speed(up, tws) * np.cos(np.deg2rad(up))
    down_vmg = -p.speed(down, tws) * np.cos(np.deg2rad(down))
    np.testing.assert_allclose(up_vmg, vpp["beat_vmg"], rtol=0.015)
    np.testing.assert_allclose(down_vmg, vpp["run_vmg"], rtol=0.015)


@pytest.mark.parametrize("name", BUILTIN_POLARS)
def test_extension_is_physical(name: str) -> None:
    g = load_polar(name).grid
    assert g.shape == (181, TWS_MAX + 1)
    assert np.all(g >= 0) and np.all(np.isfinite(g))
    assert np.all(g[:25] == 0), "no-go zone: no speed head to wind"
    assert np.all(np.diff(g[20:44, 4:25], axis=0) >= 0), "speed rises out of the no-go zone"
    assert np.all(g[:, 0] == 0), "no wind, no speed"
    np.testing.assert_allclose(g[:, 2], g[:, 4] / 2, rtol=1e-5)  # light air ∝ wind
    strong, at24 = g[:, 25:], g[:, 24:25]
    assert np.all(strong <= at24 + 1e-6) and np.all(strong >= 0.75 * at24 - 1e-6)
    cos = np.cos(np.deg2rad(np.arange(181)))[:, None]
    vmg_down = -(g * cos)[150:]
    assert np.all(vmg_down[-1] <= vmg_down.max(axis=0)), "dead run is not the fastest way down"


def test_bilinear_lookup_between_grid_nodes() -> None:
    p = load_polar("class40")
    got = p.speed(np.array([60.5, 90.0, 179.9]), np.array([10.0, 12.5, 60.0]))
    g = p.grid
    assert got[0] == pytest.approx((g[60, 10] + g[61, 10]) / 2, rel=1e-6)
    assert got[1] == pytest.approx((g[90, 12] + g[90, 13]) / 2, rel=1e-6)
    assert got[2] == pytest.approx(0.1 * g[179, 60] + 0.9 * g[180, 60], rel=1e-5)
    # Out-of-range wind is clipped to the grid, never an index error.
    assert p.speed(np.array([90.0]), np.array([500.0]))[0] == pytest.approx(g[90, TWS_MAX])


POL = """TWA\\TWS\t0\t6\t10\t20
0\t0\t0\t0\t0
40\t0\t4.5\t6.0\t7.0
90\t0\t6.5\t8.0\t10.0
150\t0\t5.0\t7.0\t11.0
180\t0\t4.0\t6.0\t10.0
"""


def test_reads_pol_and_csv(tmp_path: Path) -> None:
    (tmp_path / "boat.pol").write_text(POL)
    (tmp_path / "boat.csv").write_text(POL.replace("\t", ";"))
    for f in ("boat.pol", "boat.csv"):
        p = load_polar(tmp_path / f)
        assert p.speed(np.array([90.0]), np.array([10.0]))[0] == pytest.approx(8.0)
        assert p.speed(np.array([150.0]), np.array([20.0]))[0] == pytest.approx(11.0)
        assert p.speed(np.array([20.0]), np.array([10.0]))[0] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"vpp": {"angles": [52, 60]}}', "not an ORC VPP table"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_bad_json_files(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(PolarError, match=message):
        load_polar(f)


def test_orc_json_with_bad_numbers(tmp_path: Path) -> None:
    data = json.loads((resources.files("calanque.race") / "data/polars/j70.json").read_text())
    data["vpp"]["90"][3] = -4.0
    (tmp_path / "neg.json").write_text(json.dumps(data))
    with pytest.raises(PolarError, match="0..60 kt"):
        load_polar(tmp_path / "neg.json")
    data["vpp"]["90"] = data["vpp"]["90"][:-1]
    (tmp_path / "short.json").write_text(json.dumps(data))
    with pytest.raises(PolarError, match="shape"):
        load_polar(tmp_path / "short.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hello\n1 2\n3 4\n", "header"),
        (POL.replace("6.5", "fast"), "non-numeric"),
        (POL.replace("\t11.0", ""), "has 3 speeds, expected 4"),
        (POL.replace("150\t", "30\t"), "increase strictly"),
        ("TWA\\TWS 6 10\n", "at least 2"),
    ],
)
def test_bad_table_files(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.pol"
    f.write_text(content)
    with pytest.raises(PolarError, match=message):
        load_polar(f)


def test_binary_and_missing_files(tmp_path: Path) -> None:
    f = tmp_path / "bin.pol"
    f.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(PolarError, match="UTF-8"):
        load_polar(f)
    with pytest.raises(PolarError, match="no polar named"):
        load_polar(tmp_path / "missing.pol")
