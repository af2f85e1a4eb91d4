"""Every response into the run's WARC archive, stamped with its arrival."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured

from casecrawl.dataset.layout import ARCHIVE_NAME
from casecrawl.fetch.warc import FETCHED_AT, FROM_ARCHIVE, PageArchive, header_pairs, run_folder

logger = logging.getLogger(__name__)


class ArchiveMiddleware:
    """Downloader middleware: every response into the run's WARC, stamped with its arrival."""

    def __init__(self, archive: PageArchive):
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("CASECRAWL_ARCHIVE"):
            raise NotConfigured  # CASECRAWL_ARCHIVE is off (a reparse writes no archive)
        folder = run_folder(
            settings.get("CASECRAWL_OUT_DIR"),
            settings.get("CASECRAWL_RUN_KIND"),
            settings.get("CASECRAWL_BASE_URL"),
        )
        path = folder / ARCHIVE_NAME
        stale_after = settings.getint("CASECRAWL_RECHECK_DAYS", 28) * 86400
        if path.exists() and time.time() - path.stat().st_mtime > stale_after:
            logger.warning("Discarding %s: too old to resume from", path)
            path.unlink()
        middleware = cls(PageArchive(path))
        crawler.spider.ledger.archive = middleware.archive  # moved into the snapshot
        crawler.signals.connect(middleware.archive.close, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response, spider=None):
        if request.meta.get(FROM_ARCHIVE):
            return response
        fetched_at = datetime.now(timezone.utc)
        request.meta[FETCHED_AT] = fetched_at
        self.archive.write(
            request.url, request.method, header_pairs(request.headers),
            response.status, header_pairs(response.headers), response.body, fetched_at,
        )  # fmt: skip
        return response
