"""RateLimitMiddleware on 429/503 and robots.txt: pauses, retries, the crawl stopped, delays."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from time import monotonic

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, TextResponse

from casecrawl.fetch.middlewares.ratelimit import RateLimitMiddleware, retry_after_seconds

HOST = "www.local.gov.uk"
URL = f"https://{HOST}/case-studies/arts-prescription"


def middleware_and_slot(make_crawler, delay: float = 0.0, **settings):
    """The middleware of a fresh crawler, and the download slot of the site's host."""
    crawler = make_crawler(**settings)
    middleware = RateLimitMiddleware.from_crawler(crawler)
    return middleware, crawler.engine.downloader.slot(HOST, delay)


def response(request: Request, status: int, retry_after: str | None = None) -> HtmlResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HtmlResponse(request.url, status=status, headers=headers, body=b"", request=request)


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    # A date already past: no wait; nothing readable: no Retry-After.
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize("status", [429, 503])
def test_a_rate_limited_request_is_sent_again_after_a_pause_of_the_host(make_crawler, status):
    middleware, slot = middleware_and_slot(make_crawler)
    request = Request(URL, priority=3, meta={"retry_times": 1})

    started = monotonic()
    result = middleware.process_response(request, response(request, status, "30"))

    # The request again (not the response: RetryMiddleware never sees it), first in line,
    # past the duplicate filter, its retry budget untouched.
    assert isinstance(result, Request) and result is not request
    assert result.url == URL
    assert result.dont_filter
    assert result.priority == 4
    assert result.meta["retry_times"] == 1
    assert middleware.stats["rate_limited"] == 1
    assert middleware.stats["pauses"] == 1
    assert middleware.stats["paused_seconds"] == pytest.approx(30, abs=1)
    # The host's slot is held back: its next request goes when the pause is over, then one
    # per CASECRAWL_RESUME_DELAY.
    assert slot.delay == 1.0
    assert slot.lastseen + slot.delay == pytest.approx(started + 30, abs=1)
    assert middleware.crawler.engine.closed == []


def test_a_request_rate_limited_again_and_again_fails_instead_of_waiting_for_ever(make_crawler):
    middleware, _ = middleware_and_slot(make_crawler, CASECRAWL_MAX_RATE_LIMITED=3)
    request = Request(URL)
    for times in (1, 2, 3):
        request = middleware.process_response(request, response(request, 429, "1"))
        assert isinstance(request, Request) and request.meta["casecrawl_rate_limited"] == times
    answer = response(request, 429, "1")
    assert middleware.process_response(request, answer) is answer  # the fourth: it fails
    assert middleware.crawler.stats.get_value("casecrawl/rate_limited_gave_up") == 1


def test_a_retry_after_given_as_a_date_pauses_until_then(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler)
    request = Request(URL)
    when = datetime.now(timezone.utc) + timedelta(seconds=120)

    started = monotonic()
    result = middleware.process_response(request, response(request, 503, format_datetime(when)))

    assert isinstance(result, Request)
    assert middleware.stats["pauses"] == 1
    assert middleware.stats["paused_seconds"] == pytest.approx(120, abs=2)
    assert slot.lastseen + slot.delay == pytest.approx(started + 120, abs=2)


def test_the_ledger_holds_what_the_middleware_saw(make_crawler):
    middleware, _ = middleware_and_slot(make_crawler)
    request = Request(URL)

    middleware.process_response(request, response(request, 429, "5"))

    assert middleware.crawler.spider.ledger.rate_limits is middleware.stats
    assert middleware.crawler.spider.ledger.rate_limits["rate_limited"] == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_rate_limit_without_retry_after_is_left_to_the_retry_middleware(make_crawler, status):
    middleware, slot = middleware_and_slot(make_crawler)
    request = Request(URL)
    answer = response(request, status)

    assert middleware.process_response(request, answer) is answer
    assert middleware.stats == {
        "rate_limited": 0,
        "pauses": 0,
        "paused_seconds": 0.0,
        "crawl_delay": None,
    }
    assert slot.lastseen == 0


def test_a_retry_after_on_another_status_is_not_a_rate_limit(make_crawler):
    middleware, _ = middleware_and_slot(make_crawler)
    request = Request(URL)
    answer = response(request, 200, "60")

    assert middleware.process_response(request, answer) is answer
    assert middleware.stats["rate_limited"] == 0


def test_answers_already_in_flight_extend_the_pause_without_counting_a_new_one(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler)
    first, second = Request(URL), Request(URL + "-2")

    started = monotonic()
    middleware.process_response(first, response(first, 429, "30"))
    middleware.process_response(second, response(second, 429, "60"))

    assert middleware.stats["rate_limited"] == 2
    assert middleware.stats["pauses"] == 1
    assert middleware.stats["paused_seconds"] == pytest.approx(60, abs=1)
    assert slot.lastseen + slot.delay == pytest.approx(started + 60, abs=1)


def test_a_retry_after_beyond_the_cap_stops_the_crawl_and_says_why(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler, CASECRAWL_MAX_PAUSE=600)
    crawler = middleware.crawler
    request = Request(URL)
    answer = response(request, 429, "3600")

    assert middleware.process_response(request, answer) is answer
    assert crawler.engine.closed == [(crawler.spider, "rate_limited")]
    reason = crawler.stats.get_value("casecrawl/stopped")
    assert reason.startswith(f"rate limited: {URL} answered 429 with Retry-After 3600 s")
    assert "600 s cap" in reason
    assert middleware.stats["rate_limited"] == 1
    assert middleware.stats["pauses"] == 0
    assert slot.lastseen == 0


def test_a_retry_after_at_the_cap_is_still_waited_for(make_crawler):
    middleware, _ = middleware_and_slot(make_crawler, CASECRAWL_MAX_PAUSE=600)
    request = Request(URL)

    result = middleware.process_response(request, response(request, 429, "600"))

    assert isinstance(result, Request)
    assert middleware.crawler.engine.closed == []


def test_after_a_pause_the_delay_falls_back_by_a_tenth_per_good_answer(make_crawler):
    middleware, slot = middleware_and_slot(
        make_crawler, delay=0.5, DOWNLOAD_DELAY=0.5, CASECRAWL_RESUME_DELAY=2.0
    )
    request = Request(URL)
    middleware.process_response(request, response(request, 429, "1"))
    assert slot.delay == 2.0

    delays = []
    for _ in range(15):
        middleware.process_response(request, response(request, 200))
        delays.append(slot.delay)

    assert delays[:3] == pytest.approx([1.8, 1.62, 1.458])
    # Back to DOWNLOAD_DELAY, and no lower, once the raised delay has fallen under it.
    assert delays[-1] == 0.5
    assert min(delays) == 0.5
    assert middleware.recovering == {}


def test_under_autothrottle_a_larger_delay_of_its_own_is_kept(make_crawler):
    middleware, slot = middleware_and_slot(
        make_crawler, delay=5.0, AUTOTHROTTLE_ENABLED=True, CASECRAWL_RESUME_DELAY=2.0
    )
    request = Request(URL)

    middleware.process_response(request, response(request, 429, "1"))
    assert slot.delay == 5.0
    slot.delay = 0.1  # AutoThrottle lowered it: the rate limit's aftermath is the floor
    middleware.process_response(request, response(request, 200))
    assert slot.delay == pytest.approx(1.8)


def robots(host: str, text: str) -> TextResponse:
    url = f"https://{host}/robots.txt"
    return TextResponse(url, body=text.encode(), encoding="utf-8", request=Request(url))


def test_a_crawl_delay_in_robots_txt_above_ours_sets_the_host_delay(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler, delay=1.0, DOWNLOAD_DELAY=1.0)
    answer = robots(HOST, "User-agent: *\nCrawl-delay: 5\nDisallow: /search\n")

    assert middleware.process_response(answer.request, answer) is answer
    assert middleware.stats["crawl_delay"] == 5.0
    assert slot.delay == 5.0
    # It is the floor the host's delay falls back to after a pause, too.
    request = Request(URL)
    middleware.process_response(request, response(request, 429, "1"))
    middleware.process_response(request, response(request, 200))
    assert slot.delay == 5.0


def test_a_crawl_delay_for_our_user_agent_wins_over_the_one_for_all(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler, USER_AGENT="casecrawl/1.0")
    text = "User-agent: casecrawl\nCrawl-delay: 3\n\nUser-agent: *\nCrawl-delay: 10\n"

    middleware.process_response(robots(HOST, text).request, robots(HOST, text))

    assert middleware.stats["crawl_delay"] == 3.0
    assert slot.delay == 3.0


def test_a_crawl_delay_no_larger_than_ours_changes_nothing(make_crawler):
    middleware, slot = middleware_and_slot(make_crawler, delay=2.0, DOWNLOAD_DELAY=2.0)
    answer = robots(HOST, "User-agent: *\nCrawl-delay: 1\n")

    middleware.process_response(answer.request, answer)

    assert middleware.stats["crawl_delay"] is None
    assert slot.delay == 2.0


def test_rate_limits_can_be_ignored_by_setting(make_crawler):
    crawler = make_crawler(CASECRAWL_HONOUR_RATE_LIMITS=False)

    with pytest.raises(NotConfigured):
        RateLimitMiddleware.from_crawler(crawler)
    assert crawler.spider.ledger.rate_limits is None
