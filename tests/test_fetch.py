"""Fetching URLs over real HTTP on loopback: address checks, redirects, size caps."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from calanque.crawl.fetcher import Fetcher
from calanque.ingest.fetch import FetchError, check_url, fetch
from files import HTML_PAGE


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes = {
            "/page": (200, "text/html; charset=utf-8", HTML_PAGE.encode()),
            "/big": (200, "text/plain", b"x" * 50_000),
            "/image": (200, "image/png", b"\x89PNG"),
            "/gone": (404, "text/html", b"gone"),
        }
        if self.path == "/to-localhost":
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/bad-redirect":  # not a URL httpx can parse (no `//`)
            self.send_response(302)
            self.send_header("Location", "http:localhost:8792/x")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:1"])
def test_only_http(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        check_url(url)


def test_loopback_page_is_refused_unless_allowed(site: str) -> None:
    with pytest.raises(FetchError, match="non-public"):
        fetch(f"{site}/page")
    page = fetch(f"{site}/page", allow_private=True)
    assert page.status == 200 and page.suffix == ".html"
    assert "chaque mardi" in page.data.decode()


def test_redirect_to_another_private_host_is_refused(site: str) -> None:
    with pytest.raises(FetchError, match="localhost resolves to a non-public address"):
        fetch(f"{site}/to-localhost", allow_hosts={"127.0.0.1"})


def test_redirect_loop_is_bounded(site: str) -> None:
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(f"{site}/loop", allow_private=True, max_redirects=3)


INVALID = "redirect to an invalid URL (For absolute URLs, path must be empty or begin with '/')"


def test_redirect_to_a_malformed_url_is_a_fetch_error(site: str) -> None:
    # Before: httpx.InvalidURL (not an httpx.HTTPError) escaped both fetchers.
    with pytest.raises(FetchError) as caught:
        fetch(f"{site}/bad-redirect", allow_private=True)
    assert str(caught.value) == f"{site}/bad-redirect: {INVALID}"

    async def get() -> None:
        async with Fetcher(delay=0) as fetcher:
            await fetcher.get(f"{site}/bad-redirect", allow_private=True)

    with pytest.raises(FetchError) as caught:
        asyncio.run(get())
    assert str(caught.value) == f"{site}/bad-redirect: {INVALID}"


@pytest.mark.parametrize("url", ["http://ex.fr:99999/", "http://[::1/"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="invalid URL"):
        check_url(url, allow_private=True)


def test_ingest_command_reports_the_malformed_redirect(
    site: str, tmp_path: Path, pack_dir: Path
) -> None:
    # Before: `calanque ingest URL` died with a traceback.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALANQUE_")}
    env.update(CALANQUE_PACK=str(pack_dir), CALANQUE_HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [sys.executable, "-m", "calanque.cli", "ingest", f"{site}/bad-redirect", "--allow-private"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "unexpected" not in output
    assert result.returncode == 1, output
    assert f"skipped {site}/bad-redirect: {INVALID}" in " ".join(output.split()), output


def test_size_cap(site: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{site}/big", allow_private=True, max_bytes=10_000)


@pytest.fixture
def rebinding_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A resolver for `rebind.test` that answers a public address to the first question and the
    loopback address afterwards, as a hostile DNS server with a zero TTL does (the stdlib
    resolver is replaced, not our code)."""
    real = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        address = "93.184.216.34" if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]  # type: ignore[call-overload]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_dns_rebinding_is_refused_at_connection(site: str, rebinding_dns: list[str]) -> None:
    port = site.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="non-public address"):
        fetch(f"http://rebind.test:{port}/page")
    assert rebinding_dns == ["93.184.216.34", "127.0.0.1"]  # checked, then refused on connect


def test_dns_rebinding_is_refused_by_the_crawler(site: str, rebinding_dns: list[str]) -> None:
    port = site.rsplit(":", 1)[1]

    async def get() -> None:
        async with Fetcher(delay=0) as fetcher:
            await fetcher.get(f"http://rebind.test:{port}/page")

    with pytest.raises(FetchError, match="non-public address"):
        asyncio.run(get())
    assert rebinding_dns == ["93.184.216.34", "127.0.0.1"]
