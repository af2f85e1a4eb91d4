"""Walk every listing page, fetch every case study once. No selectors here."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import scrapy

from casecrawl.items import case_study_item
from casecrawl.pages.detail import DetailHints, parse_detail_page
from casecrawl.pages.listing import Teaser, parse_listing_page
from casecrawl.report import CrawlReport
from casecrawl.urls import (
    canonical_case_study_url,
    listing_page_number,
    listing_url,
    normalise_base_url,
)


class CaseStudiesSpider(scrapy.Spider):
    """The listing walk (`?page=N`, ascending by created date) and one request per case study."""

    name = "case_studies"

    def __init__(self, base_url: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._base_url_arg = base_url

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = normalise_base_url(
            spider._base_url_arg or settings.get("CASECRAWL_BASE_URL")
        )
        spider.order = settings.get("CASECRAWL_LISTING_ORDER", "ASC").upper()
        spider.report = CrawlReport(base_url=spider.base_url)
        spider.report.started_at = datetime.now(timezone.utc)
        spider.vocabulary = frozenset()
        spider.requested_pages: set[int] = set()
        spider.positions: dict[str, int] = {}  # slug -> place in the walk
        spider.teasers: dict[str, Teaser] = {}  # slug -> what the listing showed
        spider.walk_over = False
        return spider

    async def start(self):
        yield self._listing_request(0)

    def _listing_request(self, page: int) -> scrapy.Request:
        self.requested_pages.add(page)
        return scrapy.Request(
            listing_url(self.base_url, page, self.order),
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"page": page},
            priority=10,  # listing first: the walk must finish before the site changes further
        )

    def _last_page(self) -> int | None:
        total, size = self.report.reported_total, self.report.page_size
        if total is None or not size:
            return None
        return max(math.ceil(total / size) - 1, 0)

    def parse_listing(self, response, page: int):
        report = self.report
        report.listing_pages += 1
        listing = parse_listing_page(response.text, response.url, self.base_url, self.vocabulary)
        self.vocabulary |= frozenset(listing.topics)
        for cue in listing.problems:
            report.cue_failed(cue, response.url)
            self.logger.error("Cue %r failed on listing page %s", cue, response.url)
        if listing.total is not None:
            report.reported_totals.append(listing.total)
        if page == 0 and listing.teasers:
            report.page_size = len(listing.teasers)
        last_page = self._last_page()
        if last_page is None:
            return
        if page > last_page:
            report.walk_ended.append(f"page {page} is past the last page {last_page}")
            return
        new = [t for t in listing.teasers if t.slug not in self.positions]
        if listing.teasers and not new and page > 0:
            report.walk_ended.append(f"page {page} repeats case studies already seen")
            return
        expected = min(report.page_size, report.reported_total - page * report.page_size)
        if len(listing.teasers) < expected:
            report.cue_failed("teaser_count", response.url)
            self.logger.error(
                "Listing page %s shows %d teasers, %d expected",
                response.url,
                len(listing.teasers),
                expected,
            )
        report.teasers_seen += len(new)
        for teaser in new:
            self.positions[teaser.slug] = page * report.page_size + teaser.position
            self.teasers[teaser.slug] = teaser
            url = canonical_case_study_url(teaser.slug, self.base_url)
            yield scrapy.Request(
                url,
                callback=self.parse_detail,
                errback=self.detail_failed,
                cb_kwargs={"teaser": teaser},
            )
        # Every page up to the last one the current total implies, and the pager's next page.
        wanted = set(range(1, last_page + 1))
        if page + 1 in listing.pager_links:
            wanted.add(listing_page_number(listing.pager_links[page + 1]))
        for number in sorted(wanted - self.requested_pages):
            yield self._listing_request(number)

    def parse_detail(self, response, teaser):
        report = self.report
        if response.status in (404, 410):
            report.gone.append(response.url)
            return
        report.detail_pages += 1
        hints = DetailHints(teaser.summary, self.vocabulary, from_listing=True)
        detail = parse_detail_page(response.text, response.url, self.base_url, hints)
        for cue in detail.problems:
            report.cue_failed(cue, response.url)
            self.logger.error("Cue %r failed on case study %s", cue, response.url)
        yield case_study_item(
            slug=teaser.slug,
            url=canonical_case_study_url(teaser.slug, self.base_url),
            detail=detail,
            teaser=teaser,
            listing_position=self.positions[teaser.slug],
            crawled_at=datetime.now(timezone.utc),
            source=self.base_url,
        )

    def listing_failed(self, failure):
        url = failure.request.url
        self.report.cue_failed("listing_fetch", url)
        self.logger.error("Listing page %s failed: %s", url, failure.getErrorMessage())

    def detail_failed(self, failure):
        url = failure.request.url
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        self.report.failed[url] = reason
        self.logger.error("Case study %s failed: %s", url, reason)
