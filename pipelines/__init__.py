"""Scrapy item pipelines, one concern each: validate, dedupe, topics, councils, cross-checks,
and the hand-off of accepted items to casecrawl.publish. Nothing in casecrawl imports them;
settings name them as strings, as Scrapy expects."""

from __future__ import annotations


class CrawlerPipeline:
    """Base for pipelines that record into the spider's RunLedger."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider
