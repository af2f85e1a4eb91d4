"""Stay on the crawled site: only its host and the host's www/www2/bare forms are fetched.

The spider only asks for listing and case-study URLs on the site, but a redirect can point
anywhere: a request for another host (or not over HTTP(S)) is dropped, logged and counted,
never sent.

Scrapy's own OffsiteMiddleware is not enough here: it drops an off-site redirect when it is
scheduled, without calling the request's errback, so the case study behind it vanished from
the run without being named as missing (tests/test_crawl_end_to_end.py,
test_the_crawl_stays_on_the_site); and it tells hosts apart, not ports.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def site_hosts(base_url: str) -> frozenset[str]:
    """The crawled host and its www/www2/bare variants, with the port if any."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "", f":{parts.port}" if parts.port else ""
    bare = host.removeprefix("www2.").removeprefix("www.")
    names = (
        {host, bare}
        if host.replace(".", "").isdigit()
        else {host, bare, f"www.{bare}", f"www2.{bare}"}
    )
    return frozenset(f"{name}{port}" for name in names)


class OnSiteMiddleware:
    """Downloader middleware: drops requests off the crawled site (redirects included)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.hosts: frozenset[str] | None = None  # known once the spider has its base URL

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        if self.hosts is None:
            self.hosts = site_hosts(self.crawler.spider.base_url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc.lower() in self.hosts:
            return None
        self.crawler.stats.inc_value("casecrawl/offsite_dropped")
        logger.warning("Not fetching %s: it is not on the crawled site", request.url)
        raise IgnoreRequest(f"{request.url} is off the crawled site")
