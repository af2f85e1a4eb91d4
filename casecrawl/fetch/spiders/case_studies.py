"""Walk the listing, fetch each case study that is new or due. No selectors here.

A crawl walks every listing page oldest first (a case study published mid-crawl is appended,
not shifted in) and fetches every case study. A refresh builds on the previous snapshot: it
walks newest first from page 0 and stops at the first page holding only known case studies
once the reported total equals known + new; when the numbers do not add up (something was
removed) it walks the whole listing as a crawl does. It fetches new case studies, re-checks
known ones by policy with conditional requests, and carries every other row forward.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import scrapy

from casecrawl.dataset.layout import LATEST
from casecrawl.fetch.extensions.progress import WalkPlan
from casecrawl.fetch.ledger import RunLedger
from casecrawl.fetch.spiders.facets import TaxonomyWalks
from casecrawl.fetch.spiders.sampling import HeldPage, TemplateSampling
from casecrawl.fetch.teaser_parts import TeaserParts
from casecrawl.fetch.warc import ARCHIVED_IN, FETCHED_AT
from casecrawl.history.previous import PageState, PreviousSnapshot
from casecrawl.history.recheck import should_recheck
from casecrawl.parse.detail import DetailHints
from casecrawl.parse.items import case_study_item
from casecrawl.parse.listing import Teaser, parse_listing_page
from casecrawl.parse.opinions import fold_texts, second_opinions
from casecrawl.parse.reading import read_detail_page
from casecrawl.parse.template import Sample, TemplatePage
from casecrawl.parse.text import response_text
from casecrawl.urls import (
    canonical_case_study_url,
    listing_page_number,
    listing_url,
    normalise_base_url,
)


class CaseStudiesSpider(TemplateSampling, TaxonomyWalks, scrapy.Spider):
    """The listing walk (`?page=N`) and one request per case study that is new or due."""

    name = "case_studies"
    # The kind of page each callback reads, for the progress on the console.
    page_kinds = {
        "parse_listing": "listing",
        "parse_newest": "listing",
        "parse_facet": "filtered",
        "parse_date_listing": "filtered",
        "parse_detail": "detail",
    }

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
        spider.ledger = RunLedger(base_url=spider.base_url)
        spider.ledger.started_at = datetime.now(timezone.utc)
        spider.kind = settings.get("CASECRAWL_RUN_KIND", "crawl")
        previous = settings.get("CASECRAWL_PREVIOUS")
        if previous == "auto":
            previous = str(Path(settings.get("CASECRAWL_OUT_DIR")) / LATEST)
        spider.previous = PreviousSnapshot.load(previous or None)
        # Only a refresh skips or re-checks known pages; a crawl (and a reparse) reads them all,
        # and so does a refresh of another site than the previous snapshot's.
        same_site = spider.previous.base_url in (None, spider.base_url)
        if spider.kind == "refresh" and not same_site:
            spider.logger.warning(
                "The previous snapshot is of %s, not %s: reading every page",
                spider.previous.base_url, spider.base_url,
            )  # fmt: skip
        incremental = spider.kind == "refresh" and same_site
        spider.recheck = settings.get("CASECRAWL_RECHECK", "due") if incremental else "all"
        spider.conditional = incremental
        spider.recheck_days = settings.getint("CASECRAWL_RECHECK_DAYS", 28)
        spider.vocabulary = frozenset()
        spider.boilerplate: frozenset[str] = frozenset()  # what every page shows
        spider.requested_pages: set[int] = set()
        spider.positions: dict[str, int] = {}  # slug -> place in the walk
        spider.rank_order = spider.order  # how positions turn into listing_rank
        spider.teasers: dict[str, Teaser] = {}  # slug -> what the listing showed (no parts)
        spider.teaser_parts = TeaserParts()  # their parts, packed until the template reads them
        spider.requested: set[str] = set()  # case studies asked for (new, or re-checked)
        spider.carried: set[str] = set()  # known case studies whose row is carried forward
        spider.fetches: dict[str, PageState] = {}  # slug -> this run's fetch of its page
        newest_first = incremental or settings.get("CASECRAWL_WALK") == "newest"
        spider.walk = "newest" if newest_first and spider.previous.exists else "full"
        # One filtered listing only (`--filter`): {"topic[2446]": "2446"} or {"keys": "..."}.
        spider.filter = settings.getdict("CASECRAWL_FILTER")
        facets = settings.getbool("CASECRAWL_FACETS") and not incremental and not spider.filter
        spider._init_taxonomy(crawler, facets)
        spider._init_sampling(crawler, spider.previous.template)
        return spider

    def _listing_params(self) -> dict:
        keys = {k: v for k, v in self.filter.items() if k == "keys"}
        return {"facets": {k: v for k, v in self.filter.items() if k != "keys"}, **keys}

    async def start(self):
        if self.walk == "newest":
            yield self._newest_request(0)
        else:
            yield self._listing_request(0)

    # --- the full walk, oldest first --------------------------------------------------------

    def _listing_request(self, page: int) -> scrapy.Request:
        self.requested_pages.add(page)
        return scrapy.Request(
            listing_url(self.base_url, page, self.order, **self._listing_params()),
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"page": page},
            priority=10,  # listing first: the walk must finish before the site changes further
        )

    def _last_page(self) -> int | None:
        total, size = self.ledger.reported_total, self.ledger.page_size
        if total is None or not size:
            return None
        return max(math.ceil(total / size) - 1, 0)

    def walk_plan(self) -> WalkPlan:
        """What the walk expects so far, for the progress on the console."""
        last_page = self._last_page()
        return WalkPlan(
            listing_pages=last_page + 1 if last_page is not None and self.walk == "full" else None,
            newest_walk_over=self.walk == "newest" and bool(self.ledger.walk_ended),
            # A crawl reads every case study the listing reports; a refresh only those new or
            # due, known when its walk is over.
            detail_pages=self.ledger.reported_total if self.recheck == "all" else None,
        )

    def _read_listing(self, response, page: int):
        report = self.ledger
        report.listing_pages += 1
        listing = parse_listing_page(
            response_text(response), response.url, self.base_url, self.vocabulary
        )
        self.vocabulary |= frozenset(listing.topics)
        if page == 0:
            self.boilerplate = listing.boilerplate
        for cue in listing.problems:
            report.cue_failed(cue, response.url)
            self.logger.error("Cue %r failed on listing page %s", cue, response.url)
        if listing.total is not None:
            report.reported_totals.append(listing.total)
        if page == 0 and listing.teasers:
            report.page_size = len(listing.teasers)
        return listing

    def _check_teaser_count(self, listing, page: int, url: str) -> None:
        report = self.ledger
        expected = min(report.page_size, report.reported_total - page * report.page_size)
        if len(listing.teasers) < expected:
            report.cue_failed("teaser_count", url)
            self.logger.error(
                "Listing page %s shows %d teasers, %d expected", url, len(listing.teasers), expected
            )

    def _open_listing_page(self, response, page: int):
        """Read a page of either walk (and, on page 0, start what the first page decides);
        `(listing, last_page)` is the generator's return value, last_page None when the
        walk cannot go on."""
        listing = self._read_listing(response, page)
        if page == 0:
            yield from self._after_first_page(listing)
        return listing, self._last_page()

    def parse_listing(self, response, page: int):
        report = self.ledger
        listing, last_page = yield from self._open_listing_page(response, page)
        if last_page is None:
            return
        if page > last_page:
            report.walk_ended.append(f"page {page} is past the last page {last_page}")
            return
        new = [t for t in listing.teasers if t.slug not in self.positions]
        if listing.teasers and not new and page > 0:
            report.walk_ended.append(f"page {page} repeats case studies already seen")
            return
        self._check_teaser_count(listing, page, response.url)
        report.teasers_seen += len(new)
        for teaser in new:
            self.positions[teaser.slug] = page * report.page_size + teaser.position
            self.teasers[teaser.slug] = teaser = self.teaser_parts.keep(teaser)
            yield from self._case_study(teaser)
        # Every page up to the last one the current total implies, and the pager's next page.
        wanted = set(range(1, last_page + 1))
        if page + 1 in listing.pager_links:
            wanted.add(listing_page_number(listing.pager_links[page + 1]))
        for number in sorted(wanted - self.requested_pages):
            yield self._listing_request(number)

    # --- a refresh's walk, newest first ------------------------------------------------------

    def _newest_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(
            listing_url(self.base_url, page, "DESC", **self._listing_params()),
            callback=self.parse_newest,
            errback=self.listing_failed,
            cb_kwargs={"page": page},
            priority=10,
        )

    def parse_newest(self, response, page: int):
        """Newest first until a page holds only known case studies and the numbers add up."""
        report = self.ledger
        listing, last_page = yield from self._open_listing_page(response, page)
        if last_page is None:
            return
        known = self.previous.rows
        for teaser in listing.teasers:
            if teaser.slug in self.teasers:
                continue  # pushed down a page by one published while we walk
            self.teasers[teaser.slug] = teaser = self.teaser_parts.keep(teaser)
            self.positions[teaser.slug] = page * report.page_size + teaser.position
            yield from self._case_study(teaser)
        new = [s for s in self.teasers if s not in known]
        only_known = bool(listing.teasers) and all(t.slug in known for t in listing.teasers)
        adds_up = report.reported_total == len(known) + len(new)
        if (only_known or page >= last_page) and adds_up:
            report.walk_ended.append(
                f"page {page} holds only known case studies and the total "
                f"{report.reported_total} is {len(known)} known + {len(new)} new"
            )
            yield from self._known_beyond_the_walk(len(new))
            return
        if not only_known and page < last_page:
            yield self._newest_request(page + 1)
            return
        # Past the new ones, the numbers do not add up (a case study was removed, or anything
        # else is off): walk the whole listing, as a crawl does, which also shows what went.
        # What was asked for already is not asked again.
        report.walk_ended.append(
            f"page {page}: the total {report.reported_total} is not {len(known)} known + "
            f"{len(new)} new: walking the whole listing"
        )
        self.walk = "full"
        self.positions.clear()
        self.teasers.clear()
        self.teaser_parts.clear()
        yield self._listing_request(0)

    def _known_beyond_the_walk(self, new: int):
        """Known case studies the walk did not reach: ranked after the new ones, due or carried."""
        self.rank_order = "DESC"
        for slug, row in self.previous.rows.items():
            if slug in self.positions:
                continue
            self.positions[slug] = row["listing_rank"] + new
            yield from self._case_study(None, slug)

    # --- case-study pages --------------------------------------------------------------------

    def _case_study(self, teaser: Teaser | None, slug: str | None = None):
        """The request for a case study that is new or due; known ones not due are carried."""
        slug = slug or teaser.slug
        if slug in self.requested or slug in self.carried:
            return
        url = canonical_case_study_url(slug, self.base_url)
        previous = self.previous.rows.get(slug)
        headers = {}
        if previous is not None:
            state = self.previous.fetches.get(slug)
            checked = state.checked_at if state else None
            if not should_recheck(
                self.recheck, slug, checked, self.previous.time, self.ledger.started_at,
                self.recheck_days,
            ):  # fmt: skip
                self.carried.add(slug)
                return
            if self.conditional and state is not None:
                headers = _conditions(state)
        if teaser is None:  # a known page beyond the walk: its last summary is the hint
            teaser = Teaser(slug, url, previous["title"], previous["summary"], None, 0)
        self.requested.add(slug)
        # The walk's own teaser is looked up when the request is made (it may be read by then).
        walked = slug in self.teasers
        yield from self._send_or_hold(HeldPage(slug, url, headers, None if walked else teaser))

    def detail_request(self, page: HeldPage, **extra) -> scrapy.Request:
        """The request for a held case-study page; the callback reads the walk's teaser
        (`self.teasers`) first, the one the request carries only beyond the walk."""
        return scrapy.Request(
            page.url,
            headers=page.headers,
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"teaser": page.teaser or self.teasers.get(page.slug), "slug": page.slug},
            **extra,
        )

    def parse_detail(self, response, teaser, slug: str):
        yield from self._fed_after_answer()
        teaser = self.teasers.get(slug, teaser)
        sample = response.meta.get("sample")
        if sample:  # the template learns from its teaser's parts too
            teaser = self.teaser_parts.restored(teaser)
        read = self._read_detail(response, teaser, slug)
        if sample:  # answered: read once the whole sample has (a page gone too)
            yield from self._sampled(slug, *(read or (None, None)))
        elif read is not None:
            page_sample, args = read
            spot = self._spot_check(slug)
            yield self._case_study_item(page_sample.page, teaser, spot_check=spot, **args)

    def _read_detail(self, response, teaser, slug: str):
        """Record the fetch; the page and what its item needs, or None (gone, unchanged)."""
        report = self.ledger
        if response.status in (404, 410):
            report.gone.append(response.url)
            return None
        fetched_at = response.meta.get(FETCHED_AT) or datetime.now(timezone.utc)
        earlier = self.previous.fetches.get(slug)
        self.fetches[slug] = PageState(
            url=response.url,
            checked_at=fetched_at,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            # Where the page's content is archived: "" is this run's own archive.
            archived_in=response.meta.get(ARCHIVED_IN, "")
            if response.status != 304
            else (earlier.archived_in if earlier else None),
        )
        if response.status == 304:  # unchanged since the last fetch: the row is carried
            report.not_modified += 1
            self.carried.add(slug)
            return None
        report.detail_pages += 1
        html = response_text(response)
        page = TemplatePage(html, response.url, self.base_url)
        return Sample(page, teaser), {"slug": slug, "fetched_at": fetched_at, "html": html}

    def _case_study_item(self, page, teaser, spot_check: bool, slug, fetched_at, html) -> dict:
        """A page read into an item, with the libraries' second opinions on spot checks."""
        teaser = self._as_listed(slug, teaser)
        hints = DetailHints(
            teaser.summary, self.vocabulary, from_listing=True, boilerplate=self.boilerplate
        )
        detail = read_detail_page(page, self.template, teaser, self.topic_vocabulary(), hints)
        for cue in detail.problems:
            self.ledger.cue_failed(cue, page.url)
            self.logger.error("Cue %r failed on case study %s", cue, page.url)
        item = case_study_item(
            slug=slug,
            url=canonical_case_study_url(slug, self.base_url),
            detail=detail,
            teaser=teaser,
            # Settled when the walk is over: a refresh may switch to the full walk meanwhile.
            listing_position=self.positions.get(slug, -1),
            # When the page arrived (from the archive's record when it is replayed).
            crawled_at=fetched_at,
            source=self.base_url,
        )
        self.note_page_topics(slug, item["topics"])
        if spot_check:
            started = time.perf_counter()
            others = self.listed_texts() - fold_texts([teaser.title, teaser.summary])
            item["opinions"] = second_opinions(page, detail, self.template, html, others)
            self.ledger.extraction_timings["second_opinions_s"] += time.perf_counter() - started
        return item

    # --- a parallel reparse: case-study pages read by forked copies of this spider ---------

    def begin_worker(self) -> None:
        """In a forked copy: note only what this copy's pages add."""
        self.ledger = self.ledger.tallies_cleared()
        self.fetches = {}
        self.page_topics = defaultdict(set)

    def worker_findings(self) -> tuple:
        return self.ledger, self.fetches, dict(self.page_topics)

    def absorb_worker(self, findings: tuple) -> None:
        """What a forked copy noted, added to this spider's own."""
        ledger, fetches, page_topics = findings
        self.ledger.absorb(ledger)
        self.fetches.update(fetches)
        for topic_id, slugs in page_topics.items():
            self.page_topics[topic_id] |= slugs

    def _as_listed(self, slug: str, teaser):
        """What the listing says of a case study, its teaser read by the site's template."""
        teaser = self.teasers.get(slug, teaser)
        if self.template is not None and teaser is not None:
            teaser = self.template.read_teaser(
                self.teaser_parts.taken(teaser), self.topic_vocabulary(), self.base_url
            )
        if teaser is not None and slug in self.teasers and not self.learning:
            # Read once and for all (a read teaser's parts are not needed again).
            self.teasers[slug] = teaser = dataclasses.replace(teaser, parts=())
        return teaser

    def listing_failed(self, failure):
        url = failure.request.url
        self.ledger.cue_failed("listing_fetch", url)
        self.logger.error("Listing page %s failed: %s", url, failure.getErrorMessage())

    def detail_failed(self, failure):
        yield from self._fed_after_answer()
        url = failure.request.url
        self._record_failure(failure, url)
        if failure.request.meta.get("sample"):
            yield from self._sampled(failure.request.cb_kwargs["slug"], None, None)

    def _record_failure(self, failure, url: str) -> None:
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        if response is None and _too_large(failure):
            limit = self.settings.getint("DOWNLOAD_MAXSIZE")
            self.ledger.refused[url] = f"larger than the {limit:,}-byte cap (DOWNLOAD_MAXSIZE)"
            self.logger.error("Case study %s refused: %s", url, self.ledger.refused[url])
            return
        self.ledger.failed[url] = reason
        self.logger.error("Case study %s failed: %s", url, reason)


def _too_large(failure) -> bool:
    """Scrapy cancels a download past DOWNLOAD_MAXSIZE: that is the only cancel we make."""
    from twisted.internet.defer import CancelledError

    return failure.check(CancelledError) is not None or "max size" in failure.getErrorMessage()


def _conditions(state: PageState) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators the site sent last time (if any)."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
