"""Run the crawl's spider and pipelines over archived pages, without Scrapy's engine.

A reparse reads every page from archives: nothing waits on the network, so Scrapy's engine
(scheduling, middlewares, about 2 ms a page) would cost more than parsing itself. This loop
does what the engine does for such a run and nothing else: it hands each request's archived
response to the spider's own callback, queues the requests the callback yields (listing pages
first, as their priority says), and passes each item through the pipelines of ITEM_PIPELINES
in order, then closes them as Scrapy does (in reverse order). The spider, the parsers and the
pipelines are the crawl's, so a reparse and a crawl cannot read a page differently.
"""

from __future__ import annotations

import heapq
import itertools
import logging
from pathlib import Path

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, DropItem, IgnoreRequest
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from casecrawl.fetch.warc import archive_index, replayed_response

logger = logging.getLogger(__name__)
PASSED_TO_CALLBACK = frozenset({200, 304, 404, 410})


class ReplayEngine:
    """What the spider uses of Scrapy's engine: `crawl(request)` schedules a request."""

    def __init__(self):
        self.queue: list = []
        self.order = itertools.count()

    def crawl(self, request: Request) -> None:
        heapq.heappush(self.queue, (-request.priority, next(self.order), request))

    def spider_is_idle(self) -> bool:
        return not self.queue


class ReplayCrawler:
    """What the spider and the pipelines use of a Scrapy crawler: settings, signals, stats."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.signals = SignalManager(self)
        self.stats = MemoryStatsCollector(self)
        self.engine = ReplayEngine()
        self.spider = None


def run_replay(settings: Settings, spidercls) -> dict:
    """Rebuild a snapshot from the archives in CASECRAWL_REPLAY; the snapshot's manifest."""
    crawler = ReplayCrawler(settings)
    index = archive_index(Path(p) for p in settings.getlist("CASECRAWL_REPLAY"))
    spider = spidercls.from_crawler(crawler)
    crawler.spider = spider
    pipelines = [
        load_object(path).from_crawler(crawler)
        for path, _ in sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    ]
    queue = crawler.engine.queue
    push = crawler.engine.crawl

    def consume(outputs) -> None:
        for output in outputs or ():
            if isinstance(output, Request):
                push(output)
            else:
                _process_item(output, pipelines, spider)

    def fail(request: Request, error: Exception) -> None:
        """What Scrapy does with a request that failed: its errback, if it has one."""
        failure = Failure(error)
        failure.request = request
        if request.errback is not None:
            consume(request.errback(failure))
        else:
            spider.ledger.failed[request.url] = failure.getErrorMessage()

    _start(spider, push)
    stats = crawler.stats
    while queue or _idle(crawler, spider):
        request = heapq.heappop(queue)[2]
        stats.inc_value("downloader/request_count")
        page = index.get(request.url)
        if page is None:
            logger.error("%s is not in the archive", request.url)
            fail(request, IgnoreRequest("not in the archive"))
            continue
        spider.ledger.replayed_pages += 1
        response = replayed_response(page, request)
        stats.inc_value(f"downloader/response_status_count/{response.status}")
        stats.inc_value("downloader/response_bytes", len(response.body))
        if response.status not in PASSED_TO_CALLBACK:
            fail(request, HttpError(response, f"HTTP {response.status}"))
            continue
        consume(request.callback(response, **request.cb_kwargs))
    for pipeline in reversed(pipelines):
        if hasattr(pipeline, "close_spider"):
            pipeline.close_spider()
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    result = getattr(spider, "result", None)
    if result is None:
        raise RuntimeError("the replay stopped before writing a snapshot")
    return result


def _idle(crawler: ReplayCrawler, spider) -> bool:
    """Nothing queued: tell the spider, as Scrapy's engine does; True if it queued more."""
    crawler.signals.send_catch_log(signals.spider_idle, spider=spider, dont_log=DontCloseSpider)
    return bool(crawler.engine.queue)


def _start(spider, push) -> None:
    """The spider's start requests (an async generator that awaits nothing here)."""
    generator = spider.start()
    while True:
        try:
            generator.asend(None).send(None)
        except StopIteration as step:  # each step ends at once, with the request it yields
            push(step.value)
        except StopAsyncIteration:
            return


def _process_item(item: dict, pipelines: list, spider) -> None:
    for pipeline in pipelines:
        try:
            item = pipeline.process_item(item)
        except DropItem as reason:
            logger.warning("Dropped: %s", reason)
            return
