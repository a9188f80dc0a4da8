"""The crawler's parts on their own: URLs and scope, sources, sitemaps, SimHash, robots, links."""

from __future__ import annotations

import gzip
from dataclasses import fields
from pathlib import Path

import pytest

from calanque.crawl import dedup
from calanque.crawl.links import extract
from calanque.crawl.sitemaps import SitemapError, inflate, parse_sitemap
from calanque.crawl.sources import Source, SourceError, load_sources_file, parse_duration
from calanque.crawl.urls import Scope, normalize, path_key, repeated_segments
from calanque.territory.pack import load_pack


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.FR:80/a/../b/?utm_source=x&z=1&a=2#top", "http://example.fr/b/?a=2&z=1"),
        ("https://example.fr:443", "https://example.fr/"),
        ("https://example.fr:8443/caf%C3%A9", "https://example.fr:8443/caf%C3%A9"),
        ("https://example.fr/café", "https://example.fr/caf%C3%A9"),
        ("https://example.fr/a?fbclid=1&PHPSESSID=abc", "https://example.fr/a"),
        ("https://example.fr/a?print&b=x+y&c=", "https://example.fr/a?b=x+y&c=&print"),
        ("mailto:office@example.fr", None),
        ("javascript:void(0)", None),
        ("https://example.fr/" + "a" * 2100, None),
    ],
)
def test_normalize(url: str, expected: str | None) -> None:
    assert normalize(url) == expected


def test_normalize_resolves_relative_links() -> None:
    assert normalize("../plages/", "https://ex.fr/guides/port.html") == "https://ex.fr/plages/"
    assert path_key("https://ex.fr/agenda?month=3") == "https://ex.fr/agenda"


def test_scope() -> None:
    scope = Scope(["ex.fr"], ["/fr/"], include=[r"/fr/(guides|pages)/"], exclude=[r"[?&]q="])
    assert scope.allows("https://ex.fr/fr/guides/port")
    assert not scope.allows("https://ex.fr/en/guides/port")  # prefix
    assert not scope.allows("https://ex.fr/fr/contact")  # include
    assert not scope.allows("https://ex.fr/fr/guides/?q=plage")  # exclude
    assert not scope.allows("https://other.fr/fr/guides/port")  # host
    assert repeated_segments("https://ex.fr/a/b/a/b/a/b/a/b")
    assert not repeated_segments("https://ex.fr/a/b/c")


def test_source_defaults_and_errors() -> None:
    s = Source.from_dict({"id": "ot", "start": "https://www.ex.fr/fr/", "refresh": "12h"})
    assert s.hosts == ["www.ex.fr"] and s.refresh_seconds == 43200 and s.name == "ot"
    assert parse_duration("2w") == 14 * 86400 and parse_duration(6) == 6 * 3600
    with pytest.raises(SourceError, match="unknown fields"):
        Source.from_dict({"id": "ot", "start": ["https://ex.fr/"], "depth": 3})
    with pytest.raises(SourceError, match="start URL or sitemap"):
        Source.from_dict({"id": "ot"})
    with pytest.raises(SourceError, match="must be http"):
        Source.from_dict({"id": "ot", "start": ["ftp://ex.fr/"]})
    with pytest.raises(SourceError, match="duration"):
        Source.from_dict({"id": "ot", "start": ["https://ex.fr/"], "refresh": "daily"})
    with pytest.raises(SourceError, match="bad exclude pattern"):
        Source.from_dict({"id": "ot", "start": ["https://ex.fr/"], "exclude": ["("]})


def test_bundled_pack_sources() -> None:
    pack = load_pack("aix-marseille-provence")
    assert pack.sources_file is not None
    sources = {s.id: s for s in load_sources_file(pack.sources_file)}
    assert "calanques-parc" in sources and "univ-amu" in sources
    assert sources["univ-amu"].prefixes == ["/fr/public/"]
    assert sources["calanques-parc"].refresh_seconds == 12 * 3600
    assert all(not s.reachable_offline and not s.allow_private for s in sources.values())


def test_sources_file_with_a_duplicate_id(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nid = "a"\nstart = ["https://a.fr/"]\n' * 2, encoding="utf-8")
    with pytest.raises(SourceError, match="appears twice"):
        load_sources_file(path)


def test_sitemap_index_and_gzipped_urlset() -> None:
    index = parse_sitemap(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc> https://ex.fr/s1.xml.gz </loc></sitemap></sitemapindex>"
    )
    assert index.children == ["https://ex.fr/s1.xml.gz"] and index.urls == []
    urlset = parse_sitemap(
        gzip.compress(
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            b"<loc>https://ex.fr/a</loc><lastmod>2026-11-01</lastmod></url>"
            b"<url><loc>https://ex.fr/b</loc></url></urlset>"
        )
    )
    assert urlset.urls == [("https://ex.fr/a", "2026-11-01"), ("https://ex.fr/b", None)]


def test_sitemap_refusals() -> None:
    bomb = gzip.compress(b"<" + b"a" * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(SitemapError, match="larger than"):
        inflate(bomb, max_bytes=1_000_000)
    with pytest.raises(SitemapError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hello</body></html>")
    with pytest.raises(SitemapError, match="not XML"):
        parse_sitemap(b"User-agent: *")
    entities = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://ex.fr/&x;</loc></url></urlset>"
    )
    assert "root:" not in str(parse_sitemap(entities).urls)


def test_simhash_separates_near_from_different() -> None:
    words = "le sentier du littoral suit la côte entre les calanques et le port de pêche".split()
    base = " ".join(words * 6)
    near = base + " mentions légales plan du site"
    other = " ".join(reversed(words * 6)) + " une tout autre page sur les marchés provençaux"
    assert dedup.distance(dedup.simhash(base), dedup.simhash(near)) <= dedup.NEAR_BITS
    assert dedup.distance(dedup.simhash(base), dedup.simhash(other)) > dedup.NEAR_BITS
    index = dedup.NearDuplicates()
    index.add("a", dedup.simhash(base))
    assert index.find(dedup.simhash(near)) == "a"
    assert index.find(dedup.simhash(near), exclude="a") is None
    assert index.find(dedup.simhash(other)) is None
    h = dedup.simhash(base)
    assert dedup.from_signed(dedup.to_signed(h)) == h


def test_links_canonical_and_robots_meta() -> None:
    page = (
        b"<html><head><base href='https://ex.fr/fr/'>"
        b"<link rel='canonical' href='/fr/port'><meta name='robots' content='noindex'></head>"
        b"<body><a href='plages/'>p</a><a href='plages/#x'>p</a><a rel='nofollow' href='/login'>l"
        b"</a><a href='mailto:a@ex.fr'>m</a></body></html>"
    )
    found = extract(page, "https://ex.fr/fr/port?ref=home")
    assert found.links == ["https://ex.fr/fr/plages/"]
    assert found.canonical == "https://ex.fr/fr/port"
    assert found.noindex and not found.nofollow
    assert extract(b"<html></html>", "https://ex.fr/", "noindex, nofollow").nofollow


def test_every_source_field_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "crawling.md").read_text("utf-8")
    for f in fields(Source):
        if f.name != "origin":
            assert f"| `{f.name}` |" in text, f.name
