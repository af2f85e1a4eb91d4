"""A crawler for the fetch layer's unit tests: the real spider, a stand-in engine, no network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.core.downloader import Slot
from scrapy.utils.test import get_crawler

from casecrawl.fetch.spiders.case_studies import CaseStudiesSpider

BASE = "https://www.local.gov.uk"
# Quick and deterministic: per-page rules (no learning sample), no facet or date walks, no
# previous snapshot, the listing order of the saved pages, no delays unless a test sets them.
SETTINGS = {
    "CASECRAWL_BASE_URL": BASE,
    "CASECRAWL_SAMPLE_SIZE": 0,
    "CASECRAWL_FACETS": False,
    "CASECRAWL_PREVIOUS": "",
    "CASECRAWL_LISTING_ORDER": "DESC",
    "CASECRAWL_RUN_KIND": "crawl",
    "CASECRAWL_ARCHIVE": True,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "EXTENSIONS_BASE": {},  # Scrapy's stats and log extensions expect a crawl under way
}


class FakeDownloader:
    """What the middlewares use of Scrapy's downloader: one slot per host."""

    def __init__(self):
        self.slots: dict[str, Slot] = {}

    def get_slot_key(self, request) -> str:
        return request.meta.get("download_slot") or urlsplit(request.url).hostname or ""

    def slot(self, host: str, delay: float = 0.0) -> Slot:
        """The host's slot, as the downloader makes it when a first request goes there."""
        self.slots[host] = Slot(concurrency=2, delay=delay, jitter=0)
        return self.slots[host]


class FakeEngine:
    """What the middlewares use of Scrapy's engine: its downloader, and closing the spider."""

    def __init__(self):
        self.downloader = FakeDownloader()
        self.closed: list[tuple[object, str]] = []  # (spider, reason) of each close asked for

    def close_spider(self, spider, reason: str = "cancelled") -> None:
        self.closed.append((spider, reason))


@pytest.fixture
def fetch_out(tmp_path: Path) -> Path:
    """CASECRAWL_OUT_DIR of the test's crawler."""
    return tmp_path / "data"


@pytest.fixture
def make_crawler(fetch_out):
    """`make_crawler(**settings)`: a crawler with SETTINGS and these, its CaseStudiesSpider made
    from it (`spider_args`: the spider's arguments, as `scrapy crawl -a`) and a FakeEngine."""

    def make(spider_args: dict | None = None, **settings):
        crawler = get_crawler(
            CaseStudiesSpider, {**SETTINGS, "CASECRAWL_OUT_DIR": str(fetch_out), **settings}
        )
        crawler.spider = CaseStudiesSpider.from_crawler(crawler, **(spider_args or {}))
        crawler.engine = FakeEngine()
        return crawler

    return make
