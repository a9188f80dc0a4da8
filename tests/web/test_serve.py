"""`calanque serve` as a user starts it: a real process on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from calanque.engine import Engine


def _calanque() -> list[str]:
    found = shutil.which("calanque", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "calanque.cli"]


def test_serve_believes_no_forwarded_header_by_default(
    built_engine: Engine, pack_dir: Path, tmp_path: Path
) -> None:
    """Rotating X-Forwarded-For from 127.0.0.1 answered 331 requests of 331 with uvicorn's
    defaults; the limit must hold whatever the header says."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "CALANQUE_HOME": str(built_engine.settings.home),
        "CALANQUE_PACK": str(pack_dir),
        "CALANQUE_RATE_LIMIT_PER_MINUTE": "2",
        "CALANQUE_TRUSTED_PROXIES": "",
        "OMP_NUM_THREADS": "1",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*_calanque(), "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text("utf-8", "replace")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "calanque serve did not start in 120 s"
            time.sleep(0.25)
        codes = [
            httpx.get(
                f"{base}/api/search",
                params={"q": "phare"},
                headers={"X-Forwarded-For": f"198.51.100.{i}"},
                timeout=30,
            ).status_code
            for i in range(3)
        ]
        assert codes == [200, 200, 429]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
