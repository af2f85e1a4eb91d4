"""No request leaves for a host before its Retry-After has passed.

RateLimitMiddleware pauses the host's download slot when a 429/503 says Retry-After, but
Scrapy frees the slot and sends the next queued request as soon as the 429 has arrived,
before any middleware sees it: one request could still leave inside the pause. The gate
sits where requests are sent (the HTTP download handler): it learns the pause from the
response itself, and every request for that host, queued or retried, waits until it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from time import monotonic
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from casecrawl.fetch.middlewares.ratelimit import RATE_LIMITED, retry_after_seconds


class RetryAfterGate:
    """Holds each request until its host's Retry-After is over, then sends it with `send`."""

    def __init__(
        self, send: Callable[[object], Awaitable], max_pause: float, clock=monotonic, stats=None
    ):
        self.send = send
        self.stats = stats  # Scrapy's stats: casecrawl/held_for_retry_after
        self.max_pause = max_pause
        self.clock = clock
        self.paused_until: dict[str, float] = {}
        self.held = 0  # requests that waited for a pause to end

    async def download(self, request):
        host = urlsplit(request.url).netloc.lower()
        waited = False
        while (left := self.paused_until.get(host, 0) - self.clock()) > 0:
            waited = True
            await asyncio.sleep(left)
        self.held += waited
        if waited and self.stats is not None:
            self.stats.inc_value("casecrawl/held_for_retry_after")
        response = await self.send(request)
        if response.status in RATE_LIMITED:
            header = response.headers.get(b"Retry-After", b"").decode("latin-1")
            wait = retry_after_seconds(header)
            # Beyond the cap the middleware stops the crawl: nothing is held that long.
            if wait is not None and wait <= self.max_pause:
                until = self.clock() + wait
                self.paused_until[host] = max(self.paused_until.get(host, 0), until)
        return response


class RetryAfterDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler behind a RetryAfterGate (DOWNLOAD_HANDLERS http, https)."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.gate = RetryAfterGate(
            super().download_request,
            crawler.settings.getfloat("CASECRAWL_MAX_PAUSE", 600),
            stats=crawler.stats,
        )

    async def download_request(self, request):
        return await self.gate.download(request)
