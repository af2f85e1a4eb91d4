"""The listing walks that give the taxonomy and the created dates, at one request per option
where the site's own evidence allows it.

Topics: each topic's filtered listing (`topic[ID]=ID`) is read at its first page only, for the
total it reports and the first case studies it holds. The case-study pages name their topics,
so once every page is read, a topic's members are the pages that show it: that stands when
their count equals the reported total and the first filtered page's case studies are among
them. A topic that fails either check has its whole filtered listing walked, and only then.
Support types: pages never show them, so each one's filtered listing is walked whole.

Created dates: if the `from`/`to` filters act as a created-date range (checked: year by year,
the totals must add up to the listing's), each month's total is read from its first filtered
page. The listing is sorted by created date, so the months' totals cut the walk's order into
months; each month's first page must show the case studies that start its stretch. Where any
does not, every month's filtered listing is walked whole instead.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from datetime import date

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from casecrawl.parse.filters import FilterOption, ids_by_name, name_key
from casecrawl.parse.listing import parse_listing_page
from casecrawl.parse.text import response_text
from casecrawl.urls import facet_param, listing_url

FIRST_YEAR = 2005  # before the LGA published case studies online
PRIORITY = 5  # after the main walk's listing pages, before case-study pages
Month = tuple[int, int]


class TaxonomyWalks:
    """Mixed into the spider: what the facet and date walks fetch and record."""

    def _init_taxonomy(self, crawler, facets: bool) -> None:
        self.facets_on = facets
        self.options: dict[tuple[str, int], FilterOption] = {}
        self.members: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.facet_totals: dict[tuple[str, int], int] = {}
        self.facet_membership: dict = {}  # how each option's members were learned
        self.page_topics: dict[int, set[str]] = defaultdict(set)  # topic ID -> pages showing it
        self.created_month: dict[str, date] = {}
        self.date_walk = {"status": "not run", "listing_requests": 0}
        self._year_totals: dict[int, int] = {}
        self._month_totals: dict[Month, int] = {}
        self._month_first: dict[Month, list[str]] = {}
        self._taxonomy_started = False
        self._taxonomy_settled = False
        if facets:
            crawler.signals.connect(self._settle_taxonomy_when_idle, signal=signals.spider_idle)

    def _after_first_page(self, listing):
        """Once the first listing page is read: the options, then (if on) their first pages."""
        if self._taxonomy_started:
            return
        self._taxonomy_started = True
        self.options = {(o.kind, o.id): o for o in listing.options}
        self._topic_ids = ids_by_name(listing.options, "topic")
        if not self.facets_on:
            return
        for key in self.options:
            yield self._facet_request(key, 0)
        first = FIRST_YEAR
        last = self.ledger.started_at.year
        self._years_pending = last - first + 1
        for year in range(first, last + 1):
            yield self._date_request(date(year, 1, 1), date(year, 12, 31), year=year)

    def note_page_topics(self, slug: str, names: list[str]) -> None:
        """The topics a case-study page shows, by filter ID: the members of each topic."""
        if not self.facets_on or not self._taxonomy_started:
            return
        for name in names or ():
            topic_id = self._topic_ids.get(name_key(name))
            if topic_id is not None:
                self.page_topics[topic_id].add(slug)

    def _settle_taxonomy_when_idle(self):
        """Every page read: settle what the first filtered pages could not, walking what the
        pages cannot tell."""
        if self._taxonomy_settled or self.held or self.sample_pending:
            return
        engine = self.crawler.engine
        if not engine.spider_is_idle():  # another idle handler has just sent requests
            return
        self._taxonomy_settled = True
        requests = [*self._topics_from_pages(), *self._months_from_order()]
        for request in requests:
            engine.crawl(request)
        if requests:
            raise DontCloseSpider

    # --- facets ------------------------------------------------------------------------------

    def _facet_request(self, key: tuple[str, int], page: int) -> scrapy.Request:
        return scrapy.Request(
            listing_url(self.base_url, page, "ASC", facets=facet_param(*key)),
            callback=self.parse_facet,
            errback=self.listing_failed,
            cb_kwargs={"key": key, "page": page},
            priority=PRIORITY,
        )

    def parse_facet(self, response, key: tuple[str, int], page: int):
        self.ledger.facet_pages += 1
        listing = parse_listing_page(
            response_text(response), response.url, self.base_url, self.vocabulary
        )
        self.members[key].update(t.slug for t in listing.teasers)
        if page != 0 or listing.total is None:
            return
        self.facet_totals[key] = listing.total
        if key[0] != "topic":  # pages never show support types: walked whole
            self.facet_membership[key] = "walked: case-study pages do not show it"
            yield from self._rest_of_facet(key, listing)

    def _rest_of_facet(self, key: tuple[str, int], listing=None):
        size = self.ledger.page_size or (len(listing.teasers) if listing else 0) or 10
        for number in range(1, math.ceil(self.facet_totals[key] / size)):
            yield self._facet_request(key, number)

    def _topics_from_pages(self):
        """A topic's members are the pages showing it when the count and the first filtered
        page agree; otherwise its filtered listing is walked whole."""
        for key, total in self.facet_totals.items():
            if key[0] != "topic":
                continue
            shown = self.page_topics.get(key[1], set())
            if len(shown) == total and self.members[key] <= shown:
                self.members[key] = set(shown)
                self.facet_membership[key] = "pages: count and first filtered page agree"
                continue
            self.facet_membership[key] = (
                f"walked: {len(shown)} pages show it, its filtered listing reports {total}"
                if len(shown) != total
                else "walked: its first filtered page holds case studies whose pages do not show it"
            )
            yield from self._rest_of_facet(key)

    # --- created dates -----------------------------------------------------------------------

    def _date_request(self, start: date, end: date, page: int = 0, **kwargs) -> scrapy.Request:
        self.date_walk["listing_requests"] += 1
        url = listing_url(
            self.base_url, page, "ASC", **{"from": start.isoformat(), "to": end.isoformat()}
        )
        return scrapy.Request(
            url,
            callback=self.parse_date_listing,
            errback=self.listing_failed,
            cb_kwargs={"start": start, "end": end, "page": page, **kwargs},
            priority=PRIORITY,
        )

    def parse_date_listing(self, response, start: date, end: date, page: int, year=None):
        listing = parse_listing_page(
            response_text(response), response.url, self.base_url, self.vocabulary
        )
        if year is not None:  # a year's total, to check the filter and plan the months
            self._year_totals[year] = listing.total or 0
            self._years_pending -= 1
            if self._years_pending == 0:
                yield from self._months()
            return
        for teaser in listing.teasers:
            self.created_month.setdefault(teaser.slug, date(start.year, start.month, 1))
        if page == 0:
            month = (start.year, start.month)
            self._month_totals[month] = listing.total or 0
            self._month_first[month] = [t.slug for t in listing.teasers]

    def _months(self):
        """The filter works when the years add up to the total: a filter that is ignored
        gives every year everything, one that fails gives every year nothing."""
        totals = self._year_totals
        total = self.ledger.reported_total
        if not total or sum(totals.values()) != total:
            self.date_walk["status"] = (
                f"skipped: the from/to filters do not act as a date range (the years "
                f"{FIRST_YEAR}-{max(totals)} hold {sum(totals.values())}, the listing {total})"
            )
            self.logger.warning("Created dates: %s", self.date_walk["status"])
            return
        self.date_walk["status"] = "walked"
        for year, count in sorted(totals.items()):
            if not count:
                continue
            for month in range(1, 13):
                yield self._month_request((year, month))

    def _month_request(self, month: Month, page: int = 0) -> scrapy.Request:
        year, number = month
        last_day = calendar.monthrange(year, number)[1]
        return self._date_request(date(year, number, 1), date(year, number, last_day), page)

    def _months_from_order(self):
        """Each case study's month from its place in the walk (oldest first), when every
        month's first filtered page starts its stretch; else every month walked whole."""
        if self.date_walk["status"] != "walked":
            return
        cut = _cut_into_months(self._walk_order(), self._month_totals, self._month_first)
        if cut is not None:
            self.created_month.update(cut)
            self.date_walk["months"] = "the walk's order cut by each month's total (checked)"
            return
        self.date_walk["months"] = (
            "walked whole: the walk's order did not match the months' first filtered pages"
        )
        size = self.ledger.page_size or 10
        for month, total in sorted(self._month_totals.items()):
            for page in range(1, math.ceil(total / size)):
                yield self._month_request(month, page)

    def _walk_order(self) -> list[str] | None:
        """The case studies oldest first, when this run's walk gives that order."""
        if self.walk != "full" or self.order != "ASC" or self.filter:
            return None
        return sorted(self.positions, key=self.positions.__getitem__)


def _cut_into_months(
    order: list[str] | None, totals: dict[Month, int], first: dict[Month, list[str]]
) -> dict[str, date] | None:
    """slug -> created month, or None when the months' totals and first pages do not fit
    the order (another sort, a case study added or removed between the requests)."""
    if order is None or sum(totals.values()) != len(order):
        return None
    months, start = {}, 0
    for month, total in sorted(totals.items()):
        stretch = order[start : start + total]
        if stretch[: len(first.get(month, []))] != first.get(month, []):
            return None
        months.update(dict.fromkeys(stretch, date(*month, 1)))
        start += total
    return months
