"""Sitemaps and sitemap indexes (XML, gzipped or not), parsed without trusting them.

A gzipped sitemap is inflated with a cap on the output, so a small bomb cannot fill the memory;
the XML parser resolves no entities and reads nothing from the network.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from lxml import etree

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit, uncompressed


class SitemapError(ValueError):
    """Not a sitemap, or larger than the cap once inflated."""


@dataclass
class Sitemap:
    urls: list[tuple[str, str | None]] = field(default_factory=list)  # (loc, lastmod)
    children: list[str] = field(default_factory=list)  # sitemaps named by an index


def inflate(data: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gunzip when the bytes are gzip (whatever the content type said), capped at `max_bytes`."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SitemapError(f"corrupt gzip ({exc})") from exc
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise SitemapError(f"larger than {max_bytes / 1e6:.0f} MB once decompressed")
    return out


def parse_sitemap(data: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """`<urlset>` entries or `<sitemapindex>` children; other XML is an error."""
    xml = inflate(data, max_bytes)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML ({exc})") from exc
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap (root element <{kind}>)")
    out = Sitemap()
    entry = "url" if kind == "urlset" else "sitemap"
    for item in root:
        if not isinstance(item.tag, str) or etree.QName(item).localname != entry:
            continue
        loc = lastmod = None
        for child in item:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc" and child.text:
                loc = child.text.strip()
            elif name == "lastmod" and child.text:
                lastmod = child.text.strip()
        if loc:
            if kind == "urlset":
                out.urls.append((loc, lastmod))
            else:
                out.children.append(loc)
    return out
