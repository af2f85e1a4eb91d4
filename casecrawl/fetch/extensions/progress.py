"""A crawl's progress on the console: pages done of total by kind, the rate and an ETA.

Three kinds of pages, counted apart because they are known at different times:

- `listing`: the main walk. Its total is the number of pages the reported total and page
  size imply, known once page 0 is read (a refresh walking newest first learns where it
  stops only when it stops).
- `filtered`: the topics', support types' and date filters' listings (the taxonomy walks).
  Each one's page 0 tells how many more pages it has, so this total grows while they walk.
- `detail`: the case-study pages to fetch. A crawl reads every case study: the reported total.
  A refresh fetches what is new or due: known when its listing walk is over.

A total that may still grow is shown with a `+`, and so is an ETA computed from it (a lower
bound). Pages are counted as asked for: a retry or a redirect is the same page, and a page
that failed is done (the summary and the manifest say what failed).

`CrawlProgress` is a Scrapy extension, on when CASECRAWL_PROGRESS is set (the `casecrawl`
command sets `auto`): on a terminal one line updated in place (tqdm) on stderr, else a plain
line every CASECRAWL_PROGRESS_INTERVAL seconds (cron, CI) and one at the end.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from scrapy import signals
from scrapy.exceptions import NotConfigured

KINDS = ("listing", "filtered", "detail")
TICK = 0.5  # seconds between updates of the live line (and rate samples)
BAR_WIDTH = 20
RATE_WINDOW = 60.0  # the rate is that of the last minute: it follows AutoThrottle and pauses


@dataclass(frozen=True)
class PageCount:
    done: int
    total: int
    settled: bool  # False: the walk may still find more pages of this kind

    @property
    def remaining(self) -> int:
        return max(self.total - self.done, 0)


@dataclass(frozen=True)
class WalkPlan:
    """What the spider expects, from what the listing has told it so far."""

    listing_pages: int | None  # the full walk's pages, once the reported total is read
    newest_walk_over: bool  # a refresh's newest-first walk has stopped
    detail_pages: int | None  # case studies to fetch when the total says (a crawl: all)


def page_counts(
    scheduled: dict[str, int], done: dict[str, int], plan: WalkPlan
) -> dict[str, PageCount]:
    """Done and total per kind: pages asked for so far, or more when the plan expects more."""
    listing_settled = plan.listing_pages is not None or plan.newest_walk_over
    listing_over = listing_settled and done["listing"] >= scheduled["listing"]
    filtered_pending = done["filtered"] < scheduled["filtered"]
    return {
        "listing": PageCount(
            done["listing"], max(scheduled["listing"], plan.listing_pages or 0), listing_settled
        ),
        # Each filtered listing's first page may add pages: settled when none is pending.
        "filtered": PageCount(
            done["filtered"], scheduled["filtered"], listing_settled and not filtered_pending
        ),
        "detail": PageCount(
            done["detail"],
            max(scheduled["detail"], plan.detail_pages or 0),
            plan.detail_pages is not None or listing_over,
        ),
    }


def recent_rate(samples: Sequence[tuple[float, int]], window: float = RATE_WINDOW) -> float | None:
    """Pages per second since the last sample at least `window` seconds old (else the first)
    of (time, pages done) samples, oldest first; None before two samples span any time."""
    if len(samples) < 2:
        return None
    now, done_now = samples[-1]
    before = [sample for sample in samples if sample[0] <= now - window]
    start, done_then = before[-1] if before else samples[0]
    if now - start <= 0:
        return None
    return (done_now - done_then) / (now - start)


def eta_seconds(counts: dict[str, PageCount], rate: float | None) -> float | None:
    """Seconds until every page counted so far is done at this rate; None when not moving."""
    remaining = sum(c.remaining for c in counts.values())
    if remaining == 0:
        return 0.0
    if not rate or rate <= 0:
        return None
    return remaining / rate


def format_duration(seconds: float) -> str:
    """14s, 3m10s, 1h02m."""
    seconds = math.ceil(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def format_rate(rate: float) -> str:
    """Pages per second, or per minute when slower than one a second (the live site)."""
    return f"{rate:.1f} pages/s" if rate >= 1 else f"{rate * 60:.0f} pages/min"


def format_progress(counts: dict[str, PageCount], rate: float | None) -> str:
    """'listing 30/30, filtered 80/111+, detail 120/300, 12.3 pages/s, ETA 14s+'."""
    parts = [
        f"{kind} {c.done}/{c.total}{'' if c.settled else '+'}"
        for kind, c in counts.items()
        if c.total  # a kind not started (filters off, or before page 0) is left out
    ]
    if rate is not None:
        parts.append(format_rate(rate))
    eta = eta_seconds(counts, rate)
    if eta is None:
        parts.append("ETA unknown")
    else:
        settled = all(c.settled for c in counts.values())
        parts.append(f"ETA {format_duration(eta)}{'' if settled else '+'}")
    return ", ".join(parts)


class LiveLine:
    """One line on a terminal, redrawn in place; log lines printed through tqdm.write (the
    console handler does) appear above it."""

    def __init__(self, stream):
        from tqdm import tqdm

        self.stream = stream
        self.bar = tqdm(total=1, file=stream, bar_format="{desc}", leave=True)

    def size(self) -> tuple[int, int]:
        """The terminal's columns and lines; 80 x 24 when it says 0 (a pseudo-terminal nobody
        sized, where tqdm would show nothing)."""
        try:
            columns, lines = os.get_terminal_size(self.stream.fileno())
        except (AttributeError, OSError, ValueError):
            columns, lines = 0, 0
        return columns or 80, lines or 24

    def show(self, line: str, counts: dict[str, PageCount]) -> None:
        # The line is cut at the terminal's width: never wrapped onto a second line.
        self.bar.ncols, self.bar.nrows = self.size()
        # The counts, then a bar of every page when the terminal has room for one.
        fits = len(line) + len(" |") + BAR_WIDTH + len("|") <= self.bar.ncols
        self.bar.bar_format = f"{{desc}} |{{bar:{BAR_WIDTH}}}|" if fits else "{desc}"
        self.bar.total = max(sum(c.total for c in counts.values()), 1)
        self.bar.n = sum(c.done for c in counts.values())
        self.bar.set_description_str(line, refresh=False)
        self.bar.refresh()

    def close(self, line: str, counts: dict[str, PageCount]) -> None:
        self.show(line, counts)
        self.bar.close()


class PlainLines:
    """A plain line every `interval` seconds, for a log file or a mail (cron, CI)."""

    def __init__(self, stream, interval: float):
        self.stream = stream
        self.interval = interval
        self.last = time.monotonic()

    def show(self, line: str, counts: dict[str, PageCount]) -> None:
        if time.monotonic() - self.last >= self.interval:
            self._write(line)

    def close(self, line: str, counts: dict[str, PageCount]) -> None:
        self._write(line)

    def _write(self, line: str) -> None:
        self.last = time.monotonic()
        self.stream.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} progress: {line}\n")
        self.stream.flush()


class CrawlProgress:
    """Scrapy extension: counts the pages asked for and answered, by the kind the spider's
    `page_kinds` gives each callback, and shows them with the spider's `walk_plan()`."""

    def __init__(self, crawler, display_factory):
        self.crawler = crawler
        self.display_factory = display_factory
        self.display = None
        self.scheduled: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.answered: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.origin: dict[str, str] = {}  # URL asked for -> the page it stands for
        self.just_added: str | None = None
        self.samples: deque[tuple[float, int]] = deque()
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        mode = (settings.get("CASECRAWL_PROGRESS") or "off").lower()
        if mode == "off":
            raise NotConfigured
        if mode == "auto":
            mode = "live" if sys.stderr.isatty() else "lines"
        if mode not in ("live", "lines"):
            raise ValueError(f"CASECRAWL_PROGRESS={mode!r}: use auto, live, lines or off")
        interval = settings.getfloat("CASECRAWL_PROGRESS_INTERVAL", 60)
        factory = (
            (lambda: LiveLine(sys.stderr))
            if mode == "live"
            else (lambda: PlainLines(sys.stderr, interval))
        )
        extension = cls(crawler, factory)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(extension.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        return extension

    # --- counting ----------------------------------------------------------------------------

    def _kind(self, request) -> str | None:
        kinds = getattr(self.crawler.spider, "page_kinds", {})
        return kinds.get(getattr(request.callback, "__name__", None))

    def _page(self, request) -> str:
        """The page a request stands for: a redirect's target counts as the page first asked."""
        return (request.meta.get("redirect_urls") or [request.url])[0]

    def request_scheduled(self, request, spider=None):
        kind = self._kind(request)
        self.just_added = None
        if kind is None:
            return
        page = self._page(request)
        self.origin[request.url] = page
        if page not in self.scheduled[kind]:
            self.scheduled[kind].add(page)
            self.just_added = page

    def request_dropped(self, request, spider=None):
        """The scheduler's duplicate filter dropped it: not a page of its own."""
        kind = self._kind(request)
        if kind is not None and self.just_added == self._page(request):
            self.scheduled[kind].discard(self.just_added)

    def response_received(self, response, request, spider=None):
        kind = self._kind(request)
        if kind is not None:
            self.answered[kind].add(self._page(request))

    def counts(self) -> dict[str, PageCount]:
        spider = self.crawler.spider
        report = spider.ledger
        # Pages that never got an answer (errors after their retries) are done too.
        unanswered = [
            *report.failed,
            *report.refused,
            *report.cue_failures.get("listing_fetch", []),
        ]
        failed = {self.origin.get(url, url) for url in unanswered}
        done = {kind: len((self.answered[kind] | failed) & self.scheduled[kind]) for kind in KINDS}
        scheduled = {kind: len(pages) for kind, pages in self.scheduled.items()}
        return page_counts(scheduled, done, spider.walk_plan())

    # --- showing -----------------------------------------------------------------------------

    def _line(self) -> tuple[str, dict[str, PageCount]]:
        counts = self.counts()
        now = time.monotonic()
        self.samples.append((now, sum(c.done for c in counts.values())))
        while len(self.samples) > 2 and self.samples[1][0] <= now - RATE_WINDOW:
            self.samples.popleft()  # one sample before the window stays: it starts the window
        return format_progress(counts, recent_rate(self.samples)), counts

    def tick(self) -> None:
        self.display.show(*self._line())

    def spider_opened(self, spider):
        from twisted.internet.task import LoopingCall

        if not hasattr(spider, "walk_plan"):  # a spider that does not say what it expects
            return
        self.display = self.display_factory()
        self.samples.append((time.monotonic(), 0))
        self.loop = LoopingCall(self.tick)
        self.loop.start(TICK, now=False)

    def spider_closed(self, spider, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.display is not None:
            self.display.close(*self._line())
