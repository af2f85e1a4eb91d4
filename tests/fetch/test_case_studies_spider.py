"""CaseStudiesSpider's callbacks on saved pages: what a listing asks for, a case study's item."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse
from support import PAGES, VARIANT_NAMES, expected_for
from twisted.python.failure import Failure

from casecrawl.fetch.warc import ARCHIVED_IN, FETCHED_AT
from casecrawl.urls import canonical_case_study_url, listing_page_number, listing_url

BASE = "https://www.local.gov.uk"  # the saved pages' site (CASECRAWL_BASE_URL in conftest.py)
LAST_PAGE = 29  # the saved listing: 300 case studies, 10 a page
# Saved case-study pages whose teasers stand on the saved last listing page.
ON_THE_LAST_PAGE = (
    "arts-prescription",
    "aylesbury-vale-and-kirklees-town-centre-regeneration",
    "harrogate-borough-council-community-wealth-building",
    "preventing-homelessness-hammersmith-fulham-council",
    "publicly-owned-solar-farm-knowsley",
    "rewilding-parks-and-verges-harrogate",
)
ITEM_FIELDS = ("id", "url", "title", "summary", "topics", "body_text", "sections", "links")


def listing_response(variant: str, page: int, as_page: int | None = None) -> HtmlResponse:
    """The saved listing page, answering the spider's request for page `as_page` (default: its own)."""
    path = PAGES / variant / f"listing-page-{page}.html"
    number = page if as_page is None else as_page
    url = listing_url(BASE, number, "DESC")
    request = Request(url, cb_kwargs={"page": number})
    return HtmlResponse(url, body=path.read_bytes(), encoding="utf-8", request=request)


def read_listing(spider, response: HtmlResponse) -> list[Request]:
    return list(spider.parse_listing(response, **response.request.cb_kwargs))


def answer(request: Request, body: bytes, status: int = 200, headers=None, meta=None):
    """What the engine does with a case-study request: the response, to the request's callback."""
    request.meta.update(meta or {})
    response = HtmlResponse(
        request.url, status=status, headers=headers, body=body, encoding="utf-8", request=request
    )
    return list(request.callback(response, **request.cb_kwargs))


def detail_request(spider, variant: str, slug: str) -> Request:
    """The spider's request for a case study listed on the last page, after the first two pages."""
    requests = read_listing(spider, listing_response(variant, 0))
    requests += read_listing(spider, listing_response(variant, LAST_PAGE))
    return next(r for r in requests if r.cb_kwargs.get("slug") == slug)


def detail_body(variant: str, slug: str) -> bytes:
    return (PAGES / variant / f"detail-{slug}.html").read_bytes()


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_first_listing_page_asks_for_its_case_studies_and_every_later_listing_page(
    make_crawler, variant
):
    spider = make_crawler().spider
    response = listing_response(variant, 0)
    expected = expected_for(PAGES / variant / "listing-page-0.html")

    requests = read_listing(spider, response)

    details = [r for r in requests if r.callback == spider.parse_detail]
    listings = [r for r in requests if r.callback == spider.parse_listing]
    assert len(details) + len(listings) == len(requests)
    slugs = [t["slug"] for t in expected["teasers"]]
    assert [r.cb_kwargs["slug"] for r in details] == slugs
    assert [r.url for r in details] == [canonical_case_study_url(s, BASE) for s in slugs]
    assert [r.cb_kwargs["teaser"].title for r in details] == [
        t["title"] for t in expected["teasers"]
    ]
    assert all(r.errback == spider.detail_failed for r in details)
    # Every page the reported total implies, each once, in the listing's order.
    assert [r.cb_kwargs["page"] for r in listings] == list(range(1, LAST_PAGE + 1))
    assert [listing_page_number(r.url) for r in listings] == list(range(1, LAST_PAGE + 1))
    assert all("sort_order=DESC" in r.url for r in listings)
    # The walk comes first: listing pages before case-study pages.
    assert min(r.priority for r in listings) > max(r.priority for r in details)
    ledger = spider.ledger
    assert (ledger.reported_total, ledger.page_size) == (expected["total"], 10)
    assert (ledger.listing_pages, ledger.teasers_seen) == (1, 10)
    assert ledger.walk_ended == [] and dict(ledger.cue_failures) == {}


def test_a_later_listing_page_asks_for_its_case_studies_and_no_listing_page_twice(make_crawler):
    spider = make_crawler().spider
    read_listing(spider, listing_response("classic", 0))
    expected = expected_for(PAGES / "classic" / f"listing-page-{LAST_PAGE}.html")

    requests = read_listing(spider, listing_response("classic", LAST_PAGE))

    assert [r.cb_kwargs["slug"] for r in requests] == [t["slug"] for t in expected["teasers"]]
    assert all(r.callback == spider.parse_detail for r in requests)
    # Each case study's place in the walk: its page's first place plus its place on the page.
    first = expected["teasers"][0]["slug"]
    assert spider.positions[first] == LAST_PAGE * 10
    assert spider.ledger.teasers_seen == 20


def test_a_page_past_the_last_one_ends_the_walk(make_crawler):
    spider = make_crawler().spider
    read_listing(spider, listing_response("classic", 0))

    requests = read_listing(spider, listing_response("classic", LAST_PAGE, as_page=LAST_PAGE + 1))

    assert requests == []
    assert spider.ledger.walk_ended == [f"page {LAST_PAGE + 1} is past the last page {LAST_PAGE}"]


def test_a_page_repeating_case_studies_already_seen_ends_the_walk(make_crawler):
    spider = make_crawler().spider
    read_listing(spider, listing_response("classic", 0))

    requests = read_listing(spider, listing_response("classic", 0, as_page=7))

    assert requests == []
    assert spider.ledger.walk_ended == ["page 7 repeats case studies already seen"]
    assert spider.ledger.teasers_seen == 10


def test_a_listing_without_its_count_sentence_is_reported_and_leads_nowhere(make_crawler):
    spider = make_crawler().spider
    url = listing_url(BASE, 0, "DESC")
    html = b"<html><body><h3><a href='/case-studies/a'>A title</a></h3><p>A.</p></body></html>"
    response = HtmlResponse(url, body=html, encoding="utf-8", request=Request(url))

    requests = list(spider.parse_listing(response, page=0))

    assert requests == []
    assert spider.ledger.cue_failures["count_sentence"] == [url]


def test_case_study_requests_wait_for_the_learning_sample(make_crawler):
    spider = make_crawler(CASECRAWL_SAMPLE_SIZE=40).spider

    requests = read_listing(spider, listing_response("classic", 0))

    assert all(r.callback == spider.parse_listing for r in requests)
    assert len(requests) == LAST_PAGE
    assert [page.slug for page in spider.held] == [
        t["slug"] for t in expected_for(PAGES / "classic" / "listing-page-0.html")["teasers"]
    ]
    # A waiting page is what its request is made of, not the request; the request, made when
    # it goes out, carries the walk's teaser, without the parts the teaser template reads:
    # those wait packed (`spider.teaser_parts`), one copy, until the template reads them.
    for page in spider.held:
        request = spider.detail_request(page)
        assert request.url == page.url and request.callback == spider.parse_detail
        assert request.cb_kwargs["teaser"] is spider.teasers[page.slug]
        assert spider.teasers[page.slug].parts == ()
        assert spider.teaser_parts.restored(spider.teasers[page.slug]).parts != ()
    assert len(spider.teaser_parts) == len(spider.held)


def detail_requests(outputs) -> list[Request]:
    return [o for o in outputs if isinstance(o, Request) and o.cb_kwargs.get("slug")]


def test_case_study_requests_go_out_a_window_at_a_time_in_the_walks_order(make_crawler):
    spider = make_crawler(CASECRAWL_FEED_WINDOW=4).spider
    walked = [t["slug"] for t in expected_for(PAGES / "classic" / "listing-page-0.html")["teasers"]]

    sent = detail_requests(read_listing(spider, listing_response("classic", 0)))

    assert [r.cb_kwargs["slug"] for r in sent] == walked[:4]
    assert [page.slug for page in spider.held] == walked[4:]
    # Each answer, a page or a failure, makes room for the next one.
    outputs = answer(sent[0], detail_body("classic", "arts-prescription"))
    assert [r.cb_kwargs["slug"] for r in detail_requests(outputs)] == walked[4:5]
    failure = Failure(IgnoreRequest("robots.txt"))
    failure.request = sent[1]
    assert [r.cb_kwargs["slug"] for r in detail_requests(spider.detail_failed(failure))] == [
        walked[5]
    ]
    assert [page.slug for page in spider.held] == walked[6:]


def test_held_pages_go_out_when_the_crawl_is_idle_whatever_was_counted(make_crawler):
    crawler = make_crawler(CASECRAWL_FEED_WINDOW=4)
    spider, engine = crawler.spider, crawler.engine
    read_listing(spider, listing_response("classic", 0))
    sent = []
    engine.crawl = sent.append

    with pytest.raises(DontCloseSpider):
        spider._sample_when_idle()  # nothing came back: four counted out, none out really

    assert len(sent) == 4 and len(spider.held) == 2


@pytest.mark.parametrize("slug", ON_THE_LAST_PAGE)
@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_a_case_study_page_gives_an_item_with_its_title_and_text(make_crawler, variant, slug):
    spider = make_crawler().spider
    request = detail_request(spider, variant, slug)
    expected = expected_for(PAGES / variant / f"detail-{slug}.html")

    (item,) = answer(request, detail_body(variant, slug))

    assert isinstance(item, dict)
    for name in ITEM_FIELDS:
        assert item[name] == expected[name], name
    shown = item["published_date"].isoformat() if item["published_date"] else None
    assert shown == expected["published_date"]
    assert item["source"] == BASE
    assert item["listing_position"] == LAST_PAGE * 10 + request.cb_kwargs["teaser"].position
    assert spider.ledger.detail_pages == 1
    assert dict(spider.ledger.cue_failures) == {}


def test_a_case_study_item_keeps_when_its_page_arrived_and_its_validators(make_crawler):
    spider = make_crawler().spider
    slug = "arts-prescription"
    request = detail_request(spider, "classic", slug)
    arrived = datetime(2026, 2, 3, 4, 5, 6, 789, tzinfo=timezone.utc)
    headers = {"ETag": '"v7"', "Last-Modified": "Tue, 03 Feb 2026 04:00:00 GMT"}
    meta = {FETCHED_AT: arrived, ARCHIVED_IN: "2026-01-01T000000Z"}

    (item,) = answer(request, detail_body("classic", slug), headers=headers, meta=meta)

    assert item["crawled_at"] == arrived
    state = spider.fetches[slug]
    assert state.url == canonical_case_study_url(slug, BASE)
    assert state.checked_at == arrived
    assert (state.etag, state.last_modified) == ('"v7"', "Tue, 03 Feb 2026 04:00:00 GMT")
    assert state.archived_in == "2026-01-01T000000Z"


@pytest.mark.parametrize("status", [404, 410])
def test_a_withdrawn_case_study_gives_no_item_and_is_recorded_gone(make_crawler, status):
    spider = make_crawler().spider
    request = detail_request(spider, "classic", "arts-prescription")

    items = answer(request, b"<html><body><h1>Page not found</h1></body></html>", status=status)

    assert items == []
    assert spider.ledger.gone == [request.url]
    assert spider.ledger.detail_pages == 0
    assert "arts-prescription" not in spider.fetches


def test_a_page_answered_not_modified_is_carried_forward_without_an_item(make_crawler):
    spider = make_crawler().spider
    request = detail_request(spider, "classic", "arts-prescription")

    items = answer(request, b"", status=304, headers={"ETag": '"v7"'})

    assert items == []
    assert spider.ledger.not_modified == 1
    assert spider.ledger.detail_pages == 0
    assert "arts-prescription" in spider.carried
    assert spider.fetches["arts-prescription"].etag == '"v7"'
