"""Honour a site's rate limits: Retry-After on 429/503, and robots.txt's Crawl-delay.

A 429 or 503 that says Retry-After (seconds or an HTTP date) pauses every request to that
host until the time has passed: the host's download slot is held back, so nothing more is
sent (only requests already in flight arrive). The request is sent again without spending
its retry budget. Afterwards the host is asked at a lower rate (a delay of at least
`CASECRAWL_RESUME_DELAY`) that falls back slowly, by a tenth on every good answer, to the
configured delay, as AutoThrottle does. A Retry-After beyond `CASECRAWL_MAX_PAUSE` (10 min)
stops the crawl and says so: the snapshot is then not published.

A Crawl-delay in robots.txt for our User-Agent (or `*`) raises the host's delay when it is
larger than the configured one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic

from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)
RATE_LIMITED = {429, 503}
RECOVERY = 0.9  # each good answer takes a tenth off the extra delay
TIMES = "casecrawl_rate_limited"  # request.meta key: how often this request was rate limited


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - (now or datetime.now(timezone.utc))).total_seconds(), 0.0)


class RateLimitMiddleware:
    """Downloader middleware: pauses a host on Retry-After; applies Crawl-delay."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.max_pause = settings.getfloat("CASECRAWL_MAX_PAUSE", 600)
        self.max_times = settings.getint("CASECRAWL_MAX_RATE_LIMITED", 10)
        self.resume_delay = settings.getfloat("CASECRAWL_RESUME_DELAY", 1.0)
        self.base_delay = settings.getfloat("DOWNLOAD_DELAY", 0)
        self.user_agent = settings.get("USER_AGENT", "")
        self.autothrottle = settings.getbool("AUTOTHROTTLE_ENABLED")
        self.paused_until: dict[str, float] = {}
        self.recovering: dict[str, float] = {}  # host -> the raised delay, falling back
        self.stats = {"rate_limited": 0, "pauses": 0, "paused_seconds": 0.0, "crawl_delay": None}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CASECRAWL_HONOUR_RATE_LIMITS", True):
            raise NotConfigured
        middleware = cls(crawler)
        crawler.spider.ledger.rate_limits = middleware.stats  # for the manifest
        return middleware

    def _slot(self, request):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def process_response(self, request, response, spider=None):
        if request.url.endswith("/robots.txt") and response.status == 200:
            self._crawl_delay(request, response)
            return response
        key, slot = self._slot(request)
        wait = None
        if response.status in RATE_LIMITED:
            wait = retry_after_seconds(response.headers.get(b"Retry-After", b"").decode("latin-1"))
        if wait is None:
            if key in self.recovering:
                self.recovering[key] *= RECOVERY
                if self.recovering[key] <= self._floor():
                    del self.recovering[key]
            self._apply_delay(key, slot)
            return response
        self.stats["rate_limited"] += 1
        if wait > self.max_pause:
            reason = (
                f"rate limited: {request.url} answered {response.status} with Retry-After "
                f"{wait:.0f} s, beyond the {self.max_pause:.0f} s cap"
            )
            logger.error("Stopping the crawl: %s", reason)
            self.crawler.stats.set_value("casecrawl/stopped", reason)
            self.crawler.engine.close_spider(self.crawler.spider, "rate_limited")
            return response
        times = request.meta.get(TIMES, 0) + 1
        if times > self.max_times:
            # A host that answers Retry-After for ever would hold the crawl for ever: the
            # page fails (and is named as missing) instead.
            logger.error("Giving up on %s: rate limited %d times in a row", request.url, times - 1)
            self.crawler.stats.inc_value("casecrawl/rate_limited_gave_up")
            return response
        self._pause(key, slot, wait)
        retry = request.copy()
        retry.meta[TIMES] = times
        retry.dont_filter = True
        retry.priority = request.priority + 1  # first in line once the pause is over
        return retry

    def _floor(self) -> float:
        return max(self.base_delay, self.stats["crawl_delay"] or 0)

    def _apply_delay(self, key: str, slot) -> None:
        """The host's delay: ours (Crawl-delay, a rate limit's aftermath) as a floor under
        AutoThrottle's, or the delay itself when AutoThrottle is off."""
        if slot is None:
            return
        ours = max(self._floor(), self.recovering.get(key, 0))
        slot.delay = max(slot.delay, ours) if self.autothrottle else ours

    def _pause(self, key: str, slot, wait: float) -> None:
        now = monotonic()
        until = now + wait
        current = self.paused_until.get(key, 0)
        if until > current:
            if current <= now:  # a new pause (429s answering requests in flight extend it)
                self.stats["pauses"] += 1
                logger.warning("Rate limited by %s: pausing every request for %.1f s", key, wait)
            added = until - max(current, now)
            self.paused_until[key] = until
            self.stats["paused_seconds"] = round(self.stats["paused_seconds"] + added, 3)
        self.recovering[key] = max(self.recovering.get(key, 0), self.resume_delay)
        if slot is not None:
            # Hold the slot back: its next request goes at lastseen + delay = the pause's end,
            # then one per delay, the delay falling back slowly as good answers come.
            self._apply_delay(key, slot)
            slot.lastseen = self.paused_until[key] - slot.delay

    def _crawl_delay(self, request, response) -> None:
        from protego import Protego

        try:
            rules = Protego.parse(response.text)
        except Exception:  # noqa: BLE001 - a robots.txt we cannot read sets no delay
            return
        delay = rules.crawl_delay(self.user_agent) or rules.crawl_delay("*")
        if not delay or delay <= self.base_delay:
            return
        self.stats["crawl_delay"] = float(delay)
        self._apply_delay(*self._slot(request))
        logger.warning("robots.txt asks for a Crawl-delay of %s s: using it", delay)
