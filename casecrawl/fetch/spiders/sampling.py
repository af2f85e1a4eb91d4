"""The learning sample: case-study pages spread across the listing, fetched before the others,
from which the site's template is learned (casecrawl/parse/template/).

Until the template is learned, requests for case-study pages are held, not sent. When the
crawl has nothing else to do (the listing walks are over), a sample of the held requests
spread over the listing's order is sent; once every sample page has answered, the
template is learned from them, the sample pages are read with it, and the held requests go
out. A refresh reuses the previous snapshot's template (and notices, through the
cross-checks, when pages stop matching it); a reparse learns it again from the archive.
Every sample page, and a rotating share of the others (spot checks), also gets the
independent libraries' second opinions (casecrawl/parse/opinions.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import deque
from datetime import datetime, timezone
from typing import NamedTuple

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from casecrawl.parse.opinions import fold_texts
from casecrawl.parse.template import Sample, SiteTemplate, learn_site_template
from casecrawl.parse.vocabulary import TopicVocabulary


class HeldPage(NamedTuple):
    """A case-study page to fetch, waiting: what its request is made of, not the request
    (a tenth of its memory; a crawl holds every case study of the site at once)."""

    slug: str
    url: str
    headers: dict
    teaser: object | None  # only for a page beyond the walk: the callback reads the walk's


MIN_SAMPLE = 3  # fewer pages cannot tell chrome from content: per-page rules read them
FIRST_SPOT_CHECKS = 5
SAMPLE_PRIORITY = 4  # before the other case-study pages, after the listing walks


class TemplateSampling:
    """Mixed into the spider: the sample, the template, the held requests, the spot checks."""

    def _init_sampling(self, crawler, previous_template: dict | None) -> None:
        settings = crawler.settings
        self.sample_size = max(settings.getint("CASECRAWL_SAMPLE_SIZE", 40), 0)
        self.spot_check_every = max(settings.getint("CASECRAWL_SPOT_CHECK_EVERY", 20), 1)
        self.template: SiteTemplate | None = None
        self.template_source = "learned from this run's sample"
        self.held: deque[HeldPage] = deque()  # case-study pages waiting, in the walk's order
        # Case-study requests out and not answered yet: the held pages go out as answers come
        # in, this many at most (0: all at once), so that the scheduler holds a window of
        # them, not the site.
        self.feed_window = max(settings.getint("CASECRAWL_FEED_WINDOW", 64), 0)
        self.in_flight = 0
        self.sample_pending: set[str] | None = None  # sample slugs not answered yet
        self.samples: list[tuple[Sample, dict]] = []  # pages, and what their item needs
        self.read_pages = 0
        # Which pages of this run get spot checks rotates from run to run.
        self.spot_offset = int(datetime.now(timezone.utc).timestamp()) % self.spot_check_every
        if previous_template is not None and self.kind == "refresh":
            self.template = SiteTemplate.from_json(previous_template)
            self.template_source = "the previous snapshot's"
            self.ledger.template = previous_template
        self.ledger.template_source = self.template_source
        self.learning = self.template is None and self.sample_size >= MIN_SAMPLE
        if not self.learning and self.template is None:
            self.ledger.template_source = "none: every page read by per-page rules"
            self.teaser_parts.forget_all()
        crawler.signals.connect(self._sample_when_idle, signal=signals.spider_idle)

    def topic_vocabulary(self) -> TopicVocabulary:
        """The filter's topic names and IDs, the listing's labels and where they lead
        (made again only when the listing has told more)."""
        key = (len(self.teasers), len(self.vocabulary), len(self.options))
        if getattr(self, "_vocabulary_key", None) != key:
            self._vocabulary_key, self._topic_vocabulary = key, self._make_vocabulary()
            self._listed_texts = fold_texts(
                text for t in self.teasers.values() for text in (t.title, t.summary)
            )
        return self._topic_vocabulary

    def listed_texts(self) -> frozenset[str]:
        """Every case study's title and summary as the listing shows them (folded)."""
        self.topic_vocabulary()
        return self._listed_texts

    def _make_vocabulary(self) -> TopicVocabulary:
        labels = {t.topic for t in self.teasers.values() if t.topic}
        ids = {o.id: o.name for o in self.options.values() if o.kind == "topic"}
        vocabulary = TopicVocabulary(frozenset(self.vocabulary | labels), ids)
        for teaser in self.teasers.values():
            if teaser.topic and teaser.topic_href:
                vocabulary.learn_target(teaser.topic_href, teaser.topic, self.base_url)
        return vocabulary

    def _send_or_hold(self, page: HeldPage):
        """A case-study page is asked for, or waits: for the template, or for room in the
        window of requests out."""
        self.held.append(page)
        yield from self._feed()

    def _feed(self):
        """Requests for held pages, while the template is known and the window has room."""
        while self.held and not self.learning and not self._window_full():
            self.in_flight += 1
            yield self.detail_request(self.held.popleft())

    def _window_full(self) -> bool:
        return bool(self.feed_window) and self.in_flight >= self.feed_window

    def _fed_after_answer(self):
        """A case-study page answered (or failed): room for another."""
        self.in_flight = max(self.in_flight - 1, 0)
        yield from self._feed()

    def _sample_when_idle(self):
        """Nothing else to fetch: send the sample (or, too few pages, everything), or more
        held pages (nothing is out, whatever was counted)."""
        engine = self.crawler.engine
        if not self.learning and self.held:
            self.in_flight = 0
            for request in self._feed():
                engine.crawl(request)
            raise DontCloseSpider
        if not self.learning or not self.held or self.sample_pending is not None:
            return
        if len(self.held) < MIN_SAMPLE:
            self.learning = False
            self.ledger.template_source = "none: too few pages to learn from"
            self.teaser_parts.forget_all()
            for request in self._feed():
                engine.crawl(request)
            raise DontCloseSpider
        chosen = spread(
            self.held,
            self.sample_size,
            key=lambda page: self.positions.get(page.slug, 0),
            name=lambda page: page.slug,
        )
        self.sample_pending = {page.slug for page in chosen}
        self.held = deque(page for page in self.held if page.slug not in self.sample_pending)
        self._sample_sent_at = time.perf_counter()
        for page in chosen:
            self.in_flight += 1
            engine.crawl(self.detail_request(page, priority=SAMPLE_PRIORITY, meta={"sample": True}))
        raise DontCloseSpider

    def _sampled(self, slug: str, sample: Sample | None, item_args: dict | None):
        """A sample page answered (`sample` None: it failed): once all have, learn the
        template, read the sample pages with it and send the held requests."""
        if sample is not None:
            self.samples.append((sample, item_args))
        self.sample_pending.discard(slug)
        if self.sample_pending:
            return
        timings = self.ledger.extraction_timings
        started = time.perf_counter()
        timings["sample_wait_s"] += started - self._sample_sent_at
        pages = [s for s, _ in self.samples]
        vocabulary = self.topic_vocabulary()
        self.template = learn_site_template(pages, vocabulary) if pages else None
        self.learning = False
        if self.template is not None:  # what the listing says, its teasers' parts told apart
            for slug, teaser in self.teasers.items():
                read = self.template.read_teaser(
                    self.teaser_parts.taken(teaser), vocabulary, self.base_url
                )
                self.teasers[slug] = dataclasses.replace(read, parts=())  # read: parts not needed
        self.teaser_parts.forget_all()  # read, or (no template) never to be
        timings["learning_s"] += time.perf_counter() - started
        if self.template is not None:
            self.ledger.template = self.template.to_json()
            unplaced = ", ".join(self.template.unplaced) or "none"
            self.logger.info(
                "Template learned from %d sample pages; fields not placed: %s", len(pages), unplaced
            )
        for sample, args in self.samples:
            yield self._case_study_item(sample.page, sample.teaser, spot_check=True, **args)
        self.samples = []
        yield from self._feed()

    def _spot_check(self, slug: str) -> bool:
        """The first few pages a run reads (a refresh may read few), then a share chosen by
        slug, rotating from run to run."""
        self.read_pages += 1
        if self.read_pages <= FIRST_SPOT_CHECKS:
            return True
        return spot_checked(slug, self.spot_check_every, self.spot_offset)


def spread(items: list, size: int, key, name) -> list:
    """`size` of `items` (all when fewer), one from each of `size` equal stretches of the
    order `key` gives: the one whose `name` hashes lowest. Evenly spaced picks would alias
    with a template that alternates with a period (every tenth page, say) and could miss a
    variant a quarter of the pages show; the hash is stable, so a reparse picks the same."""
    ordered = sorted(items, key=key)
    if len(ordered) <= size:
        return ordered
    step = len(ordered) / size
    return [
        min(ordered[int(i * step) : int((i + 1) * step)], key=lambda item: _stable_hash(name(item)))
        for i in range(size)
    ]


def _stable_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def spot_checked(slug: str, every: int, offset: int = 0) -> bool:
    """Whether a page is one of the one in `every` that get the libraries' second opinions:
    chosen by its slug's hash, not its turn. Pages arrive in the walk's order, so every n-th
    page would be blind to a template that alternates with that period."""
    return (int.from_bytes(_stable_hash(slug), "big") + offset) % every == 0
