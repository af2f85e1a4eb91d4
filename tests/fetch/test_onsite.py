"""OnSiteMiddleware: only the site's host and its www/www2/bare forms are fetched; rest counted."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from casecrawl.fetch.middlewares.onsite import OnSiteMiddleware, site_hosts

DROPPED = "casecrawl/offsite_dropped"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.local.gov.uk/case-studies/arts-prescription",
        "https://local.gov.uk/case-studies/arts-prescription",
        "https://www2.local.gov.uk/case-studies/arts-prescription",
        "http://www.local.gov.uk/case-studies?page=3",
        "https://WWW.Local.Gov.UK/node/123",
    ],
)
def test_the_site_and_its_www_and_bare_forms_are_fetched(make_crawler, url):
    crawler = make_crawler()
    middleware = OnSiteMiddleware.from_crawler(crawler)

    assert middleware.process_request(Request(url)) is None
    assert crawler.stats.get_value(DROPPED) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/case-studies/arts-prescription",  # another host
        "https://pas.local.gov.uk/case-studies/arts-prescription",  # another subdomain
        "https://www.local.gov.uk.example.org/case-studies/x",  # a look-alike
        "https://notlocal.gov.uk/case-studies/x",
        "https://www.local.gov.uk@example.org/case-studies/x",  # the host is example.org
        "https://www.local.gov.uk:8443/case-studies/x",  # another port
        "ftp://www.local.gov.uk/case-studies/x",  # not over HTTP(S)
        "file:///etc/passwd",
        "data:text/html,<h1>x</h1>",
    ],
)
def test_a_request_off_the_site_is_dropped_and_counted(make_crawler, url):
    crawler = make_crawler()
    middleware = OnSiteMiddleware.from_crawler(crawler)

    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(url))
    assert crawler.stats.get_value(DROPPED) == 1


def test_every_request_dropped_is_counted(make_crawler):
    crawler = make_crawler()
    middleware = OnSiteMiddleware.from_crawler(crawler)
    urls = ["https://example.org/a", "https://www.local.gov.uk/case-studies/a", "ftp://x/y"]

    dropped = 0
    for url in urls:
        try:
            middleware.process_request(Request(url))
        except IgnoreRequest:
            dropped += 1

    assert dropped == 2
    assert crawler.stats.get_value(DROPPED) == 2


def test_on_a_local_site_only_its_port_is_fetched(make_crawler):
    crawler = make_crawler(CASECRAWL_BASE_URL="http://127.0.0.1:8123")
    middleware = OnSiteMiddleware.from_crawler(crawler)

    assert middleware.process_request(Request("http://127.0.0.1:8123/case-studies/a")) is None
    for url in ("http://127.0.0.1:8124/case-studies/a", "http://127.0.0.1/case-studies/a"):
        with pytest.raises(IgnoreRequest):
            middleware.process_request(Request(url))
    assert crawler.stats.get_value(DROPPED) == 2


def test_the_site_is_the_spiders_base_url_given_as_an_argument(make_crawler):
    crawler = make_crawler(spider_args={"base_url": "http://127.0.0.1:8123"})
    middleware = OnSiteMiddleware.from_crawler(crawler)

    assert middleware.process_request(Request("http://127.0.0.1:8123/case-studies/a")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://www.local.gov.uk/case-studies/a"))


def test_site_hosts_are_the_host_and_its_www_forms_with_the_port():
    assert site_hosts("https://local.gov.uk") == {
        "local.gov.uk",
        "www.local.gov.uk",
        "www2.local.gov.uk",
    }
    assert site_hosts("https://www2.example.org:8443") == {
        "example.org:8443",
        "www.example.org:8443",
        "www2.example.org:8443",
    }
    assert site_hosts("http://127.0.0.1:8000") == {"127.0.0.1:8000"}  # no www. of an address
