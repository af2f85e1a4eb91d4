"""Topic names: trimmed, deduplicated, and spelt as the site's own filter list spells them."""

from __future__ import annotations

from casecrawl.parse.blocks import normalise_text
from pipelines import CrawlerPipeline


def normalise_topics(topics: list[str], vocabulary: frozenset[str]) -> tuple[list[str], list[str]]:
    """(topics in page order without repeats, names not in the vocabulary)."""
    canonical = {v.casefold(): v for v in vocabulary}
    out: list[str] = []
    unknown: list[str] = []
    for topic in topics:
        name = normalise_text(topic)
        if not name:
            continue
        known = canonical.get(name.casefold())
        if known is None and vocabulary:
            unknown.append(name)
        name = known or name
        if name not in out:
            out.append(name)
    return out, unknown


class TopicPipeline(CrawlerPipeline):
    """Applies `normalise_topics` with the vocabulary the listing's topic filter showed."""

    def process_item(self, item):
        spider = self.spider
        item["topics"], unknown = normalise_topics(item["topics"], spider.vocabulary)
        for name in unknown:
            spider.ledger.unknown_topics[name] += 1
        return item
