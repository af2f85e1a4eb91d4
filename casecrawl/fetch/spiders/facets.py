"""The listing walks that give the taxonomy and the created dates: listing pages only.

Facets: for every topic and support type of the filter form, walk its filtered listing
(`topic[ID]=ID`, `subject[ID]=ID`) and record which case studies it holds and the total it
reports. Dates: if the `from`/`to` filters act as a created-date range (checked: year by
year, the totals must add up to the listing's, and no one year may hold everything), walk
them year by year, then month by month, to learn each case study's created month.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from datetime import date

import scrapy

from casecrawl.parse.filters import FilterOption
from casecrawl.parse.listing import parse_listing_page
from casecrawl.parse.text import response_text
from casecrawl.urls import facet_param, listing_url

FIRST_YEAR = 2005  # before the LGA published case studies online
PRIORITY = 5  # after the main walk's listing pages, before case-study pages


class TaxonomyWalks:
    """Mixed into the spider: what the facet and date walks fetch and record."""

    def _init_taxonomy(self, facets: bool) -> None:
        self.facets_on = facets
        self.options: dict[tuple[str, int], FilterOption] = {}
        self.members: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.facet_totals: dict[tuple[str, int], int] = {}
        self.created_month: dict[str, date] = {}
        self.date_walk = {"status": "not run", "listing_requests": 0}
        self._year_totals: dict[int, int] = {}
        self._taxonomy_started = False

    def _after_first_page(self, listing):
        """Once the first listing page is read: the options, then (if on) their walks."""
        if self._taxonomy_started:
            return
        self._taxonomy_started = True
        self.options = {(o.kind, o.id): o for o in listing.options}
        if not self.facets_on:
            return
        for key in self.options:
            yield self._facet_request(key, 0)
        first = FIRST_YEAR
        last = self.ledger.started_at.year
        self._years_pending = last - first + 1
        for year in range(first, last + 1):
            yield self._date_request(date(year, 1, 1), date(year, 12, 31), year=year)

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
        size = self.ledger.page_size or len(listing.teasers) or 10
        for number in range(1, math.ceil(listing.total / size)):
            yield self._facet_request(key, number)

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
        if page == 0 and listing.total:
            size = self.ledger.page_size or len(listing.teasers) or 10
            for number in range(1, math.ceil(listing.total / size)):
                yield self._date_request(start, end, number)

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
                last_day = calendar.monthrange(year, month)[1]
                yield self._date_request(date(year, month, 1), date(year, month, last_day))
