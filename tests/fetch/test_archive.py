"""ArchiveMiddleware: each response into the run's WARC and back unchanged; resumes, kills."""

from __future__ import annotations

import gzip
import os
import time
from datetime import datetime, timezone

import pytest
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from warcio.archiveiterator import ArchiveIterator

from casecrawl.dataset.layout import ARCHIVE_NAME
from casecrawl.fetch.middlewares.archive import ArchiveMiddleware
from casecrawl.fetch.warc import (
    FETCHED_AT,
    FROM_ARCHIVE,
    PageArchive,
    archive_index,
    header_pairs,
    read_archive,
    run_folder,
)

BASE = "https://www.local.gov.uk"
DETAIL = f"{BASE}/case-studies/arts-prescription"
LISTING = f"{BASE}/case-studies?keys=&from=&to=&sort_by=created&sort_order=ASC&page=0"
PAGE = "<html><body><h1>Arts on prescription</h1><p>Caf\u00e9 culture.</p></body></html>"


def archive_path(out_dir, kind: str = "crawl"):
    return run_folder(out_dir, kind, BASE) / ARCHIVE_NAME


def close(crawler) -> None:
    """What Scrapy does at the end of the crawl."""
    crawler.signals.send_catch_log(signals.spider_closed, spider=crawler.spider, reason="finished")


def page_response(url: str, status: int = 200, body: bytes = PAGE.encode(), headers=None):
    request = Request(url, headers={"If-None-Match": '"v1"', "User-Agent": "casecrawl/test"})
    headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    return HtmlResponse(url, status=status, headers=headers, body=body, request=request)


def test_responses_are_archived_as_received_and_read_back_unchanged(make_crawler, fetch_out):
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    pages = [
        page_response(
            DETAIL, headers={"ETag": '"v2"', "Last-Modified": "Tue, 03 Feb 2026 04:00:00 GMT"}
        ),
        page_response(LISTING),
        page_response(f"{BASE}/case-studies/withdrawn", status=404, body=b"<h1>Not found</h1>"),
    ]

    returned = [middleware.process_response(r.request, r) for r in pages]
    close(crawler)

    assert returned == pages  # passed on untouched
    archived = list(read_archive(archive_path(fetch_out)))
    assert [a.url for a in archived] == [r.url for r in pages]
    assert [a.status for a in archived] == [200, 200, 404]
    assert [a.body for a in archived] == [r.body for r in pages]
    assert [a.headers for a in archived] == [header_pairs(r.headers) for r in pages]
    assert ("Etag", '"v2"') in archived[0].headers
    # The arrival stamped on the request is the archived one, to the microsecond.
    assert [a.fetched_at for a in archived] == [r.request.meta[FETCHED_AT] for r in pages]
    assert all(a.fetched_at.tzinfo == timezone.utc for a in archived)
    index = archive_index([archive_path(fetch_out)])
    assert index[DETAIL].body == PAGE.encode()
    assert middleware.archive.records == 3


def test_each_response_is_archived_with_the_request_that_asked_for_it(make_crawler, fetch_out):
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    answer = page_response(LISTING)

    middleware.process_response(answer.request, answer)
    close(crawler)

    with archive_path(fetch_out).open("rb") as handle:
        records = [(r.rec_type, r.http_headers) for r in ArchiveIterator(handle)]
    assert [kind for kind, _ in records] == ["response", "request"]
    request_line = records[1][1]
    assert request_line.protocol == "GET"
    assert request_line.statusline == (
        "/case-studies?keys=&from=&to=&sort_by=created&sort_order=ASC&page=0 HTTP/1.1"
    )
    assert request_line.get_header("If-None-Match") == '"v1"'


def test_a_compressed_body_is_kept_as_sent_and_chunking_is_not(make_crawler, fetch_out):
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    body = gzip.compress(PAGE.encode())
    headers = {"Content-Encoding": "gzip", "Transfer-Encoding": "chunked", "Vary": "Accept"}
    answer = page_response(DETAIL, body=body, headers=headers)

    middleware.process_response(answer.request, answer)
    close(crawler)

    (archived,) = read_archive(archive_path(fetch_out))
    assert archived.body == body
    names = [name.lower() for name, _ in archived.headers]
    assert "content-encoding" in names and "vary" in names
    assert "transfer-encoding" not in names


def test_pages_replayed_from_an_archive_are_not_written_again(make_crawler, fetch_out):
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    replayed = page_response(DETAIL)
    replayed.request.meta[FROM_ARCHIVE] = True
    fetched = page_response(LISTING)

    assert middleware.process_response(replayed.request, replayed) is replayed
    middleware.process_response(fetched.request, fetched)
    close(crawler)

    assert [a.url for a in read_archive(archive_path(fetch_out))] == [LISTING]
    assert middleware.archive.records == 1
    assert FETCHED_AT not in replayed.request.meta


def test_the_archive_is_the_runs_and_closed_with_the_spider(make_crawler, fetch_out):
    crawler = make_crawler(CASECRAWL_RUN_KIND="refresh")
    middleware = ArchiveMiddleware.from_crawler(crawler)

    assert crawler.spider.ledger.archive is middleware.archive
    assert middleware.archive.path == fetch_out / "partial" / "refresh-www.local.gov.uk" / (
        ARCHIVE_NAME
    )
    close(crawler)
    with pytest.raises(ValueError, match="closed file"):
        middleware.archive.write(DETAIL, "GET", [], 200, [], b"late", datetime.now(timezone.utc))


def test_no_archive_when_it_is_turned_off(make_crawler, fetch_out):
    crawler = make_crawler(CASECRAWL_ARCHIVE=False)

    with pytest.raises(NotConfigured):
        ArchiveMiddleware.from_crawler(crawler)
    assert crawler.spider.ledger.archive is None
    assert not (fetch_out / "partial").exists()


def write_earlier_run(path, *urls: str) -> None:
    """An archive left by an earlier run of the same command (killed before it published)."""
    archive = PageArchive(path)
    for url in urls:
        moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
        archive.write(url, "GET", [], 200, [("Content-Type", "text/html")], b"old", moment)
    archive.close()


def test_a_run_started_again_appends_to_its_archive(make_crawler, fetch_out):
    path = archive_path(fetch_out)
    write_earlier_run(path, DETAIL)
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    assert middleware.archive.records == 1

    answer = page_response(LISTING)
    middleware.process_response(answer.request, answer)
    close(crawler)

    assert [a.url for a in read_archive(path)] == [DETAIL, LISTING]
    assert middleware.archive.records == 2


def test_a_record_cut_short_by_a_kill_is_dropped_before_appending(make_crawler, fetch_out):
    path = archive_path(fetch_out)
    write_earlier_run(path, DETAIL)
    complete = path.stat().st_size
    write_earlier_run(path, f"{BASE}/case-studies/cut-short")
    # The kill came while the second page's response was being written.
    path.write_bytes(path.read_bytes()[: complete + 30])
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    assert middleware.archive.records == 1

    answer = page_response(LISTING)
    middleware.process_response(answer.request, answer)
    close(crawler)

    assert [a.url for a in read_archive(path)] == [DETAIL, LISTING]


def test_an_archive_too_old_to_resume_from_is_discarded(make_crawler, fetch_out):
    path = archive_path(fetch_out)
    write_earlier_run(path, DETAIL)
    old = time.time() - 29 * 86400
    os.utime(path, (old, old))
    crawler = make_crawler(CASECRAWL_RECHECK_DAYS=28)
    middleware = ArchiveMiddleware.from_crawler(crawler)

    assert middleware.archive.records == 0
    answer = page_response(LISTING)
    middleware.process_response(answer.request, answer)
    close(crawler)
    assert [a.url for a in read_archive(path)] == [LISTING]


def test_a_response_with_no_body_is_archived_too(make_crawler, fetch_out):
    crawler = make_crawler()
    middleware = ArchiveMiddleware.from_crawler(crawler)
    request = Request(DETAIL, headers={"If-None-Match": '"v2"'})
    unchanged = Response(DETAIL, status=304, headers={"ETag": '"v2"'}, request=request)

    middleware.process_response(request, unchanged)
    close(crawler)

    (archived,) = read_archive(archive_path(fetch_out))
    assert (archived.url, archived.status, archived.body) == (DETAIL, 304, b"")
    # An "unchanged" answer carries no page: the index keeps the copy before it.
    assert archive_index([archive_path(fetch_out)]) == {}
