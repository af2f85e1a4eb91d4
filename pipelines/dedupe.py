"""Keep one row per slug: the same case study can be reached by several URLs."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from pipelines import CrawlerPipeline


class DedupePipeline(CrawlerPipeline):
    """Drops a second item with an id already seen, and records it in the report."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item):
        if item["id"] in self.seen:
            self.spider.ledger.duplicates.append(item["url"])
            raise DropItem(f"duplicate case study {item['id']}")
        self.seen.add(item["id"])
        return item
