"""Run one crawl in this process and return what the snapshot pipeline recorded."""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from casecrawl.spiders.case_studies import CaseStudiesSpider


def crawl_settings(
    base_url: str | None = None,
    out_dir: str | None = None,
    concurrency: int | None = None,
    delay: float | None = None,
    log_level: str | None = None,
) -> Settings:
    """casecrawl.settings with the command line's overrides applied."""
    settings = Settings()
    settings.setmodule("casecrawl.settings", priority="project")
    overrides = {}
    if base_url:
        overrides["CASECRAWL_BASE_URL"] = base_url
    if out_dir:
        overrides["CASECRAWL_OUT_DIR"] = out_dir
    if concurrency is not None:
        if concurrency < 1:
            raise ValueError(f"--concurrency must be at least 1, got {concurrency}")
        overrides["CONCURRENT_REQUESTS"] = concurrency
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = concurrency
    if delay is not None:
        if delay < 0:
            raise ValueError(f"--delay must not be negative, got {delay}")
        overrides["DOWNLOAD_DELAY"] = delay
        # No delay asked for (the local replica): AutoThrottle would add one back.
        overrides["AUTOTHROTTLE_ENABLED"] = delay > 0
    if log_level:
        overrides["LOG_LEVEL"] = log_level
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(settings: Settings) -> dict:
    """Crawl with these settings; the manifest of the snapshot written (published or not)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(CaseStudiesSpider)
    process.crawl(crawler)
    process.start()
    result = getattr(crawler.spider, "result", None)
    if result is None:
        raise RuntimeError("the crawl stopped before writing a snapshot; see the log above")
    return result
