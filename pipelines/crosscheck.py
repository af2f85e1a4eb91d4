"""Every item checked against the listing, the template and the libraries once the crawl is
over (casecrawl/parse/agreement.py); a cue over its limit blocks publication."""

from __future__ import annotations

from casecrawl.parse.agreement import (
    CUES,
    DEFAULT_LIMIT,
    REUSED_TEMPLATE_PAGES,
    CrossChecks,
    TitleIndex,
)
from casecrawl.parse.listing import Teaser
from casecrawl.publish.spool import ItemSpool
from pipelines import CrawlerPipeline


class CrossCheckPipeline(CrawlerPipeline):
    """Checks every item against the listing once the crawl is over, into report.cross_checks.

    Its close_spider must run before the snapshot pipeline's, which Scrapy calls in reverse
    order of ITEM_PIPELINES: hence its place after the snapshot pipeline in settings.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.items = ItemSpool()  # on disk: memory does not grow with the case studies

    def process_item(self, item):
        self.items.add(item)
        return item

    def close_spider(self):
        spider, report = self.spider, self.spider.ledger
        teasers: dict[str, Teaser] = spider.teasers
        vocabulary = set(spider.vocabulary) | {t.topic for t in teasers.values() if t.topic}
        checks = CrossChecks()
        index = TitleIndex(teasers)
        for item in self.items:
            teaser = teasers.get(item["id"])
            if teaser is None:
                continue
            checks.check_item(item, teaser, vocabulary)
            checks.check_body(item, index)
            checks.check_opinions(item)
        self.items.close()
        limits = {cue: DEFAULT_LIMIT for cue in CUES}
        limits.update(self.crawler.settings.getdict("CASECRAWL_ALLOW_DISAGREEMENT"))
        report.cross_checks = checks.manifest(limits)
        # A template learned in an earlier run was confirmed there: a refresh reading a few
        # pages with it needs no confirmation of its own, unless it reads many.
        learned_here = report.template_source.startswith("learned")
        fewest = 1 if learned_here else REUSED_TEMPLATE_PAGES
        report.cross_check_failures = checks.failures(limits, fewest)
        for failure in report.cross_check_failures:
            spider.logger.error("%s, e.g. %s", failure["reason"], ", ".join(failure["urls"]))
