"""Web crawling of regional sources into the index: polite, incremental, resumable, safe.

The core has no CLI or web imports; progress is reported through a callback. Entry points:
`scheduler.run(engine, ids)`, `scheduler.run_due(engine)` and `scheduler.schedule(engine, stop)`.
"""

from calanque.crawl.crawler import Crawler, CrawlReport
from calanque.crawl.sources import Source, SourceError, load_sources_file
from calanque.crawl.state import CrawlState

__all__ = ["CrawlReport", "CrawlState", "Crawler", "Source", "SourceError", "load_sources_file"]
