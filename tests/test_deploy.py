"""deploy/Procfile: parsed, and every process it names started on loopback against one database
(the test's PostgreSQL schema, or a SQLite file on the SQLite pass): the web workers answer and
share what they write, the race process alone sails the races, the crawler loop runs."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from race_files import SLUG, race_file

PROCFILE = Path(__file__).resolve().parents[1] / "deploy" / "Procfile"


def processes() -> dict[str, str]:
    """`name: command` lines, comments and blank lines skipped."""
    out = {}
    for line in PROCFILE.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, command = line.partition(":")
        assert sep and re.fullmatch(r"[a-z][a-z0-9_-]*", name), f"not `name: command`: {line!r}"
        out[name] = command.strip()
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _served(command: str) -> list[str]:
    """`calanque serve …`'s arguments, after an `env NAME=value` prefix if any."""
    args = shlex.split(command)
    if args[0] == "env":
        args = args[1 + sum(1 for a in args[1:] if "=" in a) :]
    return args


def test_procfile_names_web_workers_a_race_process_and_a_crawler() -> None:
    found = processes()
    web = {n: c for n, c in found.items() if n.startswith("web")}
    assert len(web) >= 2 and "crawler" in found and "races" in found
    for name in [*web, "races"]:
        args = _served(found[name])
        assert args[:2] == ["calanque", "serve"]
        assert args[args.index("--host") + 1] == "127.0.0.1"  # only the proxy faces the network
    for command in web.values():  # the race process alone sails the races
        assert "CALANQUE_RACES=false" in shlex.split(command)
    ports = {_served(c)[-1] for n, c in found.items() if n in web or n == "races"}
    assert len(ports) == len(web) + 1  # a port each


@pytest.mark.slow
def test_the_processes_it_names_start_and_share_one_database(
    tmp_path: Path, pack_dir: Path, embedder: E5Embedder
) -> None:
    Engine(Settings.load({"pack": str(pack_dir)}), embedder=embedder).build_demo()
    env = {
        **os.environ,
        "CALANQUE_PACK": str(pack_dir),
        "CALANQUE_RACE_FILE": str(race_file(tmp_path / "races.toml")),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "OMP_NUM_THREADS": "1",
    }
    ports: dict[str, int] = {}
    running: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    try:
        for name, command in processes().items():
            if name.startswith("web") or name == "races":
                ports[name] = _free_port()
                command = re.sub(r"--port \d+", f"--port {ports[name]}", command)
            log = tmp_path / f"{name}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    ["sh", "-c", f"exec {command}"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # the crawler's shell and its children stop together
                )
            running.append((name, proc, log))
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        deadline = time.monotonic() + 180
        health = {}
        while len(health) < len(urls) and time.monotonic() < deadline:
            for name, url in urls.items():
                try:
                    health[name] = httpx.get(f"{url}/healthz", timeout=5).json()
                except httpx.HTTPError:
                    pass
            for name, proc, log in running:
                assert proc.poll() is None, f"{name} stopped: {log.read_text()[-2000:]}"
            time.sleep(0.5)
        assert set(health) == set(urls), "a web worker did not come up"
        assert len({h["chunks"] for h in health.values()}) == 1 and health["web1"]["chunks"] > 0
        races = httpx.get(f"{urls['races']}/api/races", timeout=30).json()
        assert [r["slug"] for r in races] == [SLUG]  # sailed by the race process
        assert httpx.get(f"{urls['web1']}/api/races/{SLUG}", timeout=30).status_code == 404
        first, second = urls["web1"], urls["web2"]
        asked = httpx.post(f"{first}/api/ask", json={"question": "phare"}, timeout=60).json()
        shared = httpx.get(f"{second}/api/conversations/{asked['conversation_id']}", timeout=30)
        assert shared.status_code == 200  # written by one worker, read by the other
        crawler_log = next(log for name, _, log in running if name == "crawler")
        while "nothing to crawl" not in crawler_log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "nothing to crawl" in crawler_log.read_text()
    finally:
        for _, proc, _ in running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc, _ in running:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
