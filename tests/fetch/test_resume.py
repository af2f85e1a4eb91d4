"""ResumeMiddleware: a run started again answers archived case-study pages, never listings."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse

from casecrawl.dataset.layout import ARCHIVE_NAME
from casecrawl.fetch.middlewares.archive import ArchiveMiddleware
from casecrawl.fetch.middlewares.resume import ResumeMiddleware
from casecrawl.fetch.warc import ARCHIVED_IN, FETCHED_AT, FROM_ARCHIVE, PageArchive, run_folder

BASE = "https://www.local.gov.uk"
DETAIL = f"{BASE}/case-studies/arts-prescription"
WITHDRAWN = f"{BASE}/case-studies/withdrawn"
LISTING = f"{BASE}/case-studies?keys=&from=&to=&sort_by=created&sort_order=ASC&page=0"
PAGE = "<html><body><h1>Arts on prescription</h1><p>Caf\u00e9 culture.</p></body></html>".encode()
ARRIVED = datetime(2026, 2, 3, 4, 5, 6, 789, tzinfo=timezone.utc)
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Etag", '"v2"')]


def killed_run(out_dir, kind: str = "crawl") -> PageArchive:
    """The archive a run of `kind` left in its folder when it was killed."""
    archive = PageArchive(run_folder(out_dir, kind, BASE) / ARCHIVE_NAME)
    archive.write(LISTING, "GET", [], 200, HEADERS, b"<p>listing</p>", ARRIVED)
    archive.write(DETAIL, "GET", [], 200, HEADERS, PAGE, ARRIVED)
    archive.write(WITHDRAWN, "GET", [], 404, HEADERS, b"<h1>Not found</h1>", ARRIVED)
    archive.close()
    return archive


def test_an_archived_case_study_page_is_answered_from_the_archive(make_crawler, fetch_out):
    killed_run(fetch_out)
    crawler = make_crawler()
    middleware = ResumeMiddleware.from_crawler(crawler)
    request = Request(DETAIL, cb_kwargs={"slug": "arts-prescription"})

    response = middleware.process_request(request)

    assert isinstance(response, HtmlResponse)
    assert (response.url, response.status, response.body) == (DETAIL, 200, PAGE)
    assert response.headers[b"ETag"] == b'"v2"'
    assert response.text == PAGE.decode()
    assert response.request is request
    # Flagged for the archive middleware (not written again) and the spider (its arrival, and
    # the archive moves into this run's snapshot).
    assert request.meta[FROM_ARCHIVE] is True
    assert request.meta[FETCHED_AT] == ARRIVED
    assert request.meta[ARCHIVED_IN] == ""
    assert crawler.spider.ledger.replayed_pages == 1


def test_listing_pages_and_pages_not_received_are_fetched_again(make_crawler, fetch_out):
    killed_run(fetch_out)
    crawler = make_crawler()
    middleware = ResumeMiddleware.from_crawler(crawler)

    for url in (LISTING, WITHDRAWN, f"{BASE}/case-studies/not-reached-yet"):
        request = Request(url)
        assert middleware.process_request(request) is None, url
        assert FROM_ARCHIVE not in request.meta
    assert crawler.spider.ledger.replayed_pages == 0


def test_each_page_answered_from_the_archive_is_counted(make_crawler, fetch_out):
    killed_run(fetch_out)
    crawler = make_crawler()
    middleware = ResumeMiddleware.from_crawler(crawler)

    middleware.process_request(Request(DETAIL))
    middleware.process_request(Request(LISTING))
    middleware.process_request(Request(DETAIL, dont_filter=True))

    assert crawler.spider.ledger.replayed_pages == 2


def test_the_newest_copy_of_a_page_is_the_one_replayed(make_crawler, fetch_out):
    archive = PageArchive(run_folder(fetch_out, "crawl", BASE) / ARCHIVE_NAME)
    later = datetime(2026, 2, 4, tzinfo=timezone.utc)
    archive.write(DETAIL, "GET", [], 200, HEADERS, b"<p>first</p>", ARRIVED)
    archive.write(DETAIL, "GET", [], 200, HEADERS, b"<p>second</p>", later)
    archive.close()
    middleware = ResumeMiddleware.from_crawler(make_crawler())
    request = Request(DETAIL)

    assert middleware.process_request(request).body == b"<p>second</p>"
    assert request.meta[FETCHED_AT] == later


def test_with_no_archive_the_run_starts_from_the_beginning(make_crawler):
    with pytest.raises(NotConfigured):
        ResumeMiddleware.from_crawler(make_crawler())


def test_an_empty_archive_is_no_run_to_resume(make_crawler, fetch_out):
    PageArchive(run_folder(fetch_out, "crawl", BASE) / ARCHIVE_NAME).close()

    with pytest.raises(NotConfigured):
        ResumeMiddleware.from_crawler(make_crawler())


def test_only_the_same_command_on_the_same_site_resumes_from_an_archive(make_crawler, fetch_out):
    killed_run(fetch_out, kind="crawl")

    with pytest.raises(NotConfigured):
        ResumeMiddleware.from_crawler(make_crawler(CASECRAWL_RUN_KIND="refresh"))
    with pytest.raises(NotConfigured):
        ResumeMiddleware.from_crawler(make_crawler(CASECRAWL_BASE_URL="http://127.0.0.1:8123"))


def test_no_resume_when_archiving_is_turned_off(make_crawler, fetch_out):
    killed_run(fetch_out)

    with pytest.raises(NotConfigured):
        ResumeMiddleware.from_crawler(make_crawler(CASECRAWL_ARCHIVE=False))


def test_a_killed_runs_pages_are_replayed_and_archived_once_when_it_runs_again(
    make_crawler, fetch_out
):
    # The first run receives a case-study page, then is killed (its archive is not closed).
    first = make_crawler()
    archiving = ArchiveMiddleware.from_crawler(first)
    request = Request(DETAIL)
    archiving.process_response(request, HtmlResponse(DETAIL, body=PAGE, request=request))
    arrived = request.meta[FETCHED_AT]

    # Run again: the middlewares are made in the order of DOWNLOADER_MIDDLEWARES, archive first.
    second = make_crawler()
    archiving = ArchiveMiddleware.from_crawler(second)
    resume = ResumeMiddleware.from_crawler(second)
    again = Request(DETAIL)
    replayed = resume.process_request(again)
    assert archiving.process_response(again, replayed) is replayed
    second.signals.send_catch_log(signals.spider_closed, spider=second.spider, reason="finished")

    assert replayed.body == PAGE
    assert again.meta[FETCHED_AT] == arrived
    assert archiving.archive.records == 1
    assert second.spider.ledger.replayed_pages == 1
