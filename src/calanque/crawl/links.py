"""What an HTML page tells the crawler: its links, its canonical URL and its robots directives."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from calanque.crawl.urls import normalize


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)  # normalised, in document order, unique
    canonical: str | None = None
    noindex: bool = False
    nofollow: bool = False


def extract(data: bytes, url: str, robots_header: str = "") -> PageLinks:
    """Links (`<a>`, `<area>`), `rel=canonical`, and `noindex`/`nofollow` from meta or header."""
    out = PageLinks()
    directives = {d.strip().lower() for d in robots_header.split(",")}
    try:
        root = lxml.html.fromstring(data)
    except (etree.ParserError, ValueError):
        return out
    base = url
    for href in root.xpath("//base/@href")[:1]:
        base = normalize(str(href), url) or url
    for meta in root.xpath("//meta[@name]"):
        if meta.get("name", "").lower() in ("robots", "calanquebot"):
            directives |= {d.strip().lower() for d in meta.get("content", "").split(",")}
    out.noindex = bool(directives & {"noindex", "none"})
    out.nofollow = bool(directives & {"nofollow", "none"})
    for link in root.xpath("//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            out.canonical = normalize(link.get("href", ""), base)
            break
    seen: set[str] = set()
    for element in root.xpath("//a[@href] | //area[@href]"):
        if "nofollow" in (element.get("rel") or "").lower().split():
            continue
        target = normalize(element.get("href", ""), base)
        if target and target not in seen:
            seen.add(target)
            out.links.append(target)
    return out
