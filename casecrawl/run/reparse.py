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
import math
import multiprocessing
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
    replay = ArchiveReplay(settings, spidercls)
    replay.run()
    result = getattr(replay.spider, "result", None)
    if result is None:
        raise RuntimeError("the replay stopped before writing a snapshot")
    return result


class ArchiveReplay:
    """The loop: each queued request answered from the archive, highest priority first; with
    CASECRAWL_REPARSE_JOBS > 1, the case-study pages read once the template is known go to
    forked workers, a contiguous share each, and their items to the pipelines in order."""

    def __init__(self, settings: Settings, spidercls):
        self.crawler = ReplayCrawler(settings)
        self.index = archive_index(Path(p) for p in settings.getlist("CASECRAWL_REPLAY"))
        self.spider = spidercls.from_crawler(self.crawler)
        self.crawler.spider = self.spider
        self.pipelines = [
            load_object(path).from_crawler(self.crawler)
            for path, _ in sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
        ]
        self.jobs = max(settings.getint("CASECRAWL_REPARSE_JOBS", 1), 1)

    def run(self) -> None:
        crawler, spider, queue = self.crawler, self.spider, self.crawler.engine.queue
        _start(spider, crawler.engine.crawl)
        while queue or _idle(crawler, spider):
            batch = self._parallel_batch()
            if batch:
                self._read_in_workers(batch)
                continue
            request = heapq.heappop(queue)[2]
            page = self._archived(request)
            if page is not None:
                response = replayed_response(page, request)
                self._consume(request.callback(response, **request.cb_kwargs))
        for pipeline in reversed(self.pipelines):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
        crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")

    def _archived(self, request: Request):
        """The archived page answering `request`, counted as the downloader counts a
        response; None when it failed (its errback called)."""
        stats = self.crawler.stats
        stats.inc_value("downloader/request_count")
        page = self.index.get(request.url)
        if page is None:
            logger.error("%s is not in the archive", request.url)
            self._fail(request, IgnoreRequest("not in the archive"))
            return None
        self.spider.ledger.replayed_pages += 1
        stats.inc_value(f"downloader/response_status_count/{page.status}")
        stats.inc_value("downloader/response_bytes", len(page.body))
        if page.status not in PASSED_TO_CALLBACK:
            response = replayed_response(page, request)
            self._fail(request, HttpError(response, f"HTTP {page.status}"))
            return None
        return page

    def _consume(self, outputs) -> None:
        for output in outputs or ():
            if isinstance(output, Request):
                self.crawler.engine.crawl(output)
            else:
                _process_item(output, self.pipelines, self.spider)

    def _fail(self, request: Request, error: Exception) -> None:
        """What Scrapy does with a request that failed: its errback, if it has one."""
        failure = Failure(error)
        failure.request = request
        if request.errback is not None:
            self._consume(request.errback(failure))
        else:
            self.spider.ledger.failed[request.url] = failure.getErrorMessage()

    def _parallel_batch(self) -> list[Request]:
        """Every queued case-study page that needs no other (the template is known), when
        there are enough for workers to pay; they leave the queue."""
        queue, spider = self.crawler.engine.queue, self.spider
        # Case-study pages come last (lowest priority): only then is the queue worth a look.
        if self.jobs < 2 or spider.learning or not _reads_alone(queue[0][2], spider):
            return []
        batch = [e for e in queue if _reads_alone(e[2], spider)]
        if len(batch) < MIN_PARALLEL:
            return []
        queue[:] = [e for e in queue if not _reads_alone(e[2], spider)]
        heapq.heapify(queue)
        return [request for _, _, request in sorted(batch)]

    def _read_in_workers(self, batch: list[Request]) -> None:
        answered = [(r, p) for r in batch if (p := self._archived(r)) is not None]
        _FORKED.update(spider=self.spider, answered=answered, read_pages=self.spider.read_pages)
        size = math.ceil(len(answered) / (self.jobs * 4))
        shares = [(i, min(i + size, len(answered))) for i in range(0, len(answered), size)]
        with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
            for outputs, findings in pool.imap(_read_share, shares):
                self.spider.absorb_worker(findings)
                for output in outputs:
                    self._consume(output)
        self.spider.read_pages += len(answered)
        self.spider.ledger.read_in_workers += len(answered)
        _FORKED.clear()


MIN_PARALLEL = 50  # fewer pages than this are read in the loop: a fork costs more
_FORKED: dict = {}  # what the workers inherit: the spider as it stands, the pages to read


def _reads_alone(request: Request, spider) -> bool:
    return request.callback == spider.parse_detail and not request.meta.get("sample")


def _read_share(bounds: tuple[int, int]) -> tuple[list, tuple]:
    """In a worker: the spider's callback on each page of its share; what each yielded
    (items), and what the spider noted meanwhile."""
    spider, answered = _FORKED["spider"], _FORKED["answered"]
    spider.begin_worker()
    outputs = []
    for i in range(*bounds):
        request, page = answered[i]
        spider.read_pages = _FORKED["read_pages"] + i  # the spot checks a serial read makes
        response = replayed_response(page, request)
        outputs.append(list(request.callback(response, **request.cb_kwargs)))
    return outputs, spider.worker_findings()


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
