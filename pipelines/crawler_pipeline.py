"""The shape the small pipelines share: built from the crawler, reading the running spider."""

from __future__ import annotations


class CrawlerPipeline:
    """Base for pipelines that record into the spider's CrawlReport."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider
