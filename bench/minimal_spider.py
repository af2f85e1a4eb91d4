"""The baseline for bench/crawl.py: the least Scrapy that fetches the pages casecrawl fetches.

`python bench/minimal_spider.py BASE_URL CONCURRENCY` walks every listing page of the
replica and requests every case study once, reading the listing's total and teaser links
with regexes and each case study with five selectors (title, summary, date, topics, body);
the last stdout line is JSON with what it fetched.
"""

from __future__ import annotations

import json
import math
import re
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

PAGE_SIZE = 10
TOTAL = re.compile(r"Your search returned (?:<b>)?(\d+)(?:</b>)? results")
# The teaser title links; hrefs vary in host, scheme, slash, query and fragment, the slug does not.
TEASER_SLUG = re.compile(r'class="teaser__title"><a href="[^"]*?/case-studies/([a-z0-9-]+)')


def listing_url(base_url: str, page: int) -> str:
    return f"{base_url}/case-studies?keys=&from=&to=&sort_by=created&sort_order=ASC&page={page}"


class MinimalSpider(scrapy.Spider):
    name = "minimal"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.listing_pages = 0
        self.detail_pages = 0

    async def start(self):
        yield scrapy.Request(listing_url(self.base_url, 0), callback=self.parse_first_listing)

    def parse_first_listing(self, response):
        yield from self.parse_listing(response)
        total = int(TOTAL.search(response.text).group(1))
        for page in range(1, math.ceil(total / PAGE_SIZE)):
            yield scrapy.Request(listing_url(self.base_url, page), callback=self.parse_listing)

    def parse_listing(self, response):
        self.listing_pages += 1
        for slug in TEASER_SLUG.findall(response.text):
            yield scrapy.Request(f"{self.base_url}/case-studies/{slug}", callback=self.parse_detail)

    def parse_detail(self, response):
        self.detail_pages += 1
        yield {
            "title": response.css("h1::text").get(),
            "summary": response.css("main p::text").get(),
            "date": response.css("time::attr(datetime)").get(),
            "topics": response.css("a[href*='/topics/']::text").getall(),
            "body": " ".join(response.css("main p::text").getall()),
        }


def main(base_url: str, concurrency: int) -> int:
    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": True,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        }
    )
    crawler = process.create_crawler(MinimalSpider)
    process.crawl(crawler, base_url=base_url)
    process.start()
    stats = crawler.stats.get_stats()
    statuses = {
        key.rsplit("/", 1)[-1]: value
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    spider = crawler.spider
    counts = {
        "responses": sum(statuses.values()),
        "responses_by_status": statuses,
        "listing_pages": spider.listing_pages,
        "detail_pages": spider.detail_pages,
    }
    print(json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
