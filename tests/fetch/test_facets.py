"""The taxonomy walks at one request per option: topics from the pages when the site's counts
agree, created months from the walk's order when each month's first page fits it, and the
whole filtered listings walked where they do not."""

from __future__ import annotations

from datetime import date

import pytest
from scrapy.exceptions import DontCloseSpider

from casecrawl.fetch.spiders.facets import _cut_into_months
from casecrawl.parse.filters import FilterOption

TOPIC, OTHER = ("topic", 2446), ("topic", 2449)
OPTIONS = {
    TOPIC: FilterOption("topic", 2446, "Culture & tourism"),
    OTHER: FilterOption("topic", 2449, "Housing"),
}


def test_the_months_totals_cut_the_oldest_first_order():
    order = ["a", "b", "c", "d", "e"]
    totals = {(2021, 3): 2, (2021, 1): 2, (2021, 2): 0, (2021, 4): 1}
    first = {(2021, 1): ["a", "b"], (2021, 2): [], (2021, 3): ["c"], (2021, 4): ["e"]}
    months = _cut_into_months(order, totals, first)
    assert months == {
        "a": date(2021, 1, 1), "b": date(2021, 1, 1), "c": date(2021, 3, 1),
        "d": date(2021, 3, 1), "e": date(2021, 4, 1),
    }  # fmt: skip


@pytest.mark.parametrize(
    "order, first, why",
    [
        (["a", "b", "c"], {(2021, 1): ["b"], (2021, 2): ["c"]}, "a month starts elsewhere"),
        (["a", "b", "c", "d"], {(2021, 1): ["a"], (2021, 2): ["c"]}, "the totals miss one"),
        (None, {(2021, 1): ["a"], (2021, 2): ["c"]}, "the walk is not oldest first"),
    ],
)
def test_the_order_is_not_trusted_when_a_month_does_not_fit(order, first, why):
    assert _cut_into_months(order, {(2021, 1): 2, (2021, 2): 1}, first) is None, why


@pytest.fixture
def spider(make_crawler):
    spider = make_crawler(CASECRAWL_FACETS=True, CASECRAWL_LISTING_ORDER="ASC").spider
    spider.options = OPTIONS
    spider._topic_ids = {"culture and tourism": 2446, "housing": 2449}
    spider._taxonomy_started = True
    spider.ledger.page_size = 10
    return spider


def test_a_topic_whose_pages_match_its_total_is_not_walked(spider):
    for slug in ("a", "b", "c"):
        spider.note_page_topics(slug, ["Culture and Tourism", "Unlisted topic"])
    spider.facet_totals[TOPIC] = 3
    spider.members[TOPIC] = {"a", "b"}  # the first filtered page
    assert list(spider._topics_from_pages()) == []
    assert spider.members[TOPIC] == {"a", "b", "c"}
    assert spider.facet_membership[TOPIC].startswith("pages")


def test_a_topic_whose_count_differs_has_its_filtered_listing_walked(spider):
    spider.note_page_topics("a", ["Housing"])
    spider.facet_totals[OTHER] = 25  # a parent topic, say, holding what its pages do not show
    spider.members[OTHER] = {"a"}
    requests = list(spider._topics_from_pages())
    assert [r.cb_kwargs for r in requests] == [{"key": OTHER, "page": p} for p in (1, 2)]
    assert all("topic%5B2449%5D=2449" in r.url for r in requests)
    assert spider.members[OTHER] == {"a"}  # the walk fills it, the pages do not
    assert spider.facet_membership[OTHER] == (
        "walked: 1 pages show it, its filtered listing reports 25"
    )


def test_a_first_filtered_page_the_pages_contradict_makes_the_topic_walked(spider):
    spider.note_page_topics("a", ["Housing"])
    spider.facet_totals[OTHER] = 1
    spider.members[OTHER] = {"z"}  # listed under the topic, its page does not show it
    assert list(spider._topics_from_pages()) == []  # one page: nothing more to walk
    assert spider.facet_membership[OTHER].startswith("walked: its first filtered page")
    assert spider.members[OTHER] == {"z"}


def test_the_months_are_walked_whole_when_the_order_does_not_fit(spider):
    spider.date_walk["status"] = "walked"
    spider.positions = {"a": 0, "b": 1, "c": 2}
    spider._month_totals = {(2021, 1): 12, (2021, 2): 1}
    spider._month_first = {(2021, 1): ["b"], (2021, 2): ["c"]}
    requests = list(spider._months_from_order())
    assert [r.cb_kwargs["page"] for r in requests] == [1]  # January's second page
    assert "from=2021-01-01" in requests[0].url and "to=2021-01-31" in requests[0].url
    assert spider.date_walk["months"].startswith("walked whole")


def test_the_months_come_from_the_order_when_each_first_page_fits(spider):
    spider.date_walk["status"] = "walked"
    spider.positions = {"b": 1, "a": 0, "c": 2}
    spider._month_totals = {(2021, 1): 2, (2021, 2): 1}
    spider._month_first = {(2021, 1): ["a", "b"], (2021, 2): ["c"]}
    assert list(spider._months_from_order()) == []
    assert spider.created_month == {
        "a": date(2021, 1, 1), "b": date(2021, 1, 1), "c": date(2021, 2, 1)
    }  # fmt: skip


def test_nothing_is_settled_while_case_studies_wait_for_the_template(spider):
    spider.held = ["a request waiting"]
    spider.facet_totals[OTHER] = 25
    spider._settle_taxonomy_when_idle()  # returns: the pages are not all read
    assert spider.facet_membership == {}
    spider.held = []
    spider.crawler.engine.spider_is_idle = lambda: True
    sent = []
    spider.crawler.engine.crawl = sent.append
    with pytest.raises(DontCloseSpider):
        spider._settle_taxonomy_when_idle()
    assert [r.cb_kwargs["page"] for r in sent] == [1, 2]
