"""A run started again after a kill: the case-study pages it had received, from its archive."""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

from casecrawl.dataset.layout import ARCHIVE_NAME
from casecrawl.fetch.warc import ArchivedPage, archive_index, replayed_response, run_folder

logger = logging.getLogger(__name__)


class ResumeMiddleware:
    """Downloader middleware: a run started again after a kill answers the case-study pages
    it had already received from its own archive, instead of fetching them again (listing
    pages are fetched again: the walk must see the listing as it is now)."""

    def __init__(self, index: dict[str, ArchivedPage]):
        self.index = index

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("CASECRAWL_ARCHIVE"):
            raise NotConfigured
        own = (
            run_folder(
                settings.get("CASECRAWL_OUT_DIR"),
                settings.get("CASECRAWL_RUN_KIND"),
                settings.get("CASECRAWL_BASE_URL"),
            )
            / ARCHIVE_NAME
        )
        if not own.exists() or not own.stat().st_size:
            raise NotConfigured  # nothing to resume: a run from the start
        index = {
            url: page
            for url, page in archive_index([own]).items()
            if page.status == 200 and "/case-studies/" in url
        }
        logger.warning(
            "Resuming an interrupted run: %d case-study pages already received", len(index)
        )
        middleware = cls(index)
        middleware.ledger = crawler.spider.ledger
        return middleware

    def process_request(self, request, spider=None):
        page = self.index.get(request.url)
        if page is None:
            return None
        self.ledger.replayed_pages += 1
        return replayed_response(page, request)
