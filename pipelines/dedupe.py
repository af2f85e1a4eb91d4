"""Keep one row per slug: the same case study can be reached by several URLs."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class DedupePipeline:
    """Drops a second item with an id already seen, and records it in the report."""

    def open_spider(self, spider):
        self.seen: set[str] = set()

    def process_item(self, item, spider):
        if item["id"] in self.seen:
            spider.report.duplicates.append(item["url"])
            raise DropItem(f"duplicate case study {item['id']}")
        self.seen.add(item["id"])
        return item
