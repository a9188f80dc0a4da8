"""The generated site end to end: what is indexed, what is not, what a re-crawl costs."""

from __future__ import annotations

import json

from crawlsite import Site, crawl, site_source

from calanque.crawl import CrawlState
from calanque.index.embedders import E5Embedder
from calanque.index.store import Store
from calanque.ingest.pipeline import Ingestor


def test_first_crawl_indexes_the_site_and_nothing_else(site: Site, store: Store) -> None:
    report = crawl(store, site_source(site))

    assert set(store.uris()) == site.expected_uris()
    assert report.indexed == len(site.expected_uris()) == 72
    # robots.txt: the disallowed section is never requested.
    assert site.requests["/private/secret.html"] == 0 and report.blocked == 1
    # The endless calendar stops at the query-variant budget.
    assert site.requests["/agenda?month=4"] == 1 and site.requests["/agenda?month=5"] == 0
    assert report.trapped == 1
    # The sitemap index and its gzipped sitemap were read once; the tracking link is one page.
    assert site.requests["/sitemap_index.xml"] == 1
    assert site.requests["/sitemaps/communes.xml.gz"] == 1
    assert site.requests["/communes/000.html"] == 1
    # Off-site links are not followed.
    assert not any("elsewhere" in u for u in CrawlState(store.database).pages("lagune"))

    state = CrawlState(store.database)
    exact = state.page("lagune", site.url("/copie-port.html"))
    near = state.page("lagune", site.url("/port-imprimable.html"))
    assert exact is not None and exact.status == "duplicate"
    assert near is not None and near.status == "duplicate"
    dup_of = store.db.execute(
        "SELECT dup_of FROM crawl_pages WHERE url IN (?, ?)",
        (site.url("/copie-port.html"), site.url("/port-imprimable.html")),
    ).fetchall()
    assert {r[0] for r in dup_of} == {site.url("/guides/port.html")}
    assert report.duplicates == 2

    assert dict(report.skipped) == {
        site.url("/broken.html"): "binary content in a text file (NUL bytes)"
    }
    errors = dict(report.errors)
    assert "non-public address (127.0.0.1)" in errors[site.url("/to-localhost")]
    assert errors[site.url("/missing.html")] == "HTTP 404"

    rows = store.db.execute("SELECT source, weight, kind FROM documents").fetchall()
    assert {(r[0], r[1]) for r in rows} == {("web:lagune", 1.5)}
    pdf = store.db.execute(
        "SELECT c.text FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.uri = ?",
        (site.url("/docs/rapport.pdf"),),
    ).fetchall()
    assert any("fréquentation des criques a doublé" in r[0] for r in pdf)
    assert store.check() == []


def test_recrawl_of_an_unchanged_site_is_conditional_and_writes_nothing(
    site: Site, store: Store
) -> None:
    first = crawl(store, site_source(site))
    generation = store.generation()
    site.reset_counts()

    second = crawl(store, site_source(site))

    assert second.indexed == 0 and second.ingest.chunks == 0 and second.fetched == 0
    assert second.not_modified == first.indexed + first.duplicates + len(first.skipped) == 75
    assert store.generation() == generation  # not one index write
    for path in site.commune_paths:
        assert site.requests[path] == site.conditional[path] == site.not_modified[path] == 1
    assert set(store.uris()) == site.expected_uris()
    runs = CrawlState(store.database).runs("lagune")
    assert [r["stats"]["not_modified"] for r in runs] == [0, 75]


def test_changed_and_vanished_pages(site: Site, store: Store) -> None:
    crawl(store, site_source(site))
    site.resources["/guides/sentiers.html"].body = site.resources[
        "/guides/sentiers.html"
    ].body.replace(b"<p>", b"<p>Nouveau : le sentier du littoral est rouvert. ", 1)
    del site.resources["/guides/marches.html"]

    changed = crawl(store, site_source(site))
    assert changed.indexed == 1 and changed.fetched == 1
    assert site.url("/guides/marches.html") in store.uris()  # one 404 is not enough
    assert (
        CrawlState(store.database).page("lagune", site.url("/guides/marches.html")).status
        == "notfound"
    )

    gone = crawl(store, site_source(site))
    assert site.url("/guides/marches.html") not in store.uris()
    assert gone.removed == 1
    assert (
        CrawlState(store.database).page("lagune", site.url("/guides/marches.html")).status == "gone"
    )
    assert store.check() == []


def test_recrawl_reembeds_nothing_and_a_change_reembeds_only_its_chunks(
    site: Site, store: Store, embedder: E5Embedder
) -> None:
    ingestor = Ingestor(store, embedder)
    # The guides only: the real embedder is slow, and embeddings are what this test is about.
    source = site_source(site, start=[site.url("/guides/port.html")], prefixes=["/guides/"])
    source.start += [site.url("/guides/sentiers.html"), site.url("/guides/marches.html")]
    first = crawl(store, source, ingestor)
    assert first.indexed == 3 and first.ingest.embedded == first.ingest.chunks > 0

    second = crawl(store, source, ingestor)
    assert second.ingest.embedded == 0 and second.not_modified == 3 and second.indexed == 0

    body = site.resources["/guides/sentiers.html"].body
    site.resources["/guides/sentiers.html"].body = body.replace(
        b"</article>", b"<p>Ajout.</p></article>"
    )
    third = crawl(store, source, ingestor)
    chunks = store.db.execute(
        "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.uri = ?",
        (site.url("/guides/sentiers.html"),),
    ).fetchone()[0]
    assert third.indexed == 1
    assert 1 <= third.ingest.embedded < chunks
    assert third.ingest.reused_vectors == chunks - third.ingest.embedded


def test_canonical_link_names_the_document(site: Site, store: Store) -> None:
    site.resources["/guides/port.html"].body = site.resources["/guides/port.html"].body.replace(
        b"<title>", f'<link rel="canonical" href="{site.url("/le-port")}"><title>'.encode(), 1
    )
    source = site_source(site, start=[site.url("/guides/port.html")], max_depth=0)
    source.robots_sitemaps = False
    crawl(store, source)
    assert store.uris() == [site.url("/le-port")]
    meta = json.loads(store.db.execute("SELECT meta FROM documents").fetchone()[0])
    assert meta["url"] == site.url("/guides/port.html")
