"""The progress line's parts: counts by kind, rate, ETA, formatting; the extension's counting."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from scrapy import Request

from casecrawl.fetch.extensions.progress import (
    CrawlProgress,
    PageCount,
    PlainLines,
    WalkPlan,
    eta_seconds,
    format_duration,
    format_progress,
    format_rate,
    page_counts,
    recent_rate,
)
from casecrawl.fetch.ledger import RunLedger

NOTHING_KNOWN = WalkPlan(listing_pages=None, newest_walk_over=False, detail_pages=None)


def kinds(listing: int = 0, filtered: int = 0, detail: int = 0) -> dict[str, int]:
    return {"listing": listing, "filtered": filtered, "detail": detail}


def test_before_the_first_listing_page_nothing_is_settled():
    counts = page_counts(kinds(listing=1), kinds(), NOTHING_KNOWN)
    assert counts["listing"] == PageCount(0, 1, settled=False)
    assert counts["detail"] == PageCount(0, 0, settled=False)


def test_a_crawl_knows_its_listing_and_detail_totals_from_the_reported_total():
    plan = WalkPlan(listing_pages=257, newest_walk_over=False, detail_pages=2568)
    # Page 0 read: the pages it implies are asked for; few case studies requested yet.
    counts = page_counts(kinds(257, 40, 10), kinds(1, 0, 0), plan)
    assert counts["listing"] == PageCount(1, 257, settled=True)
    assert counts["detail"] == PageCount(0, 2568, settled=True)
    assert counts["filtered"] == PageCount(0, 40, settled=False)  # their first pages add more
    # The pager may lead one page further than the total implies: that page counts too.
    assert page_counts(kinds(258), kinds(258), plan)["listing"] == PageCount(258, 258, True)


def test_filtered_listings_are_settled_when_none_is_pending():
    plan = WalkPlan(listing_pages=30, newest_walk_over=False, detail_pages=300)
    counts = page_counts(kinds(30, 111, 300), kinds(30, 111, 12), plan)
    assert counts["filtered"] == PageCount(111, 111, settled=True)


def test_a_refresh_knows_its_detail_total_only_when_its_walk_is_over():
    walking = page_counts(kinds(2, 0, 5), kinds(1, 0, 3), NOTHING_KNOWN)
    assert walking["listing"] == PageCount(1, 2, settled=False)
    assert walking["detail"] == PageCount(3, 5, settled=False)
    over = WalkPlan(listing_pages=None, newest_walk_over=True, detail_pages=None)
    done = page_counts(kinds(2, 0, 40), kinds(2, 0, 3), over)
    assert done["listing"] == PageCount(2, 2, settled=True)
    assert done["detail"] == PageCount(3, 40, settled=True)
    # Over, but a listing page still in flight may yet ask for case studies.
    assert not page_counts(kinds(3, 0, 40), kinds(2, 0, 3), over)["detail"].settled


def test_rate_is_that_of_the_last_window():
    samples = [(0.0, 0), (10.0, 100), (70.0, 160), (80.0, 170)]
    # From the last sample at least 60 s old (t=10) to t=80: 70 pages in 70 s.
    assert recent_rate(samples, window=60) == pytest.approx(1.0)
    assert recent_rate(samples[:2], window=60) == pytest.approx(10.0)  # not a minute yet
    assert recent_rate(samples[:1]) is None
    assert recent_rate([(5.0, 0), (5.0, 3)]) is None


def test_eta_is_what_remains_at_the_rate():
    counts = {"listing": PageCount(10, 30, True), "detail": PageCount(50, 130, True)}
    assert eta_seconds(counts, rate=4.0) == pytest.approx(25.0)
    assert eta_seconds(counts, rate=None) is None
    assert eta_seconds(counts, rate=0.0) is None
    finished = {"listing": PageCount(30, 30, True)}
    assert eta_seconds(finished, rate=None) == 0.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (14, "14s"), (14.2, "15s"), (59.5, "1m00s"), (190, "3m10s"), (3720, "1h02m")],
)
def test_durations(seconds, text):
    assert format_duration(seconds) == text


def test_rates_per_second_or_per_minute():
    assert format_rate(12.34) == "12.3 pages/s"
    assert format_rate(0.5) == "30 pages/min"


def test_the_line_marks_totals_that_may_grow_and_leaves_out_kinds_not_started():
    counts = {
        "listing": PageCount(30, 30, True),
        "filtered": PageCount(80, 111, False),
        "detail": PageCount(120, 300, True),
    }
    line = format_progress(counts, rate=2.0)  # 211 pages to go at 2 a second: 106 s
    assert line == "listing 30/30, filtered 80/111+, detail 120/300, 2.0 pages/s, ETA 1m46s+"
    counts["filtered"] = PageCount(0, 0, True)  # --no-facets
    assert "filtered" not in format_progress(counts, rate=2.0)
    assert format_progress(counts, rate=None).endswith("detail 120/300, ETA unknown")


def test_plain_lines_come_at_the_interval_and_at_the_end():
    stream = io.StringIO()
    lines = PlainLines(stream, interval=3600)
    counts = {"detail": PageCount(1, 2, True)}
    lines.show("first", counts)  # not an hour yet
    lines.close("last", counts)
    assert stream.getvalue().count("\n") == 1
    assert stream.getvalue().endswith(" progress: last\n")
    PlainLines(stream, interval=0).show("due", counts)
    assert stream.getvalue().endswith(" progress: due\n")


class Spider:
    """What the extension reads of the spider."""

    page_kinds = {"parse_listing": "listing", "parse_detail": "detail"}

    def __init__(self):
        self.ledger = RunLedger(base_url="http://site")

    def parse_listing(self, response):
        pass

    def parse_detail(self, response):
        pass

    def walk_plan(self):
        return NOTHING_KNOWN


def test_the_extension_counts_pages_not_requests():
    spider = Spider()
    progress = CrawlProgress(SimpleNamespace(spider=spider), display_factory=None)
    listing = Request("http://site/case-studies", callback=spider.parse_listing)
    progress.request_scheduled(listing)
    progress.response_received(None, listing)
    first = Request("http://site/case-studies/a", callback=spider.parse_detail)
    progress.request_scheduled(first)
    # A retry is the same page.
    progress.request_scheduled(first.replace(meta={"retry_times": 1}, dont_filter=True))
    # A redirect is the page first asked for.
    moved = Request("http://site/case-studies/a-new", callback=spider.parse_detail)
    moved.meta["redirect_urls"] = [first.url]
    progress.request_scheduled(moved)
    progress.response_received(None, moved)
    # One that failed after its retries is done; one the duplicate filter dropped never was.
    failed = Request("http://site/case-studies/b", callback=spider.parse_detail)
    progress.request_scheduled(failed)
    spider.ledger.failed[failed.url] = "HTTP 500"
    duplicate = Request("http://site/case-studies/b?", callback=spider.parse_detail)
    progress.request_scheduled(duplicate)
    progress.request_dropped(duplicate)
    pending = Request("http://site/case-studies/c", callback=spider.parse_detail)
    progress.request_scheduled(pending)
    robots = Request("http://site/robots.txt")
    progress.request_scheduled(robots)  # no kind: not counted
    counts = progress.counts()
    assert counts["listing"].done == counts["listing"].total == 1
    assert (counts["detail"].done, counts["detail"].total) == (2, 3)
