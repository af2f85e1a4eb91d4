"""Topic names: trimmed, deduplicated, and spelt as the site's own filter list spells them."""

from __future__ import annotations

from casecrawl.parse.topics import normalise_topics
from pipelines import CrawlerPipeline


class TopicPipeline(CrawlerPipeline):
    """Applies `normalise_topics` with the vocabulary the listing's topic filter showed."""

    def process_item(self, item):
        spider = self.spider
        item["topics"], unknown = normalise_topics(item["topics"], spider.vocabulary)
        for name in unknown:
            spider.ledger.unknown_topics[name] += 1
        return item
